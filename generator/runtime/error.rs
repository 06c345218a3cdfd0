//! The one error type of a generated client. `E` is the API's own error body
//! type. Nothing here holds a URL or a credential, so no `Debug` or `Display`
//! output can leak one.

use std::fmt;

use super::auth::AuthError;
use super::hooks::HookError;

/// How much of an error body is kept, in bytes.
pub(crate) const MAX_RAW_BODY: usize = 64 * 1024;

/// How much of a body an error message quotes, in characters.
const SNIPPET_CHARS: usize = 200;

/// Everything that can go wrong when calling the API.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The server answered with an error status (4xx, 5xx, or another
    /// non-success code such as Rutter's 450 and 452).
    Api(Box<ApiError<E>>),
    /// The request could not be sent, or the response not received: connect
    /// failure, timeout, broken connection.
    Transport(Box<TransportError>),
    /// A success response whose body does not match the API description.
    Decode(Box<DecodeError>),
    /// A hook of the client ([`Hook`](super::Hook)) stopped the request.
    Hook(Box<HookError>),
    /// The credentials the operation needs are not set, or a token could
    /// not be had. Nothing was sent to the API.
    Auth(Box<AuthError>),
    /// The client was configured wrongly (bad base URL, bad header value),
    /// or a request was built that cannot be sent (an empty, `.` or `..`
    /// path parameter). Nothing was sent.
    Config(ConfigError),
    /// A page stream (`into_stream`, `into_pages`) stopped because the
    /// server's pages go round: a next cursor was one already sent. Every
    /// page before it was yielded.
    Pagination(Box<PaginationError>),
}

impl<E> Error<E> {
    #[must_use]
    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api(api) => Some(api.status()),
            Self::Decode(decode) => Some(decode.status),
            Self::Transport(_)
            | Self::Config(_)
            | Self::Hook(_)
            | Self::Auth(_)
            | Self::Pagination(_) => None,
        }
    }

    #[must_use]
    /// The server's request ID (`X-Rutter-Request-ID` or `X-Request-ID`),
    /// to quote to the API provider's support.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Api(api) => api.request_id(),
            Self::Decode(decode) => decode.request_id.as_deref(),
            Self::Transport(_)
            | Self::Config(_)
            | Self::Hook(_)
            | Self::Auth(_)
            | Self::Pagination(_) => None,
        }
    }

    #[must_use]
    /// The decoded error body, when the server sent one of the documented shape.
    pub fn api_body(&self) -> Option<&E> {
        match self {
            Self::Api(api) => api.body(),
            _ => None,
        }
    }

    #[must_use]
    /// The API error, when the server answered with an error status.
    pub fn as_api(&self) -> Option<&ApiError<E>> {
        match self {
            Self::Api(api) => Some(api),
            _ => None,
        }
    }

    #[must_use]
    /// An API error that says the object does not exist (any more): see
    /// [`ApiError::is_not_found`].
    pub fn is_not_found(&self) -> bool {
        self.as_api().is_some_and(ApiError::is_not_found)
    }

    #[must_use]
    /// An API error that says a rate limit was hit: see
    /// [`ApiError::is_rate_limited`].
    pub fn is_rate_limited(&self) -> bool {
        self.as_api().is_some_and(ApiError::is_rate_limited)
    }

    #[must_use]
    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Transport(t) if t.is_timeout())
    }

    #[must_use]
    /// Whether the same request may succeed later: rate limits, server
    /// failures, connect errors and timeouts.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Api(api) => api.is_retryable(),
            Self::Transport(t) => t.is_retryable(),
            Self::Decode(_)
            | Self::Config(_)
            | Self::Hook(_)
            | Self::Auth(_)
            | Self::Pagination(_) => false,
        }
    }

    #[must_use]
    /// How long the server asked to wait before trying again (`Retry-After`).
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        self.as_api().and_then(ApiError::retry_after)
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api(api) => api.fmt(f),
            Self::Transport(transport) => transport.fmt(f),
            Self::Decode(decode) => decode.fmt(f),
            Self::Config(config) => config.fmt(f),
            Self::Hook(hook) => hook.fmt(f),
            Self::Auth(auth) => auth.fmt(f),
            Self::Pagination(pagination) => pagination.fmt(f),
        }
    }
}

