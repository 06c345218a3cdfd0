//! Fault injection and retries: the generated client against a fake Rutter
//! that fails in every way a real server or network can (error statuses,
//! rate limits with `Retry-After`, bodies that are not JSON, truncated,
//! mistyped, empty, slow or huge, connections refused, closed or reset),
//! asserting the typed error, which failures are retried and how many
//! requests were sent and, where the server asked for one, the wait.

#[path = "support/common.rs"]
mod common;
#[path = "support/fake_rutter.rs"]
mod fake_rutter;

use std::time::{Duration, Instant};

use common::{
    api_error, authenticated, bounded, client_at, client_with_retries, decode_error, ids,
    quick_retries, sample_ids, transport_error,
};
use fake_rutter::{
    DEFAULT_ACCESS_TOKEN, FakeRutter, Fault, RawAction, RawServer, error_body, http_date,
    list_page, refused_addr, sample_group, sample_groups, sample_id, utc_now,
};
use rutter_customer_groups::models::ListCustomerGroupsResponse;
use rutter_customer_groups::{Client, Error, RetryPolicy, TransportErrorKind};
use serde_json::json;

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// The cap on kept error bodies documented by `ApiError::raw_body`.
const RAW_BODY_CAP: usize = 64 * 1024;

async fn list(client: &Client) -> Result<ListCustomerGroupsResponse, Error> {
    bounded(client.list_customer_groups(DEFAULT_ACCESS_TOKEN).send()).await
}

/// Every request the fake saw was the same request: retries resend it unchanged.
fn assert_identical_requests(fake: &FakeRutter) {
    let requests = fake.requests();
    let Some(first) = requests.first() else {
        panic!("no request was sent");
    };
    for req in &requests {
        assert_eq!(req.method, "GET");
        assert_eq!(req.path, first.path);
        assert_eq!(req.query, first.query);
        assert_eq!(req.header("authorization"), first.header("authorization"));
        assert_eq!(
            req.header("x-rutter-version"),
            first.header("x-rutter-version")
        );
    }
}

// ---------------------------------------------------------------------------
// Error statuses and retries
// ---------------------------------------------------------------------------

/// Queues `faults` (retryable failures), then lists with a limit and 3
/// retries: the page that follows them is returned, after one request per
/// fault and one more, all identical.
async fn assert_retried_until_success(faults: Vec<Fault>) {
    let fake = FakeRutter::start(sample_groups(3)).await;
    let failures = faults.len();
    for fault in faults {
        fake.push_fault(fault);
    }
    let client = client_with_retries(&fake, quick_retries(3));
    let page = bounded(
        client
            .list_customer_groups(DEFAULT_ACCESS_TOKEN)
            .limit(2)
            .send(),
    )
    .await
    .expect("the attempt after the failures succeeds");
    assert_eq!(ids(&page), sample_ids(0..2));
    assert_eq!(fake.request_count(), failures + 1);
    assert_eq!(fake.pending_faults(), 0);
    assert_eq!(
        fake.last_request().expect("a request").path,
        "/versioned/customer_groups"
    );
    assert_identical_requests(&fake);
}

/// 503, 503, then 200: the third attempt's page is returned, after exactly
/// three identical requests.
#[tokio::test]
async fn two_503s_then_200_succeeds_on_the_third_request() {
    assert_retried_until_success(vec![
        Fault::status(503, "upstream down"),
        Fault::rutter_error(503, "SERVER_ERROR", "SERVICE_UNAVAILABLE", "try later"),
    ])
    .await;
}

/// 503, Rutter's 452 (the platform's rate limit) and 500 in a row, then
/// 200: each is retried, and the fourth request's page is returned.
#[tokio::test]
async fn server_errors_and_rate_limits_are_retried() {
    assert_retried_until_success(vec![
        Fault::status(503, "upstream down"),
        Fault::rutter_error(
            452,
            "CONNECTION_ERROR",
            "RATE_LIMITED",
            "Shopify rate limit",
        ),
        Fault::status(500, "{}"),
    ])
    .await;
}

