//! `FilePart`: a file sent as one part of a `multipart/form-data` request
//! body. Copied beside the models rather than into `runtime/`, because the
//! models use it with or without the `client` feature.

use std::fmt;

/// A file in a `multipart/form-data` request body: its content, and the
/// file name and media type sent with it. Made with [`FilePart::new`] from
/// bytes in memory (or, feature `streams`, with `FilePart::file` from a file
/// read as it is sent, or `FilePart::stream` from a stream), then
/// [`FilePart::file_name`] and [`FilePart::content_type`].
///
/// A body struct with a `FilePart` field is a model like any other, with the
/// same derives (a stream is equal only to itself). Serde does not send it
/// (the request writes each part itself); where a schema with a file is also
/// used as JSON, a `FilePart` is what `format: binary` is there: a string,
/// written from UTF-8 bytes in memory (other bytes, a file and a stream are
/// an error) and read into bytes with no name or media type.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FilePart {
    content: FileContent,
    /// The part's `filename`. Without one the part has no `filename`
    /// parameter, and some servers then take it for a text field.
    pub file_name: Option<String>,
    /// The part's `Content-Type`. When `None`, the media type the API
    /// description gives the property (its `encoding` `contentType` or its
    /// schema's `contentMediaType`, said in the field's docs), else
    /// `application/octet-stream`.
    pub content_type: Option<String>,
}

/// Where a file part's content comes from.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum FileContent {
    Bytes(Vec<u8>),
    /// Opened for each attempt, read as it is sent.
    #[cfg(feature = "streams")]
    File(std::path::PathBuf),
    /// Sent as it comes, once.
    #[cfg(feature = "streams")]
    Stream(super::runtime::OnceStream),
}

impl Default for FileContent {
    fn default() -> Self {
        Self::Bytes(Vec::new())
    }
}

impl FilePart {
    /// A file of these bytes, with no file name or media type yet.
    #[must_use]
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Self::of(FileContent::Bytes(bytes.into()))
    }

    /// The file at `path`, read as the request is sent (opened again for a
    /// retry; one that cannot be opened is an `Error::Config` naming the
    /// path), so that a large file is sent in bounded memory. Its file name
    /// is the path's last component (change it with
    /// [`FilePart::file_name`]); its media type is not guessed. Feature
    /// `streams`.
    #[cfg(feature = "streams")]
    #[must_use]
    pub fn file(path: impl Into<std::path::PathBuf>) -> Self {
        let path = path.into();
        let file_name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned());
        Self {
            file_name,
            ..Self::of(FileContent::File(path))
        }
    }

    /// The chunks of `stream`, sent as they come: the request's body then
    /// has no length (chunked transfer encoding), is sent once and is never
    /// retried. An error from the stream ends the request with
    /// `Error::Transport`. Feature `streams`.
    #[cfg(feature = "streams")]
    #[must_use]
    pub fn stream<S>(stream: S) -> Self
    where
        S: futures_core::TryStream + Send + 'static,
        S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
        bytes::Bytes: From<S::Ok>,
    {
        Self::of(FileContent::Stream(super::runtime::OnceStream::new(stream)))
    }

    fn of(content: FileContent) -> Self {
        Self {
            content,
            file_name: None,
            content_type: None,
        }
    }

    /// The file name sent as the part's `filename` (`"`, CR and LF are sent
    /// percent-encoded, as browsers do).
    #[must_use]
    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// The media type sent as the part's `Content-Type`, e.g. `image/png`.
    #[must_use]
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The content, when it is held in memory (not read from a file or a
    /// stream).
    #[must_use]
    #[allow(clippy::unnecessary_wraps)] // without `streams`, always in memory
    pub fn bytes(&self) -> Option<&[u8]> {
        match &self.content {
            FileContent::Bytes(bytes) => Some(bytes),
            #[cfg(feature = "streams")]
            FileContent::File(_) | FileContent::Stream(_) => None,
        }
    }

    /// Where the content comes from.
    #[allow(dead_code)] // read by the multipart writer, which only a client has
    pub(crate) fn content(&self) -> &FileContent {
        &self.content
    }
}

/// The size of the content, not the content itself (files can be large), or
/// the path it is read from, or that it is a stream.
impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("FilePart");
        match &self.content {
            FileContent::Bytes(bytes) => {
                debug.field("bytes", &format_args!("<{} bytes>", bytes.len()))
            }
            #[cfg(feature = "streams")]
            FileContent::File(path) => debug.field("file", path),
            #[cfg(feature = "streams")]
            FileContent::Stream(stream) => debug.field("stream", stream),
        };
        debug
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl serde::Serialize for FilePart {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Some(bytes) = self.bytes() else {
            return Err(serde::ser::Error::custom(
                "a file read from a file or a stream as it is sent cannot be written as a string",
            ));
        };
        match std::str::from_utf8(bytes) {
            Ok(text) => serializer.serialize_str(text),
            Err(_) => Err(serde::ser::Error::custom(
                "a file of bytes that are not UTF-8 cannot be written as a string",
            )),
        }
    }
}

impl<'de> serde::Deserialize<'de> for FilePart {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        <String as serde::Deserialize>::deserialize(deserializer).map(Self::new)
    }
}
