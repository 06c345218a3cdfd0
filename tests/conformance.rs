//! Conformance against an independent implementation of the API description:
//! Stoplight Prism (`prism proxy schema/customer_groups.yaml <fake> --errors`)
//! sits between the generated client and the fake Rutter server and checks
//! every request and every response against the schema.
//!
//! The chain is `client -> tap -> Prism -> fake`. The tap is a small
//! in-process reverse proxy that records what Prism answered to every
//! exchange (status, `sl-violations` header, Prism's own
//! `application/problem+json` errors), so a violation is caught even when it
//! would not surface in the client's typed result. Each scenario runs twice,
//! once straight against the fake and once through Prism, and must give the
//! same outcome, the same requests at the fake, and no violation.
//!
//! The scenarios are a table of named async functions (see [`scenarios`])
//! run in turn against one Prism process; each runs even when others fail
//! (a failed assertion is caught as a panic, a hung scenario is cut off),
//! and the test fails at the end naming every failed scenario with its
//! message. Controls come first and prove the harness can fail: a response
//! that breaks the schema, a response the client tolerates but the schema
//! forbids (an unknown platform), a request the client sends that breaks
//! the schema (`limit` 501) and a raw request without `X-Rutter-Version`
//! must all be flagged.
//!
//! Prism is the pinned npm package in `tools/prism`, installed on first use
//! (`support/prism.rs`); when it cannot be installed or started this test
//! fails, it never skips. One Prism process serves the whole test and is
//! killed when the test ends or panics.

#[path = "support/common.rs"]
mod common;
#[path = "support/fake_rutter.rs"]
mod fake_rutter;
#[path = "support/prism.rs"]
mod prism;

use std::any::Any;
use std::fmt::Debug;
use std::future::Future;
use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_TYPE, HOST, HeaderName};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use common::{builder_at, quick_retries};
use fake_rutter::{
    DEFAULT_ACCESS_TOKEN, DEFAULT_CLIENT_ID, FakeRutter, Fault, NOT_FOUND_DOC_URL, NULL_GROUP_ID,
    default_connection, sample_groups, sample_id, sample_updated_at_ms,
};
use futures_util::future::LocalBoxFuture;
use futures_util::{FutureExt, TryStreamExt};
use prism::Prism;
use rutter_customer_groups::models::{
    CustomerGroup, ErrorResponse, ListCustomerGroupsResponse, RutterVersion,
};
use rutter_customer_groups::requests::ListCustomerGroups;
use rutter_customer_groups::{ClientBuilder, Error};
use serde_json::json;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// How many sample groups the fake serves: every `sample_*` variant, several pages.
const GROUPS: usize = 23;

// ---------------------------------------------------------------------------
// The tap: a recording reverse proxy in front of Prism
// ---------------------------------------------------------------------------

/// What Prism answered to one request.
#[derive(Debug, Clone)]
struct Exchange {
    method: String,
    /// Path and query as the client sent them.
    target: String,
    /// 0 when Prism could not be reached.
    status: u16,
    /// The `sl-violations` header, if Prism added one.
    violations: Option<String>,
    /// The body of an error Prism generated itself (`application/problem+json`),
    /// or why Prism could not be reached.
    problem: Option<String>,
}

impl std::fmt::Display for Exchange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} -> {}", self.method, self.target, self.status)?;
        if let Some(violations) = &self.violations {
            write!(f, "\n    sl-violations: {violations}")?;
        }
        if let Some(problem) = &self.problem {
            write!(f, "\n    Prism's answer: {problem}")?;
        }
        Ok(())
    }
}

/// One line per exchange, for failure messages.
fn describe(exchanges: &[impl std::fmt::Display]) -> String {
    exchanges.iter().map(|e| format!("  {e}\n")).collect()
}

impl Exchange {
    /// Whether Prism objected to this exchange (or could not judge it).
    fn is_flagged(&self) -> bool {
        self.status == 0 || self.violations.is_some() || self.problem.is_some()
    }
}

struct TapState {
    upstream: String,
    http: reqwest::Client,
    exchanges: Mutex<Vec<Exchange>>,
}

