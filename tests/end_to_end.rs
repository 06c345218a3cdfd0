//! The generated `rutter_customer_groups` client against the in-process fake
//! Rutter server: decoding of every field, pagination, filters, errors, and
//! the exact requests that go over the wire.

#[path = "support/fake_rutter.rs"]
mod fake_rutter;

use std::time::Duration;

use chrono::{DateTime, Utc};
use fake_rutter::{
    CONNECTION_ID, DEFAULT_ACCESS_TOKEN, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, FakeRutter,
    Fault, NOT_FOUND_DOC_URL, NULL_GROUP_ID, ORG_ID, RecordedRequest, basic_auth_header,
    sample_created_at_ms, sample_group, sample_groups, sample_id, sample_name, sample_platform_id,
    sample_updated_at_ms,
};
use futures_util::StreamExt;
use rutter_customer_groups::models::{
    Connection, CustomerGroup, FetchCustomerGroupResponse, ListCustomerGroupsResponse, Platform,
    RutterVersion,
};
use rutter_customer_groups::{ApiError, Client, ClientBuilder, Error, RetryPolicy, Server};
use serde_json::json;

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// A client builder for the fake, with its default credentials.
fn authenticated(fake: &FakeRutter) -> ClientBuilder {
    Client::builder()
        .base_url(fake.base_url())
        .basic_auth(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
}

/// A client with the fake's default credentials and an extra header.
fn client(fake: &FakeRutter) -> Client {
    authenticated(fake)
        .header("x-extra", "1")
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client builds")
}

/// A client with the fake's default credentials and `policy`.
fn client_with_retries(fake: &FakeRutter, policy: RetryPolicy) -> Client {
    authenticated(fake)
        .retry_policy(policy)
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client builds")
}

/// Up to `max_retries` retries, a few milliseconds apart.
fn fast_retries(max_retries: u32) -> RetryPolicy {
    RetryPolicy {
        max_retries,
        base_delay: Duration::from_millis(2),
        max_delay: Duration::from_millis(20),
    }
}

fn ms(millis: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(millis).expect("valid timestamp")
}

fn ts(text: &str) -> DateTime<Utc> {
    text.parse().expect("RFC 3339 timestamp")
}

/// What `sample_group(index)` must decode to.
fn expected_group(index: usize) -> CustomerGroup {
    CustomerGroup {
        id: sample_id(index),
        platform_id: sample_platform_id(index),
        name: sample_name(index),
        created_at: ms(sample_created_at_ms(index)),
        updated_at: ms(sample_updated_at_ms(index)),
    }
}

fn ids(page: &ListCustomerGroupsResponse) -> Vec<String> {
    page.customer_groups.iter().map(|g| g.id.clone()).collect()
}

fn sample_ids(range: std::ops::Range<usize>) -> Vec<String> {
    range.map(sample_id).collect()
}

fn assert_default_connection(connection: &Connection) {
    assert_eq!(connection.id, CONNECTION_ID);
    assert_eq!(connection.org_id, ORG_ID);
    assert_eq!(connection.platform, Platform::Shopify);
}

/// The query pairs of `req`, sorted, so assertions do not depend on the
/// order the client writes them in (duplicates still show).
fn sorted_pairs(req: &RecordedRequest) -> Vec<(String, String)> {
    let mut pairs = req.query_pairs.clone();
    pairs.sort();
    pairs
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = expected
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    pairs.sort();
    pairs
}

fn only_request(fake: &FakeRutter) -> RecordedRequest {
    let requests = fake.requests();
    assert_eq!(requests.len(), 1, "{requests:#?}");
    requests.into_iter().next().expect("one request")
}

/// Unwraps an `Error::Api`, failing the test on any other error.
fn api_error<T: std::fmt::Debug>(result: Result<T, Error>) -> ApiError {
    match result {
        Err(Error::Api(api)) => *api,
        other => panic!("expected an API error, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Listing
// ---------------------------------------------------------------------------

#[tokio::test]
async fn list_with_limit_returns_first_page() {
    let fake = FakeRutter::start(sample_groups(5)).await;
    let page = client(&fake)
        .list_customer_groups(DEFAULT_ACCESS_TOKEN)
        .limit(2)
        .send()
        .await
        .expect("list succeeds");
    assert_eq!(
        page.customer_groups,
        vec![expected_group(0), expected_group(1)]
    );
    assert!(page.next_cursor.is_some());
    assert_default_connection(&page.connection);

    let req = only_request(&fake);
    assert_eq!(req.method, "GET");
    assert_eq!(req.path, "/versioned/customer_groups");
    assert_eq!(
        sorted_pairs(&req),
        pairs(&[("access_token", DEFAULT_ACCESS_TOKEN), ("limit", "2")])
    );
}

#[tokio::test]
async fn list_without_options_sends_only_the_access_token() {
    let fake = FakeRutter::start(sample_groups(3)).await;
    let page = client(&fake)
        .list_customer_groups(DEFAULT_ACCESS_TOKEN)
        .send()
        .await
        .expect("list succeeds");
    assert_eq!(
        page.customer_groups,
        (0..3).map(expected_group).collect::<Vec<_>>()
    );
    assert_eq!(page.next_cursor, None);
    let req = only_request(&fake);
    assert_eq!(
        sorted_pairs(&req),
        pairs(&[("access_token", DEFAULT_ACCESS_TOKEN)])
    );
}

#[tokio::test]
async fn cursor_walk_visits_every_group_once() {
    let fake = FakeRutter::start(sample_groups(11)).await;
    let client = client(&fake);
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut sent_cursors = Vec::new();
    for _ in 0..10 {
        let mut request = client.list_customer_groups(DEFAULT_ACCESS_TOKEN).limit(4);
        if let Some(c) = &cursor {
            request = request.cursor(c.clone());
        }
        let page = request.send().await.expect("page");
        sent_cursors.push(cursor.clone());
        seen.extend(ids(&page));
        cursor = page.next_cursor;
        if cursor.is_none() {
            break;
        }
    }
    assert_eq!(cursor, None, "pagination did not end");
    assert_eq!(seen, sample_ids(0..11));
    assert_eq!(sent_cursors.len(), 3);

    let received: Vec<Option<String>> = fake
        .requests()
        .iter()
        .map(|r| r.query_param("cursor").map(str::to_owned))
        .collect();
    assert_eq!(received, sent_cursors);
}

#[tokio::test]
async fn updated_at_min_filter_is_inclusive() {
    let fake = FakeRutter::start(sample_groups(8)).await;
    let page = client(&fake)
        .list_customer_groups(DEFAULT_ACCESS_TOKEN)
        .updated_at_min(sample_updated_at_ms(5))
        .send()
        .await
        .expect("list succeeds");
    assert_eq!(
        page.customer_groups,
        (5..8).map(expected_group).collect::<Vec<_>>()
    );
    let req = only_request(&fake);
    let wire = sample_updated_at_ms(5).to_string();
    assert_eq!(req.query_param("updated_at_min"), Some(wire.as_str()));
    assert_eq!(req.query_param("updated_at_max"), None);
}

#[tokio::test]
async fn updated_at_max_filter_is_inclusive() {
    let fake = FakeRutter::start(sample_groups(8)).await;
    let page = client(&fake)
        .list_customer_groups(DEFAULT_ACCESS_TOKEN)
        .updated_at_max(sample_updated_at_ms(2))
        .send()
        .await
        .expect("list succeeds");
    assert_eq!(
        page.customer_groups,
        (0..3).map(expected_group).collect::<Vec<_>>()
    );
    let wire = sample_updated_at_ms(2).to_string();
    assert_eq!(
        only_request(&fake).query_param("updated_at_max"),
        Some(wire.as_str())
    );
}

#[tokio::test]
async fn both_updated_at_filters_select_a_window() {
    let fake = FakeRutter::start(sample_groups(10)).await;
    // One millisecond inside each bound of groups 3..=6.
    let min = sample_updated_at_ms(3) - 1;
    let max = sample_updated_at_ms(6) + 1;
    let page = client(&fake)
        .list_customer_groups(DEFAULT_ACCESS_TOKEN)
        .updated_at_min(min)
        .updated_at_max(max)
        .send()
        .await
        .expect("list succeeds");
    assert_eq!(ids(&page), sample_ids(3..7));
    assert_eq!(page.next_cursor, None);
    let req = only_request(&fake);
    assert_eq!(
        sorted_pairs(&req),
        pairs(&[
            ("access_token", DEFAULT_ACCESS_TOKEN),
            ("updated_at_min", &min.to_string()),
            ("updated_at_max", &max.to_string()),
        ])
    );
}

#[tokio::test]
async fn force_fetch_true_is_sent_as_the_string_true() {
    let fake = FakeRutter::start(sample_groups(2)).await;
    client(&fake)
        .list_customer_groups(DEFAULT_ACCESS_TOKEN)
        .force_fetch(true)
        .send()
        .await
        .expect("list succeeds");
    assert_eq!(only_request(&fake).query_param("force_fetch"), Some("true"));
}

#[tokio::test]
async fn every_list_option_at_once() {
    let fake = FakeRutter::start(sample_groups(10)).await;
    let client = client(&fake);
    let first = client
        .list_customer_groups(DEFAULT_ACCESS_TOKEN)
        .limit(2)
        .updated_at_min(sample_updated_at_ms(4))
        .updated_at_max(sample_updated_at_ms(8))
        .force_fetch(false)
        .send()
        .await
        .expect("first page");
    assert_eq!(ids(&first), sample_ids(4..6));
    let cursor = first.next_cursor.expect("a second page");
    let second = client
        .list_customer_groups(DEFAULT_ACCESS_TOKEN)
        .cursor(cursor.clone())
        .limit(2)
        .updated_at_min(sample_updated_at_ms(4))
        .updated_at_max(sample_updated_at_ms(8))
        .force_fetch(false)
        .send()
        .await
        .expect("second page");
    assert_eq!(ids(&second), sample_ids(6..8));
    let req = fake.last_request().expect("recorded");
    assert_eq!(
        sorted_pairs(&req),
        pairs(&[
            ("access_token", DEFAULT_ACCESS_TOKEN),
            ("cursor", &cursor),
            ("limit", "2"),
            ("updated_at_min", &sample_updated_at_ms(4).to_string()),
            ("updated_at_max", &sample_updated_at_ms(8).to_string()),
            ("force_fetch", "false"),
        ])
    );
}

// ---------------------------------------------------------------------------
// Fetching one group
// ---------------------------------------------------------------------------

#[tokio::test]
async fn fetch_decodes_every_field() {
    let fake = FakeRutter::start(sample_groups(2)).await;
    let one: FetchCustomerGroupResponse = client(&fake)
        .fetch_customer_group(sample_id(1), DEFAULT_ACCESS_TOKEN)
        .send()
        .await
        .expect("fetch succeeds");
    let group = one.customer_group.expect("a group");
    assert_eq!(group.id, "00000000-0000-0000-0000-000000000001");
    assert_eq!(group.platform_id, None);
    assert_eq!(group.name.as_deref(), Some("Group 1"));
    assert_eq!(group.created_at, ts("2022-01-01T01:00:00.001Z"));
    assert_eq!(group.updated_at, ts("2023-01-03T02:34:56.007Z"));
    assert_eq!(group.updated_at.timestamp_millis(), 1_672_713_296_007);
    assert_eq!(one.connection.id, "11111111-1111-1111-1111-111111111111");
    assert_eq!(
        one.connection.org_id,
        "22222222-2222-2222-2222-222222222222"
    );
    assert_eq!(one.connection.platform, Platform::Shopify);
}

#[tokio::test]
async fn fetch_decodes_present_null_and_absent_optionals() {
    let fake = FakeRutter::start(sample_groups(4)).await;
    let client = client(&fake);
    for index in 0..4 {
        let one = client
            .fetch_customer_group(sample_id(index), DEFAULT_ACCESS_TOKEN)
            .send()
            .await
            .expect("fetch succeeds");
        assert_eq!(
            one.customer_group,
            Some(expected_group(index)),
            "group {index}"
        );
    }
    let first = expected_group(0);
    assert_eq!(first.platform_id.as_deref(), Some("7000000"));
    assert_eq!(first.created_at, ts("2022-01-01T00:00:00.000Z"));
    assert_eq!(first.updated_at, ts("2023-01-02T02:34:56.000Z"));
    assert_eq!(expected_group(2).name, None);
    assert!(sample_group(3).get("platform_id").is_none());
}

#[tokio::test]
async fn fetch_null_customer_group_is_none() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    let one = client(&fake)
        .fetch_customer_group(NULL_GROUP_ID, DEFAULT_ACCESS_TOKEN)
        .send()
        .await
        .expect("fetch succeeds");
    assert_eq!(one.customer_group, None);
    assert_default_connection(&one.connection);
}

#[tokio::test]
async fn fetch_sends_the_exact_request() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    client(&fake)
        .fetch_customer_group(sample_id(0), DEFAULT_ACCESS_TOKEN)
        .force_fetch(false)
        .send()
        .await
        .expect("fetch succeeds");
    let req = only_request(&fake);
    assert_eq!(req.method, "GET");
    assert_eq!(
        req.path,
        "/versioned/customer_groups/00000000-0000-0000-0000-000000000000"
    );
    assert_eq!(
        sorted_pairs(&req),
        pairs(&[
            ("access_token", DEFAULT_ACCESS_TOKEN),
            ("force_fetch", "false"),
        ])
    );
    assert_eq!(
        req.header_values("authorization"),
        [basic_auth_header(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)]
    );
    assert_eq!(req.header_values("x-rutter-version"), ["2024-08-31"]);
    assert_eq!(req.header_values("x-extra"), ["1"]);
    let user_agent = req.header("user-agent").expect("a user agent");
    assert!(
        user_agent.starts_with("rutter-customer-groups/"),
        "{user_agent}"
    );
}

#[tokio::test]
async fn id_needing_percent_encoding_is_one_path_segment() {
    let mut group = sample_group(0);
    group["id"] = json!("a b/c");
    let fake = FakeRutter::start(vec![group]).await;
    let one = client(&fake)
        .fetch_customer_group("a b/c", DEFAULT_ACCESS_TOKEN)
        .send()
        .await
        .expect("fetch succeeds");
    assert_eq!(one.customer_group.expect("a group").id, "a b/c");
    assert_eq!(
        only_request(&fake).path,
        "/versioned/customer_groups/a%20b%2Fc"
    );
}

#[tokio::test]
async fn reserved_characters_stay_inside_the_id() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    let client = client(&fake);
    for id in ["x?y#z", "100%", "a+b&c=d"] {
        let result = client
            .fetch_customer_group(id, DEFAULT_ACCESS_TOKEN)
            .send()
            .await;
        let api = api_error(result);
        assert_eq!(api.status(), 404, "{id}");
        let body = api.body().expect("Rutter error body");
        assert_eq!(body.error_code, "OBJECT_NOT_FOUND", "{id}");
        assert_eq!(
            body.error_message,
            format!("No customer group with id {id:?}.")
        );
    }
    let paths: Vec<String> = fake.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths,
        [
            "/versioned/customer_groups/x%3Fy%23z",
            "/versioned/customer_groups/100%25",
            "/versioned/customer_groups/a%2Bb%26c%3Dd",
        ]
    );
}

