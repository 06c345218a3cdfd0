//! Emits the test doubles of the cargo feature `test-util` (off by
//! default, so nothing here is compiled in a default build): per request
//! builder, `get_*` getters of its parameters and the runtime's
//! `MockOperation` (into `requests.rs`); and `mock.rs`, one rule builder
//! function per operation beside the runtime's `Mock`.

use proc_macro2::TokenStream;
use quote::quote;

use super::TagGates;
use super::common::{
    DocBlock, body_type, error_body_type, ident, models_prefix, operation_name, rust_type,
};
use super::requests::stored_type;
use super::status_bodies;
use crate::ir::{Api, ItemFraming, Operation, Param, ResponseBody, Ty, WholeBody};

/// What goes into `requests.rs` after an operation's builder, behind
/// `test-util`: getters for the rules' matchers, and `MockOperation`.
pub fn operation(api: &Api, op: &Operation) -> TokenStream {
    let builder = ident(&op.builder_name);
    let getters = op.params.iter().map(getter);
    let body_getter = op.body.as_ref().map(|body| {
        let ty = body_type(body);
        let (ret, value) = if body.required {
            (quote!(&#ty), quote!(&self.body))
        } else {
            (quote!(Option<&#ty>), quote!(self.body.as_ref()))
        };
        let doc = DocBlock::default()
            .lines(&["The request body as set (for the mock's rules; feature `test-util`)."])
            .tokens();
        quote! {
            #doc
            #[must_use]
            pub fn get_body(&self) -> #ret {
                #value
            }
        }
    });
    let name = operation_name(op);
    let error_body = error_body_type(api);
    let (output, reply) = match &op.response {
        Some(ResponseBody::Json(ty)) => (
            rust_type(ty, &models_prefix()),
            quote!(runtime::Reply::status(200).json(output)),
        ),
        Some(ResponseBody::Text) => (
            quote!(String),
            quote!(runtime::Reply::status(200).text(output.as_str())),
        ),
        Some(ResponseBody::Bytes) => (
            quote!(Vec<u8>),
            quote!(runtime::Reply::status(200).body(output.as_slice())),
        ),
        Some(ResponseBody::Events(ty)) => {
            let (data, reply) = match ty {
                Some(ty) => (rust_type(ty, &models_prefix()), quote!(json_events)),
                None => (quote!(String), quote!(events)),
            };
            (
                quote!(Vec<runtime::Event<#data>>),
                quote!(runtime::Reply::status(200).#reply(output)),
            )
        }
        Some(ResponseBody::JsonItems(ty, framing)) => {
            let reply = match framing {
                ItemFraming::Lines => quote!(json_lines),
                ItemFraming::RecordSeparator => quote!(json_seq),
            };
            let item = rust_type(ty, &models_prefix());
            (
                quote!(Vec<#item>),
                quote!(runtime::Reply::status(200).#reply(output)),
            )
        }
        Some(ResponseBody::ByStatus(by_status)) => {
            let name = ident(&by_status.name);
            (quote!(#name), status_bodies::reply(op).unwrap_or_default())
        }
        None => (quote!(()), quote!(runtime::Reply::status(204))),
    };
    let output_arg = if op.response.is_some() {
        quote!(output)
    } else {
        quote!(_output)
    };
    quote! {
        #[cfg(feature = "test-util")]
        impl #builder {
            #(#getters)*
            #body_getter
        }

        #[cfg(feature = "test-util")]
        impl runtime::MockOperation for #builder {
            const NAME: &'static str = #name;
            type Output = #output;
            type ErrorBody = #error_body;

            fn reply(#output_arg: &Self::Output) -> runtime::Reply {
                #reply
            }
        }
    }
}

/// `get_{name}`: a parameter's stored value, borrowed (`&str` for a
/// string).
fn getter(param: &Param) -> TokenStream {
    let field = ident(&param.name);
    let getter = ident(&format!("get_{}", param.name.trim_start_matches("r#")));
    let location = super::requests::location_word(param.location);
    let doc = format!(
        "The `{}` {location} parameter as set (for the mock's rules; feature `test-util`).",
        param.wire_name
    );
    let doc = DocBlock::default().lines(&[&doc]).tokens();
    let string = !param.secret && param.ty == Ty::String;
    let (ret, value) = match (param.required, string) {
        (true, true) => (quote!(&str), quote!(&self.#field)),
        (false, true) => (quote!(Option<&str>), quote!(self.#field.as_deref())),
        (true, false) => {
            let ty = stored_type(param);
            (quote!(&#ty), quote!(&self.#field))
        }
        (false, false) => {
            let ty = stored_type(&Param {
                required: true,
                ..param.clone()
            });
            (quote!(Option<&#ty>), quote!(self.#field.as_ref()))
        }
    };
    quote! {
        #doc
        #[must_use]
        pub fn #getter(&self) -> #ret {
            #value
        }
    }
}

/// `mock.rs`: the runtime's mock types, a mocked client, and one rule
/// builder function per operation.
pub fn mock(api: &Api, gates: &TagGates) -> TokenStream {
    let requests = (!api.operations.is_empty()).then(|| {
        quote!(
            use super::requests;
        )
    });
    // with tag features, an import only gated items use is unused without them
    let allow_unused = gates.is_on().then(|| quote!(#![allow(unused_imports)]));
    let examples = examples(api, gates);
    let rules = api.operations.iter().map(|op| {
        let gate = gates.operation(op);
        let name = operation_name(op);
        let function = ident(&op.method_name);
        let builder = ident(&op.builder_name);
        let doc = format!(
            " A rule for [`Client::{name}`] (`{} {}`): matches every such request until narrowed with `when`; give it answers (`ok`, `error`, `reply`, `fail`) and add it with [`Mock::add`].",
            op.http_method.as_str(),
            op.path_template
        );
        quote! {
            #gate
            #[doc = #doc]
            pub fn #function() -> RuleBuilder<requests::#builder> {
                RuleBuilder::new()
            }
        }
    });
    quote! {
        //! Test doubles for tests of code that uses the client (feature
        //! `test-util`): a [`Mock`] answers the requests of an ordinary
        //! [`Client`] in process (no server, no network, no sleeping
        //! through retry waits), by typed rules made with this module's
        //! functions, one per operation, and records every attempt with
        //! its secrets redacted.
        #allow_unused
        #requests
        use super::Client;
        pub use super::runtime::{Mock, MockOperation, Recorded, Reply, Rule, RuleBuilder};

        impl Mock {
            /// A client with the defaults of `Client::builder()` that sends
            /// every request to this mock; for other settings use
            /// `Client::builder().mock(&mock)`.
            ///
            /// # Panics
            ///
            /// When the default settings do not make a client.
            #[must_use]
            pub fn client(&self) -> Client {
                Client::builder()
                    .mock(self)
                    .build()
                    .unwrap_or_else(|e| panic!("a mocked client: {e}"))
            }
        }

        #(#rules)*

        #examples
    }
}

/// `mock::examples`: per operation with an example JSON success body in
/// the document, a function that gives it decoded.
fn examples(api: &Api, gates: &TagGates) -> Option<TokenStream> {
    let functions: Vec<TokenStream> = api
        .operations
        .iter()
        .filter_map(|op| {
            let example = op.example.as_ref()?;
            let (ty, wrap) = example_type(op)?;
            let json = serde_json::to_string(example).ok()?;
            let name = operation_name(op);
            let function = ident(&op.method_name);
            let doc = format!(
                "The example success body of [`Client::{name}`](super::Client::{name}) from the API description (its own, or made of its schemas' examples), decoded as the client would: for `ok(&...)` answers."
            );
            let doc = DocBlock::default()
                .lines(&[
                    &doc,
                    "",
                    "# Panics",
                    "",
                    "When the example does not match the response type.",
                ])
                .tokens();
            let panic = format!("the example of `{name}` does not decode: {{e}}");
            let decoded = quote!(serde_json::from_str(#json).unwrap_or_else(|e| panic!(#panic)));
            let body = if wrap.is_empty() {
                decoded
            } else {
                quote!(#wrap(#decoded))
            };
            let gate = gates.operation(op);
            Some(quote! {
                #gate
                #doc
                #[must_use]
                pub fn #function() -> #ty {
                    #body
                }
            })
        })
        .collect();
    (!functions.is_empty()).then(|| {
        quote! {
            /// Example answers from the API description, one per operation
            /// that has a JSON success body.
            pub mod examples {
                #(#functions)*
            }
        }
    })
}

/// The type `mock::examples` gives for `op`'s example, and what wraps the
/// decoded example in it: nothing for one JSON body; the first variant
/// (that of the lowest status, whose example it is) of an enum of bodies.
fn example_type(op: &Operation) -> Option<(TokenStream, TokenStream)> {
    match op.response.as_ref()? {
        ResponseBody::Json(ty) => Some((
            rust_type(ty, &quote!(super::super::models::)),
            TokenStream::new(),
        )),
        ResponseBody::ByStatus(by_status) => {
            let first = by_status.variants.first()?;
            let Some(WholeBody::Json(_)) = first.body else {
                return None;
            };
            let name = ident(&by_status.name);
            let variant = ident(&first.name);
            Some((
                quote!(super::super::requests::#name),
                quote!(super::super::requests::#name::#variant),
            ))
        }
        ResponseBody::Text
        | ResponseBody::Bytes
        | ResponseBody::Events(_)
        | ResponseBody::JsonItems(..) => None,
    }
}
