//! Emission: the IR into the files of the generated crate. Each emitter is a
//! pure function from IR to tokens; this module formats them and adds the
//! hand-written runtime, unchanged.

mod auth;
mod bounds;
mod client;
pub(crate) mod common;
mod connection;
mod decode;
mod doc_examples;
mod example_tests;
mod features;
mod guide;
mod headers;
mod lib_rs;
mod method_docs;
mod mock;
mod models;
mod requests;
mod status_bodies;
mod webhooks;

use proc_macro2::TokenStream;

use crate::ir::Api;

pub use features::{ALL_TAGS, TagGates};

/// The runtime sources, copied into every generated crate as `runtime/`,
/// except `file_part.rs`, `unix_time.rs` and `dates.rs`: the models use
/// them, also without the `client` feature that `runtime/` needs, so they
/// go beside them.
const RUNTIME: &[(&str, &str)] = &[
    ("file_part.rs", include_str!("../../runtime/file_part.rs")),
    ("unix_time.rs", include_str!("../../runtime/unix_time.rs")),
    ("dates.rs", include_str!("../../runtime/dates.rs")),
    ("runtime/mod.rs", include_str!("../../runtime/mod.rs")),
    (
        "runtime/blocking.rs",
        include_str!("../../runtime/blocking.rs"),
    ),
    ("runtime/client.rs", include_str!("../../runtime/client.rs")),
    ("runtime/error.rs", include_str!("../../runtime/error.rs")),
    (
        "runtime/headers.rs",
        include_str!("../../runtime/headers.rs"),
    ),
    ("runtime/auth.rs", include_str!("../../runtime/auth.rs")),
    ("runtime/hooks.rs", include_str!("../../runtime/hooks.rs")),
    ("runtime/mock.rs", include_str!("../../runtime/mock.rs")),
    (
        "runtime/multipart.rs",
        include_str!("../../runtime/multipart.rs"),
    ),
    ("runtime/oauth2.rs", include_str!("../../runtime/oauth2.rs")),
    (
        "runtime/options.rs",
        include_str!("../../runtime/options.rs"),
    ),
    (
        "runtime/paginate.rs",
        include_str!("../../runtime/paginate.rs"),
    ),
    (
        "runtime/request.rs",
        include_str!("../../runtime/request.rs"),
    ),
    (
        "runtime/response.rs",
        include_str!("../../runtime/response.rs"),
    ),
    ("runtime/retry.rs", include_str!("../../runtime/retry.rs")),
    ("runtime/secret.rs", include_str!("../../runtime/secret.rs")),
    ("runtime/sse.rs", include_str!("../../runtime/sse.rs")),
    ("runtime/stream.rs", include_str!("../../runtime/stream.rs")),
    ("runtime/status.rs", include_str!("../../runtime/status.rs")),
    ("runtime/trace.rs", include_str!("../../runtime/trace.rs")),
    (
        "runtime/transport.rs",
        include_str!("../../runtime/transport.rs"),
    ),
    ("runtime/upload.rs", include_str!("../../runtime/upload.rs")),
];

/// The comparison the example tests make, copied beside them when there
/// are any.
const ROUND_TRIP: (&str, &str) = (
    "example_tests/round_trip.rs",
    include_str!("../../runtime/round_trip.rs"),
);

/// One generated file: a head (module docs, imports, or the whole file) and
/// a number of items, each emitted on demand from the IR, so that runs of
/// items can be emitted and formatted on different threads (tokens cannot
/// cross threads).
pub struct FileTokens<'a> {
    /// The path in the crate's source folder.
    pub path: &'static str,
    /// What comes first (module docs and imports, or the whole file).
    pub head: Box<dyn Fn() -> Item + Sync + 'a>,
    /// How many items follow the head.
    pub items: usize,
    /// Item `i` (`i < items`).
    pub item: Box<dyn Fn(usize) -> Item + Sync + 'a>,
}

/// One item of a file: tokens to format, and source text that follows them
/// as it is (for what the formatter cannot lay out well, such as the body of
/// a macro invocation).
#[derive(Default)]
pub struct Item {
    /// The tokens.
    pub tokens: TokenStream,
    /// Text written after the formatted tokens.
    pub text: Option<String>,
}

impl From<TokenStream> for Item {
    fn from(tokens: TokenStream) -> Self {
        Self { tokens, text: None }
    }
}

impl<'a> FileTokens<'a> {
    fn whole(path: &'static str, tokens: impl Fn() -> TokenStream + Sync + 'a) -> Self {
        Self {
            path,
            head: Box::new(move || Item::from(tokens())),
            items: 0,
            item: Box::new(|_| Item::default()),
        }
    }
}

