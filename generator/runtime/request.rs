//! `Request`: what a generated request builder hands to the client: method,
//! path (parameters percent-encoded as single segments), query, headers and
//! body.

use std::borrow::Cow;
use std::fmt::{self, Write as _};
use std::ops::{Bound, RangeBounds};

pub(crate) use reqwest::Method;

use super::auth::Security;
use super::multipart::{Multipart, MultipartForm};
use super::secret::{REDACTED, Secret};
use super::upload::BinaryBody;

/// One request, ready to be sent by [`super::Client`].
#[derive(Debug, Clone)]
pub(crate) struct Request {
    pub(crate) method: Method,
    /// The client method that sends it (`list_customer_groups`).
    pub(crate) operation: &'static str,
    /// The path template from the API document, e.g. `/customer_groups/{id}`:
    /// what errors and logs show instead of the real URL.
    pub(crate) template: &'static str,
    pub(crate) path: String,
    /// The path as it may be shown, secret segments redacted: set once a
    /// secret segment is added (until then it is `path`).
    shown_path: Option<String>,
    pub(crate) query: Vec<(Cow<'static, str>, WireValue)>,
    pub(crate) headers: Vec<(&'static str, WireValue)>,
    /// The media types the operation's responses declare, sent as `Accept`
    /// unless the client's default headers or the request's own give one.
    pub(crate) accept: Option<&'static str>,
    /// Whether one of `headers` is an idempotency key (see
    /// [`Request::idempotency_key`]), which makes the request safe to retry.
    pub(crate) has_idempotency_key: bool,
    /// The body and its content type (a multipart one names its boundary);
    /// `Bytes`, so that each attempt shares it instead of copying it.
    pub(crate) body: Option<(Cow<'static, str>, bytes::Bytes)>,
    /// A body of bytes read from a file or a stream as it is sent, and its
    /// content type (instead of `body`).
    pub(crate) upload: Option<(Cow<'static, str>, BinaryBody)>,
    /// Whether a success body is left unread, for a stream to read.
    pub(crate) stream_response: bool,
    /// Why the request cannot be sent, if a parameter made it impossible.
    pub(crate) invalid: Option<String>,
    /// The credentials it needs (the document's `security`); `None` when
    /// the document declares no security scheme.
    pub(crate) security: Option<Security>,
    /// The typed request, for the mock's rules.
    #[cfg(feature = "test-util")]
    pub(crate) typed: Option<super::mock::Typed>,
}

/// A query or header value; secret ones never appear in `Debug` output.
#[derive(Debug, Clone)]
pub(crate) enum WireValue {
    Plain(String),
    Secret(Secret),
}

/// How a query parameter's list or object value is spelled in the URL
/// (OpenAPI `style` and `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum QueryStyle {
    /// `form`, exploded (OpenAPI's default): `id=1&id=2`; an object's
    /// properties become pairs of their own (`x=1&y=2`).
    FormExploded,
    /// `form`, not exploded: `id=1,2`; an object `point=x,1,y,2`.
    Form,
    /// `spaceDelimited`: `id=1%202`.
    SpaceDelimited,
    /// `pipeDelimited`: `id=1|2`.
    PipeDelimited,
    /// `deepObject`: `filter[status]=open`, nested objects `filter[a][b]=1`,
    /// lists `filter[ids][]=1&filter[ids][]=2`.
    DeepObject,
}

impl WireValue {
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Self::Plain(value) => value,
            Self::Secret(secret) => secret.expose(),
        }
    }

    pub(crate) fn is_secret(&self) -> bool {
        matches!(self, Self::Secret(_))
    }
}

impl Request {
    /// A request for `template`, with an empty path to be built up.
    pub(crate) fn new(method: Method, template: &'static str, operation: &'static str) -> Self {
        Self {
            method,
            operation,
            template,
            path: String::with_capacity(template.len() + 16),
            shown_path: None,
            query: Vec::new(),
            headers: Vec::new(),
            accept: None,
            body: None,
            upload: None,
            stream_response: false,
            has_idempotency_key: false,
            invalid: None,
            security: None,
            #[cfg(feature = "test-util")]
            typed: None,
        }
    }

    /// Sets the security alternatives the request is sent with.
    pub(crate) fn security(mut self, security: Security) -> Self {
        self.security = Some(security);
        self
    }

    /// Appends literal path text from the template, as it is.
    pub(crate) fn literal(mut self, text: &str) -> Self {
        self.path.push_str(text);
        if let Some(shown) = &mut self.shown_path {
            shown.push_str(text);
        }
        self
    }

    /// The path as it may be shown (records, hooks): each secret segment
    /// replaced by `<redacted>`.
    pub(crate) fn shown_path(&self) -> &str {
        self.shown_path.as_deref().unwrap_or(&self.path)
    }

