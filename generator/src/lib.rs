//! Generates a typed Rust client from an OpenAPI 3.0 document: models with
//! serde, one request builder per operation, a `Client` with a builder, and
//! one typed `Error`.
//!
//! Generation is a pure function from document text to files in memory;
//! writing them is a separate step, which only touches files whose content
//! changed. That makes it fit for a `build.rs`:
//!
//! ```no_run
//! // build.rs of a crate whose `[lib] path` is `generated/lib.rs`
//! fn main() {
//!     println!("cargo::rerun-if-changed=schema/api.yaml");
//!     let generated = openapi_codegen::Config::new()
//!         .crate_name("my_api")
//!         .generate_file("schema/api.yaml")
//!         .unwrap_or_else(|error| {
//!             eprintln!("{error}");
//!             std::process::exit(1);
//!         });
//!     // the files the document's `$ref`s led to (it may be split over several)
//!     for input in generated.input_files() {
//!         println!("cargo::rerun-if-changed={}", input.display());
//!     }
//!     for warning in generated.warnings() {
//!         println!("cargo::warning={}", warning.to_string().replace('\n', " "));
//!     }
//!     if let Err(error) = generated.write_to("generated") {
//!         eprintln!("cannot write generated/: {error}");
//!         std::process::exit(1);
//!     }
//! }
//! ```
//!
//! Or into `OUT_DIR`, as one module file the crate includes, with your own
//! types for some formats and an extra derive:
//!
//! ```no_run
//! // build.rs
//! fn main() {
//!     println!("cargo::rerun-if-changed=api.yaml");
//!     let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
//!     let generated = openapi_codegen::Config::new()
//!         .crate_name("my_api")
//!         .layout(openapi_codegen::Layout::Module) // one file: my_api.rs
//!         .include_tag("billing") // only these operations, and the types they use
//!         .format_type("uuid", "uuid::Uuid")
//!         .extra_derive("Hash")
//!         .generate_file("api.yaml")
//!         .unwrap_or_else(|error| {
//!             eprintln!("{error}");
//!             std::process::exit(1);
//!         });
//!     if let Err(error) = generated.write_to(&out) {
//!         eprintln!("cannot write to {out}: {error}");
//!         std::process::exit(1);
//!     }
//! }
//! // src/lib.rs:
//! // pub mod my_api {
//! //     include!(concat!(env!("OUT_DIR"), "/my_api.rs"));
//! // }
//! ```
//!
//! The pipeline: load (text to document) → validate (all
//! problems at once, each with a JSON pointer) → lower (document to a plain
//! IR) → emit (IR to tokens) → format (prettyplease) → write.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::todo,
    clippy::unimplemented,
    clippy::indexing_slicing
)]
// The build.rs example above needs its `fn main`.
#![allow(clippy::needless_doctest_main)]
#![cfg_attr(
    test,
    allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

mod api;
mod bundle;
mod customise;
mod diagnostics;
mod doc_blocks;
mod emit;
mod filter;
mod format;
mod ir;
mod lenient;
mod load;
mod lower;
mod manifest;
mod naming;
mod normalise;
mod validate;
mod walk;
mod write;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use std::{fs, io};

use customise::Customisations;

pub use api::{ApiChange, ApiDiff, Change, Class as ApiClass, ItemKind};
pub use diagnostics::{Diagnostic, GenerateError, Pointer, Severity};
pub use filter::OperationFilter;
pub use write::write_if_changed;

/// Settings for one generation run, in the style of `prost_build::Config`.
#[derive(Debug, Clone, Default)]
pub struct Config {
    crate_name: Option<String>,
    source_name: Option<String>,
    doctest_include: Option<String>,
    filter: OperationFilter,
    layout: Layout,
    cargo_features: bool,
    example_tests: bool,
    tag_features: TagFeatures,
    customise: Customisations,
}