/// `.` and `..` cannot be sent as a path segment at all: URL parsers (the
/// `url` crate behind reqwest included) treat `%2E` and `%2E%2E` as dot
/// segments and remove them. The client must fail rather than call another
/// endpoint (`/versioned/customer_groups/` or `/versioned/`).
#[tokio::test]
async fn dot_ids_never_reach_another_endpoint() {
    assert_fetch_stays_on_its_endpoint(&[".", ".."]).await;
}

/// An empty id would call `/versioned/customer_groups/`, which a lenient
/// server routes to the list endpoint.
#[tokio::test]
async fn empty_id_never_reaches_another_endpoint() {
    assert_fetch_stays_on_its_endpoint(&[""]).await;
}

/// Fetching each of `ids` is refused with a configuration error before
/// anything is sent.
async fn assert_fetch_stays_on_its_endpoint(ids: &[&str]) {
    let fake = FakeRutter::start(sample_groups(1)).await;
    let client = client(&fake);
    for id in ids {
        let result = client
            .fetch_customer_group(*id, DEFAULT_ACCESS_TOKEN)
            .send()
            .await;
        assert!(
            matches!(result, Err(Error::Config(_))),
            "{id:?}: {result:?}"
        );
    }
    assert_eq!(fake.requests(), []);
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

#[tokio::test]
async fn unknown_id_is_a_decoded_404() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    let result = client(&fake)
        .fetch_customer_group("does-not-exist", DEFAULT_ACCESS_TOKEN)
        .send()
        .await;
    let err = result.expect_err("404");
    assert_eq!(err.status(), Some(404));
    let Error::Api(api) = &err else {
        panic!("expected an API error, got {err:?}");
    };
    assert_eq!(api.status(), 404);
    assert_eq!(api.request_id(), Some("req-1"));
    let body = api.body().expect("Rutter error body");
    assert_eq!(body.error_type, "NOT_FOUND");
    assert_eq!(body.error_code, "OBJECT_NOT_FOUND");
    assert_eq!(
        body.error_message,
        "No customer group with id \"does-not-exist\"."
    );
    assert!(
        api.raw_body().contains(NOT_FOUND_DOC_URL),
        "{}",
        api.raw_body()
    );
    assert_eq!(body.extra.get("doc_url"), Some(&json!(NOT_FOUND_DOC_URL)));
    assert_eq!(fake.requests().len(), 1, "a 404 is not retried");
}

