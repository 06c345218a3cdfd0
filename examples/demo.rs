//! Runs out of the box, with no credentials: starts the in-process fake of
//! Rutter's Customer Groups API on 127.0.0.1, then uses the generated client
//! to stream every group, fetch one, ride out a rate limit with a retry, and
//! show a 404 as a typed error.
//!
//! `cargo run --example demo`

#[path = "../tests/support/fake_rutter.rs"]
mod fake_rutter;

use std::time::{Duration, Instant};

use fake_rutter::{
    DEFAULT_ACCESS_TOKEN, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, FakeRutter, Fault,
    sample_groups,
};
use futures_util::TryStreamExt;
use rutter_customer_groups::models::CustomerGroup;
use rutter_customer_groups::{Client, Error, RetryPolicy};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let fake = FakeRutter::start(sample_groups(23)).await;
    println!("fake Rutter API listening at {}", fake.base_url());

    let client = Client::builder()
        .base_url(fake.base_url())
        .basic_auth(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
        .retry_policy(
            RetryPolicy::builder()
                .base_delay(Duration::from_millis(100))
                .max_delay(Duration::from_secs(2))
                .max_retry_after(Duration::from_secs(2))
                .build(),
        )
        .build()?;

    // 1. Every group, page after page (5 per page), as one stream.
    let groups: Vec<CustomerGroup> = client
        .list_customer_groups(DEFAULT_ACCESS_TOKEN)
        .limit(5)
        .into_stream()
        .try_collect()
        .await?;
    println!(
        "\n1. streamed {} groups in {} requests:",
        groups.len(),
        fake.requests().len()
    );
    for group in groups.iter().take(3) {
        let name = group.name.as_deref().unwrap_or("(no name)");
        println!("   {}  {name:<45} updated {}", group.id, group.updated_at);
    }
    println!("   ...");

    // 2. One group by its ID.
    let id = groups.first().map(|g| g.id.clone()).unwrap_or_default();
    let fetched = client
        .fetch_customer_group(&id, DEFAULT_ACCESS_TOKEN)
        .send()
        .await?;
    let name = fetched
        .customer_group
        .as_ref()
        .and_then(|g| g.name.as_deref());
    println!("\n2. fetched {id}: name {}", name.unwrap_or("(none)"));

    // 3. Rutter answers 429 with Retry-After: 1; the client waits and retries.
    fake.push_fault(Fault::too_many_requests("1"));
    let started = Instant::now();
    let page = client
        .list_customer_groups(DEFAULT_ACCESS_TOKEN)
        .limit(2)
        .send()
        .await?;
    println!(
        "\n3. rate limited once, retried after {:.1} s: got {} groups",
        started.elapsed().as_secs_f64(),
        page.customer_groups.len()
    );

    // 4. An unknown ID is a typed error with Rutter's body and request ID.
    match client
        .fetch_customer_group("no-such-group", DEFAULT_ACCESS_TOKEN)
        .send()
        .await
    {
        Err(Error::Api(api)) => {
            let body = api
                .body()
                .map(|b| (b.error_type.as_str(), b.error_code.as_str()));
            println!(
                "\n4. HTTP {} {body:?}, request id {:?}, is_not_found: {}",
                api.status(),
                api.request_id(),
                matches!(api.status(), 404 | 410)
            );
        }
        other => println!("\n4. unexpected: {other:?}"),
    }
    Ok(())
}
