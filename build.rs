//! Regenerates `generated/` from `schema/customer_groups.yaml` during `cargo
//! build`. Files are written only when their content changes, so a build of
//! an up-to-date checkout writes nothing and recompiles nothing.

const SCHEMA: &str = "schema/customer_groups.yaml";

fn main() {
    println!("cargo::rerun-if-changed={SCHEMA}");
    #[cfg(feature = "regenerate")]
    regenerate();
}

#[cfg(feature = "regenerate")]
fn regenerate() {
    let config = openapi_codegen::Config::new()
        .crate_name("rutter_customer_groups")
        .doctest_include("../README.md")
        .cargo_features(true);
    let generated = config
        .generate_file(SCHEMA)
        .unwrap_or_else(|error| fail(&error));
    // the schema and every file its references led to
    for input in generated.input_files() {
        println!("cargo::rerun-if-changed={}", input.display());
    }
    for warning in generated.warnings() {
        println!("cargo::warning={}", warning.to_string().replace('\n', " "));
    }
    // the committed listing, read before it is rewritten: a changed API is
    // a warning with its class (a rebuild that changes nothing says nothing)
    let previous = std::fs::read_to_string("generated/API.txt").unwrap_or_default();
    generated
        .write_to("generated")
        .unwrap_or_else(|error| fail(&format!("cannot write generated/: {error}")));
    for line in generated.api_change_since(&previous).summary(8) {
        println!("cargo::warning={line}");
    }
}

#[cfg(feature = "regenerate")]
fn fail(error: &dyn std::fmt::Display) -> ! {
    eprintln!("{error}");
    std::process::exit(1)
}
