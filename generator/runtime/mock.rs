//! Test doubles for the users' own tests (feature `test-util`): [`Mock`],
//! an in-process stand-in for the API behind an ordinary `Client`, with
//! typed rules per operation, every request recorded (secrets redacted),
//! and constructors of the public error types.
//!
//! The mock sits where the HTTP stack would (each attempt's request goes to
//! it instead of the network), so retries, decoding, errors and pagination
//! run as in production; only the waits between retries are recorded
//! instead of slept.

use std::any::Any;
use std::collections::VecDeque;
use std::fmt;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;

use super::error::{
    ApiError, ConfigError, DecodeError, Endpoint, TransportError, TransportErrorKind,
};
use super::request::Request;
use super::retry;
use super::secret::REDACTED;

/// Headers recorded as `<redacted>` whatever their value's flag says.
const SECRET_HEADERS: &[&str] = &["authorization", "proxy-authorization", "cookie"];

/// An operation's request builder as the mock sees it: its name, what a
/// success answers and the API's error body. Implemented by every request
/// builder of the generated `requests` module.
pub trait MockOperation: Clone + Send + Sync + 'static {
    /// The client method's name, e.g. `list_customer_groups`.
    const NAME: &'static str;
    /// What `send()` gives on success.
    type Output;
    /// The API's error body.
    type ErrorBody: Serialize;

    /// The success response that carries `output`, as the API would send it.
    fn reply(output: &Self::Output) -> Reply;
}

/// The typed request a builder sent, carried beside its wire form to the
/// mock (and nowhere else).
#[derive(Clone)]
pub(crate) struct Typed {
    operation: &'static str,
    request: Arc<dyn Any + Send + Sync>,
}

impl fmt::Debug for Typed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.operation)
    }
}

/// `request`, carrying the builder `op` that made it (for the mock's rules).
pub(crate) fn typed<Op: MockOperation>(mut request: Request, op: &Op) -> Request {
    request.typed = Some(Typed {
        operation: Op::NAME,
        request: Arc::new(op.clone()),
    });
    request
}

/// An HTTP response a rule answers with: status, headers, body.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    /// A response with this status, no headers and an empty body.
    pub fn status(status: u16) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// Adds a header (e.g. `Retry-After: 2`, `X-Request-ID: req-1`).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// `value` serialised as JSON (with the models' serde, as the API
    /// sends it) as the body, with `Content-Type: application/json`.
    ///
    /// # Panics
    ///
    /// When `value` cannot be serialised (a map with non-string keys).
    pub fn json(self, value: &impl Serialize) -> Self {
        let body = serde_json::to_vec(value)
            .unwrap_or_else(|e| panic!("a mock reply's body cannot be serialised: {e}"));
        self.header("content-type", "application/json").body(body)
    }

    /// `text` as the body, with `Content-Type: text/plain`.
    pub fn text(self, text: impl Into<String>) -> Self {
        self.header("content-type", "text/plain; charset=utf-8")
            .body(text.into())
    }

    /// These bytes as the body, as they are (a broken body, say).
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// `events` as a `text/event-stream` body, their data as it is (lines
    /// split at `\n`). The client reads it as it would a stream from the
    /// network, in chunks.
    pub fn events(self, events: &[super::sse::Event<String>]) -> Self {
        let body = super::sse::write_events(events, Clone::clone);
        self.header("content-type", "text/event-stream").body(body)
    }

    /// `events` as a `text/event-stream` body, their data written as JSON.
    ///
    /// # Panics
    ///
    /// When a value cannot be serialised (a map with non-string keys).
    pub fn json_events<T: Serialize>(self, events: &[super::sse::Event<T>]) -> Self {
        let body = super::sse::write_events(events, |data| json_text(data));
        self.header("content-type", "text/event-stream").body(body)
    }

    /// `items` as an `application/x-ndjson` body: one JSON value a line.
    ///
    /// # Panics
    ///
    /// When a value cannot be serialised (a map with non-string keys).
    pub fn json_lines<T: Serialize>(self, items: &[T]) -> Self {
        let body: String = items.iter().map(|item| json_text(item) + "\n").collect();
        self.header("content-type", "application/x-ndjson")
            .body(body)
    }

    /// `items` as an `application/json-seq` body (RFC 7464): each value
    /// after a record separator, ending in a line feed.
    ///
    /// # Panics
    ///
    /// When a value cannot be serialised (a map with non-string keys).
    pub fn json_seq<T: Serialize>(self, items: &[T]) -> Self {
        let body = items.iter().fold(String::new(), |mut body, item| {
            body.push('\u{1e}');
            body.push_str(&json_text(item));
            body.push('\n');
            body
        });
        self.header("content-type", "application/json-seq")
            .body(body)
    }
}

