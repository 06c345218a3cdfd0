//! Snapshot tests: the code generated for every fixture document (and for
//! the bindings' own schema), and the exact error text for every invalid
//! document. Adding a case means adding a file under `fixtures/`.

use std::path::Path;

use openapi_codegen::{Config, Generated};

/// The generated files that are not verbatim runtime copies, each under a
/// `==> path <==` line.
fn render(generated: &Generated) -> String {
    generated
        .files()
        .iter()
        .filter(|f| !f.path.starts_with("runtime"))
        .map(|f| format!("==> {} <==\n{}", f.path.display(), f.contents))
        .collect::<Vec<_>>()
        .join("\n")
}

fn render_warnings(generated: &Generated) -> String {
    generated
        .warnings()
        .iter()
        .map(|w| format!("{w}\n"))
        .collect()
}

#[test]
fn fixtures_generate_the_snapshotted_code() {
    insta::glob!("fixtures/*.{yaml,json}", |path| {
        let generated = Config::new()
            .generate_file(path)
            .unwrap_or_else(|e| panic!("{e}"));
        insta::assert_snapshot!(render(&generated));
        insta::assert_snapshot!("warnings", render_warnings(&generated));
    });
}

#[test]
fn invalid_documents_give_the_snapshotted_errors() {
    insta::glob!("fixtures/invalid/*.{yaml,json}", |path| {
        let error = match Config::new().generate_file(path) {
            Ok(_) => panic!("{} should not generate", path.display()),
            Err(error) => error,
        };
        insta::assert_snapshot!(error.to_string());
    });
}

#[test]
fn the_customer_groups_schema_generates_the_snapshotted_code() {
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema/customer_groups.yaml");
    let generated = Config::new()
        .crate_name("rutter_customer_groups")
        .generate_file(schema)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        generated.warnings().is_empty(),
        "{:?}",
        generated.warnings()
    );
    insta::assert_snapshot!(render(&generated));
}
