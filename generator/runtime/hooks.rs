//! Hooks: the user's code around every attempt of every request, inside the
//! retry loop: before an attempt is sent (change its headers, refresh a
//! credential, stop the request) and after it (logs, metrics). Secrets stay
//! hidden unless a hook asks for the raw request.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};

use super::error::Endpoint;
use super::request::Request;
use super::secret::{REDACTED, redact_url};

/// What [`Hook::before_attempt`] returns: `Err` stops the request.
pub type HookFuture<'a> = Pin<Box<dyn Future<Output = Result<(), HookError>> + Send + 'a>>;

/// What [`Hook::after_attempt`] returns.
pub type ObserveFuture<'a> = Pin<Box<dyn Future<Output = ()> + Send + 'a>>;

/// Code that runs around every attempt of every request of a client
/// ([`super::ClientBuilder::hook`]); both methods do nothing unless
/// implemented. Hooks run in the order they were added, inside the retry
/// loop and the operation timeout, so they see (and may hold up) each
/// attempt. For a hook that needs no `async`, see
/// [`super::ClientBuilder::before_attempt`] and
/// [`super::ClientBuilder::after_attempt`].
pub trait Hook: Send + Sync + 'static {
    /// Runs before `request` is sent; may change it, wait for something
    /// (a fresh credential), or stop the request with an error.
    fn before_attempt<'a>(&'a self, request: &'a mut AttemptRequest) -> HookFuture<'a> {
        let _ = request;
        Box::pin(std::future::ready(Ok(())))
    }

    /// Runs after an attempt, with what came of it.
    fn after_attempt<'a>(&'a self, attempt: &'a Attempt<'a>) -> ObserveFuture<'a> {
        let _ = attempt;
        Box::pin(std::future::ready(()))
    }
}

/// One attempt of a request, as a hook sees it before it is sent.
pub struct AttemptRequest {
    pub(crate) request: reqwest::Request,
    /// The request's path and the same path as it may be shown, when a
    /// secret parameter is one of its segments.
    secret_path: Option<(String, String)>,
    operation: &'static str,
    template: &'static str,
    number: u32,
    resent: bool,
}

impl AttemptRequest {
    pub(crate) fn new(
        request: reqwest::Request,
        built: &Request,
        endpoint: &Endpoint,
        (number, resent): (u32, bool),
    ) -> Self {
        let shown = built.shown_path();
        Self {
            request,
            secret_path: (shown != built.path).then(|| (built.path.clone(), shown.to_owned())),
            operation: endpoint.operation,
            template: endpoint.template,
            number,
            resent,
        }
    }

    #[must_use]
    /// The operation, as the client method that sends it is named
    /// (`list_customer_groups`).
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    #[must_use]
    /// The HTTP method.
    pub fn method(&self) -> &reqwest::Method {
        self.request.method()
    }

    #[must_use]
    /// The path template of the API document (`/customer_groups/{id}`).
    pub fn path_template(&self) -> &'static str {
        self.template
    }

    #[must_use]
    /// 1 for the first attempt, 2 for the first retry, ...
    pub fn attempt(&self) -> u32 {
        self.number
    }

    #[must_use]
    /// Whether this send repeats the attempt with fresh credentials, after
    /// the API refused the token of its first send (401). The attempt's
    /// number stays the same: hooks run before each send, and
    /// `after_attempt` once per attempt, with what came of its last send.
    pub fn is_resent_with_fresh_credentials(&self) -> bool {
        self.resent
    }

    #[must_use]
    /// The URL without its query (which may hold a credential), user info
    /// or secret path parameters.
    pub fn url(&self) -> String {
        let url = self.request.url().as_str();
        let Some((path, shown)) = &self.secret_path else {
            return redact_url(url);
        };
        let end = url.find(['?', '#']).unwrap_or(url.len());
        match url[..end].strip_suffix(path.as_str()) {
            Some(base) => redact_url(&format!("{base}{shown}{}", &url[end..])),
            // changed through `raw_mut`: the secret may be anywhere in the path
            None => redact_url(&format!(
                "{}/{REDACTED}",
                self.request.url().origin().ascii_serialization()
            )),
        }
    }

    #[must_use]
    /// The value of header `name`; `None` when it is absent, not text, or
    /// sensitive (credentials: see [`AttemptRequest::raw_mut`]).
    pub fn header(&self, name: &str) -> Option<&str> {
        let value = self.request.headers().get(name)?;
        if value.is_sensitive() {
            return None;
        }
        value.to_str().ok()
    }

    /// Sets header `name` to `value`, replacing any value it had.
    ///
    /// # Errors
    ///
    /// When the name or the value is not valid in HTTP.
    pub fn set_header(&mut self, name: &str, value: &str) -> Result<(), HookError> {
        let header = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| HookError::new(format!("`{name}` is not a valid header name")))?;
        let value = HeaderValue::from_str(value)
            .map_err(|_| HookError::new(format!("the value of header `{name}` is not valid")))?;
        self.request.headers_mut().insert(header, value);
        Ok(())
    }

    /// Removes header `name`.
    pub fn remove_header(&mut self, name: &str) {
        self.request.headers_mut().remove(name);
    }

    /// The request itself, credentials included: for a hook that must
    /// change what the methods above do not reach. Nothing of it may be
    /// logged as it is: the query and the `Authorization` header hold
    /// secrets.
    pub fn raw_mut(&mut self) -> &mut reqwest::Request {
        &mut self.request
    }
}

