//! The table of typical schema edits (`fixtures/evolution/edits.yaml`):
//! each edit, a JSON Patch on our schema or a corpus document, runs through
//! `openapi-codegen diff`, whose verdict must be the table's. With
//! `SEMVER_TABLE_DIR` set, the documents before and after each edit are
//! also written there, with an index, for `scripts/semver-table.sh` (which
//! runs cargo-semver-checks on the crates generated from them).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// One row of the table.
struct Edit {
    name: String,
    document: String,
    patch: Vec<Value>,
    diff: String,
    /// What cargo-semver-checks says where it differs from `diff`, and why.
    semver: Option<(String, String)>,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn table() -> Vec<Edit> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/evolution/edits.yaml");
    let text = std::fs::read_to_string(&path).expect("the table");
    let rows: Vec<Value> = serde_yaml::from_str(&text).expect("the table is YAML");
    let text_of = |row: &Value, key: &str| row.get(key).and_then(Value::as_str).map(str::to_owned);
    rows.iter()
        .map(|row| {
            let name = text_of(row, "name").expect("every edit has a name");
            let semver = text_of(row, "semver").map(|verdict| {
                let reason = text_of(row, "reason")
                    .unwrap_or_else(|| panic!("{name}: a `semver` verdict needs a `reason`"));
                (verdict, reason)
            });
            Edit {
                document: text_of(row, "document").expect("a document"),
                patch: row
                    .get("patch")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_else(|| panic!("{name}: a patch")),
                diff: text_of(row, "diff").unwrap_or_else(|| panic!("{name}: a verdict")),
                name,
                semver,
            }
        })
        .collect()
}

/// Where a table document lives.
fn document_path(document: &str) -> PathBuf {
    match document.strip_prefix("corpus/") {
        Some(file) => root().join("../shared/specs/corpus").join(file),
        None => root().join("schema").join(format!("{document}.yaml")),
    }
}

/// A JSON pointer's unescaped tokens.
fn tokens(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// Applies one JSON Patch operation (`add`, `remove`, `replace`).
fn apply(doc: &mut Value, op: &Value) -> Result<(), String> {
    let kind = op.get("op").and_then(Value::as_str).ok_or("no `op`")?;
    let path = op.get("path").and_then(Value::as_str).ok_or("no `path`")?;
    let mut tokens = tokens(path);
    let last = tokens.pop().ok_or("an empty path")?;
    let parent_pointer: String = tokens
        .iter()
        .map(|t| format!("/{}", t.replace('~', "~0").replace('/', "~1")))
        .collect();
    let parent = doc
        .pointer_mut(&parent_pointer)
        .ok_or_else(|| format!("no {parent_pointer}"))?;
    let value = || op.get("value").cloned().ok_or("no `value`");
    match (kind, parent) {
        ("add", Value::Object(map)) => {
            map.insert(last, value()?);
        }
        ("add", Value::Array(items)) if last == "-" => items.push(value()?),
        ("add", Value::Array(items)) => {
            let at: usize = last.parse().map_err(|_| format!("bad index {last}"))?;
            if at > items.len() {
                return Err(format!("index {at} past the end"));
            }
            items.insert(at, value()?);
        }
        ("remove", Value::Object(map)) => {
            map.shift_remove(&last)
                .ok_or_else(|| format!("no {path}"))?;
        }
        ("remove", Value::Array(items)) => {
            let at: usize = last.parse().map_err(|_| format!("bad index {last}"))?;
            if at >= items.len() {
                return Err(format!("no {path}"));
            }
            items.remove(at);
        }
        ("replace", Value::Object(map)) => {
            let slot = map.get_mut(&last).ok_or_else(|| format!("no {path}"))?;
            *slot = value()?;
        }
        ("replace", Value::Array(items)) => {
            let at: usize = last.parse().map_err(|_| format!("bad index {last}"))?;
            let slot = items.get_mut(at).ok_or_else(|| format!("no {path}"))?;
            *slot = value()?;
        }
        (kind, _) => return Err(format!("cannot {kind} at {path}")),
    }
    Ok(())
}

/// `diff BEFORE AFTER --format json`: the verdict and the changes' lines.
fn run_diff(before: &Path, after: &Path) -> (String, i32, Vec<String>) {
    let out = Command::new(env!("CARGO_BIN_EXE_openapi-codegen"))
        .arg("diff")
        .arg(before)
        .arg(after)
        .args(["--format", "json"])
        .output()
        .expect("the tool runs");
    let code = out.status.code().unwrap_or(-1);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "diff answered no JSON (exit {code}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let lines = report["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            format!(
                "{}: {} {} {}",
                c["class"].as_str().unwrap_or("?"),
                c["kind"].as_str().unwrap_or("?"),
                c["item"].as_str().unwrap_or("?"),
                c["change"].as_str().unwrap_or("?"),
            )
        })
        .collect();
    let verdict = report["api_change"].as_str().unwrap_or("?").to_owned();
    (verdict, code, lines)
}

