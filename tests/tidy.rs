//! Tidy checks of the repository itself (rust-analyzer's idea): the code map
//! of `ARCHITECTURE.md` names every source file and runtime module that
//! exists and nothing that does not, and every hand-written Rust file starts
//! with a `//!` line saying what it is for.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn architecture() -> String {
    let path = root().join("ARCHITECTURE.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text of the section under the heading `heading` (up to the next
/// heading of the same or a higher level).
fn section<'a>(text: &'a str, heading: &str) -> &'a str {
    let level = heading.chars().take_while(|c| *c == '#').count();
    let start = text
        .find(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("ARCHITECTURE.md has no heading `{heading}`"))
        + heading.len()
        + 2;
    let rest = &text[start..];
    let end = rest
        .match_indices("\n#")
        .find(|(at, _)| {
            let hashes = rest[at + 1..].chars().take_while(|c| *c == '#').count();
            hashes <= level && rest[at + 1 + hashes..].starts_with(' ')
        })
        .map_or(rest.len(), |(at, _)| at);
    &rest[..end]
}

/// The code spans (`...`) of `text` that look like paths of Rust files or
/// folders: no spaces, ending in `.rs` or `/`.
fn named_paths(text: &str) -> BTreeSet<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .filter(|span| !span.contains(char::is_whitespace))
        .filter(|span| span.ends_with(".rs") || span.ends_with('/'))
        .map(str::to_owned)
        .collect()
}

/// The files a code-map section has an entry for: the code span that opens
/// each list item (`` - `lower/types.rs`: ... ``). Files named in the text
/// of an entry are mentions, not entries.
fn entries(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|line| line.trim_start().strip_prefix("- `"))
        .filter_map(|rest| rest.split_once('`'))
        .map(|(path, _)| path.to_owned())
        .filter(|path| path.ends_with(".rs"))
        .collect()
}

/// Every `.rs` file under `dir` (recursively), relative to `dir`.
fn rust_files(dir: &Path) -> BTreeSet<String> {
    fn walk(dir: &Path, base: &Path, out: &mut BTreeSet<String>) {
        let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                walk(&path, base, out);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let relative = path.strip_prefix(base).expect("under base");
                out.insert(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(dir, dir, &mut out);
    out
}

/// Compares the files named in the code-map section `heading` with the
/// files under `dir`; returns what is wrong, one line each.
fn code_map_mismatches(heading: &str, dir: &str) -> Vec<String> {
    let text = architecture();
    let named = entries(section(&text, heading));
    let present = rust_files(&root().join(dir));
    let unnamed = present
        .difference(&named)
        .map(|file| format!("{dir}{file} exists, but `{heading}` does not name `{file}`"));
    let stale = named
        .difference(&present)
        .map(|file| format!("`{heading}` names `{file}`, but {dir}{file} does not exist"));
    unnamed.chain(stale).collect()
}

#[test]
fn the_code_map_names_every_source_file_and_runtime_module_and_no_other() {
    let problems: Vec<String> = [
        ("### `generator/src/`", "generator/src/"),
        ("### `generator/runtime/`", "generator/runtime/"),
    ]
    .into_iter()
    .flat_map(|(heading, dir)| code_map_mismatches(heading, dir))
    .collect();
    assert!(
        problems.is_empty(),
        "ARCHITECTURE.md:\n{}",
        problems.join("\n")
    );
}

/// The test files and crates the tests section must name, relative to the
/// root: each integration-test file and support module of the root package
/// and of the generator, and each test crate.
fn test_files() -> BTreeSet<String> {
    let mut files = BTreeSet::new();
    for dir in ["tests/", "tests/support/", "generator/tests/"] {
        for entry in std::fs::read_dir(root().join(dir)).expect("a tests folder") {
            let path = entry.expect("a directory entry").path();
            let name = path.file_name().expect("a name").to_string_lossy();
            if path.extension().is_some_and(|ext| ext == "rs") {
                files.insert(format!("{dir}{name}"));
            } else if path.join("Cargo.toml").is_file() {
                files.insert(format!("{dir}{name}/"));
            }
        }
    }
    files
}

#[test]
fn the_tests_section_names_every_test_file_and_only_real_paths() {
    let text = architecture();
    let named = named_paths(section(&text, "### Tests"));
    let mut problems: Vec<String> = test_files()
        .difference(&named)
        .map(|file| format!("{file} exists, but `### Tests` does not name it"))
        .collect();
    problems.extend(
        named
            .iter()
            // paths of the repository; `../shared/` beside it is no part of it
            .filter(|path| path.contains('/') && !path.contains('*') && !path.starts_with("../"))
            .filter(|path| !root().join(path.as_str()).exists())
            .map(|path| format!("`### Tests` names `{path}`, which does not exist")),
    );
    assert!(
        problems.is_empty(),
        "ARCHITECTURE.md:\n{}",
        problems.join("\n")
    );
}

/// Hand-written Rust files, relative to the root. `generated/` is the
/// generator's; the fixtures' Rust is `include!`d into other files, where an
/// inner doc comment cannot stand.
fn hand_written_rust() -> Vec<PathBuf> {
    let mut files = vec![root().join("build.rs")];
    for dir in [
        "generator/src",
        "generator/runtime",
        "generator/tests",
        "generator/benches",
    ]
    .into_iter()
    .chain(["tests", "examples", "benches"])
    {
        let base = root().join(dir);
        files.extend(
            rust_files(&base)
                .into_iter()
                .filter(|file| !file.starts_with("fixtures/") && !file.contains("/target/"))
                .map(|file| base.join(file)),
        );
    }
    files
}

#[test]
fn every_hand_written_rust_file_starts_with_a_module_doc_line() {
    let missing: Vec<String> = hand_written_rust()
        .into_iter()
        .filter(|path| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            !text.starts_with("//!")
        })
        .map(|path| {
            path.strip_prefix(root())
                .unwrap_or(&path)
                .display()
                .to_string()
        })
        .collect();
    assert!(
        missing.is_empty(),
        "these files do not start with a `//!` line saying what they are for:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_section_reader_stops_at_the_next_heading_of_its_level() {
    let text =
        "# A\n\n### `x/`\n- `a.rs`: like `m.rs`\n#### deeper\n- `b.rs`\n### Next\n- `c.rs`\n";
    let named = entries(section(text, "### `x/`"));
    assert_eq!(
        named,
        BTreeSet::from(["a.rs".to_owned(), "b.rs".to_owned()])
    );
}
