//! The generated client's requests and decoding against the in-process fake
//! Rutter server, with nothing going wrong on the way: the exact requests
//! (path, percent-encoded ids, every query option and filter, headers,
//! credentials), the decoding of every field, the errors the API itself
//! answers (404, 401) and the client's configuration. Injected faults and
//! retries are in `faults.rs`, walks over pages in `pagination.rs`.

#[path = "support/common.rs"]
mod common;
#[path = "support/fake_rutter.rs"]
mod fake_rutter;

use chrono::{DateTime, Utc};
use common::{
    api_error, assert_default_connection, authenticated, client, expected_group, ids, sample_ids,
};
use fake_rutter::{
    DEFAULT_ACCESS_TOKEN, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, FakeRutter, NOT_FOUND_DOC_URL,
    NULL_GROUP_ID, RecordedRequest, basic_auth_header, sample_group, sample_groups, sample_id,
    sample_updated_at_ms,
};
use rutter_customer_groups::models::{FetchCustomerGroupResponse, Platform, RutterVersion};
use rutter_customer_groups::{Client, Error, Server};
use serde_json::json;

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

fn ts(text: &str) -> DateTime<Utc> {
    text.parse().expect("RFC 3339 timestamp")
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

/// Fetching each of `ids` is refused with a configuration error (not
/// retryable, no status) before anything is sent, though the client retries.
async fn assert_fetch_stays_on_its_endpoint(ids: &[&str]) {
    let fake = FakeRutter::start(sample_groups(1)).await;
    let client = client(&fake);
    for id in ids {
        let err = client
            .fetch_customer_group(*id, DEFAULT_ACCESS_TOKEN)
            .send()
            .await
            .expect_err("refused");
        assert!(matches!(err, Error::Config(_)), "{id:?}: {err:?}");
        assert!(!err.is_retryable(), "{id:?}");
        assert_eq!(err.status(), None, "{id:?}");
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

/// Rutter's description requires Basic credentials on every operation:
/// without them nothing is sent, and the error names the setting.
#[tokio::test]
async fn missing_basic_auth_fails_before_sending() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    let client = Client::builder()
        .base_url(fake.base_url())
        .build()
        .expect("client builds");
    let error = client
        .list_customer_groups(DEFAULT_ACCESS_TOKEN)
        .send()
        .await
        .expect_err("no credentials");
    assert!(matches!(error, Error::Auth(_)), "{error:?}");
    assert_eq!(
        error.to_string(),
        "list_customer_groups (GET /customer_groups) was not sent: the credentials it needs \
         are not set: `basicAuth` (`ClientBuilder::basic_auth`)"
    );
    assert!(fake.requests().is_empty(), "nothing reached the server");
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
        ("BRAND_NEW_PLATFORM", Platform::from("BRAND_NEW_PLATFORM")),
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

/// Bad base URLs (not a URL, not HTTP, with a query) and header values are
/// `Error::Config` from `build()`.
#[test]
fn bad_configuration_is_a_config_error() {
    for url in [
        "not a url",
        "ftp://127.0.0.1/versioned",
        "http://h/v?x=1",
        "http://127.0.0.1:1/versioned?access_token=x",
    ] {
        let result = Client::builder().base_url(url).build();
        assert!(matches!(result, Err(Error::Config(_))), "{url}: {result:?}");
    }
    let bad_header = Client::builder().header("x-extra", "line\nbreak").build();
    assert!(
        matches!(bad_header, Err(Error::Config(_))),
        "{bad_header:?}"
    );
}

#[tokio::test]
async fn a_limit_outside_the_schemas_bounds_is_refused_before_anything_is_sent() {
    let fake = FakeRutter::start(sample_groups(3)).await;
    let client = client(&fake);
    for limit in [0, -1, 501, 10_000] {
        let err = client
            .list_customer_groups(DEFAULT_ACCESS_TOKEN)
            .limit(limit)
            .send()
            .await
            .expect_err("refused");
        let Error::Config(config) = &err else {
            panic!("{limit}: {err:?}");
        };
        assert_eq!(
            config.to_string(),
            format!(
                "invalid client configuration: the parameter `limit` of `/customer_groups` must be at least 1 and at most 500; it is {limit}"
            )
        );
        assert!(!err.is_retryable());
    }
    assert_eq!(fake.requests(), []);
    for (limit, groups) in [(1, 1), (500, 3)] {
        let page = client
            .list_customer_groups(DEFAULT_ACCESS_TOKEN)
            .limit(limit)
            .send()
            .await
            .expect("within the bounds");
        assert_eq!(page.customer_groups.len(), groups);
    }
    assert_eq!(fake.request_count(), 2);
}

#[tokio::test]
async fn option_setters_send_a_value_when_some_and_nothing_when_none() {
    let fake = FakeRutter::start(sample_groups(3)).await;
    let client = client(&fake);
    let maybe_cursor: Option<String> = None;
    client
        .list_customer_groups(DEFAULT_ACCESS_TOKEN)
        .set_limit(Some(2))
        .set_cursor(maybe_cursor)
        .set_updated_at_min(None)
        .set_force_fetch(Some(true))
        .send()
        .await
        .expect("a page");
    // `None` also clears a value set before
    client
        .list_customer_groups(DEFAULT_ACCESS_TOKEN)
        .limit(5)
        .set_limit(None)
        .send()
        .await
        .expect("a page");
    let requests = fake.requests();
    assert_eq!(requests[0].query_param("limit"), Some("2"));
    assert_eq!(requests[0].query_param("force_fetch"), Some("true"));
    assert_eq!(requests[0].query_param("cursor"), None);
    assert_eq!(requests[0].query_param("updated_at_min"), None);
    assert_eq!(requests[1].query_param("limit"), None);
}

#[tokio::test]
async fn unix_millisecond_filters_take_a_datetime_a_system_time_or_the_integer() {
    use std::time::{Duration, SystemTime, UNIX_EPOCH};

    use rutter_customer_groups::UnixMillis;

    let fake = FakeRutter::start(sample_groups(1)).await;
    let client = client(&fake);
    let last_sync: DateTime<Utc> = "2023-01-01T00:00:00.250Z".parse().expect("a date");
    let until = UNIX_EPOCH + Duration::from_millis(1_672_617_600_999);
    client
        .list_customer_groups(DEFAULT_ACCESS_TOKEN)
        .updated_at_min(last_sync)
        .updated_at_max(until)
        .send()
        .await
        .expect("a page");
    // code written against the plain integer keeps compiling and sends the same
    client
        .list_customer_groups(DEFAULT_ACCESS_TOKEN)
        .updated_at_min(1_672_531_200_250_i64)
        .set_updated_at_max(Some(UnixMillis::from(SystemTime::from(last_sync))))
        .send()
        .await
        .expect("a page");
    let requests = fake.requests();
    assert_eq!(
        requests[0].query_param("updated_at_min"),
        Some("1672531200250")
    );
    assert_eq!(
        requests[0].query_param("updated_at_max"),
        Some("1672617600999")
    );
    assert_eq!(
        requests[1].query_param("updated_at_min"),
        Some("1672531200250")
    );
    assert_eq!(
        requests[1].query_param("updated_at_max"),
        Some("1672531200250")
    );
}

#[test]
fn unix_millis_convert_both_ways_before_and_after_1970() {
    use std::time::{Duration, UNIX_EPOCH};

    use rutter_customer_groups::UnixMillis;

    let before: DateTime<Utc> = "1969-12-31T23:59:59.500Z".parse().expect("a date");
    assert_eq!(UnixMillis::from(before).get(), -500);
    assert_eq!(UnixMillis::new(-500).to_datetime(), Some(before));
    assert_eq!(
        UnixMillis::from(UNIX_EPOCH - Duration::from_millis(1_500)).get(),
        -1_500
    );
    // a fraction of a millisecond is dropped, as the API counts them
    let precise: DateTime<Utc> = "2023-01-01T00:00:00.123456Z".parse().expect("a date");
    assert_eq!(UnixMillis::from(precise).get(), 1_672_531_200_123);
    assert_eq!(UnixMillis::new(i64::MAX).to_datetime(), None);
    assert_eq!(UnixMillis::new(7).to_string(), "7");
    assert_eq!(
        serde_json::to_string(&UnixMillis::new(1_672_531_200_000)).expect("json"),
        "1672531200000"
    );
}

#[tokio::test]
async fn a_connection_handle_sends_its_access_token_with_every_request() {
    let fake = FakeRutter::start(sample_groups(3)).await;
    let client = client(&fake);
    let connection = client.connection(DEFAULT_ACCESS_TOKEN);
    let shown = format!("{connection:?}");
    assert!(!shown.contains(DEFAULT_ACCESS_TOKEN), "{shown}");
    let page = connection
        .list_customer_groups()
        .limit(2)
        .send()
        .await
        .expect("a page");
    let id = page.customer_groups[0].id.clone();
    let found = connection
        .fetch_customer_group(id.clone())
        .send()
        .await
        .expect("the group");
    assert_eq!(found.customer_group.map(|g| g.id), Some(id));
    // secret arguments also take the crate's `Secret`
    client
        .list_customer_groups(rutter_customer_groups::Secret::new(DEFAULT_ACCESS_TOKEN))
        .send()
        .await
        .expect("a page");
    let requests = fake.requests();
    assert_eq!(requests.len(), 3);
    for request in &requests {
        assert_eq!(
            request.query_param("access_token"),
            Some(DEFAULT_ACCESS_TOKEN)
        );
    }
}
