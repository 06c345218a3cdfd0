//! `BinaryBody`: a request body of bytes (`application/octet-stream`,
//! `image/*`, a `multipart/form-data` form, ...), held in memory, or
//! (feature `streams`) read from files and streams as it is sent, so that a
//! large upload runs in bounded memory.

use std::fmt;
#[cfg(feature = "streams")]
use std::path::PathBuf;
#[cfg(feature = "streams")]
use std::pin::Pin;
#[cfg(feature = "streams")]
use std::sync::{Arc, Mutex, PoisonError};

#[cfg(feature = "streams")]
use bytes::Bytes;
#[cfg(feature = "streams")]
use futures_util::{StreamExt as _, TryStreamExt as _};

use super::error::ConfigError;

/// A request body of bytes: anything that converts into `Vec<u8>`
/// (`Vec<u8>`, `&[u8]`, `String`, `&str`, ...), or with the `streams`
/// feature `BinaryBody::file` and `BinaryBody::stream`.
///
/// Retries: bytes in memory and a file (opened again for each attempt) can
/// be sent again; a stream can be sent only once, so a request with a
/// stream body is never retried, whatever its method.
#[derive(Clone)]
pub struct BinaryBody(Source);

#[derive(Clone)]
enum Source {
    Bytes(Vec<u8>),
    /// Sent one after the other: bytes, files and streams (a file or a
    /// stream alone, or a form with a file part read as it is sent).
    #[cfg(feature = "streams")]
    Segments(Arc<[Segment]>),
}

/// One run of a body sent from several sources.
#[cfg(feature = "streams")]
#[derive(Clone)]
pub(crate) enum Segment {
    Bytes(Bytes),
    /// Opened for each attempt.
    File(PathBuf),
    Stream(OnceStream),
}

/// The chunks of a body, as reqwest sends them.
#[cfg(feature = "streams")]
type Chunks = Pin<Box<dyn futures_core::Stream<Item = Result<Bytes, BoxError>> + Send>>;

#[cfg(feature = "streams")]
type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A stream of chunks that the first attempt to send it takes. Copies share
/// it, and are equal (and ordered, and hashed) by that identity alone, so
/// that a model holding one keeps its derives.
#[cfg(feature = "streams")]
#[derive(Clone)]
pub(crate) struct OnceStream(Arc<Mutex<Option<Chunks>>>);

impl BinaryBody {
    /// The content of the file at `path`, read as it is sent (with its
    /// length as `Content-Length`). The file is opened for each attempt; one
    /// that cannot be opened is an `Error::Config` naming the path. Feature
    /// `streams`.
    #[cfg(feature = "streams")]
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Self::segments(vec![Segment::File(path.into())])
    }

    /// The chunks of `stream`, sent as they come (chunked transfer
    /// encoding). A stream is sent once: the request is not retried, and a
    /// copy of the request builder sent again fails with `Error::Config`.
    /// An error from the stream ends the request with `Error::Transport`.
    /// Feature `streams`.
    #[cfg(feature = "streams")]
    pub fn stream<S>(stream: S) -> Self
    where
        S: futures_core::TryStream + Send + 'static,
        S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
        Bytes: From<S::Ok>,
    {
        Self::segments(vec![Segment::Stream(OnceStream::new(stream))])
    }

    /// A body sent as these segments, one after the other.
    #[cfg(feature = "streams")]
    pub(crate) fn segments(segments: Vec<Segment>) -> Self {
        Self(Source::Segments(segments.into()))
    }

    /// The bytes, when they are held in memory.
    #[must_use]
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match &self.0 {
            Source::Bytes(bytes) => Some(bytes),
            #[cfg(feature = "streams")]
            Source::Segments(_) => None,
        }
    }

    /// The bytes when they are held in memory, else the body.
    #[allow(clippy::unnecessary_wraps)] // without `streams`, always bytes
    pub(crate) fn into_bytes(self) -> Result<Vec<u8>, Self> {
        match self.0 {
            Source::Bytes(bytes) => Ok(bytes),
            #[cfg(feature = "streams")]
            source @ Source::Segments(_) => Err(Self(source)),
        }
    }

    /// Whether the body can be sent again by a retry.
    pub(crate) fn is_replayable(&self) -> bool {
        match &self.0 {
            Source::Bytes(_) => true,
            #[cfg(feature = "streams")]
            Source::Segments(segments) => segments
                .iter()
                .all(|segment| !matches!(segment, Segment::Stream(_))),
        }
    }

    /// The body of one attempt, and its length when it is known (every
    /// segment but a stream's).
    #[allow(clippy::unnecessary_wraps)] // without `streams`, bytes alone, which cannot fail
    pub(crate) fn for_attempt(&self) -> Result<(reqwest::Body, Option<u64>), ConfigError> {
        match &self.0 {
            Source::Bytes(bytes) => Ok((bytes.clone().into(), None)),
            #[cfg(feature = "streams")]
            Source::Segments(segments) => {
                let mut length = Some(0_u64);
                let mut chunks = Vec::with_capacity(segments.len());
                for segment in segments.iter() {
                    let (segment_chunks, segment_length) = segment.for_attempt()?;
                    length = length.zip(segment_length).map(|(sum, more)| sum + more);
                    chunks.push(segment_chunks);
                }
                let body = reqwest::Body::wrap_stream(futures_util::stream::iter(chunks).flatten());
                Ok((body, length))
            }
        }
    }
}

