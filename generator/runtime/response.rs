//! `Response<T, H>`: a success with what came with it: status, headers and
//! the server's request id, beside the decoded body, and the headers the
//! description declares read as `H`. `send()` gives the body alone;
//! `.send().with_response()` gives this.

use std::fmt;
use std::marker::PhantomData;

use reqwest::header::HeaderMap;

use super::headers::{DeclaredHeaders, HeaderError};

/// Response headers that carry the server's request ID, in order of preference.
const REQUEST_ID_HEADERS: &[&str] = &["x-rutter-request-id", "x-request-id"];

/// A success response: status, headers and the decoded body. `H` is the
/// operation's declared headers (its generated `...Headers` struct, read
/// on demand by [`declared_headers`](Self::declared_headers)), `()` when it
/// declares none.
pub struct Response<T, H = ()> {
    status: u16,
    headers: HeaderMap,
    body: T,
    declared: PhantomData<fn() -> H>,
}

impl<T> Response<T> {
    /// A response with this status, these headers and this body (what the
    /// client makes of a success; also for tests of code that takes one,
    /// with [`with_declared_headers`](Self::with_declared_headers) when
    /// that code reads an operation's declared headers).
    pub fn new(status: u16, headers: HeaderMap, body: T) -> Self {
        Self {
            status,
            headers,
            body,
            declared: PhantomData,
        }
    }
}

impl<T, H: DeclaredHeaders> Response<T, H> {
    /// The headers the API description declares on this response, read
    /// from [`headers`](Self::headers) as their declared types.
    ///
    /// # Errors
    ///
    /// A [`HeaderError`] naming the header when a required one is missing
    /// or a value is not of its declared type; the success itself stands.
    pub fn declared_headers(&self) -> Result<H, HeaderError> {
        H::from_headers(&self.headers)
    }
}

impl<T, H> Response<T, H> {
    #[must_use]
    /// The same response, its headers read as the declared headers `G`
    /// (an operation's `...Headers` struct).
    pub fn with_declared_headers<G>(self) -> Response<T, G> {
        Response {
            status: self.status,
            headers: self.headers,
            body: self.body,
            declared: PhantomData,
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

impl<T: Clone, H> Clone for Response<T, H> {
    fn clone(&self) -> Self {
        Self {
            status: self.status,
            headers: self.headers.clone(),
            body: self.body.clone(),
            declared: PhantomData,
        }
    }
}

impl<T: fmt::Debug, H> fmt::Debug for Response<T, H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &self.body)
            .finish()
    }
}

/// The server's request ID among `headers`.
pub(crate) fn request_id(headers: &HeaderMap) -> Option<&str> {
    REQUEST_ID_HEADERS
        .iter()
        .find_map(|name| headers.get(*name))
        .and_then(|value| value.to_str().ok())
}