/// One answer of a rule.
#[derive(Debug, Clone)]
enum Answer {
    Reply(Reply),
    Fail(TransportErrorKind, String),
}

/// A condition on the typed request `Op`.
type Condition<Op> = Box<dyn Fn(&Op) -> bool + Send + Sync>;

/// A rule's conditions, on the typed request kept without its type.
type Matcher = Box<dyn Fn(&(dyn Any + Send + Sync)) -> bool + Send + Sync>;

/// A rule in the making, for one operation: what requests it matches
/// ([`RuleBuilder::when`]) and its answers, given one per matching
/// attempt, in order. Added to a mock with [`Mock::add`]. Made by the
/// generated `mock::<operation>()` functions.
#[must_use = "a rule does nothing until given to `Mock::add`"]
pub struct RuleBuilder<Op> {
    conditions: Vec<Condition<Op>>,
    answers: Vec<Answer>,
    repeat: bool,
    op: PhantomData<fn(&Op)>,
}

impl<Op: MockOperation> Default for RuleBuilder<Op> {
    fn default() -> Self {
        Self::new()
    }
}

impl<Op> fmt::Debug for RuleBuilder<Op> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RuleBuilder")
            .field("conditions", &self.conditions.len())
            .field("answers", &self.answers)
            .field("repeat", &self.repeat)
            .finish()
    }
}

impl<Op: MockOperation> RuleBuilder<Op> {
    /// A rule matching every request of the operation, with no answer yet.
    pub fn new() -> Self {
        Self {
            conditions: Vec::new(),
            answers: Vec::new(),
            repeat: false,
            op: PhantomData,
        }
    }

    /// Matches only requests for which `matches` holds; it gets the typed
    /// request builder (read its parameters with its `get_*` methods).
    /// Several conditions must all hold.
    pub fn when(mut self, matches: impl Fn(&Op) -> bool + Send + Sync + 'static) -> Self {
        self.conditions.push(Box::new(matches));
        self
    }

    /// Answers with a success carrying `output` (status 200, or 204 for
    /// an operation without a body), serialised as the API would.
    pub fn ok(self, output: &Op::Output) -> Self {
        self.reply(Op::reply(output))
    }

    /// Answers with an error status and the API's error body.
    pub fn error(self, status: u16, body: &Op::ErrorBody) -> Self {
        self.reply(Reply::status(status).json(body))
    }

    /// Answers with this response (any status, headers such as
    /// `Retry-After`, any body).
    pub fn reply(mut self, reply: Reply) -> Self {
        self.answers.push(Answer::Reply(reply));
        self
    }

    /// Answers with no response at all: a transport failure of this kind
    /// (what `TransportError::new(kind, message)` makes), as when the
    /// connection fails.
    pub fn fail(mut self, kind: TransportErrorKind, message: impl Into<String>) -> Self {
        self.answers.push(Answer::Fail(kind, message.into()));
        self
    }

    /// Gives the last answer again to every later matching attempt (by
    /// default each answer is given once, then the rule matches no more).
    pub fn repeatedly(mut self) -> Self {
        self.repeat = true;
        self
    }
}

/// The state of one rule, shared by the mock and the rule's handle.
struct RuleState {
    /// The operation's name and the rule's place among the mock's rules.
    operation: &'static str,
    number: usize,
    matches: Matcher,
    answers: Mutex<VecDeque<Answer>>,
    repeat: bool,
    /// How many answers it was given, and how many it has given.
    given: usize,
    calls: Mutex<usize>,
}