/// Failures beyond the retry budget are reported: the last 503, after
/// `max_retries + 1` requests, with that response's request id.
#[tokio::test]
async fn more_503s_than_retries_report_the_last_one() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    for _ in 0..4 {
        fake.push_fault(Fault::status(503, "upstream down"));
    }
    let result = list(&client_with_retries(&fake, quick_retries(2))).await;
    let api = api_error(result);
    assert_eq!(api.status(), 503);
    assert_eq!(api.raw_body(), "upstream down");
    assert!(api.body().is_none());
    assert_eq!(api.request_id(), Some("req-3"));
    assert_eq!(fake.request_count(), 3);
    assert_eq!(fake.pending_faults(), 1);
}

/// The client's defaults are 3 retries from 250 ms up to 30 s, and a
/// `Retry-After` honoured up to 30 s; the builder starts from them.
#[test]
fn default_retry_policy_is_three_retries_from_250ms_up_to_30s() {
    let policy = RetryPolicy::default();
    assert_eq!(policy.max_retries, 3);
    assert_eq!(policy.base_delay, Duration::from_millis(250));
    assert_eq!(policy.max_delay, Duration::from_secs(30));
    assert_eq!(policy.max_retry_after, Duration::from_secs(30));
    assert_eq!(RetryPolicy::builder().build(), policy);
    let built = RetryPolicy::builder()
        .max_retries(5)
        .base_delay(Duration::from_millis(10))
        .max_delay(Duration::from_secs(1))
        .max_retry_after(Duration::from_secs(2))
        .build();
    assert_eq!(
        (
            built.max_retries,
            built.base_delay,
            built.max_delay,
            built.max_retry_after
        ),
        (
            5,
            Duration::from_millis(10),
            Duration::from_secs(1),
            Duration::from_secs(2)
        )
    );
    assert_eq!(RetryPolicy::none().max_retries, 0);
}

/// `Retry-After: 1` (seconds): the retry comes at least ~1 s after the 429.
#[tokio::test]
async fn retry_after_seconds_is_waited_for() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    fake.push_fault(Fault::too_many_requests("1"));
    let started = Instant::now();
    let page = list(&client_with_retries(&fake, quick_retries(3)))
        .await
        .expect("the retry succeeds");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(ids(&page), [sample_id(0)]);
    assert_eq!(fake.request_count(), 2);
    let gaps = fake.gaps();
    assert!(gaps[0] >= Duration::from_millis(900), "{gaps:?}");
}

/// `Retry-After` as an HTTP date three seconds ahead: the retry waits until
/// about then (checked as at least ~1 s: the date has whole-second
/// precision and the test must not depend on how fast it runs).
#[tokio::test]
async fn retry_after_http_date_is_waited_for() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    let at = utc_now() + chrono::Duration::seconds(3);
    fake.push_fault(Fault::too_many_requests(&http_date(at)));
    let page = list(&client_with_retries(&fake, quick_retries(3)))
        .await
        .expect("the retry succeeds");
    assert_eq!(ids(&page), [sample_id(0)]);
    assert_eq!(fake.request_count(), 2);
    let gaps = fake.gaps();
    assert!(gaps[0] >= Duration::from_millis(900), "{gaps:?}");
}

/// The parsed `Retry-After` is exposed on the error: seconds as given, an
/// HTTP date as the time left until it, a date in the past as zero.
#[tokio::test]
async fn retry_after_is_exposed_on_the_error() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    let client = client_with_retries(&fake, RetryPolicy::none());

    fake.push_fault(Fault::too_many_requests("7"));
    let err = list(&client).await.expect_err("429");
    assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));
    assert!(err.is_rate_limited() && err.is_retryable(), "{err:?}");

    let ahead = utc_now() + chrono::Duration::seconds(120);
    fake.push_fault(Fault::too_many_requests(&http_date(ahead)));
    let wait = list(&client)
        .await
        .expect_err("429")
        .retry_after()
        .expect("an HTTP date is understood");
    assert!(
        wait >= Duration::from_secs(100) && wait <= Duration::from_secs(121),
        "{wait:?}"
    );

    let past = utc_now() - chrono::Duration::seconds(60);
    fake.push_fault(Fault::too_many_requests(&http_date(past)));
    let err = list(&client).await.expect_err("429");
    assert_eq!(err.retry_after(), Some(Duration::ZERO));

    fake.push_fault(Fault::too_many_requests("soon"));
    let err = list(&client).await.expect_err("429");
    assert_eq!(err.retry_after(), None, "an unparsable value is ignored");
    assert_eq!(fake.request_count(), 4);
}