/// Forwards every request to Prism unchanged and records Prism's verdict.
struct Tap {
    addr: SocketAddr,
    state: Arc<TapState>,
    task: JoinHandle<()>,
}

impl Tap {
    async fn start(upstream: &str) -> Tap {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind tap");
        let addr = listener.local_addr().expect("tap address");
        let state = Arc::new(TapState {
            upstream: upstream.trim_end_matches('/').to_owned(),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(Duration::from_secs(30))
                .build()
                .expect("tap http client"),
            exchanges: Mutex::new(Vec::new()),
        });
        let app = Router::new()
            .fallback(forward)
            .with_state(Arc::clone(&state));
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Tap { addr, state, task }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The exchanges recorded since the last call.
    fn take(&self) -> Vec<Exchange> {
        std::mem::take(
            &mut *self
                .state
                .exchanges
                .lock()
                .unwrap_or_else(PoisonError::into_inner),
        )
    }
}

impl Drop for Tap {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn is_hop_by_hop(name: &HeaderName) -> bool {
    [
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "content-length",
    ]
    .contains(&name.as_str())
}

async fn forward(State(state): State<Arc<TapState>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let target = parts
        .uri
        .path_and_query()
        .map_or("/", |pq| pq.as_str())
        .to_owned();
    let body = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let mut outgoing = state
        .http
        .request(parts.method.clone(), format!("{}{target}", state.upstream))
        .body(body);
    for (name, value) in &parts.headers {
        if name != HOST && !is_hop_by_hop(name) {
            outgoing = outgoing.header(name, value);
        }
    }
    let mut exchange = Exchange {
        method: parts.method.to_string(),
        target,
        status: 0,
        violations: None,
        problem: None,
    };
    let answer = match outgoing.send().await {
        Ok(answer) => answer,
        Err(error) => {
            exchange.problem = Some(format!("the tap could not reach Prism: {error}"));
            record(&state, exchange);
            let mut response = Response::new(Body::from("tap: Prism unreachable"));
            *response.status_mut() = StatusCode::BAD_GATEWAY;
            return response;
        }
    };
    let status = answer.status();
    let headers = answer.headers().clone();
    let bytes = answer.bytes().await.unwrap_or_default();
    exchange.status = status.as_u16();
    exchange.violations = header_text(&headers, "sl-violations");
    if header_text(&headers, CONTENT_TYPE.as_str())
        .is_some_and(|ct| ct.starts_with("application/problem+json"))
    {
        exchange.problem = Some(String::from_utf8_lossy(&bytes).into_owned());
    }
    record(&state, exchange);
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    for (name, value) in &headers {
        if !is_hop_by_hop(name) {
            response.headers_mut().append(name, value.clone());
        }
    }
    response
}

fn header_text(headers: &HeaderMap, name: &str) -> Option<String> {
    let values: Vec<String> = headers
        .get_all(name)
        .iter()
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .collect();
    (!values.is_empty()).then(|| values.join(", "))
}

fn record(state: &TapState, exchange: Exchange) {
    state
        .exchanges
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(exchange);
}

// ---------------------------------------------------------------------------
// Scenarios: the same call straight to the fake and through Prism
// ---------------------------------------------------------------------------

/// What a call gave, in a form both runs can be compared by.
#[derive(Debug, PartialEq)]
enum Outcome<T> {
    Ok(T),
    Api {
        status: u16,
        body: Option<ErrorResponse>,
        has_request_id: bool,
    },
    Other(String),
}

impl<T> Outcome<T> {
    fn from_result(result: Result<T, Error>) -> Self {
        match result {
            Ok(value) => Outcome::Ok(value),
            Err(Error::Api(api)) => Outcome::Api {
                status: api.status(),
                body: api.body().cloned(),
                has_request_id: api.request_id().is_some(),
            },
            Err(other) => Outcome::Other(format!("{other} ({other:?})")),
        }
    }
}

/// What the direct run must give.
#[derive(Debug, Clone, Copy)]
enum Expect {
    Success,
    Status(u16),
}

/// A request as the fake saw it, minus what a proxy may legitimately change
/// (header set, percent-encoding of the query).
type Seen = (String, String, Vec<(String, String)>);

struct Harness {
    fake: FakeRutter,
    prism: Prism,
    tap: Tap,
    /// Calls compared with and without Prism, over all scenarios.
    checks: usize,
    exchanges: usize,
}

impl Harness {
    /// Defaults of both runs: the fake's credentials, no retries (a Prism
    /// 500 must show up once, not be retried away), a timeout.
    fn builder(base_url: String) -> ClientBuilder {
        builder_at(&base_url)
            .no_retries()
            .timeout(Duration::from_secs(20))
    }

