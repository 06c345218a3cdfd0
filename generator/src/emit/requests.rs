//! Emits `requests.rs`: one request builder per operation. Required
//! parameters are constructor arguments (so forgetting one does not
//! compile), optional ones chainable setters, and `send()` returns the
//! typed response.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{doc_attrs, doc_lines, error_body_type, ident, rust_type};
use crate::ir::{Api, Location, Operation, Pagination, Param, PathSegment, Ty, TypeKind};

/// The whole requests module.
pub fn requests(api: &Api) -> TokenStream {
    let builders = api.operations.iter().map(|op| builder(api, op));
    let uses_models = api.operations.iter().any(|op| {
        op.response.as_ref().is_some_and(mentions_named)
            || op.params.iter().any(|p| mentions_named(&p.ty))
    });
    let models_import = uses_models.then(|| {
        quote!(
            use crate::models;
        )
    });
    quote! {
        //! Request builders, one per operation. Each is made by the `Client`
        //! method of the same name and sent with `.send().await`.
        #models_import
        use crate::{runtime, Client, Error};
        #(#builders)*
    }
}

/// Whether `ty` refers to a type of the models module.
pub fn mentions_named(ty: &Ty) -> bool {
    match ty {
        Ty::Named(_) => true,
        Ty::Vec(inner) | Ty::Map(inner) | Ty::Boxed(inner) => mentions_named(inner),
        _ => false,
    }
}

fn models_prefix() -> TokenStream {
    quote!(models::)
}

