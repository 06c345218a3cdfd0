//! Declared response headers on the wire: each read as its declared type by
//! `declared_headers()`, lists gathered from every occurrence, and a missing
//! required header or a value of the wrong type a `HeaderError` that names
//! the header and never shows the value, while the success itself stands.

#[allow(dead_code)] // each test file uses part of it
mod capture;

use capture::Capture;
use fixture_clients::response_headers::requests::{DeleteThingHeaders, ListThingsHeaders2};
use fixture_clients::response_headers::{Client, HeaderError, Response};

const EVERY_HEADER: &[&str] = &[
    "X-RateLimit-Limit: 500",
    "X-RateLimit-Remaining: 499",
    "X-Load: 0.25",
    "X-Cached: true",
    "Link: <https://api.test/things?page=2>; rel=\"next\", <https://api.test/things?page=9>; rel=\"last\"",
    "X-Tags: red, green",
    "X-Tags: blue",
    "X-Shards: 1,2",
    "X-Window: {\"seconds\": 10}",
];

fn client(server: &Capture) -> Client {
    Client::builder()
        .base_url(server.base_url.as_str())
        .build()
        .expect("a client")
}

async fn list_with(headers: &[&str]) -> Response<Vec<String>, ListThingsHeaders2> {
    let server = Capture::answering_with_headers(headers, r#"["a","b"]"#);
    client(&server)
        .list_things()
        .send()
        .with_response()
        .await
        .expect("a success")
}

#[tokio::test]
async fn every_declared_header_is_read_as_its_type() {
    let response = list_with(EVERY_HEADER).await;
    let headers = response.declared_headers().expect("typed headers");
    assert_eq!(headers.x_rate_limit_limit, 500_i64);
    assert_eq!(headers.x_rate_limit_remaining, Some(499_i32));
    assert_eq!(headers.x_load, Some(0.25_f64));
    assert_eq!(headers.x_cached, Some(true));
    // a text keeps its commas: it is no list
    assert_eq!(
        headers.link.as_deref(),
        Some(
            "<https://api.test/things?page=2>; rel=\"next\", <https://api.test/things?page=9>; rel=\"last\""
        )
    );
    // a list gathers the items of every occurrence, in order
    assert_eq!(
        headers.x_tags,
        Some(vec![
            "red".to_owned(),
            "green".to_owned(),
            "blue".to_owned()
        ])
    );
    assert_eq!(headers.x_shards, vec![1_i64, 2]);
    // a schema that is no scalar is read as its text
    assert_eq!(headers.x_window.as_deref(), Some("{\"seconds\": 10}"));
    // the raw headers and the body are still there
    assert_eq!(
        response
            .headers()
            .get("x-ratelimit-limit")
            .map(|v| v.as_bytes()),
        Some(&b"500"[..])
    );
    assert_eq!(response.into_body(), ["a", "b"]);
}

#[tokio::test]
async fn absent_optional_headers_are_none() {
    let response = list_with(&["X-RateLimit-Limit: 10", "X-Shards: 3"]).await;
    let headers = response.declared_headers().expect("typed headers");
    assert_eq!(headers.x_rate_limit_limit, 10);
    assert_eq!(headers.x_shards, vec![3]);
    assert_eq!(headers.x_rate_limit_remaining, None);
    assert_eq!(headers.x_tags, None);
    assert_eq!(headers.link, None);
}

fn error_of(response: &Response<Vec<String>, ListThingsHeaders2>) -> HeaderError {
    response
        .declared_headers()
        .expect_err("the headers do not fit their declaration")
}

#[tokio::test]
async fn a_missing_required_header_is_an_error_naming_it_and_the_body_stands() {
    let response = list_with(&["X-Shards: 1"]).await;
    let error = error_of(&response);
    assert_eq!(error.name(), "x-ratelimit-limit");
    assert_eq!(
        error.to_string(),
        "response header `x-ratelimit-limit`: declared as required, but the response has none"
    );
    assert_eq!(response.body(), &["a", "b"]);
}

#[tokio::test]
async fn a_value_of_the_wrong_type_is_an_error_that_does_not_show_it() {
    let response = list_with(&["X-RateLimit-Limit: SECRET-ish", "X-Shards: 1"]).await;
    let error = error_of(&response);
    assert_eq!(error.name(), "x-ratelimit-limit");
    assert_eq!(
        error.problem(),
        "expected an integer (64 bits); the value (10 bytes) is not one"
    );
    assert!(!error.to_string().contains("SECRET"), "{error}");

    let response = list_with(&["X-RateLimit-Limit: 1", "X-Shards: 1,two"]).await;
    assert_eq!(error_of(&response).name(), "x-shards");
}

#[tokio::test]
async fn a_single_value_header_given_twice_is_not_silently_one_of_them() {
    let response = list_with(&[
        "X-RateLimit-Limit: 1",
        "X-Shards: 1",
        "X-RateLimit-Remaining: 5",
        "X-RateLimit-Remaining: 6",
    ])
    .await;
    let error = error_of(&response);
    assert_eq!(error.name(), "x-ratelimit-remaining");
    assert!(
        error.problem().starts_with("expected an integer (32 bits)"),
        "{error}"
    );
}

#[tokio::test]
async fn an_operation_without_a_body_reads_its_declared_headers_too() {
    let server = Capture::answering_with_headers(&["ETag: \"v7\""], "");
    let response: Response<(), DeleteThingHeaders> = client(&server)
        .delete_thing("t-1")
        .send()
        .with_response()
        .await
        .expect("a success");
    let headers = response.declared_headers().expect("typed headers");
    assert_eq!(headers.e_tag.as_deref(), Some("\"v7\""));
}

#[tokio::test]
async fn plain_send_still_gives_the_body_alone() {
    let server = Capture::answering_with_headers(EVERY_HEADER, r#"["x"]"#);
    let body: Vec<String> = client(&server).list_things().send().await.expect("a body");
    assert_eq!(body, ["x"]);
}
