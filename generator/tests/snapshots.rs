//! Snapshot tests: the code generated for every fixture document (and for
//! the bindings' own schema), and the exact error text for every invalid
//! document. Adding a case means adding a file under `fixtures/`.

use std::path::Path;

use openapi_codegen::{API_LISTING, Config, Generated, Layout, TagFeatures};

/// The generated files that are not verbatim runtime copies (`runtime/`,
/// `file_part.rs` and `webhook.rs`) or the API listing (snapshotted on its own), each
/// under a `==> path <==` line.
fn render(generated: &Generated) -> String {
    generated
        .files()
        .iter()
        .filter(|f| !f.path.starts_with("runtime"))
        .filter(|f| f.path != Path::new("file_part.rs") && f.path != Path::new("webhook.rs"))
        .filter(|f| f.path != Path::new(API_LISTING))
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

/// Tags as cargo features: what each tag's feature gates.
#[test]
fn tag_features_gate_each_tags_items() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tag_features.yaml");
    let generated = Config::new()
        .cargo_features(true)
        .tag_features(TagFeatures::On)
        .generate_file(path)
        .unwrap_or_else(|e| panic!("{e}"));
    insta::assert_snapshot!(render(&generated));
}

/// `TagFeatures::Auto` gates a large document's tags in a crate of its own,
/// whose manifest declares the features, and not in a module for another
/// crate, whose manifest the user writes without them.
#[test]
fn automatic_tag_features_gate_crates_not_modules() {
    let operations: String = (0..openapi_codegen::TAG_FEATURES_MIN_OPERATIONS)
        .map(|i| {
            let tag = if i % 2 == 0 { "even" } else { "odd" };
            format!("  /things/{i}:\n    get:\n      operationId: thing{i}\n      tags: [{tag}]\n      responses:\n        '204': {{description: done}}\n")
        })
        .collect();
    let text = format!("openapi: 3.0.3\ninfo: {{title: Big, version: '1'}}\npaths:\n{operations}");
    let gated = |layout: Layout| {
        let generated = Config::new()
            .cargo_features(true)
            .layout(layout)
            .generate(&text)
            .unwrap_or_else(|e| panic!("{e}"));
        (generated.files().iter()).any(|f| f.contents.contains(r#"feature = "tag-even""#))
    };
    assert!(gated(Layout::Crate), "a crate's tags are features");
    assert!(!gated(Layout::Module), "a module's are not");
}

/// Documents split over several files: each folder of
/// `fixtures/multi_file/` holds one, `openapi.yaml` (or `.json`) and the
/// files it refers to, which are no documents of their own.
#[test]
fn multi_file_documents_generate_the_snapshotted_code() {
    insta::glob!("fixtures/multi_file/*/openapi.{yaml,json}", |path| {
        let generated = Config::new()
            .generate_file(path)
            .unwrap_or_else(|e| panic!("{e}"));
        insta::assert_snapshot!(render(&generated));
        insta::assert_snapshot!("multi_file_warnings", render_warnings(&generated));
    });
}

/// Every file a split document is read from is an input (for
/// `rerun-if-changed`), each once, as found from the document's folder.
#[test]
fn every_file_read_is_listed_as_an_input() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/multi_file/petstore");
    let generated = Config::new()
        .generate_file(folder.join("openapi.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut inputs: Vec<String> = generated
        .input_files()
        .iter()
        .map(|p| {
            let relative = p.strip_prefix(&folder).unwrap_or(p);
            relative.display().to_string()
        })
        .collect();
    assert_eq!(inputs.first().map(String::as_str), Some("openapi.yaml"));
    inputs.sort();
    let expected = [
        "common.yaml",
        "openapi.yaml",
        "paths/pets.yaml",
        "schemas/pet.yaml",
        "schemas/tag.json",
    ];
    // read from where the references are: `paths/../common.yaml` is common.yaml
    let tidy: Vec<String> = inputs
        .iter()
        .map(|i| {
            let mut parts: Vec<&str> = Vec::new();
            for part in i.split('/') {
                match part {
                    ".." => {
                        parts.pop();
                    }
                    "." => {}
                    other => parts.push(other),
                }
            }
            parts.join("/")
        })
        .collect();
    let mut tidy_sorted = tidy.clone();
    tidy_sorted.sort();
    tidy_sorted.dedup();
    assert_eq!(tidy_sorted, expected, "{inputs:?}");
    assert_eq!(tidy.len(), expected.len(), "each file once: {inputs:?}");
    let text_only = Config::new().generate("");
    assert!(text_only.is_err());
}

/// A document given as text has no folder: a reference to a file is an
/// error that says to generate from the file.
#[test]
fn text_documents_cannot_refer_to_files() {
    let document = r##"
openapi: 3.0.3
info: {title: Text, version: "1"}
paths: {}
components:
  schemas:
    Pet: {$ref: "schemas/pet.yaml"}
"##;
    let error = match Config::new().generate(document) {
        Ok(_) => panic!("a text document that refers to a file should not generate"),
        Err(error) => error,
    };
    insta::assert_snapshot!(error.to_string(), @r"
    openapi.yaml: 1 error
    error at #/components/schemas/Pet/$ref: `$ref: schemas/pet.yaml` refers to another file, and a document given as text has no folder
      hint: generate from the file (`generate_file`, or the command line), so references are read from its folder
    ");
}

#[test]
fn invalid_multi_file_documents_give_the_snapshotted_errors() {
    insta::glob!(
        "fixtures/invalid/multi_file/*/openapi.{yaml,json}",
        |path| {
            let error = match Config::new().generate_file(path) {
                Ok(_) => panic!("{} should not generate", path.display()),
                Err(error) => error,
            };
            insta::assert_snapshot!(error.to_string());
        }
    );
}

/// The API listing of a small API and of one with unions and enums (the
/// runtime's lines are in every listing; the bindings' own is committed as
/// `generated/API.txt`).
#[test]
fn api_listings_are_snapshotted() {
    for fixture in ["pets.yaml", "unions.yaml"] {
        let generated = generate_cleanly(Config::new(), &format!("tests/fixtures/{fixture}"));
        let listing = generated
            .files()
            .iter()
            .find(|f| f.path == Path::new(API_LISTING))
            .map(|f| f.contents.clone())
            .unwrap_or_default();
        insta::assert_snapshot!(format!("api_listing_{fixture}"), listing);
    }
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

/// Generates `path` (relative to the generator crate) with `config`, which
/// must not warn.
fn generate_cleanly(config: Config, path: &str) -> Generated {
    let generated = config
        .generate_file(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        generated.warnings().is_empty(),
        "{:?}",
        generated.warnings()
    );
    generated
}

#[test]
fn the_customer_groups_schema_generates_the_snapshotted_code() {
    let config = Config::new().crate_name("rutter_customer_groups");
    let generated = generate_cleanly(config, "../schema/customer_groups.yaml");
    insta::assert_snapshot!(render(&generated));
}

include!("fixtures/settings/customised.rs");

#[test]
fn settings_change_the_generated_types_as_snapshotted() {
    let generated = generate_cleanly(customised(), "tests/fixtures/settings/customised.yaml");
    insta::assert_snapshot!(render(&generated));
}

#[test]
fn settings_that_are_not_rust_or_match_nothing_are_diagnosed() {
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/settings/customised.yaml");
    let error = match Config::new()
        .format_type("uuid", "uuid:Uuid")
        .extra_derive("serde::")
        .type_attribute("Account", "serde(deny_unknown_fields)")
        .generate_file(&fixture)
    {
        Ok(_) => panic!("invalid settings should not generate"),
        Err(error) => error,
    };
    insta::assert_snapshot!("invalid_settings", error.to_string());
    let generated = customised()
        .schema_type("Cash", "crate::Cash")
        .type_attribute("Acount", "#[derive(Default)]")
        .generate_file(&fixture)
        .unwrap_or_else(|e| panic!("{e}"));
    insta::assert_snapshot!("unmatched_settings", render_warnings(&generated));
}

#[test]
fn dubious_documents_generate_with_the_snapshotted_warnings() {
    insta::glob!("fixtures/dubious/*.{yaml,json}", |path| {
        let generated = Config::new()
            .generate_file(path)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            !generated.warnings().is_empty(),
            "{} should warn",
            path.display()
        );
        insta::assert_snapshot!(render_warnings(&generated));
    });
}

#[test]
fn schema_type_replaces_references_to_the_schema_not_into_it() {
    let document = r##"
openapi: 3.0.3
info: {title: Nested, version: "1"}
paths: {}
components:
  schemas:
    amount: {type: string}
    Money:
      type: object
      properties:
        amount: {type: integer}
    Price:
      type: object
      properties:
        amount: {$ref: "#/components/schemas/Money/properties/amount"}
        total: {$ref: "#/components/schemas/Money"}
"##;
    let generated = Config::new()
        .schema_type("amount", "my::Amount")
        .schema_type("Money", "my::Money")
        .generate(document)
        .unwrap_or_else(|e| panic!("{e}"));
    let models = generated
        .files()
        .iter()
        .find(|f| f.path.ends_with("models.rs"))
        .map(|f| f.contents.clone())
        .unwrap_or_default();
    assert!(models.contains("pub amount: Option<i64>,"), "{models}");
    assert!(models.contains("pub total: Option<my::Money>,"), "{models}");
}

/// The example tests (`Config::example_tests`) of `fixtures/examples.yaml`:
/// one test per type with examples, each example with its pointer, its
/// schema and the places of its undeclared properties. Off by default, and
/// nothing for a document without examples.
#[test]
fn example_tests_are_generated_on_request() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let module = Path::new("example_tests/mod.rs");
    let comparison = Path::new("example_tests/round_trip.rs");
    let has = |generated: &Generated, path: &Path| generated.files().iter().any(|f| f.path == path);
    let examples = fixtures.join("examples.yaml");
    let generated = Config::new()
        .example_tests(true)
        .generate_file(&examples)
        .unwrap_or_else(|e| panic!("{e}"));
    let tests = generated.files().iter().find(|f| f.path == module);
    insta::assert_snapshot!(tests.map(|f| f.contents.as_str()).unwrap_or_default());
    assert!(has(&generated, comparison));
    let lib = generated
        .files()
        .iter()
        .find(|f| f.path == Path::new("lib.rs"));
    assert!(lib.is_some_and(|f| {
        f.contents
            .contains("#[cfg(test)]\n#[rustfmt::skip]\nmod example_tests;")
    }));
    let default = Config::new()
        .generate_file(&examples)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!has(&default, module) && !has(&default, comparison));
    let none = Config::new()
        .example_tests(true)
        .generate_file(fixtures.join("pets.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!has(&none, module) && !has(&none, comparison));
}

/// With an operation filter, only the examples of the types kept are
/// tested: those of pruned types would name types that are not generated.
#[test]
fn example_tests_follow_the_operation_filter() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/examples.yaml");
    let generated = Config::new()
        .example_tests(true)
        .include_operation_id("listToys")
        .generate_file(examples)
        .unwrap_or_else(|e| panic!("{e}"));
    let module = generated
        .files()
        .iter()
        .find(|f| f.path == Path::new("example_tests/mod.rs"))
        .map(|f| f.contents.as_str())
        .unwrap_or_default();
    assert!(
        module.contains("fn list_of_toy()") && module.contains("fn toy()"),
        "{module}"
    );
    assert!(!module.contains("Pet"), "{module}");
}