/// A `Retry-After` longer than `max_retry_after` is cut to it: a 30 s
/// request does not make the client wait 30 s.
#[tokio::test]
async fn retry_after_is_capped_by_max_retry_after() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    fake.push_fault(Fault::too_many_requests("30"));
    let policy = RetryPolicy::builder()
        .max_retries(1)
        .base_delay(Duration::from_millis(5))
        .max_retry_after(Duration::from_millis(50))
        .build();
    let started = Instant::now();
    let result = tokio::time::timeout(
        Duration::from_secs(10),
        list(&client_with_retries(&fake, policy)),
    )
    .await;
    let page = result
        .expect("max_retry_after caps the wait")
        .expect("the retry succeeds");
    assert_eq!(ids(&page), [sample_id(0)]);
    assert_eq!(fake.request_count(), 2);
    assert!(started.elapsed() >= Duration::from_millis(40));
}

/// Rutter's 452 (the platform's rate limit) is retried like a 429, and
/// reported with its decoded body when retries run out.
#[tokio::test]
async fn platform_rate_limit_452_is_retried_then_reported() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    let fault = || Fault::rutter_error(452, "CONNECTION_ERROR", "RATE_LIMITED", "Shopify: slow");
    fake.push_fault(fault());
    let client = client_with_retries(&fake, quick_retries(2));
    let page = list(&client).await.expect("the retry succeeds");
    assert_eq!(ids(&page), [sample_id(0)]);
    assert_eq!(fake.request_count(), 2);

    fake.clear_requests();
    for _ in 0..3 {
        fake.push_fault(fault());
    }
    let err = list(&client).await.expect_err("452 three times");
    assert!(err.is_rate_limited(), "{err:?}");
    assert_eq!(err.status(), Some(452));
    let body = err.api_body().expect("decoded Rutter body");
    assert_eq!(body.error_type, "CONNECTION_ERROR");
    assert_eq!(body.error_code, "RATE_LIMITED");
    assert_eq!(fake.request_count(), 3);
}

/// An HTML 502 from a proxy: retried, then reported with the body kept raw
/// and no decoded body; an HTML 400 likewise, sent once.
#[tokio::test]
async fn html_error_bodies_are_kept_raw() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    for _ in 0..2 {
        fake.push_fault(Fault::status(502, html).with_header("content-type", "text/html"));
    }
    let api = api_error(list(&client_with_retries(&fake, quick_retries(1))).await);
    assert_eq!(api.status(), 502);
    assert!(api.body().is_none());
    assert_eq!(api.raw_body(), html);
    assert_eq!(api.request_id(), Some("req-2"));
    assert_eq!(fake.request_count(), 2);

    fake.clear_requests();
    fake.push_fault(
        Fault::status(400, "<html>bad request</html>").with_header("content-type", "text/html"),
    );
    let api = api_error(list(&client_with_retries(&fake, quick_retries(1))).await);
    assert_eq!(api.status(), 400);
    assert!(api.body().is_none());
    assert_eq!(api.raw_body(), "<html>bad request</html>");
    assert_eq!(fake.request_count(), 1);
}

/// 4xx other than 429 are final: one request each, reported with the
/// decoded body (Rutter's 450 is the platform rejecting the request); the
/// same for the 4xx the fake answers by itself (a bad `limit`, a wrong
/// token, an unknown id).
#[tokio::test]
async fn client_errors_are_sent_once() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    let client = client_with_retries(&fake, quick_retries(3));
    for status in [400, 401, 403, 404, 409, 410, 450] {
        fake.clear_requests();
        fake.push_fault(Fault::rutter_error(
            status,
            "CONNECTION_ERROR",
            "PLATFORM_BAD_REQUEST",
            "Shopify rejected the request",
        ));
        let api = api_error(list(&client).await);
        assert_eq!(api.status(), status);
        let body = api.body().expect("Rutter error body");
        assert_eq!(body.error_type, "CONNECTION_ERROR", "{status}");
        assert_eq!(body.error_code, "PLATFORM_BAD_REQUEST", "{status}");
        assert_eq!(body.error_message, "Shopify rejected the request");
        assert_eq!(fake.request_count(), 1, "{status}");
    }

    fake.clear_requests();
    // a limit out of the schema's bounds never reaches the server
    let refused = bounded(
        client
            .list_customer_groups(DEFAULT_ACCESS_TOKEN)
            .limit(0)
            .send(),
    )
    .await;
    assert!(matches!(refused, Err(Error::Config(_))), "{refused:?}");
    let unauthorized = bounded(client.list_customer_groups("wrong-token").send()).await;
    assert_eq!(api_error(unauthorized).status(), 401);
    let not_found = bounded(
        client
            .fetch_customer_group("missing", DEFAULT_ACCESS_TOKEN)
            .send(),
    )
    .await;
    assert_eq!(api_error(not_found).status(), 404);
    assert_eq!(fake.request_count(), 2);
}

