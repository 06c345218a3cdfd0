//! Emission: the IR into the files of the generated crate. Each emitter is a
//! pure function from IR to tokens; this module formats them and adds the
//! hand-written runtime, unchanged.

mod bounds;
mod client;
pub(crate) mod common;
mod connection;
mod decode;
mod doc_examples;
mod example_tests;
mod guide;
mod headers;
mod lib_rs;
mod method_docs;
mod mock;
mod models;
mod requests;

use proc_macro2::TokenStream;

use crate::ir::Api;

/// The runtime sources, copied into every generated crate as `runtime/`,
/// except `file_part.rs`: the models use it, also without the `client`
/// feature that `runtime/` needs, so it goes beside them.
const RUNTIME: &[(&str, &str)] = &[
    ("file_part.rs", include_str!("../../runtime/file_part.rs")),
    ("unix_time.rs", include_str!("../../runtime/unix_time.rs")),
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
    ("runtime/hooks.rs", include_str!("../../runtime/hooks.rs")),
    ("runtime/mock.rs", include_str!("../../runtime/mock.rs")),
    (
        "runtime/multipart.rs",
        include_str!("../../runtime/multipart.rs"),
    ),
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
    ("runtime/trace.rs", include_str!("../../runtime/trace.rs")),
    (
        "runtime/transport.rs",
        include_str!("../../runtime/transport.rs"),
    ),
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

/// The Rust modules generated from the IR, in a fixed order.
pub fn emit<'a>(api: &'a Api, options: &'a Options) -> Vec<FileTokens<'a>> {
    let cargo_features = options.cargo_features;
    let forms = requests::multipart_forms(api);
    let mut files = vec![
        FileTokens::whole("lib.rs", move || lib_rs::lib_rs(api, options)),
        FileTokens::whole("client.rs", move || client::client(api)),
        FileTokens {
            path: "models.rs",
            head: Box::new(move || models::head(&api.types)),
            items: api.types.len(),
            item: Box::new(move |i| {
                api.types
                    .get(i)
                    .map(|def| models::type_def(def, &api.types))
                    .unwrap_or_default()
            }),
        },
        FileTokens {
            path: "requests.rs",
            head: Box::new(move || Item::from(requests::head(api))),
            items: api.operations.len() + forms.len(),
            // the builders, then the multipart form of each body type
            item: Box::new(move |i| match api.operations.get(i) {
                Some(op) => Item::from(requests::builder(api, op, cargo_features)),
                None => i
                    .checked_sub(api.operations.len())
                    .and_then(|form| forms.get(form))
                    .map(|name| Item::from(requests::multipart_form(api, name)))
                    .unwrap_or_default(),
            }),
        },
    ];
    // the `test-util` mock, behind a cargo feature of the crate
    if cargo_features {
        files.push(FileTokens::whole("mock.rs", move || mock::mock(api)));
    }
    if has_example_tests(api, options) {
        let groups = example_tests::groups(api);
        files.push(FileTokens {
            path: "example_tests/mod.rs",
            head: Box::new(move || Item::from(example_tests::head(api.examples.len()))),
            items: groups.len(),
            item: Box::new(move |i| {
                (groups.get(i))
                    .map(|group| Item::from(example_tests::test(group)))
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

/// The hand-written runtime files, as they are (with the example tests'
/// comparison when the crate has them).
pub fn runtime_files(api: &Api, options: &Options) -> Vec<(&'static str, &'static str)> {
    let round_trip = has_example_tests(api, options).then_some(ROUND_TRIP);
    RUNTIME.iter().copied().chain(round_trip).collect()
}
