//! `openapi-codegen diff OLD NEW` over small document pairs (one schema
//! edit each, in `fixtures/diff/`): its lines, its last line and its exit
//! code; and the library's comparison of listings that `build.rs` warns with.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use openapi_codegen::{API_LISTING, ApiClass, Config};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/diff")
        .join(name)
}

fn diff(new: &str, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_openapi-codegen"))
        .arg("diff")
        .arg(fixture("base.yaml"))
        .arg(fixture(new))
        .args(extra)
        .output()
        .expect("the tool runs")
}

/// Runs `diff base.yaml NEW` and checks the exit code, that every
/// `expected` line is printed, and the last line.
fn assert_diff(new: &str, code: i32, expected: &[&str], last: &str) {
    let out = diff(new, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(code),
        "{new}: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    for line in expected {
        assert!(lines.contains(line), "{new}: no line `{line}` in\n{stdout}");
    }
    assert_eq!(lines.last().copied(), Some(last), "{new}");
    assert_eq!(
        lines.len(),
        expected.len() + 1,
        "{new}: unexpected lines in\n{stdout}"
    );
}

#[test]
fn an_unchanged_document_is_no_change() {
    assert_diff("base.yaml", 0, &[], "api change: none");
}

#[test]
fn documentation_edits_are_docs_lines_and_no_api_change() {
    assert_diff(
        "docs_only.yaml",
        0,
        &[
            "docs: operation Client::list_items documentation changed at #/paths/~1items/get",
            "docs: field models::Item::id documentation changed at #/components/schemas/Item/properties/id",
        ],
        "api change: none",
    );
}

#[test]
fn a_new_operation_and_a_new_optional_parameter_are_compatible() {
    assert_diff(
        "new_operation.yaml",
        0,
        &[
            "compatible: operation Client::delete_item added (-> requests::DeleteItem (DELETE /items/{id})) at #/paths/~1items~1{id}/delete",
            "compatible: required argument Client::delete_item(id) added (#1 impl Into<String>) at #/paths/~1items~1{id}/delete/parameters",
            "compatible: response requests::DeleteItem::send added (()) at #/paths/~1items~1{id}/delete/responses",
        ],
        "api change: compatible",
    );
    assert_diff(
        "new_optional_parameter.yaml",
        0,
        &[
            "compatible: setter requests::ListItems::cursor added (impl Into<String>) at #/paths/~1items/get/parameters",
        ],
        "api change: compatible",
    );
}

#[test]
fn a_new_required_parameter_and_removals_break_with_exit_4() {
    assert_diff(
        "new_required_parameter.yaml",
        4,
        &[
            "breaking: required argument Client::list_items(shop) added (#1 impl Into<String>) at #/paths/~1items/get/parameters",
        ],
        "api change: breaking",
    );
    assert_diff(
        "removed_property.yaml",
        4,
        &[
            "breaking: field models::Item::count removed (Option<i64>) at #/components/schemas/Item/properties/count",
        ],
        "api change: breaking",
    );
    let out = diff("removed_operation.yaml", &[]);
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stdout).contains(
        "breaking: operation Client::get_item removed (-> requests::GetItem (GET /items/{id})) at #/paths/~1items~1{id}/get\n"
    ));
}

#[test]
fn a_changed_type_breaks() {
    assert_diff(
        "int64_to_int32.yaml",
        4,
        &[
            "breaking: field models::Item::count changed: Option<i64> -> Option<i32> at #/components/schemas/Item/properties/count",
        ],
        "api change: breaking",
    );
}

/// Models, enums and `Server` are `#[non_exhaustive]` (structs are built
/// with `new` and `with_` setters, matches have a `_` arm): their growth
/// breaks no code written against them.
#[test]
fn growth_of_models_enums_and_servers_is_compatible() {
    assert_diff(
        "new_property.yaml",
        0,
        &[
            "compatible: field models::Item::note added (Option<String>) at #/components/schemas/Item/properties/note",
        ],
        "api change: compatible",
    );
    assert_diff(
        "new_enum_value.yaml",
        0,
        &[
            "compatible: variant models::Kind::Film added (\"film\") at #/components/schemas/Kind/enum",
        ],
        "api change: compatible",
    );
    assert_diff(
        "new_server.yaml",
        0,
        &["compatible: server Server::Sandbox added (https://sandbox.example.com) at #/servers/1"],
        "api change: compatible",
    );
}