/// `no_retries()` on the builder: a 503 is sent once and reported.
#[tokio::test]
async fn no_retries_sends_once() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    fake.push_fault(Fault::status(503, "upstream down"));
    let client = authenticated(&fake)
        .no_retries()
        .build()
        .expect("client builds");
    let err = list(&client).await.expect_err("503");
    assert_eq!(err.status(), Some(503));
    assert_eq!(fake.request_count(), 1);
}

/// 429 on every attempt: reported as a rate limit with its `Retry-After`
/// and decoded body once the retries run out.
#[tokio::test]
async fn rate_limit_is_reported_when_retries_run_out() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    fake.push_fault(Fault::too_many_requests("0"));
    fake.push_fault(Fault::too_many_requests("0"));
    let err = list(&client_with_retries(&fake, quick_retries(1)))
        .await
        .expect_err("429");
    assert!(err.is_rate_limited(), "{err:?}");
    assert_eq!(err.status(), Some(429));
    assert_eq!(err.retry_after(), Some(Duration::ZERO));
    let body = err.api_body().expect("Rutter error body");
    assert_eq!(body.error_code, "RATE_LIMIT_EXCEEDED");
    assert_eq!(fake.request_count(), 2);
}

// ---------------------------------------------------------------------------
// Bodies that do not decode
// ---------------------------------------------------------------------------

/// A 200 whose JSON stops midway: a decode error (not retried) with the
/// path where it stopped and the start of the body.
#[tokio::test]
async fn truncated_json_on_200_is_a_decode_error() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    let full = list_page(vec![sample_group(0)], None).to_string();
    let cut = &full[..full.find("\"created_at\"").expect("created_at") + 5];
    fake.push_fault(Fault::status(200, cut));
    let err = list(&client_with_retries(&fake, quick_retries(3)))
        .await
        .expect_err("truncated");
    assert_eq!(err.status(), Some(200));
    assert_eq!(err.request_id(), Some("req-1"));
    assert!(!err.is_retryable());
    let decode = decode_error::<()>(Err(err));
    // serde_path_to_error names the key being read as `?`.
    assert_eq!(decode.path(), "customer_groups[0].?");
    assert!(decode.message().contains("EOF"), "{}", decode.message());
    assert_eq!(decode.snippet(), cut);
    assert_eq!(fake.request_count(), 1);
}