#[tokio::test]
async fn missing_basic_auth_is_401() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    let client = Client::builder()
        .base_url(fake.base_url())
        .build()
        .expect("client builds");
    let api = api_error(
        client
            .list_customer_groups(DEFAULT_ACCESS_TOKEN)
            .send()
            .await,
    );
    assert_eq!(api.status(), 401);
    let body = api.body().expect("Rutter error body");
    assert_eq!(body.error_type, "AUTHENTICATION_ERROR");
    assert_eq!(body.error_code, "INVALID_CREDENTIALS");
    assert_eq!(only_request(&fake).header("authorization"), None);
}

#[tokio::test]
async fn wrong_basic_auth_is_401() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    let client = Client::builder()
        .base_url(fake.base_url())
        .basic_auth(DEFAULT_CLIENT_ID, "wrong-secret")
        .build()
        .expect("client builds");
    let result = client
        .fetch_customer_group(sample_id(0), DEFAULT_ACCESS_TOKEN)
        .send()
        .await;
    let api = api_error(result);
    assert_eq!(api.status(), 401);
    assert_eq!(api.request_id(), Some("req-1"));
    let body = api.body().expect("Rutter error body");
    assert_eq!(body.error_code, "INVALID_CREDENTIALS");
    assert_eq!(
        only_request(&fake).header("authorization"),
        Some(basic_auth_header(DEFAULT_CLIENT_ID, "wrong-secret").as_str())
    );
}

