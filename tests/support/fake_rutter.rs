//! An in-process fake of Rutter's Customer Groups API, for tests.
//!
//! [`FakeRutter::start`] binds `127.0.0.1:0` and serves, under `/versioned`:
//!
//! * `GET /versioned/customer_groups` — paginated list with `limit`, `cursor`,
//!   `updated_at_min` / `updated_at_max` (inclusive, Unix milliseconds) and
//!   `force_fetch` (`"true"` / `"false"` only);
//! * `GET /versioned/customer_groups/{id}` — one group, `null` for
//!   [`NULL_GROUP_ID`], a Rutter 404 body for unknown ids.
//!
//! Every request must carry HTTP Basic organisation credentials, the
//! connection's `access_token` query parameter and an `X-Rutter-Version`
//! header; failures answer with Rutter's error body
//! (`error_type` / `error_code` / `error_message`). Every response carries a
//! unique `X-Rutter-Request-ID` (`req-1`, `req-2`, ...).
//!
//! The fake is deliberately strict: unknown or repeated query parameters,
//! malformed numbers, unknown cursors and unknown versions are all 400s, so a
//! client that sends something odd finds out. Each request is recorded exactly
//! as received (raw percent-encoded path, raw query) for assertions, and
//! [`FakeRutter::push_fault`] scripts the next responses (status, body,
//! headers, delay, a body that dribbles out slowly) for retry and error-path
//! tests; [`FakeRutter::request_times`] tells when each request arrived. The
//! server task is aborted when the [`FakeRutter`] is dropped.
//!
//! Faults HTTP itself cannot express (a connection closed or reset without
//! an answer, a body shorter than its `Content-Length`) come from
//! [`RawServer`], a scripted server on a plain `TcpListener`.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::{Query, Request, State};
use axum::http::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

/// Organisation client ID accepted by default.
pub const DEFAULT_CLIENT_ID: &str = "test-client-id";
/// Organisation client secret accepted by default.
pub const DEFAULT_CLIENT_SECRET: &str = "test-client-secret";
/// Connection access token accepted by default.
pub const DEFAULT_ACCESS_TOKEN: &str = "test-access-token";
/// Fetching this id answers `{"customer_group": null, ...}`.
pub const NULL_GROUP_ID: &str = "null-group";
/// `connection.id` of the default connection.
pub const CONNECTION_ID: &str = "11111111-1111-1111-1111-111111111111";
/// `connection.orgId` of the default connection.
pub const ORG_ID: &str = "22222222-2222-2222-2222-222222222222";
/// `connection.platform` of the default connection.
pub const PLATFORM: &str = "SHOPIFY";
/// Values of `X-Rutter-Version` the fake accepts.
pub const KNOWN_VERSIONS: [&str; 5] = [
    "2023-02-07",
    "2023-03-14",
    "2024-04-30",
    "2024-08-31",
    "unstable",
];
/// Page size when `limit` is absent.
pub const DEFAULT_LIMIT: usize = 50;
/// Largest accepted `limit`.
pub const MAX_LIMIT: usize = 500;
/// `updated_at` of `sample_groups(n)[0]`: 2023-01-02T02:34:56.000Z.
pub const BASE_UPDATED_AT_MS: i64 = 1_672_626_896_000;
/// Difference between consecutive sample `updated_at` values (1 day + 7 ms).
pub const UPDATED_AT_STEP_MS: i64 = 86_400_007;
/// `created_at` of `sample_groups(n)[0]`: 2022-01-01T00:00:00.000Z.
pub const BASE_CREATED_AT_MS: i64 = 1_640_995_200_000;
/// Difference between consecutive sample `created_at` values (1 hour + 1 ms).
pub const CREATED_AT_STEP_MS: i64 = 3_600_001;
/// `doc_url` of the 404 body: an extra field clients must tolerate.
pub const NOT_FOUND_DOC_URL: &str = "https://docs.rutterapi.com/errors#object-not-found";

const LIST_PARAMS: [&str; 6] = [
    "access_token",
    "cursor",
    "limit",
    "updated_at_min",
    "updated_at_max",
    "force_fetch",
];
const FETCH_PARAMS: [&str; 2] = ["access_token", "force_fetch"];
const LIST_PATH: &str = "/versioned/customer_groups";
const CURSOR_PREFIX: &str = "offset:";

// ---------------------------------------------------------------------------
// Sample data
// ---------------------------------------------------------------------------

/// The id of `sample_groups(n)[index]`.
pub fn sample_id(index: usize) -> String {
    format!("00000000-0000-0000-0000-{index:012}")
}