/// Values of the wrong JSON type name the field that failed.
#[tokio::test]
async fn wrong_json_types_name_the_failing_path() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    let client = client_with_retries(&fake, quick_retries(3));
    let group = sample_group(0);
    let mut numeric_created_at = group.clone();
    numeric_created_at["created_at"] = json!(1_672_626_896_000_i64);
    let mut unparsable_created_at = group.clone();
    unparsable_created_at["created_at"] = json!("yesterday");
    let mut null_id = group.clone();
    null_id["id"] = json!(null);
    let mut numeric_platform = list_page(vec![group.clone()], None);
    numeric_platform["connection"]["platform"] = json!(7);
    let cases = [
        (
            json!({"customer_groups": "not a list", "next_cursor": null, "connection": fake_rutter::default_connection()}),
            "customer_groups",
        ),
        (
            list_page(vec![group.clone(), numeric_created_at], None),
            "customer_groups[1].created_at",
        ),
        (
            list_page(vec![unparsable_created_at], None),
            "customer_groups[0].created_at",
        ),
        (list_page(vec![null_id], None), "customer_groups[0].id"),
        (numeric_platform, "connection.platform"),
        (
            json!({"customer_groups": [], "next_cursor": 5, "connection": fake_rutter::default_connection()}),
            "next_cursor",
        ),
        (json!([]), "."),
    ];
    for (index, (body, path)) in cases.iter().enumerate() {
        fake.push_fault(Fault::status(200, body.to_string()));
        let err = list(&client).await.expect_err("a decode error");
        assert_eq!(err.status(), Some(200), "{body}");
        let request_id = format!("req-{}", index + 1);
        assert_eq!(err.request_id(), Some(request_id.as_str()), "{body}");
        let decode = decode_error::<()>(Err(err));
        assert_eq!(decode.path(), *path, "{body}");
        assert!(!decode.snippet().is_empty());
    }
    assert_eq!(fake.request_count(), cases.len());

    let mut fetched =
        json!({"customer_group": sample_group(0), "connection": fake_rutter::default_connection()});
    fetched["customer_group"]["updated_at"] = json!(true);
    fake.push_fault(Fault::status(200, fetched.to_string()));
    let result = bounded(
        client
            .fetch_customer_group(sample_id(0), DEFAULT_ACCESS_TOKEN)
            .send(),
    )
    .await;
    assert_eq!(decode_error(result).path(), "customer_group.updated_at");
}

/// An empty 200 body is a decode error at the top level.
#[tokio::test]
async fn empty_200_body_is_a_decode_error() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    fake.push_fault(Fault::status(200, ""));
    let decode = decode_error(list(&client_with_retries(&fake, quick_retries(3))).await);
    assert_eq!(decode.path(), ".");
    assert_eq!(decode.snippet(), "");
    assert!(decode.message().contains("EOF"), "{}", decode.message());
    assert_eq!(fake.request_count(), 1);
}

/// A valid page followed by trailing garbage is not silently accepted.
#[tokio::test]
async fn trailing_garbage_after_the_json_is_a_decode_error() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    let body = format!("{}{{}}", list_page(vec![sample_group(0)], None));
    fake.push_fault(Fault::status(200, body));
    let decode = decode_error(list(&client_with_retries(&fake, quick_retries(3))).await);
    assert_eq!(decode.path(), ".");
    assert_eq!(fake.request_count(), 1);
}

// ---------------------------------------------------------------------------
// Slow, broken and cut-off connections
// ---------------------------------------------------------------------------

/// Headers arrive at once but the body dribbles past the client's timeout:
/// a transport timeout, retried (a GET), each attempt timing out.
#[tokio::test]
async fn slow_body_times_out_as_a_transport_error() {
    let fake = FakeRutter::start(sample_groups(3)).await;
    for _ in 0..2 {
        fake.push_fault(Fault::pass().dribble(8, Duration::from_millis(100)));
    }
    let client = client_at(
        &fake.base_url(),
        quick_retries(1),
        Duration::from_millis(400),
    );
    let transport = transport_error(list(&client).await);
    assert!(transport.is_timeout(), "{transport:?}");
    assert_eq!(transport.kind(), TransportErrorKind::Timeout);
    assert!(transport.is_retryable());
    assert_eq!(fake.request_count(), 2);

    fake.clear_requests();
    fake.push_fault(Fault::pass().dribble(8, Duration::from_millis(100)));
    let err = list(&client_at(
        &fake.base_url(),
        RetryPolicy::none(),
        Duration::from_millis(400),
    ))
    .await
    .expect_err("times out");
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(err.status(), None);
    assert_eq!(fake.request_count(), 1);
}

/// The same dribbling body within the timeout decodes normally: the
/// timeout above is the body's slowness, not the fault machinery.
#[tokio::test]
async fn slow_body_within_the_timeout_decodes() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    fake.push_fault(Fault::pass().dribble(64, Duration::from_millis(5)));
    let page = list(&client_with_retries(&fake, RetryPolicy::none()))
        .await
        .expect("decodes");
    assert_eq!(ids(&page), [sample_id(0)]);
}

