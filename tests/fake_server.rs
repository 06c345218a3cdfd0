//! Tests of the fake Rutter server itself, driven with plain `reqwest`, so the
//! end-to-end tests of the generated client can trust it.

#[path = "support/fake_rutter.rs"]
mod fake_rutter;

use std::time::{Duration, Instant};

use fake_rutter::{
    DEFAULT_ACCESS_TOKEN, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, FakeRutter, Fault,
    NOT_FOUND_DOC_URL, NULL_GROUP_ID, RawAction, RawServer, UPDATED_AT_STEP_MS, base64_decode,
    base64_encode, basic_auth_header, cursor_for_offset, http_date, iso_millis, percent_decode,
    refused_addr, sample_group, sample_groups, sample_id, sample_updated_at_ms,
};
use reqwest::{Method, Url};
use serde_json::{Value, json};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// One answer from the fake.
struct Reply {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("JSON body")
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    fn request_id(&self) -> &str {
        self.header("x-rutter-request-id")
            .expect("X-Rutter-Request-ID on every response")
    }

    /// Asserts a Rutter error body with this status, type and code.
    fn assert_error(&self, status: u16, error_type: &str, error_code: &str) -> Value {
        assert_eq!(self.status, status, "body: {}", self.text());
        let body = self.json();
        assert_eq!(body["error_type"], error_type, "{body}");
        assert_eq!(body["error_code"], error_code, "{body}");
        assert!(body["error_message"].is_string(), "{body}");
        body
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A URL under the fake's base URL with `access_token` plus `extra` pairs.
fn url(fake: &FakeRutter, path: &str, extra: &[(&str, &str)]) -> Url {
    let mut url = bare_url(fake, path);
    url.query_pairs_mut()
        .append_pair("access_token", DEFAULT_ACCESS_TOKEN)
        .extend_pairs(extra);
    url
}

fn bare_url(fake: &FakeRutter, path: &str) -> Url {
    Url::parse(&format!("{}{path}", fake.base_url())).expect("valid URL")
}

/// A correctly authenticated GET.
fn authed(url: Url) -> reqwest::RequestBuilder {
    reqwest::Client::new()
        .get(url)
        .basic_auth(DEFAULT_CLIENT_ID, Some(DEFAULT_CLIENT_SECRET))
        .header("X-Rutter-Version", "2024-08-31")
}

async fn send(request: reqwest::RequestBuilder) -> Reply {
    let response = request.send().await.expect("request reaches the fake");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.bytes().await.expect("body").to_vec();
    Reply {
        status,
        headers,
        body,
    }
}

async fn get(url: Url) -> Reply {
    send(authed(url)).await
}

fn ids(page: &Value) -> Vec<String> {
    page["customer_groups"]
        .as_array()
        .expect("customer_groups array")
        .iter()
        .map(|g| g["id"].as_str().expect("string id").to_owned())
        .collect()
}

fn sample_ids(range: std::ops::Range<usize>) -> Vec<String> {
    range.map(sample_id).collect()
}

// ---------------------------------------------------------------------------
// Sample data and encodings
// ---------------------------------------------------------------------------

#[test]
fn sample_groups_are_deterministic_and_cover_nulls() {
    let groups = sample_groups(8);
    assert_eq!(groups, sample_groups(8));
    assert_eq!(
        groups[0],
        json!({
            "id": "00000000-0000-0000-0000-000000000000",
            "platform_id": "7000000",
            "name": "Group 0",
            "created_at": "2022-01-01T00:00:00.000Z",
            "updated_at": "2023-01-02T02:34:56.000Z",
        })
    );
    assert_eq!(groups[1]["platform_id"], Value::Null);
    assert!(groups[1].get("platform_id").is_some());
    assert!(groups[3].get("platform_id").is_none());
    assert_eq!(groups[2]["name"], Value::Null);
    assert_eq!(groups[7]["id"], "00000000-0000-0000-0000-000000000007");
    assert_eq!(groups[1]["updated_at"], "2023-01-03T02:34:56.007Z");
    assert_eq!(groups[1]["created_at"], "2022-01-01T01:00:00.001Z");
    assert_eq!(
        sample_updated_at_ms(3) - sample_updated_at_ms(2),
        UPDATED_AT_STEP_MS
    );
    assert_eq!(iso_millis(sample_updated_at_ms(5)), groups[5]["updated_at"]);
}

#[test]
fn base64_round_trips_and_rejects_garbage() {
    assert_eq!(
        base64_encode(b"Aladdin:open sesame"),
        "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
    );
    for input in ["", "f", "fo", "foo", "foob", "fooba", "foobar"] {
        let encoded = base64_encode(input.as_bytes());
        assert_eq!(base64_decode(&encoded).as_deref(), Some(input.as_bytes()));
    }
    assert_eq!(base64_decode("Zm9v").as_deref(), Some(&b"foo"[..]));
    assert_eq!(base64_decode("Zg").as_deref(), Some(&b"f"[..]));
    for garbage in ["!!!!", "Z", "Zm9v===", "Zm=9v", "Zg\u{e9}"] {
        assert_eq!(base64_decode(garbage), None, "{garbage:?}");
    }
    assert_eq!(
        basic_auth_header("test-client-id", "test-client-secret"),
        "Basic dGVzdC1jbGllbnQtaWQ6dGVzdC1jbGllbnQtc2VjcmV0"
    );
}

#[test]
fn percent_decode_handles_escapes_and_rejects_bad_ones() {
    assert_eq!(percent_decode("a%20b%2Fc").as_deref(), Some("a b/c"));
    assert_eq!(percent_decode("%C3%A9").as_deref(), Some("\u{e9}"));
    assert_eq!(percent_decode("plain+text").as_deref(), Some("plain+text"));
    for bad in ["%", "%2", "%zz", "%FF"] {
        assert_eq!(percent_decode(bad), None, "{bad:?}");
    }
}

// ---------------------------------------------------------------------------
// Authentication and version header
// ---------------------------------------------------------------------------

#[tokio::test]
async fn missing_basic_auth_is_401() {
    let fake = FakeRutter::start(sample_groups(2)).await;
    let request = reqwest::Client::new()
        .get(url(&fake, "/customer_groups", &[]))
        .header("X-Rutter-Version", "2024-08-31");
    let reply = send(request).await;
    reply.assert_error(401, "AUTHENTICATION_ERROR", "INVALID_CREDENTIALS");
}

#[tokio::test]
async fn wrong_or_malformed_basic_auth_is_401() {
    let fake = FakeRutter::start(sample_groups(2)).await;
    let headers = [
        basic_auth_header(DEFAULT_CLIENT_ID, "wrong-secret"),
        basic_auth_header("wrong-id", DEFAULT_CLIENT_SECRET),
        "Basic !!!not-base64!!!".to_owned(),
        "Bearer test-access-token".to_owned(),
        "Basic".to_owned(),
        format!("Basic {}", base64_encode(b"no-colon")),
    ];
    for header in headers {
        let request = reqwest::Client::new()
            .get(url(&fake, "/customer_groups", &[]))
            .header("Authorization", &header)
            .header("X-Rutter-Version", "2024-08-31");
        let reply = send(request).await;
        reply.assert_error(401, "AUTHENTICATION_ERROR", "INVALID_CREDENTIALS");
    }
}

#[tokio::test]
async fn lowercase_basic_scheme_is_accepted() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    let header =
        basic_auth_header(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET).replacen("Basic", "basic", 1);
    let request = reqwest::Client::new()
        .get(url(&fake, "/customer_groups", &[]))
        .header("Authorization", header)
        .header("X-Rutter-Version", "2024-08-31");
    assert_eq!(send(request).await.status, 200);
}

#[tokio::test]
async fn custom_credentials_are_enforced() {
    let fake = FakeRutter::builder()
        .credentials("other-id", "other-secret")
        .access_token("other-token")
        .groups(sample_groups(1))
        .start()
        .await;
    assert_eq!(
        fake.expected_authorization(),
        basic_auth_header("other-id", "other-secret")
    );
    let defaults = get(url(&fake, "/customer_groups", &[])).await;
    defaults.assert_error(401, "AUTHENTICATION_ERROR", "INVALID_CREDENTIALS");

    let mut good = bare_url(&fake, "/customer_groups");
    good.query_pairs_mut()
        .append_pair("access_token", "other-token");
    let request = reqwest::Client::new()
        .get(good)
        .basic_auth("other-id", Some("other-secret"))
        .header("X-Rutter-Version", "2024-08-31");
    assert_eq!(send(request).await.status, 200);
}

#[tokio::test]
async fn missing_or_wrong_access_token_is_401() {
    let fake = FakeRutter::start(sample_groups(2)).await;
    let missing = get(bare_url(&fake, "/customer_groups")).await;
    let body = missing.assert_error(401, "AUTHENTICATION_ERROR", "INVALID_CREDENTIALS");
    assert!(
        body["error_message"]
            .as_str()
            .unwrap_or_default()
            .contains("access_token")
    );

    let mut wrong = bare_url(&fake, "/customer_groups/x");
    wrong.query_pairs_mut().append_pair("access_token", "nope");
    let reply = get(wrong).await;
    reply.assert_error(401, "AUTHENTICATION_ERROR", "INVALID_CREDENTIALS");
}

#[tokio::test]
async fn repeated_access_token_is_400() {
    let fake = FakeRutter::start(sample_groups(2)).await;
    let reply = get(url(
        &fake,
        "/customer_groups",
        &[("access_token", DEFAULT_ACCESS_TOKEN)],
    ))
    .await;
    reply.assert_error(400, "INVALID_REQUEST", "INVALID_PARAMETER");
}

#[tokio::test]
async fn missing_or_unknown_version_header_is_400() {
    let fake = FakeRutter::start(sample_groups(2)).await;
    let missing = reqwest::Client::new()
        .get(url(&fake, "/customer_groups", &[]))
        .basic_auth(DEFAULT_CLIENT_ID, Some(DEFAULT_CLIENT_SECRET));
    send(missing)
        .await
        .assert_error(400, "INVALID_REQUEST", "MISSING_VERSION");

    let unknown = versioned(&fake, "1999-01-01");
    send(unknown)
        .await
        .assert_error(400, "INVALID_REQUEST", "INVALID_VERSION");

    let twice = versioned(&fake, "2024-08-31").header("X-Rutter-Version", "2024-08-31");
    send(twice)
        .await
        .assert_error(400, "INVALID_REQUEST", "INVALID_VERSION");

    for version in ["2023-02-07", "2023-03-14", "2024-04-30", "unstable"] {
        let request = versioned(&fake, version);
        assert_eq!(send(request).await.status, 200, "{version}");
    }
}

fn versioned(fake: &FakeRutter, version: &str) -> reqwest::RequestBuilder {
    reqwest::Client::new()
        .get(url(fake, "/customer_groups", &[]))
        .basic_auth(DEFAULT_CLIENT_ID, Some(DEFAULT_CLIENT_SECRET))
        .header("X-Rutter-Version", version)
}

#[tokio::test]
async fn every_response_has_a_unique_request_id() {
    let fake = FakeRutter::start(sample_groups(2)).await;
    let ok = get(url(&fake, "/customer_groups", &[])).await;
    let not_found = get(url(&fake, "/customer_groups/nope", &[])).await;
    let unauthorized = send(reqwest::Client::new().get(url(&fake, "/customer_groups", &[]))).await;
    assert_eq!(ok.request_id(), "req-1");
    assert_eq!(not_found.request_id(), "req-2");
    assert_eq!(unauthorized.request_id(), "req-3");
    assert_eq!(ok.header("content-type"), Some("application/json"));
}

// ---------------------------------------------------------------------------
// Listing, pagination and filters
// ---------------------------------------------------------------------------

#[tokio::test]
async fn list_returns_groups_and_connection() {
    let fake = FakeRutter::start(sample_groups(3)).await;
    let reply = get(url(&fake, "/customer_groups", &[])).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(
        reply.json(),
        json!({
            "customer_groups": sample_groups(3),
            "next_cursor": null,
            "connection": {
                "id": "11111111-1111-1111-1111-111111111111",
                "orgId": "22222222-2222-2222-2222-222222222222",
                "platform": "SHOPIFY",
            },
        })
    );
}

#[tokio::test]
async fn pagination_walk_visits_every_group_once() {
    let fake = FakeRutter::start(sample_groups(7)).await;
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = Vec::new();
    loop {
        let mut extra = vec![("limit", "3".to_owned())];
        if let Some(c) = &cursor {
            extra.push(("cursor", c.clone()));
        }
        let pairs: Vec<(&str, &str)> = extra.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let page = get(url(&fake, "/customer_groups", &pairs)).await.json();
        pages.push(ids(&page).len());
        seen.extend(ids(&page));
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => {
                assert_eq!(page["next_cursor"], Value::Null);
                break;
            }
        }
        assert!(pages.len() < 10, "pagination does not terminate");
    }
    assert_eq!(pages, [3, 3, 1]);
    assert_eq!(seen, sample_ids(0..7));
}

