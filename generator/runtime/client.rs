//! `Client` and `ClientBuilder`: configuration, and the one place where
//! requests are sent and responses turned into typed values or errors.

use std::borrow::Cow;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::de::DeserializeOwned;

use super::auth::{Credential, Credentials, UsedTokens};
use super::error::{
    ApiError, ConfigError, DecodeError, Endpoint, Error, MAX_RAW_BODY, TransportError,
    TransportErrorKind, snippet,
};
use super::hooks::{Attempt, AttemptRequest, FnHook, Hook, HookError};
use super::options::{RequestOptions, set_header};
use super::request::Request;
use super::response::{Response, request_id};
use super::retry::{self, RetryPolicy};
use super::secret::redact_url;
use super::stream::{Chunks, Origin, memory_chunks, response_chunks};
use super::trace;
use super::transport::Transport;

/// The default limit for a whole request, response body included.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The default limit for opening a connection.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Where the API lives: a URL such as `https://example.com/v1`, or a named
/// server of the API document (see the `Server` enum).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl(String);

impl From<&str> for BaseUrl {
    fn from(url: &str) -> Self {
        Self(url.to_owned())
    }
}

impl From<String> for BaseUrl {
    fn from(url: String) -> Self {
        Self(url)
    }
}

impl From<&String> for BaseUrl {
    fn from(url: &String) -> Self {
        Self(url.clone())
    }
}

/// A client of the API. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// Settings of one request (a request builder's `customize`).
    options: Option<Arc<RequestOptions>>,
}

struct Inner {
    sender: Sender,
    base_url: reqwest::Url,
    /// Every request's headers.
    headers: HeaderMap,
    /// The credentials of each security scheme, sent as each operation's
    /// security says.
    credentials: Credentials,
    timeout: Duration,
    /// Whether each request carries the timeout (a client or transport
    /// given by the user), rather than the client built here.
    timeout_per_request: bool,
    operation_timeout: Option<Duration>,
    retry: RetryPolicy,
    hooks: Vec<Arc<dyn Hook>>,
}

/// What sends each attempt: reqwest directly (no boxing), the user's
/// [`Transport`], or (feature `test-util`) a mock that answers the typed
/// request.
#[derive(Clone)]
enum Sender {
    Reqwest(reqwest::Client),
    Custom(Arc<dyn Transport>),
    #[cfg(feature = "test-util")]
    Mock(super::mock::Mock),
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &redact_url(self.inner.base_url.as_str()))
            .field("credentials", &self.inner.credentials)
            .field("timeout", &self.inner.timeout)
            .field("operation_timeout", &self.inner.operation_timeout)
            .field("retry", &self.inner.retry)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

/// Configures a [`Client`]; made by `Client::builder()`.
#[derive(Clone)]
#[must_use = "a builder does nothing until `.build()` is called"]
pub struct ClientBuilder {
    base_url: Option<BaseUrl>,
    headers: Vec<(String, String)>,
    credentials: Credentials,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: String,
    sender: Option<Sender>,
    operation_timeout: Option<Duration>,
    retry: RetryPolicy,
    hooks: Vec<Arc<dyn Hook>>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field(
                "base_url",
                &self.base_url.as_ref().map(|BaseUrl(raw)| redact_url(raw)),
            )
            .field("headers", &self.headers)
            .field("credentials", &self.credentials)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("operation_timeout", &self.operation_timeout)
            .field("hooks", &self.hooks.len())
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// A builder with the given default base URL (if the API document names
    /// one) and `User-Agent`.
    pub(crate) fn new(base_url: Option<BaseUrl>, user_agent: &str) -> Self {
        Self {
            base_url,
            headers: Vec::new(),
            credentials: Credentials::default(),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            user_agent: user_agent.to_owned(),
            sender: None,
            operation_timeout: None,
            retry: RetryPolicy::default(),
            hooks: Vec::new(),
        }
    }

    /// Where to send requests: a `Server` of the API document or any URL.
    pub fn base_url(mut self, base_url: impl Into<BaseUrl>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// The credentials of security scheme `scheme` (what the generated
    /// setting of each scheme calls), replacing earlier ones.
    pub(crate) fn credential(mut self, scheme: &'static str, credential: Credential) -> Self {
        self.credentials.set(scheme, credential);
        self
    }

    /// A header sent with every request; replaces an earlier value of the
    /// same header.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        set_header(&mut self.headers, name.into(), value.into());
        self
    }

