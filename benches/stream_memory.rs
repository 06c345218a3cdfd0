//! Peak memory of the client while `into_stream()` walks every page, measured with a counting global allocator.
//!
//! Run with `cargo bench --bench stream_memory`. For 10,000, 50,000 and
//! 100,000 groups, served by the in-process fake in pages of 500, it prints:
//!
//! * `client thread peak` — the peak of live bytes allocated by the
//!   client's threads (the main thread, running a current-thread tokio
//!   runtime that also drives reqwest's connection task, and that runtime's
//!   blocking threads) above what was live when streaming began, the
//!   client's construction included. The fake runs on a separate runtime
//!   whose threads are not counted; nothing allocated on one side is freed
//!   on the other, and the `live after` column checks it.
//! * `process peak` — the peak of live bytes of the whole process above the
//!   start, fake included, while streaming with the generated client, and
//!   the same for a baseline that fetches the same pages with raw reqwest
//!   and discards each body chunk as it arrives. Their difference is the
//!   client's share by a second, independent route. (The fake's own peak is
//!   not flat: each request collects a reference to every matching group.)
//!
//! The goal is a flat client peak: about one page, whatever the total.
//! See `docs/benchmarks.md`.

#[path = "../tests/support/fake_rutter.rs"]
mod fake_rutter;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::{Duration, Instant};

use fake_rutter::{DEFAULT_ACCESS_TOKEN, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, FakeRutter};
use futures_util::StreamExt;
use rutter_customer_groups::Client;
use tokio::runtime::Runtime;

/// Totals of groups streamed, one measurement each.
const TOTALS: [usize; 3] = [10_000, 50_000, 100_000];
/// Groups per page (the fake's maximum `limit`).
const PAGE: usize = 500;

// ---------------------------------------------------------------------------
// The counting allocator
// ---------------------------------------------------------------------------

/// Live bytes of the whole process, and their peak since the last reset.
static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);
/// The same, for allocations and frees made on client threads only.
static CLIENT_LIVE: AtomicIsize = AtomicIsize::new(0);
static CLIENT_PEAK: AtomicIsize = AtomicIsize::new(0);

thread_local! {
    /// Whether this thread is one of the client's (no destructor, no
    /// allocation: safe to read from inside the allocator).
    static ON_CLIENT: Cell<bool> = const { Cell::new(false) };
}

/// The system allocator, counting live bytes as it goes.
struct Counting;

fn record(delta: isize) {
    let live = LIVE.fetch_add(delta, Ordering::Relaxed) + delta;
    PEAK.fetch_max(live, Ordering::Relaxed);
    if ON_CLIENT.try_with(Cell::get).unwrap_or(false) {
        let live = CLIENT_LIVE.fetch_add(delta, Ordering::Relaxed) + delta;
        CLIENT_PEAK.fetch_max(live, Ordering::Relaxed);
    }
}

fn signed(size: usize) -> isize {
    isize::try_from(size).unwrap_or(isize::MAX)
}

// SAFETY: every call is forwarded to `System` unchanged; the bookkeeping
// only touches atomics and a const thread-local, and never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is passed on to `System`.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            record(signed(layout.size()));
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            record(signed(layout.size()));
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as for `alloc`.
        unsafe { System.dealloc(ptr, layout) };
        record(-signed(layout.size()));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            record(signed(new_size) - signed(layout.size()));
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Live bytes (process, client threads) when a measurement starts.
#[derive(Clone, Copy)]
struct Mark {
    live: isize,
    client_live: isize,
}

/// Starts a measurement: the peaks restart from the bytes live now.
fn reset_peaks() -> Mark {
    let live = LIVE.load(Ordering::Relaxed);
    let client_live = CLIENT_LIVE.load(Ordering::Relaxed);
    PEAK.store(live, Ordering::Relaxed);
    CLIENT_PEAK.store(client_live, Ordering::Relaxed);
    Mark { live, client_live }
}

/// What a measurement saw, in bytes above its [`Mark`].
struct Usage {
    process_peak: isize,
    client_peak: isize,
    client_live_after: isize,
}

fn usage_since(mark: Mark) -> Usage {
    Usage {
        process_peak: PEAK.load(Ordering::Relaxed) - mark.live,
        client_peak: CLIENT_PEAK.load(Ordering::Relaxed) - mark.client_live,
        client_live_after: CLIENT_LIVE.load(Ordering::Relaxed) - mark.client_live,
    }
}

fn kib(bytes: isize) -> String {
    #[allow(clippy::cast_precision_loss)] // a few hundred KiB: exact enough
    let kib = bytes as f64 / 1024.0;
    format!("{kib:9.1} KiB")
}

// ---------------------------------------------------------------------------
// The two ways of reading every page
// ---------------------------------------------------------------------------

