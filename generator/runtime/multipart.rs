//! `multipart/form-data` request bodies (RFC 7578): a generated body type
//! adds its fields one call each, and the parts are written with a boundary
//! that occurs in none of them: in memory, or (a file part read from a file
//! or a stream, feature `streams`) as the segments of a body sent as it is
//! read.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::collections::hash_map::RandomState;
use std::fmt::Write as _;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::Value;

use super::super::file_part::{FileContent, FilePart};
use super::upload::BinaryBody;
#[cfg(feature = "streams")]
use super::upload::Segment;

/// A body type whose fields are the parts of a `multipart/form-data` body;
/// generated code implements it with one call per field, in order.
pub(crate) trait MultipartForm {
    /// `form` with this value's fields added.
    fn parts<'a>(&'a self, form: Multipart<'a>) -> Multipart<'a>;
}

/// A field that holds files: a `FilePart`, an optional one, or a list.
pub(crate) trait FileField {
    /// The files, in order.
    fn files(&self) -> &[FilePart];
}

impl FileField for FilePart {
    fn files(&self) -> &[FilePart] {
        std::slice::from_ref(self)
    }
}

impl FileField for Vec<FilePart> {
    fn files(&self) -> &[FilePart] {
        self
    }
}

impl<T: FileField> FileField for Option<T> {
    fn files(&self) -> &[FilePart] {
        self.as_ref().map_or(&[], FileField::files)
    }
}

/// The parts of a `multipart/form-data` body, in order. Files are borrowed
/// until [`Multipart::finish`] writes the body.
#[derive(Default)]
pub(crate) struct Multipart<'a> {
    parts: Vec<Part<'a>>,
    /// Why a field could not be encoded, if one could not.
    error: Option<String>,
}

/// One part: its header lines (each ending in CRLF) and its content.
struct Part<'a> {
    headers: String,
    content: Cow<'a, FileContent>,
}

impl<'a> Multipart<'a> {
    /// The parts of a field's value: none for `None` (or null), one per item
    /// of a list (all named `name`), and otherwise one: a string as it is,
    /// a number or boolean as its JSON text (neither with a `Content-Type`,
    /// so `text/plain`), an object or a nested list as JSON text
    /// (`application/json`).
    pub(crate) fn value<T: serde::Serialize + ?Sized>(self, name: &str, value: &T) -> Self {
        self.values(name, value, None)
    }

    /// The parts of a field's value as [`Multipart::value`] writes them,
    /// each with the `Content-Type` `media_type` (what the API description's
    /// `encoding` gives the field). The content is written the same way: a
    /// string as it is, anything else as its JSON text.
    pub(crate) fn value_as<T: serde::Serialize + ?Sized>(
        self,
        name: &str,
        value: &T,
        media_type: &str,
    ) -> Self {
        self.values(name, value, Some(media_type))
    }

    /// The parts of properties beyond the named ones (`additionalProperties`),
    /// each named by its key, as [`Multipart::value`] writes them.
    pub(crate) fn entries<T: serde::Serialize>(self, entries: &BTreeMap<String, T>) -> Self {
        entries
            .iter()
            .fold(self, |form, (name, value)| form.value(name, value))
    }

    /// One part per file of a file field (none for `None`), with the file's
    /// `filename` if it has one and its `Content-Type`
    /// (`application/octet-stream` unless it says otherwise).
    pub(crate) fn file(self, name: &str, field: &'a impl FileField) -> Self {
        self.file_as(name, field, "application/octet-stream")
    }

    /// The parts of a file field as [`Multipart::file`] writes them, but with
    /// the `Content-Type` `media_type` (what the API description's `encoding`
    /// gives the field) for files that name none.
    pub(crate) fn file_as(
        mut self,
        name: &str,
        field: &'a impl FileField,
        media_type: &str,
    ) -> Self {
        for file in field.files() {
            let mut headers = disposition(name);
            if let Some(file_name) = &file.file_name {
                headers.push_str("; filename=\"");
                escape(file_name, &mut headers);
                headers.push('"');
            }
            headers.push_str("\r\n");
            let content_type = file.content_type.as_deref().unwrap_or(media_type);
            content_type_line(content_type, &mut headers);
            self.parts.push(Part {
                headers,
                content: Cow::Borrowed(file.content()),
            });
        }
        self
    }

    /// The parts of a value, each with the `Content-Type` `media_type` if
    /// given (else JSON text has `application/json`, other text none).
    fn values<T: serde::Serialize + ?Sized>(
        mut self,
        name: &str,
        value: &T,
        media_type: Option<&str>,
    ) -> Self {
        match serde_json::to_value(value) {
            Ok(Value::Array(items)) => {
                for item in &items {
                    self.push_value(name, item, media_type);
                }
            }
            Ok(value) => self.push_value(name, &value, media_type),
            Err(error) => {
                self.error.get_or_insert_with(|| {
                    format!("the field `{name}` cannot be encoded: {error}")
                });
            }
        }
        self
    }

