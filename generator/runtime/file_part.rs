//! `FilePart`: a file sent as one part of a `multipart/form-data` request
//! body. Copied beside the models rather than into `runtime/`, because the
//! models use it with or without the `client` feature.

use std::fmt;

/// A file in a `multipart/form-data` request body: its bytes, and the file
/// name and media type sent with them. Made with [`FilePart::new`], then
/// [`FilePart::file_name`] and [`FilePart::content_type`].
///
/// A body struct with a `FilePart` field is a model like any other, with the
/// same derives. Serde does not send it (the request writes each part
/// itself); where a schema with a file is also used as JSON, a `FilePart` is
/// what `format: binary` is there: a string, written from UTF-8 bytes (other
/// bytes are an error) and read into bytes with no name or media type.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FilePart {
    /// The file's content.
    pub bytes: Vec<u8>,
    /// The part's `filename`. Without one the part has no `filename`
    /// parameter, and some servers then take it for a text field.
    pub file_name: Option<String>,
    /// The part's `Content-Type`. When `None`, the media type the API
    /// description gives the property (its `encoding` `contentType` or its
    /// schema's `contentMediaType`, said in the field's docs), else
    /// `application/octet-stream`.
    pub content_type: Option<String>,
}

impl FilePart {
    /// A file of these bytes, with no file name or media type yet.
    #[must_use]
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            bytes: bytes.into(),
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
}

/// The size of the content, not the content itself (files can be large).
impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("bytes", &format_args!("<{} bytes>", self.bytes.len()))
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl serde::Serialize for FilePart {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match std::str::from_utf8(&self.bytes) {
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
