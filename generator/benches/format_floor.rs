//! The least time formatting can take (a bench binary, not a test): each
//! document of the corpus is generated once, then the code of the files the
//! generator formats (not the runtime it copies, not the doc comments it
//! writes without the parser) is parsed by `syn` and printed by
//! `prettyplease` again, on one thread. That is the work every generation
//! does at the least, whatever the generator's own code costs; divided by
//! the threads the formatting shares, it is a floor under the whole
//! generation's wall time. Loading, validating and lowering end before
//! any formatting can start, so the least time they took in the runs is
//! added to that floor for the least time a whole generation can take.
//! Anything the floor leaves out (docs the generator parses as attributes,
//! text it parses for the API listing) only lowers it.
//!
//! It allocates as the command-line tool does (mimalloc, the default
//! feature), whose whole-process times the floor is compared with.
//!
//! `cargo bench -p openapi-codegen --bench format_floor [-- NAME...]`

use std::path::Path;
use std::time::{Duration, Instant};

use openapi_codegen::{Config, GeneratedFile};

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod support;

const RUNS: usize = 3;

fn main() {
    let runtime = runtime_sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime"));
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    println!(
        "{:<22} {:>9} {:>11} {:>11} {:>12} {:>11} {:>12}  ({threads} threads)",
        "document", "code", "generation", "before fmt", "floor, CPU", "floor, wall", "least total"
    );
    support::each_document(|name, text| measure(name, text, &runtime, threads));
}

/// The texts of the runtime's files, which generated crates hold as copies.
fn runtime_sources(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| std::fs::read_to_string(entry.ok()?.path()).ok())
        .collect()
}

fn measure(name: &str, text: &str, runtime: &[String], threads: usize) {
    let config = Config::new().source_name(name);
    let mut generation = Duration::MAX;
    let mut before_formatting = Duration::MAX;
    let mut last = None;
    for _ in 0..RUNS {
        let started = Instant::now();
        match config.generate(text) {
            Ok(generated) => {
                generation = generation.min(started.elapsed());
                let Some(sequential) = sequential_phases(generated.timings()) else {
                    println!("{name:<22} error: the generation reports no emission phase");
                    return;
                };
                before_formatting = before_formatting.min(sequential);
                last = Some(generated);
            }
            Err(error) => {
                let first = error.to_string();
                println!(
                    "{name:<22} error: {}",
                    first.lines().next().unwrap_or_default()
                );
                return;
            }
        }
    }
    let files = last.as_ref().map_or(&[][..], |generated| generated.files());
    let code: Vec<String> = files
        .iter()
        .filter(|file| is_formatted(file, runtime))
        .map(|file| code_of(&file.contents))
        .collect();
    let size: usize = code.iter().map(String::len).sum();
    let floor = (0..RUNS)
        .map(|_| {
            code.iter()
                .map(|text| format_once(text))
                .sum::<Option<Duration>>()
        })
        .min()
        .flatten();
    let Some(floor) = floor else {
        println!("{name:<22} error: the generated code does not parse");
        return;
    };
    let floor_wall = ms(floor) / threads as f64;
    println!(
        "{name:<22} {:>6.1} MB {:>9.0}ms {:>9.0}ms {:>10.0}ms {:>9.0}ms {:>10.0}ms",
        size as f64 / 1e6,
        ms(generation),
        ms(before_formatting),
        ms(floor),
        floor_wall,
        ms(before_formatting) + floor_wall,
    );
}

/// The time of the phases before emission and formatting (loading,
/// validating, lowering), which end before any formatting starts; `None`
/// when no phase is named as emission's.
fn sequential_phases(timings: &[(&'static str, Duration)]) -> Option<Duration> {
    let emission = timings
        .iter()
        .position(|(phase, _)| phase.starts_with("emit"))?;
    Some(timings[..emission].iter().map(|(_, took)| *took).sum())
}

/// Whether the generator formatted this file: Rust, and not a copy of one
/// of the runtime's files.
fn is_formatted(file: &GeneratedFile, runtime: &[String]) -> bool {
    file.path.extension().is_some_and(|ext| ext == "rs")
        && !runtime
            .iter()
            .any(|source| file.contents.ends_with(source.as_str()))
}

/// The text without its doc comment lines (the generator writes those
/// beside the printed code, see `doc_blocks.rs`).
fn code_of(text: &str) -> String {
    text.lines()
        .filter(|line| {
            let line = line.trim_start();
            !line.starts_with("///") && !line.starts_with("//!")
        })
        .flat_map(|line| [line, "\n"])
        .collect()
}

/// How long `syn` takes to parse the code's tokens and `prettyplease` to
/// print them; `None` when it does not parse.
fn format_once(code: &str) -> Option<Duration> {
    let tokens = code.parse::<proc_macro2::TokenStream>().ok()?;
    let started = Instant::now();
    let file = syn::parse2::<syn::File>(tokens).ok()?;
    std::hint::black_box(prettyplease::unparse(&file));
    Some(started.elapsed())
}

fn ms(took: Duration) -> f64 {
    took.as_secs_f64() * 1000.0
}