#[tokio::test]
async fn exact_multiple_of_limit_ends_with_null_cursor() {
    let fake = FakeRutter::start(sample_groups(4)).await;
    let first = get(url(&fake, "/customer_groups", &[("limit", "2")]))
        .await
        .json();
    assert_eq!(first["next_cursor"], cursor_for_offset(2));
    let second = get(url(
        &fake,
        "/customer_groups",
        &[("limit", "2"), ("cursor", &cursor_for_offset(2))],
    ))
    .await
    .json();
    assert_eq!(ids(&second), sample_ids(2..4));
    assert_eq!(second["next_cursor"], Value::Null);
}

#[tokio::test]
async fn default_limit_is_50_and_500_is_allowed() {
    let fake = FakeRutter::start(sample_groups(60)).await;
    let page = get(url(&fake, "/customer_groups", &[])).await.json();
    assert_eq!(ids(&page), sample_ids(0..50));
    assert!(page["next_cursor"].is_string());
    let all = get(url(&fake, "/customer_groups", &[("limit", "500")]))
        .await
        .json();
    assert_eq!(ids(&all).len(), 60);
    assert_eq!(all["next_cursor"], Value::Null);
}

#[tokio::test]
async fn invalid_limits_are_400() {
    let fake = FakeRutter::start(sample_groups(3)).await;
    for limit in ["0", "501", "-1", "abc", "", "1.5", "99999999999999999999"] {
        let reply = get(url(&fake, "/customer_groups", &[("limit", limit)])).await;
        reply.assert_error(400, "INVALID_REQUEST", "INVALID_PARAMETER");
    }
}

