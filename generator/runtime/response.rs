//! `Response<T>`: a success with what came with it: status, headers and the
//! server's request id, beside the decoded body. `send()` gives the body
//! alone; `.send().with_response()` (or `send_with_response()`) gives this.

use reqwest::header::HeaderMap;

/// Response headers that carry the server's request ID, in order of preference.
const REQUEST_ID_HEADERS: &[&str] = &["x-rutter-request-id", "x-request-id"];

/// A success response: status, headers and the decoded body.
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: u16,
    headers: HeaderMap,
    body: T,
}

impl<T> Response<T> {
    /// A response with this status, these headers and this body (what the
    /// client makes of a success; also for tests of code that takes one).
    pub fn new(status: u16, headers: HeaderMap, body: T) -> Self {
        Self {
            status,
            headers,
            body,
        }
    }

    #[must_use]
    /// The HTTP status (2xx).
    pub fn status(&self) -> u16 {
        self.status
    }

    #[must_use]
    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    #[must_use]
    /// The server's request ID (`X-Rutter-Request-ID` or `X-Request-ID`),
    /// to quote to the API provider's support.
    pub fn request_id(&self) -> Option<&str> {
        request_id(&self.headers)
    }

    #[must_use]
    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    #[must_use]
    /// The decoded body, without the rest.
    pub fn into_body(self) -> T {
        self.body
    }

    #[must_use]
    /// Status, headers and body.
    pub fn into_parts(self) -> (u16, HeaderMap, T) {
        (self.status, self.headers, self.body)
    }
}

/// The server's request ID among `headers`.
pub(crate) fn request_id(headers: &HeaderMap) -> Option<&str> {
    REQUEST_ID_HEADERS
        .iter()
        .find_map(|name| headers.get(*name))
        .and_then(|value| value.to_str().ok())
}
