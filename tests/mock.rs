//! The `test-util` mock: typed rules and answers, sequences through retries
//! and pagination, unmatched requests, recording with secrets redacted, the
//! unused-rule check, answers from the document's examples, and the error
//! types built in tests. No server, no
//! socket: every test runs the ordinary `Client` against a `Mock`.
#![cfg(feature = "test-util")]

use std::error::Error as _;
use std::time::Duration;

use futures_util::TryStreamExt;
use rutter_customer_groups::mock::{self, Mock, Reply};
use rutter_customer_groups::models::{
    Connection, CustomerGroup, ErrorResponse, FetchCustomerGroupResponse,
    ListCustomerGroupsResponse, Platform,
};
use rutter_customer_groups::requests::ListCustomerGroupsHeaders;
use rutter_customer_groups::{
    ApiError, Client, ConfigError, DecodeError, Error, HeaderError, HeaderMap, Response,
    RetryPolicy, TransportError, TransportErrorKind,
};

const TOKEN: &str = "secret-access-token";

fn connection() -> Connection {
    Connection::new("conn-1", "org-1", Platform::Shopify)
}

fn group(id: &str) -> CustomerGroup {
    let at = "2024-05-01T10:00:00Z".parse().expect("a timestamp");
    CustomerGroup::new(id, at, at)
        .with_platform_id(format!("p-{id}"))
        .with_name(format!("Group {id}"))
}

fn page(ids: &[&str], next: Option<&str>) -> ListCustomerGroupsResponse {
    let mut page =
        ListCustomerGroupsResponse::new(ids.iter().map(|id| group(id)).collect(), connection());
    page.next_cursor = next.map(str::to_owned);
    page
}

fn error_body(code: &str) -> ErrorResponse {
    ErrorResponse::new(
        "INVALID_REQUEST".into(),
        code.into(),
        format!("{code} happened"),
    )
}

/// A client of `mock` with quick, bounded retries (no waits are slept anyway).
fn client(mock: &Mock) -> Client {
    Client::builder()
        .basic_auth("client-id", "client-secret")
        .mock(mock)
        .build()
        .expect("a client")
}

#[tokio::test]
async fn a_rule_answers_with_a_typed_value_decoded_as_from_the_api() {
    let mock = Mock::new();
    let rule = mock.add(mock::list_customer_groups().ok(&page(&["a", "b"], None)));
    let got = client(&mock)
        .list_customer_groups(TOKEN)
        .send()
        .await
        .expect("a page");
    assert_eq!(got, page(&["a", "b"], None));
    assert_eq!(rule.num_calls(), 1);
    assert!(rule.is_used());
    mock.assert_all_used();
}

#[tokio::test]
async fn rules_match_on_the_typed_request() {
    let mock = Mock::new();
    let small = mock.add(
        mock::list_customer_groups()
            .when(|r| r.get_limit() == Some(&2))
            .ok(&page(&["small"], None))
            .repeatedly(),
    );
    let any = mock.add(
        mock::list_customer_groups()
            .ok(&page(&["any"], None))
            .repeatedly(),
    );
    let by_id = mock.add(
        mock::fetch_customer_group()
            .when(|r| r.get_id() == "g/1" && r.get_force_fetch() == Some(&true))
            .ok(&FetchCustomerGroupResponse::new(connection()).with_customer_group(group("g/1"))),
    );
    let client = client(&mock);
    let got = client.list_customer_groups(TOKEN).limit(2).send().await;
    assert_eq!(got.expect("a page").customer_groups[0].id, "small");
    let got = client.list_customer_groups(TOKEN).limit(3).send().await;
    assert_eq!(got.expect("a page").customer_groups[0].id, "any");
    let got = client
        .fetch_customer_group("g/1", TOKEN)
        .force_fetch(true)
        .send()
        .await
        .expect("a group");
    assert_eq!(got.customer_group.expect("some").id, "g/1");
    assert_eq!(
        (small.num_calls(), any.num_calls(), by_id.num_calls()),
        (1, 1, 1)
    );
    // the path parameter went on the wire encoded as one segment
    assert_eq!(mock.requests()[2].path, "/customer_groups/g%2F1");
}