/// `updated_at` of `sample_groups(n)[index]`, in Unix milliseconds.
pub fn sample_updated_at_ms(index: usize) -> i64 {
    BASE_UPDATED_AT_MS + UPDATED_AT_STEP_MS * index_i64(index)
}

/// `created_at` of `sample_groups(n)[index]`, in Unix milliseconds.
pub fn sample_created_at_ms(index: usize) -> i64 {
    BASE_CREATED_AT_MS + CREATED_AT_STEP_MS * index_i64(index)
}

/// `platform_id` of `sample_groups(n)[index]`: a string for even indexes,
/// `null` for `index % 4 == 1`, absent for `index % 4 == 3`.
pub fn sample_platform_id(index: usize) -> Option<String> {
    (index % 2 == 0).then(|| format!("{}", 7_000_000 + index))
}

/// `name` of `sample_groups(n)[index]`: `null` when `index % 3 == 2`.
pub fn sample_name(index: usize) -> Option<String> {
    (index % 3 != 2).then(|| format!("Group {index}"))
}

/// Formats Unix milliseconds the way Rutter does: `2023-01-02T02:34:56.000Z`.
pub fn iso_millis(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// `n` deterministic customer groups, `updated_at` increasing by
/// [`UPDATED_AT_STEP_MS`] from [`BASE_UPDATED_AT_MS`]; see the `sample_*`
/// functions for each field.
pub fn sample_groups(n: usize) -> Vec<Value> {
    (0..n).map(sample_group).collect()
}

/// `sample_groups(n)[index]`.
pub fn sample_group(index: usize) -> Value {
    let mut group = json!({
        "id": sample_id(index),
        "name": sample_name(index),
        "created_at": iso_millis(sample_created_at_ms(index)),
        "updated_at": iso_millis(sample_updated_at_ms(index)),
    });
    if index % 4 != 3 {
        group["platform_id"] = json!(sample_platform_id(index));
    }
    group
}

/// The default `connection` object of every response.
pub fn default_connection() -> Value {
    json!({"id": CONNECTION_ID, "orgId": ORG_ID, "platform": PLATFORM})
}

fn index_i64(index: usize) -> i64 {
    i64::try_from(index).unwrap_or(i64::MAX)
}

// ---------------------------------------------------------------------------
// Encodings
// ---------------------------------------------------------------------------

const BASE64_ALPHABET: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
pub fn base64_encode(input: &[u8]) -> String {
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let byte = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = (byte(0) << 16) | (byte(1) << 8) | byte(2);
        for i in 0..4 {
            if i <= chunk.len() {
                let sextet = (n >> (18 - 6 * i)) & 63;
                out.push(char::from(BASE64_ALPHABET[sextet as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Standard base64, padding optional; `None` on any invalid input.
pub fn base64_decode(input: &str) -> Option<Vec<u8>> {
    let data = input.trim_end_matches('=');
    if data.len() % 4 == 1 || input.len() - data.len() > 2 {
        return None;
    }
    let mut out = Vec::with_capacity(data.len() * 3 / 4);
    let (mut acc, mut bits) = (0_u32, 0_u32);
    for c in data.bytes() {
        acc = (acc << 6) | u32::from(base64_sextet(c)?);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xff) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

fn base64_sextet(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// The `Authorization` header value for HTTP Basic credentials.
pub fn basic_auth_header(client_id: &str, client_secret: &str) -> String {
    format!(
        "Basic {}",
        base64_encode(format!("{client_id}:{client_secret}").as_bytes())
    )
}

/// Decodes `%XX` escapes (no `+` handling: for path segments); `None` on a
/// malformed escape or invalid UTF-8.
pub fn percent_decode(input: &str) -> Option<String> {
    let mut out = Vec::with_capacity(input.len());
    let mut bytes = input.bytes();
    while let Some(b) = bytes.next() {
        if b == b'%' {
            let hi = hex_digit(bytes.next()?)?;
            let lo = hex_digit(bytes.next()?)?;
            out.push((hi << 4) | lo);
        } else {
            out.push(b);
        }
    }
    String::from_utf8(out).ok()
}

fn hex_digit(c: u8) -> Option<u8> {
    char::from(c)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

/// The opaque cursor the fake hands out for the page starting at `offset`.
pub fn cursor_for_offset(offset: usize) -> String {
    base64_encode(format!("{CURSOR_PREFIX}{offset}").as_bytes())
}

fn offset_from_cursor(cursor: &str) -> Option<usize> {
    let decoded = String::from_utf8(base64_decode(cursor)?).ok()?;
    decoded.strip_prefix(CURSOR_PREFIX)?.parse().ok()
}

// ---------------------------------------------------------------------------
// Recorded requests
// ---------------------------------------------------------------------------

/// One request as the fake received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path exactly as received, still percent-encoded.
    pub path: String,
    /// The raw query string (without `?`), if the URL had one.
    pub query: Option<String>,
    /// The query decoded as `application/x-www-form-urlencoded`, in order.
    pub query_pairs: Vec<(String, String)>,
    /// Headers in order, names lowercased, values lossily decoded as UTF-8.
    pub headers: Vec<(String, String)>,
}

impl RecordedRequest {
    fn from_request(req: &Request) -> Self {
        let uri = req.uri();
        let headers = req
            .headers()
            .iter()
            .map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                (name.as_str().to_ascii_lowercase(), value)
            })
            .collect();
        RecordedRequest {
            method: req.method().as_str().to_owned(),
            path: uri.path().to_owned(),
            query: uri.query().map(str::to_owned),
            query_pairs: decode_query(uri),
            headers,
        }
    }

    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.header_values(name).into_iter().next()
    }

    /// Every value of header `name` (case-insensitive), in order.
    pub fn header_values(&self, name: &str) -> Vec<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .filter(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The first decoded value of query parameter `name`.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query_values(name).into_iter().next()
    }

    /// Every decoded value of query parameter `name`, in order.
    pub fn query_values(&self, name: &str) -> Vec<&str> {
        self.query_pairs
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

fn decode_query(uri: &Uri) -> Vec<(String, String)> {
    Query::<Vec<(String, String)>>::try_from_uri(uri)
        .map(|Query(pairs)| pairs)
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------
// Fault injection
// ---------------------------------------------------------------------------

/// A scripted override of the next response, queued with
/// [`FakeRutter::push_fault`]. Faults apply in FIFO order, one per request,
/// before authentication, so every request (even an invalid one) consumes one.
#[derive(Debug, Clone)]
pub struct Fault {
    delay: Duration,
    reply: Option<(StatusCode, Vec<u8>)>,
    headers: Vec<(HeaderName, HeaderValue)>,
    dribble: Option<(usize, Duration)>,
}

impl Fault {
    /// Answer `status` with `body` verbatim (content type `application/json`
    /// unless overridden with [`Fault::with_header`]).
    pub fn status(status: u16, body: impl Into<String>) -> Self {
        Fault::status_bytes(status, body.into().into_bytes())
    }

    /// Answer `status` with `body` verbatim, which need not be UTF-8.
    pub fn status_bytes(status: u16, body: impl Into<Vec<u8>>) -> Self {
        let status = StatusCode::from_u16(status).expect("fault status must be 100..=999");
        Fault {
            delay: Duration::ZERO,
            reply: Some((status, body.into())),
            headers: Vec::new(),
            dribble: None,
        }
    }

    /// Answer `status` with a Rutter error body.
    pub fn rutter_error(status: u16, error_type: &str, error_code: &str, message: &str) -> Self {
        Fault::status(
            status,
            error_body(error_type, error_code, message).to_string(),
        )
    }

    /// A 429 with `Retry-After: retry_after` and a Rutter rate-limit body.
    pub fn too_many_requests(retry_after: &str) -> Self {
        Fault::rutter_error(
            429,
            "RATE_LIMIT_ERROR",
            "RATE_LIMIT_EXCEEDED",
            "Too many requests; slow down.",
        )
        .with_header("retry-after", retry_after)
    }

    /// The normal response, unchanged: lets a later fault hit a later
    /// request (e.g. the second page of a walk).
    pub fn pass() -> Self {
        Fault::delay(Duration::ZERO)
    }

    /// The normal response, served only after `delay`.
    pub fn delay(delay: Duration) -> Self {
        Fault {
            delay,
            reply: None,
            headers: Vec::new(),
            dribble: None,
        }
    }

    /// Sends the status line and headers at once, then the body (scripted or
    /// normal) `chunk` bytes at a time, waiting `interval` before each chunk:
    /// a server that answers quickly but never finishes in time.
    pub fn dribble(mut self, chunk: usize, interval: Duration) -> Self {
        self.dribble = Some((chunk.max(1), interval));
        self
    }

    /// Waits `delay` before answering.
    pub fn with_delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// Sets (replaces) a response header.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        let name = HeaderName::from_bytes(name.as_bytes()).expect("fault header name");
        let value = HeaderValue::from_str(value).expect("fault header value");
        self.headers.push((name, value));
        self
    }
}

// ---------------------------------------------------------------------------
// Configuration and server
// ---------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct Config {
    client_id: String,
    client_secret: String,
    access_token: String,
    connection: Value,
    groups: Vec<Value>,
    null_group_id: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            client_id: DEFAULT_CLIENT_ID.to_owned(),
            client_secret: DEFAULT_CLIENT_SECRET.to_owned(),
            access_token: DEFAULT_ACCESS_TOKEN.to_owned(),
            connection: default_connection(),
            groups: Vec::new(),
            null_group_id: NULL_GROUP_ID.to_owned(),
        }
    }
}

/// Configures a [`FakeRutter`] before starting it.
#[derive(Debug, Clone, Default)]
pub struct FakeRutterBuilder {
    config: Config,
}

impl FakeRutterBuilder {
    /// The groups the fake serves, in list order.
    pub fn groups(mut self, groups: Vec<Value>) -> Self {
        self.config.groups = groups;
        self
    }

    /// The organisation credentials required as HTTP Basic auth.
    pub fn credentials(mut self, client_id: &str, client_secret: &str) -> Self {
        self.config.client_id = client_id.to_owned();
        self.config.client_secret = client_secret.to_owned();
        self
    }

    /// The required `access_token` query parameter.
    pub fn access_token(mut self, token: &str) -> Self {
        self.config.access_token = token.to_owned();
        self
    }

    /// The `connection` object of every response.
    pub fn connection(mut self, connection: Value) -> Self {
        self.config.connection = connection;
        self
    }

    /// Replaces `connection.platform` (e.g. a value clients do not know yet).
    pub fn platform(mut self, platform: &str) -> Self {
        self.config.connection["platform"] = json!(platform);
        self
    }

    /// The id whose fetch answers `customer_group: null`.
    pub fn null_group_id(mut self, id: &str) -> Self {
        self.config.null_group_id = id.to_owned();
        self
    }

    /// Binds `127.0.0.1:0` and starts serving.
    pub async fn start(self) -> FakeRutter {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let shared = Arc::new(Shared {
            config: self.config,
            requests: Mutex::new(Vec::new()),
            arrivals: Mutex::new(Vec::new()),
            faults: Mutex::new(VecDeque::new()),
            counter: AtomicU64::new(0),
        });
        let app = Router::new()
            .fallback(handle)
            .with_state(Arc::clone(&shared));
        let task = tokio::spawn(async move {
            // An accept error ends the fake; tests then see connection errors.
            let _ = axum::serve(listener, app).await;
        });
        FakeRutter { addr, shared, task }
    }
}

/// A running fake; the server stops when this is dropped.
#[derive(Debug)]
pub struct FakeRutter {
    addr: SocketAddr,
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

impl FakeRutter {
    /// Starts a fake serving `groups` with the default credentials.
    pub async fn start(groups: Vec<Value>) -> FakeRutter {
        FakeRutter::builder().groups(groups).start().await
    }

    /// A builder to change credentials, token or connection first.
    pub fn builder() -> FakeRutterBuilder {
        FakeRutterBuilder::default()
    }

    /// `http://127.0.0.1:PORT/versioned`.
    pub fn base_url(&self) -> String {
        format!("{}/versioned", self.root_url())
    }

    /// `http://127.0.0.1:PORT` (no `/versioned`).
    pub fn root_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The `Authorization` header value the fake expects.
    pub fn expected_authorization(&self) -> String {
        let config = &self.shared.config;
        basic_auth_header(&config.client_id, &config.client_secret)
    }

    /// Every request received so far, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.requests).clone()
    }

    /// How many requests were received so far.
    pub fn request_count(&self) -> usize {
        lock(&self.shared.requests).len()
    }

    /// When each request of [`FakeRutter::requests`] arrived, in the same order.
    pub fn request_times(&self) -> Vec<Instant> {
        lock(&self.shared.arrivals).clone()
    }

    /// The time between consecutive requests (one fewer than the requests).
    pub fn gaps(&self) -> Vec<Duration> {
        self.request_times()
            .windows(2)
            .map(|pair| match pair {
                [earlier, later] => later.saturating_duration_since(*earlier),
                _ => Duration::ZERO,
            })
            .collect()
    }

    /// The most recent request, if any.
    pub fn last_request(&self) -> Option<RecordedRequest> {
        lock(&self.shared.requests).last().cloned()
    }

    /// Forgets the recorded requests.
    pub fn clear_requests(&self) {
        lock(&self.shared.requests).clear();
    }

    /// Queues `fault` to override the response of a future request.
    pub fn push_fault(&self, fault: Fault) {
        lock(&self.shared.faults).push_back(fault);
    }

    /// How many queued faults have not been served yet.
    pub fn pending_faults(&self) -> usize {
        lock(&self.shared.faults).len()
    }

    /// Drops the queued faults that have not been served yet.
    pub fn clear_faults(&self) {
        lock(&self.shared.faults).clear();
    }
}

impl Drop for FakeRutter {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[derive(Debug)]
struct Shared {
    config: Config,
    requests: Mutex<Vec<RecordedRequest>>,
    arrivals: Mutex<Vec<Instant>>,
    faults: Mutex<VecDeque<Fault>>,
    counter: AtomicU64,
}

impl Shared {
    fn next_request_id(&self) -> String {
        format!("req-{}", self.counter.fetch_add(1, Ordering::Relaxed) + 1)
    }

    fn pop_fault(&self) -> Option<Fault> {
        lock(&self.faults).pop_front()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

// ---------------------------------------------------------------------------
// Request handling
// ---------------------------------------------------------------------------

async fn handle(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    let request_id = shared.next_request_id();
    let recorded = RecordedRequest::from_request(&req);
    {
        // Both under one lock order, so times and requests stay aligned.
        let mut requests = lock(&shared.requests);
        lock(&shared.arrivals).push(Instant::now());
        requests.push(recorded.clone());
    }
    let mut response = match shared.pop_fault() {
        Some(fault) => apply_fault(fault, &shared.config, &recorded).await,
        None => respond(&shared.config, &recorded),
    };
    let headers = response.headers_mut();
    if !headers.contains_key("x-rutter-request-id") {
        if let Ok(value) = HeaderValue::from_str(&request_id) {
            headers.insert("x-rutter-request-id", value);
        }
    }
    response
}

async fn apply_fault(fault: Fault, config: &Config, req: &RecordedRequest) -> Response {
    if !fault.delay.is_zero() {
        tokio::time::sleep(fault.delay).await;
    }
    let mut response = match fault.reply {
        Some((status, body)) => json_response(status, body),
        None => respond(config, req),
    };
    for (name, value) in fault.headers {
        response.headers_mut().insert(name, value);
    }
    match fault.dribble {
        Some((chunk, interval)) => dribble_body(response, chunk, interval).await,
        None => response,
    }
}

/// `response` with its body re-sent in `chunk`-byte pieces, `interval` apart.
async fn dribble_body(response: Response, chunk: usize, interval: Duration) -> Response {
    let (mut parts, body) = response.into_parts();
    // The fake's own bodies are in memory; an unreadable one dribbles as empty.
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default()
        .to_vec();
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    let chunks: VecDeque<Vec<u8>> = bytes.chunks(chunk).map(<[u8]>::to_vec).collect();
    let stream = futures_util::stream::unfold(chunks, move |mut chunks| async move {
        let next = chunks.pop_front()?;
        tokio::time::sleep(interval).await;
        Some((Ok::<_, std::io::Error>(next), chunks))
    });
    Response::from_parts(parts, Body::from_stream(stream))
}

fn respond(config: &Config, req: &RecordedRequest) -> Response {
    match serve(config, req) {
        Ok(body) => json_response(StatusCode::OK, body.to_string()),
        Err(error) => error.into_response(),
    }
}

fn json_response(status: StatusCode, body: impl Into<Body>) -> Response {
    let mut response = Response::new(body.into());
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

fn serve(config: &Config, req: &RecordedRequest) -> Result<Value, ApiError> {
    check_basic_auth(config, req)?;
    let params = Params(&req.query_pairs);
    check_access_token(config, &params)?;
    check_version(req)?;
    match route(&req.method, &req.path)? {
        Endpoint::List => list(config, &params),
        Endpoint::Fetch(id) => fetch(config, &id, &params),
    }
}

enum Endpoint {
    List,
    Fetch(String),
}

fn route(method: &str, path: &str) -> Result<Endpoint, ApiError> {
    let rest = path
        .strip_prefix(LIST_PATH)
        .ok_or_else(|| ApiError::no_route(path))?;
    let endpoint = match rest.strip_prefix('/') {
        None if rest.is_empty() => Endpoint::List,
        Some(segment) if !segment.is_empty() && !segment.contains('/') => {
            let id = percent_decode(segment).ok_or_else(|| {
                ApiError::bad_request("INVALID_PATH", "The id is not valid percent-encoded UTF-8.")
            })?;
            Endpoint::Fetch(id)
        }
        _ => return Err(ApiError::no_route(path)),
    };
    if method != "GET" {
        return Err(ApiError::method_not_allowed(method));
    }
    Ok(endpoint)
}

fn check_basic_auth(config: &Config, req: &RecordedRequest) -> Result<(), ApiError> {
    let values = req.header_values("authorization");
    let [value] = values.as_slice() else {
        return Err(ApiError::unauthorized(
            "Expected exactly one Authorization header with Basic credentials.",
        ));
    };
    let expected = format!("{}:{}", config.client_id, config.client_secret);
    match decode_basic(value) {
        Some(credentials) if credentials == expected => Ok(()),
        Some(_) => Err(ApiError::unauthorized(
            "Invalid client_id or client_secret.",
        )),
        None => Err(ApiError::unauthorized(
            "Malformed Basic Authorization header.",
        )),
    }
}

fn decode_basic(value: &str) -> Option<String> {
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    String::from_utf8(base64_decode(encoded.trim())?).ok()
}

fn check_access_token(config: &Config, params: &Params<'_>) -> Result<(), ApiError> {
    match params.single("access_token")? {
        Some(token) if token == config.access_token => Ok(()),
        Some(_) => Err(ApiError::unauthorized("Invalid access_token.")),
        None => Err(ApiError::unauthorized(
            "The access_token query parameter is required.",
        )),
    }
}

fn check_version(req: &RecordedRequest) -> Result<(), ApiError> {
    match req.header_values("x-rutter-version").as_slice() {
        [] => Err(ApiError::bad_request(
            "MISSING_VERSION",
            "The X-Rutter-Version header is required.",
        )),
        [version] if KNOWN_VERSIONS.contains(version) => Ok(()),
        _ => Err(ApiError::bad_request(
            "INVALID_VERSION",
            "The X-Rutter-Version header is not a known version.",
        )),
    }
}

/// The decoded query, with strict lookups.
struct Params<'a>(&'a [(String, String)]);

impl Params<'_> {
    /// The value of `name`; a 400 when it is repeated.
    fn single(&self, name: &str) -> Result<Option<&str>, ApiError> {
        let mut values = self.0.iter().filter(|(n, _)| n == name);
        let first = values.next().map(|(_, v)| v.as_str());
        if values.next().is_some() {
            return Err(ApiError::invalid_parameter(name, "must not be repeated"));
        }
        Ok(first)
    }

    /// A 400 for any parameter outside `allowed`.
    fn only(&self, allowed: &[&str]) -> Result<(), ApiError> {
        match self.0.iter().find(|(n, _)| !allowed.contains(&n.as_str())) {
            Some((name, _)) => Err(ApiError::invalid_parameter(name, "is not supported")),
            None => Ok(()),
        }
    }

    fn millis(&self, name: &str) -> Result<Option<i64>, ApiError> {
        self.single(name)?
            .map(|v| v.parse::<i64>())
            .transpose()
            .map_err(|_| ApiError::invalid_parameter(name, "must be Unix milliseconds"))
    }

    fn limit(&self) -> Result<usize, ApiError> {
        let Some(raw) = self.single("limit")? else {
            return Ok(DEFAULT_LIMIT);
        };
        match raw.parse::<usize>() {
            Ok(limit) if (1..=MAX_LIMIT).contains(&limit) => Ok(limit),
            _ => Err(ApiError::invalid_parameter("limit", "must be 1..=500")),
        }
    }

    fn check_force_fetch(&self) -> Result<(), ApiError> {
        match self.single("force_fetch")? {
            None | Some("true") | Some("false") => Ok(()),
            Some(_) => Err(ApiError::invalid_parameter(
                "force_fetch",
                "must be \"true\" or \"false\"",
            )),
        }
    }
}

fn list(config: &Config, params: &Params<'_>) -> Result<Value, ApiError> {
    params.only(&LIST_PARAMS)?;
    params.check_force_fetch()?;
    let limit = params.limit()?;
    let min = params.millis("updated_at_min")?;
    let max = params.millis("updated_at_max")?;
    let matching: Vec<&Value> = config
        .groups
        .iter()
        .filter(|group| updated_within(group, min, max))
        .collect();
    let offset = match params.single("cursor")? {
        None => 0,
        Some(cursor) => offset_from_cursor(cursor)
            .filter(|offset| *offset <= matching.len())
            .ok_or_else(|| ApiError::invalid_parameter("cursor", "is not a valid cursor"))?,
    };
    let end = offset.saturating_add(limit).min(matching.len());
    let next_cursor = (end < matching.len()).then(|| cursor_for_offset(end));
    Ok(json!({
        "customer_groups": matching.get(offset..end).unwrap_or_default(),
        "next_cursor": next_cursor,
        "connection": config.connection,
    }))
}

fn updated_within(group: &Value, min: Option<i64>, max: Option<i64>) -> bool {
    if min.is_none() && max.is_none() {
        return true;
    }
    let Some(updated) = group
        .get("updated_at")
        .and_then(Value::as_str)
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.timestamp_millis())
    else {
        return false;
    };
    min.is_none_or(|min| updated >= min) && max.is_none_or(|max| updated <= max)
}

fn fetch(config: &Config, id: &str, params: &Params<'_>) -> Result<Value, ApiError> {
    params.only(&FETCH_PARAMS)?;
    params.check_force_fetch()?;
    let group = if id == config.null_group_id {
        Value::Null
    } else {
        config
            .groups
            .iter()
            .find(|g| g.get("id").and_then(Value::as_str) == Some(id))
            .cloned()
            .ok_or_else(|| ApiError::not_found(id))?
    };
    Ok(json!({"customer_group": group, "connection": config.connection}))
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/// A Rutter error body.
pub fn error_body(error_type: &str, error_code: &str, message: &str) -> Value {
    json!({"error_type": error_type, "error_code": error_code, "error_message": message})
}

struct ApiError {
    status: StatusCode,
    body: Value,
}

impl ApiError {
    fn new(status: StatusCode, error_type: &str, error_code: &str, message: &str) -> Self {
        ApiError {
            status,
            body: error_body(error_type, error_code, message),
        }
    }

    fn unauthorized(message: &str) -> Self {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "AUTHENTICATION_ERROR",
            "INVALID_CREDENTIALS",
            message,
        )
    }

    fn bad_request(code: &str, message: &str) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, "INVALID_REQUEST", code, message)
    }

    fn invalid_parameter(name: &str, problem: &str) -> Self {
        let message = format!("Query parameter {name:?} {problem}.");
        ApiError::bad_request("INVALID_PARAMETER", &message)
    }

    fn not_found(id: &str) -> Self {
        let message = format!("No customer group with id {id:?}.");
        let mut error = ApiError::new(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            "OBJECT_NOT_FOUND",
            &message,
        );
        error.body["doc_url"] = json!(NOT_FOUND_DOC_URL);
        error
    }

    fn no_route(path: &str) -> Self {
        let message = format!("No endpoint at {path:?}.");
        ApiError::new(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            "ENDPOINT_NOT_FOUND",
            &message,
        )
    }

    fn method_not_allowed(method: &str) -> Self {
        let message = format!("Method {method} is not supported here.");
        ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "INVALID_REQUEST",
            "METHOD_NOT_ALLOWED",
            &message,
        )
    }

    fn into_response(self) -> Response {
        json_response(self.status, self.body.to_string())
    }
}

// ---------------------------------------------------------------------------
// Helpers for fault tests
// ---------------------------------------------------------------------------

/// `at` as an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`), as `Retry-After`
/// may carry it.
pub fn http_date(at: DateTime<Utc>) -> String {
    at.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

/// The current time (chrono is built without its `clock` feature).
pub fn utc_now() -> DateTime<Utc> {
    DateTime::<Utc>::from(std::time::SystemTime::now())
}

/// A list page with `groups`, `next_cursor` and the default connection.
pub fn list_page(groups: Vec<Value>, next_cursor: Option<&str>) -> Value {
    json!({
        "customer_groups": groups,
        "next_cursor": next_cursor,
        "connection": default_connection(),
    })
}

/// An address on 127.0.0.1 where nothing listens (bound, then released), so
/// connecting to it is refused.
pub async fn refused_addr() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1:0");
    listener.local_addr().expect("local address")
}

// ---------------------------------------------------------------------------
// Raw TCP server, for faults below HTTP
// ---------------------------------------------------------------------------

/// How long [`RawServer`] waits for a request head before giving up on a
/// connection, and the most it reads of one.
const RAW_READ_TIMEOUT: Duration = Duration::from_secs(5);
const RAW_MAX_HEAD: usize = 64 * 1024;

/// What [`RawServer`] does with one connection, after reading the request head.
#[derive(Debug, Clone)]
pub enum RawAction {
    /// Closes the connection (FIN) without answering.
    Close,
    /// Resets the connection (RST, through a zero linger) without answering.
    Reset,
    /// Answers with this status line, headers and body, `Content-Length`
    /// set to the body's length and `Connection: close`, then closes.
    Respond {
        /// The status code.
        status: u16,
        /// Extra headers.
        headers: Vec<(String, String)>,
        /// The body.
        body: Vec<u8>,
    },
    /// Answers with this status and `Content-Length: declared`, sends only
    /// `body` (shorter), then closes: a response cut off in transit.
    Truncated {
        /// The status code.
        status: u16,
        /// The `Content-Length` announced.
        declared: usize,
        /// What is actually sent.
        body: Vec<u8>,
    },
}

impl RawAction {
    /// A JSON answer with `status`.
    pub fn json(status: u16, body: &Value) -> Self {
        RawAction::Respond {
            status,
            headers: vec![("content-type".to_owned(), "application/json".to_owned())],
            body: body.to_string().into_bytes(),
        }
    }
}

/// One request head as [`RawServer`] read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRequest {
    /// The request line, e.g. `GET /versioned/customer_groups?access_token=... HTTP/1.1`.
    pub request_line: String,
    /// The whole head (request line and headers), lossily decoded.
    pub head: String,
}

impl RawRequest {
    /// The request target (path and query) of the request line.
    pub fn target(&self) -> &str {
        self.request_line.split(' ').nth(1).unwrap_or_default()
    }
}

#[derive(Debug)]
struct RawShared {
    script: Mutex<VecDeque<RawAction>>,
    fallback: RawAction,
    requests: Mutex<Vec<RawRequest>>,
    connections: AtomicU64,
}

/// A server on `127.0.0.1:0` that plays a script, one action per
/// connection (FIFO), then `fallback` for every later connection. Not HTTP
/// aware beyond reading a request head; connections are never reused.
/// Stops (with every open connection) when dropped.
#[derive(Debug)]
pub struct RawServer {
    addr: SocketAddr,
    shared: Arc<RawShared>,
    task: JoinHandle<()>,
}

impl RawServer {
    /// Starts serving `script`, then `fallback`.
    pub async fn start(script: Vec<RawAction>, fallback: RawAction) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let shared = Arc::new(RawShared {
            script: Mutex::new(script.into()),
            fallback,
            requests: Mutex::new(Vec::new()),
            connections: AtomicU64::new(0),
        });
        let state = Arc::clone(&shared);
        let task = tokio::spawn(async move {
            // Dropping the set (when this task is aborted) aborts every connection.
            let mut connections = JoinSet::new();
            while let Ok((stream, _)) = listener.accept().await {
                state.connections.fetch_add(1, Ordering::Relaxed);
                connections.spawn(raw_connection(stream, Arc::clone(&state)));
                while connections.try_join_next().is_some() {}
            }
        });
        RawServer { addr, shared, task }
    }

    /// `http://127.0.0.1:PORT/versioned`.
    pub fn base_url(&self) -> String {
        format!("http://{}/versioned", self.addr)
    }

    /// Every request head read so far, in order.
    pub fn requests(&self) -> Vec<RawRequest> {
        lock(&self.shared.requests).clone()
    }

    /// How many request heads were read so far.
    pub fn request_count(&self) -> usize {
        lock(&self.shared.requests).len()
    }

    /// How many connections were accepted so far.
    pub fn connections(&self) -> u64 {
        self.shared.connections.load(Ordering::Relaxed)
    }

    /// How many scripted actions have not been played yet.
    pub fn pending_actions(&self) -> usize {
        lock(&self.shared.script).len()
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn raw_connection(mut stream: TcpStream, shared: Arc<RawShared>) {
    let Ok(Some(head)) = tokio::time::timeout(RAW_READ_TIMEOUT, read_head(&mut stream)).await
    else {
        return;
    };
    let request_line = head.lines().next().unwrap_or_default().to_owned();
    lock(&shared.requests).push(RawRequest { request_line, head });
    let action = lock(&shared.script)
        .pop_front()
        .unwrap_or_else(|| shared.fallback.clone());
    // Write errors mean the client went away: nothing more to do.
    match action {
        RawAction::Close => {
            let _ = stream.shutdown().await;
        }
        RawAction::Reset => {
            let _ = stream.set_zero_linger();
        }
        RawAction::Respond {
            status,
            headers,
            body,
        } => {
            let mut out = status_and_headers(status, body.len(), &headers).into_bytes();
            out.extend_from_slice(&body);
            let _ = stream.write_all(&out).await;
            let _ = stream.shutdown().await;
        }
        RawAction::Truncated {
            status,
            declared,
            body,
        } => {
            let mut out = status_and_headers(status, declared, &[]).into_bytes();
            out.extend_from_slice(&body);
            let _ = stream.write_all(&out).await;
            let _ = stream.shutdown().await;
        }
    }
}

fn status_and_headers(status: u16, content_length: usize, headers: &[(String, String)]) -> String {
    let mut out = format!(
        "HTTP/1.1 {status} Raw\r\ncontent-length: {content_length}\r\nconnection: close\r\n"
    );
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    out
}

/// Reads up to the blank line ending a request head; `None` if the
/// connection ends first or the head is too long.
async fn read_head(stream: &mut TcpStream) -> Option<String> {
    let mut head = Vec::new();
    let mut buf = [0_u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 || head.len() > RAW_MAX_HEAD {
            return None;
        }
        head.extend_from_slice(buf.get(..n)?);
    }
    Some(String::from_utf8_lossy(&head).into_owned())
}
