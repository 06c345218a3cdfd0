//! Control of one request and of what sends it: `customize` (headers,
//! timeout, retries, operation timeout per request), the client's operation
//! timeout, the success's metadata (`.send().with_response()`), the
//! `Transport` seam, and how credentials travel (one `Authorization`
//! header, made once).

#[path = "support/common.rs"]
mod common;
#[path = "support/fake_rutter.rs"]
mod fake_rutter;

use std::error::Error as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::{authenticated, bounded, client, client_with_retries, ids, quick_retries};
use fake_rutter::{DEFAULT_ACCESS_TOKEN, FakeRutter, Fault, basic_auth_header, sample_groups};
use rutter_customer_groups::requests::FetchCustomerGroupHeaders;
use rutter_customer_groups::{
    Error, RetryPolicy, Transport, TransportError, TransportErrorKind, TransportFuture,
};

const TOKEN: &str = DEFAULT_ACCESS_TOKEN;

#[tokio::test]
async fn customize_adds_headers_and_replaces_the_clients() {
    let fake = FakeRutter::start(sample_groups(3)).await;
    let page = bounded(
        client(&fake)
            .list_customer_groups(TOKEN)
            .customize(|o| {
                o.header("X-Trace-Id", "trace-1")
                    .header("x-extra", "2")
                    .header("X-Rutter-Version", "2023-03-14")
            })
            .send(),
    )
    .await
    .expect("a page");
    assert_eq!(page.customer_groups.len(), 3);
    let seen = fake.last_request().expect("one request");
    assert_eq!(seen.header("x-trace-id"), Some("trace-1"));
    assert_eq!(seen.header_values("x-extra"), ["2"], "replaced, not added");
    assert_eq!(seen.header_values("x-rutter-version"), ["2023-03-14"]);
    // the next request of the same client has none of it
    bounded(client(&fake).list_customer_groups(TOKEN).send())
        .await
        .expect("a page");
    let seen = fake.last_request().expect("a second request");
    assert_eq!(seen.header("x-trace-id"), None);
    assert_eq!(seen.header_values("x-extra"), ["1"]);
}

#[tokio::test]
async fn customize_settings_add_up_and_reach_every_page() {
    let fake = FakeRutter::start(sample_groups(5)).await;
    let groups: Vec<_> = bounded(futures_util::TryStreamExt::try_collect(
        client(&fake)
            .list_customer_groups(TOKEN)
            .limit(2)
            .customize(|o| o.header("X-Trace-Id", "walk"))
            .customize(|o| o.header("X-Other", "also"))
            .into_stream(),
    ))
    .await
    .expect("every group");
    assert_eq!(groups.len(), 5);
    let requests = fake.requests();
    assert_eq!(requests.len(), 3);
    for seen in &requests {
        assert_eq!(seen.header("x-trace-id"), Some("walk"));
        assert_eq!(seen.header("x-other"), Some("also"));
    }
}

#[tokio::test]
async fn an_invalid_header_of_one_request_is_a_config_error_and_nothing_is_sent() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    for (name, value) in [("bad name", "v"), ("X-Ok", "line\nbreak")] {
        let result = client(&fake)
            .list_customer_groups(TOKEN)
            .customize(|o| o.header(name, value))
            .send()
            .await;
        let Err(Error::Config(config)) = result else {
            panic!("{name:?}: {result:?}");
        };
        assert!(!config.to_string().contains("break"), "{config}");
    }
    assert_eq!(fake.request_count(), 0);
}

#[tokio::test]
async fn customize_timeout_bounds_each_attempt_of_that_request() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    fake.push_fault(Fault::delay(Duration::from_secs(3)));
    let started = Instant::now();
    let result = bounded(
        client(&fake) // 5 s client timeout
            .list_customer_groups(TOKEN)
            .customize(|o| o.timeout(Duration::from_millis(200)).no_retries())
            .send(),
    )
    .await;
    let error = result.expect_err("times out");
    assert!(error.is_timeout(), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(fake.request_count(), 1, "no_retries: sent once");
}