    fn push_value(&mut self, name: &str, value: &Value, media_type: Option<&str>) {
        let (content, json) = match value {
            Value::Null => return,
            Value::String(text) => (text.clone(), false),
            Value::Array(_) | Value::Object(_) => (value.to_string(), true),
            Value::Bool(_) | Value::Number(_) => (value.to_string(), false),
        };
        let mut headers = disposition(name);
        headers.push_str("\r\n");
        if let Some(content_type) = media_type.or(json.then_some("application/json")) {
            content_type_line(content_type, &mut headers);
        }
        self.parts.push(Part {
            headers,
            content: Cow::Owned(FileContent::Bytes(content.into_bytes())),
        });
    }

    /// The content type (which names the boundary) and the body: each part
    /// after a boundary line, then the closing one, lines ending in CRLF.
    /// The body is in memory unless a file part is read from a file or a
    /// stream: then it is the runs of bytes between those, and those.
    pub(crate) fn finish(self) -> Result<(String, BinaryBody), String> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let boundary = boundary(&self.parts);
        let delimiter = format!("--{boundary}\r\n");
        let size: usize = self
            .parts
            .iter()
            .map(|part| delimiter.len() + part.headers.len() + in_memory(&part.content).len() + 4)
            .sum();
        let mut body = Vec::with_capacity(size + boundary.len() + 6);
        #[cfg(feature = "streams")]
        let mut segments = Vec::new();
        for part in &self.parts {
            body.extend_from_slice(delimiter.as_bytes());
            body.extend_from_slice(part.headers.as_bytes());
            body.extend_from_slice(b"\r\n");
            match &*part.content {
                FileContent::Bytes(bytes) => body.extend_from_slice(bytes),
                #[cfg(feature = "streams")]
                FileContent::File(path) => {
                    segments.push(Segment::Bytes(std::mem::take(&mut body).into()));
                    segments.push(Segment::File(path.clone()));
                }
                #[cfg(feature = "streams")]
                FileContent::Stream(stream) => {
                    segments.push(Segment::Bytes(std::mem::take(&mut body).into()));
                    segments.push(Segment::Stream(stream.clone()));
                }
            }
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let content_type = format!("multipart/form-data; boundary={boundary}");
        #[cfg(feature = "streams")]
        if !segments.is_empty() {
            segments.push(Segment::Bytes(body.into()));
            return Ok((content_type, BinaryBody::segments(segments)));
        }
        Ok((content_type, BinaryBody::from(body)))
    }
}

/// The content of a part that is held in memory; nothing for a file or a
/// stream, which are read as they are sent.
fn in_memory(content: &FileContent) -> &[u8] {
    match content {
        FileContent::Bytes(bytes) => bytes,
        #[cfg(feature = "streams")]
        FileContent::File(_) | FileContent::Stream(_) => &[],
    }
}

/// `Content-Disposition: form-data; name="..."`, without a line end.
fn disposition(name: &str) -> String {
    let mut header = String::from("Content-Disposition: form-data; name=\"");
    escape(name, &mut header);
    header.push('"');
    header
}

/// A `Content-Type` header line; CR and LF percent-encoded, so that a media
/// type cannot end the line.
fn content_type_line(content_type: &str, out: &mut String) {
    out.push_str("Content-Type: ");
    percent_encode(content_type, &['\r', '\n'], out);
    out.push_str("\r\n");
}

/// A name or file name inside quotes: `"`, CR and LF percent-encoded, as
/// browsers send them (WHATWG HTML, multipart/form-data encoding).
fn escape(text: &str, out: &mut String) {
    percent_encode(text, &['"', '\r', '\n'], out);
}

/// `text` with each of `special` (ASCII) written as `%XX`.
fn percent_encode(text: &str, special: &[char], out: &mut String) {
    for c in text.chars() {
        if special.contains(&c) {
            let _ = write!(out, "%{:02X}", u32::from(c));
        } else {
            out.push(c);
        }
    }
}

/// A boundary that occurs in no part: 128 bits from the process's random
/// hash keys, a counter and the clock, drawn again in the unlikely case
/// that a part in memory contains it. The content of a file or a stream is
/// not read beforehand, so it is not searched: 128 random bits make a clash
/// as unlikely as guessing them.
fn boundary(parts: &[Part<'_>]) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    loop {
        let count = COUNTER.fetch_add(1, Ordering::Relaxed);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_nanos());
        let random = RandomState::new();
        let candidate = format!(
            "----FormBoundary{:016x}{:016x}",
            random.hash_one((count, nanos, 1_u8)),
            random.hash_one((count, nanos, 2_u8))
        );
        let needle = candidate.as_bytes();
        let clashes = parts.iter().any(|part| {
            contains(part.headers.as_bytes(), needle) || contains(in_memory(&part.content), needle)
        });
        if !clashes {
            return candidate;
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}