    /// Forgets what the scenario before left behind (requests, exchanges,
    /// faults it queued and did not use because it failed).
    fn reset(&self) {
        self.fake.clear_requests();
        self.fake.clear_faults();
        let _ = self.tap.take();
    }

    fn seen(&self) -> Vec<Seen> {
        let seen = self
            .fake
            .requests()
            .into_iter()
            .map(|r| (r.method, r.path, r.query_pairs))
            .collect();
        self.fake.clear_requests();
        seen
    }

    /// Runs `call` against the fake and then through Prism (queueing
    /// `faults` at the fake before each run), and checks: the direct run
    /// gives `expect`; both runs give the same outcome; the fake saw the same
    /// requests; Prism saw every request and flagged none.
    async fn check<T, F, Fut>(&mut self, faults: &[Fault], expect: Expect, call: F) -> Outcome<T>
    where
        T: Debug + PartialEq,
        F: Fn(ClientBuilder) -> Fut,
        Fut: Future<Output = Result<T, Error>>,
    {
        self.fake.clear_requests();
        let _ = self.tap.take();

        for fault in faults {
            self.fake.push_fault(fault.clone());
        }
        let direct = Outcome::from_result(call(Self::builder(self.fake.base_url())).await);
        let seen_direct = self.seen();
        match (expect, &direct) {
            (Expect::Success, Outcome::Ok(_)) => {}
            (Expect::Status(want), Outcome::Api { status, .. }) if *status == want => {}
            _ => panic!("without Prism expected {expect:?}, got {direct:?}"),
        }

        for fault in faults {
            self.fake.push_fault(fault.clone());
        }
        let proxied = Outcome::from_result(call(Self::builder(self.tap.url())).await);
        let seen_proxied = self.seen();
        let exchanges = self.tap.take();

        let flagged: Vec<&Exchange> = exchanges.iter().filter(|e| e.is_flagged()).collect();
        assert!(
            flagged.is_empty(),
            "Prism reported schema violations:\n{}Prism's log:\n{}",
            describe(&flagged),
            self.prism.log_tail()
        );
        assert_eq!(
            direct,
            proxied,
            "the outcome through Prism differs from the outcome without it\n\
             exchanges:\n{}Prism's log:\n{}",
            describe(&exchanges),
            self.prism.log_tail()
        );
        assert!(!exchanges.is_empty(), "nothing went through Prism");
        assert_eq!(
            seen_direct, seen_proxied,
            "the fake saw different requests through Prism"
        );
        assert_eq!(
            exchanges.len(),
            seen_proxied.len(),
            "Prism answered some requests itself instead of forwarding them:\n{}",
            describe(&exchanges)
        );
        self.checks += 1;
        self.exchanges += exchanges.len();
        direct
    }