/// Whether each tag of the document becomes a cargo feature of the crate
/// (`tag-pets`, all of them on through the default `all-tags`), so that a
/// program that needs a few tags of a large API compiles only their
/// operations and the types those reach. Only with
/// [`Config::cargo_features`]; the crate's manifest must declare the
/// features ([`Generated::write_crate`] writes them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TagFeatures {
    /// On for documents with at least [`TAG_FEATURES_MIN_OPERATIONS`]
    /// operations and two tags in a crate of their own ([`Layout::Crate`],
    /// whose manifest [`Generated::write_crate`] writes with the features);
    /// off for smaller documents, whose crates build in seconds anyway, and
    /// for [`Layout::Module`], which goes into a crate whose manifest the
    /// user writes (without `tag-*` features, every tag's operations would
    /// be compiled out). [`TagFeatures::On`] gates a module too.
    #[default]
    Auto,
    /// On whenever the document has a tag.
    On,
    /// Off: every operation is always compiled.
    Off,
}

/// How many operations make [`TagFeatures::Auto`] put tags behind features.
pub const TAG_FEATURES_MIN_OPERATIONS: usize = 200;

/// How the generated code is laid out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Layout {
    /// A crate's source folder: `lib.rs`, `models.rs`, `requests.rs`,
    /// `client.rs`, `file_part.rs` and `runtime/`, with crate docs and crate
    /// attributes.
    #[default]
    Crate,
    /// One file, `<crate_name>.rs`, to `include!` into a module of another
    /// crate (for example from `OUT_DIR` in its build script). Modules are
    /// inline, paths are relative, and there are no crate attributes.
    Module,
}

impl Config {
    /// The default settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// The library name of the crate the code goes into (used in its doc
    /// examples, e.g. `rutter_customer_groups`). Default: from the API title.
    #[must_use]
    pub fn crate_name(mut self, name: impl Into<String>) -> Self {
        self.crate_name = Some(name.into());
        self
    }

    /// A Markdown file whose Rust code blocks run as the crate's doctests,
    /// without being part of its rendered docs (a `#[cfg(doctest)]` item
    /// documented with `include_str!` of this path, relative to the
    /// generated `lib.rs`), e.g. `"../README.md"`.
    #[must_use]
    pub fn doctest_include(mut self, path: impl Into<String>) -> Self {
        self.doctest_include = Some(path.into());
        self
    }

    /// Puts the HTTP client behind cargo features the crate must declare:
    /// `client` (on by default in the manifest; without it the crate is the
    /// data types only) and `blocking` (`send_blocking()` on every request).
    /// Default: off (no `cfg`s; everything is always compiled).
    #[must_use]
    pub fn cargo_features(mut self, on: bool) -> Self {
        self.cargo_features = on;
        self
    }

    /// Adds a test module to the generated code (`#[cfg(test)]`, in its
    /// own file `example_tests/mod.rs`) that decodes every JSON example the
    /// document gives — of request bodies, of success responses and of
    /// component schemas — into its type, encodes it back and compares
    /// with the example: a test per type fails naming the JSON pointer of
    /// each example that does not decode or loses data. So after updating
    /// a vendor's document, `cargo test` says which examples no longer fit
    /// the generated types. Default: off.
    #[must_use]
    pub fn example_tests(mut self, on: bool) -> Self {
        self.example_tests = on;
        self
    }

    /// Whether tags become cargo features (default: [`TagFeatures::Auto`]).
    #[must_use]
    pub fn tag_features(mut self, mode: TagFeatures) -> Self {
        self.tag_features = mode;
        self
    }

    /// How the files are laid out (default: [`Layout::Crate`]).
    #[must_use]
    pub fn layout(mut self, layout: Layout) -> Self {
        self.layout = layout;
        self
    }