#[tokio::test]
async fn wrong_access_token_is_401_and_not_leaked() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    let result = client(&fake)
        .list_customer_groups("secret-wrong-token")
        .send()
        .await;
    let err = result.expect_err("401");
    assert_eq!(err.status(), Some(401));
    assert_eq!(err.request_id(), Some("req-1"));
    for text in [format!("{err}"), format!("{err:?}")] {
        assert!(!text.contains("secret-wrong-token"), "{text}");
        assert!(!text.contains(DEFAULT_CLIENT_SECRET), "{text}");
    }
}

#[tokio::test]
async fn platform_error_status_450_keeps_the_body() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    fake.push_fault(Fault::rutter_error(
        450,
        "CONNECTION_ERROR",
        "PLATFORM_BAD_REQUEST",
        "Shopify rejected the request",
    ));
    let api = api_error(
        client(&fake)
            .list_customer_groups(DEFAULT_ACCESS_TOKEN)
            .send()
            .await,
    );
    assert_eq!(api.status(), 450);
    let body = api.body().expect("Rutter error body");
    assert_eq!(body.error_type, "CONNECTION_ERROR");
    assert_eq!(body.error_code, "PLATFORM_BAD_REQUEST");
    assert_eq!(body.error_message, "Shopify rejected the request");
}