    /// Runs `call` through Prism only and returns the exchanges the tap
    /// recorded; for the controls, whose outcome differs without Prism.
    async fn through_prism<T, Fut>(
        &mut self,
        call: impl FnOnce(ClientBuilder) -> Fut,
    ) -> (Result<T, Error>, Vec<Exchange>)
    where
        Fut: Future<Output = Result<T, Error>>,
    {
        self.fake.clear_requests();
        let _ = self.tap.take();
        let result = call(Self::builder(self.tap.url())).await;
        (result, self.tap.take())
    }
}

fn ok<T: Debug>(outcome: Outcome<T>) -> T {
    match outcome {
        Outcome::Ok(value) => value,
        other => panic!("expected success, got {other:?}"),
    }
}

fn error_body(outcome: &Outcome<impl Debug>) -> &ErrorResponse {
    match outcome {
        Outcome::Api {
            body: Some(body), ..
        } => body,
        other => panic!("expected an error with a Rutter body, got {other:?}"),
    }
}

/// A success body that breaks the schema (a group without its required
/// fields, an id that is a number).
fn schema_breaking_page() -> String {
    json!({
        "customer_groups": [{"id": 1}],
        "next_cursor": null,
        "connection": default_connection(),
    })
    .to_string()
}

// ---------------------------------------------------------------------------
// The table of scenarios, and its runner
// ---------------------------------------------------------------------------

/// What a scenario runs against the shared harness.
type Run = dyn for<'a> Fn(&'a mut Harness) -> LocalBoxFuture<'a, ()>;

/// One scenario: a name and what it runs. It fails by panicking (any
/// assertion); the runner catches the panic.
struct Scenario {
    name: String,
    run: Box<Run>,
}

fn scenario(
    name: impl Into<String>,
    run: impl for<'a> Fn(&'a mut Harness) -> LocalBoxFuture<'a, ()> + 'static,
) -> Scenario {
    Scenario {
        name: name.into(),
        run: Box::new(run),
    }
}

/// How long one scenario may take before it is failed and the next runs.
const SCENARIO_LIMIT: Duration = Duration::from_secs(90);

/// Every scenario, controls first.
fn scenarios() -> Vec<Scenario> {
    let mut all = vec![
        scenario("control: a schema-breaking response is flagged", |h| {
            control_schema_breaking_response(h).boxed_local()
        }),
        scenario(
            "control: an unknown platform is flagged though the client tolerates it",
            |h| control_unknown_platform(h).boxed_local(),
        ),
        scenario(
            "control: limit 501 is refused by the client and rejected by Prism",
            |h| control_limit_above_maximum(h).boxed_local(),
        ),
        scenario(
            "control: a request without X-Rutter-Version is rejected",
            |h| control_missing_rutter_version(h).boxed_local(),
        ),
        scenario("list, no optional parameters", |h| {
            list_without_options(h).boxed_local()
        }),
    ];
    for limit in [1, 500] {
        all.push(scenario(format!("list, limit {limit}"), move |h| {
            list_with_limit(h, limit).boxed_local()
        }));
    }
    all.extend([
        scenario("list, limit 5, then with the cursor it gave", |h| {
            list_with_limit_then_cursor(h).boxed_local()
        }),
        scenario("list, updated_at filters, force_fetch=true", |h| {
            list_with_filters(h).boxed_local()
        }),
        scenario("list, force_fetch=false", |h| {
            list_force_fetch_false(h).boxed_local()
        }),
        scenario("list, filter matching nothing", |h| {
            list_matching_nothing(h).boxed_local()
        }),
    ]);
    for version in [
        RutterVersion::V2023_02_07,
        RutterVersion::V2023_03_14,
        RutterVersion::V2024_04_30,
        RutterVersion::V2024_08_31,
        RutterVersion::Unstable,
    ] {
        all.push(scenario(
            format!("list, X-Rutter-Version {}", version.as_str()),
            move |h| list_with_version(h, version.clone()).boxed_local(),
        ));
    }
    all.extend([
        scenario("into_stream, every page", |h| {
            stream_every_page(h).boxed_local()
        }),
        scenario("into_stream with filters and force_fetch", |h| {
            stream_with_filters(h).boxed_local()
        }),
    ]);
    // Indexes 0..4 cover platform_id string / null / absent and name null.
    for index in 0..4 {
        all.push(scenario(format!("fetch {}", sample_id(index)), move |h| {
            fetch_sample(h, index).boxed_local()
        }));
    }
    all.extend([
        scenario("fetch, null group", |h| fetch_null_group(h).boxed_local()),
        scenario("fetch, unknown id (404)", |h| {
            fetch_unknown_id(h).boxed_local()
        }),
        scenario("fetch, id that needs percent-encoding (404)", |h| {
            fetch_percent_encoded_id(h).boxed_local()
        }),
        scenario("list, wrong client secret (401)", |h| {
            wrong_client_secret(h, None).boxed_local()
        }),
        scenario("fetch, wrong client secret (401)", |h| {
            wrong_client_secret(h, Some(sample_id(0))).boxed_local()
        }),
        scenario("list, wrong access_token (401)", |h| {
            list_wrong_access_token(h).boxed_local()
        }),
        scenario("list, unknown cursor (400)", |h| {
            list_unknown_cursor(h).boxed_local()
        }),
        scenario("list, Rutter 452 (rate limited) without retries", |h| {
            list_server_error(
                h,
                452,
                "RATE_LIMIT_ERROR",
                "RATE_LIMIT_EXCEEDED",
                "Slow down.",
            )
            .boxed_local()
        }),
        scenario("list, 503 without retries", |h| {
            list_server_error(h, 503, "SERVER_ERROR", "UNAVAILABLE", "Try again later.")
                .boxed_local()
        }),
        scenario("list, 429 with Retry-After, then success on retry", |h| {
            list_retried_after_429(h).boxed_local()
        }),
    ]);
    all
}