#[tokio::test]
async fn unknown_cursors_are_400() {
    let fake = FakeRutter::start(sample_groups(3)).await;
    let beyond = cursor_for_offset(4);
    for cursor in ["", "garbage", "%%%", "b2Zmc2V0Oi0x", beyond.as_str()] {
        let reply = get(url(&fake, "/customer_groups", &[("cursor", cursor)])).await;
        reply.assert_error(400, "INVALID_REQUEST", "INVALID_PARAMETER");
    }
}

#[tokio::test]
async fn unknown_or_repeated_parameters_are_400() {
    let fake = FakeRutter::start(sample_groups(3)).await;
    let cases: [&[(&str, &str)]; 3] = [
        &[("updatedAtMin", "1")],
        &[("limit", "1"), ("limit", "2")],
        &[("cursor", "x"), ("cursor", "y")],
    ];
    for extra in cases {
        let reply = get(url(&fake, "/customer_groups", extra)).await;
        reply.assert_error(400, "INVALID_REQUEST", "INVALID_PARAMETER");
    }
}

#[tokio::test]
async fn updated_at_filters_are_inclusive_milliseconds() {
    let fake = FakeRutter::start(sample_groups(10)).await;
    let min = sample_updated_at_ms(3).to_string();
    let max = sample_updated_at_ms(6).to_string();
    let both = get(url(
        &fake,
        "/customer_groups",
        &[("updated_at_min", &min), ("updated_at_max", &max)],
    ))
    .await
    .json();
    assert_eq!(ids(&both), sample_ids(3..7));

    let just_after = (sample_updated_at_ms(3) + 1).to_string();
    let only_min = get(url(
        &fake,
        "/customer_groups",
        &[("updated_at_min", &just_after)],
    ))
    .await;
    assert_eq!(ids(&only_min.json()), sample_ids(4..10));

    let just_before = (sample_updated_at_ms(6) - 1).to_string();
    let only_max = get(url(
        &fake,
        "/customer_groups",
        &[("updated_at_max", &just_before)],
    ))
    .await;
    assert_eq!(ids(&only_max.json()), sample_ids(0..6));
}