#[tokio::test]
async fn customize_retry_policy_replaces_the_clients() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    for _ in 0..2 {
        fake.push_fault(Fault::rutter_error(503, "SERVER_ERROR", "UNAVAILABLE", "x"));
    }
    let page = bounded(
        client_with_retries(&fake, RetryPolicy::none())
            .list_customer_groups(TOKEN)
            .customize(|o| o.retry_policy(quick_retries(2)))
            .send(),
    )
    .await
    .expect("the third attempt succeeds");
    assert_eq!(page.customer_groups.len(), 1);
    assert_eq!(fake.request_count(), 3);
}

#[tokio::test]
async fn the_operation_timeout_bounds_attempts_and_waits_together() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    // each attempt within the 1 s attempt timeout, four of them not
    for _ in 0..4 {
        fake.push_fault(Fault::delay(Duration::from_millis(400)));
    }
    let client = authenticated(&fake)
        .timeout(Duration::from_millis(300))
        .operation_timeout(Duration::from_millis(700))
        .retry_policy(quick_retries(5))
        .build()
        .expect("client");
    let started = Instant::now();
    let error = bounded(client.list_customer_groups(TOKEN).send())
        .await
        .expect_err("the operation times out");
    let took = started.elapsed();
    assert!(error.is_timeout(), "{error:?}");
    assert!(took < Duration::from_millis(1500), "{took:?}");
    assert!(fake.request_count() <= 3, "{}", fake.request_count());
}

#[tokio::test]
async fn a_retry_whose_wait_passes_the_deadline_is_not_made() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    fake.push_fault(Fault::too_many_requests("2"));
    let started = Instant::now();
    let result = bounded(
        client_with_retries(&fake, quick_retries(3))
            .list_customer_groups(TOKEN)
            .customize(|o| o.operation_timeout(Duration::from_millis(500)))
            .send(),
    )
    .await;
    let error = result.expect_err("the 429 is given back at once");
    assert_eq!(error.status(), Some(429));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(2)));
    assert!(started.elapsed() < Duration::from_millis(500));
    assert_eq!(fake.request_count(), 1);
}

#[tokio::test]
async fn with_response_gives_status_headers_and_request_id_beside_the_body() {
    let fake = FakeRutter::start(sample_groups(4)).await;
    fake.push_fault(Fault::pass().with_header("x-rate-limit-remaining", "42"));
    let response = bounded(
        client(&fake)
            .list_customer_groups(TOKEN)
            .limit(2)
            .send()
            .with_response(),
    )
    .await
    .expect("a page");
    assert_eq!(response.status(), 200);
    assert_eq!(
        response
            .headers()
            .get("x-rate-limit-remaining")
            .map(|v| v.to_str().ok()),
        Some(Some("42"))
    );
    let id = response.request_id().expect("the fake sends a request id");
    assert_eq!(
        response
            .headers()
            .get("x-rutter-request-id")
            .map(|v| v.to_str().ok()),
        Some(Some(id))
    );
    let page = response.into_body();
    assert_eq!(ids(&page), common::sample_ids(0..2));
}

#[tokio::test]
async fn the_declared_request_id_header_is_typed_on_the_response() {
    let fake = FakeRutter::start(sample_groups(2)).await;
    let response = bounded(
        client(&fake)
            .fetch_customer_group(fake_rutter::sample_id(0), TOKEN)
            .send()
            .with_response(),
    )
    .await
    .expect("a group");
    let declared: FetchCustomerGroupHeaders =
        response.declared_headers().expect("the declared headers");
    let id = declared
        .x_rutter_request_id
        .expect("the fake sends a request id");
    assert_eq!(response.request_id(), Some(id.as_str()));
}

#[tokio::test]
async fn with_response_errors_are_the_plain_errors() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    let error = bounded(
        client(&fake)
            .fetch_customer_group("no-such-id", TOKEN)
            .send()
            .with_response(),
    )
    .await
    .expect_err("404");
    assert!(error.is_not_found());
    assert!(error.request_id().is_some());
}

/// A transport that counts attempts and passes them to reqwest.
struct Counting {
    http: reqwest::Client,
    attempts: Arc<AtomicUsize>,
    authorization: Arc<std::sync::Mutex<Vec<String>>>,
}

