//! The API listing made by the threads that formatted the crate. Syntax
//! trees cannot cross threads, so each formatting thread keeps the outline
//! of what it formatted ([`Piece`]s) and takes part in three steps: it
//! reports what its pieces name; the leader (the calling thread) joins the
//! crate's names and sends them back; each thread lists its own pieces.

use std::sync::{Arc, Mutex, PoisonError, mpsc};

use syn::Item;

use super::listing::{Lines, crate_lines, held_lines};
use super::modules::{CrateNames, PieceId, PieceNames};

/// A run of one file's items, stripped to what the listing reads
/// (`api::outline`), kept by the thread that formatted it.
pub struct Piece {
    /// Which file, and where in it.
    pub id: PieceId,
    /// The items.
    pub items: Vec<Item>,
}

/// The items of the pieces one thread holds, by module of each piece.
pub type Held = Vec<(PieceId, Vec<Vec<Item>>)>;

/// What one thread's pieces name.
type Named = Vec<(PieceId, PieceNames)>;

enum Report {
    /// What a helper's pieces name, and where to send the crate's names.
    Named {
        pieces: Named,
        reply: mpsc::Sender<Arc<CrateNames>>,
    },
    /// A helper's thread panicked before it reported.
    Gone,
}

/// One crate's listing in the making.
pub struct Session<'a> {
    crate_name: &'a str,
    /// Every file of the crate, by index.
    paths: Vec<&'a str>,
    /// The files given as text (by index), not formatted in pieces: the
    /// runtime's outlines, each parsed by whichever thread takes it
    /// ([`Session::text_piece`]).
    texts: Vec<(usize, &'a str)>,
    /// Why files given as text did not parse.
    unreadable: Mutex<Vec<String>>,
    reports: Mutex<Option<mpsc::Sender<Report>>>,
    inbox: Mutex<Option<mpsc::Receiver<Report>>>,
}

/// A formatting thread's part in a [`Session`]: made before the thread
/// starts, so that a thread that panics is known to be gone.
pub struct Helper {
    reports: Option<mpsc::Sender<Report>>,
}

const THREAD_FAILED: &str = "a listing thread failed";

impl<'a> Session<'a> {
    /// The listing of the crate whose files are at `paths` (by index; the
    /// root is `lib.rs`), its paths starting with `crate_name`; the files in
    /// `texts` are given as text, the others come as pieces.
    pub fn new(crate_name: &'a str, paths: Vec<&'a str>, texts: Vec<(usize, &'a str)>) -> Self {
        let (reports, inbox) = mpsc::channel();
        Self {
            crate_name,
            paths,
            texts,
            unreadable: Mutex::new(Vec::new()),
            reports: Mutex::new(Some(reports)),
            inbox: Mutex::new(Some(inbox)),
        }
    }

    /// The part of a thread about to start.
    pub fn helper(&self) -> Helper {
        let reports = locked(&self.reports).clone();
        Helper { reports }
    }

    /// How many files are given as text.
    pub fn text_count(&self) -> usize {
        self.texts.len()
    }

    /// The file given as text `at` (of [`Session::text_count`]), parsed
    /// into a piece on the thread that will list it (none when it does not
    /// parse: the leader reports it).
    pub fn text_piece(&self, at: usize) -> Option<Piece> {
        let &(file, text) = self.texts.get(at)?;
        match syn::parse_file(text) {
            Ok(parsed) => Some(Piece {
                id: PieceId { file, order: 0 },
                items: parsed.items,
            }),
            Err(e) => {
                let path = self.paths.get(file).copied().unwrap_or("?");
                locked(&self.unreadable).push(format!("`{path}` does not parse: {e}"));
                None
            }
        }
    }

    /// On the calling thread, once its share of the formatting is done:
    /// reads what its own pieces name, waits for every helper's report,
    /// joins the crate's names and sends them to the helpers; then lists
    /// its own pieces and the crate's modules and re-exports. `pieces` is
    /// how many pieces were made in all (formatted, and given as text).
    ///
    /// # Errors
    ///
    /// When a file given as text does not parse, a helper is gone, or a
    /// module's file is missing.
    pub fn lead(&self, own: Vec<Piece>, pieces: usize) -> Result<Lines, String> {
        // only the helpers' senders are left: the inbox ends when the last
        // helper has reported (or was dropped without starting)
        drop(self.take(&self.reports));
        let (mut named, mut held) = read(own);
        let mut replies = Vec::new();
        let mut gone = false;
        for report in self.take(&self.inbox).into_iter().flatten() {
            match report {
                Report::Named { pieces, reply } => {
                    named.extend(pieces);
                    replies.push(reply);
                }
                Report::Gone => gone = true,
            }
        }
        held.sort_by_key(|(piece, _)| *piece);
        let unreadable = self.take_unreadable();
        if !unreadable.is_empty() {
            return Err(unreadable.join("; "));
        }
        if gone || named.len() != pieces {
            return Err(THREAD_FAILED.to_owned());
        }
        let names = Arc::new(CrateNames::assemble(self.crate_name, &self.paths, named)?);
        for reply in replies {
            let _ = reply.send(Arc::clone(&names));
        }
        let mut lines = held_lines(&names, &held);
        crate_lines(&names, &mut lines);
        Ok(lines.sorted())
    }

    fn take_unreadable(&self) -> Vec<String> {
        std::mem::take(&mut *locked(&self.unreadable))
    }

    fn take<T>(&self, slot: &Mutex<Option<T>>) -> Option<T> {
        locked(slot).take()
    }
}

impl Helper {
    /// On the helper's thread, once the formatting is done: reports what its
    /// pieces name, waits for the crate's names and lists its pieces (no
    /// lines when the leader failed).
    pub fn help(mut self, pieces: Vec<Piece>) -> Lines {
        let (named, held) = read(pieces);
        let (reply, names) = mpsc::channel();
        if let Some(reports) = self.reports.take() {
            let _ = reports.send(Report::Named {
                pieces: named,
                reply,
            });
        }
        names
            .recv()
            .map(|names| held_lines(&names, &held).sorted())
            .unwrap_or_default()
    }
}

impl Drop for Helper {
    fn drop(&mut self) {
        if std::thread::panicking() {
            if let Some(reports) = self.reports.take() {
                let _ = reports.send(Report::Gone);
            }
        }
    }
}

/// The value behind `mutex`, also after a thread panicked holding it
/// (what it guards stays whole: each holder only takes or pushes).
fn locked<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// What each piece names, and its items, kept in the order of the pieces.
fn read(mut pieces: Vec<Piece>) -> (Named, Held) {
    pieces.sort_by_key(|piece| piece.id);
    pieces
        .into_iter()
        .map(|piece| {
            let (names, items) = PieceNames::read(piece.items);
            ((piece.id, names), (piece.id, items))
        })
        .unzip()
}

/// The listing of the crate whose files (path, text; `lib.rs` the root)
/// are given, its paths starting with `crate_name`: sorted lines, each
/// ending in a newline. Read on this thread alone.
///
/// # Errors
///
/// When a file does not parse, or a module's file is missing.
#[cfg(test)]
pub fn listing(crate_name: &str, files: &[(String, String)]) -> Result<String, String> {
    let paths = files.iter().map(|(path, _)| path.as_str()).collect();
    let texts = files
        .iter()
        .enumerate()
        .map(|(file, (_, text))| (file, text.as_str()))
        .collect();
    let session = Session::new(crate_name, paths, texts);
    let pieces: Vec<Piece> = (0..session.text_count())
        .filter_map(|at| session.text_piece(at))
        .collect();
    Ok(session.lead(pieces, files.len())?.finish())
}