impl RuleState {
    /// The next answer to a request, when the rule matches it.
    fn answer(&self, request: &(dyn Any + Send + Sync)) -> Option<Answer> {
        if !(self.matches)(request) {
            return None;
        }
        let mut answers = lock(&self.answers);
        let answer = if self.repeat && answers.len() == 1 {
            answers.front().cloned()
        } else {
            answers.pop_front()
        }?;
        *lock(&self.calls) += 1;
        Some(answer)
    }

    fn calls(&self) -> usize {
        *lock(&self.calls)
    }

    /// Whether every answer was given at least once.
    fn is_used(&self) -> bool {
        self.calls() >= self.given
    }
}

impl fmt::Display for RuleState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "rule #{} for `{}` ({} answer(s), {} given",
            self.number,
            self.operation,
            self.given,
            self.calls()
        )?;
        if self.repeat {
            f.write_str(", the last repeated")?;
        }
        f.write_str(")")
    }
}

/// A rule added to a [`Mock`]: how often it answered.
#[derive(Clone)]
pub struct Rule(Arc<RuleState>);

impl Rule {
    #[must_use]
    /// How many attempts it answered.
    pub fn num_calls(&self) -> usize {
        self.0.calls()
    }

    #[must_use]
    /// Whether it gave every one of its answers.
    pub fn is_used(&self) -> bool {
        self.0.is_used()
    }
}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Rule({})", self.0)
    }
}

/// One attempt of a request as the mock received it, secrets redacted.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Recorded {
    /// The client method, e.g. `list_customer_groups`.
    pub operation: &'static str,
    /// The HTTP method, e.g. `GET`.
    pub method: String,
    /// The path below the base URL, parameters percent-encoded, e.g.
    /// `/customer_groups/abc`.
    pub path: String,
    /// The query pairs in order, before URL encoding; secret parameters
    /// (access tokens) show as `<redacted>`.
    pub query: Vec<(String, String)>,
    /// Every header sent, names in lower case; credentials
    /// (`Authorization`, secret header parameters) show as `<redacted>`.
    pub headers: Vec<(String, String)>,
    /// The body, if any; `None` too for a body read from a file or a
    /// stream as it is sent (`BinaryBody::file`, `BinaryBody::stream`),
    /// which the mock does not read (a stream can be read only once).
    pub body: Option<Vec<u8>>,
    /// Whether a rule answered it.
    pub matched: bool,
}

impl Recorded {
    #[must_use]
    /// The first value of the query parameter `name`.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    #[must_use]
    /// The first value of the header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl fmt::Display for Recorded {
    /// `operation: METHOD /path?query` (secrets redacted).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`: {} {}", self.operation, self.method, self.path)?;
        for (i, (name, value)) in self.query.iter().enumerate() {
            let sep = if i == 0 { '?' } else { '&' };
            write!(f, "{sep}{name}={value}")?;
        }
        Ok(())
    }
}

#[derive(Default)]
struct State {
    rules: Vec<Arc<RuleState>>,
    recorded: Vec<Recorded>,
    waits: Vec<Duration>,
}

/// An in-process stand-in for the API: no server, no socket, no network.
/// A client built with `ClientBuilder::mock(&mock)` (or the generated
/// `mock.client()`) sends every attempt here; the first rule added for the
/// operation that matches the typed request and has an answer left gives
/// it. Cheap to clone: clones share their rules and records.
///
/// An attempt no rule answers fails with a transport error (kind
/// `Other`, not retried) whose message names the operation and what it
/// received, so the user's code sees it where it would see any failure, and
/// the test shows it; [`Mock::unmatched`] lists such attempts too.
#[derive(Clone, Default)]
pub struct Mock {
    state: Arc<Mutex<State>>,
}

impl fmt::Debug for Mock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state();
        f.debug_struct("Mock")
            .field("rules", &state.rules.len())
            .field("recorded", &state.recorded.len())
            .finish_non_exhaustive()
    }
}

