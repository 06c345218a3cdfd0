//! `BinaryBody`: a request body of bytes (`application/octet-stream`,
//! `image/*`, ...), held in memory, or (feature `streams`) read from a file
//! or a stream as it is sent, so that a large upload runs in bounded memory.

use std::fmt;
#[cfg(feature = "streams")]
use std::path::PathBuf;
#[cfg(feature = "streams")]
use std::sync::{Arc, Mutex, PoisonError};

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
    #[cfg(feature = "streams")]
    File(PathBuf),
    /// Taken by the first attempt that sends it.
    #[cfg(feature = "streams")]
    Stream(Arc<Mutex<Option<reqwest::Body>>>),
}

impl BinaryBody {
    /// The content of the file at `path`, read as it is sent (with its
    /// length as `Content-Length`). The file is opened for each attempt; one
    /// that cannot be opened is an `Error::Config` naming the path. Feature
    /// `streams`.
    #[cfg(feature = "streams")]
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Self(Source::File(path.into()))
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
        bytes::Bytes: From<S::Ok>,
    {
        let body = reqwest::Body::wrap_stream(stream);
        Self(Source::Stream(Arc::new(Mutex::new(Some(body)))))
    }

    /// The bytes, when they are held in memory.
    #[must_use]
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match &self.0 {
            Source::Bytes(bytes) => Some(bytes),
            #[cfg(feature = "streams")]
            Source::File(_) | Source::Stream(_) => None,
        }
    }

    /// Whether the body can be sent again by a retry.
    pub(crate) fn is_replayable(&self) -> bool {
        match &self.0 {
            Source::Bytes(_) => true,
            #[cfg(feature = "streams")]
            Source::File(_) => true,
            #[cfg(feature = "streams")]
            Source::Stream(_) => false,
        }
    }

    /// The body of one attempt, and its length when it is known.
    #[allow(clippy::unnecessary_wraps)] // without `streams`, bytes alone, which cannot fail
    pub(crate) fn for_attempt(&self) -> Result<(reqwest::Body, Option<u64>), ConfigError> {
        match &self.0 {
            Source::Bytes(bytes) => Ok((bytes.clone().into(), None)),
            #[cfg(feature = "streams")]
            Source::File(path) => {
                let cannot = |e: std::io::Error| ConfigError {
                    message: format!(
                        "the file `{}` of the request body cannot be read: {e}",
                        path.display()
                    ),
                };
                let file = std::fs::File::open(path).map_err(cannot)?;
                let length = file.metadata().map_err(cannot)?.len();
                Ok((tokio::fs::File::from_std(file).into(), Some(length)))
            }
            #[cfg(feature = "streams")]
            Source::Stream(body) => body
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take()
                .map(|body| (body, None))
                .ok_or_else(|| ConfigError {
                    message: "the request body's stream was sent already: a stream is sent once"
                        .to_owned(),
                }),
        }
    }
}

/// The size of bytes in memory (not the bytes: files can be large), the
/// path of a file, or that it is a stream.
impl fmt::Debug for BinaryBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Source::Bytes(bytes) => write!(f, "BinaryBody(<{} bytes>)", bytes.len()),
            #[cfg(feature = "streams")]
            Source::File(path) => write!(f, "BinaryBody(file {})", path.display()),
            #[cfg(feature = "streams")]
            Source::Stream(_) => f.write_str("BinaryBody(<stream>)"),
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
