//! The committed `generated/` folder is exactly what the generator makes
//! from `schema/customer_groups.yaml` (rust-analyzer's "ensure file
//! contents" pattern): a stale or hand-edited file fails this test.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use openapi_codegen::Config;

fn files_under(dir: &Path) -> BTreeSet<PathBuf> {
    let mut found = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).unwrap_or_else(|e| panic!("{}: {e}", folder.display())) {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.insert(path.strip_prefix(dir).expect("under dir").to_path_buf());
            }
        }
    }
    found
}

#[test]
fn generated_code_matches_the_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let generated = Config::new()
        .crate_name("rutter_customer_groups")
        .doctest_include("../README.md")
        .cargo_features(true)
        .generate_file(root.join("schema/customer_groups.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut problems = Vec::new();
    for file in generated.files() {
        let on_disk =
            fs::read_to_string(root.join("generated").join(&file.path)).unwrap_or_default();
        if on_disk != file.contents {
            problems.push(format!("stale: generated/{}", file.path.display()));
        }
    }
    let expected: BTreeSet<PathBuf> = generated.files().iter().map(|f| f.path.clone()).collect();
    for extra in files_under(&root.join("generated")).difference(&expected) {
        problems.push(format!(
            "not made by the generator: generated/{}",
            extra.display()
        ));
    }
    assert!(
        problems.is_empty(),
        "generated/ does not match schema/customer_groups.yaml:\n  {}\n\
         Fix: run `cargo build` (it regenerates generated/), review the diff, commit it; \
         delete files the generator does not make.",
        problems.join("\n  ")
    );
}
