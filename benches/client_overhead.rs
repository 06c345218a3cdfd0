//! Requests per second through the generated client against raw reqwest, both against the in-process fake.
//!
//! Run with `cargo bench --bench client_overhead`. One fake server (100
//! sample groups) is started once on a tokio runtime; every request asks
//! for `limit=10`, so each answer carries ten groups (about 2 KB of JSON).
//!
//! * `generated` — `client.list_customer_groups(token).limit(10).send().await`;
//! * `hooked` — the same through a client with one `before_attempt` hook
//!   that sets a header on every attempt;
//! * `raw_reqwest` — a plain `reqwest::Client`: the same URL and query, the
//!   Basic `Authorization` and `X-Rutter-Version` headers, the status
//!   checked, the body read and decoded with `serde_json::from_slice` into
//!   the generated `ListCustomerGroupsResponse`.
//!
//! Criterion times batches of sequential requests (`iter_custom`, the async
//! loop run with `Runtime::block_on`, so `block_on` is paid once per batch,
//! not per request). In bench mode a paired run follows: rounds of both
//! loops alternated, so that load drifting on a busy machine hits both
//! alike; it prints requests/s for each and the ratios generated / raw (goal:
//! 0.97 or better) and hooked / raw (0.95 or better), and the CPU time per
//! request of the whole process (from
//! `/proc/self/task/*/schedstat`, so Linux only), which waiting on a busy
//! machine does not inflate. See `docs/benchmarks.md`.

#[path = "../tests/support/fake_rutter.rs"]
mod fake_rutter;

use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};
use fake_rutter::{DEFAULT_ACCESS_TOKEN, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, FakeRutter};
use rutter_customer_groups::Client;
use rutter_customer_groups::models::ListCustomerGroupsResponse;
use tokio::runtime::Runtime;

/// Groups the fake holds.
const GROUPS: usize = 100;
/// Groups asked for per request.
const LIMIT: usize = 10;
/// Requests of each kind per round of the paired run.
const ROUND_REQUESTS: u32 = 2_000;
/// Rounds of the paired run (each runs both loops).
const ROUNDS: u32 = 8;

/// The two ways of making the same request.
struct Contenders {
    client: Client,
    hooked: Client,
    http: reqwest::Client,
    list_url: String,
    fake: FakeRutter,
}

/// One way of making the request.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Generated,
    Hooked,
    Raw,
}

impl Kind {
    const ALL: [Kind; 3] = [Kind::Generated, Kind::Hooked, Kind::Raw];

    fn name(self) -> &'static str {
        match self {
            Kind::Generated => "generated",
            Kind::Hooked => "hooked",
            Kind::Raw => "raw reqwest",
        }
    }
}

impl Contenders {
    async fn generated(&self, client: &Client) -> ListCustomerGroupsResponse {
        client
            .list_customer_groups(DEFAULT_ACCESS_TOKEN)
            .limit(LIMIT as i64)
            .send()
            .await
            .expect("the generated client gets a page")
    }

    async fn raw(&self) -> ListCustomerGroupsResponse {
        let limit = LIMIT.to_string();
        let response = self
            .http
            .get(&self.list_url)
            .query(&[("access_token", DEFAULT_ACCESS_TOKEN), ("limit", &limit)])
            .basic_auth(DEFAULT_CLIENT_ID, Some(DEFAULT_CLIENT_SECRET))
            .header("X-Rutter-Version", "2024-08-31")
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .expect("raw reqwest gets a page");
        let body = response.bytes().await.expect("raw reqwest reads the body");
        serde_json::from_slice(&body).expect("the page decodes")
    }

    /// `n` sequential requests of one kind, timed on the calling thread.
    fn time(&self, runtime: &Runtime, kind: Kind, n: u64) -> Duration {
        self.measure(runtime, kind, n).wall
    }

    /// `n` sequential requests of one kind: wall time, and CPU time of the
    /// whole process (every thread, the fake's included).
    fn measure(&self, runtime: &Runtime, kind: Kind, n: u64) -> Spent {
        let cpu_before = process_cpu();
        let wall = runtime.block_on(async {
            let start = Instant::now();
            for _ in 0..n {
                let page = match kind {
                    Kind::Generated => self.generated(&self.client).await,
                    Kind::Hooked => self.generated(&self.hooked).await,
                    Kind::Raw => self.raw().await,
                };
                std::hint::black_box(page);
            }
            start.elapsed()
        });
        let cpu = process_cpu().saturating_sub(cpu_before);
        // The fake records every request; keep that memory bounded.
        self.fake.clear_requests();
        Spent { wall, cpu }
    }
}

/// Time spent by a run of requests.
#[derive(Clone, Copy, Default)]
struct Spent {
    wall: Duration,
    cpu: Duration,
}

