//! Generation time on the largest documents of the corpus (a bench binary,
//! not a test): each document is read once, then generated in memory
//! several times; the minimum and median wall times are printed, with the
//! time of each phase of the fastest run.
//!
//! `cargo bench -p openapi-codegen --bench generate [-- NAME...]`

use std::time::{Duration, Instant};

use openapi_codegen::Config;

mod support;

const RUNS: usize = 5;

fn main() {
    println!(
        "{:<22} {:>9} {:>9} {:>9}  phases of the fastest run",
        "document", "size", "min", "median"
    );
    support::each_document(measure);
}

fn measure(name: &str, text: &str) {
    let config = Config::new().source_name(name);
    let mut runs: Vec<(Duration, String)> = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let started = Instant::now();
        let phases = match config.generate(text) {
            Ok(generated) => generated
                .timings()
                .iter()
                .map(|(phase, took)| format!("{phase} {:.0}", took.as_secs_f64() * 1000.0))
                .collect::<Vec<_>>()
                .join(", "),
            Err(error) => format!(
                "error: {}",
                error.to_string().lines().next().unwrap_or_default()
            ),
        };
        runs.push((started.elapsed(), phases));
    }
    runs.sort_by_key(|(took, _)| *took);
    let (min, phases) = &runs[0];
    let median = runs[runs.len() / 2].0;
    let size = format!("{:.1} MB", text.len() as f64 / 1e6);
    println!(
        "{name:<22} {size:>9} {:>7.0}ms {:>7.0}ms  {phases} (ms)",
        min.as_secs_f64() * 1000.0,
        median.as_secs_f64() * 1000.0
    );
}