    /// Generates only the operations under this path prefix (segment-wise:
    /// `/customer_groups` takes `/customer_groups/{id}` too), and the types
    /// they use. May be given several times, with tags and operationIds; an
    /// operation matching any of them is generated.
    #[must_use]
    pub fn include_path_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.filter.path_prefixes.push(prefix.into());
        self
    }

    /// Generates only the operations with this tag (see `include_path_prefix`).
    #[must_use]
    pub fn include_tag(mut self, tag: impl Into<String>) -> Self {
        self.filter.tags.push(tag.into());
        self
    }

    /// Generates only the operation with this `operationId` (see
    /// `include_path_prefix`).
    #[must_use]
    pub fn include_operation_id(mut self, id: impl Into<String>) -> Self {
        self.filter.operation_ids.push(id.into());
        self
    }

    /// Uses your own Rust type for every schema with this `format` (string,
    /// integer or number schemas that are not enums), e.g.
    /// `format_type("uuid", "uuid::Uuid")` or
    /// `format_type("decimal", "rust_decimal::Decimal")`. The type must
    /// implement `Serialize`, `Deserialize`, `Debug`, `Clone` and
    /// `PartialEq` (and `Display`, where it is a path or query parameter);
    /// the crate it comes from is a dependency you add. Later calls for the
    /// same format win. Built-in formats can be overridden too (`date-time`).
    ///
    /// ```
    /// let config = openapi_codegen::Config::new()
    ///     .format_type("uuid", "uuid::Uuid")
    ///     .format_type("date-time", "time::OffsetDateTime");
    /// # let _ = config;
    /// ```
    #[must_use]
    pub fn format_type(mut self, format: impl Into<String>, rust_type: impl Into<String>) -> Self {
        self.customise
            .format_types
            .insert(format.into(), rust_type.into());
        self
    }

    /// Uses your own Rust type instead of generating the schema with this
    /// key under `components/schemas` (e.g. `schema_type("Money",
    /// "my_money::Money")`); every reference to the schema becomes that type,
    /// and nothing is generated for it. The same bounds as
    /// [`Config::format_type`] apply. A key that matches no schema is a warning.
    #[must_use]
    pub fn schema_type(mut self, schema: impl Into<String>, rust_type: impl Into<String>) -> Self {
        self.customise
            .schema_types
            .insert(schema.into(), rust_type.into());
        self
    }

    /// Adds a derive to every generated struct and enum, e.g.
    /// `extra_derive("Eq")` or `extra_derive("schemars::JsonSchema")`.
    /// Derives a type already has are not repeated.
    #[must_use]
    pub fn extra_derive(mut self, path: impl Into<String>) -> Self {
        self.customise.derives.push(path.into());
        self
    }

    /// Adds outer attributes to one generated type, named as in the
    /// generated code (e.g. `type_attribute("CustomerGroup",
    /// "#[serde(deny_unknown_fields)]")`). A name that matches no generated
    /// type is a warning.
    #[must_use]
    pub fn type_attribute(
        mut self,
        type_name: impl Into<String>,
        attribute: impl Into<String>,
    ) -> Self {
        self.customise
            .type_attributes
            .push((type_name.into(), attribute.into()));
        self
    }

    /// The document's name as shown in diagnostics and in the `@generated`
    /// header. Default: the file name given to [`Config::generate_file`].
    #[must_use]
    pub fn source_name(mut self, name: impl Into<String>) -> Self {
        self.source_name = Some(name.into());
        self
    }

    /// Reads the document at `path` and generates from it.
    ///
    /// # Errors
    ///
    /// When the file cannot be read, or the document has errors.
    pub fn generate_file(&self, path: impl AsRef<Path>) -> Result<Generated, GenerateError> {
        let path = path.as_ref();
        let name = self.source_name.clone().unwrap_or_else(|| file_name(path));
        let text = fs::read_to_string(path).map_err(|e| GenerateError {
            source_name: name.clone(),
            diagnostics: vec![Diagnostic::error(
                "#",
                format!("cannot read `{}`: {e}", path.display()),
            )],
            unreadable: true,
        })?;
        self.clone()
            .source_name(name)
            .generate_from(&text, Some(path))
    }

    /// Generates from document text (YAML or JSON). Text has no folder, so
    /// a `$ref` to another file is an error here: use
    /// [`Config::generate_file`] for a document split over several files.
    ///
    /// # Errors
    ///
    /// Every error found in the document, each with a JSON pointer and a hint.
    pub fn generate(&self, text: &str) -> Result<Generated, GenerateError> {
        self.generate_from(text, None)
    }

    /// Generates from document text that was read from `path`, if any, on
    /// a thread with a stack for deep documents (the caller's may be small:
    /// a test thread's is 2 MiB).
    fn generate_from(&self, text: &str, path: Option<&Path>) -> Result<Generated, GenerateError> {
        std::thread::scope(
            |scope| match spawn_scoped(scope, || self.generate_here(text, path)) {
                Ok(generation) => generation.join().unwrap_or_else(|_| {
                    Err(GenerateError {
                        source_name: self.source_name.clone().unwrap_or_default(),
                        diagnostics: vec![Diagnostic::error(
                            "#",
                            "internal error: generation failed",
                        )],
                        unreadable: false,
                    })
                }),
                // no thread to be had: generate here, deep documents at risk
                Err(_) => self.generate_here(text, path),
            },
        )
    }

    fn generate_here(&self, text: &str, path: Option<&Path>) -> Result<Generated, GenerateError> {
        let source_name = self
            .source_name
            .clone()
            .unwrap_or_else(|| "openapi.yaml".to_owned());
        let fail = |diagnostics| GenerateError {
            source_name: source_name.clone(),
            diagnostics,
            unreadable: false,
        };
        let setting_errors = self.customise.check();
        if !setting_errors.is_empty() {
            return Err(fail(setting_errors));
        }
        let mut clock = Timings::start();
        let checked = self.check_and_lower(text, path, &mut clock).map_err(fail)?;
        let Checked {
            api,
            warnings,
            inputs,
            document,
        } = checked;
        // the document is not needed any more: free it (a large one takes
        // tens of milliseconds) beside emission instead of after it
        let freeing = std::thread::Builder::new()
            .stack_size(STACK_SIZE)
            .spawn(move || drop(document));
        let crate_name = self
            .crate_name
            .clone()
            .unwrap_or_else(|| naming::snake_case(&api.title));
        let mut features = if self.cargo_features {
            manifest::feature_names()
        } else {
            Vec::new()
        };
        let gates = self.tag_gates(&api, &features);
        let tag_features: Vec<String> = gates.features().iter().map(|(_, f)| f.clone()).collect();
        if gates.is_on() {
            features.push(emit::ALL_TAGS.to_owned());
            features.extend(tag_features.iter().cloned());
        }
        let surface = api::Surface::of_api(&api, &features);
        let options = emit::Options {
            crate_name: crate_name.clone(),
            doctest_include: self.doctest_include.clone(),
            crate_root: self.layout == Layout::Crate,
            cargo_features: self.cargo_features,
            example_tests: self.example_tests,
        };
        let texts = emit_texts(&api, &options, &gates).map_err(|d| fail(vec![d]))?;
        clock.lap("emit and format");
        // a panic while freeing would only mean memory not freed (and
        // without a thread, the document was dropped where it was)
        if let Ok(freeing) = freeing {
            let _ = freeing.join();
        }
        let files = self.assemble(&crate_name, &format::header(&source_name), texts);
        clock.lap("assemble");
        Ok(Generated {
            files,
            inputs,
            warnings,
            crate_name,
            operations: api.operations.len(),
            types: api.types.len(),
            timings: clock.laps,
            surface,
            tag_features,
        })
    }

    /// Loads the document, then validates and lowers it side by side
    /// (lowering's result is used only when validation finds no error):
    /// the API and every warning, diagnostics naming the file they are in.
    fn check_and_lower(
        &self,
        text: &str,
        path: Option<&Path>,
        clock: &mut Timings,
    ) -> Result<Checked, Vec<Diagnostic>> {
        let document = load::load(text, path)?;
        clock.lap("load");
        let sources = &document.bundled.sources;
        let remapped = |mut diagnostics: Vec<Diagnostic>| {
            bundle::name_files(&mut diagnostics, sources);
            diagnostics
        };
        let mut inputs: Vec<PathBuf> = path.map(Path::to_path_buf).into_iter().collect();
        inputs.extend(document.bundled.files.iter().cloned());
        let (findings, lowered) = std::thread::scope(|scope| {
            let validation = spawn_scoped(scope, || validate::validate(&document));
            let lowered = lower::lower(&document, &self.filter, &self.customise);
            let findings = match validation {
                Ok(validation) => validation.join().unwrap_or_else(|_| {
                    vec![Diagnostic::error("#", "internal error: validation failed")]
                }),
                Err(_) => validate::validate(&document),
            };
            (findings, lowered)
        });
        let (errors, validation_warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = findings
            .into_iter()
            .partition(|d| d.severity == Severity::Error);
        if !errors.is_empty() {
            return Err(remapped(errors));
        }
        let (api, lowering_warnings) = lowered.map_err(remapped)?;
        clock.lap("validate and lower");
        let mut warnings = document.warnings.clone();
        warnings.extend(validation_warnings);
        warnings.extend(lowering_warnings);
        let warnings = remapped(warnings);
        Ok(Checked {
            api,
            warnings,
            inputs,
            document,
        })
    }

    /// The files of the layout, each text after the header: the crate's
    /// files and its API listing, or one module file.
    fn assemble(
        &self,
        crate_name: &str,
        header: &str,
        emitted: EmittedTexts,
    ) -> Vec<GeneratedFile> {
        if self.layout == Layout::Module {
            return vec![GeneratedFile {
                path: format!("{crate_name}.rs").into(),
                contents: format!("{header}{}", format::single_file(&emitted.texts)),
            }];
        }
        let mut files: Vec<GeneratedFile> = (emitted.texts.into_iter())
            .map(|(path, text)| GeneratedFile {
                path: path.into(),
                contents: format!("{header}{text}"),
            })
            .collect();
        files.extend(emitted.listing.map(|listing| GeneratedFile {
            path: API_LISTING.into(),
            contents: listing,
        }));
        files
    }

    /// The tag features of this run: none unless [`Config::cargo_features`]
    /// and [`Config::tag_features`] (by the layout and the document's size
    /// for `Auto`).
    fn tag_gates(&self, api: &ir::Api, crate_features: &[String]) -> emit::TagGates {
        let tags: std::collections::BTreeSet<&String> =
            api.operations.iter().flat_map(|op| &op.tags).collect();
        let on = self.cargo_features
            && match self.tag_features {
                TagFeatures::Off => false,
                TagFeatures::On => !tags.is_empty(),
                TagFeatures::Auto => {
                    self.layout == Layout::Crate
                        && api.operations.len() >= TAG_FEATURES_MIN_OPERATIONS
                        && tags.len() >= 2
                }
            };
        if on {
            let taken: Vec<&str> = crate_features.iter().map(String::as_str).collect();
            emit::TagGates::new(api, &taken)
        } else {
            emit::TagGates::none()
        }
    }
}

