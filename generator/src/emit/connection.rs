//! Emits the per-connection handle: when every operation requires the same
//! secret query parameter (Rutter's `access_token`, one per merchant
//! connection), `Client::connection(secret)` gives a `ConnectionClient`
//! whose methods no longer take it, so it cannot be swapped with another
//! argument. The `Client` methods stay as they are.

use proc_macro2::TokenStream;
use quote::quote;

use super::client::arguments_and_call;
use super::common::{doc_lines, ident};
use crate::ir::{Api, Location, Operation, Param};

/// The type's name.
pub const HANDLE: &str = "ConnectionClient";

/// The secret query parameter every operation requires, if there is one
/// (and at least one operation).
pub fn shared_secret(api: &Api) -> Option<&Param> {
    let first = api.operations.first()?;
    let secret = first
        .params
        .iter()
        .find(|p| p.secret && p.required && p.location == Location::Query)?;
    api.operations
        .iter()
        .all(|op| required_secret(op, &secret.wire_name).is_some())
        .then_some(secret)
}

fn required_secret<'a>(op: &'a Operation, wire_name: &str) -> Option<&'a Param> {
    op.params.iter().find(|p| {
        p.secret && p.required && p.location == Location::Query && p.wire_name == wire_name
    })
}

/// `Client::connection`, the `ConnectionClient` type and its methods; nothing
/// when the operations share no secret.
pub fn handle(api: &Api, gates: &super::TagGates) -> TokenStream {
    let Some(secret) = shared_secret(api) else {
        return TokenStream::new();
    };
    let handle = ident(HANDLE);
    let field = ident(&secret.name);
    let wire = &secret.wire_name;
    let type_doc = format!(
        " The client for one `{wire}`: every operation's method without that argument, which is given once (`Client::connection`). Cloning it is cheap; its `Debug` output never shows the secret."
    );
    let connection_doc = format!(
        " A handle whose methods send this `{wire}` with every request, and take every other argument as the `Client` methods do."
    );
    let methods = api.operations.iter().map(|op| {
        let gate = gates.operation(op);
        let name = ident(&op.method_name);
        let builder = ident(&op.builder_name);
        let (args, call) = arguments_and_call(
            op,
            &quote!(self.client.clone()),
            Some((wire.as_str(), quote!(self.#field.clone()))),
        );
        let doc = doc_lines(&format!(
            "[`Client::{}`] with this handle's `{wire}`: `{} {}`.",
            op.method_name.trim_start_matches("r#"),
            op.http_method.as_str(),
            op.path_template
        ));
        quote! {
            #gate
            #doc
            #[inline]
            pub fn #name(&self, #(#args),*) -> requests::#builder {
                #call
            }
        }
    });
    quote! {
        impl Client {
            #[doc = #connection_doc]
            #[inline]
            pub fn connection(&self, #field: impl Into<super::Secret>) -> #handle {
                #handle { client: self.clone(), #field: #field.into() }
            }
        }

        #[doc = #type_doc]
        #[derive(Debug, Clone)]
        pub struct #handle {
            client: Client,
            #field: super::Secret,
        }

        impl #handle {
            #(#methods)*
        }
    }
}