    /// The limit for each attempt of a request, response body included
    /// (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The limit for a whole `send()`: every attempt and every wait between
    /// them (default: none, so the attempts' timeouts and the retry policy
    /// bound it). When it passes, the request fails with a timeout; a retry
    /// whose wait would end after it is not made.
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = Some(timeout);
        self
    }

    /// The limit for opening a connection (default 10 s). Not applied to a
    /// client given with [`ClientBuilder::http_client`].
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The `User-Agent` header (default: this crate's name and version).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// How failed requests are retried. By default idempotent requests
    /// (GET, HEAD, PUT, DELETE, OPTIONS, or any with an `Idempotency-Key`
    /// header) are retried up to 3 times on 429, 452, 5xx, connect errors
    /// and timeouts, waiting as `Retry-After` says (at most 30 s) or with
    /// jittered exponential backoff from 250 ms, at most 30 s.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Turns retrying off: every request is sent once.
    pub fn no_retries(self) -> Self {
        self.retry_policy(RetryPolicy::none())
    }

    /// Sends through this `reqwest::Client` (for proxies, custom TLS, shared
    /// pools) instead of one built from these settings. The timeout is then
    /// set on each request; the connect timeout and user agent are the
    /// given client's.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.sender = Some(Sender::Reqwest(http));
        self
    }

    /// Sends every attempt through `transport` (a middleware stack, a test
    /// double) instead of a `reqwest::Client`. Retries, timeouts on each
    /// request, credentials and decoding stay the client's: do not stack a
    /// second retry layer below it.
    pub fn transport(mut self, transport: impl Transport) -> Self {
        self.sender = Some(Sender::Custom(Arc::new(transport)));
        self
    }

    /// Runs `hook` around every attempt of every request, after the hooks
    /// added before it.
    pub fn hook(mut self, hook: impl Hook) -> Self {
        self.hooks.push(Arc::new(hook));
        self
    }

    /// Runs `before` on every attempt before it is sent (and again before
    /// an attempt is sent once more with fresh credentials after a 401:
    /// [`AttemptRequest::is_resent_with_fresh_credentials`]): to set headers,
    /// or to stop the request by returning an error. (For `async` work, such
    /// as refreshing a credential, implement [`Hook`].)
    pub fn before_attempt(
        self,
        before: impl Fn(&mut AttemptRequest) -> Result<(), HookError> + Send + Sync + 'static,
    ) -> Self {
        self.hook(FnHook {
            before,
            after: |_: &Attempt<'_>| {},
        })
    }

    /// Runs `after` after every attempt, with what came of it (operation,
    /// method, path template, attempt number, status, time taken): for
    /// logs and metrics.
    pub fn after_attempt(self, after: impl Fn(&Attempt<'_>) + Send + Sync + 'static) -> Self {
        self.hook(FnHook {
            before: |_: &mut AttemptRequest| Ok(()),
            after,
        })
    }

    /// Sends every attempt to `mock` (feature `test-util`): no network; the
    /// waits between retries are recorded by the mock, not slept. Without
    /// a base URL, requests go to `http://mock.invalid` (never reached).
    /// Credentials that are set are sent (and recorded redacted); an
    /// operation whose credentials are not set still reaches the mock.
    /// OAuth2 client credentials fetch no token, which would take the
    /// network: their schemes send none (a token source of the user's is
    /// asked as usual).
    #[cfg(feature = "test-util")]
    pub fn mock(mut self, mock: &super::mock::Mock) -> Self {
        self.base_url
            .get_or_insert_with(|| "http://mock.invalid".into());
        self.sender = Some(Sender::Mock(mock.clone()));
        self
    }

    /// Checks the settings and makes the client.
    pub(crate) fn try_build<E>(self) -> Result<Client, Error<E>> {
        let base_url = self.parsed_base_url().map_err(Error::Config)?;
        let headers = self.header_map().map_err(Error::Config)?;
        // a client of our own carries the timeout; a given one gets it per request
        let timeout_per_request = self.sender.is_some();
        let sender = match self.sender {
            Some(sender) => sender,
            None => Sender::Reqwest(
                reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout)
                    .timeout(self.timeout)
                    .user_agent(self.user_agent.as_str())
                    .build()
                    .map_err(|e| config(format!("the HTTP client could not be built: {e}")))?,
            ),
        };
        let credentials = self.credentials;
        credentials.check().map_err(config)?;
        #[cfg(all(feature = "oauth2", feature = "test-util"))]
        let credentials = match &sender {
            Sender::Mock(_) => credentials.without_client_credentials(),
            _ => credentials,
        };
        // token requests go through the client's own reqwest, when it has one
        #[cfg(feature = "oauth2")]
        let credentials = {
            let http = match &sender {
                Sender::Reqwest(http) => Some(http),
                _ => None,
            };
            credentials.resolve(&base_url, http).map_err(config)?
        };
        Ok(Client {
            inner: Arc::new(Inner {
                sender,
                base_url,
                headers,
                credentials,
                timeout: self.timeout,
                timeout_per_request,
                operation_timeout: self.operation_timeout,
                retry: self.retry,
                hooks: self.hooks,
            }),
            options: None,
        })
    }

    fn parsed_base_url(&self) -> Result<reqwest::Url, ConfigError> {
        let Some(BaseUrl(raw)) = &self.base_url else {
            return Err(ConfigError {
                message: "no base URL: call `.base_url(...)`".to_owned(),
            });
        };
        let shown = redact_url(raw);
        let url = reqwest::Url::parse(raw.trim_end_matches('/')).map_err(|e| ConfigError {
            message: format!("base URL `{shown}` is not a URL: {e}"),
        })?;
        if !matches!(url.scheme(), "http" | "https") || url.query().is_some() {
            return Err(ConfigError {
                message: format!("base URL `{shown}` must be http(s) and have no query"),
            });
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(ConfigError {
                message: format!(
                    "base URL `{shown}` must not carry credentials: use the client builder's credential settings"
                ),
            });
        }
        Ok(url)
    }

    fn header_map(&self) -> Result<HeaderMap, ConfigError> {
        let mut map = HeaderMap::new();
        for (name, value) in &self.headers {
            let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| ConfigError {
                message: format!("`{name}` is not a valid header name"),
            })?;
            let value = HeaderValue::from_str(value).map_err(|_| ConfigError {
                message: format!("the value of header `{name}` is not valid"),
            })?;
            map.insert(header, value);
        }
        if self.sender.is_some() {
            if let Ok(agent) = HeaderValue::from_str(&self.user_agent) {
                map.insert(reqwest::header::USER_AGENT, agent);
            }
        }
        Ok(map)
    }
}

