//! Decoding one 10,000-item list page: the generated model against a minimal hand-written serde struct.
//!
//! Run with `cargo bench --bench decode`. Three ways of decoding the same
//! JSON bytes (made once, from the fake server's sample data) are timed:
//!
//! * `generated/serde_json` — `serde_json::from_slice` into the generated
//!   [`ListCustomerGroupsResponse`];
//! * `generated/path_to_error` — what the client really does: a
//!   `serde_json::Deserializer` wrapped by `serde_path_to_error::deserialize`,
//!   then `Deserializer::end`;
//! * `hand_written/serde_json` — `serde_json::from_slice` into the structs
//!   below, with the same fields and the connection's fields as plain strings.
//!
//! The ratio generated / hand-written is the figure of interest (goal:
//! within 10%); see `docs/benchmarks.md`.

#[path = "../tests/support/fake_rutter.rs"]
mod fake_rutter;

use std::hint::black_box;

use chrono::{DateTime, Utc};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rutter_customer_groups::models::ListCustomerGroupsResponse;
use serde::Deserialize;
use serde_json::json;

/// Items on the page.
const ITEMS: usize = 10_000;

/// The hand-written page: the minimum a careful person would write by hand.
#[derive(Debug, Deserialize)]
struct HandPage {
    customer_groups: Vec<HandGroup>,
    next_cursor: Option<String>,
    connection: HandConnection,
}

/// The hand-written group.
#[derive(Debug, Deserialize)]
struct HandGroup {
    id: String,
    platform_id: Option<String>,
    name: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

/// The hand-written connection: every field a plain string.
#[derive(Debug, Deserialize)]
struct HandConnection {
    id: String,
    #[serde(rename = "orgId")]
    org_id: String,
    platform: String,
}

/// The JSON bytes of one page of `ITEMS` sample groups, as the fake sends it.
fn page_bytes() -> Vec<u8> {
    let page = json!({
        "customer_groups": fake_rutter::sample_groups(ITEMS),
        "next_cursor": fake_rutter::cursor_for_offset(ITEMS),
        "connection": fake_rutter::default_connection(),
    });
    serde_json::to_vec(&page).expect("the sample page serialises")
}

/// Decodes as the client's runtime does (`runtime::client::decode`).
fn decode_like_the_client(bytes: &[u8]) -> ListCustomerGroupsResponse {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let page = serde_path_to_error::deserialize(&mut deserializer).expect("the page decodes");
    deserializer.end().expect("nothing after the page");
    page
}

/// Checks once that every decoder reads the same page, so the timings
/// compare the same work.
fn check_equivalent(bytes: &[u8]) {
    let generated: ListCustomerGroupsResponse =
        serde_json::from_slice(bytes).expect("the generated type decodes the page");
    let through_path = decode_like_the_client(bytes);
    let hand: HandPage = serde_json::from_slice(bytes).expect("the hand-written type decodes");
    assert_eq!(generated, through_path);
    assert_eq!(generated.customer_groups.len(), ITEMS);
    assert_eq!(hand.customer_groups.len(), ITEMS);
    assert_eq!(generated.next_cursor, hand.next_cursor);
    assert_eq!(generated.connection.id, hand.connection.id);
    assert_eq!(generated.connection.org_id, hand.connection.org_id);
    assert_eq!(
        generated.connection.platform.as_str(),
        hand.connection.platform
    );
    for (g, h) in generated.customer_groups.iter().zip(&hand.customer_groups) {
        assert_eq!(
            (&g.id, &g.platform_id, &g.name, g.created_at, g.updated_at),
            (&h.id, &h.platform_id, &h.name, h.created_at, h.updated_at)
        );
    }
}

fn decode(c: &mut Criterion) {
    let bytes = page_bytes();
    check_equivalent(&bytes);

    let mut group = c.benchmark_group("decode_10k_page");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("generated/serde_json", |b| {
        b.iter(|| {
            let page: ListCustomerGroupsResponse =
                serde_json::from_slice(black_box(&bytes)).expect("decodes");
            page
        });
    });
    group.bench_function("generated/path_to_error", |b| {
        b.iter(|| decode_like_the_client(black_box(&bytes)));
    });
    group.bench_function("hand_written/serde_json", |b| {
        b.iter(|| {
            let page: HandPage = serde_json::from_slice(black_box(&bytes)).expect("decodes");
            page
        });
    });
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
