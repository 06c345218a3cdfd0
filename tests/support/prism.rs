//! Stoplight Prism as one child process for the conformance tests: installed
//! on first use from the pinned `tools/prism/package-lock.json` (through
//! `scripts/install-prism.sh`, which is safe to run from several test
//! binaries at once), started as `prism proxy` on a port the OS picks, and
//! killed when dropped. Never skipped: a Prism that cannot be installed or
//! started is a failure that says why and what fixes it.

use std::io::{BufRead, BufReader, Read};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde_json::Value;

/// The Prism launcher, relative to the workspace root.
const PRISM_BIN: &str = "tools/prism/node_modules/.bin/prism";
/// The installer, relative to the workspace root.
const INSTALLER: &str = "scripts/install-prism.sh";
/// What fixes a Prism that is missing, broken or not the pinned version.
const INSTALL_HINT: &str = "run `scripts/install-prism.sh` (needs Node.js >= 18.20.1 and npm on \
     PATH, and the npm registry; installs the pinned @stoplight/prism-cli from \
     tools/prism/package-lock.json)";
/// How long Prism may take to start listening.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(60);
/// How much of Prism's log a failure message quotes.
const LOG_TAIL: usize = 6000;

/// The workspace root (the bindings crate's manifest folder).
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Installs the pinned Prism unless it is there already (the installer
/// checks a stamp of the lock file, so this is quick when up to date), then
/// checks that the pinned version is what runs. Panics with the installer's
/// output and [`INSTALL_HINT`] when that fails.
pub fn ensure_installed() {
    let installer = root().join(INSTALLER);
    let output = Command::new("bash")
        .arg(&installer)
        .current_dir(root())
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {} with bash: {e}; {INSTALL_HINT}",
                installer.display()
            )
        });
    if !output.status.success() {
        panic!(
            "Prism could not be installed ({INSTALLER} exited with {}); {INSTALL_HINT}.\n\
             Its output:\n{}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    check_installed();
}

/// Fails with [`INSTALL_HINT`] unless the pinned Prism version is installed.
fn check_installed() {
    let bin = root().join(PRISM_BIN);
    assert!(
        bin.is_file(),
        "Prism is not installed: {} is missing; {INSTALL_HINT}",
        bin.display()
    );
    let pinned =
        read_json(&root().join("tools/prism/package.json"))["dependencies"]["@stoplight/prism-cli"]
            .clone();
    let found = read_json(
        &root().join("tools/prism/node_modules/@stoplight/prism-cli/package.json"),
    )["version"]
        .clone();
    assert!(
        pinned.is_string() && pinned == found,
        "tools/prism/package.json pins @stoplight/prism-cli {pinned}, but {found} is \
         installed; {INSTALL_HINT}"
    );
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}; {INSTALL_HINT}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// A running `prism proxy`; killed when dropped (also when a test panics).
pub struct Prism {
    child: Child,
    url: String,
    log: Arc<Mutex<String>>,
}

impl Prism {
    /// Installs Prism if needed, starts it in front of `upstream` with the
    /// document `spec` (relative to the workspace root), and waits until it
    /// accepts connections.
    pub fn start(spec: &str, upstream: &str) -> Prism {
        ensure_installed();
        let bin = root().join(PRISM_BIN);
        // `-p 0`: the OS picks a free port, which Prism announces at `info`
        // level ("Prism is listening on ..."); no port can be raced for. The
        // log stays in memory and is quoted only when something fails.
        let mut child = Command::new(&bin)
            .current_dir(root())
            .args(["proxy", spec, upstream, "--errors"])
            .args(["-h", "127.0.0.1", "-p", "0", "-v", "info"])
            .env("NO_COLOR", "1")
            .env("FORCE_COLOR", "0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}; {INSTALL_HINT}", bin.display()));
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel();
        let stdout = child.stdout.take().expect("piped stdout");
        let stderr = child.stderr.take().expect("piped stderr");
        collect_log(stdout, "", Arc::clone(&log), tx.clone());
        collect_log(stderr, "stderr: ", Arc::clone(&log), tx);
        let mut prism = Prism {
            child,
            url: String::new(),
            log,
        };
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        prism.url = prism.announced_url(&rx, deadline);
        prism.wait_until_accepting(deadline);
        prism
    }

    /// Prism's base URL, e.g. `http://127.0.0.1:40123`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Waits for the address Prism announces in its log.
    fn announced_url(&mut self, rx: &mpsc::Receiver<String>, deadline: Instant) -> String {
        loop {
            match rx.recv_timeout(Duration::from_millis(100)) {
                Ok(url) => return url,
                Err(RecvTimeoutError::Timeout) => {}
                // Both pipes closed: the process is exiting; try_wait says so.
                Err(RecvTimeoutError::Disconnected) => {
                    std::thread::sleep(Duration::from_millis(50))
                }
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "Prism exited ({status}) before listening. If it is not installed correctly, \
                     {INSTALL_HINT}.\nPrism's output:\n{}",
                    self.log_tail()
                );
            }
            assert!(
                Instant::now() < deadline,
                "Prism did not start listening within {STARTUP_TIMEOUT:?}.\nPrism's output:\n{}",
                self.log_tail()
            );
        }
    }

    /// Waits until the announced address accepts TCP connections.
    fn wait_until_accepting(&self, deadline: Instant) {
        let addr: SocketAddr = self
            .url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .parse()
            .unwrap_or_else(|e| panic!("Prism announced {:?}: {e}", self.url));
        while TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_err() {
            assert!(
                Instant::now() < deadline,
                "Prism announced {} but does not accept connections.\nPrism's output:\n{}",
                self.url,
                self.log_tail()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The end of Prism's output so far, for failure messages.
    pub fn log_tail(&self) -> String {
        let log = self.log.lock().unwrap_or_else(PoisonError::into_inner);
        let start = log.len().saturating_sub(LOG_TAIL);
        let start = (start..=log.len())
            .find(|i| log.is_char_boundary(*i))
            .unwrap_or(log.len());
        log[start..].to_owned()
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Copies `pipe` line by line into `log` (from a thread), sending Prism's
/// address on `tx` when it announces it.
fn collect_log(
    pipe: impl Read + Send + 'static,
    prefix: &'static str,
    log: Arc<Mutex<String>>,
    tx: mpsc::Sender<String>,
) {
    const MARKER: &str = "Prism is listening on ";
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines() {
            let Ok(line) = line else { break };
            let line = strip_ansi(&line);
            if let Some(at) = line.find(MARKER) {
                let url = line[at + MARKER.len()..].trim();
                let _ = tx.send(url.to_owned());
            }
            let mut log = log.lock().unwrap_or_else(PoisonError::into_inner);
            log.push_str(prefix);
            log.push_str(&line);
            log.push('\n');
        }
    });
}

/// `text` without ANSI escape sequences (in case Prism colours anyway).
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // CSI: ESC [ parameters... final byte in '@'..='~'.
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}
