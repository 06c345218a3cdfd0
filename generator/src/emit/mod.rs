//! Emission: the IR into the files of the generated crate. Each emitter is a
//! pure function from IR to tokens; this module formats them and adds the
//! hand-written runtime, unchanged.

mod client;
mod common;
mod lib_rs;
mod models;
mod requests;

use proc_macro2::TokenStream;

use crate::customise::Customisations;
use crate::ir::Api;

/// The runtime sources, copied into every generated crate as `runtime/`.
const RUNTIME: &[(&str, &str)] = &[
    ("runtime/mod.rs", include_str!("../../runtime/mod.rs")),
    (
        "runtime/blocking.rs",
        include_str!("../../runtime/blocking.rs"),
    ),
    ("runtime/client.rs", include_str!("../../runtime/client.rs")),
    ("runtime/error.rs", include_str!("../../runtime/error.rs")),
    (
        "runtime/paginate.rs",
        include_str!("../../runtime/paginate.rs"),
    ),
    (
        "runtime/request.rs",
        include_str!("../../runtime/request.rs"),
    ),
    ("runtime/retry.rs", include_str!("../../runtime/retry.rs")),
    ("runtime/secret.rs", include_str!("../../runtime/secret.rs")),
    ("runtime/trace.rs", include_str!("../../runtime/trace.rs")),
];

/// The Rust modules generated from the IR, as tokens, in a fixed order.
pub fn emit(api: &Api, options: &Options) -> Vec<(&'static str, TokenStream)> {
    vec![
        ("lib.rs", lib_rs::lib_rs(api, options)),
        ("client.rs", client::client(api)),
        ("models.rs", models::models(&api.types, &options.customise)),
        (
            "requests.rs",
            requests::requests(api, options.cargo_features),
        ),
    ]
}

/// What the emitted code is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The library name (used in doc examples).
    pub crate_name: String,
    /// A Markdown file appended to the crate docs.
    pub doc_include: Option<String>,
    /// Whether the code is a crate root (crate docs and attributes) or a
    /// module of another crate.
    pub crate_root: bool,
    /// Whether the client sits behind cargo features `client` (the default
    /// one: without it the crate is types only) and `blocking`.
    pub cargo_features: bool,
    /// The user's derives and attributes for the generated types.
    pub customise: Customisations,
}

/// The hand-written runtime files, as they are.
pub fn runtime_files() -> &'static [(&'static str, &'static str)] {
    RUNTIME
}
