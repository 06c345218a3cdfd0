//! `--example-tests`: the crate generated from `fixtures/examples.yaml`
//! runs its example tests (`cargo test`, models only, offline, in a target
//! folder of its own): every example is classed as the fixture means it,
//! the one that violates its schema fails its type's test naming its JSON
//! pointer, and the others pass.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const TOYS: &str = "#/paths/~1toys/get/responses/200/content/application~1json/example";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Generates the fixture's crate into a workspace of its own (the
/// project's `Cargo.lock`, so nothing new is fetched) and runs its tests.
fn run_example_tests() -> (bool, String) {
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("example-tests");
    let krate = work.join("fixture_examples");
    let _ = std::fs::remove_dir_all(&krate);
    let generate = Command::new(env!("CARGO_BIN_EXE_openapi-codegen"))
        .arg("generate")
        .arg(fixture("examples.yaml"))
        .args([
            "--crate-name",
            "fixture_examples",
            "--example-tests",
            "--out",
        ])
        .arg(&krate)
        .output()
        .expect("the CLI runs");
    assert!(generate.status.success(), "{generate:?}");
    let manifest = "[workspace]\nmembers = [\"fixture_examples\"]\nresolver = \"3\"\n";
    std::fs::write(work.join("Cargo.toml"), manifest).expect("a workspace");
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    std::fs::copy(lock, work.join("Cargo.lock")).expect("the project's Cargo.lock");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let test = Command::new(cargo)
        .current_dir(&work)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .args(["test", "--offline", "--lib", "--no-default-features", "--"])
        .args(["--nocapture", "--test-threads=1"])
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&test.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&test.stderr);
    (test.status.success(), format!("{stdout}\n{stderr}"))
}

#[test]
fn each_example_is_classed_and_the_misfit_fails_naming_its_pointer() {
    let (passed, output) = run_example_tests();
    let classes: BTreeMap<&str, &str> = output
        .lines()
        .filter_map(|line| line.split_once("example-round-trip\t"))
        .filter_map(|(_, rest)| {
            let mut fields = rest.split('\t');
            let class = fields.next()?;
            Some((fields.next()?, class))
        })
        .collect();
    let expected = BTreeMap::from([
        ("#/components/examples/OnePet/value", "instant"),
        (
            "#/paths/~1pets/get/responses/200/content/application~1json/examples/two/value",
            "undeclared",
        ),
        (TOYS, "undecodable"),
        (
            "#/paths/~1pets/post/requestBody/content/application~1json/example",
            "float",
        ),
        (
            "#/components/responses/PetCreated/content/application~1json/example",
            "null",
        ),
        (
            "#/paths/~1pets/get/responses/200/content/application~1json/examples/none/value",
            "equal",
        ),
        ("#/components/schemas/Pet/example", "undeclared"),
        ("#/components/schemas/Toy/example", "float"),
        // `dependent_services` is a list in the only alternative declaring
        // it: the value is of the other, which does not declare it
        ("#/components/schemas/Relationship/example", "undeclared"),
    ]);
    assert_eq!(classes, expected, "{output}");
    assert!(!passed, "the misfit must fail `cargo test`:\n{output}");
    assert!(
        output.contains("5 passed; 1 failed"),
        "only the toys' test fails:\n{output}"
    );
    let misfit = format!("- {TOYS} (schema ");
    assert!(output.contains(&misfit), "{output}");
    assert!(
        output.contains("undecodable: invalid type: string \"12.50\", expected f64"),
        "{output}"
    );
    assert!(output.contains("example_tests::list_of_toy"), "{output}");
}
