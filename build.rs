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
        .doc_include("../README.md")
        .cargo_features(true);
    let generated = config
        .generate_file(SCHEMA)
        .unwrap_or_else(|error| fail(&error));
    for warning in generated.warnings() {
        println!("cargo::warning={}", warning.to_string().replace('\n', " "));
    }
    generated
        .write_to("generated")
        .unwrap_or_else(|error| fail(&format!("cannot write generated/: {error}")));
}

#[cfg(feature = "regenerate")]
fn fail(error: &dyn std::fmt::Display) -> ! {
    eprintln!("{error}");
    std::process::exit(1)
}