#[tokio::test]
async fn filters_combine_with_pagination() {
    let fake = FakeRutter::start(sample_groups(10)).await;
    let min = sample_updated_at_ms(2).to_string();
    let filter = [("updated_at_min", min.as_str()), ("limit", "5")];
    let first = get(url(&fake, "/customer_groups", &filter)).await.json();
    assert_eq!(ids(&first), sample_ids(2..7));
    let cursor = first["next_cursor"]
        .as_str()
        .expect("more pages")
        .to_owned();
    let mut second_query = filter.to_vec();
    second_query.push(("cursor", &cursor));
    let second = get(url(&fake, "/customer_groups", &second_query))
        .await
        .json();
    assert_eq!(ids(&second), sample_ids(7..10));
    assert_eq!(second["next_cursor"], Value::Null);
}

#[tokio::test]
async fn malformed_filters_are_400() {
    let fake = FakeRutter::start(sample_groups(3)).await;
    for (name, value) in [
        ("updated_at_min", "yesterday"),
        ("updated_at_max", "2023-01-02T02:34:56.000Z"),
        ("updated_at_min", "1.5"),
    ] {
        let reply = get(url(&fake, "/customer_groups", &[(name, value)])).await;
        reply.assert_error(400, "INVALID_REQUEST", "INVALID_PARAMETER");
    }
}