fn config<E>(message: String) -> Error<E> {
    Error::Config(ConfigError { message })
}

/// A response as received, before decoding.
pub(super) struct RawResponse {
    pub(super) status: u16,
    pub(super) headers: HeaderMap,
    pub(super) body: Vec<u8>,
    /// The unread body of a streamed success (then `body` is empty).
    pub(super) stream: Option<Chunks>,
}

impl RawResponse {
    fn request_id(&self) -> Option<String> {
        request_id(&self.headers).map(str::to_owned)
    }
}

/// A response received, with the operation it answers. (`pub` because
/// [`ReadBody::read`] takes it; nothing outside the runtime can name it.)
pub struct Received {
    pub(super) raw: RawResponse,
    pub(super) endpoint: Endpoint,
}

impl Received {
    /// The body's chunks (as they arrive for a streamed request, else the
    /// body read whole) and where they come from.
    pub(crate) fn into_chunks(self) -> (Chunks, Origin) {
        let request_id = self.raw.request_id();
        let origin = Origin {
            endpoint: self.endpoint,
            status: self.raw.status,
            request_id,
        };
        let chunks = match self.raw.stream {
            Some(chunks) => chunks,
            None => memory_chunks(self.raw.body),
        };
        (chunks, origin)
    }
}

/// What sending a request gives: a future of the outcome, to `.await`.
/// Sending (with retries) is one boxed future whose code every operation
/// shares; only the last step, reading the body as `T` the way `K` says
/// ([`Json`], [`Text`], [`Bytes`], [`NoContent`], or
/// [`ByStatus`](super::ByStatus)), is the operation's own.
/// `H` is the operation's declared response headers, for
/// [`with_response`](Self::with_response); `()` when it declares none.
/// (Generated `send` methods return it by name rather than as an `async`
/// block, which keeps large bindings quick to compile.)
#[must_use = "a request does nothing until its response future is awaited"]
pub struct ResponseFuture<T, E, K = Json, H = ()> {
    sending: Pin<Box<dyn Future<Output = Result<Received, Error<E>>> + Send>>,
    read: PhantomData<fn() -> (T, K)>,
    declared: PhantomData<fn() -> H>,
}