#[tokio::test]
async fn a_429_then_a_200_is_ridden_out_without_sleeping_and_the_waits_are_recorded() {
    let mock = Mock::new();
    let rule = mock.add(
        mock::list_customer_groups()
            .reply(
                Reply::status(429)
                    .header("Retry-After", "7")
                    .json(&error_body("RATE_LIMITED")),
            )
            .fail(TransportErrorKind::ConnectionLost, "reset by peer")
            .ok(&page(&["a"], None)),
    );
    let started = std::time::Instant::now();
    let got = client(&mock).list_customer_groups(TOKEN).send().await;
    assert_eq!(got.expect("the third attempt").customer_groups.len(), 1);
    assert!(started.elapsed() < Duration::from_secs(2), "no wait slept");
    assert_eq!(rule.num_calls(), 3);
    assert_eq!(mock.requests().len(), 3);
    let waits = mock.waits();
    assert_eq!(waits.len(), 2);
    assert_eq!(waits[0], Duration::from_secs(7), "Retry-After is honoured");
}

#[tokio::test]
async fn api_errors_arrive_typed_with_status_headers_and_body() {
    let mock = Mock::new();
    mock.add(
        mock::fetch_customer_group().reply(
            Reply::status(404)
                .header("X-Request-ID", "req-404")
                .json(&error_body("NOT_FOUND")),
        ),
    );
    mock.add(mock::list_customer_groups().error(400, &error_body("BAD")));
    let client = client(&mock);
    let error = client
        .fetch_customer_group("missing", TOKEN)
        .send()
        .await
        .expect_err("a 404");
    assert!(error.is_not_found());
    assert_eq!(error.request_id(), Some("req-404"));
    assert_eq!(
        error.api_body().map(|b| b.error_code.as_str()),
        Some("NOT_FOUND")
    );
    let error = client
        .list_customer_groups(TOKEN)
        .send()
        .await
        .expect_err("a 400");
    assert_eq!(error.status(), Some(400));
    assert!(!error.is_retryable());
    assert_eq!(mock.requests().len(), 2, "a 4xx is not retried");
}

#[tokio::test]
async fn retries_give_up_as_the_policy_says() {
    let mock = Mock::new();
    let rule = mock.add(
        mock::list_customer_groups()
            .error(503, &error_body("DOWN"))
            .repeatedly(),
    );
    let client = Client::builder()
        .mock(&mock)
        .retry_policy(RetryPolicy::builder().max_retries(2).build())
        .build()
        .expect("a client");
    let error = client
        .list_customer_groups(TOKEN)
        .send()
        .await
        .expect_err("503 thrice");
    assert_eq!(error.status(), Some(503));
    assert_eq!(rule.num_calls(), 3);
    assert_eq!(mock.waits().len(), 2);
}

#[tokio::test]
async fn pagination_follows_the_cursor_through_the_rules() {
    let mock = Mock::new();
    let first = mock.add(
        mock::list_customer_groups()
            .when(|r| r.get_cursor().is_none())
            .ok(&page(&["a", "b"], Some("c2"))),
    );
    let second = mock.add(
        mock::list_customer_groups()
            .when(|r| r.get_cursor() == Some("c2") && r.get_limit() == Some(&2))
            .reply(Reply::status(500))
            .ok(&page(&["c"], None)),
    );
    let groups: Vec<CustomerGroup> = mock
        .client()
        .list_customer_groups(TOKEN)
        .limit(2)
        .into_stream()
        .try_collect()
        .await
        .expect("every group");
    let ids: Vec<&str> = groups.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c"]);
    assert_eq!((first.num_calls(), second.num_calls()), (1, 2));
    let cursors: Vec<Option<String>> = mock
        .requests()
        .iter()
        .map(|r| r.query_param("cursor").map(str::to_owned))
        .collect();
    assert_eq!(
        cursors,
        [None, Some("c2".to_owned()), Some("c2".to_owned())]
    );
    mock.assert_all_used();
}