#[tokio::test]
async fn non_json_error_body_is_kept_raw() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    fake.push_fault(
        Fault::status(400, "<html>bad request</html>").with_header("content-type", "text/html"),
    );
    let api = api_error(
        client(&fake)
            .list_customer_groups(DEFAULT_ACCESS_TOKEN)
            .send()
            .await,
    );
    assert_eq!(api.status(), 400);
    assert!(api.body().is_none());
    assert_eq!(api.raw_body(), "<html>bad request</html>");
}

#[tokio::test]
async fn malformed_success_body_is_a_decode_error() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    let bad = json!({
        "customer_groups": [{"id": "x", "name": null, "created_at": "yesterday", "updated_at": "2023-01-02T02:34:56.000Z"}],
        "next_cursor": null,
        "connection": {"id": "c", "orgId": "o", "platform": "SHOPIFY"},
    });
    fake.push_fault(Fault::status(200, bad.to_string()));
    let err = client(&fake)
        .list_customer_groups(DEFAULT_ACCESS_TOKEN)
        .send()
        .await
        .expect_err("decode error");
    let Error::Decode(decode) = &err else {
        panic!("expected a decode error, got {err:?}");
    };
    assert_eq!(decode.path(), "customer_groups[0].created_at");
    assert_eq!(err.status(), Some(200));
    assert_eq!(err.request_id(), Some("req-1"));
}

// ---------------------------------------------------------------------------
// Client configuration and forward compatibility
// ---------------------------------------------------------------------------

#[tokio::test]
async fn explicit_rutter_version_is_sent() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    let client = authenticated(&fake)
        .rutter_version(RutterVersion::V2024_08_31)
        .build()
        .expect("client builds");
    client
        .list_customer_groups(DEFAULT_ACCESS_TOKEN)
        .send()
        .await
        .expect("list succeeds");
    assert_eq!(
        only_request(&fake).header_values("x-rutter-version"),
        ["2024-08-31"]
    );
}

#[tokio::test]
async fn base_url_with_trailing_slash_still_works() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    let client = Client::builder()
        .base_url(format!("{}/", fake.base_url()))
        .basic_auth(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
        .build()
        .expect("client builds");
    client
        .fetch_customer_group(sample_id(0), DEFAULT_ACCESS_TOKEN)
        .send()
        .await
        .expect("fetch succeeds");
    assert_eq!(
        only_request(&fake).path,
        "/versioned/customer_groups/00000000-0000-0000-0000-000000000000"
    );
}

