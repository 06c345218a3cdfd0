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
//! Controls come first and prove the harness can fail: a response that breaks
//! the schema, a response the client tolerates but the schema forbids (an
//! unknown platform), a request the client sends that breaks the schema
//! (`limit` 501) and a raw request without `X-Rutter-Version` must all be
//! flagged.
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

use std::fmt::Debug;
use std::future::Future;
use std::net::SocketAddr;
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
use futures_util::TryStreamExt;
use prism::Prism;
use rutter_customer_groups::models::{CustomerGroup, ErrorResponse, RutterVersion};
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
    scenarios: usize,
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
    async fn check<T, F, Fut>(
        &mut self,
        name: &str,
        faults: &[Fault],
        expect: Expect,
        call: F,
    ) -> Outcome<T>
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
            _ => panic!("{name}: without Prism expected {expect:?}, got {direct:?}"),
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
            "{name}: Prism reported schema violations:\n{}Prism's log:\n{}",
            describe(&flagged),
            self.prism.log_tail()
        );
        assert_eq!(
            direct,
            proxied,
            "{name}: the outcome through Prism differs from the outcome without it\n\
             exchanges:\n{}Prism's log:\n{}",
            describe(&exchanges),
            self.prism.log_tail()
        );
        assert!(!exchanges.is_empty(), "{name}: nothing went through Prism");
        assert_eq!(
            seen_direct, seen_proxied,
            "{name}: the fake saw different requests through Prism"
        );
        assert_eq!(
            exchanges.len(),
            seen_proxied.len(),
            "{name}: Prism answered some requests itself instead of forwarding them:\n{}",
            describe(&exchanges)
        );
        self.scenarios += 1;
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