/// The text of a caught panic.
fn panic_message(panic: &(dyn Any + Send)) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

/// Runs every scenario against one Prism process, each one even when others
/// fail, and fails at the end naming every failed scenario with its message.
#[tokio::test]
async fn client_and_fake_conform_to_the_schema_according_to_prism() {
    let started = Instant::now();
    let fake = FakeRutter::start(sample_groups(GROUPS)).await;
    let prism = Prism::start("schema/customer_groups.yaml", &fake.base_url());
    let tap = Tap::start(prism.url()).await;
    let startup = started.elapsed();
    let mut h = Harness {
        fake,
        prism,
        tap,
        checks: 0,
        exchanges: 0,
    };

    let scenarios = scenarios();
    let mut failures: Vec<(&str, String)> = Vec::new();
    for Scenario { name, run } in &scenarios {
        h.reset();
        let result =
            tokio::time::timeout(SCENARIO_LIMIT, AssertUnwindSafe(run(&mut h)).catch_unwind())
                .await;
        let failure = match result {
            Ok(Ok(())) => None,
            Ok(Err(panic)) => Some(panic_message(panic.as_ref())),
            Err(_) => Some(format!("did not finish within {SCENARIO_LIMIT:?}")),
        };
        eprintln!(
            "conformance: {} {name}",
            if failure.is_some() {
                "FAILED"
            } else {
                "ok    "
            }
        );
        if let Some(message) = failure {
            failures.push((name, message));
        }
    }

    eprintln!(
        "conformance: {} of {} scenarios passed, {} calls compared, {} exchanges through Prism \
         without a violation (Prism start {:.1?}, total {:.1?})",
        scenarios.len() - failures.len(),
        scenarios.len(),
        h.checks,
        h.exchanges,
        startup,
        started.elapsed()
    );
    assert!(
        failures.is_empty(),
        "{} of {} conformance scenarios failed:\n{}",
        failures.len(),
        scenarios.len(),
        failures
            .iter()
            .map(|(name, message)| format!("--- {name}\n{message}\n"))
            .collect::<String>()
    );
}

// ---------------------------------------------------------------------------
// Controls: the harness must be able to fail
// ---------------------------------------------------------------------------

/// A response that breaks the schema: Prism answers 500 with sl-violations.
async fn control_schema_breaking_response(h: &mut Harness) {
    h.fake
        .push_fault(Fault::status(200, schema_breaking_page()));
    let (result, exchanges) = h
        .through_prism(|b| async move {
            b.build()?
                .list_customer_groups(DEFAULT_ACCESS_TOKEN)
                .send()
                .await
        })
        .await;
    assert_eq!(
        result.as_ref().err().and_then(Error::status),
        Some(500),
        "Prism must turn a schema-breaking response into a 500, got {result:?}"
    );
    assert!(
        matches!(exchanges.as_slice(), [e] if e.status == 500
            && e.violations.as_deref().is_some_and(|v| v.contains("customer_groups"))),
        "the tap must see Prism's sl-violations for a schema-breaking response:\n{}",
        describe(&exchanges)
    );
    assert_eq!(h.fake.requests().len(), 1, "Prism forwards to the fake");
}