#[tokio::test]
async fn known_and_unknown_platforms_decode() {
    for (wire, expected) in [
        ("NETSUITE", Platform::Netsuite),
        (
            "BRAND_NEW_PLATFORM",
            Platform::Unknown("BRAND_NEW_PLATFORM".to_owned()),
        ),
    ] {
        let fake = FakeRutter::builder()
            .groups(sample_groups(1))
            .platform(wire)
            .start()
            .await;
        let page = client(&fake)
            .list_customer_groups(DEFAULT_ACCESS_TOKEN)
            .send()
            .await
            .expect("list succeeds");
        assert_eq!(page.connection.platform, expected, "{wire}");
    }
}

#[tokio::test]
async fn connection_failure_is_a_transport_error_without_the_token() {
    let fake = FakeRutter::start(Vec::new()).await;
    let client = client(&fake);
    drop(fake);
    tokio::time::sleep(Duration::from_millis(50)).await;
    let err = client
        .list_customer_groups("secret-token-in-url")
        .send()
        .await
        .expect_err("nothing listens");
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(err.status(), None);
    for text in [format!("{err}"), format!("{err:?}")] {
        assert!(!text.contains("secret-token-in-url"), "{text}");
    }
}

#[tokio::test]
async fn api_error_display_names_the_endpoint_not_the_url() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    let err = client(&fake)
        .fetch_customer_group("missing", DEFAULT_ACCESS_TOKEN)
        .send()
        .await
        .expect_err("404");
    assert!(err.is_not_found());
    let text = err.to_string();
    assert!(text.contains("GET /customer_groups/{id}"), "{text}");
    assert!(text.contains("404"), "{text}");
    assert!(text.contains("req-1"), "{text}");
    assert!(!text.contains(DEFAULT_ACCESS_TOKEN), "{text}");
    assert!(!text.contains("127.0.0.1"), "{text}");
}

#[test]
fn named_servers_have_the_documented_urls() {
    assert_eq!(
        Server::Production.url(),
        "https://production.rutterapi.com/versioned"
    );
    assert_eq!(
        Server::Sandbox.url(),
        "https://sandbox.rutterapi.com/versioned"
    );
    assert_eq!(Server::default(), Server::Production);
    let client = Client::builder()
        .base_url(Server::Sandbox)
        .basic_auth(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
        .build()
        .expect("client builds");
    let debug = format!("{client:?}");
    assert!(debug.contains("sandbox.rutterapi.com"), "{debug}");
    assert!(!debug.contains(DEFAULT_CLIENT_SECRET), "{debug}");
}

#[test]
fn bad_configuration_is_a_config_error() {
    let bad_url = Client::builder().base_url("not a url").build();
    assert!(matches!(bad_url, Err(Error::Config(_))), "{bad_url:?}");
    let with_query = Client::builder()
        .base_url("http://127.0.0.1:1/versioned?access_token=x")
        .build();
    assert!(
        matches!(with_query, Err(Error::Config(_))),
        "{with_query:?}"
    );
    let bad_header = Client::builder().header("x-extra", "line\nbreak").build();
    assert!(
        matches!(bad_header, Err(Error::Config(_))),
        "{bad_header:?}"
    );
}

#[test]
fn request_builders_do_not_print_the_access_token() {
    let client = Client::builder()
        .base_url("http://127.0.0.1:1/versioned")
        .build()
        .expect("client builds");
    let list = client.list_customer_groups("debug-secret-token").limit(1);
    let fetch = client.fetch_customer_group("id", "debug-secret-token");
    for text in [format!("{list:?}"), format!("{fetch:?}")] {
        assert!(!text.contains("debug-secret-token"), "{text}");
    }
}

// ---------------------------------------------------------------------------
// Retries
// ---------------------------------------------------------------------------

#[tokio::test]
async fn server_errors_and_rate_limits_are_retried() {
    let fake = FakeRutter::start(sample_groups(2)).await;
    fake.push_fault(Fault::status(503, "upstream down"));
    fake.push_fault(Fault::rutter_error(
        452,
        "CONNECTION_ERROR",
        "RATE_LIMITED",
        "Shopify rate limit",
    ));
    fake.push_fault(Fault::status(500, "{}"));
    let page = client_with_retries(&fake, fast_retries(3))
        .list_customer_groups(DEFAULT_ACCESS_TOKEN)
        .limit(1)
        .send()
        .await
        .expect("the fourth attempt succeeds");
    assert_eq!(ids(&page), sample_ids(0..1));
    let requests = fake.requests();
    assert_eq!(requests.len(), 4);
    for req in &requests {
        assert_eq!(req.path, "/versioned/customer_groups");
        assert_eq!(req.query_pairs, requests[0].query_pairs);
        assert_eq!(
            req.header("authorization"),
            requests[0].header("authorization")
        );
    }
}

#[tokio::test]
async fn retries_stop_when_the_budget_is_spent() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    for _ in 0..5 {
        fake.push_fault(Fault::status(502, "bad gateway"));
    }
    let api = api_error(
        client_with_retries(&fake, fast_retries(2))
            .fetch_customer_group(sample_id(0), DEFAULT_ACCESS_TOKEN)
            .send()
            .await,
    );
    assert_eq!(api.status(), 502);
    assert_eq!(api.raw_body(), "bad gateway");
    assert!(api.body().is_none());
    assert_eq!(api.request_id(), Some("req-3"));
    assert_eq!(fake.requests().len(), 3);
    assert_eq!(fake.pending_faults(), 2);
}