/// The stack of each thread generation runs on: reading, walking,
/// lowering and printing a document nested [`load::MAX_DEPTH`] deep
/// recurses that deep. Only what is used of it is ever mapped in.
pub(crate) const STACK_SIZE: usize = 512 << 20;

/// A thread of [`STACK_SIZE`] in `scope`.
pub(crate) fn spawn_scoped<'scope, T: Send + 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    run: impl FnOnce() -> T + Send + 'scope,
) -> io::Result<std::thread::ScopedJoinHandle<'scope, T>> {
    std::thread::Builder::new()
        .stack_size(STACK_SIZE)
        .spawn_scoped(scope, run)
}

/// The file of a generated crate's public API listing, beside `lib.rs`
/// (one line per public item with its signature, sorted; see `api`).
pub const API_LISTING: &str = "API.txt";

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// One generated source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// The path relative to the crate's source folder, e.g. `runtime/error.rs`.
    pub path: PathBuf,
    /// The file's text.
    pub contents: String,
}

/// The output of a generation run, in memory.
#[derive(Debug, Clone)]
pub struct Generated {
    files: Vec<GeneratedFile>,
    inputs: Vec<PathBuf>,
    warnings: Vec<Diagnostic>,
    crate_name: String,
    operations: usize,
    types: usize,
    timings: Vec<(&'static str, Duration)>,
    surface: api::Surface,
    tag_features: Vec<String>,
}

/// What changed in the generated API from `old` to `new` (two generations,
/// e.g. of two versions of a document), item by item, each change with its
/// class and the JSON pointer of the schema place it comes from.
pub fn diff(old: &Generated, new: &Generated) -> ApiDiff {
    ApiDiff::between(&old.surface, &new.surface)
}

/// Time taken by each phase of a run.
/// A document that validated, lowered.
struct Checked {
    api: ir::Api,
    warnings: Vec<Diagnostic>,
    /// The files read: the document's and those its references lead to.
    inputs: Vec<PathBuf>,
    /// The loaded document, freed beside emission.
    document: load::Document,
}

/// The emitted files' formatted texts (path, text), the runtime's after
/// them, and the API listing of a crate.
struct EmittedTexts {
    texts: Vec<(String, String)>,
    listing: Option<String>,
}

/// The emitted files, formatted, then the runtime files the API needs; a
/// crate's listing is made by the threads that format it.
fn emit_texts(
    api: &ir::Api,
    options: &emit::Options,
    gates: &emit::TagGates,
) -> Result<EmittedTexts, Diagnostic> {
    let files = emit::emit(api, options, gates);
    let runtime = emit::runtime_files(api, options);
    let paths: Vec<&str> = (files.iter().map(|file| file.path))
        .chain(runtime.iter().map(|(path, _)| *path))
        .collect();
    // the runtime is copied as it is: its outline is cut from its lines
    let runtime_outlines: Vec<String> = if options.crate_root {
        let outline = |(_, text): &(&str, &str)| api::outline_of_formatted(text);
        runtime.iter().map(outline).collect()
    } else {
        Vec::new()
    };
    let session = options.crate_root.then(|| {
        let texts = (runtime_outlines.iter().enumerate())
            .map(|(at, outline)| (files.len() + at, outline.as_str()))
            .collect();
        api::Session::new(&options.crate_name, paths, texts)
    });
    let (printed, listing) = format::unparse_all(&files, session.as_ref())?;
    let mut texts: Vec<(String, String)> = (files.iter().zip(printed))
        .map(|(file, text)| (file.path.to_owned(), text))
        .collect();
    texts.extend((runtime.iter()).map(|(path, text)| ((*path).to_owned(), (*text).to_owned())));
    Ok(EmittedTexts { texts, listing })
}

struct Timings {
    last: Instant,
    laps: Vec<(&'static str, Duration)>,
}

impl Timings {
    fn start() -> Self {
        Self {
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, phase: &'static str) {
        let now = Instant::now();
        self.laps.push((phase, now - self.last));
        self.last = now;
    }
}

impl Generated {
    /// The source files, `lib.rs` first, and (for [`Layout::Crate`]) the
    /// listing of the crate's public API, [`API_LISTING`], last.
    pub fn files(&self) -> &[GeneratedFile] {
        &self.files
    }