/// The response headers come later than the client's timeout: each attempt
/// times out (a transport error, no status) and is retried.
#[tokio::test]
async fn slow_responses_time_out_after_retries() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    for _ in 0..10 {
        fake.push_fault(Fault::delay(Duration::from_secs(3)));
    }
    let client = client_at(
        &fake.base_url(),
        quick_retries(2),
        Duration::from_millis(300),
    );
    let err = list(&client).await.expect_err("times out");
    assert!(err.is_timeout(), "{err:?}");
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(err.status(), None);
    assert_eq!(fake.request_count(), 3);
}

/// One attempt times out, the retry is answered at once: its page.
#[tokio::test]
async fn a_timeout_then_a_quick_answer_succeeds() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    fake.push_fault(Fault::delay(Duration::from_secs(3)));
    let client = client_at(&fake.base_url(), quick_retries(1), Duration::from_secs(1));
    let page = list(&client).await.expect("the retry succeeds");
    assert_eq!(ids(&page), sample_ids(0..1));
    assert_eq!(fake.request_count(), 2);
}

/// Nothing listens: a connect error, retried, then reported as such, with
/// no status and without the access token of the URL that failed.
#[tokio::test]
async fn connection_refused_is_a_retryable_transport_error() {
    let addr = refused_addr().await;
    let client = client_at(
        &format!("http://{addr}/versioned"),
        quick_retries(2),
        Duration::from_secs(5),
    );
    let err = bounded(client.list_customer_groups("secret-token-in-url").send())
        .await
        .expect_err("nothing listens");
    assert_eq!(err.status(), None);
    for text in [format!("{err}"), format!("{err:?}")] {
        assert!(!text.contains("secret-token-in-url"), "{text}");
    }
    let transport = transport_error::<()>(Err(err));
    assert_eq!(transport.kind(), TransportErrorKind::Connect);
    assert!(transport.is_retryable());
}

/// The server accepts, reads the request and closes (or resets) the
/// connection without answering: a transport error (`ConnectionLost`), no status.
#[tokio::test]
async fn connection_dropped_without_an_answer_is_a_transport_error() {
    for action in [RawAction::Close, RawAction::Reset] {
        let raw = RawServer::start(vec![action.clone()], RawAction::Close).await;
        let client = client_at(&raw.base_url(), RetryPolicy::none(), Duration::from_secs(5));
        let err = list(&client).await.expect_err("no answer");
        assert_eq!(err.status(), None, "{action:?}");
        let transport = transport_error::<()>(Err(err));
        assert_eq!(
            transport.kind(),
            TransportErrorKind::ConnectionLost,
            "{action:?}"
        );
        assert_eq!(raw.request_count(), 1, "{action:?}");
        let target = raw.requests()[0].target().to_owned();
        assert!(
            target.starts_with("/versioned/customer_groups?"),
            "{target}"
        );
    }
}

/// A GET whose connection is closed or reset before any answer is safe to
/// send again, and should be retried like a connect error: two dropped
/// connections, then the page.
#[tokio::test]
async fn connection_dropped_without_an_answer_is_retried() {
    let page = list_page(vec![sample_group(0)], None);
    let raw = RawServer::start(
        vec![RawAction::Close, RawAction::Reset],
        RawAction::json(200, &page),
    )
    .await;
    let client = client_at(&raw.base_url(), quick_retries(3), Duration::from_secs(5));
    let page = list(&client).await.expect("the third attempt succeeds");
    assert_eq!(ids(&page), [sample_id(0)]);
    assert_eq!(raw.request_count(), 3);
    assert_eq!(raw.pending_actions(), 0);
}

/// The raw server's success path works with the client (so the ignored test
/// above fails only for the reason it names).
#[tokio::test]
async fn raw_server_answer_decodes() {
    let page = list_page(vec![sample_group(0)], Some("next"));
    let raw = RawServer::start(Vec::new(), RawAction::json(200, &page)).await;
    let client = client_at(&raw.base_url(), RetryPolicy::none(), Duration::from_secs(5));
    let decoded = list(&client).await.expect("decodes");
    assert_eq!(ids(&decoded), [sample_id(0)]);
    assert_eq!(decoded.next_cursor.as_deref(), Some("next"));
    assert_eq!(raw.connections(), 1);
}