/// A success body read as JSON.
#[derive(Debug)]
pub struct Json;

/// A success body read as UTF-8 text.
#[derive(Debug)]
pub struct Text;

/// A success body kept as bytes.
#[derive(Debug)]
pub struct Bytes;

/// A success status whose body, if any, is not read.
#[derive(Debug)]
pub struct NoContent;

/// How a success body becomes the value `T`.
pub trait ReadBody<T, E> {
    /// Reads the body of `received`.
    #[doc(hidden)]
    fn read(received: Received) -> Result<T, Error<E>>;
}

impl<T: DeserializeOwned, E> ReadBody<T, E> for Json {
    fn read(received: Received) -> Result<T, Error<E>> {
        decode(&received.raw, &received.endpoint).map_err(Error::Decode)
    }
}

impl<E> ReadBody<String, E> for Text {
    fn read(received: Received) -> Result<String, Error<E>> {
        text(received).map_err(Error::Decode)
    }
}

/// The body of `received` as UTF-8 text.
pub(super) fn text(Received { raw, endpoint }: Received) -> Result<String, Box<DecodeError>> {
    let request_id = raw.request_id();
    String::from_utf8(raw.body).map_err(|e| {
        Box::new(DecodeError {
            endpoint,
            status: raw.status,
            request_id,
            path: ".".to_owned(),
            message: format!("the body is not UTF-8 text: {e}"),
            snippet: String::new(),
            position: None,
        })
    })
}

impl<E> ReadBody<Vec<u8>, E> for Bytes {
    fn read(received: Received) -> Result<Vec<u8>, Error<E>> {
        Ok(received.raw.body)
    }
}

impl<E> ReadBody<(), E> for NoContent {
    fn read(_: Received) -> Result<(), Error<E>> {
        Ok(())
    }
}

/// A success read as `K` says, with its status and headers: the marker of
/// `ResponseFuture::with_response`.
#[derive(Debug)]
pub struct WithResponse<K>(PhantomData<K>);

impl<T, E, H, K: ReadBody<T, E>> ReadBody<Response<T, H>, E> for WithResponse<K> {
    fn read(mut received: Received) -> Result<Response<T, H>, Error<E>> {
        let status = received.raw.status;
        let headers = std::mem::take(&mut received.raw.headers);
        K::read(received).map(|body| Response::new(status, headers, body).with_declared_headers())
    }
}

impl<T, E, K, H> ResponseFuture<T, E, K, H> {
    /// The same request, giving the status, headers and request id of the
    /// success beside its body: `.send().with_response().await?` is a
    /// [`Response`], whose `declared_headers()` reads the headers the
    /// description declares. Errors are as for the plain future.
    pub fn with_response(self) -> ResponseFuture<Response<T, H>, E, WithResponse<K>> {
        ResponseFuture {
            sending: self.sending,
            read: PhantomData,
            declared: PhantomData,
        }
    }

    /// The same request, its declared headers forgotten (for pagination,
    /// which reads bodies only).
    pub(crate) fn without_declared_headers(self) -> ResponseFuture<T, E, K> {
        ResponseFuture {
            sending: self.sending,
            read: PhantomData,
            declared: PhantomData,
        }
    }
}

impl<T, E, K: ReadBody<T, E>, H> Future for ResponseFuture<T, E, K, H> {
    type Output = Result<T, Error<E>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.get_mut()
            .sending
            .as_mut()
            .poll(cx)
            .map(|outcome| outcome.and_then(K::read))
    }
}

impl<T, E, K, H> fmt::Debug for ResponseFuture<T, E, K, H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseFuture").finish_non_exhaustive()
    }
}

impl Client {
    /// The same client with settings for one request on top (a request
    /// builder's `customize`).
    pub(crate) fn customized(mut self, set: impl FnOnce(RequestOptions) -> RequestOptions) -> Self {
        let current = self.options.as_deref().cloned().unwrap_or_default();
        self.options = Some(Arc::new(set(current)));
        self
    }