/// `Error` shows its part's message, so its `source()` is the part's
/// cause, not the part itself: no message appears twice along the chain.
impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Transport(transport) => std::error::Error::source(&**transport),
            Self::Hook(hook) => std::error::Error::source(&**hook),
            Self::Auth(auth) => std::error::Error::source(&**auth),
            Self::Decode(_) | Self::Api(_) | Self::Config(_) | Self::Pagination(_) => None,
        }
    }
}

/// Where a request went: method and path template (never the URL, whose
/// query may carry an access token).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Endpoint {
    /// The client method that sends it (`list_customer_groups`).
    pub(crate) operation: &'static str,
    pub(crate) method: String,
    pub(crate) template: &'static str,
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.template)
    }
}

/// The server answered with an error status.
#[derive(Debug)]
pub struct ApiError<E> {
    pub(crate) endpoint: Endpoint,
    pub(crate) status: u16,
    pub(crate) request_id: Option<String>,
    pub(crate) retry_after: Option<std::time::Duration>,
    pub(crate) body: Option<E>,
    pub(crate) raw_body: String,
}

impl<E> ApiError<E> {
    #[must_use]
    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    #[must_use]
    /// The decoded error body, when it had the documented shape.
    pub fn body(&self) -> Option<&E> {
        self.body.as_ref()
    }

    #[must_use]
    /// The body as received (lossily decoded as UTF-8, at most 64 KiB).
    pub fn raw_body(&self) -> &str {
        &self.raw_body
    }

    #[must_use]
    /// The server's request ID, if it sent one.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    #[must_use]
    /// How long the server asked to wait before trying again (`Retry-After`).
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        self.retry_after
    }

    #[must_use]
    /// 404 or 410: the object does not exist (any more).
    pub fn is_not_found(&self) -> bool {
        matches!(self.status, 404 | 410)
    }

    #[must_use]
    /// 429 or 452: a rate limit was hit (the API's own, or the platform's).
    pub fn is_rate_limited(&self) -> bool {
        matches!(self.status, 429 | 452)
    }

    #[must_use]
    /// Whether the same request may succeed later: rate limits and server
    /// failures.
    pub fn is_retryable(&self) -> bool {
        super::retry::is_retryable_status(self.status)
    }
}

impl<E: fmt::Debug> std::error::Error for ApiError<E> {}

impl<E> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed with HTTP {}", self.endpoint, self.status)?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        if !self.raw_body.is_empty() {
            write!(f, ": {}", snippet(&self.raw_body))?;
        }
        Ok(())
    }
}

/// A success response whose body could not be decoded.
#[derive(Debug)]
pub struct DecodeError {
    pub(crate) endpoint: Endpoint,
    pub(crate) status: u16,
    pub(crate) request_id: Option<String>,
    pub(crate) path: String,
    pub(crate) message: String,
    pub(crate) snippet: String,
    /// In a streamed body: the item (from 0) and the byte offset it starts at.
    pub(crate) position: Option<(u64, u64)>,
}

impl DecodeError {
    #[must_use]
    /// In a streamed body (lines of JSON, server-sent events): which item
    /// did not decode, counting from 0; `None` for a body read whole.
    pub fn item_index(&self) -> Option<u64> {
        self.position.map(|(item, _)| item)
    }

    #[must_use]
    /// In a streamed body: the byte offset in the body where the item that
    /// did not decode starts.
    pub fn byte_offset(&self) -> Option<u64> {
        self.position.map(|(_, offset)| offset)
    }

    #[must_use]
    /// Where in the body decoding failed, e.g. `customer_groups[3].created_at`
    /// (`.` for the top level).
    pub fn path(&self) -> &str {
        &self.path
    }

    #[must_use]
    /// What was wrong there.
    pub fn message(&self) -> &str {
        &self.message
    }

    #[must_use]
    /// The start of the body, for a human to look at.
    pub fn snippet(&self) -> &str {
        &self.snippet
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} returned HTTP {} with a body that does not match the API description at ",
            self.endpoint, self.status
        )?;
        if let Some((item, offset)) = self.position {
            write!(f, "item {item} (from 0, at byte {offset}), ")?;
        }
        write!(f, "`{}`: {}", self.path, self.message)?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        write!(f, "; body starts: {}", self.snippet)
    }
}

impl std::error::Error for DecodeError {}

/// The kind of a transport failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection could be made.
    Connect,
    /// The request or the connection took longer than allowed.
    Timeout,
    /// The connection broke while sending the request or receiving the
    /// response (closed, reset, cut short).
    ConnectionLost,
    /// Anything else (e.g. a redirect loop).
    Other,
}