/// A body shorter than its `Content-Length` (the connection closes midway)
/// is a transport failure, not a decode error of the partial body.
#[tokio::test]
async fn body_cut_short_of_its_content_length_is_a_transport_error() {
    let raw = RawServer::start(
        vec![RawAction::Truncated {
            status: 200,
            declared: 1000,
            body: br#"{"customer_groups": ["#.to_vec(),
        }],
        RawAction::Close,
    )
    .await;
    let client = client_at(&raw.base_url(), RetryPolicy::none(), Duration::from_secs(5));
    let err = list(&client).await.expect_err("cut short");
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(raw.request_count(), 1);
}

// ---------------------------------------------------------------------------
// Huge bodies
// ---------------------------------------------------------------------------

/// A 5 MB JSON error body is decoded in full, but only its first 64 KiB are
/// kept raw.
#[tokio::test]
async fn huge_json_error_body_is_decoded_and_kept_capped() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    let message = "x".repeat(5 * 1024 * 1024);
    let body = error_body("INVALID_REQUEST", "TOO_BIG", &message).to_string();
    fake.push_fault(Fault::status(400, body.clone()));
    let api = api_error(list(&client_with_retries(&fake, quick_retries(3))).await);
    assert_eq!(api.status(), 400);
    assert_eq!(api.raw_body().len(), RAW_BODY_CAP);
    assert!(body.starts_with(api.raw_body()));
    let decoded = api.body().expect("decoded from the whole body");
    assert_eq!(decoded.error_code, "TOO_BIG");
    assert_eq!(decoded.error_message.len(), message.len());
    assert!(
        api.to_string().len() < 2048,
        "Display quotes a snippet only"
    );
}

/// A 5 MB non-JSON error body: no decoded body, 64 KiB kept raw.
#[tokio::test]
async fn huge_text_error_body_is_capped() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    let body = "<p>oops</p>".repeat(500_000);
    fake.push_fault(Fault::status(500, body.clone()).with_header("content-type", "text/html"));
    let api = api_error(list(&client_with_retries(&fake, RetryPolicy::none())).await);
    assert!(api.body().is_none());
    assert_eq!(api.raw_body().len(), RAW_BODY_CAP);
    assert!(body.starts_with(api.raw_body()));
}

/// A huge error body that is not UTF-8 is still capped at 64 KiB once
/// lossily decoded (each invalid byte becomes a 3-byte U+FFFD).
#[tokio::test]
async fn huge_non_utf8_error_body_is_capped() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    fake.push_fault(Fault::status_bytes(500, vec![0xFF_u8; 1024 * 1024]));
    let api = api_error(list(&client_with_retries(&fake, RetryPolicy::none())).await);
    assert!(
        api.raw_body().len() <= RAW_BODY_CAP,
        "{}",
        api.raw_body().len()
    );
}

/// The 64 KiB cut falls on a character boundary: a multi-byte UTF-8 body
/// is kept as a prefix of itself, without a spurious U+FFFD at the end.
#[tokio::test]
async fn capped_error_body_ends_on_a_character_boundary() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    let body = "€".repeat(100_000); // 3 bytes each; 65536 is not a multiple of 3
    fake.push_fault(Fault::status(500, body.clone()));
    let api = api_error(list(&client_with_retries(&fake, RetryPolicy::none())).await);
    assert!(!api.raw_body().contains('\u{FFFD}'));
    assert!(body.starts_with(api.raw_body()));
    assert!(api.raw_body().len() <= RAW_BODY_CAP);
}

/// A 20 MB valid page decodes (names of 1 MB each).
#[tokio::test]
async fn huge_valid_page_decodes() {
    let fake = FakeRutter::start(Vec::new()).await;
    let name = "n".repeat(1024 * 1024);
    let groups: Vec<_> = (0..20)
        .map(|index| {
            let mut group = sample_group(index);
            group["name"] = json!(name);
            group
        })
        .collect();
    let body = list_page(groups, None).to_string();
    assert!(body.len() > 20 * 1024 * 1024);
    fake.push_fault(Fault::status(200, body));
    let page = list(&client_with_retries(&fake, RetryPolicy::none()))
        .await
        .expect("decodes");
    assert_eq!(page.customer_groups.len(), 20);
    assert!(
        page.customer_groups
            .iter()
            .all(|g| g.name.as_deref() == Some(name.as_str()))
    );
}