#[tokio::test]
async fn no_retries_sends_once() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    fake.push_fault(Fault::status(503, "upstream down"));
    let client = authenticated(&fake)
        .no_retries()
        .build()
        .expect("client builds");
    let err = client
        .list_customer_groups(DEFAULT_ACCESS_TOKEN)
        .send()
        .await
        .expect_err("503");
    assert_eq!(err.status(), Some(503));
    assert_eq!(fake.requests().len(), 1);
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    fake.push_fault(Fault::too_many_requests("1"));
    let policy = RetryPolicy {
        max_retries: 1,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_secs(5),
    };
    let started = std::time::Instant::now();
    let page = client_with_retries(&fake, policy)
        .list_customer_groups(DEFAULT_ACCESS_TOKEN)
        .send()
        .await
        .expect("the retry succeeds");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(ids(&page), sample_ids(0..1));
    assert_eq!(fake.requests().len(), 2);
}

#[tokio::test]
async fn rate_limit_is_reported_when_retries_run_out() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    fake.push_fault(Fault::too_many_requests("0"));
    fake.push_fault(Fault::too_many_requests("0"));
    let err = client_with_retries(&fake, fast_retries(1))
        .list_customer_groups(DEFAULT_ACCESS_TOKEN)
        .send()
        .await
        .expect_err("429");
    assert!(err.is_rate_limited(), "{err:?}");
    assert_eq!(err.status(), Some(429));
    assert_eq!(err.retry_after(), Some(Duration::ZERO));
    let body = err.api_body().expect("Rutter error body");
    assert_eq!(body.error_code, "RATE_LIMIT_EXCEEDED");
    assert_eq!(fake.requests().len(), 2);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    let client = client_with_retries(&fake, fast_retries(3));
    fake.push_fault(Fault::rutter_error(
        450,
        "CONNECTION_ERROR",
        "PLATFORM_BAD_REQUEST",
        "no",
    ));
    let platform = client
        .list_customer_groups(DEFAULT_ACCESS_TOKEN)
        .send()
        .await;
    assert_eq!(api_error(platform).status(), 450);
    let not_found = client
        .fetch_customer_group("missing", DEFAULT_ACCESS_TOKEN)
        .send()
        .await;
    assert_eq!(api_error(not_found).status(), 404);
    let unauthorized = client.list_customer_groups("wrong-token").send().await;
    assert_eq!(api_error(unauthorized).status(), 401);
    let bad_request = client
        .list_customer_groups(DEFAULT_ACCESS_TOKEN)
        .limit(0)
        .send()
        .await;
    assert_eq!(api_error(bad_request).status(), 400);
    assert_eq!(fake.requests().len(), 4);
}

#[tokio::test]
async fn slow_responses_time_out_after_retries() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    for _ in 0..10 {
        fake.push_fault(Fault::delay(Duration::from_secs(3)));
    }
    let client = authenticated(&fake)
        .retry_policy(fast_retries(2))
        .timeout(Duration::from_millis(300))
        .build()
        .expect("client builds");
    let err = client
        .list_customer_groups(DEFAULT_ACCESS_TOKEN)
        .send()
        .await
        .expect_err("times out");
    assert!(err.is_timeout(), "{err:?}");
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(err.status(), None);
    assert_eq!(fake.requests().len(), 3);
}

#[tokio::test]
async fn a_timeout_then_a_quick_answer_succeeds() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    fake.push_fault(Fault::delay(Duration::from_secs(3)));
    let client = authenticated(&fake)
        .retry_policy(fast_retries(1))
        .timeout(Duration::from_secs(1))
        .build()
        .expect("client builds");
    let page = client
        .list_customer_groups(DEFAULT_ACCESS_TOKEN)
        .send()
        .await
        .expect("the retry succeeds");
    assert_eq!(ids(&page), sample_ids(0..1));
    assert_eq!(fake.requests().len(), 2);
}

// ---------------------------------------------------------------------------
// Streams
// ---------------------------------------------------------------------------

