//! The `tracing` feature: a span per request (operation, method, path
//! template) and one event per attempt with the attempt number, the status,
//! the request id and the time taken, at `info` for a failed attempt and
//! `debug` for the rest, under the crate's own name as target — and never
//! the access token or the client secret.
#![cfg(feature = "tracing")]

#[path = "support/common.rs"]
mod common;
#[path = "support/fake_rutter.rs"]
mod fake_rutter;

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use common::{client_with_retries, quick_retries};
use fake_rutter::{DEFAULT_ACCESS_TOKEN, DEFAULT_CLIENT_SECRET, FakeRutter, Fault, sample_groups};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

const TOKEN: &str = DEFAULT_ACCESS_TOKEN;
const SECRET: &str = DEFAULT_CLIENT_SECRET;

/// Keeps every event of the client (targets under the crate's name) as one
/// line: its level, then `name=value` pairs.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<String>>>);

struct Line(String);

impl Visit for Line {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, "{}={value:?} ", field.name());
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.target().starts_with("rutter_customer_groups")
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut line = Line(format!("span {} ", span.metadata().name()));
        span.record(&mut line);
        self.0.lock().expect("not poisoned").push(line.0);
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut line = Line(format!("{} ", event.metadata().level()));
        event.record(&mut line);
        self.0.lock().expect("not poisoned").push(line.0);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn every_attempt_is_an_event_without_secrets() {
    let fake = FakeRutter::start(sample_groups(3)).await;
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let client = client_with_retries(&fake, quick_retries(2));
    fake.push_fault(Fault::status(503, "busy"));
    client
        .list_customer_groups(TOKEN)
        .limit(2)
        .send()
        .await
        .expect("the retry succeeds");
    let mut lines = recorder.0.lock().expect("not poisoned").clone();
    assert_eq!(lines.len(), 3, "{lines:#?}");
    let span = lines.remove(0);
    assert!(
        span.starts_with("span request") && span.contains("method=GET"),
        "{span}"
    );
    assert!(span.contains("path=\"/customer_groups\""), "{span}");
    assert!(
        span.contains("operation=\"list_customer_groups\""),
        "{span}"
    );
    assert!(
        lines[0].starts_with("INFO ")
            && lines[0].contains("attempt=1")
            && lines[0].contains("status=503")
            && lines[0].contains("retrying=true"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("DEBUG ")
            && lines[1].contains("attempt=2")
            && lines[1].contains("status=200")
            && lines[1].contains("retrying=false"),
        "{}",
        lines[1]
    );
    // the fake answers every request with an id of its own
    for line in &lines {
        assert!(line.contains("request_id=\"req-"), "{line}");
    }
    for line in &lines {
        assert!(
            line.contains("method=GET")
                && line.contains("path=\"/customer_groups\"")
                && line.contains("elapsed_ms="),
            "{line}"
        );
        assert!(
            !line.contains(TOKEN) && !line.contains(SECRET),
            "a secret leaked: {line}"
        );
    }
}