impl Mock {
    #[must_use]
    /// A mock without rules.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a rule; rules are tried in the order they were added.
    ///
    /// # Panics
    ///
    /// When the rule has no answer.
    #[track_caller]
    #[allow(clippy::must_use_candidate)] // the handle is optional: most tests need no count
    pub fn add<Op: MockOperation>(&self, rule: RuleBuilder<Op>) -> Rule {
        assert!(
            !rule.answers.is_empty(),
            "a mock rule for `{}` needs an answer (`ok`, `error`, `reply` or `fail`)",
            Op::NAME
        );
        let conditions = rule.conditions;
        let matches: Matcher = Box::new(move |request| {
            let request: &dyn Any = request;
            request
                .downcast_ref::<Op>()
                .is_some_and(|op| conditions.iter().all(|m| m(op)))
        });
        let mut state = self.state();
        let added = Arc::new(RuleState {
            operation: Op::NAME,
            number: state.rules.len() + 1,
            matches,
            given: rule.answers.len(),
            answers: Mutex::new(rule.answers.into()),
            repeat: rule.repeat,
            calls: Mutex::new(0),
        });
        state.rules.push(Arc::clone(&added));
        Rule(added)
    }

    #[must_use]
    /// Every attempt received so far, in order (each retry is one).
    pub fn requests(&self) -> Vec<Recorded> {
        self.state().recorded.clone()
    }

    #[must_use]
    /// The attempts no rule answered.
    pub fn unmatched(&self) -> Vec<Recorded> {
        let state = self.state();
        state
            .recorded
            .iter()
            .filter(|r| !r.matched)
            .cloned()
            .collect()
    }

    #[must_use]
    /// The waits between retries the client would have slept, in order
    /// (`Retry-After` or backoff); a mocked client does not sleep.
    pub fn waits(&self) -> Vec<Duration> {
        self.state().waits.clone()
    }

    /// Checks that every rule gave all its answers and that every attempt
    /// was answered.
    ///
    /// # Panics
    ///
    /// Naming each rule with answers left and each unanswered attempt.
    #[track_caller]
    pub fn assert_all_used(&self) {
        let state = self.state();
        let mut problems: Vec<String> = state
            .rules
            .iter()
            .filter(|rule| !rule.is_used())
            .map(|rule| format!("{rule} was not used up"))
            .collect();
        problems.extend(
            state
                .recorded
                .iter()
                .filter(|r| !r.matched)
                .map(|r| format!("no rule answered {r}")),
        );
        assert!(problems.is_empty(), "mock: {}", problems.join("; "));
    }

    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    /// A wait the client skipped.
    pub(crate) fn skipped_wait(&self, wait: Duration) {
        self.state().waits.push(wait);
    }

    /// Answers one attempt: records it, and gives the first matching rule's
    /// next answer as status, headers and body, or the failure.
    pub(crate) fn answer(
        &self,
        request: &Request,
        prepared: &reqwest::Request,
    ) -> Result<(u16, HeaderMap, Vec<u8>), TransportError> {
        let operation = request.operation;
        let mut recorded = record(operation, request, prepared);
        // the rules are tried without the lock: a matcher may look at the mock
        let rules: Vec<Arc<RuleState>> = (self.state().rules.iter())
            .filter(|rule| rule.operation == operation)
            .cloned()
            .collect();
        let answer = request
            .typed
            .as_ref()
            .and_then(|typed| rules.iter().find_map(|rule| rule.answer(&*typed.request)));
        recorded.matched = answer.is_some();
        let message = answer.is_none().then(|| unmatched(&recorded, &rules));
        self.state().recorded.push(recorded);
        match answer {
            Some(Answer::Reply(reply)) => Ok(wire(reply)),
            Some(Answer::Fail(kind, message)) => Err(TransportError::new(kind, message)),
            None => Err(TransportError::new(
                TransportErrorKind::Other,
                message.unwrap_or_default(),
            )),
        }
    }
}