    /// Sends `request`; the future reads a success body as `K` says and an
    /// error body as `E`.
    pub(crate) fn execute<T, E, K, H>(self, request: Request) -> ResponseFuture<T, E, K, H>
    where
        E: DeserializeOwned + Send + 'static,
    {
        ResponseFuture {
            sending: Box::pin(self.receive(request)),
            read: PhantomData,
            declared: PhantomData,
        }
    }

    async fn receive<E: DeserializeOwned>(self, request: Request) -> Result<Received, Error<E>> {
        let endpoint = endpoint(&request);
        let raw = trace::in_span(&endpoint, self.send_with_retries(&request, &endpoint)).await?;
        Ok(Received { raw, endpoint })
    }

    /// Sends until a success, a failure not worth retrying, the retry
    /// budget is spent or the operation timeout passes; then gives the last
    /// response or error.
    async fn send_with_retries<E: DeserializeOwned>(
        &self,
        request: &Request,
        endpoint: &Endpoint,
    ) -> Result<RawResponse, Error<E>> {
        if let Some(message) = &request.invalid {
            return Err(config(message.clone()));
        }
        let options = self.options.as_deref();
        let policy = options.and_then(|o| o.retry).unwrap_or(self.inner.retry);
        let limit = options
            .and_then(|o| o.operation_timeout)
            .or(self.inner.operation_timeout);
        let deadline = limit.map(|limit| (limit, tokio::time::Instant::now() + limit));
        let replayable = request
            .upload
            .as_ref()
            .is_none_or(|(_, body)| body.is_replayable());
        let retries =
            if replayable && retry::is_idempotent(&request.method, request.has_idempotency_key) {
                policy.max_retries
            } else {
                0
            };
        let mut retry = 0;
        loop {
            let started = Instant::now();
            let attempt = self.attempt(request, endpoint, retry + 1);
            let outcome = match deadline {
                None => attempt.await,
                Some((limit, at)) => tokio::time::timeout_at(at, attempt)
                    .await
                    .unwrap_or_else(|_| Err(operation_timed_out(limit, endpoint))),
            };
            let (status, request_id) = match &outcome {
                Ok(raw) => (Some(raw.status), request_id(&raw.headers)),
                Err(error) => (error.status(), error.request_id()),
            };
            let wait = match &outcome {
                Err(error) if error.is_retryable() && retry < retries => {
                    Some(policy.delay(retry, error.retry_after()))
                }
                _ => None,
            };
            // a wait that would end after the deadline is not worth starting
            let wait = wait.filter(|wait| {
                deadline.is_none_or(|(_, at)| tokio::time::Instant::now() + *wait < at)
            });
            let attempt = Attempt {
                endpoint,
                number: retry + 1,
                status,
                request_id,
                elapsed: started.elapsed(),
                retrying: wait.is_some(),
            };
            trace::attempt(&attempt);
            for hook in &self.inner.hooks {
                hook.after_attempt(&attempt).await;
            }
            let Some(wait) = wait else {
                return outcome;
            };
            #[cfg(feature = "test-util")]
            if let Sender::Mock(mock) = &self.inner.sender {
                mock.skipped_wait(wait);
                retry += 1;
                continue;
            }
            tokio::time::sleep(wait).await;
            retry += 1;
        }
    }

    /// One attempt: the credentials added, the request sent, the response
    /// read, an error status made an error. When the API refuses a token
    /// (401), the request is sent once more with a fresh one, within the
    /// same attempt, if its sources give another (a fixed token is not
    /// sent again: the 401 is the answer).
    async fn attempt<E: DeserializeOwned>(
        &self,
        request: &Request,
        endpoint: &Endpoint,
        number: u32,
    ) -> Result<RawResponse, Error<E>> {
        let (authed, used) = self.authenticated(request, endpoint, &Vec::new()).await?;
        let outcome = self.send_once(&authed, endpoint, (number, false)).await;
        // a body sent from a stream is gone: the 401 is the answer then
        let replayable = request
            .upload
            .as_ref()
            .is_none_or(|(_, body)| body.is_replayable());
        match outcome {
            Err(Error::Api(api)) if api.status == 401 && !used.is_empty() && replayable => {
                let (authed, fresh) = self.authenticated(request, endpoint, &used).await?;
                let same = fresh
                    .iter()
                    .map(|(_, token)| token)
                    .eq(used.iter().map(|(_, token)| token));
                if same {
                    return Err(Error::Api(api));
                }
                self.send_once(&authed, endpoint, (number, true)).await
            }
            outcome => outcome,
        }
    }