/// The type a builder stores for a parameter.
fn stored_type(param: &Param) -> TokenStream {
    let ty = if param.secret {
        quote!(runtime::Secret)
    } else {
        rust_type(&param.ty, &models_prefix())
    };
    if param.required {
        ty
    } else {
        quote!(Option<#ty>)
    }
}

/// The argument type of a setter or client method, and how it is stored.
pub fn argument(param: &Param) -> (TokenStream, TokenStream) {
    let name = ident(&param.name);
    match (&param.ty, param.secret) {
        (Ty::String, true) => (
            quote!(impl Into<String>),
            quote!(crate::runtime::Secret::new(#name)),
        ),
        (Ty::String, false) => (quote!(impl Into<String>), quote!(#name.into())),
        (ty, _) => (rust_type(ty, &models_prefix()), quote!(#name)),
    }
}

fn builder(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.builder_name);
    let summary = format!(
        " A `{} {}` request, made by [`Client::{}`].",
        op.http_method.as_str(),
        op.path_template,
        op.method_name.trim_start_matches("r#")
    );
    let docs = doc_attrs(&op.docs);
    let fields = op.params.iter().map(|p| {
        let field = ident(&p.name);
        let ty = stored_type(p);
        quote!(#field: #ty,)
    });
    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    let args = required.iter().map(|p| {
        let field = ident(&p.name);
        let ty = stored_type(p);
        quote!(#field: #ty)
    });
    let inits = op.params.iter().map(|p| {
        let field = ident(&p.name);
        if p.required {
            quote!(#field)
        } else {
            quote!(#field: None)
        }
    });
    let setters = op.params.iter().filter(|p| !p.required).map(setter);
    let request = request_fn(api, op);
    let send = send_fn(op);
    let paging = op
        .pagination
        .as_ref()
        .zip(op.response.as_ref())
        .map(|(p, page)| pagination(api, &name, p, page));
    quote! {
        #[doc = #summary]
        ///
        #docs
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until `.send()` is awaited"]
        pub struct #name {
            client: Client,
            #(#fields)*
        }

        impl #name {
            pub(crate) fn new(client: Client, #(#args),*) -> Self {
                Self { client, #(#inits),* }
            }

            #(#setters)*

            #request

            #send
        }

        #paging
    }
}

/// `CursorPaged` for a paginated builder, and its `into_stream` / `into_pages`.
fn pagination(api: &Api, builder: &syn::Ident, pagination: &Pagination, page: &Ty) -> TokenStream {
    let page = rust_type(page, &models_prefix());
    let item = rust_type(&pagination.item, &models_prefix());
    let error_body = error_body_type(api);
    let cursor = ident(&pagination.cursor_param);
    let next = ident(&pagination.next_cursor_field);
    let items = ident(&pagination.items_field);
    let next_cursor = if pagination.next_cursor_optional {
        quote!(page.#next.as_deref())
    } else {
        quote!(Some(page.#next.as_str()))
    };
    let stream_doc = format!(
        " Every `{}` of every page, from this request on: each page's `{}` is sent back as `{}`, with every other parameter repeated, until the cursor is null, missing, empty or repeats. One page is held in memory at a time; an error is yielded and ends the stream.",
        pagination.items_field, pagination.next_cursor_field, pagination.cursor_param
    );
    quote! {
        impl runtime::CursorPaged for #builder {
            type Page = #page;
            type Item = #item;
            type ErrorBody = #error_body;

            fn with_cursor(self, cursor: String) -> Self {
                self.#cursor(cursor)
            }

            fn fetch(self) -> impl std::future::Future<Output = Result<Self::Page, Error>> + Send {
                self.send()
            }

            fn next_cursor(page: &Self::Page) -> Option<&str> {
                #next_cursor
            }

            fn into_items(page: Self::Page) -> Vec<Self::Item> {
                page.#items
            }
        }

        impl #builder {
            #[doc = #stream_doc]
            pub fn into_stream(self) -> impl futures_core::Stream<Item = Result<#item, Error>> + Send + 'static {
                runtime::items(self)
            }

            /// Every page, from this request on, following the cursor as
            /// [`Self::into_stream`] does.
            pub fn into_pages(self) -> impl futures_core::Stream<Item = Result<#page, Error>> + Send + 'static {
                runtime::pages(self)
            }
        }
    }
}

fn setter(param: &Param) -> TokenStream {
    let name = ident(&param.name);
    let mut docs = doc_attrs(&param.docs);
    if docs.is_empty() {
        let location = match param.location {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Cookie => "cookie",
        };
        docs = doc_lines(&format!("The `{}` {location} parameter.", param.wire_name));
    }
    if let Some(default) = &param.default {
        let line = format!("Defaults to `{default}` on the server.");
        let line = doc_lines(&line);
        docs = quote!(#docs #[doc = ""] #line);
    }
    let (arg_ty, stored) = argument(param);
    quote! {
        #docs
        pub fn #name(mut self, #name: #arg_ty) -> Self {
            self.#name = Some(#stored);
            self
        }
    }
}

fn request_fn(api: &Api, op: &Operation) -> TokenStream {
    let method = ident(op.http_method.as_str());
    let template = &op.path_template;
    let path = op.path.iter().map(|segment| match segment {
        PathSegment::Literal(text) => quote!(.literal(#text)),
        PathSegment::Param(name) => {
            let param = op.params.iter().find(|p| &p.name == name);
            let field = ident(name);
            match param.map(|p| &p.ty) {
                Some(Ty::String) | None => quote!(.param(&self.#field)),
                Some(ty) => {
                    let wire = wire_value(api, ty, &quote!(self.#field));
                    quote!(.param(&#wire))
                }
            }
        }
    });
    let query = op
        .params
        .iter()
        .filter(|p| p.location == Location::Query)
        .map(|p| {
            let wire = &p.wire_name;
            let field = ident(&p.name);
            match (p.secret, p.required) {
                (true, true) => quote!(.secret_query(#wire, &self.#field)),
                (true, false) => quote!(.secret_query_opt(#wire, self.#field.as_ref())),
                (false, _) => {
                    let value = optional_wire(api, p, &field);
                    quote!(.query(#wire, #value))
                }
            }
        });
    let headers = op
        .params
        .iter()
        .filter(|p| p.location == Location::Header)
        .map(|p| {
            let wire = &p.wire_name;
            let field = ident(&p.name);
            let value = optional_wire(api, p, &field);
            quote!(.header(#wire, #value))
        });
    let cookies = op
        .params
        .iter()
        .filter(|p| p.location == Location::Cookie)
        .map(|p| {
            let wire = &p.wire_name;
            let field = ident(&p.name);
            let value = optional_wire(api, p, &field);
            quote!(.cookie(#wire, #value))
        });
    quote! {
        fn request(&self) -> runtime::Request {
            runtime::Request::new(runtime::Method::#method, #template)
                #(#path)*
                #(#query)*
                #(#headers)*
                #(#cookies)*
        }
    }
}

/// `Option<String>` of a parameter's wire value.
fn optional_wire(api: &Api, param: &Param, field: &syn::Ident) -> TokenStream {
    if param.required {
        let wire = wire_value(api, &param.ty, &quote!(self.#field));
        return quote!(Some(#wire));
    }
    if param.ty == Ty::String {
        return quote!(self.#field.clone());
    }
    let wire = wire_value(api, &param.ty, &quote!(value));
    quote!(self.#field.as_ref().map(|value| #wire))
}

/// The `String` a value of `ty` becomes on the wire (query, header, path).
fn wire_value(api: &Api, ty: &Ty, value: &TokenStream) -> TokenStream {
    match ty {
        Ty::String => quote!(#value.clone()),
        Ty::DateTime => quote!(#value.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)),
        Ty::Json => quote!(#value.to_string()),
        Ty::Vec(item) if **item == Ty::String => quote!(#value.join(",")),
        Ty::Vec(item) => {
            let item = wire_value(api, item, &quote!(item));
            quote!(#value.iter().map(|item| #item).collect::<Vec<_>>().join(","))
        }
        Ty::Named(name) => match api.types.iter().find(|t| &t.name == name).map(|t| &t.kind) {
            Some(TypeKind::StringEnum(_)) => quote!(#value.as_str().to_owned()),
            Some(TypeKind::Alias(inner)) => wire_value(api, inner, value),
            _ => quote!(serde_json::to_string(&#value).unwrap_or_default()),
        },
        Ty::Map(_) | Ty::Boxed(_) => quote!(serde_json::to_string(&#value).unwrap_or_default()),
        Ty::Bool | Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64 | Ty::Date => quote!(#value.to_string()),
    }
}

fn send_fn(op: &Operation) -> TokenStream {
    match &op.response {
        Some(ty) => {
            let ty = rust_type(ty, &models_prefix());
            quote! {
                /// Sends the request and decodes the response.
                pub async fn send(self) -> Result<#ty, Error> {
                    self.client.execute(self.request()).await
                }
            }
        }
        None => quote! {
            /// Sends the request; success has no body.
            pub async fn send(self) -> Result<(), Error> {
                self.client.execute_empty(self.request()).await
            }
        },
    }
}