#[tokio::test]
async fn force_fetch_accepts_only_true_and_false() {
    let fake = FakeRutter::start(sample_groups(3)).await;
    for ok in ["true", "false"] {
        let list = get(url(&fake, "/customer_groups", &[("force_fetch", ok)])).await;
        assert_eq!(list.status, 200, "{ok}");
        let one = get(url(
            &fake,
            &format!("/customer_groups/{}", sample_id(0)),
            &[("force_fetch", ok)],
        ))
        .await;
        assert_eq!(one.status, 200, "{ok}");
    }
    for bad in ["TRUE", "1", "yes", ""] {
        let reply = get(url(&fake, "/customer_groups", &[("force_fetch", bad)])).await;
        reply.assert_error(400, "INVALID_REQUEST", "INVALID_PARAMETER");
    }
}

// ---------------------------------------------------------------------------
// Fetching one group
// ---------------------------------------------------------------------------

#[tokio::test]
async fn fetch_known_id_returns_the_group() {
    let fake = FakeRutter::start(sample_groups(5)).await;
    let reply = get(url(
        &fake,
        &format!("/customer_groups/{}", sample_id(3)),
        &[],
    ))
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let body = reply.json();
    assert_eq!(body["customer_group"], sample_group(3));
    assert_eq!(
        body["connection"]["orgId"],
        "22222222-2222-2222-2222-222222222222"
    );
}

#[tokio::test]
async fn fetch_null_group_returns_null() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    let reply = get(url(
        &fake,
        &format!("/customer_groups/{NULL_GROUP_ID}"),
        &[],
    ))
    .await;
    assert_eq!(reply.status, 200);
    let body = reply.json();
    assert_eq!(body["customer_group"], Value::Null);
    assert!(body.get("customer_group").is_some());
    assert_eq!(body["connection"]["platform"], "SHOPIFY");
}

#[tokio::test]
async fn fetch_unknown_id_is_404_with_extra_field() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    let reply = get(url(&fake, "/customer_groups/does-not-exist", &[])).await;
    let body = reply.assert_error(404, "NOT_FOUND", "OBJECT_NOT_FOUND");
    assert_eq!(body["doc_url"], NOT_FOUND_DOC_URL);
}

#[tokio::test]
async fn fetch_rejects_list_only_parameters() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    let path = format!("/customer_groups/{}", sample_id(0));
    let reply = get(url(&fake, &path, &[("limit", "1")])).await;
    reply.assert_error(400, "INVALID_REQUEST", "INVALID_PARAMETER");
}

