//! Generates the Customer Groups operations of Rutter's published OpenAPI
//! 3.1 document into `OUT_DIR` as one module file (the `include!` mode of
//! the generator), and sets `cfg(rutter_spec)` when it did. Without the
//! document (a clone with no `../shared` beside it) it generates nothing,
//! unless `REQUIRE_SHARED_SPECS=1` makes that an error.

// The tests' helpers come along unused: one file states the rule for both.
#[allow(dead_code)]
#[path = "src/shared.rs"]
mod shared;

use std::path::PathBuf;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(rutter_spec)");
    println!("cargo::rerun-if-env-changed={}", shared::REQUIRE_VARIABLE);
    println!("cargo::rerun-if-changed=build.rs");
    let spec = match shared::find(shared::RUTTER_SPEC) {
        Ok(Some(spec)) => spec,
        Ok(None) => return,
        Err(message) => fail(&message),
    };
    println!("cargo::rerun-if-changed={}", spec.display());
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let generated = openapi_codegen::Config::new()
        .crate_name("rutter_spec")
        .layout(openapi_codegen::Layout::Module)
        .include_path_prefix("/customer_groups")
        .generate_file(&spec)
        .unwrap_or_else(|error| fail(&error.to_string()));
    if let Err(error) = generated.write_to(&out) {
        fail(&format!("cannot write to OUT_DIR: {error}"));
    }
    println!("cargo::rustc-cfg=rutter_spec");
}

fn fail(message: &str) -> ! {
    eprintln!("{message}");
    std::process::exit(1)
}