    /// Appends a secret parameter value as one path segment, as
    /// [`Request::param`] does; the shown path has `<redacted>` instead.
    pub(crate) fn secret_param(mut self, value: &Secret) -> Self {
        let mut shown = self.shown_path.take().unwrap_or_else(|| self.path.clone());
        shown.push_str(REDACTED);
        self = self.param(value.expose());
        self.shown_path = Some(shown);
        self
    }

    /// Appends a parameter value as one path segment: everything but
    /// unreserved characters is percent-encoded, so `/`, `?`, `#` and `%`
    /// cannot change the path. An empty value, `.` or `..` would address
    /// another resource (URLs treat `.`, `..` and their encoded forms as
    /// path steps), so the request is refused before it is sent.
    pub(crate) fn param(mut self, value: &str) -> Self {
        if matches!(value, "" | "." | "..") {
            self.invalid = Some(format!(
                "the path parameter value `{value}` of `{}` cannot be sent as one path segment",
                self.template
            ));
        }
        if let Some(shown) = &mut self.shown_path {
            encode_segment(value, shown);
        }
        encode_segment(value, &mut self.path);
        self
    }

    /// Refuses the request when `value` is outside `range`, the
    /// description's `minimum` and `maximum` of parameter `name`.
    pub(crate) fn in_range<T: PartialOrd + fmt::Display>(
        mut self,
        name: &'static str,
        value: Option<&T>,
        range: (Bound<T>, Bound<T>),
    ) -> Self {
        if let Some(value) = value.filter(|value| !range.contains(*value)) {
            self.refuse(format!(
                "the parameter `{name}` of `{}` must be {}; it is {value}",
                self.template,
                allowed(&range)
            ));
        }
        self
    }

    /// Refuses the request when the length of `value` (in characters) is
    /// outside the description's `minLength` and `maxLength` of parameter
    /// `name`. The value itself is not shown (it may be a secret).
    pub(crate) fn length_in(
        mut self,
        name: &'static str,
        value: Option<&str>,
        range: (Bound<usize>, Bound<usize>),
    ) -> Self {
        let length = value.map(|value| value.chars().count());
        if let Some(length) = length.filter(|length| !range.contains(length)) {
            self.refuse(format!(
                "the parameter `{name}` of `{}` must be {} characters long; it is {length}",
                self.template,
                allowed(&range)
            ));
        }
        self
    }

    /// Marks the request as one that cannot be sent; the first reason stays.
    fn refuse(&mut self, reason: String) {
        self.invalid.get_or_insert(reason);
    }

    /// Adds a query pair when `value` is `Some`.
    pub(crate) fn query(mut self, name: &'static str, value: Option<String>) -> Self {
        if let Some(value) = value {
            self.query
                .push((Cow::Borrowed(name), WireValue::Plain(value)));
        }
        self
    }

    /// Adds the pairs of a list, object or free-form value, spelled as
    /// `style` says, when `value` is `Some`. `null` values are left out;
    /// an object's properties go in the order of serde_json's map (by name,
    /// or as declared with its `preserve_order` feature).
    pub(crate) fn query_styled<T: serde::Serialize>(
        mut self,
        name: &'static str,
        value: Option<&T>,
        style: QueryStyle,
    ) -> Self {
        let Some(value) = value else { return self };
        match serde_json::to_value(value) {
            Ok(value) => push_styled(&mut self.query, name, &value, style),
            Err(error) => {
                self.invalid = Some(format!(
                    "the query parameter `{name}` of `{}` cannot be encoded: {error}",
                    self.template
                ));
            }
        }
        self
    }

    /// Adds a query pair whose value is a secret.
    pub(crate) fn secret_query(mut self, name: &'static str, value: &Secret) -> Self {
        self.query
            .push((Cow::Borrowed(name), WireValue::Secret(value.clone())));
        self
    }

    /// Adds a query pair whose value is a secret, when it is `Some`.
    pub(crate) fn secret_query_opt(mut self, name: &'static str, value: Option<&Secret>) -> Self {
        if let Some(value) = value {
            self.query
                .push((Cow::Borrowed(name), WireValue::Secret(value.clone())));
        }
        self
    }

    /// Adds a cookie (sent in the `Cookie` header) when `value` is `Some`.
    pub(crate) fn cookie(self, name: &'static str, value: Option<String>) -> Self {
        self.add_cookie(name, value.map(WireValue::Plain))
    }

    /// Adds a cookie whose value is a secret, when it is `Some`; the whole
    /// `Cookie` header is then treated as a secret.
    pub(crate) fn secret_cookie(self, name: &'static str, value: Option<&Secret>) -> Self {
        self.add_cookie(name, value.cloned().map(WireValue::Secret))
    }

