//! Emits `lib.rs`: crate documentation with a usage example, the modules,
//! and the re-exports users name (`Client`, `Error`, `Server`, `FilePart`,
//! ...).

use proc_macro2::TokenStream;
use quote::quote;

use super::Options;
use super::common::{body_value_type, doc_text_lines, error_body_type, ident};
use crate::ir::{Api, Operation, ResponseBody, TimeUnit, Ty, TypeKind};

/// The crate root.
/// `crate_root` is false when the code goes into a module of another crate
/// (`include!`): then it carries no crate attributes or crate docs.
pub fn lib_rs(api: &Api, options: &Options) -> TokenStream {
    let root_attrs = options.crate_root.then(|| {
        let docs = crate_docs(api, &options.crate_name, options.cargo_features);
        let included = options
            .doc_include
            .as_deref()
            .map(|path| quote!(#![doc = include_str!(#path)]));
        quote! {
            #![cfg_attr(rustfmt, rustfmt::skip)]
            #docs
            #included
            #![forbid(unsafe_code)]
            #![deny(missing_docs)]
            #![allow(
                clippy::doc_markdown,
                clippy::doc_lazy_continuation,
                clippy::too_many_lines,
                clippy::too_many_arguments,
                clippy::struct_excessive_bools
            )]
        }
    });
    let gate = options
        .cargo_features
        .then(|| quote!(#[cfg(feature = "client")]));
    let error_body = error_body_type(api);
    let mock = options.cargo_features.then(|| {
        quote! {
            #[cfg(feature = "test-util")]
            #[rustfmt::skip]
            pub mod mock;
        }
    });
    let server = (!api.servers.is_empty()).then(|| {
        quote!(
            #gate
            pub use client::Server;
        )
    });
    // the models use it with or without the client: not behind the gate
    let file_part = uses_files(api).then(|| {
        quote!(
            pub use file_part::FilePart;
        )
    });
    let unix_time = unix_time_types(api);
    quote! {
        #root_attrs

        #gate
        #[rustfmt::skip]
        mod client;
        #[rustfmt::skip]
        pub mod models;
        #gate
        #[rustfmt::skip]
        pub mod requests;
        #gate
        #[rustfmt::skip]
        #[allow(dead_code, unexpected_cfgs)] // the runtime serves every API; not all use all of it
        mod runtime;
        #[rustfmt::skip]
        #[allow(dead_code)]
        mod file_part;
        #[rustfmt::skip]
        #[allow(dead_code)]
        mod unix_time;
        #mock

        #server
        #file_part
        #unix_time
        #gate
        pub use runtime::{
            Attempt, AttemptRequest, BaseUrl, Bytes, Client, ClientBuilder, ConfigError, DecodeError,
            DeclaredHeaders, HeaderError, HeaderMap, Hook, HookError, HookFuture, Json, NoContent, ObserveFuture, RequestOptions,
            Response, RetryPolicy, RetryPolicyBuilder, Secret, Text, Transport, TransportError,
            TransportErrorKind, TransportFuture, WithResponse,
        };

        /// The error of every operation: an error status with the API's error
        /// body, a transport failure, an undecodable body, or bad configuration.
        #gate
        pub type Error = runtime::Error<#error_body>;

        /// An error status answered by the API, with its decoded body.
        #gate
        pub type ApiError = runtime::ApiError<#error_body>;

        /// What an operation's `send()` returns: the future of its outcome,
        /// `T` or an [`Error`], to `.await`; `K` says how the body is read
        /// ([`Json`] unless the operation answers text, bytes or nothing);
        /// `H` is the headers its success declares, `()` when none.
        #gate
        pub type ResponseFuture<T, K = Json, H = ()> = runtime::ResponseFuture<T, #error_body, K, H>;
    }
}

/// `pub use unix_time::{..}` of the Unix time types the API uses (in its
/// types, parameters or bodies), not behind the client's gate: models use
/// them.
fn unix_time_types(api: &Api) -> Option<TokenStream> {
    let names: Vec<syn::Ident> = [TimeUnit::Seconds, TimeUnit::Millis]
        .into_iter()
        .filter(|&unit| {
            let is = |ty: &Ty| *ty == Ty::UnixTime(unit);
            api.types.iter().any(|def| def.kind.holds(&is))
                || api.operations.iter().any(|op| {
                    op.params.iter().any(|p| p.ty.holds(&is))
                        || op
                            .body
                            .as_ref()
                            .and_then(body_value_type)
                            .is_some_and(|ty| ty.holds(&is))
                        || op
                            .response
                            .as_ref()
                            .and_then(ResponseBody::json)
                            .is_some_and(|ty| ty.holds(&is))
                })
        })
        .map(|unit| ident(unit.type_name()))
        .collect();
    (!names.is_empty())
        .then(|| quote!(pub use unix_time::{#(#names,)* Millis, Seconds, TimeUnit, UnixTime};))
}

/// Whether a type has a file field (only `multipart/form-data` bodies do).
fn uses_files(api: &Api) -> bool {
    api.types.iter().any(|def| match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().any(|field| field.ty.holds_files()),
        _ => false,
    })
}

/// The crate's docs: the API's own text (title, description, version),
/// made inert as every doc text is, then our examples, which are compiled.
fn crate_docs(api: &Api, crate_name: &str, cargo_features: bool) -> TokenStream {
    let mut vendor = format!("# {}\n\n", api.title);
    if let Some(description) = &api.description {
        vendor.push_str(description.trim());
        vendor.push_str("\n\n");
    }
    vendor.push_str(&format!(
        "Generated by openapi-codegen from the API description (version `{}`).",
        api.version
    ));
    let mut text = String::from("```no_run\n");
    text.push_str(&example(api, crate_name));
    text.push_str("```");
    if let Some(control) = control_example(api, crate_name) {
        text.push_str(concat!(
            "\n\nAround every attempt of every request, hooks; for one request, its own ",
            "settings (`customize`); beside a success, its status, headers and request id ",
            "(`.with_response()`). A `Transport` (`ClientBuilder::transport`) replaces ",
            "what sends each attempt, e.g. a middleware stack.\n\n```no_run\n"
        ));
        text.push_str(&control);
        text.push_str("```");
    }
    if cargo_features {
        text.push_str(concat!(
            "\n\nCargo features: `client` (default) — the HTTP client; without it the crate",
            " is the data types only, with no HTTP stack. `blocking` — `send_blocking()` on",
            " every request, for callers without an async runtime. `test-util` — the `mock`",
            " module: an in-process `Mock` behind an ordinary `Client`, for tests of code",
            " that uses it."
        ));
    }
    let ours = text.lines().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        }
    });
    let lines = doc_text_lines(&vendor)
        .into_iter()
        .chain([String::new()])
        .chain(ours);
    quote!(#(#![doc = #lines])*)
}

/// A usage example: build a client, call the first few operations.
/// Operations an example can call: no required body, and a value for every
/// required parameter.
fn simple_operations<'a>(api: &'a Api, krate: &'a str) -> impl Iterator<Item = &'a Operation> {
    api.operations
        .iter()
        .filter(|op| op.body.as_ref().is_none_or(|b| !b.required))
        .filter(move |op| {
            op.params
                .iter()
                .filter(|p| p.required)
                .all(|p| example_value(api, &p.ty, &p.name, krate).is_some())
        })
}

fn example(api: &Api, krate: &str) -> String {
    let mut code = String::new();
    code.push_str(&format!("# use {krate}::{{Client, Error}};\n"));
    code.push_str("# async fn example() -> Result<(), Error> {\n");
    code.push_str("let client = Client::builder()\n");
    if let Some(server) = api.servers.first() {
        code.push_str(&format!(
            "    .base_url({krate}::Server::{})\n",
            server.variant
        ));
    } else {
        code.push_str("    .base_url(\"https://api.example.com\")\n");
    }
    if api.auth.basic {
        code.push_str("    .basic_auth(\"client-id\", \"client-secret\")\n");
    }
    if api.auth.bearer {
        code.push_str("    .bearer_auth(\"token\")\n");
    }
    code.push_str("    .build()?;\n");
    for op in simple_operations(api, krate).take(3) {
        code.push_str(&format!(
            "let response = client.{}({}).send().await?;\n",
            op.method_name,
            example_args(api, op, krate)
        ));
        code.push_str("println!(\"{response:?}\");\n");
    }
    code.push_str("# Ok(())\n# }\n");
    code
}

/// Hooks, `customize` and `.with_response()` (with the declared headers,
/// when it has any) on the first operation that
/// takes no body and only required parameters the example can fill.
fn control_example(api: &Api, krate: &str) -> Option<String> {
    let op = simple_operations(api, krate).next()?;
    let mut code = format!(
        "# use std::time::Duration;\n# use {krate}::{{Client, Error, RetryPolicy}};\n\
         # async fn example() -> Result<(), Error> {{\n"
    );
    code.push_str("let client = Client::builder()\n");
    code.push_str("    .base_url(\"https://api.example.com\")\n");
    code.push_str(
        "    .before_attempt(|request| request.set_header(\"X-Trace-Id\", \"trace-1\"))\n",
    );
    code.push_str(concat!(
        "    .after_attempt(|attempt| println!(\"{} attempt {}: {:?} in {:?}\",\n",
        "        attempt.operation(), attempt.number(), attempt.status(), attempt.elapsed()))\n",
    ));
    code.push_str("    .operation_timeout(Duration::from_secs(60))\n");
    code.push_str("    .build()?;\n");
    code.push_str(&format!(
        "let response = client\n    .{}({})\n",
        op.method_name,
        example_args(api, op, krate)
    ));
    code.push_str(concat!(
        "    .customize(|o| o\n",
        "        .timeout(Duration::from_secs(5))\n",
        "        .retry_policy(RetryPolicy::builder().max_retries(1).build())\n",
        "        .header(\"X-Request-Tag\", \"nightly\"))\n",
        "    .send()\n",
        "    .with_response()\n",
        "    .await?;\n",
        "println!(\"{} {:?}: {:?}\", response.status(), response.request_id(), response.body());\n",
    ));
    if op.response_headers.is_some() {
        code.push_str(
            "// the headers the description declares, typed
",
        );
        code.push_str(
            "let declared = response.declared_headers();
",
        );
        code.push_str(
            "println!(\"{declared:?}\");
",
        );
    }
    code.push_str("# Ok(())\n# }\n");
    Some(code)
}

fn example_args(api: &Api, op: &Operation, krate: &str) -> String {
    op.params
        .iter()
        .filter(|p| p.required)
        .filter_map(|p| example_value(api, &p.ty, &p.name, krate))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A literal of `ty` for the example, if there is a simple one.
fn example_value(api: &Api, ty: &Ty, name: &str, krate: &str) -> Option<String> {
    Some(match ty {
        Ty::String => format!("\"{}\"", name.trim_start_matches("r#")),
        Ty::Bool => "false".to_owned(),
        Ty::I32 | Ty::I64 | Ty::UnixTime(_) => "1".to_owned(),
        Ty::F32 | Ty::F64 => "1.0".to_owned(),
        Ty::Vec(_) => "Vec::new()".to_owned(),
        Ty::Map(_) => "Default::default()".to_owned(),
        Ty::Json => "serde_json::Value::Null".to_owned(),
        Ty::DateTime | Ty::Date | Ty::Boxed(_) | Ty::Custom(_) | Ty::File => return None,
        Ty::Named(type_name) => match &api.find_type(type_name)?.kind {
            TypeKind::StringEnum(e) => match e.variants.first() {
                Some(v) => format!("{krate}::models::{type_name}::{}", v.name),
                None => format!("{krate}::models::{type_name}::from(\"\")"),
            },
            // an alias is its own argument type, not `impl Into<String>`
            TypeKind::Alias(inner) => match example_value(api, inner, name, krate)? {
                text if text.ends_with('"') => format!("{text}.to_owned()"),
                value => value,
            },
            _ => return None,
        },
    })
}
