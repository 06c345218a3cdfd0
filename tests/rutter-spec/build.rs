//! Generates the Customer Groups operations of Rutter's published OpenAPI
//! 3.1 document into `OUT_DIR` as one module file (the `include!` mode of
//! the generator).

use std::path::PathBuf;

const SPEC: &str = "../../../shared/specs/rutter/rutter-2023-03-14.yaml";

fn main() {
    println!("cargo::rerun-if-changed={SPEC}");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let generated = openapi_codegen::Config::new()
        .crate_name("rutter_spec")
        .layout(openapi_codegen::Layout::Module)
        .include_path_prefix("/customer_groups")
        .generate_file(SPEC)
        .unwrap_or_else(|error| {
            eprintln!("{error}");
            std::process::exit(1)
        });
    if let Err(error) = generated.write_to(&out) {
        eprintln!("cannot write to OUT_DIR: {error}");
        std::process::exit(1);
    }
}