#[cfg(feature = "streams")]
impl Segment {
    /// The chunks of one attempt, and their length when it is known.
    fn for_attempt(&self) -> Result<(Chunks, Option<u64>), ConfigError> {
        match self {
            Self::Bytes(bytes) => {
                let length = bytes.len() as u64;
                let once = futures_util::stream::once(std::future::ready(Ok(bytes.clone())));
                Ok((Box::pin(once), Some(length)))
            }
            Self::File(path) => {
                let cannot = |e: std::io::Error| ConfigError {
                    message: format!(
                        "the file `{}` of the request body cannot be read: {e}",
                        path.display()
                    ),
                };
                let file = std::fs::File::open(path).map_err(cannot)?;
                let length = file.metadata().map_err(cannot)?.len();
                let chunks = file_chunks(tokio::fs::File::from_std(file));
                Ok((Box::pin(chunks), Some(length)))
            }
            Self::Stream(stream) => Ok((stream.take()?, None)),
        }
    }
}

/// The bytes a read of a file gives at most, and so a chunk's size bound.
#[cfg(feature = "streams")]
const FILE_CHUNK: usize = 64 * 1024;

/// The content of `file`, one read at a time: memory bounded by a chunk.
/// A read that fails ends the stream with that error.
#[cfg(feature = "streams")]
fn file_chunks(
    file: tokio::fs::File,
) -> impl futures_core::Stream<Item = Result<Bytes, BoxError>> + Send {
    futures_util::stream::try_unfold(file, |mut file| async move {
        let mut buffer = vec![0; FILE_CHUNK];
        let read = read_into(&mut file, &mut buffer).await?;
        if read == 0 {
            return Ok(None);
        }
        buffer.truncate(read);
        Ok(Some((Bytes::from(buffer), file)))
    })
}

/// One read of `file` into `buffer`: how many bytes it gave (0 at the end).
#[cfg(feature = "streams")]
async fn read_into(file: &mut tokio::fs::File, buffer: &mut [u8]) -> std::io::Result<usize> {
    use tokio::io::AsyncRead as _;
    let mut read = tokio::io::ReadBuf::new(buffer);
    std::future::poll_fn(|cx| Pin::new(&mut *file).poll_read(cx, &mut read)).await?;
    Ok(read.filled().len())
}

#[cfg(feature = "streams")]
impl OnceStream {
    /// The chunks of `stream`, to be sent once.
    pub(crate) fn new<S>(stream: S) -> Self
    where
        S: futures_core::TryStream + Send + 'static,
        S::Error: Into<BoxError>,
        Bytes: From<S::Ok>,
    {
        let chunks = stream.map_ok(Bytes::from).map_err(Into::into).into_stream();
        Self(Arc::new(Mutex::new(Some(Box::pin(chunks)))))
    }

    /// The chunks, unless an attempt took them already.
    fn take(&self) -> Result<Chunks, ConfigError> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
            .ok_or_else(|| ConfigError {
                message: "the request body's stream was sent already: a stream is sent once"
                    .to_owned(),
            })
    }

    /// Where the shared stream lives: its identity.
    fn address(&self) -> usize {
        Arc::as_ptr(&self.0).addr()
    }
}

#[cfg(feature = "streams")]
impl PartialEq for OnceStream {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

#[cfg(feature = "streams")]
impl Eq for OnceStream {}

#[cfg(feature = "streams")]
impl PartialOrd for OnceStream {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(feature = "streams")]
impl Ord for OnceStream {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.address().cmp(&other.address())
    }
}

#[cfg(feature = "streams")]
impl std::hash::Hash for OnceStream {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.address().hash(state);
    }
}

#[cfg(feature = "streams")]
impl fmt::Debug for OnceStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<stream>")
    }
}

/// The size of bytes in memory (not the bytes: files can be large), the
/// path of a file, or that it is a stream.
#[cfg(feature = "streams")]
impl fmt::Debug for Segment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Bytes(bytes) => write!(f, "<{} bytes>", bytes.len()),
            Self::File(path) => write!(f, "file {}", path.display()),
            Self::Stream(stream) => stream.fmt(f),
        }
    }
}

/// The size of bytes in memory (not the bytes: files can be large), the
/// path of a file, that it is a stream, or a list of those.
impl fmt::Debug for BinaryBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Source::Bytes(bytes) => write!(f, "BinaryBody(<{} bytes>)", bytes.len()),
            #[cfg(feature = "streams")]
            Source::Segments(segments) => match &segments[..] {
                [one] => write!(f, "BinaryBody({one:?})"),
                all => write!(f, "BinaryBody({all:?})"),
            },
        }
    }
}

impl From<Vec<u8>> for BinaryBody {
    fn from(bytes: Vec<u8>) -> Self {
        Self(Source::Bytes(bytes))
    }
}

impl From<&[u8]> for BinaryBody {
    fn from(bytes: &[u8]) -> Self {
        Self::from(bytes.to_vec())
    }
}

impl<const N: usize> From<&[u8; N]> for BinaryBody {
    fn from(bytes: &[u8; N]) -> Self {
        Self::from(bytes.to_vec())
    }
}

impl<const N: usize> From<[u8; N]> for BinaryBody {
    fn from(bytes: [u8; N]) -> Self {
        Self::from(bytes.to_vec())
    }
}

impl From<String> for BinaryBody {
    fn from(text: String) -> Self {
        Self::from(text.into_bytes())
    }
}

impl From<&str> for BinaryBody {
    fn from(text: &str) -> Self {
        Self::from(text.as_bytes())
    }
}