    fn add_cookie(mut self, name: &'static str, value: Option<WireValue>) -> Self {
        let Some(value) = value else { return self };
        let mut secret = value.is_secret();
        let mut text = format!("{name}={}", value.as_str());
        if let Some(at) = self
            .headers
            .iter()
            .position(|(header, _)| *header == "Cookie")
        {
            let (_, earlier) = self.headers.remove(at);
            secret |= earlier.is_secret();
            text = format!("{}; {text}", earlier.as_str());
        }
        let cookies = if secret {
            WireValue::Secret(Secret::new(text))
        } else {
            WireValue::Plain(text)
        };
        self.headers.push(("Cookie", cookies));
        self
    }

    /// A JSON body, when `value` is `Some`.
    pub(crate) fn json_body<T: serde::Serialize>(mut self, value: Option<&T>) -> Self {
        if let Some(value) = value {
            match serde_json::to_vec(value) {
                Ok(bytes) => self.body = Some((Cow::Borrowed("application/json"), bytes.into())),
                Err(e) => self.invalid = Some(format!("the request body cannot be encoded: {e}")),
            }
        }
        self
    }

    /// A form body (`application/x-www-form-urlencoded`) made of the value's
    /// top-level fields, when `value` is `Some`. Strings go as they are, lists
    /// as repeated pairs, nulls not at all, other values as JSON text.
    pub(crate) fn form_body<T: serde::Serialize>(mut self, value: Option<&T>) -> Self {
        let Some(value) = value else {
            return self;
        };
        match serde_json::to_value(value) {
            Ok(serde_json::Value::Object(fields)) => {
                let mut form = reqwest::Url::parse("http://form.invalid/").ok();
                if let Some(form) = form.as_mut() {
                    let mut pairs = form.query_pairs_mut();
                    for (name, value) in &fields {
                        for item in form_values(value) {
                            pairs.append_pair(name, &item);
                        }
                    }
                }
                let encoded = form.as_ref().and_then(|f| f.query()).unwrap_or_default();
                self.body = Some((
                    Cow::Borrowed("application/x-www-form-urlencoded"),
                    bytes::Bytes::copy_from_slice(encoded.as_bytes()),
                ));
            }
            Ok(_) => self.invalid = Some("a form body must be an object".to_owned()),
            Err(e) => self.invalid = Some(format!("the request body cannot be encoded: {e}")),
        }
        self
    }

    /// A text body with this content type, when `value` is `Some`.
    pub(crate) fn text_body(mut self, content_type: &'static str, value: Option<&String>) -> Self {
        if let Some(value) = value {
            self.body = Some((
                Cow::Borrowed(content_type),
                value.clone().into_bytes().into(),
            ));
        }
        self
    }

    /// A body of bytes with this content type, when `value` is `Some`:
    /// held in memory, or read from a file or a stream as it is sent.
    pub(crate) fn bytes_body(self, content_type: &'static str, value: Option<&BinaryBody>) -> Self {
        match value {
            Some(value) => self.binary(Cow::Borrowed(content_type), value.clone()),
            None => self,
        }
    }

    /// A body of bytes: sent whole when it is in memory, else as it is read.
    fn binary(mut self, content_type: Cow<'static, str>, body: BinaryBody) -> Self {
        match body.into_bytes() {
            Ok(bytes) => self.body = Some((content_type, bytes.into())),
            Err(upload) => self.upload = Some((content_type, upload)),
        }
        self
    }

    /// Leaves the body of a success unread, for a stream to read as it
    /// arrives.
    pub(crate) fn stream_response(mut self) -> Self {
        self.stream_response = true;
        self
    }

    /// A `multipart/form-data` body of the value's fields, when `value` is
    /// `Some`.
    pub(crate) fn multipart_body<T: MultipartForm>(mut self, value: Option<&T>) -> Self {
        let Some(value) = value else { return self };
        match value.parts(Multipart::default()).finish() {
            Ok((content_type, body)) => self.binary(Cow::Owned(content_type), body),
            Err(e) => {
                self.invalid = Some(format!("the request body cannot be encoded: {e}"));
                self
            }
        }
    }

    /// The `Accept` header: the media types the operation's responses
    /// declare.
    pub(crate) fn accept(mut self, media_types: &'static str) -> Self {
        self.accept = Some(media_types);
        self
    }

    /// Adds a header when `value` is `Some`.
    pub(crate) fn header(mut self, name: &'static str, value: Option<String>) -> Self {
        if let Some(value) = value {
            self.headers.push((name, WireValue::Plain(value)));
        }
        self
    }