/// A response the client tolerates (an unknown platform decodes to
/// `Platform::Unknown`) but the schema's closed enum forbids: Prism, not
/// the client, is what catches it.
async fn control_unknown_platform(h: &mut Harness) {
    let mut connection = default_connection();
    connection["platform"] = json!("SOMETHING_NEW");
    let tolerated =
        json!({"customer_groups": [], "next_cursor": null, "connection": connection}).to_string();
    h.fake.push_fault(Fault::status(200, tolerated.clone()));
    let direct = Harness::builder(h.fake.base_url())
        .build()
        .expect("client builds")
        .list_customer_groups(DEFAULT_ACCESS_TOKEN)
        .send()
        .await;
    assert!(
        direct.is_ok(),
        "the client tolerates an unknown platform, got {direct:?}"
    );
    h.fake.push_fault(Fault::status(200, tolerated));
    let (_, exchanges) = h
        .through_prism(|b| async move {
            b.build()?
                .list_customer_groups(DEFAULT_ACCESS_TOKEN)
                .send()
                .await
        })
        .await;
    assert!(
        matches!(exchanges.as_slice(), [e] if e.violations.as_deref().is_some_and(|v| v.contains("platform"))),
        "Prism must flag an unknown platform:\n{}",
        describe(&exchanges)
    );
}

/// A request that breaks the schema (limit above the maximum): Prism
/// answers 422 itself, without forwarding.
async fn control_limit_above_maximum(h: &mut Harness) {
    // the client refuses it before anything is sent ...
    let (result, exchanges) = h
        .through_prism(|b| async move {
            b.build()?
                .list_customer_groups(DEFAULT_ACCESS_TOKEN)
                .limit(501)
                .send()
                .await
        })
        .await;
    assert!(
        matches!(&result, Err(Error::Config(e)) if e.to_string().contains("`limit`")),
        "the client must refuse limit=501, got {result:?}"
    );
    assert!(exchanges.is_empty(), "{}", describe(&exchanges));
    // ... and Prism agrees with the schema when a raw request sends it
    h.fake.clear_requests();
    let answer = reqwest::Client::new()
        .get(format!(
            "{}/customer_groups?access_token={DEFAULT_ACCESS_TOKEN}&limit=501",
            h.tap.url()
        ))
        .header("authorization", h.fake.expected_authorization())
        .header("x-rutter-version", "2024-08-31")
        .send()
        .await
        .expect("the tap answers");
    assert_eq!(answer.status(), 422, "Prism must reject limit=501");
    let exchanges = h.tap.take();
    assert!(
        matches!(exchanges.as_slice(), [e] if e.is_flagged()
            && e.problem.as_deref().is_some_and(|p| p.contains("limit"))),
        "the tap must see Prism's problem for limit=501:\n{}",
        describe(&exchanges)
    );
    assert!(
        h.fake.requests().is_empty(),
        "Prism must not forward an invalid request"
    );
}

/// A request without the required X-Rutter-Version header (the client
/// always sends one, so this one is raw).
async fn control_missing_rutter_version(h: &mut Harness) {
    h.fake.clear_requests();
    let answer = reqwest::Client::new()
        .get(format!(
            "{}/customer_groups?access_token={DEFAULT_ACCESS_TOKEN}",
            h.tap.url()
        ))
        .header("authorization", h.fake.expected_authorization())
        .send()
        .await
        .expect("the tap answers");
    assert_eq!(
        answer.status(),
        422,
        "Prism must reject a request without X-Rutter-Version"
    );
    let exchanges = h.tap.take();
    assert!(
        matches!(exchanges.as_slice(), [e] if e.is_flagged()
            && e.problem.as_deref().is_some_and(|p| p.contains("x-rutter-version"))),
        "the tap must see Prism's problem for a missing header:\n{}",
        describe(&exchanges)
    );
    assert!(h.fake.requests().is_empty());
}