    /// The request with its credentials (`rejected`: tokens a 401
    /// refused), and the tokens it carries.
    async fn authenticated<'r, E>(
        &self,
        request: &'r Request,
        endpoint: &Endpoint,
        rejected: &UsedTokens,
    ) -> Result<(Cow<'r, Request>, UsedTokens), Error<E>> {
        // the mock is not the API: a request without its credentials still
        // reaches its rules
        #[cfg(feature = "test-util")]
        let optional = matches!(self.inner.sender, Sender::Mock(_));
        #[cfg(not(feature = "test-util"))]
        let optional = false;
        (self.inner.credentials)
            .apply(request, rejected, optional)
            .await
            .map_err(|e| Error::Auth(Box::new(e.at(endpoint))))
    }

    /// The request sent as it is, the response read.
    /// One send of an attempt (`send`: its number, and whether it is the
    /// second send, with fresh credentials after a 401).
    async fn send_once<E: DeserializeOwned>(
        &self,
        request: &Request,
        endpoint: &Endpoint,
        send: (u32, bool),
    ) -> Result<RawResponse, Error<E>> {
        let transport = |e: TransportError| Error::Transport(Box::new(e.at(endpoint)));
        let mut prepared = self.prepare(request).map_err(Error::Config)?;
        if !self.inner.hooks.is_empty() {
            let mut seen = AttemptRequest::new(prepared, request, endpoint, send);
            for hook in &self.inner.hooks {
                hook.before_attempt(&mut seen)
                    .await
                    .map_err(|e| Error::Hook(Box::new(e.at(endpoint))))?;
            }
            prepared = seen.request;
        }
        let mut response = match &self.inner.sender {
            Sender::Reqwest(http) => http
                .execute(prepared)
                .await
                .map_err(|e| transport(TransportError::from_reqwest(e)))?,
            Sender::Custom(custom) => custom.send(prepared).await.map_err(transport)?,
            #[cfg(feature = "test-util")]
            Sender::Mock(mock) => {
                let (status, headers, body) = mock.answer(request, &prepared).map_err(transport)?;
                let raw = RawResponse {
                    status,
                    headers,
                    body,
                    stream: None,
                };
                return success_or_error(raw, endpoint);
            }
        };
        let status = response.status().as_u16();
        let headers = std::mem::take(response.headers_mut());
        if request.stream_response && (200..300).contains(&status) {
            return Ok(RawResponse {
                status,
                headers,
                body: Vec::new(),
                stream: Some(response_chunks(response)),
            });
        }
        let body = response
            .bytes()
            .await
            .map_err(|e| transport(TransportError::from_reqwest(e)))?
            .to_vec();
        success_or_error(
            RawResponse {
                status,
                headers,
                body,
                stream: None,
            },
            endpoint,
        )
    }

    /// The `reqwest::Request` of one attempt: URL, headers (the client's,
    /// the operation's `Accept` unless the client's give one, then the
    /// request's, then this request's options), timeout, body.
    fn prepare(&self, request: &Request) -> Result<reqwest::Request, ConfigError> {
        let inner = &self.inner;
        let options = self.options.as_deref();
        let mut url = inner.base_url.clone();
        let path = format!("{}{}", url.path().trim_end_matches('/'), request.path);
        url.set_path(&path);
        if !request.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &request.query {
                pairs.append_pair(name, value.as_str());
            }
        }
        let mut prepared = reqwest::Request::new(request.method.clone(), url);
        let headers = prepared.headers_mut();
        headers.clone_from(&inner.headers);
        if let Some(accept) = request.accept {
            if !headers.contains_key(reqwest::header::ACCEPT) {
                headers.insert(reqwest::header::ACCEPT, header_value("accept", accept)?);
            }
        }
        for (name, value) in &request.headers {
            let mut header = header_value(name, value.as_str())?;
            header.set_sensitive(value.is_secret());
            headers.insert(header_name(name)?, header);
        }
        if let Some((content_type, _)) = &request.body {
            headers.insert(
                reqwest::header::CONTENT_TYPE,
                header_value("content-type", content_type)?,
            );
        }
        for (name, value) in options.map_or(&[][..], |o| o.headers.as_slice()) {
            headers.insert(header_name(name)?, header_value(name, value)?);
        }
        let timeout = options.and_then(|o| o.timeout);
        *prepared.timeout_mut() = timeout.or(inner.timeout_per_request.then_some(inner.timeout));
        if let Some((_, body)) = &request.body {
            *prepared.body_mut() = Some(body.clone().into());
        }
        if let Some((content_type, upload)) = &request.upload {
            let headers = prepared.headers_mut();
            headers.insert(
                reqwest::header::CONTENT_TYPE,
                header_value("content-type", content_type)?,
            );
            let (body, length) = upload.for_attempt()?;
            if let Some(length) = length {
                headers.insert(reqwest::header::CONTENT_LENGTH, HeaderValue::from(length));
            }
            *prepared.body_mut() = Some(body);
        }
        Ok(prepared)
    }
}