#[tokio::test]
async fn percent_encoded_id_is_one_segment() {
    let mut group = sample_group(0);
    group["id"] = json!("a b/c");
    let fake = FakeRutter::start(vec![group.clone()]).await;
    let mut target = bare_url(&fake, "/customer_groups");
    target.path_segments_mut().expect("base URL").push("a b/c");
    target
        .query_pairs_mut()
        .append_pair("access_token", DEFAULT_ACCESS_TOKEN);
    let reply = get(target).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.json()["customer_group"], group);
    let recorded = fake.last_request().expect("recorded");
    assert_eq!(recorded.path, "/versioned/customer_groups/a%20b%2Fc");

    let split = get(url(&fake, "/customer_groups/a%20b/c", &[])).await;
    split.assert_error(404, "NOT_FOUND", "ENDPOINT_NOT_FOUND");
}

#[tokio::test]
async fn bad_percent_encoding_in_id_is_400() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    let reply = get(url(&fake, "/customer_groups/%FF", &[])).await;
    reply.assert_error(400, "INVALID_REQUEST", "INVALID_PATH");
}

#[tokio::test]
async fn unknown_routes_and_methods_are_rejected() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    for path in ["/customers", "/customer_groups/", "/customer_groups/a/b"] {
        let reply = get(url(&fake, path, &[])).await;
        reply.assert_error(404, "NOT_FOUND", "ENDPOINT_NOT_FOUND");
    }
    let mut unversioned = Url::parse(&fake.root_url()).expect("root URL");
    unversioned.set_path("/customer_groups");
    unversioned
        .query_pairs_mut()
        .append_pair("access_token", DEFAULT_ACCESS_TOKEN);
    let reply = get(unversioned).await;
    reply.assert_error(404, "NOT_FOUND", "ENDPOINT_NOT_FOUND");

    let post = reqwest::Client::new()
        .request(Method::POST, url(&fake, "/customer_groups", &[]))
        .basic_auth(DEFAULT_CLIENT_ID, Some(DEFAULT_CLIENT_SECRET))
        .header("X-Rutter-Version", "2024-08-31");
    send(post)
        .await
        .assert_error(405, "INVALID_REQUEST", "METHOD_NOT_ALLOWED");
}

// ---------------------------------------------------------------------------
// Recording
// ---------------------------------------------------------------------------

#[tokio::test]
async fn requests_are_recorded_as_received() {
    let fake = FakeRutter::start(sample_groups(2)).await;
    let target = url(
        &fake,
        "/customer_groups",
        &[("cursor", "a+b c"), ("limit", "2")],
    );
    let reply = send(authed(target).header("X-Extra", "One")).await;
    reply.assert_error(400, "INVALID_REQUEST", "INVALID_PARAMETER");

    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    let req = &requests[0];
    assert_eq!(req.method, "GET");
    assert_eq!(req.path, "/versioned/customer_groups");
    assert_eq!(
        req.query.as_deref(),
        Some("access_token=test-access-token&cursor=a%2Bb+c&limit=2")
    );
    let expected_pairs = [
        ("access_token", "test-access-token"),
        ("cursor", "a+b c"),
        ("limit", "2"),
    ]
    .map(|(k, v)| (k.to_owned(), v.to_owned()));
    assert_eq!(req.query_pairs, expected_pairs);
    assert_eq!(req.query_param("cursor"), Some("a+b c"));
    assert_eq!(req.header("x-extra"), Some("One"));
    assert_eq!(req.header("X-Rutter-Version"), Some("2024-08-31"));
    assert_eq!(
        req.header("authorization"),
        Some(fake.expected_authorization().as_str())
    );
    assert!(
        req.headers
            .iter()
            .all(|(n, _)| *n == n.to_ascii_lowercase())
    );

    fake.clear_requests();
    assert!(fake.requests().is_empty());
    assert!(fake.last_request().is_none());
}

#[tokio::test]
async fn request_without_query_records_none() {
    let fake = FakeRutter::start(Vec::new()).await;
    let reply = get(bare_url(&fake, "/customer_groups")).await;
    assert_eq!(reply.status, 401);
    let req = fake.last_request().expect("recorded");
    assert_eq!(req.query, None);
    assert!(req.query_pairs.is_empty());
}

// ---------------------------------------------------------------------------
// Fault injection
// ---------------------------------------------------------------------------