impl fmt::Debug for AttemptRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AttemptRequest")
            .field("operation", &self.operation)
            .field("method", self.request.method())
            .field("path_template", &self.template)
            .field("attempt", &self.number)
            .field("resent", &self.resent)
            .finish_non_exhaustive()
    }
}

/// What came of one attempt, for hooks and tracing.
#[derive(Debug)]
pub struct Attempt<'a> {
    pub(crate) endpoint: &'a Endpoint,
    pub(crate) number: u32,
    pub(crate) status: Option<u16>,
    pub(crate) request_id: Option<&'a str>,
    pub(crate) elapsed: Duration,
    pub(crate) retrying: bool,
}

impl<'a> Attempt<'a> {
    #[must_use]
    /// The operation, as the client method that sends it is named.
    pub fn operation(&self) -> &'static str {
        self.endpoint.operation
    }

    #[must_use]
    /// The HTTP method.
    pub fn method(&self) -> &str {
        &self.endpoint.method
    }

    #[must_use]
    /// The path template of the API document.
    pub fn path_template(&self) -> &'static str {
        self.endpoint.template
    }

    #[must_use]
    /// 1 for the first attempt, 2 for the first retry, ...
    pub fn number(&self) -> u32 {
        self.number
    }

    #[must_use]
    /// The HTTP status, when a response came.
    pub fn status(&self) -> Option<u16> {
        self.status
    }

    #[must_use]
    /// The server's request id of the response, when one came with it
    /// (`X-Rutter-Request-ID` or `X-Request-ID`).
    pub fn request_id(&self) -> Option<&'a str> {
        self.request_id
    }

    #[must_use]
    /// Whether the attempt failed: no response, or a status other than 2xx.
    pub fn failed(&self) -> bool {
        self.status
            .is_none_or(|status| !(200..300).contains(&status))
    }

    #[must_use]
    /// How long the attempt took, hooks before it included.
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }

    #[must_use]
    /// Whether another attempt follows.
    pub fn retrying(&self) -> bool {
        self.retrying
    }
}

/// A hook stopped a request.
#[derive(Debug)]
pub struct HookError {
    pub(crate) endpoint: Option<Endpoint>,
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl HookError {
    /// Stops the request, saying why.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            endpoint: None,
            message: message.into(),
            source: None,
        }
    }

    /// Stops the request because of `source` (e.g. a credential that could
    /// not be refreshed).
    pub fn caused_by(
        message: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Self {
            source: Some(source.into()),
            ..Self::new(message)
        }
    }

    #[must_use]
    /// Why the hook stopped the request.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The same error, of a request to `endpoint`.
    pub(crate) fn at(mut self, endpoint: &Endpoint) -> Self {
        self.endpoint = Some(endpoint.clone());
        self
    }
}

impl fmt::Display for HookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.endpoint {
            Some(endpoint) => write!(f, "{endpoint} was stopped by a hook: {}", self.message),
            None => write!(f, "the request was stopped by a hook: {}", self.message),
        }
    }
}

impl std::error::Error for HookError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn std::error::Error + 'static))
    }
}

/// A hook made of two plain functions ([`super::ClientBuilder::before_attempt`],
/// [`super::ClientBuilder::after_attempt`]).
pub(crate) struct FnHook<B, A> {
    pub(crate) before: B,
    pub(crate) after: A,
}

impl<B, A> Hook for FnHook<B, A>
where
    B: Fn(&mut AttemptRequest) -> Result<(), HookError> + Send + Sync + 'static,
    A: Fn(&Attempt<'_>) + Send + Sync + 'static,
{
    fn before_attempt<'a>(&'a self, request: &'a mut AttemptRequest) -> HookFuture<'a> {
        Box::pin(std::future::ready((self.before)(request)))
    }

    fn after_attempt<'a>(&'a self, attempt: &'a Attempt<'a>) -> ObserveFuture<'a> {
        (self.after)(attempt);
        Box::pin(std::future::ready(()))
    }
}
