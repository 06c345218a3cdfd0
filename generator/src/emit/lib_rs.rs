//! Emits `lib.rs`: crate documentation with a usage example, the modules,
//! and the re-exports users name (`Client`, `Error`, `Server`, `FilePart`,
//! ...).

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{body_value_type, error_body_type, ident};
use super::{Options, TagGates, connection, guide};
use crate::ir::{Api, ResponseBody, TimeUnit, Ty, TypeKind};

/// The crate root.
/// `crate_root` is false when the code goes into a module of another crate
/// (`include!`): then it carries no crate attributes or crate docs.
pub fn lib_rs(api: &Api, options: &Options, gates: &TagGates) -> TokenStream {
    let root_attrs = options.crate_root.then(|| {
        let docs = guide::crate_docs(api, &options.crate_name, options.cargo_features, gates);
        quote! {
            #![cfg_attr(rustfmt, rustfmt::skip)]
            #docs
            #![cfg_attr(docsrs, feature(doc_cfg))]
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
    let example_tests = super::has_example_tests(api, options).then(|| {
        quote! {
            #[cfg(test)]
            #[rustfmt::skip]
            mod example_tests;
        }
    });
    let server = (!api.servers.is_empty()).then(|| {
        quote!(
            #gate
            pub use client::Server;
        )
    });
    let connection = connection::shared_secret(api).map(|_| {
        let handle = ident(connection::HANDLE);
        quote!(
            #gate
            pub use client::#handle;
        )
    });
    // the models use it with or without the client: not behind the gate
    let file_part = uses_files(api).then(|| {
        quote!(
            pub use file_part::FilePart;
        )
    });
    let unix_time = unix_time_types(api);
    // the lenient reading of dates, for models that hold some
    let dates = (api.types.iter())
        .any(|def| def.kind.holds(&|ty| matches!(ty, Ty::Date | Ty::DateTime)))
        .then(|| {
            quote! {
                #[rustfmt::skip]
                #[allow(dead_code)]
                mod dates;
            }
        });
    let by_status = (api.operations.iter())
        .any(|op| matches!(op.response, Some(ResponseBody::ByStatus(_))))
        .then(|| {
            quote!(
                #gate
                pub use runtime::ByStatus;
            )
        });
    // the events the API sends; with the models, not behind the gate
    let webhooks = (!api.webhooks.is_empty()).then(|| {
        quote! {
            #[rustfmt::skip]
            #[allow(dead_code)] // the decoders of body kinds no event of this API has
            mod webhook;
            #[rustfmt::skip]
            pub mod webhooks;
        }
    });
    let client_credentials = super::auth::has_client_credentials(api).then(|| {
        quote!(
            #[cfg(feature = "oauth2")]
            pub use runtime::ClientCredentials;
        )
    });
    let doctests = options
        .crate_root
        .then_some(options.doctest_include.as_deref())
        .flatten()
        .map(|path| {
            quote! {
                /// The examples of a Markdown file, compiled as doctests (not rendered).
                #[cfg(doctest)]
                #[doc = include_str!(#path)]
                pub struct IncludedDoctests;
            }
        });
    quote! {
        #root_attrs
        #doctests

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
        #[allow(dead_code, unexpected_cfgs)] // files read as they are sent need the `streams` feature
        mod file_part;
        #[rustfmt::skip]
        #[allow(dead_code)]
        mod unix_time;
        #dates
        #webhooks
        #mock
        #example_tests

        #server
        #connection
        #file_part
        #unix_time
        #by_status
        #gate
        pub use runtime::{
            Attempt, AttemptRequest, AuthError, BaseUrl, BinaryBody, BlockingStream, ByteStream, Bytes, Client, ClientBuilder, ConfigError, DecodeError,
            DeclaredHeaders, Event, EventStream, Events, HeaderError, HeaderMap, Hook, PaginationError, HookError, HookFuture, Json, JsonEvents, JsonLines, JsonSeq, JsonStream, NoContent, ObserveFuture, RequestOptions,
            Response, RetryPolicy, RetryPolicyBuilder, Secret, Streamed, Text, TokenFuture, TokenSource, Transport, TransportError,
            TransportErrorKind, TransportFuture, WithResponse,
        };
        #client_credentials

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
                        || (op.response.iter())
                            .flat_map(ResponseBody::json_types)
                            .any(|ty| ty.holds(&is))
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