fn ok<T: Debug>(name: &str, outcome: Outcome<T>) -> T {
    match outcome {
        Outcome::Ok(value) => value,
        other => panic!("{name}: expected success, got {other:?}"),
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
        scenarios: 0,
        exchanges: 0,
    };

    // -- Controls: the harness must be able to fail. --------------------------

    // A response that breaks the schema: Prism answers 500 with sl-violations.
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
        "control: Prism must turn a schema-breaking response into a 500, got {result:?}"
    );
    assert!(
        matches!(exchanges.as_slice(), [e] if e.status == 500
            && e.violations.as_deref().is_some_and(|v| v.contains("customer_groups"))),
        "control: the tap must see Prism's sl-violations for a schema-breaking response:\n{}",
        describe(&exchanges)
    );
    assert_eq!(
        h.fake.requests().len(),
        1,
        "control: Prism forwards to the fake"
    );

    // A response the client tolerates (an unknown platform decodes to
    // `Platform::Unknown`) but the schema's closed enum forbids: Prism, not
    // the client, is what catches it.
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
        "control: the client tolerates an unknown platform, got {direct:?}"
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
        "control: Prism must flag an unknown platform:\n{}",
        describe(&exchanges)
    );

    // A request that breaks the schema (limit above the maximum): Prism
    // answers 422 itself, without forwarding.
    let (result, exchanges) = h
        .through_prism(|b| async move {
            b.build()?
                .list_customer_groups(DEFAULT_ACCESS_TOKEN)
                .limit(501)
                .send()
                .await
        })
        .await;
    assert_eq!(
        result.as_ref().err().and_then(Error::status),
        Some(422),
        "control: Prism must reject limit=501, got {result:?}"
    );
    assert!(
        matches!(exchanges.as_slice(), [e] if e.is_flagged()
            && e.problem.as_deref().is_some_and(|p| p.contains("limit"))),
        "control: the tap must see Prism's problem for limit=501:\n{}",
        describe(&exchanges)
    );
    assert!(
        h.fake.requests().is_empty(),
        "control: Prism must not forward an invalid request"
    );

    // A request without the required X-Rutter-Version header (the client
    // always sends one, so this one is raw).
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
        "control: Prism must reject a request without X-Rutter-Version"
    );
    let exchanges = h.tap.take();
    assert!(
        matches!(exchanges.as_slice(), [e] if e.is_flagged()
            && e.problem.as_deref().is_some_and(|p| p.contains("x-rutter-version"))),
        "control: the tap must see Prism's problem for a missing header:\n{}",
        describe(&exchanges)
    );
    assert!(h.fake.requests().is_empty());

    // -- Scenarios: direct and through Prism, no violation allowed. ----------

    let token = DEFAULT_ACCESS_TOKEN;

    let page = ok(
        "list, no optional parameters",
        h.check(
            "list, no optional parameters",
            &[],
            Expect::Success,
            |b| async move { b.build()?.list_customer_groups(token).send().await },
        )
        .await,
    );
    assert_eq!(page.customer_groups.len(), GROUPS);
    assert_eq!(page.next_cursor, None);

    for limit in [1, 500] {
        let name = format!("list, limit {limit}");
        let page = ok(
            &name,
            h.check(&name, &[], Expect::Success, |b| async move {
                b.build()?
                    .list_customer_groups(token)
                    .limit(limit)
                    .send()
                    .await
            })
            .await,
        );
        assert_eq!(page.customer_groups.len(), GROUPS.min(limit as usize));
    }

    let first = ok(
        "list, limit 5",
        h.check("list, limit 5", &[], Expect::Success, |b| async move {
            b.build()?.list_customer_groups(token).limit(5).send().await
        })
        .await,
    );
    let cursor = first
        .next_cursor
        .clone()
        .expect("a first page of 5 has a next cursor");
    let second = ok(
        "list, limit 5 and cursor",
        h.check("list, limit 5 and cursor", &[], Expect::Success, |b| {
            let cursor = cursor.clone();
            async move {
                b.build()?
                    .list_customer_groups(token)
                    .limit(5)
                    .cursor(cursor)
                    .send()
                    .await
            }
        })
        .await,
    );
    assert_eq!(second.customer_groups[0].id, sample_id(5));

    let (min, max) = (sample_updated_at_ms(3), sample_updated_at_ms(17));
    let filtered = ok(
        "list, updated_at filters, force_fetch=true",
        h.check(
            "list, updated_at filters, force_fetch=true",
            &[],
            Expect::Success,
            |b| async move {
                b.build()?
                    .list_customer_groups(token)
                    .updated_at_min(min)
                    .updated_at_max(max)
                    .force_fetch(true)
                    .limit(100)
                    .send()
                    .await
            },
        )
        .await,
    );
    assert_eq!(filtered.customer_groups.len(), 15);

    h.check(
        "list, force_fetch=false",
        &[],
        Expect::Success,
        |b| async move {
            b.build()?
                .list_customer_groups(token)
                .force_fetch(false)
                .send()
                .await
        },
    )
    .await;

    // 2100-01-01: well inside JavaScript's safe integers (see PEERS.md).
    let empty = ok(
        "list, filter matching nothing",
        h.check(
            "list, filter matching nothing",
            &[],
            Expect::Success,
            |b| async move {
                b.build()?
                    .list_customer_groups(token)
                    .updated_at_min(4_102_444_800_000)
                    .send()
                    .await
            },
        )
        .await,
    );
    assert!(empty.customer_groups.is_empty() && empty.next_cursor.is_none());

    for version in [
        RutterVersion::V2023_02_07,
        RutterVersion::V2023_03_14,
        RutterVersion::V2024_04_30,
        RutterVersion::V2024_08_31,
        RutterVersion::Unstable,
    ] {
        let name = format!("list, X-Rutter-Version {}", version.as_str());
        h.check(&name, &[], Expect::Success, |b| {
            let version = version.clone();
            async move {
                b.rutter_version(version)
                    .build()?
                    .list_customer_groups(token)
                    .limit(2)
                    .send()
                    .await
            }
        })
        .await;
    }

    let all = ok(
        "into_stream, every page",
        h.check(
            "into_stream, every page",
            &[],
            Expect::Success,
            |b| async move {
                b.build()?
                    .list_customer_groups(token)
                    .limit(4)
                    .into_stream()
                    .try_collect::<Vec<CustomerGroup>>()
                    .await
            },
        )
        .await,
    );
    let ids: Vec<String> = all.iter().map(|g| g.id.clone()).collect();
    assert_eq!(ids, (0..GROUPS).map(sample_id).collect::<Vec<_>>());

    let walked = ok(
        "into_stream with filters and force_fetch",
        h.check(
            "into_stream with filters and force_fetch",
            &[],
            Expect::Success,
            |b| async move {
                b.build()?
                    .list_customer_groups(token)
                    .limit(3)
                    .updated_at_min(min)
                    .updated_at_max(max)
                    .force_fetch(true)
                    .into_stream()
                    .try_collect::<Vec<CustomerGroup>>()
                    .await
            },
        )
        .await,
    );
    assert_eq!(walked.len(), 15);

    // Indexes 0..4 cover platform_id string / null / absent and name null.
    for index in 0..4 {
        let name = format!("fetch {}", sample_id(index));
        let found = ok(
            &name,
            h.check(&name, &[], Expect::Success, |b| async move {
                let request = b.build()?.fetch_customer_group(sample_id(index), token);
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
            .await,
        );
        assert_eq!(found.customer_group.map(|g| g.id), Some(sample_id(index)));
    }

    let null = ok(
        "fetch, null group",
        h.check("fetch, null group", &[], Expect::Success, |b| async move {
            b.build()?
                .fetch_customer_group(NULL_GROUP_ID, token)
                .send()
                .await
        })
        .await,
    );
    assert_eq!(null.customer_group, None);

    let missing = h
        .check(
            "fetch, unknown id (404)",
            &[],
            Expect::Status(404),
            |b| async move {
                b.build()?
                    .fetch_customer_group("no-such-group", token)
                    .send()
                    .await
            },
        )
        .await;
    let body = error_body(&missing);
    assert_eq!(body.error_code, "OBJECT_NOT_FOUND");
    assert_eq!(body.extra.get("doc_url"), Some(&json!(NOT_FOUND_DOC_URL)));

    h.check(
        "fetch, id that needs percent-encoding (404)",
        &[],
        Expect::Status(404),
        |b| async move {
            b.build()?
                .fetch_customer_group("no such/group ü?#", token)
                .send()
                .await
        },
    )
    .await;

    for (name, id, secret) in [
        ("list, wrong client secret (401)", None, "wrong-secret"),
        (
            "fetch, wrong client secret (401)",
            Some(sample_id(0)),
            "wrong-secret",
        ),
    ] {
        let outcome = h
            .check(name, &[], Expect::Status(401), |b| {
                let id = id.clone();
                async move {
                    let client = b.basic_auth(DEFAULT_CLIENT_ID, secret).build()?;
                    match id {
                        None => client.list_customer_groups(token).send().await.map(drop),
                        Some(id) => client
                            .fetch_customer_group(id, token)
                            .send()
                            .await
                            .map(drop),
                    }
                }
            })
            .await;
        assert_eq!(error_body(&outcome).error_type, "AUTHENTICATION_ERROR");
    }

    h.check(
        "list, wrong access_token (401)",
        &[],
        Expect::Status(401),
        |b| async move { b.build()?.list_customer_groups("wrong-token").send().await },
    )
    .await;

    let bad_cursor = h
        .check(
            "list, unknown cursor (400)",
            &[],
            Expect::Status(400),
            |b| async move {
                b.build()?
                    .list_customer_groups(token)
                    .cursor("bm90LWEtY3Vyc29y")
                    .send()
                    .await
            },
        )
        .await;
    assert_eq!(error_body(&bad_cursor).error_code, "INVALID_PARAMETER");

    for (name, status, error_type, error_code, message) in [
        (
            "list, Rutter 452 (rate limited) without retries",
            452,
            "RATE_LIMIT_ERROR",
            "RATE_LIMIT_EXCEEDED",
            "Slow down.",
        ),
        (
            "list, 503 without retries",
            503,
            "SERVER_ERROR",
            "UNAVAILABLE",
            "Try again later.",
        ),
    ] {
        h.check(
            name,
            &[Fault::rutter_error(status, error_type, error_code, message)],
            Expect::Status(status),
            |b| async move { b.build()?.list_customer_groups(token).send().await },
        )
        .await;
    }

    h.check(
        "list, 429 with Retry-After, then success on retry",
        &[Fault::too_many_requests("0")],
        Expect::Success,
        |b| async move {
            b.retry_policy(quick_retries(2))
                .build()?
                .list_customer_groups(token)
                .limit(3)
                .send()
                .await
        },
    )
    .await;

    eprintln!(
        "conformance: {} scenarios, {} exchanges through Prism without a violation \
         (Prism start {:.1?}, total {:.1?})",
        h.scenarios,
        h.exchanges,
        startup,
        started.elapsed()
    );
}