/// Every group through the generated client's `into_stream()`; the count,
/// and the client threads' live bytes once the `Client` was built.
async fn stream_with_client(base_url: &str) -> (usize, isize) {
    let client = Client::builder()
        .base_url(base_url)
        .basic_auth(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
        .build()
        .expect("the client builds");
    let built = CLIENT_LIVE.load(Ordering::Relaxed);
    let mut groups = client
        .list_customer_groups(DEFAULT_ACCESS_TOKEN)
        .limit(PAGE as i64)
        .into_stream();
    let mut count = 0;
    while let Some(group) = groups.next().await {
        std::hint::black_box(group.expect("every page arrives"));
        count += 1;
    }
    (count, built)
}

/// The same pages through raw reqwest, each body discarded chunk by chunk
/// (the cursors are the fake's own, computed); the bytes received.
async fn discard_with_reqwest(base_url: &str, total: usize) -> usize {
    let http = reqwest::Client::new();
    let url = format!("{base_url}/customer_groups");
    let limit = PAGE.to_string();
    let mut received = 0;
    for offset in (0..total).step_by(PAGE) {
        let cursor = fake_rutter::cursor_for_offset(offset);
        let mut query = vec![("access_token", DEFAULT_ACCESS_TOKEN), ("limit", &limit)];
        if offset > 0 {
            query.push(("cursor", &cursor));
        }
        let mut response = http
            .get(&url)
            .query(&query)
            .basic_auth(DEFAULT_CLIENT_ID, Some(DEFAULT_CLIENT_SECRET))
            .header("X-Rutter-Version", "2024-08-31")
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .expect("raw reqwest gets a page");
        while let Some(chunk) = response.chunk().await.expect("the body arrives") {
            received += chunk.len();
        }
    }
    received
}

// ---------------------------------------------------------------------------
// Measurement
// ---------------------------------------------------------------------------

struct Runtimes {
    /// Runs the fake, on threads that are not counted as the client's.
    server: Runtime,
    /// Runs the client on the main thread.
    client: Runtime,
}

fn runtimes() -> Runtimes {
    let server = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("fake-rutter")
        .enable_all()
        .build()
        .expect("server runtime");
    let client = tokio::runtime::Builder::new_current_thread()
        .on_thread_start(|| ON_CLIENT.with(|on| on.set(true)))
        .enable_all()
        .build()
        .expect("client runtime");
    Runtimes { server, client }
}

/// One total: the client streaming, then the raw baseline, each against
/// a fake started (and its data built) before the peaks are reset; the
/// figures printed if `print`.
fn measure(runtimes: &Runtimes, total: usize, print: bool) {
    let fake = runtimes
        .server
        .block_on(FakeRutter::start(fake_rutter::sample_groups(total)));
    let base_url = fake.base_url();

    ON_CLIENT.with(|on| on.set(true));
    let mark = reset_peaks();
    let start = Instant::now();
    let (count, built) = runtimes.client.block_on(stream_with_client(&base_url));
    let elapsed = start.elapsed();
    let client = usage_since(mark);
    let client_built = built - mark.client_live;
    ON_CLIENT.with(|on| on.set(false));
    assert_eq!(count, total, "every group streamed");
    let pages = fake.request_count();
    fake.clear_requests();

    ON_CLIENT.with(|on| on.set(true));
    let mark = reset_peaks();
    let received = runtimes
        .client
        .block_on(discard_with_reqwest(&base_url, total));
    let baseline = usage_since(mark);
    ON_CLIENT.with(|on| on.set(false));
    assert_eq!(
        fake.request_count(),
        pages,
        "the baseline fetched the same pages"
    );

    if print {
        report(
            total,
            pages,
            received,
            elapsed,
            client_built,
            &client,
            &baseline,
        );
    }
}

fn report(
    total: usize,
    pages: usize,
    received: usize,
    elapsed: Duration,
    client_built: isize,
    client: &Usage,
    baseline: &Usage,
) {
    #[allow(clippy::cast_precision_loss)] // counts far below 2^52
    let rate = total as f64 / elapsed.as_secs_f64();
    println!(
        "{total} groups, {pages} pages of {PAGE} ({} KiB of JSON), streamed in {:.2} s ({rate:.0} groups/s)",
        received / 1024,
        elapsed.as_secs_f64(),
    );
    println!(
        "  client thread peak: {}   (the built Client alone: {}; live after: {})",
        kib(client.client_peak),
        kib(client_built),
        kib(client.client_live_after),
    );
    println!(
        "  process peak, generated client stream:  {}",
        kib(client.process_peak)
    );
    println!(
        "  process peak, raw reqwest discarding:   {}   (its client threads: {}, live after: {})",
        kib(baseline.process_peak),
        kib(baseline.client_peak),
        kib(baseline.client_live_after),
    );
    println!(
        "  difference (client's share):            {}",
        kib(client.process_peak - baseline.process_peak)
    );
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` does not: then
    // one small total is enough to check that the benchmark runs.
    let totals: &[usize] = if std::env::args().any(|arg| arg == "--bench") {
        &TOTALS
    } else {
        &[2_000]
    };
    let runtimes = runtimes();
    // One unreported pass first: what reqwest, hyper and the fake set up
    // once per process (lazily) is not the client's per-stream memory.
    measure(&runtimes, 1_000, false);
    for &total in totals {
        measure(&runtimes, total, true);
    }
}