/// A short file-name-safe form of `text`.
fn slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_owned()
}

#[test]
fn the_table_covers_every_kind_of_edit_the_issue_names() {
    let edits = table();
    assert!(edits.len() >= 25, "{} edits", edits.len());
    let names: Vec<&str> = edits.iter().map(|e| e.name.as_str()).collect();
    for kind in [
        "new optional property",
        "new enum value",
        "new optional query parameter",
        "new optional header parameter",
        "new optional cookie parameter",
        "new operation",
        "new server",
        "operation description changed",
        "operation summary changed",
        "optional property removed",
        "property renamed",
        "operation removed",
        "property type changed",
        "int64 to int32",
        "nullable property made non-null",
        "non-null property made nullable",
        "new required query parameter",
    ] {
        assert!(
            names.iter().any(|n| n.contains(kind)),
            "no edit `{kind}` in the table"
        );
    }
    let documents: std::collections::BTreeSet<&str> =
        edits.iter().map(|e| e.document.as_str()).collect();
    assert!(documents.len() >= 3, "{documents:?}");
    for edit in &edits {
        assert!(
            ["none", "compatible", "breaking"].contains(&edit.diff.as_str()),
            "{}: verdict {}",
            edit.name,
            edit.diff
        );
    }
}

#[test]
fn diff_gives_each_edit_of_the_table_its_verdict() {
    let out_dir = std::env::var_os("SEMVER_TABLE_DIR").map(PathBuf::from);
    let scratch = std::env::temp_dir().join(format!("evolution-{}", std::process::id()));
    let base = out_dir.clone().unwrap_or(scratch.clone());
    std::fs::create_dir_all(&base).expect("a scratch folder");
    let mut index = String::from("dir\tdocument\tedit\tdiff\texpected_semver\treason\n");
    let mut failures = Vec::new();
    let mut skipped = std::collections::BTreeSet::new();
    let mut ran = 0;
    for (number, edit) in table().iter().enumerate() {
        let path = document_path(&edit.document);
        let Ok(text) = std::fs::read_to_string(&path) else {
            assert!(
                std::env::var("REQUIRE_SHARED_SPECS").as_deref() != Ok("1"),
                "{} is missing (REQUIRE_SHARED_SPECS=1)",
                path.display()
            );
            skipped.insert(edit.document.clone());
            continue;
        };
        let original: Value = serde_yaml::from_str(&text).expect("the document is YAML or JSON");
        let mut changed = original.clone();
        for op in &edit.patch {
            if let Err(error) = apply(&mut changed, op) {
                panic!(
                    "{} ({}): the patch does not apply: {error}",
                    edit.name, edit.document
                );
            }
        }
        let dir_name = format!(
            "{:02}-{}",
            number + 1,
            slug(&format!("{} {}", edit.document, edit.name))
        );
        let dir = base.join(&dir_name);
        std::fs::create_dir_all(&dir).expect("a folder per edit");
        let (before, after) = (dir.join("before.json"), dir.join("after.json"));
        let write = |path: &Path, doc: &Value| {
            std::fs::write(path, serde_json::to_string_pretty(doc).expect("JSON"))
                .expect("written");
        };
        write(&before, &original);
        write(&after, &changed);
        let (verdict, code, lines) = run_diff(&before, &after);
        ran += 1;
        let expected_code = if edit.diff == "breaking" { 4 } else { 0 };
        if verdict != edit.diff || code != expected_code {
            failures.push(format!(
                "{} ({}): diff says {verdict} (exit {code}), the table {}\n    {}",
                edit.name,
                edit.document,
                edit.diff,
                lines.join("\n    ")
            ));
        }
        let (semver, reason) = match &edit.semver {
            Some((verdict, reason)) => (verdict.clone(), reason.replace(['\t', '\n'], " ")),
            None if edit.diff == "breaking" => ("fails".to_owned(), String::new()),
            None => ("passes".to_owned(), String::new()),
        };
        let _ = writeln!(
            index,
            "{dir_name}\t{}\t{}\t{verdict}\t{semver}\t{reason}",
            edit.document, edit.name
        );
        std::fs::write(dir.join("diff.txt"), lines.join("\n") + "\n").expect("written");
    }
    if let Some(dir) = &out_dir {
        std::fs::write(dir.join("index.tsv"), index).expect("the index");
    } else {
        let _ = std::fs::remove_dir_all(&scratch);
    }
    for document in &skipped {
        println!("skipped: the edits of {document} (the document is absent)");
    }
    assert!(ran > 0, "no edit ran");
    assert!(
        failures.is_empty(),
        "{} of {ran} edits got another verdict:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