#[tokio::test]
async fn status_fault_overrides_next_response_only() {
    let fake = FakeRutter::start(sample_groups(2)).await;
    fake.push_fault(Fault::status(503, "upstream down"));
    assert_eq!(fake.pending_faults(), 1);

    let faulted = get(url(&fake, "/customer_groups", &[])).await;
    assert_eq!(faulted.status, 503);
    assert_eq!(faulted.text(), "upstream down");
    assert_eq!(faulted.request_id(), "req-1");
    assert_eq!(fake.pending_faults(), 0);

    let normal = get(url(&fake, "/customer_groups", &[])).await;
    assert_eq!(normal.status, 200);
    assert_eq!(fake.requests().len(), 2);

    fake.push_fault(Fault::status(503, "upstream down"));
    fake.clear_faults();
    assert_eq!(fake.pending_faults(), 0);
    let after_clear = get(url(&fake, "/customer_groups", &[])).await;
    assert_eq!(after_clear.status, 200, "a cleared fault is not served");
}

#[tokio::test]
async fn faults_apply_in_order_even_to_unauthenticated_requests() {
    let fake = FakeRutter::start(sample_groups(2)).await;
    fake.push_fault(Fault::rutter_error(
        452,
        "CONNECTION_ERROR",
        "RATE_LIMITED",
        "Shopify said slow down",
    ));
    fake.push_fault(Fault::status(500, "{}").with_header("content-type", "text/plain"));

    let first = send(reqwest::Client::new().get(bare_url(&fake, "/customer_groups"))).await;
    first.assert_error(452, "CONNECTION_ERROR", "RATE_LIMITED");
    let second = get(url(&fake, "/customer_groups", &[])).await;
    assert_eq!(second.status, 500);
    assert_eq!(second.header("content-type"), Some("text/plain"));
    let third = get(url(&fake, "/customer_groups", &[])).await;
    assert_eq!(third.status, 200);
}

#[tokio::test]
async fn rate_limit_fault_sends_retry_after() {
    let fake = FakeRutter::start(sample_groups(2)).await;
    fake.push_fault(Fault::too_many_requests("2"));
    let reply = get(url(&fake, "/customer_groups", &[])).await;
    reply.assert_error(429, "RATE_LIMIT_ERROR", "RATE_LIMIT_EXCEEDED");
    assert_eq!(reply.header("retry-after"), Some("2"));
    assert!(reply.header("x-rutter-request-id").is_some());
}

#[tokio::test]
async fn fault_headers_can_replace_the_request_id() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    fake.push_fault(
        Fault::status(502, "bad gateway").with_header("X-Rutter-Request-ID", "custom-id"),
    );
    let reply = get(url(&fake, "/customer_groups", &[])).await;
    assert_eq!(reply.status, 502);
    assert_eq!(reply.request_id(), "custom-id");
}

#[tokio::test]
async fn pass_fault_lets_a_later_fault_hit_a_later_request() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    fake.push_fault(Fault::pass());
    fake.push_fault(Fault::status(500, "second"));
    let first = get(url(&fake, "/customer_groups", &[])).await;
    assert_eq!(first.status, 200);
    assert_eq!(ids(&first.json()), sample_ids(0..1));
    let second = get(url(&fake, "/customer_groups", &[])).await;
    assert_eq!((second.status, second.text().as_str()), (500, "second"));
}

#[tokio::test]
async fn delay_fault_delays_the_normal_response() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    fake.push_fault(Fault::delay(Duration::from_millis(300)));
    let started = Instant::now();
    let reply = get(url(&fake, "/customer_groups", &[])).await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(reply.status, 200);
    assert_eq!(ids(&reply.json()), sample_ids(0..1));
}

#[tokio::test]
async fn delayed_fault_can_outlast_a_client_timeout() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    fake.push_fault(Fault::status(200, "{}").with_delay(Duration::from_secs(5)));
    let result = authed(url(&fake, "/customer_groups", &[]))
        .timeout(Duration::from_millis(100))
        .send()
        .await;
    let error = result.expect_err("times out");
    assert!(error.is_timeout(), "{error}");
}

#[tokio::test]
async fn byte_faults_send_bodies_that_are_not_utf8() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    fake.push_fault(Fault::status_bytes(500, vec![0xFF, 0xFE, b'x']));
    let reply = get(url(&fake, "/customer_groups", &[])).await;
    assert_eq!((reply.status, reply.body), (500, vec![0xFF, 0xFE, b'x']));
}

