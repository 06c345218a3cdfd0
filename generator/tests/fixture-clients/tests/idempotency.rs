//! Idempotency keys on the wire: a POST whose operation declares an
//! `Idempotency-Key` header is sent with one key per request, the same on
//! every retry (made when the caller gives none), so it is retried; a POST
//! without one is never retried.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use fixture_clients::idempotency::Client;
use fixture_clients::idempotency::RetryPolicy;
use fixture_clients::idempotency::models::{CreatePaymentBody, CreateRefundBody};

/// A server that answers `503` to the first `failures` requests and `201`
/// to the next, and hands back each request's `Idempotency-Key`.
fn flaky_server(failures: usize, requests: usize) -> (String, mpsc::Receiver<Option<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
    let base_url = format!("http://{}", listener.local_addr().expect("an address"));
    let (keys, received) = mpsc::channel();
    thread::spawn(move || {
        for n in 0..requests {
            let Ok((stream, _)) = listener.accept() else {
                return;
            };
            let mut reader = BufReader::new(stream);
            let (mut key, mut length, mut line) = (None, 0, String::new());
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                if let Some((name, value)) = line.trim_end().split_once(':') {
                    match name.to_ascii_lowercase().as_str() {
                        "idempotency-key" => key = Some(value.trim().to_owned()),
                        "content-length" => length = value.trim().parse().unwrap_or(0),
                        _ => {}
                    }
                }
                line.clear();
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            let (status, body) = if n < failures {
                ("503 Service Unavailable", "{}")
            } else {
                ("201 Created", r#"{"id":"p-1"}"#)
            };
            let _ = write!(
                reader.into_inner(),
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = keys.send(key);
        }
    });
    (base_url, received)
}

fn client(base_url: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .retry_policy(
            RetryPolicy::builder()
                .max_retries(3)
                .base_delay(Duration::from_millis(1))
                .max_delay(Duration::from_millis(5))
                .build(),
        )
        .build()
        .expect("a client")
}

fn keys_of(received: &mpsc::Receiver<Option<String>>, n: usize) -> Vec<Option<String>> {
    (0..n)
        .map(|_| {
            received
                .recv_timeout(Duration::from_secs(10))
                .expect("a request")
        })
        .collect()
}

#[tokio::test]
async fn a_post_that_fails_twice_reaches_the_server_three_times_with_one_key() {
    let (base_url, received) = flaky_server(2, 3);
    let created = client(&base_url)
        .create_payment(CreatePaymentBody::new(100))
        .send()
        .await
        .expect("created after two retries");
    assert_eq!(created.id.as_deref(), Some("p-1"));
    let keys = keys_of(&received, 3);
    let first = keys[0].clone().expect("a key was sent");
    assert_eq!(
        keys,
        [
            Some(first.clone()),
            Some(first.clone()),
            Some(first.clone())
        ]
    );
    // a UUID, version 4
    assert_eq!(first.len(), 36);
    assert_eq!(first.as_bytes()[14], b'4', "{first}");
}

#[tokio::test]
async fn the_callers_key_is_sent_and_each_request_gets_its_own() {
    let (base_url, received) = flaky_server(1, 4);
    let client = client(&base_url);
    client
        .create_payment(CreatePaymentBody::new(1))
        .idempotency_key("order-42")
        .send()
        .await
        .expect("created");
    client
        .create_payment(CreatePaymentBody::new(2))
        .send()
        .await
        .expect("created");
    client
        .create_payment(CreatePaymentBody::new(3))
        .send()
        .await
        .expect("created");
    let keys = keys_of(&received, 4);
    assert_eq!(
        keys[..2],
        [Some("order-42".to_owned()), Some("order-42".to_owned())]
    );
    let (second, third) = (
        keys[2].clone().expect("a key"),
        keys[3].clone().expect("a key"),
    );
    assert_ne!(second, third, "two requests, two keys");
}

#[tokio::test]
async fn a_post_without_an_idempotency_key_is_not_retried() {
    let (base_url, received) = flaky_server(1, 2);
    let error = client(&base_url)
        .create_refund(CreateRefundBody::default().with_payment("p-1"))
        .send()
        .await
        .expect_err("the 503 is the answer");
    assert_eq!(error.status(), Some(503));
    assert_eq!(keys_of(&received, 1), [None]);
    assert!(
        received.recv_timeout(Duration::from_millis(300)).is_err(),
        "no second attempt"
    );
}