#[test]
fn webhook_events_added_removed_and_changed_are_variants_of_webhook_event() {
    let out = Command::new(env!("CARGO_BIN_EXE_openapi-codegen"))
        .arg("diff")
        .arg(fixture("webhooks_old.yaml"))
        .arg(fixture("webhooks_new.yaml"))
        .output()
        .expect("the tool runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(4), "{stdout}");
    let event = "variant webhooks::WebhookEvent";
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            format!(
                r#"breaking: {event}::ItemGone removed (POST "itemGone"(String)) at #/webhooks/itemGone/post"#
            ),
            format!(
                r#"compatible: {event}::ItemListed added (POST "itemListed"(models::Sale)) at #/webhooks/itemListed/post"#
            ),
            format!(
                r#"breaking: {event}::ItemSold changed: POST "itemSold"(models::Sale) -> POST "itemSold"(String) at #/webhooks/itemSold/post"#
            ),
            "api change: breaking".to_owned(),
        ]
    );
}

#[test]
fn json_output_names_each_change_and_the_class() {
    let out = diff("new_optional_parameter.yaml", &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["api_change"], "compatible");
    assert_eq!(report["changes"][0]["item"], "requests::ListItems::cursor");
    assert_eq!(report["changes"][0]["kind"], "setter");
    assert_eq!(
        report["changes"][0]["pointer"],
        "#/paths/~1items/get/parameters"
    );
}

#[test]
fn bad_input_on_either_side_gives_its_diagnostics_and_usual_exit_codes() {
    let out = diff("invalid.yaml", &[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("invalid.yaml: 1 error") && stderr.contains("error at #/paths/"),
        "{stderr}"
    );
    let out = diff("no-such.yaml", &[]);
    assert_eq!(out.status.code(), Some(3));
    for args in [&["--format", "xml"][..], &["--out", "x"]] {
        assert_eq!(diff("base.yaml", args).status.code(), Some(2), "{args:?}");
    }
    let one = Command::new(env!("CARGO_BIN_EXE_openapi-codegen"))
        .args(["diff", "a.yaml"])
        .output()
        .expect("the tool runs");
    assert_eq!(one.status.code(), Some(2));
}

/// What `build.rs` warns with: the committed listing against the new one.
#[test]
fn a_regeneration_is_summarised_against_the_previous_listing() {
    let generate = |name: &str| {
        Config::new()
            .cargo_features(true)
            .generate_file(fixture(name))
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let listing_of = |generated: &openapi_codegen::Generated| {
        generated
            .files()
            .iter()
            .find(|f| f.path == Path::new(API_LISTING))
            .map(|f| f.contents.clone())
            .expect("a listing")
    };
    let base = generate("base.yaml");
    let previous = listing_of(&base);
    assert!(
        base.api_change_since(&previous).summary(8).is_empty(),
        "a no-op says nothing"
    );
    assert!(
        base.api_change_since("").summary(8).is_empty(),
        "nothing to compare with"
    );

    let grown = generate("new_property.yaml").api_change_since(&previous);
    assert_eq!(grown.class(), ApiClass::Compatible);
    let summary = grown.summary(8);
    assert!(
        summary[0].starts_with("the generated API changed: compatible (0 breaking, 2 compatible)"),
        "{summary:?}"
    );
    assert!(
        summary.contains(&"compatible: field shop::models::Item::note added (field shop::models::Item::note: Option<String>)".to_owned()),
        "{summary:?}"
    );
    // a new required property changes `new`: breaking
    let required = generate("new_required_property.yaml").api_change_since(&previous);
    assert_eq!(
        required.class(),
        ApiClass::Breaking,
        "{:?}",
        required.lines()
    );
    assert!(
        required
            .lines()
            .iter()
            .any(|l| l.starts_with("breaking: fn shop::models::Item::new changed")),
        "{:?}",
        required.lines()
    );
    let setter = generate("new_optional_parameter.yaml").api_change_since(&previous);
    assert_eq!(setter.class(), ApiClass::Compatible, "{:?}", setter.lines());
}