/// A header name (the API description's or the caller's), or the error
/// that names it: `HeaderMap::insert` of a `&'static str` would panic on a
/// name that is not a valid token.
fn header_name(name: &str) -> Result<HeaderName, ConfigError> {
    HeaderName::from_bytes(name.as_bytes()).map_err(|_| ConfigError {
        message: format!("`{name}` is not a valid header name"),
    })
}

/// A header value, or the error that names the header (never the value,
/// which may be a credential).
fn header_value(name: &str, value: &str) -> Result<HeaderValue, ConfigError> {
    HeaderValue::from_str(value).map_err(|_| ConfigError {
        message: format!("the value of header `{name}` is not valid"),
    })
}

fn operation_timed_out<E>(limit: Duration, endpoint: &Endpoint) -> Error<E> {
    let message = format!("the operation timeout of {limit:?} passed");
    Error::Transport(Box::new(
        TransportError::new(TransportErrorKind::Timeout, message).at(endpoint),
    ))
}

fn endpoint(request: &Request) -> Endpoint {
    Endpoint {
        operation: request.operation,
        method: request.method.to_string(),
        template: request.template,
    }
}

fn success_or_error<E: DeserializeOwned>(
    raw: RawResponse,
    endpoint: &Endpoint,
) -> Result<RawResponse, Error<E>> {
    if (200..300).contains(&raw.status) {
        return Ok(raw);
    }
    let body = serde_json::from_slice(&raw.body).ok();
    Err(Error::Api(Box::new(ApiError {
        endpoint: endpoint.clone(),
        status: raw.status,
        request_id: raw.request_id(),
        retry_after: retry::retry_after(&raw.headers),
        body,
        raw_body: capped_text(&raw.body, MAX_RAW_BODY),
    })))
}

/// The JSON body of `raw` as `T`, or where and why it is not one.
pub(super) fn decode<T: DeserializeOwned>(
    raw: &RawResponse,
    endpoint: &Endpoint,
) -> Result<T, Box<DecodeError>> {
    let failure = |path: String, message: String| decode_error(raw, endpoint, path, message);
    // the fast path; only a body that fails is read again to find where
    if let Ok(value) = serde_json::from_slice(&raw.body) {
        return Ok(value);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(&raw.body);
    let value: T = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|e| failure(e.path().to_string(), e.inner().to_string()))?;
    deserializer
        .end()
        .map_err(|e| failure(".".to_owned(), e.to_string()))?;
    Ok(value)
}

/// A body of `raw` that does not decode: where (`path`) and why, with the
/// start of the body.
pub(super) fn decode_error(
    raw: &RawResponse,
    endpoint: &Endpoint,
    path: String,
    message: String,
) -> Box<DecodeError> {
    Box::new(DecodeError {
        endpoint: endpoint.clone(),
        status: raw.status,
        request_id: raw.request_id(),
        path,
        message,
        snippet: snippet(&String::from_utf8_lossy(
            raw.body.get(..1024).unwrap_or(&raw.body),
        )),
        position: None,
    })
}

/// At most `max` bytes of `bytes` as text: invalid UTF-8 replaced, and cut
/// on a character boundary, never inside a character.
fn capped_text(bytes: &[u8], max: usize) -> String {
    let cut = bytes.len() > max;
    let mut text = String::from_utf8_lossy(bytes.get(..max).unwrap_or(bytes)).into_owned();
    if cut && text.ends_with(char::REPLACEMENT_CHARACTER) {
        // most likely a character split by the cut
        text.pop();
    }
    if text.len() > max {
        let mut end = max;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}