/// CPU time used so far by every live thread of this process, from
/// `/proc/self/task/*/schedstat` (nanoseconds on the CPU); zero where that
/// is not available. The runtimes' threads live as long as the process, so
/// differences between two readings are the CPU time spent in between.
fn process_cpu() -> Duration {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return Duration::ZERO;
    };
    let nanos = tasks
        .flatten()
        .filter_map(|task| std::fs::read_to_string(task.path().join("schedstat")).ok())
        .filter_map(|stat| stat.split_whitespace().next()?.parse::<u64>().ok())
        .sum();
    Duration::from_nanos(nanos)
}

fn setup(runtime: &Runtime) -> Contenders {
    let fake = runtime.block_on(FakeRutter::start(fake_rutter::sample_groups(GROUPS)));
    let client = Client::builder()
        .base_url(fake.base_url())
        .basic_auth(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
        .build()
        .expect("the client builds");
    let hooked = Client::builder()
        .base_url(fake.base_url())
        .basic_auth(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
        .before_attempt(|request| request.set_header("x-bench-trace", "bench"))
        .build()
        .expect("the hooked client builds");
    let contenders = Contenders {
        client,
        hooked,
        http: reqwest::Client::new(),
        list_url: format!("{}/customer_groups", fake.base_url()),
        fake,
    };
    // Both get the same answer, and the fake saw the same request twice.
    let (generated, raw) = runtime.block_on(async {
        (
            contenders.generated(&contenders.client).await,
            contenders.raw().await,
        )
    });
    assert_eq!(generated, raw);
    assert_eq!(generated.customer_groups.len(), LIMIT);
    let requests = contenders.fake.requests();
    let [first, second] = requests.as_slice() else {
        panic!("expected two requests, got {}", requests.len());
    };
    for name in ["authorization", "x-rutter-version"] {
        assert_eq!(first.header(name), second.header(name), "header {name}");
    }
    for name in ["access_token", "limit"] {
        assert_eq!(first.query_param(name), second.query_param(name), "{name}");
    }
    contenders.fake.clear_requests();
    contenders
}

fn criterion_run(c: &mut Criterion, runtime: &Runtime, contenders: &Contenders) {
    let mut group = c.benchmark_group("list_10_of_100");
    group.throughput(Throughput::Elements(1));
    for kind in Kind::ALL {
        let name = kind.name().replace(' ', "_");
        group.bench_function(name, |b| {
            b.iter_custom(|iters| contenders.time(runtime, kind, iters));
        });
    }
    group.finish();
}

/// Rounds of the three loops, each round in another order; prints the
/// rates, the ratios to raw reqwest and the CPU time per request.
fn paired_run(runtime: &Runtime, contenders: &Contenders) {
    let n = u64::from(ROUND_REQUESTS);
    for kind in Kind::ALL {
        contenders.time(runtime, kind, n / 4); // warm-up
    }
    let mut totals = [Spent::default(); 3];
    let mut ratios: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
    for round in 0..ROUNDS as usize {
        let mut spent = [Spent::default(); 3];
        for i in 0..3 {
            let index = (i + round) % 3; // rotate who goes first
            spent[index] = contenders.measure(runtime, Kind::ALL[index], n);
        }
        for (total, round_spent) in totals.iter_mut().zip(spent) {
            total.wall += round_spent.wall;
            total.cpu += round_spent.cpu;
        }
        // requests/s of a client over requests/s of raw reqwest
        for (ratio, client) in ratios.iter_mut().zip(&spent[..2]) {
            ratio.push(spent[2].wall.as_secs_f64() / client.wall.as_secs_f64());
        }
    }
    let requests = f64::from(ROUND_REQUESTS * ROUNDS);
    let rate = |spent: Spent| requests / spent.wall.as_secs_f64();
    let cpu_us = |spent: Spent| spent.cpu.as_secs_f64() * 1e6 / requests;
    println!("paired run: {ROUNDS} rounds x {ROUND_REQUESTS} requests of each kind, order rotated");
    for (kind, total) in Kind::ALL.iter().zip(totals) {
        println!(
            "  {:<12} {:7.0} requests/s, {:6.1} us CPU per request (process, fake included)",
            format!("{}:", kind.name()),
            rate(total),
            cpu_us(total)
        );
    }
    for (i, ratio) in ratios.iter_mut().enumerate() {
        ratio.sort_by(f64::total_cmp);
        println!(
            "  ratio {}/raw requests/s: {:.3} overall; per round min {:.3}, median {:.3}, max {:.3}; \
             extra CPU per request {:.1} us",
            Kind::ALL[i].name(),
            rate(totals[i]) / rate(totals[2]),
            ratio[0],
            ratio[ratio.len() / 2],
            ratio[ratio.len() - 1],
            cpu_us(totals[i]) - cpu_us(totals[2]),
        );
    }
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let contenders = setup(&runtime);
    let mut criterion = Criterion::default().configure_from_args();
    criterion_run(&mut criterion, &runtime, &contenders);
    criterion.final_summary();
    // `cargo bench` passes `--bench`; `cargo test --benches` does not, and
    // then only checks that every benchmark runs once.
    if std::env::args().any(|arg| arg == "--bench") {
        paired_run(&runtime, &contenders);
    }
}