#[tokio::test]
async fn an_unmatched_request_fails_naming_the_operation_and_what_it_received() {
    let mock = Mock::new();
    mock.add(
        mock::list_customer_groups()
            .when(|r| r.get_limit() == Some(&1))
            .ok(&page(&[], None)),
    );
    let error = client(&mock)
        .list_customer_groups(TOKEN)
        .limit(5)
        .send()
        .await
        .expect_err("no rule matches");
    let Error::Transport(transport) = &error else {
        panic!("a transport error, not {error:?}");
    };
    assert_eq!(transport.kind(), TransportErrorKind::Other);
    let cause = error.source().expect("a cause").to_string();
    assert!(
        cause.contains(
            "`list_customer_groups`: GET /customer_groups?access_token=<redacted>&limit=5"
        ),
        "{cause}"
    );
    assert!(
        cause.contains("rule #1 for `list_customer_groups`"),
        "{cause}"
    );
    assert!(!cause.contains(TOKEN), "{cause}");
    assert_eq!(mock.requests().len(), 1, "not retried");
    assert_eq!(mock.unmatched().len(), 1);
    // an operation without any rule says so
    let error = client(&mock)
        .fetch_customer_group("x", TOKEN)
        .send()
        .await
        .expect_err("no rule at all");
    let cause = error.source().expect("a cause").to_string();
    assert!(cause.contains("there is no rule for it"), "{cause}");
}

