//! Emits `client.rs`: the `Server` choices, `Client::builder()` with the
//! document's defaults, typed setters for client-level headers, and one
//! `Client` method per operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{
    DocBlock, argument, body_argument, body_value_type, doc_attrs, doc_lines, ident, inert_text,
    mentions_named, models_prefix, rust_type, wire_text,
};
use super::{TagGates, auth, connection, method_docs};
use crate::ir::{Api, ClientHeader, Operation, Param, ServerDef, Ty, WireText};

/// The whole client module.
pub fn client(api: &Api, gates: &TagGates) -> TokenStream {
    let server_enum = server_enum(&api.servers);
    let builder = builder_fn(api);
    let headers = api.client_headers.iter().map(header_setter);
    let methods = api.operations.iter().map(|op| {
        let gate = gates.operation(op);
        let method = operation_method(api, op);
        quote!(#gate #method)
    });
    let connection = connection::handle(api, gates);
    let allow_unused = gates.is_on().then(|| quote!(#![allow(unused_imports)]));
    let credentials = auth::setters(api);
    let models_import = api
        .client_headers
        .iter()
        .map(|h| &h.ty)
        .chain(
            api.operations
                .iter()
                .flat_map(|op| op.params.iter().filter(|p| p.required).map(|p| &p.ty)),
        )
        .chain(api.operations.iter().filter_map(required_body_type))
        .any(mentions_named)
        .then(|| {
            quote!(
                use super::models;
            )
        });
    let requests_import = (!api.operations.is_empty()).then(|| {
        quote!(
            use super::requests;
        )
    });
    let server_import = (!api.servers.is_empty()).then(|| {
        quote!(
            use super::runtime::BaseUrl;
        )
    });
    quote! {
        //! The client: where it sends requests, and one method per operation.
        #allow_unused
        #models_import
        #server_import
        #requests_import
        use super::{Client, ClientBuilder, Error};

        #server_enum

        impl Client {
            #builder
            #(#methods)*
        }

        #connection

        impl ClientBuilder {
            #credentials
            #(#headers)*

            /// Checks the settings and makes the client.
            ///
            /// # Errors
            ///
            /// `Error::Config` when the base URL or a header value is invalid.
            pub fn build(self) -> Result<Client, Error> {
                self.try_build()
            }
        }
    }
}

fn server_enum(servers: &[ServerDef]) -> TokenStream {
    if servers.is_empty() {
        return TokenStream::new();
    }
    let variants = servers.iter().enumerate().map(|(i, s)| {
        let name = ident(&s.variant);
        let docs = doc_lines(&format!(
            "{}\n\n`{}`",
            s.description.as_deref().unwrap_or(&s.variant),
            s.url
        ));
        let default = (i == 0).then(|| quote!(#[default]));
        quote!(#docs #default #name,)
    });
    let urls = servers.iter().map(|s| {
        let name = ident(&s.variant);
        let url = &s.url;
        quote!(Self::#name => #url,)
    });
    quote! {
        /// The servers the API description lists; the first is the default.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        #[non_exhaustive]
        pub enum Server {
            #(#variants)*
        }

        impl Server {
            /// The base URL of this server.
            #[must_use]
            pub const fn url(self) -> &'static str {
                match self {
                    #(#urls)*
                }
            }
        }

        impl From<Server> for BaseUrl {
            fn from(server: Server) -> Self {
                Self::from(server.url())
            }
        }
    }
}

fn builder_fn(api: &Api) -> TokenStream {
    let base_url = match api.servers.first() {
        Some(_) => quote!(Some(Server::default().into())),
        None => quote!(None),
    };
    let defaults = api.client_headers.iter().filter_map(|h| {
        let wire = &h.wire_name;
        h.default.as_ref().map(|d| quote!(.header(#wire, #d)))
    });
    let mut lines = vec![
        format!("Starts configuring a client of the {}.", api.title),
        String::new(),
    ];
    match api.servers.first() {
        Some(s) => lines.push(format!(
            "Defaults: base URL `{}` ([`Server::{}`])",
            s.url, s.variant
        )),
        None => lines.push("The base URL must be set with `base_url`.".to_owned()),
    }
    for h in api.client_headers.iter().filter(|h| h.default.is_some()) {
        lines.push(format!(
            "- header `{}: {}`",
            h.wire_name,
            h.default.as_deref().unwrap_or_default()
        ));
    }
    lines.push(
        "- timeout 30 s, connect timeout 10 s, `User-Agent` this crate's name and version"
            .to_owned(),
    );
    let docs = doc_lines(&lines.join("\n"));
    quote! {
        #docs
        pub fn builder() -> ClientBuilder {
            ClientBuilder::new(#base_url, concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")))
                #(#defaults)*
        }
    }
}

fn header_setter(header: &ClientHeader) -> TokenStream {
    let name = ident(&header.setter);
    let wire = &header.wire_name;
    let docs = doc_attrs(&header.docs);
    let sets = doc_lines(&format!(
        "Sets the `{wire}` header sent with every request."
    ));
    let (arg, value) = match &header.wire_text {
        WireText::Clone => (quote!(impl Into<String>), quote!(value)),
        WireText::EnumStr => (
            rust_type(&header.ty, &models_prefix()),
            quote!(String::from(value)),
        ),
        text => (
            rust_type(&header.ty, &models_prefix()),
            wire_text(text, &quote!(value)),
        ),
    };
    quote! {
        #sets
        ///
        #docs
        #[inline]
        pub fn #name(self, value: #arg) -> Self {
            self.header(#wire, #value)
        }
    }
}

/// The JSON or form type of an operation's required body.
fn required_body_type(op: &Operation) -> Option<&Ty> {
    op.body
        .as_ref()
        .filter(|b| b.required)
        .and_then(body_value_type)
}

fn operation_method(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.method_name);
    // the sections quote the document's descriptions
    let route = format!("`{} {}`", op.http_method.as_str(), op.path_template);
    let mut docs = DocBlock::default().docs(&op.docs).lines(&["", &route]);
    if op.deprecated {
        docs = docs.lines(&["", "**Deprecated** by the API."]);
    }
    docs = docs.lines(&[""]);
    let sections: Vec<String> = method_docs::sections(api, op)
        .iter()
        .map(|line| inert_text(line))
        .collect();
    let docs = docs.lines(&sections).tokens();
    let builder = ident(&op.builder_name);
    let (args, call) = arguments_and_call(op, &quote!(self.clone()), None);
    quote! {
        #docs
        #[inline]
        pub fn #name(&self, #(#args),*) -> requests::#builder {
            #call
        }
    }
}

/// A method's arguments (the operation's required parameters and body,
/// but `given`, whose stored value the caller has) and its body: the
/// builder made with `client`.
pub(super) fn arguments_and_call(
    op: &Operation,
    client: &TokenStream,
    given: Option<(&str, TokenStream)>,
) -> (Vec<TokenStream>, TokenStream) {
    let builder = ident(&op.builder_name);
    let required: Vec<_> = op.params.iter().filter(|p| p.required).collect();
    let is_given = |p: &Param| given.as_ref().is_some_and(|(name, _)| *name == p.wire_name);
    let mut args: Vec<TokenStream> = required
        .iter()
        .filter(|p| !is_given(p))
        .map(|p| {
            let arg = ident(&p.name);
            let (ty, _) = argument(p);
            quote!(#arg: #ty)
        })
        .collect();
    let mut values: Vec<TokenStream> = required
        .iter()
        .map(|p| match &given {
            Some((_, value)) if is_given(p) => value.clone(),
            _ => argument(p).1,
        })
        .collect();
    if let Some((ty, value)) = op.body.as_ref().filter(|b| b.required).map(body_argument) {
        args.push(quote!(body: #ty));
        values.push(value);
    }
    let call = quote!(requests::#builder::new(#client, #(#values),*));
    (args, call)
}
