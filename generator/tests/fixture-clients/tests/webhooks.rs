//! Webhooks on the wire: a local server (the user's side) receives the
//! events a client posts, verifies them with a signature check of its own
//! and decodes each by its name into `WebhookEvent`, losing nothing: typed
//! bodies, text, bodiless events, and events the description does not list
//! kept byte for byte.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::thread;

use fixture_clients::events::models::{OrderCancelledPayloadReason, Shipment};
use fixture_clients::events::webhooks::{WebhookErrorKind, WebhookEvent};

/// One received request: the event's name (from the path, as a receiver
/// routes it), its headers and its raw body.
struct Received {
    event: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// A receiver that reads `count` requests and answers `200` to each.
fn receiver(count: usize) -> (String, mpsc::Receiver<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    let (sender, received) = mpsc::channel();
    thread::spawn(move || {
        for _ in 0..count {
            let Ok((stream, _)) = listener.accept() else {
                return;
            };
            let mut reader = BufReader::new(stream);
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let path = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
            let (mut headers, mut length) = (Vec::new(), 0);
            line.clear();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                if let Some((name, value)) = line.trim_end().split_once(':') {
                    if name.eq_ignore_ascii_case("content-length") {
                        length = value.trim().parse().unwrap_or(0);
                    }
                    headers.push((name.to_owned(), value.trim().to_owned()));
                }
                line.clear();
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            let _ = reader
                .get_mut()
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
            let event = path.trim_start_matches('/').to_owned();
            let _ = sender.send(Received {
                event,
                headers,
                body,
            });
        }
    });
    (url, received)
}

/// The signature the test's sender and receiver agree on: a checksum of
/// the body in `x-signature` (a stand-in for an HMAC).
fn signature(body: &[u8]) -> String {
    body.iter().map(|&b| u32::from(b)).sum::<u32>().to_string()
}

fn verify(_event: &str, headers: &[(&str, &str)], body: &[u8]) -> Result<(), String> {
    let given = headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("x-signature"))
        .map(|(_, value)| *value)
        .ok_or("no signature")?;
    if given == signature(body) {
        Ok(())
    } else {
        Err("the signature does not match".to_owned())
    }
}

async fn post(url: &str, event: &str, body: &[u8], signed: bool) {
    let mut request = reqwest::Client::new()
        .post(format!("{url}/{event}"))
        .body(body.to_vec());
    if signed {
        request = request.header("x-signature", signature(body));
    }
    request.send().await.expect("the receiver answers");
}

fn decode(
    received: &Received,
) -> Result<WebhookEvent, fixture_clients::events::webhooks::WebhookError> {
    let headers: Vec<(&str, &str)> = received
        .headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    WebhookEvent::decode_verified(&verify, &received.event, &headers, &received.body)
}

#[tokio::test(flavor = "current_thread")]
async fn a_receiver_decodes_every_kind_of_event_sent_to_it() {
    let shipment = br#"{"order":"o-1","carrier":"DHL","shipped_at":"2026-12-01T10:00:00Z"}"#;
    let events: [(&str, &[u8]); 7] = [
        ("orderShipped", shipment),
        ("orderCancelled", br#"{"order":"o-2","reason":"fraud"}"#),
        ("orderCancelled.delete", b""),
        ("auditLine", b"user 7 exported the ledger"),
        ("subscribe.orderShipped", shipment),
        ("refundIssued", b"\x00\xffnot json"),
        // the same callback's second address: its name taken, numbered
        ("subscribe.orderShipped.2", shipment),
    ];
    let (url, received) = receiver(events.len());
    for (event, body) in events {
        post(&url, event, body, true).await;
    }
    let decoded: Vec<WebhookEvent> = (0..events.len())
        .map(|_| decode(&received.recv().expect("a request")).expect("a verified event"))
        .collect();
    let expected_shipment = Shipment::new("o-1", "DHL")
        .with_shipped_at("2026-12-01T10:00:00Z".parse().expect("a date-time"));
    assert_eq!(
        decoded[0],
        WebhookEvent::OrderShipped(expected_shipment.clone())
    );
    let WebhookEvent::OrderCancelled(cancelled) = &decoded[1] else {
        panic!("not a cancellation: {:?}", decoded[1]);
    };
    assert_eq!(
        (cancelled.order.as_str(), &cancelled.reason),
        ("o-2", &OrderCancelledPayloadReason::Fraud)
    );
    assert_eq!(decoded[2], WebhookEvent::OrderCancelledDelete);
    assert_eq!(
        decoded[3],
        WebhookEvent::AuditLine("user 7 exported the ledger".to_owned())
    );
    assert_eq!(
        decoded[4],
        WebhookEvent::SubscribeOrderShipped(expected_shipment.clone())
    );
    assert_eq!(
        decoded[6],
        WebhookEvent::SubscribeOrderShipped2(expected_shipment)
    );
    // an event the description does not list: kept as received, even bytes
    // that are no JSON
    let WebhookEvent::Unknown(unknown) = &decoded[5] else {
        panic!("not unknown: {:?}", decoded[5]);
    };
    assert_eq!(
        (unknown.name(), unknown.body()),
        ("refundIssued", &b"\x00\xffnot json"[..])
    );
    assert!(unknown.json().is_err());
    let names: Vec<&str> = decoded.iter().map(WebhookEvent::name).collect();
    assert_eq!(names, events.map(|(event, _)| event));
}

#[tokio::test(flavor = "current_thread")]
async fn an_unsigned_or_misfit_event_is_an_error_that_says_why() {
    let (url, received) = receiver(2);
    post(
        &url,
        "orderShipped",
        br#"{"order":"o-1","carrier":"DHL"}"#,
        false,
    )
    .await;
    post(
        &url,
        "orderShipped",
        br#"{"order":"o-1","carrier":7}"#,
        true,
    )
    .await;
    let unsigned = decode(&received.recv().expect("a request")).expect_err("rejected");
    assert_eq!(unsigned.kind(), WebhookErrorKind::Rejected);
    assert_eq!(
        unsigned.to_string(),
        "webhook `orderShipped` rejected: no signature"
    );
    let misfit = decode(&received.recv().expect("a request")).expect_err("a misfit");
    assert_eq!(
        (misfit.kind(), misfit.event()),
        (WebhookErrorKind::Decode, "orderShipped")
    );
    let message = misfit.to_string();
    assert!(
        message.contains("invalid type: integer `7`") && message.contains("column"),
        "{message}"
    );
}

#[test]
fn the_events_are_listed_and_unknown_ones_decode_without_a_verifier() {
    assert_eq!(WebhookEvent::NAMES.len(), 7);
    let ping = WebhookEvent::decode("ping", b"").expect("a ping");
    assert_eq!(ping, WebhookEvent::Ping);
    let text = WebhookEvent::decode("auditLine", b"\xff").expect_err("not UTF-8");
    assert!(text.to_string().contains("not UTF-8"), "{text}");
}