    /// Every file read: the document given to [`Config::generate_file`],
    /// then each file its references led to, as found from the document's
    /// folder (empty for [`Config::generate`]). A build script declares each
    /// `cargo::rerun-if-changed`.
    pub fn input_files(&self) -> &[PathBuf] {
        &self.inputs
    }

    /// What was approximated (each with a JSON pointer).
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// How long each phase took (load, validate, lower, emit, format, assemble).
    pub fn timings(&self) -> &[(&'static str, Duration)] {
        &self.timings
    }

    /// What changed in the public API since the listing `previous` (the
    /// text of an earlier [`API_LISTING`], e.g. the committed one, read
    /// before writing): empty when it is the same, or empty (no earlier
    /// generation to compare with), or the layout makes no listing.
    /// `build.rs` prints its [`ApiDiff::summary`] as `cargo::warning`s.
    pub fn api_change_since(&self, previous: &str) -> ApiDiff {
        let listing = self.files.iter().find(|f| f.path == Path::new(API_LISTING));
        match listing {
            Some(file) if !previous.is_empty() => ApiDiff::between(
                &api::Surface::of_listing(previous),
                &api::Surface::of_listing(&file.contents),
            ),
            _ => ApiDiff::default(),
        }
    }

    /// How many operations and named types were generated.
    pub fn counts(&self) -> (usize, usize) {
        (self.operations, self.types)
    }

    /// Writes the sources under `dir` (which becomes the crate's `[lib]`
    /// folder), touching only files whose content changed. Returns the
    /// paths written.
    ///
    /// # Errors
    ///
    /// When a file cannot be read or written.
    pub fn write_to(&self, dir: impl AsRef<Path>) -> io::Result<Vec<PathBuf>> {
        let dir = dir.as_ref();
        let mut written = Vec::new();
        for file in &self.files {
            let path = dir.join(&file.path);
            if write_if_changed(&path, &file.contents)? {
                written.push(path);
            }
        }
        Ok(written)
    }

    /// Writes a standalone crate: `Cargo.toml` (package named after the
    /// crate name, with the tag features) and the sources under `src/`.
    ///
    /// # Errors
    ///
    /// When a file cannot be read or written.
    pub fn write_crate(&self, dir: impl AsRef<Path>) -> io::Result<Vec<PathBuf>> {
        let dir = dir.as_ref();
        let package = self.crate_name.replace('_', "-");
        let mut written = self.write_to(dir.join("src"))?;
        let manifest = dir.join("Cargo.toml");
        if write_if_changed(
            &manifest,
            &manifest::cargo_toml(&package, "0.1.0", &self.tag_features),
        )? {
            written.push(manifest);
        }
        Ok(written)
    }
}