/// The message of an attempt no rule of its operation (`rules`) answered.
fn unmatched(recorded: &Recorded, rules: &[Arc<RuleState>]) -> String {
    let same: Vec<String> = rules.iter().map(ToString::to_string).collect();
    let rules = if same.is_empty() {
        "there is no rule for it".to_owned()
    } else {
        format!("none matched or had an answer left: {}", same.join(", "))
    };
    format!("mock: no rule answered {recorded}; {rules}")
}

/// One attempt as recorded: secrets redacted.
fn record(operation: &'static str, request: &Request, prepared: &reqwest::Request) -> Recorded {
    let query = request
        .query
        .iter()
        .map(|(name, value)| {
            let value = if value.is_secret() {
                REDACTED
            } else {
                value.as_str()
            };
            (name.to_string(), value.to_owned())
        })
        .collect();
    let headers = prepared
        .headers()
        .iter()
        .map(|(name, value)| {
            let secret = value.is_sensitive() || SECRET_HEADERS.contains(&name.as_str());
            let value = if secret {
                REDACTED.to_owned()
            } else {
                String::from_utf8_lossy(value.as_bytes()).into_owned()
            };
            (name.as_str().to_owned(), value)
        })
        .collect();
    Recorded {
        operation,
        method: request.method.to_string(),
        path: request.shown_path().to_owned(),
        query,
        headers,
        // a body read from a file or a stream as it is sent is not read here
        body: request.body.as_ref().map(|(_, body)| body.to_vec()),
        matched: false,
    }
}

/// A reply as the client reads a response.
fn wire(reply: Reply) -> (u16, HeaderMap, Vec<u8>) {
    let mut headers = HeaderMap::new();
    for (name, value) in &reply.headers {
        let name = HeaderName::from_bytes(name.as_bytes())
            .unwrap_or_else(|_| panic!("mock reply: `{name}` is not a header name"));
        let value = HeaderValue::from_str(value)
            .unwrap_or_else(|_| panic!("mock reply: the value of `{name}` is not valid"));
        headers.append(name, value);
    }
    (reply.status, headers, reply.body)
}

/// `value` as JSON text, for a reply's body.
fn json_text<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|e| panic!("a mock reply's body cannot be serialised: {e}"))
}

/// A lock that a panicking test thread did not spoil.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The endpoint of an error made in a test.
fn test_endpoint(method: &str, template: &'static str) -> Endpoint {
    Endpoint {
        // errors never show the operation's name; only hooks read it
        operation: "",
        method: method.to_owned(),
        template,
    }
}

impl<E: Serialize> ApiError<E> {
    /// An error status of `method template` (e.g. `"GET"`,
    /// `"/customer_groups/{id}"`), as the client makes it: the request id
    /// and `Retry-After` are read from `headers`, the raw body is `body`
    /// as JSON. For tests of code that handles errors (feature
    /// `test-util`).
    pub fn new(
        method: &str,
        template: &'static str,
        status: u16,
        headers: &HeaderMap,
        body: Option<E>,
    ) -> Self {
        let raw_body = body
            .as_ref()
            .and_then(|b| serde_json::to_string(b).ok())
            .unwrap_or_default();
        Self {
            endpoint: test_endpoint(method, template),
            status,
            request_id: super::response::request_id(headers).map(str::to_owned),
            retry_after: retry::retry_after(headers),
            body,
            raw_body,
        }
    }
}

impl DecodeError {
    /// A success body of `method template` that did not decode: at `path`
    /// (`.` for the top level), `message` says why, `snippet` is the start
    /// of the body. For tests of code that handles errors (feature
    /// `test-util`).
    pub fn new(
        method: &str,
        template: &'static str,
        status: u16,
        path: impl Into<String>,
        message: impl Into<String>,
        snippet: impl Into<String>,
    ) -> Self {
        Self {
            endpoint: test_endpoint(method, template),
            status,
            request_id: None,
            path: path.into(),
            message: message.into(),
            snippet: snippet.into(),
            position: None,
        }
    }
}

impl ConfigError {
    /// A configuration error saying `message`. For tests of code that
    /// handles errors (feature `test-util`).
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}
