//! Hooks around every attempt, against the fake on 127.0.0.1: headers set
//! before each attempt, attempts observed for logs and metrics, async work
//! before a request (a credential refreshed), a request stopped early, and
//! secrets hidden from what hooks see.

#[path = "support/common.rs"]
mod common;
#[path = "support/fake_rutter.rs"]
mod fake_rutter;

use std::error::Error as _;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use common::{authenticated, bounded, header_of, list_through_one_503, quick_retries};
use fake_rutter::{DEFAULT_ACCESS_TOKEN, FakeRutter, Fault, sample_groups};
use rutter_customer_groups::{Attempt, AttemptRequest, Error, Hook, HookError, HookFuture};

const TOKEN: &str = DEFAULT_ACCESS_TOKEN;

#[tokio::test]
async fn a_header_hook_sets_a_header_on_every_attempt() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    let builder = authenticated(&fake).before_attempt(|request| {
        let attempt = request.attempt().to_string();
        request.set_header("x-attempt", &attempt)?;
        request.set_header("x-operation", request.operation())
    });
    let (_, requests) = list_through_one_503(&fake, builder).await;
    assert_eq!(header_of(&requests, "x-attempt"), [Some("1"), Some("2")]);
    assert_eq!(
        header_of(&requests, "x-operation"),
        [Some("list_customer_groups"); 2]
    );
}

/// What an observer saw of one attempt: operation, method, template,
/// number, status, retrying, failed, whether it had a request id.
type Seen = (
    String,
    String,
    &'static str,
    u32,
    Option<u16>,
    bool,
    bool,
    bool,
);

#[tokio::test]
async fn an_observer_sees_each_attempt_with_its_outcome() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    fake.push_fault(Fault::too_many_requests("0"));
    let log: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let sink = Arc::clone(&log);
    let client = authenticated(&fake)
        .retry_policy(quick_retries(2))
        .after_attempt(move |attempt: &Attempt<'_>| {
            assert!(attempt.elapsed() < common::TEST_LIMIT);
            sink.lock().expect("lock").push((
                attempt.operation().to_owned(),
                attempt.method().to_owned(),
                attempt.path_template(),
                attempt.number(),
                attempt.status(),
                attempt.retrying(),
                attempt.failed(),
                attempt
                    .request_id()
                    .is_some_and(|id| id.starts_with("req-")),
            ));
        })
        .build()
        .expect("client");
    bounded(
        client
            .fetch_customer_group(fake_rutter::sample_id(0), TOKEN)
            .send(),
    )
    .await
    .expect("found after the retry");
    let op = || "fetch_customer_group".to_owned();
    let get = || "GET".to_owned();
    assert_eq!(
        *log.lock().expect("lock"),
        [
            (
                op(),
                get(),
                "/customer_groups/{id}",
                1,
                Some(429),
                true,
                true,
                true
            ),
            (
                op(),
                get(),
                "/customer_groups/{id}",
                2,
                Some(200),
                false,
                false,
                true
            ),
        ]
    );
}

/// A hook that fetches a fresh token before each attempt (async), as a
/// credential refresher would.
struct Refresher {
    refreshed: AtomicU32,
}

impl Hook for Refresher {
    fn before_attempt<'a>(&'a self, request: &'a mut AttemptRequest) -> HookFuture<'a> {
        Box::pin(async move {
            tokio::task::yield_now().await; // real refreshers await a token endpoint
            let n = self.refreshed.fetch_add(1, Ordering::SeqCst) + 1;
            request.set_header("x-session", &format!("session-{n}"))
        })
    }
}

#[tokio::test]
async fn an_async_hook_runs_before_every_attempt_in_order_with_others() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    let refresher = Arc::new(Refresher {
        refreshed: AtomicU32::new(0),
    });
    struct Shared(Arc<Refresher>);
    impl Hook for Shared {
        fn before_attempt<'a>(&'a self, request: &'a mut AttemptRequest) -> HookFuture<'a> {
            self.0.before_attempt(request)
        }
    }
    let builder = authenticated(&fake)
        .hook(Shared(Arc::clone(&refresher)))
        // runs after the refresher, so it sees its header
        .before_attempt(|request| {
            let session = request.header("x-session").unwrap_or("none").to_owned();
            request.set_header("x-seen-session", &session)
        });
    let (_, requests) = list_through_one_503(&fake, builder).await;
    assert_eq!(refresher.refreshed.load(Ordering::SeqCst), 2);
    let sessions = [Some("session-1"), Some("session-2")];
    assert_eq!(header_of(&requests, "x-session"), sessions);
    assert_eq!(header_of(&requests, "x-seen-session"), sessions);
}

#[tokio::test]
async fn a_hook_can_stop_a_request_before_anything_is_sent() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    let client = authenticated(&fake)
        .retry_policy(quick_retries(3))
        .before_attempt(|_| {
            Err(HookError::caused_by(
                "no credential for this tenant",
                std::io::Error::other("vault unreachable"),
            ))
        })
        .build()
        .expect("client");
    let error = bounded(client.list_customer_groups(TOKEN).send())
        .await
        .expect_err("stopped");
    let Error::Hook(hook) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(hook.message(), "no credential for this tenant");
    assert_eq!(
        error.to_string(),
        "GET /customer_groups was stopped by a hook: no credential for this tenant"
    );
    assert_eq!(
        error.source().map(ToString::to_string).as_deref(),
        Some("vault unreachable")
    );
    assert!(!error.is_retryable());
    assert_eq!(fake.request_count(), 0, "nothing is sent, nothing retried");
}

#[tokio::test]
async fn hooks_see_no_secret_unless_they_take_the_raw_request() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let sink = Arc::clone(&seen);
    let client = authenticated(&fake)
        .before_attempt(move |request| {
            let mut sink = sink.lock().expect("lock");
            sink.push(request.url());
            sink.push(format!("{request:?}"));
            sink.push(format!("{:?}", request.header("authorization")));
            sink.push(format!("{:?}", request.header("x-rutter-version")));
            // the raw request is there for a hook that asks for it
            let raw = request.raw_mut();
            assert!(raw.url().query().is_some_and(|q| q.contains(TOKEN)));
            Ok(())
        })
        .build()
        .expect("client");
    bounded(client.list_customer_groups(TOKEN).limit(3).send())
        .await
        .expect("a page");
    let seen = seen.lock().expect("lock");
    let text = seen.join("\n");
    for secret in [
        TOKEN,
        fake_rutter::DEFAULT_CLIENT_SECRET,
        fake.expected_authorization().as_str(),
    ] {
        assert!(!text.contains(secret), "{text}");
    }
    assert_eq!(
        seen[0],
        format!("{}/customer_groups?<redacted>", fake.base_url())
    );
    assert_eq!(seen[2], "None", "the Authorization header is sensitive");
    assert_eq!(seen[3], "Some(\"2024-08-31\")");
}
