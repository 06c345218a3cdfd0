//! Helpers shared by the test binaries of the generated client, defined once:
//! clients for the fake with its default credentials, the quick retry
//! policy, a bound on how long a test may wait, what the sample groups
//! decode to, and the unwrapping of each typed error.
//!
//! Included next to `fake_rutter.rs` (which it uses as `crate::fake_rutter`):
//!
//! ```ignore
//! #[path = "support/fake_rutter.rs"]
//! mod fake_rutter;
//! #[path = "support/common.rs"]
//! mod common;
//! ```
// Each test binary uses only some of these helpers.
#![allow(dead_code)]

use std::future::Future;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rutter_customer_groups::models::{
    Connection, CustomerGroup, ListCustomerGroupsResponse, Platform,
};
use rutter_customer_groups::{
    ApiError, Client, ClientBuilder, DecodeError, Error, RetryPolicy, TransportError,
};

use crate::fake_rutter::{
    CONNECTION_ID, DEFAULT_ACCESS_TOKEN, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, FakeRutter,
    Fault, ORG_ID, RecordedRequest, sample_created_at_ms, sample_id, sample_name,
    sample_platform_id, sample_updated_at_ms,
};

// ---------------------------------------------------------------------------
// Clients
// ---------------------------------------------------------------------------

/// The most any single request or walk may take before the test is failed
/// instead of hanging.
pub const TEST_LIMIT: Duration = Duration::from_secs(20);

/// Runs `future`, failing the test if it takes longer than [`TEST_LIMIT`].
pub async fn bounded<T>(future: impl Future<Output = T>) -> T {
    tokio::time::timeout(TEST_LIMIT, future)
        .await
        .expect("finished within TEST_LIMIT")
}

/// A client builder for `base_url` with the fake's default credentials.
pub fn builder_at(base_url: &str) -> ClientBuilder {
    Client::builder()
        .base_url(base_url)
        .basic_auth(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
}

/// A client builder for the fake, with its default credentials.
pub fn authenticated(fake: &FakeRutter) -> ClientBuilder {
    builder_at(&fake.base_url())
}

/// A client for the fake with its default credentials, the default retry
/// policy, a 5 s timeout and an extra header (`x-extra: 1`, which tests of
/// the exact request look for).
pub fn client(fake: &FakeRutter) -> Client {
    authenticated(fake)
        .header("x-extra", "1")
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client builds")
}

/// A client for `base_url` with the fake's default credentials, `policy`,
/// `timeout` and a 2 s connect timeout.
pub fn client_at(base_url: &str, policy: RetryPolicy, timeout: Duration) -> Client {
    builder_at(base_url)
        .retry_policy(policy)
        .timeout(timeout)
        .connect_timeout(Duration::from_secs(2))
        .build()
        .expect("client builds")
}

/// A client for the fake with its default credentials and `policy` (10 s
/// timeout).
pub fn client_with_retries(fake: &FakeRutter, policy: RetryPolicy) -> Client {
    client_at(&fake.base_url(), policy, Duration::from_secs(10))
}

/// Up to `max_retries` retries a few milliseconds apart; a `Retry-After` of
/// up to 5 s is honoured.
pub fn quick_retries(max_retries: u32) -> RetryPolicy {
    RetryPolicy::builder()
        .max_retries(max_retries)
        .base_delay(Duration::from_millis(2))
        .max_delay(Duration::from_secs(5))
        .max_retry_after(Duration::from_secs(5))
        .build()
}

/// A listing by a client from `builder` (with two quick retries) that the
/// fake answers first with a 503: the retry succeeds. Gives the page and
/// the requests the fake saw (two: one per attempt).
pub async fn list_through_one_503(
    fake: &FakeRutter,
    builder: ClientBuilder,
) -> (ListCustomerGroupsResponse, Vec<RecordedRequest>) {
    fake.push_fault(Fault::rutter_error(503, "SERVER_ERROR", "UNAVAILABLE", "x"));
    let client = builder
        .retry_policy(quick_retries(2))
        .build()
        .expect("client builds");
    let page = bounded(client.list_customer_groups(DEFAULT_ACCESS_TOKEN).send())
        .await
        .expect("the retry succeeds");
    let requests = fake.requests();
    assert_eq!(requests.len(), 2, "one 503, one success");
    (page, requests)
}

/// The value of header `name` in each of `requests`.
pub fn header_of<'a>(requests: &'a [RecordedRequest], name: &str) -> Vec<Option<&'a str>> {
    requests.iter().map(|r| r.header(name)).collect()
}

// ---------------------------------------------------------------------------
// What the fake's sample groups decode to
// ---------------------------------------------------------------------------

/// `millis` since the Unix epoch.
pub fn ms(millis: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(millis).expect("valid timestamp")
}

/// What `sample_group(index)` must decode to.
pub fn expected_group(index: usize) -> CustomerGroup {
    let created_at = ms(sample_created_at_ms(index));
    let mut group = CustomerGroup::new(
        sample_id(index),
        created_at,
        ms(sample_updated_at_ms(index)),
    );
    // optional properties that may be absent: the fields themselves are public
    group.platform_id = sample_platform_id(index);
    group.name = sample_name(index);
    group
}

/// The ids of `sample_group(index)` for every index of `range`.
pub fn sample_ids(range: std::ops::Range<usize>) -> Vec<String> {
    range.map(sample_id).collect()
}

/// The ids of the groups of `page`.
pub fn ids(page: &ListCustomerGroupsResponse) -> Vec<String> {
    group_ids(&page.customer_groups)
}

/// The ids of `groups`.
pub fn group_ids(groups: &[CustomerGroup]) -> Vec<String> {
    groups.iter().map(|g| g.id.clone()).collect()
}

/// The fake's default connection.
pub fn assert_default_connection(connection: &Connection) {
    assert_eq!(connection.id, CONNECTION_ID);
    assert_eq!(connection.org_id, ORG_ID);
    assert_eq!(connection.platform, Platform::Shopify);
}

/// The `cursor` of every request the fake saw, in order.
pub fn cursors_sent(fake: &FakeRutter) -> Vec<Option<String>> {
    fake.requests()
        .iter()
        .map(|r| r.query_param("cursor").map(str::to_owned))
        .collect()
}

// ---------------------------------------------------------------------------
// Typed errors
// ---------------------------------------------------------------------------

/// Unwraps an `Error::Api`, failing the test on any other outcome.
pub fn api_error<T: std::fmt::Debug>(result: Result<T, Error>) -> ApiError {
    match result {
        Err(Error::Api(api)) => *api,
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

/// Unwraps an `Error::Decode`, failing the test on any other outcome.
pub fn decode_error<T: std::fmt::Debug>(result: Result<T, Error>) -> DecodeError {
    match result {
        Err(Error::Decode(decode)) => *decode,
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

/// Unwraps an `Error::Transport`, failing the test on any other outcome.
pub fn transport_error<T: std::fmt::Debug>(result: Result<T, Error>) -> TransportError {
    match result {
        Err(Error::Transport(transport)) => *transport,
        other => panic!("expected Error::Transport, got {other:?}"),
    }
}