#[tokio::test]
async fn requests_are_recorded_with_secrets_redacted() {
    let mock = Mock::new();
    mock.add(mock::list_customer_groups().ok(&page(&[], None)));
    mock.client()
        .list_customer_groups(TOKEN)
        .updated_at_min(10)
        .customize(|o| o.header("X-Trace", "t-1"))
        .send()
        .await
        .expect("a page");
    let bearer = Mock::new();
    bearer.add(mock::fetch_customer_group().ok(&FetchCustomerGroupResponse::new(connection())));
    Client::builder()
        .basic_auth("other-id", "bearer-token")
        .header("Authorization", "Custom hand-made")
        .mock(&bearer)
        .build()
        .expect("a client")
        .fetch_customer_group("g1", TOKEN)
        .send()
        .await
        .expect("a group");
    let basic = Mock::new();
    basic.add(mock::list_customer_groups().ok(&page(&[], None)));
    client(&basic)
        .list_customer_groups(TOKEN)
        .send()
        .await
        .expect("a page");

    let seen = &mock.requests()[0];
    assert_eq!(seen.operation, "list_customer_groups");
    assert_eq!(seen.method, "GET");
    assert_eq!(seen.path, "/customer_groups");
    assert_eq!(seen.query_param("access_token"), Some("<redacted>"));
    assert_eq!(seen.query_param("updated_at_min"), Some("10"));
    assert_eq!(seen.header("x-rutter-version"), Some("2024-08-31"));
    assert_eq!(seen.header("X-Trace"), Some("t-1"));
    assert!(seen.matched);
    assert_eq!(
        bearer.requests()[0].header("authorization"),
        Some("<redacted>")
    );
    assert_eq!(
        basic.requests()[0].header("authorization"),
        Some("<redacted>")
    );
    for recorded in [&mock, &bearer, &basic].iter().flat_map(|m| m.requests()) {
        let shown = format!("{recorded:?} {recorded}");
        for secret in [TOKEN, "bearer-token", "client-secret", "hand-made"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
    }
}

#[tokio::test]
async fn answers_can_come_from_the_documents_examples() {
    let example = mock::examples::list_customer_groups();
    let group = &example.customer_groups[0];
    assert_eq!(group.id, "00000000-0000-0000-0000-000000000000");
    assert_eq!(group.platform_id.as_deref(), Some("12345678"));
    assert_eq!(example.connection.platform, Platform::Shopify);
    let mock = Mock::new();
    mock.add(mock::list_customer_groups().ok(&example));
    mock.add(mock::fetch_customer_group().ok(&mock::examples::fetch_customer_group()));
    let client = mock.client();
    let got = client.list_customer_groups(TOKEN).send().await;
    assert_eq!(got.expect("the example"), example);
    let got = client.fetch_customer_group("x", TOKEN).send().await;
    let name = got
        .expect("the example")
        .customer_group
        .and_then(|g| g.name);
    assert_eq!(
        name.as_deref(),
        Some("Customers who have purchased more than once")
    );
}

#[test]
fn assert_all_used_names_rules_with_answers_left() {
    let mock = Mock::new();
    let rule = mock.add(
        mock::list_customer_groups()
            .error(429, &error_body("SLOW"))
            .ok(&page(&[], None)),
    );
    mock.add(mock::fetch_customer_group().fail(TransportErrorKind::Timeout, "slow"));
    assert!(!rule.is_used());
    let failure = std::panic::catch_unwind(|| mock.assert_all_used()).expect_err("unused rules");
    let message = failure
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_default();
    assert!(
        message
            .contains("rule #1 for `list_customer_groups` (2 answer(s), 0 given) was not used up"),
        "{message}"
    );
    assert!(
        message.contains("rule #2 for `fetch_customer_group`"),
        "{message}"
    );
}

#[test]
#[should_panic(expected = "needs an answer")]
fn a_rule_without_an_answer_is_refused() {
    let _ = Mock::new().add(mock::list_customer_groups());
}

#[test]
fn every_public_error_type_can_be_made_in_a_test() {
    let mut headers = HeaderMap::new();
    headers.insert("retry-after", "3".parse().expect("a value"));
    headers.insert("x-request-id", "req-9".parse().expect("a value"));
    let api = ApiError::new(
        "GET",
        "/customer_groups",
        429,
        &headers,
        Some(error_body("RATE_LIMITED")),
    );
    assert_eq!(api.status(), 429);
    assert_eq!(api.retry_after(), Some(Duration::from_secs(3)));
    assert_eq!(api.request_id(), Some("req-9"));
    assert!(api.raw_body().contains("RATE_LIMITED"));
    let error = Error::Api(Box::new(api));
    assert!(error.is_rate_limited() && error.is_retryable());
    assert!(
        error
            .to_string()
            .starts_with("GET /customer_groups failed with HTTP 429 (request id req-9)"),
        "{error}"
    );

    let decode = DecodeError::new(
        "GET",
        "/customer_groups/{id}",
        200,
        "customer_group.created_at",
        "premature end of input",
        "{\"customer_group\":",
    );
    assert_eq!(decode.path(), "customer_group.created_at");
    let error = Error::Decode(Box::new(decode));
    assert_eq!(error.status(), Some(200));
    assert!(!error.is_retryable());

    let config = ConfigError::new("no base URL");
    assert_eq!(
        config.to_string(),
        "invalid client configuration: no base URL"
    );
    let transport = TransportError::new(TransportErrorKind::Timeout, "slow");
    assert!(Error::Transport(Box::new(transport)).is_timeout());

    let header = HeaderError::new("x-rutter-request-id", "not text");
    assert_eq!(
        header.to_string(),
        "response header `x-rutter-request-id`: not text"
    );
    assert!(header.source().is_none());

    // the success metadata, with the operation's declared headers typed
    headers.insert("x-rutter-request-id", "req-10".parse().expect("a value"));
    let response = Response::new(200, headers, page(&["a"], None))
        .with_declared_headers::<ListCustomerGroupsHeaders>();
    assert_eq!(response.request_id(), Some("req-10"));
    let declared = response.declared_headers().expect("declared headers");
    assert_eq!(declared.x_rutter_request_id.as_deref(), Some("req-10"));
}