// ---------------------------------------------------------------------------
// Scenarios: direct and through Prism, no violation allowed
// ---------------------------------------------------------------------------

const TOKEN: &str = DEFAULT_ACCESS_TOKEN;

/// Checks (see [`Harness::check`]) a list with the access token, shaped by
/// `shape` (its options) and sent with `send()`.
async fn check_list(
    h: &mut Harness,
    faults: &[Fault],
    expect: Expect,
    shape: impl Fn(ListCustomerGroups) -> ListCustomerGroups + Clone,
) -> Outcome<ListCustomerGroupsResponse> {
    check_list_with(h, faults, expect, |b| b, shape).await
}

/// [`check_list`] from a client that `configure` sets up further.
async fn check_list_with(
    h: &mut Harness,
    faults: &[Fault],
    expect: Expect,
    configure: impl Fn(ClientBuilder) -> ClientBuilder + Clone,
    shape: impl Fn(ListCustomerGroups) -> ListCustomerGroups + Clone,
) -> Outcome<ListCustomerGroupsResponse> {
    h.check(faults, expect, |b| {
        let (configure, shape) = (configure.clone(), shape.clone());
        async move {
            shape(configure(b).build()?.list_customer_groups(TOKEN))
                .send()
                .await
        }
    })
    .await
}

/// The `updated_at` window of the filtered scenarios: 15 groups.
fn window() -> (i64, i64) {
    (sample_updated_at_ms(3), sample_updated_at_ms(17))
}

async fn list_without_options(h: &mut Harness) {
    let page = ok(check_list(h, &[], Expect::Success, |list| list).await);
    assert_eq!(page.customer_groups.len(), GROUPS);
    assert_eq!(page.next_cursor, None);
}

async fn list_with_limit(h: &mut Harness, limit: i64) {
    let page = ok(check_list(h, &[], Expect::Success, move |list| list.limit(limit)).await);
    let expected = GROUPS.min(usize::try_from(limit).expect("a positive limit"));
    assert_eq!(page.customer_groups.len(), expected);
}

async fn list_with_limit_then_cursor(h: &mut Harness) {
    let first = ok(check_list(h, &[], Expect::Success, |list| list.limit(5)).await);
    let cursor = first
        .next_cursor
        .clone()
        .expect("a first page of 5 has a next cursor");
    let second = ok(check_list(h, &[], Expect::Success, move |list| {
        list.limit(5).cursor(cursor.clone())
    })
    .await);
    assert_eq!(second.customer_groups[0].id, sample_id(5));
}

async fn list_with_filters(h: &mut Harness) {
    let (min, max) = window();
    let filtered = ok(check_list(h, &[], Expect::Success, move |list| {
        list.updated_at_min(min)
            .updated_at_max(max)
            .force_fetch(true)
            .limit(100)
    })
    .await);
    assert_eq!(filtered.customer_groups.len(), 15);
}

async fn list_force_fetch_false(h: &mut Harness) {
    check_list(h, &[], Expect::Success, |list| list.force_fetch(false)).await;
}

async fn list_matching_nothing(h: &mut Harness) {
    // 2100-01-01: well inside JavaScript's safe integers (see PEERS.md).
    let empty = ok(check_list(h, &[], Expect::Success, |list| {
        list.updated_at_min(4_102_444_800_000)
    })
    .await);
    assert!(empty.customer_groups.is_empty() && empty.next_cursor.is_none());
}

async fn list_with_version(h: &mut Harness, version: RutterVersion) {
    check_list_with(
        h,
        &[],
        Expect::Success,
        move |b| b.rutter_version(version.clone()),
        |list| list.limit(2),
    )
    .await;
}

async fn stream_every_page(h: &mut Harness) {
    let all = ok(h
        .check(&[], Expect::Success, |b| async move {
            b.build()?
                .list_customer_groups(TOKEN)
                .limit(4)
                .into_stream()
                .try_collect::<Vec<CustomerGroup>>()
                .await
        })
        .await);
    let ids: Vec<String> = all.iter().map(|g| g.id.clone()).collect();
    assert_eq!(ids, (0..GROUPS).map(sample_id).collect::<Vec<_>>());
}

