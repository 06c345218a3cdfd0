//! `Secret`: a string that never shows itself in `Debug` or `Display`; URL
//! redaction; the base64 of Basic credentials.

use std::fmt;

/// What is shown in place of a secret.
pub(crate) const REDACTED: &str = "<redacted>";

/// A secret value (an access token, a password). Its `Debug` and `Display`
/// print `<redacted>`; [`Secret::expose`] gives the value to whoever needs it.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    #[must_use]
    /// The value itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

/// A URL as it may be shown: user info and query replaced by `<redacted>`
/// (an API key or password may sit there), the rest kept.
pub(crate) fn redact_url(raw: &str) -> String {
    let (without_query, had_query) = match raw.split_once(['?', '#']) {
        Some((head, _)) => (head, true),
        None => (raw, false),
    };
    let shown = match without_query.split_once("://") {
        Some((scheme, rest)) => match rest.split_once('/') {
            Some((authority, path)) => format!("{scheme}://{}/{path}", redact_userinfo(authority)),
            None => format!("{scheme}://{}", redact_userinfo(rest)),
        },
        None => without_query.to_owned(),
    };
    if had_query {
        format!("{shown}?<redacted>")
    } else {
        shown
    }
}

fn redact_userinfo(authority: &str) -> String {
    match authority.rsplit_once('@') {
        Some((_, host)) => format!("<redacted>@{host}"),
        None => authority.to_owned(),
    }
}

/// `text` in standard base64 with padding (RFC 4648), for the Basic
/// `Authorization` header, which the client makes once when it is built.
pub(crate) fn base64(text: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(text.len().div_ceil(3) * 4);
    for chunk in text.as_bytes().chunks(3) {
        let bytes = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let group = u32::from_be_bytes([0, bytes[0], bytes[1], bytes[2]]);
        for position in 0..4 {
            if position <= chunk.len() {
                let index = (group >> (18 - 6 * position)) & 0x3f;
                out.push(char::from(ALPHABET[index as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}
