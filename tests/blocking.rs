//! The `blocking` feature: `send_blocking()` on the same request builders,
//! for callers without an async runtime, against the fake server.
#![cfg(feature = "blocking")]

#[path = "support/common.rs"]
mod common;
#[path = "support/fake_rutter.rs"]
mod fake_rutter;

use common::builder_at;
use fake_rutter::{DEFAULT_ACCESS_TOKEN, FakeRutter, sample_groups};
use rutter_customer_groups::Error;

/// Starts the fake on a runtime of its own thread; returns its base URL and
/// a guard that keeps it running.
fn start_fake() -> (String, std::sync::mpsc::Sender<()>) {
    let (url_tx, url_rx) = std::sync::mpsc::channel();
    let (stop_tx, stop_rx) = std::sync::mpsc::channel::<()>();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().expect("a runtime for the fake");
        runtime.block_on(async move {
            let fake = FakeRutter::start(sample_groups(5)).await;
            url_tx
                .send(fake.base_url())
                .expect("the test waits for the URL");
            tokio::task::spawn_blocking(move || stop_rx.recv())
                .await
                .ok();
            drop(fake);
        });
    });
    (url_rx.recv().expect("the fake's URL"), stop_tx)
}

#[test]
fn send_blocking_lists_fetches_and_reports_errors_without_an_async_runtime() {
    let (base_url, _stop) = start_fake();
    let client = builder_at(&base_url).build().expect("a client");
    let page = client
        .list_customer_groups(DEFAULT_ACCESS_TOKEN)
        .limit(2)
        .send_blocking()
        .expect("a page");
    assert_eq!(page.customer_groups.len(), 2);
    let id = page.customer_groups[0].id.clone();
    let one = client
        .fetch_customer_group(&id, DEFAULT_ACCESS_TOKEN)
        .send_blocking()
        .expect("the group");
    assert_eq!(one.customer_group.map(|g| g.id), Some(id));
    let missing = client
        .fetch_customer_group("no-such-id", DEFAULT_ACCESS_TOKEN)
        .send_blocking();
    assert!(
        matches!(&missing, Err(Error::Api(api)) if api.status() == 404),
        "{missing:?}"
    );
}