    /// Adds the idempotency-key header `name`: the caller's `value`, or a
    /// fresh key. The request (and so every retry of it) keeps that key,
    /// which makes it safe to retry whatever its method.
    pub(crate) fn idempotency_key(mut self, name: &'static str, value: Option<String>) -> Self {
        self.has_idempotency_key = true;
        self.header(
            name,
            Some(value.unwrap_or_else(super::retry::new_idempotency_key)),
        )
    }

    /// Adds a header whose value is a secret, when it is `Some`; it is sent
    /// marked sensitive.
    pub(crate) fn secret_header(mut self, name: &'static str, value: Option<&Secret>) -> Self {
        if let Some(value) = value {
            self.headers.push((name, WireValue::Secret(value.clone())));
        }
        self
    }
}

fn form_values(value: &serde_json::Value) -> Vec<String> {
    match value {
        serde_json::Value::Null => Vec::new(),
        serde_json::Value::String(s) => vec![s.clone()],
        serde_json::Value::Array(items) => items.iter().flat_map(form_values).collect(),
        other => vec![other.to_string()],
    }
}

fn encode_segment(value: &str, out: &mut String) {
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
}

/// The query pairs of `value` for the parameter `name`.
fn push_styled(
    query: &mut Vec<(Cow<'static, str>, WireValue)>,
    name: &'static str,
    value: &serde_json::Value,
    style: QueryStyle,
) {
    use serde_json::Value;
    let mut push = |key: Cow<'static, str>, text: String| query.push((key, WireValue::Plain(text)));
    // the delimiter of the styles that put a whole list in one pair
    let delimiter = match style {
        QueryStyle::Form => Some(","),
        QueryStyle::SpaceDelimited => Some(" "),
        QueryStyle::PipeDelimited => Some("|"),
        QueryStyle::FormExploded | QueryStyle::DeepObject => None,
    };
    match (value, delimiter) {
        (Value::Null, _) => {}
        (Value::Array(items), None) => {
            for item in items.iter().filter(|item| !item.is_null()) {
                push(Cow::Borrowed(name), scalar_text(item));
            }
        }
        (Value::Array(items), Some(delimiter)) => {
            let texts: Vec<String> = items.iter().map(scalar_text).collect();
            push(Cow::Borrowed(name), texts.join(delimiter));
        }
        (Value::Object(fields), None) if style == QueryStyle::DeepObject => {
            push_deep(&mut push, name, fields);
        }
        (Value::Object(fields), None) => {
            for (key, field) in fields.iter().filter(|(_, field)| !field.is_null()) {
                push(Cow::Owned(key.clone()), scalar_text(field));
            }
        }
        (Value::Object(fields), Some(delimiter)) => {
            let texts: Vec<String> = fields
                .iter()
                .flat_map(|(key, field)| [key.clone(), scalar_text(field)])
                .collect();
            push(Cow::Borrowed(name), texts.join(delimiter));
        }
        (scalar, _) => push(Cow::Borrowed(name), scalar_text(scalar)),
    }
}

/// `deepObject` pairs: `prefix[key]=value`, recursing into objects; list
/// items repeat the key with `[]`.
fn push_deep(
    push: &mut impl FnMut(Cow<'static, str>, String),
    prefix: &str,
    fields: &serde_json::Map<String, serde_json::Value>,
) {
    use serde_json::Value;
    for (key, field) in fields {
        let key = format!("{prefix}[{key}]");
        match field {
            Value::Null => {}
            Value::Object(inner) => push_deep(push, &key, inner),
            Value::Array(items) => {
                for item in items.iter().filter(|item| !item.is_null()) {
                    push(Cow::Owned(format!("{key}[]")), scalar_text(item));
                }
            }
            scalar => push(Cow::Owned(key), scalar_text(scalar)),
        }
    }
}

/// The wire text of a whole value (a path segment, a header): a string as
/// it is, anything else as JSON text.
pub(crate) fn plain_text<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .map(|value| scalar_text(&value))
        .unwrap_or_default()
}

/// The text of one value in a query: strings as they are, other scalars as
/// JSON text, and nested lists or objects as JSON.
fn scalar_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// A range in words: `at least 1 and at most 500`, `less than 10`.
fn allowed<T: fmt::Display>((start, end): &(Bound<T>, Bound<T>)) -> String {
    let ends = [
        describe(start, "at least", "more than"),
        describe(end, "at most", "less than"),
    ];
    ends.into_iter().flatten().collect::<Vec<_>>().join(" and ")
}

fn describe<T: fmt::Display>(bound: &Bound<T>, inclusive: &str, exclusive: &str) -> Option<String> {
    match bound {
        Bound::Included(value) => Some(format!("{inclusive} {value}")),
        Bound::Excluded(value) => Some(format!("{exclusive} {value}")),
        Bound::Unbounded => None,
    }
}