#[tokio::test]
async fn dribble_fault_sends_headers_first_and_the_body_slowly() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    fake.push_fault(Fault::pass().dribble(100, Duration::from_millis(50)));
    let response = authed(url(&fake, "/customer_groups", &[]))
        .send()
        .await
        .expect("headers arrive");
    assert_eq!(response.status().as_u16(), 200);
    let started = Instant::now();
    let body = response.bytes().await.expect("body");
    let page: Value = serde_json::from_slice(&body).expect("the whole page");
    assert_eq!(ids(&page), sample_ids(0..1));
    let chunks = body.len().div_ceil(100);
    assert!(chunks >= 2, "{}", body.len());
    // At least all but the first pause happen after the headers.
    let pauses = u32::try_from(chunks - 1).expect("few chunks");
    assert!(started.elapsed() >= Duration::from_millis(50) * pauses);
}

#[tokio::test]
async fn request_times_follow_the_requests() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    for _ in 0..3 {
        get(url(&fake, "/customer_groups", &[])).await;
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(fake.request_count(), 3);
    assert_eq!(fake.request_times().len(), 3);
    let gaps = fake.gaps();
    assert_eq!(gaps.len(), 2);
    assert!(
        gaps.iter().all(|gap| *gap >= Duration::from_millis(20)),
        "{gaps:?}"
    );
}

#[test]
fn http_date_is_the_imf_fixdate_format() {
    let at = chrono::DateTime::from_timestamp(784_111_777, 0).expect("valid");
    assert_eq!(http_date(at), "Sun, 06 Nov 1994 08:49:37 GMT");
}

#[tokio::test]
async fn refused_addr_refuses() {
    let addr = refused_addr().await;
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}

#[tokio::test]
async fn raw_server_plays_its_script_then_the_fallback() {
    let raw = RawServer::start(
        vec![
            RawAction::Close,
            RawAction::Reset,
            RawAction::Truncated {
                status: 200,
                declared: 100,
                body: b"{".to_vec(),
            },
        ],
        RawAction::json(201, &json!({"ok": true})),
    )
    .await;
    let target = format!("{}/customer_groups?x=1", raw.base_url());
    let http = reqwest::Client::new();
    for _ in 0..2 {
        let error = http.get(&target).send().await.expect_err("no answer");
        assert!(!error.is_timeout(), "{error}");
    }
    let cut = http.get(&target).send().await.expect("headers arrive");
    assert_eq!(cut.status().as_u16(), 200);
    assert!(cut.bytes().await.is_err(), "the body is cut short");
    for _ in 0..2 {
        let reply = send(http.get(&target)).await;
        assert_eq!(reply.status, 201);
        assert_eq!(reply.json(), json!({"ok": true}));
    }
    assert_eq!(raw.pending_actions(), 0);
    assert_eq!(raw.request_count(), 5);
    assert_eq!(raw.connections(), 5, "connections are never reused");
    let first = &raw.requests()[0];
    assert_eq!(first.target(), "/versioned/customer_groups?x=1");
    assert!(first.request_line.starts_with("GET "));
    assert!(first.head.ends_with("\r\n\r\n"));
}

// ---------------------------------------------------------------------------
// Lifecycle
// ---------------------------------------------------------------------------

#[tokio::test]
async fn dropping_the_fake_stops_the_server() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    let addr = fake.addr();
    assert!(tokio::net::TcpStream::connect(addr).await.is_ok());
    drop(fake);
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(addr).await.is_err() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the fake still accepts connections after being dropped");
}

#[tokio::test]
async fn two_fakes_run_side_by_side() {
    let a = FakeRutter::start(sample_groups(1)).await;
    let b = FakeRutter::start(sample_groups(2)).await;
    assert_ne!(a.base_url(), b.base_url());
    assert!(a.base_url().starts_with("http://127.0.0.1:"));
    assert!(a.base_url().ends_with("/versioned"));
    let page = get(url(&b, "/customer_groups", &[])).await.json();
    assert_eq!(ids(&page).len(), 2);
    assert!(a.requests().is_empty());
}