async fn stream_with_filters(h: &mut Harness) {
    let (min, max) = window();
    let walked = ok(h
        .check(&[], Expect::Success, |b| async move {
            b.build()?
                .list_customer_groups(TOKEN)
                .limit(3)
                .updated_at_min(min)
                .updated_at_max(max)
                .force_fetch(true)
                .into_stream()
                .try_collect::<Vec<CustomerGroup>>()
                .await
        })
        .await);
    assert_eq!(walked.len(), 15);
}

async fn fetch_sample(h: &mut Harness, index: usize) {
    let found = ok(h
        .check(&[], Expect::Success, |b| async move {
            let request = b.build()?.fetch_customer_group(sample_id(index), TOKEN);
            let request = if index == 1 {
                request.force_fetch(false)
            } else {
                request
            };
            let request = if index == 2 {
                request.force_fetch(true)
            } else {
                request
            };
            request.send().await
        })
        .await);
    assert_eq!(found.customer_group.map(|g| g.id), Some(sample_id(index)));
}

async fn fetch_null_group(h: &mut Harness) {
    let null = ok(h
        .check(&[], Expect::Success, |b| async move {
            b.build()?
                .fetch_customer_group(NULL_GROUP_ID, TOKEN)
                .send()
                .await
        })
        .await);
    assert_eq!(null.customer_group, None);
}

async fn fetch_unknown_id(h: &mut Harness) {
    let missing = h
        .check(&[], Expect::Status(404), |b| async move {
            b.build()?
                .fetch_customer_group("no-such-group", TOKEN)
                .send()
                .await
        })
        .await;
    let body = error_body(&missing);
    assert_eq!(body.error_code, "OBJECT_NOT_FOUND");
    assert_eq!(body.extra.get("doc_url"), Some(&json!(NOT_FOUND_DOC_URL)));
}

async fn fetch_percent_encoded_id(h: &mut Harness) {
    h.check(&[], Expect::Status(404), |b| async move {
        b.build()?
            .fetch_customer_group("no such/group ü?#", TOKEN)
            .send()
            .await
    })
    .await;
}

/// A list (`id` `None`) or a fetch of `id` with the wrong client secret.
async fn wrong_client_secret(h: &mut Harness, id: Option<String>) {
    let outcome = h
        .check(&[], Expect::Status(401), |b| {
            let id = id.clone();
            async move {
                let client = b.basic_auth(DEFAULT_CLIENT_ID, "wrong-secret").build()?;
                match id {
                    None => client.list_customer_groups(TOKEN).send().await.map(drop),
                    Some(id) => client
                        .fetch_customer_group(id, TOKEN)
                        .send()
                        .await
                        .map(drop),
                }
            }
        })
        .await;
    assert_eq!(error_body(&outcome).error_type, "AUTHENTICATION_ERROR");
}

async fn list_wrong_access_token(h: &mut Harness) {
    h.check(&[], Expect::Status(401), |b| async move {
        b.build()?.list_customer_groups("wrong-token").send().await
    })
    .await;
}

async fn list_unknown_cursor(h: &mut Harness) {
    let bad_cursor = check_list(h, &[], Expect::Status(400), |list| {
        list.cursor("bm90LWEtY3Vyc29y")
    })
    .await;
    assert_eq!(error_body(&bad_cursor).error_code, "INVALID_PARAMETER");
}

/// A Rutter error with `status` (5xx or 452) answered once, with no
/// retries: reported with that status.
async fn list_server_error(
    h: &mut Harness,
    status: u16,
    error_type: &str,
    error_code: &str,
    message: &str,
) {
    let fault = Fault::rutter_error(status, error_type, error_code, message);
    check_list(h, &[fault], Expect::Status(status), |list| list).await;
}

async fn list_retried_after_429(h: &mut Harness) {
    check_list_with(
        h,
        &[Fault::too_many_requests("0")],
        Expect::Success,
        |b| b.retry_policy(quick_retries(2)),
        |list| list.limit(3),
    )
    .await;
}
