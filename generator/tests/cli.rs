//! The command-line tool: its exit codes, its summary line, and the type
//! settings given as flags.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_openapi-codegen"))
        .args(args)
        .output()
        .expect("the tool runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn check_of_a_valid_document_exits_0_with_a_summary() {
    let out = run(&["check", fixture("pets.yaml").to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(": ok (") && stdout.contains("operations"),
        "{stdout}"
    );
}

#[test]
fn errors_in_the_document_exit_1_with_their_pointer() {
    let invalid = fixture("invalid").join("dangling_ref.yaml");
    let out = run(&["check", invalid.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("error at #/"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn wrong_usage_exits_2_with_the_usage() {
    for args in [
        &["frobnicate"][..],
        &["generate", "x.yaml"],
        &["check", "x.yaml", "--format-type", "uuid"],
        &["check", "x.yaml", "--bogus"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out.stderr).contains("USAGE:"), "{args:?}");
    }
}

#[test]
fn unreadable_documents_and_unwritable_folders_exit_3() {
    let out = run(&["check", "/no/such/document.yaml"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        text(&out.stderr).contains("cannot read"),
        "{}",
        text(&out.stderr)
    );
    let out = run(&[
        "generate",
        fixture("pets.yaml").to_str().expect("utf-8"),
        "--out",
        "/proc/no-such-place/crate",
    ]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
}

#[test]
fn type_flags_reach_the_generated_code() {
    let out_dir = std::env::temp_dir().join(format!("openapi-codegen-cli-{}", std::process::id()));
    let out = run(&[
        "generate",
        fixture("settings/customised.yaml").to_str().expect("utf-8"),
        "--out",
        out_dir.to_str().expect("utf-8"),
        "--format-type",
        "uuid=my_ids::Id",
        "--schema-type",
        "Money=my_money::Money",
        "--derive",
        "Hash",
        "--type-attribute",
        "Account=#[serde(deny_unknown_fields)]",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("generated 1 operations and 2 types into"));
    let models = std::fs::read_to_string(out_dir.join("src/models.rs")).expect("models.rs");
    let listing = std::fs::read_to_string(out_dir.join("src/API.txt")).expect("API.txt");
    let _ = std::fs::remove_dir_all(&out_dir);
    assert!(
        listing.contains("field accounts::models::Account::id: my_ids::Id\n"),
        "{listing}"
    );
    assert!(models.contains("pub id: my_ids::Id,"), "{models}");
    assert!(models.contains("pub balance: my_money::Money,"), "{models}");
    assert!(
        models.contains("Serialize, Deserialize, Hash)]\n#[serde(deny_unknown_fields)]"),
        "{models}"
    );
    assert!(!models.contains("pub struct Money"), "{models}");
}

#[test]
fn an_invalid_type_setting_exits_1_naming_the_setting() {
    let out = run(&[
        "check",
        fixture("pets.yaml").to_str().expect("utf-8"),
        "--format-type",
        "uuid=not a type",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("setting `format_type(\"uuid\", \"not a type\")`"),
        "{}",
        text(&out.stderr)
    );
}