#[tokio::test]
async fn into_stream_yields_every_filtered_item_once() {
    let fake = FakeRutter::start(sample_groups(12)).await;
    let min = sample_updated_at_ms(1);
    let items: Vec<Result<CustomerGroup, Error>> = client(&fake)
        .list_customer_groups(DEFAULT_ACCESS_TOKEN)
        .limit(4)
        .updated_at_min(min)
        .force_fetch(true)
        .into_stream()
        .collect()
        .await;
    let items: Vec<CustomerGroup> = items.into_iter().map(|r| r.expect("item")).collect();
    assert_eq!(items, (1..12).map(expected_group).collect::<Vec<_>>());

    let requests = fake.requests();
    assert_eq!(requests.len(), 3);
    for req in &requests {
        assert_eq!(req.query_param("limit"), Some("4"));
        assert_eq!(
            req.query_param("updated_at_min"),
            Some(min.to_string().as_str())
        );
        assert_eq!(req.query_param("force_fetch"), Some("true"));
        assert_eq!(req.query_param("access_token"), Some(DEFAULT_ACCESS_TOKEN));
    }
    assert_eq!(requests[0].query_param("cursor"), None);
    assert!(requests[1].query_param("cursor").is_some());
}

#[tokio::test]
async fn into_pages_yields_each_page() {
    let fake = FakeRutter::start(sample_groups(9)).await;
    let pages: Vec<Result<ListCustomerGroupsResponse, Error>> = client(&fake)
        .list_customer_groups(DEFAULT_ACCESS_TOKEN)
        .limit(4)
        .into_pages()
        .collect()
        .await;
    let sizes: Vec<usize> = pages
        .iter()
        .map(|p| p.as_ref().expect("page").customer_groups.len())
        .collect();
    assert_eq!(sizes, [4, 4, 1]);
    let last = pages.last().expect("a page").as_ref().expect("page");
    assert_eq!(last.next_cursor, None);
    assert_default_connection(&last.connection);
}

#[tokio::test]
async fn an_error_ends_the_stream_after_being_yielded() {
    let fake = FakeRutter::start(sample_groups(9)).await;
    fake.push_fault(Fault::pass());
    fake.push_fault(Fault::rutter_error(
        400,
        "INVALID_REQUEST",
        "INVALID_PARAMETER",
        "bad cursor",
    ));
    let items: Vec<Result<CustomerGroup, Error>> = client(&fake)
        .list_customer_groups(DEFAULT_ACCESS_TOKEN)
        .limit(4)
        .into_stream()
        .collect()
        .await;
    assert_eq!(items.len(), 5);
    let (ok, err) = items.split_at(4);
    let ok_ids: Vec<String> = ok
        .iter()
        .map(|r| r.as_ref().expect("item").id.clone())
        .collect();
    assert_eq!(ok_ids, sample_ids(0..4));
    let error = err[0].as_ref().expect_err("the second page fails");
    assert_eq!(error.status(), Some(400));
    assert_eq!(fake.requests().len(), 2);
}

/// A page whose `next_cursor` repeats the cursor just sent ends the walk
/// instead of looping forever.
#[tokio::test]
async fn a_repeated_cursor_ends_the_stream() {
    let fake = FakeRutter::start(Vec::new()).await;
    let page = json!({
        "customer_groups": [sample_group(0)],
        "next_cursor": "same",
        "connection": fake_rutter::default_connection(),
    });
    for _ in 0..3 {
        fake.push_fault(Fault::status(200, page.to_string()));
    }
    let items: Vec<Result<CustomerGroup, Error>> = client(&fake)
        .list_customer_groups(DEFAULT_ACCESS_TOKEN)
        .into_stream()
        .collect()
        .await;
    assert_eq!(items.len(), 2);
    let cursors: Vec<Option<String>> = fake
        .requests()
        .iter()
        .map(|r| r.query_param("cursor").map(str::to_owned))
        .collect();
    assert_eq!(cursors, [None, Some("same".to_owned())]);
}

/// Older Rutter versions leave `next_cursor` out on the last page.
#[tokio::test]
async fn a_missing_next_cursor_means_the_last_page() {
    let fake = FakeRutter::start(Vec::new()).await;
    let page = json!({
        "customer_groups": [sample_group(0)],
        "connection": fake_rutter::default_connection(),
    });
    fake.push_fault(Fault::status(200, page.to_string()));
    let pages: Vec<Result<ListCustomerGroupsResponse, Error>> = client(&fake)
        .list_customer_groups(DEFAULT_ACCESS_TOKEN)
        .into_pages()
        .collect()
        .await;
    assert_eq!(pages.len(), 1);
    let first = pages[0]
        .as_ref()
        .expect("a page without next_cursor decodes");
    assert_eq!(first.next_cursor, None);
    assert_eq!(fake.requests().len(), 1);
}
