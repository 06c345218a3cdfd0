//! The `middleware` feature: a `reqwest_middleware::ClientWithMiddleware`
//! as the client's transport. Its middleware runs for every attempt (the
//! client's retries stay above it) and sees the request as sent; a
//! middleware's own failure is a typed transport error.
#![cfg(feature = "middleware")]

#[path = "support/common.rs"]
mod common;
#[path = "support/fake_rutter.rs"]
mod fake_rutter;

use std::error::Error as _;
use std::sync::atomic::{AtomicUsize, Ordering};

use common::{authenticated, bounded, header_of, list_through_one_503};
use fake_rutter::{DEFAULT_ACCESS_TOKEN, FakeRutter, sample_groups};
use futures_util::future::BoxFuture;
use reqwest_middleware::{ClientBuilder, Next};
use rutter_customer_groups::{Error, TransportErrorKind};

const TOKEN: &str = DEFAULT_ACCESS_TOKEN;

/// Requests the counting layer saw (one test uses it).
static COUNT: AtomicUsize = AtomicUsize::new(0);

/// A middleware layer that counts requests and tags them with the count.
fn counting<'a>(
    mut request: reqwest::Request,
    extensions: &'a mut http::Extensions,
    next: Next<'a>,
) -> BoxFuture<'a, reqwest_middleware::Result<reqwest::Response>> {
    let n = COUNT.fetch_add(1, Ordering::SeqCst) + 1;
    request
        .headers_mut()
        .insert("x-middleware-count", http::HeaderValue::from(n));
    Box::pin(next.run(request, extensions))
}

/// A middleware layer that refuses every request.
fn refusing<'a>(
    _request: reqwest::Request,
    _extensions: &'a mut http::Extensions,
    _next: Next<'a>,
) -> BoxFuture<'a, reqwest_middleware::Result<reqwest::Response>> {
    Box::pin(async {
        Err(reqwest_middleware::Error::middleware(
            std::io::Error::other("circuit open"),
        ))
    })
}

#[tokio::test]
async fn middleware_runs_for_every_attempt_below_the_clients_retries() {
    let fake = FakeRutter::start(sample_groups(2)).await;
    let stack = ClientBuilder::new(reqwest::Client::new())
        .with(counting)
        .build();
    let (page, requests) = list_through_one_503(&fake, authenticated(&fake).transport(stack)).await;
    assert_eq!(page.customer_groups.len(), 2);
    assert_eq!(COUNT.load(Ordering::SeqCst), 2);
    assert_eq!(
        header_of(&requests, "x-middleware-count"),
        [Some("1"), Some("2")]
    );
    let expected = fake.expected_authorization();
    assert_eq!(
        header_of(&requests, "authorization"),
        [Some(expected.as_str()); 2]
    );
}

#[tokio::test]
async fn a_middleware_failure_is_a_transport_error_with_its_cause() {
    let stack = ClientBuilder::new(reqwest::Client::new())
        .with(refusing)
        .build();
    let client = common::builder_at("http://127.0.0.1:9/versioned")
        .no_retries()
        .transport(stack)
        .build()
        .expect("client");
    let error = bounded(client.list_customer_groups(TOKEN).send())
        .await
        .expect_err("refused by the middleware");
    let Error::Transport(transport) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(transport.kind(), TransportErrorKind::Other);
    assert_eq!(error.to_string(), "GET /customer_groups failed in transit");
    assert_eq!(
        error.source().map(ToString::to_string).as_deref(),
        Some("circuit open")
    );
}
