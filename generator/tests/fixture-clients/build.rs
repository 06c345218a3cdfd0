//! Generates fifteen fixture documents into `OUT_DIR` as module files: one
//! with every query style, one with secret parameters in every location,
//! one with every kind of security scheme, one with `multipart/form-data`
//! bodies, one with every kind of union, one with unions a
//! first-that-decodes rule confuses, one with unions whose alternatives
//! differ only inside a property, one with schemas whose keywords mix
//! kinds (an `allOf` beside `type: object`), one with declared response headers,
//! one with idempotency keys, one with webhooks and callbacks, one with
//! success bodies by status, one with dates in every place (one type
//! keeping serde's derive), one with streamed responses and uploads (with
//! the cargo features' items: `send_blocking`, the mock), and one with the
//! user's settings (a format and a schema mapped to types of this
//! crate, extra derives, an attribute), with the settings
//! `generator/tests/snapshots.rs` snapshots (one shared file).

use std::path::{Path, PathBuf};

use openapi_codegen::{Config, Layout};

include!("../fixtures/settings/customised.rs");

const FIXTURES: &str = "../fixtures";

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    generate(
        Config::new().crate_name("query_styles"),
        "query_styles.yaml",
        &out,
    );
    generate(
        Config::new().crate_name("secret_params"),
        "secret_params.yaml",
        &out,
    );
    generate(
        // cargo features, for the `test-util` mock
        Config::new()
            .crate_name("security_schemes")
            .cargo_features(true),
        "security_schemes.yaml",
        &out,
    );
    generate(
        Config::new().crate_name("multipart"),
        "multipart.yaml",
        &out,
    );
    generate(Config::new().crate_name("unions"), "unions.yaml", &out);
    generate(
        Config::new().crate_name("idempotency"),
        "idempotency.yaml",
        &out,
    );
    generate(
        Config::new().crate_name("ambiguous_unions"),
        "ambiguous_unions.yaml",
        &out,
    );
    generate(
        Config::new().crate_name("nested_unions"),
        "nested_unions.yaml",
        &out,
    );
    generate(
        Config::new().crate_name("mixed_keywords"),
        "mixed_keywords.yaml",
        &out,
    );
    generate(
        Config::new().crate_name("response_headers"),
        "response_headers.yaml",
        &out,
    );
    generate(Config::new().crate_name("events"), "webhooks.yaml", &out);
    generate(
        Config::new()
            .crate_name("lenient_dates")
            .type_attribute("Window", "#[serde(deny_unknown_fields)]"),
        "lenient_dates.yaml",
        &out,
    );
    generate(
        Config::new().crate_name("status_bodies"),
        "status_bodies.yaml",
        &out,
    );
    generate(
        Config::new().crate_name("streams").cargo_features(true),
        "streams.yaml",
        &out,
    );
    generate(
        customised().crate_name("accounts"),
        "settings/customised.yaml",
        &out,
    );
}

fn generate(config: Config, fixture: &str, out: &Path) {
    let path = format!("{FIXTURES}/{fixture}");
    println!("cargo::rerun-if-changed={path}");
    let generated = config
        .layout(Layout::Module)
        .generate_file(&path)
        .unwrap_or_else(|error| {
            eprintln!("{error}");
            std::process::exit(1)
        });
    if let Err(error) = generated.write_to(out) {
        eprintln!("cannot write to OUT_DIR: {error}");
        std::process::exit(1);
    }
}