/// The Rust modules generated from the IR, in a fixed order; `gates` says
/// which items only some tags' features compile.
pub fn emit<'a>(api: &'a Api, options: &'a Options, gates: &'a TagGates) -> Vec<FileTokens<'a>> {
    let cargo_features = options.cargo_features;
    let forms = requests::multipart_forms(api);
    // with tag features, what a file imports or defines for its items may
    // go unused in a build without them
    let allow_unused = move || {
        gates
            .is_on()
            .then(|| quote::quote!(#![allow(unused_imports, unused_macros, dead_code)]))
    };
    let mut files = vec![
        FileTokens::whole("lib.rs", move || lib_rs::lib_rs(api, options, gates)),
        FileTokens::whole("client.rs", move || client::client(api, gates)),
        FileTokens {
            path: "models.rs",
            head: Box::new(move || {
                let Item { tokens, text } = models::head(&api.types);
                let allow_unused = allow_unused();
                Item {
                    tokens: quote::quote!(#allow_unused #tokens),
                    text,
                }
            }),
            items: api.types.len(),
            item: Box::new(move |i| {
                api.types
                    .get(i)
                    .map(|def| {
                        let item = models::type_def(def, &api.types);
                        gates.gate(item, gates.type_def(&def.name).as_ref())
                    })
                    .unwrap_or_default()
            }),
        },
        FileTokens {
            path: "requests.rs",
            head: Box::new(move || {
                let head = requests::head(api);
                let allow_unused = allow_unused();
                Item::from(quote::quote!(#allow_unused #head))
            }),
            items: api.operations.len() + forms.len(),
            // the builders, then the multipart form of each body type
            item: Box::new(move |i| match api.operations.get(i) {
                Some(op) => gates.gate(
                    Item::from(requests::builder(api, op, cargo_features)),
                    gates.operation(op).as_ref(),
                ),
                None => i
                    .checked_sub(api.operations.len())
                    .and_then(|form| forms.get(form))
                    .map(|name| {
                        let form = Item::from(requests::multipart_form(api, name));
                        gates.gate(form, gates.type_def(name).as_ref())
                    })
                    .unwrap_or_default(),
            }),
        },
    ];
    if !api.webhooks.is_empty() {
        files.push(FileTokens::whole("webhooks.rs", move || {
            webhooks::webhooks(api)
        }));
    }
    // the `test-util` mock, behind a cargo feature of the crate
    if cargo_features {
        files.push(FileTokens::whole("mock.rs", move || mock::mock(api, gates)));
    }
    if has_example_tests(api, options) {
        let groups = example_tests::groups(api);
        files.push(FileTokens {
            path: "example_tests/mod.rs",
            head: Box::new(move || Item::from(example_tests::head(api.examples.len()))),
            items: groups.len(),
            item: Box::new(move |i| {
                // (a test of a type that only some tags' features compile
                // has their gate)
                (groups.get(i))
                    .map(|group| {
                        let mut names = Vec::new();
                        group.ty().named_types(&mut names);
                        let item = Item::from(example_tests::test(group));
                        gates.gate(item, gates.type_defs(&names).as_ref())
                    })
                    .unwrap_or_default()
            }),
        });
    }
    files
}

/// Whether the crate gets example tests: asked for, and the document
/// gives examples.
fn has_example_tests(api: &Api, options: &Options) -> bool {
    options.example_tests && !api.examples.is_empty()
}

/// What the emitted code is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The library name (used in doc examples).
    pub crate_name: String,
    /// A Markdown file appended to the crate docs.
    pub doctest_include: Option<String>,
    /// Whether the code is a crate root (crate docs and attributes) or a
    /// module of another crate.
    pub crate_root: bool,
    /// Whether the client sits behind cargo features `client` (the default
    /// one: without it the crate is types only), `blocking` and
    /// `test-util` (the mock).
    pub cargo_features: bool,
    /// Whether to emit the example tests (`Config::example_tests`).
    pub example_tests: bool,
}

/// The hand-written runtime files, as they are: those every crate has, the
/// webhooks' support when the API sends webhooks, and the example tests'
/// comparison when the crate has them.
pub fn runtime_files(api: &Api, options: &Options) -> Vec<(&'static str, &'static str)> {
    let mut files = RUNTIME.to_vec();
    if !api.webhooks.is_empty() {
        files.push(WEBHOOK_SUPPORT);
    }
    if has_example_tests(api, options) {
        files.push(ROUND_TRIP);
    }
    files
}

/// Every hand-written runtime file, whatever an API needs of them.
#[cfg(test)]
pub fn every_runtime_file() -> Vec<(&'static str, &'static str)> {
    let mut files = RUNTIME.to_vec();
    files.extend([WEBHOOK_SUPPORT, ROUND_TRIP]);
    files
}

/// What the `webhooks` module needs, beside the models (it works without
/// the `client` feature).
const WEBHOOK_SUPPORT: (&str, &str) = ("webhook.rs", include_str!("../../runtime/webhook.rs"));