/// The request could not be sent or the response not received.
#[derive(Debug)]
pub struct TransportError {
    /// Set by the client once the failure reaches it.
    pub(crate) endpoint: Option<Endpoint>,
    pub(crate) kind: TransportErrorKind,
    /// Never a `reqwest::Error` with its URL (which may hold a credential).
    pub(crate) source: Box<dyn std::error::Error + Send + Sync>,
}

impl TransportError {
    /// A failure of this kind, caused by `source`: what a
    /// [`Transport`](super::Transport) returns when no response came, and
    /// what a test can give code that handles errors. `source` must not
    /// hold a credential: its text shows along the error's `source()` chain.
    pub fn new(
        kind: TransportErrorKind,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Self {
            endpoint: None,
            kind,
            source: source.into(),
        }
    }

    /// A `reqwest` failure, classified, without its URL.
    pub(crate) fn from_reqwest(error: reqwest::Error) -> Self {
        let kind = if error.is_timeout() {
            TransportErrorKind::Timeout
        } else if error.is_connect() {
            TransportErrorKind::Connect
        } else if error.is_request() || error.is_body() {
            TransportErrorKind::ConnectionLost
        } else {
            TransportErrorKind::Other
        };
        Self::new(kind, error.without_url())
    }

    /// The same failure, of a request to `endpoint`.
    pub(crate) fn at(mut self, endpoint: &Endpoint) -> Self {
        self.endpoint = Some(endpoint.clone());
        self
    }

    #[must_use]
    /// What kind of failure it was.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    #[must_use]
    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        self.kind == TransportErrorKind::Timeout
    }

    #[must_use]
    /// Connect failures, timeouts and lost connections are worth another
    /// attempt (of an idempotent request).
    pub fn is_retryable(&self) -> bool {
        matches!(
            self.kind,
            TransportErrorKind::Connect
                | TransportErrorKind::Timeout
                | TransportErrorKind::ConnectionLost
        )
    }
}

impl fmt::Display for TransportError {
    /// What failed, and where; the cause is the error's `source()`, not
    /// repeated here.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportErrorKind::Connect => "could not connect",
            TransportErrorKind::Timeout => "timed out",
            TransportErrorKind::ConnectionLost => "lost its connection",
            TransportErrorKind::Other => "failed in transit",
        };
        match &self.endpoint {
            Some(endpoint) => write!(f, "{endpoint} {what}"),
            None => write!(f, "the request {what}"),
        }
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}

/// The client was configured wrongly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub(crate) message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid client configuration: {}", self.message)
    }
}

impl std::error::Error for ConfigError {}

/// A page stream met a next cursor it had already sent: the server's pages
/// go round, so the stream ends instead of repeating them. The cursor
/// itself is not shown (cursors are opaque and may be long).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaginationError {
    pub(crate) operation: &'static str,
    pub(crate) template: &'static str,
    pub(crate) page: usize,
    pub(crate) first_sent_after: usize,
}

impl PaginationError {
    /// An error of the operation `operation` (`template` its path): page
    /// `page` (1 for the first) gave the next cursor that page
    /// `first_sent_after` had given (for tests; feature `test-util`).
    #[cfg(feature = "test-util")]
    #[must_use]
    pub fn new(
        operation: &'static str,
        template: &'static str,
        page: usize,
        first_sent_after: usize,
    ) -> Self {
        Self {
            operation,
            template,
            page,
            first_sent_after,
        }
    }

    #[must_use]
    /// The page (1 for the first) whose next cursor was one already sent.
    pub fn page(&self) -> usize {
        self.page
    }

    #[must_use]
    /// The page that had given the same cursor first (0: the cursor the
    /// stream started from).
    pub fn first_sent_after(&self) -> usize {
        self.first_sent_after
    }
}

impl fmt::Display for PaginationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` ({}): the next cursor of page {} is the one ",
            self.operation, self.template, self.page
        )?;
        if self.first_sent_after == 0 {
            f.write_str("the stream started from")?;
        } else {
            write!(f, "page {} gave", self.first_sent_after)?;
        }
        f.write_str("; the server's pages go round, so the stream ends here")
    }
}

impl std::error::Error for PaginationError {}

/// The first characters of a body, on one line.
pub(crate) fn snippet(body: &str) -> String {
    let mut out: String = body
        .chars()
        .take(SNIPPET_CHARS)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if body.chars().nth(SNIPPET_CHARS).is_some() {
        out.push('…');
    }
    out
}