impl Transport for Counting {
    fn send(&self, request: reqwest::Request) -> TransportFuture<'_> {
        self.attempts.fetch_add(1, Ordering::SeqCst);
        if let Some(value) = request.headers().get("authorization") {
            let value = value.to_str().unwrap_or_default().to_owned();
            self.authorization.lock().expect("lock").push(value);
        }
        Transport::send(&self.http, request)
    }
}

#[tokio::test]
async fn a_transport_sees_every_attempt_with_its_credentials() {
    let fake = FakeRutter::start(sample_groups(2)).await;
    let attempts = Arc::new(AtomicUsize::new(0));
    let authorization = Arc::new(std::sync::Mutex::new(Vec::new()));
    let builder = authenticated(&fake).transport(Counting {
        http: reqwest::Client::new(),
        attempts: Arc::clone(&attempts),
        authorization: Arc::clone(&authorization),
    });
    let (page, _) = common::list_through_one_503(&fake, builder).await;
    assert_eq!(page.customer_groups.len(), 2);
    assert_eq!(attempts.load(Ordering::SeqCst), 2);
    let expected = fake.expected_authorization();
    assert_eq!(
        *authorization.lock().expect("lock"),
        [expected.clone(), expected]
    );
}

/// A transport that never reaches a server.
struct Refusing;

impl Transport for Refusing {
    fn send(&self, _request: reqwest::Request) -> TransportFuture<'_> {
        Box::pin(async {
            Err(TransportError::new(
                TransportErrorKind::Connect,
                "no route to the test's server",
            ))
        })
    }
}

#[tokio::test]
async fn a_transport_failure_is_a_typed_error_with_its_cause_once_along_the_chain() {
    let client = common::builder_at("http://127.0.0.1:9/versioned")
        .retry_policy(quick_retries(1))
        .transport(Refusing)
        .build()
        .expect("client");
    let error = bounded(client.list_customer_groups(TOKEN).send())
        .await
        .expect_err("refused");
    assert!(error.is_retryable());
    let Error::Transport(transport) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(transport.kind(), TransportErrorKind::Connect);
    let mut chain = vec![error.to_string()];
    let mut source = error.source();
    while let Some(cause) = source {
        chain.push(cause.to_string());
        source = cause.source();
    }
    assert_eq!(
        chain,
        [
            "GET /customer_groups could not connect",
            "no route to the test's server"
        ]
    );
}

#[tokio::test]
async fn reqwest_failures_show_their_message_once_along_the_chain() {
    // a port nothing listens on
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/versioned", listener.local_addr().expect("addr"));
    drop(listener);
    let client = common::client_at(&url, RetryPolicy::none(), Duration::from_secs(2));
    let error = bounded(client.list_customer_groups(TOKEN).send())
        .await
        .expect_err("refused");
    let mut messages = vec![error.to_string()];
    let mut source = error.source();
    while let Some(cause) = source {
        messages.push(cause.to_string());
        source = cause.source();
    }
    for (i, message) in messages.iter().enumerate() {
        for later in &messages[i + 1..] {
            assert!(!later.contains(message.as_str()), "{messages:#?}");
        }
        assert!(!message.contains(TOKEN), "{messages:#?}");
    }
}

/// Basic credentials of every padding length reach the fake as the header
/// it expects (the client encodes them once, when it is built).
#[tokio::test]
async fn basic_credentials_of_every_length_are_encoded() {
    for (id, secret) in [
        ("a", "b"),
        ("ab", "cd"),
        ("abc", "defg"),
        ("ü-ser", "pä:ss"),
    ] {
        let fake = FakeRutter::builder()
            .credentials(id, secret)
            .groups(sample_groups(1))
            .start()
            .await;
        let client = common::builder_at(&fake.base_url())
            .basic_auth(id, secret)
            .build()
            .expect("client");
        bounded(client.list_customer_groups(TOKEN).send())
            .await
            .unwrap_or_else(|e| panic!("{id}:{secret}: {e}"));
        let seen = fake.last_request().expect("a request");
        assert_eq!(
            seen.header_values("authorization"),
            [basic_auth_header(id, secret)]
        );
    }
}
