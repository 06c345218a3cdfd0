//! Emits `requests.rs`: one request builder per operation. Required
//! parameters are constructor arguments (so forgetting one does not
//! compile), optional ones chainable setters, and `send()` returns the
//! typed response. After the builders, each `multipart/form-data` body type
//! lists its fields for the runtime's multipart writer.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{
    DocBlock, argument, body_argument, body_type, body_value_type, error_body_type, ident,
    mentions_named, models_prefix, operation_name, rust_type, wire_text, wire_text_mapper,
};
use super::{bounds, headers, status_bodies};
use crate::ir::{
    Api, BodyEncoding, Field, ItemFraming, Location, Operation, Pagination, Param, PathSegment,
    QueryStyle, RequestBody, ResponseBody, Struct, Ty, TypeKind, WireText, resolve_alias,
};

/// The start of the requests module: its docs and imports (the builders
/// follow, one [`builder`] each).
pub fn head(api: &Api) -> TokenStream {
    let uses_models = api.operations.iter().any(|op| {
        op.response
            .as_ref()
            .is_some_and(|r| r.json_types().into_iter().any(mentions_named))
            || op
                .body
                .as_ref()
                .and_then(body_value_type)
                .is_some_and(mentions_named)
            || op.params.iter().any(|p| mentions_named(&p.ty))
    });
    let models_import = uses_models.then(|| {
        quote!(
            use super::models;
        )
    });
    let imports = (!api.operations.is_empty()).then(|| {
        quote!(
            use super::{runtime, Client, ResponseFuture};
        )
    });
    quote! {
        //! Request builders, one per operation. Each is made by the `Client`
        //! method of the same name and sent with `.send().await`.
        //!
        //! Their methods are `#[inline]` so that a program compiles only the
        //! operations it calls, not all of them with this crate.
        #models_import
        #imports
    }
}

/// The type a builder stores for a parameter.
pub(super) fn stored_type(param: &Param) -> TokenStream {
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

/// The request builder of one operation (and its pagination impls).
pub fn builder(api: &Api, op: &Operation, cargo_features: bool) -> TokenStream {
    let name = ident(&op.builder_name);
    let summary = format!(
        "A `{} {}` request, made by [`Client::{}`].",
        op.http_method.as_str(),
        op.path_template,
        op.method_name.trim_start_matches("r#")
    );
    let docs = DocBlock::default()
        .lines(&[&summary, ""])
        .docs(&op.docs)
        .tokens();
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
    let (body_field, body_arg, body_init, body_setter) = body_parts(op.body.as_ref());
    let body_arg = (!body_arg.is_empty()).then_some(body_arg);
    let args = args.chain(body_arg);
    let request = request_fn(api, op);
    let send = send_fn(api, op, cargo_features);
    let send_streaming = send_streaming_fn(api, op, cargo_features);
    let send_blocking = cargo_features.then(|| send_blocking_fn(api, op));
    let mock = cargo_features.then(|| super::mock::operation(api, op));
    let declared_headers = headers::item(op);
    let by_status = status_bodies::item(op);
    let paging = op
        .pagination
        .as_ref()
        .zip(op.response.as_ref().and_then(ResponseBody::json))
        .map(|(p, page)| pagination(api, op, p, page));
    quote! {
        #docs
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until `.send()` is awaited"]
        pub struct #name {
            client: Client,
            #(#fields)*
            #body_field
        }

        impl #name {
            #[inline]
            pub(crate) fn new(client: Client, #(#args),*) -> Self {
                Self { client, #(#inits,)* #body_init }
            }

            #(#setters)*
            #body_setter

            #request

            #send

            #send_streaming

            #send_blocking
        }

        #declared_headers
        #by_status

        #mock

        #paging
    }
}

/// `CursorPaged` for a paginated builder, and its `into_stream` / `into_pages`.
fn pagination(api: &Api, op: &Operation, pagination: &Pagination, page: &Ty) -> TokenStream {
    let builder = &ident(&op.builder_name);
    let operation = operation_name(op);
    let template = &op.path_template;
    // pages are bodies: the declared headers are not read
    let send = if op.response_headers.is_some() {
        quote!(self.send().without_declared_headers())
    } else {
        quote!(self.send())
    };
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
        " Every `{}` of every page, from this request on: each page's `{}` is sent back as `{}`, with every other parameter repeated, until the cursor is null, missing or empty. A cursor already sent (pages that go round) is an `Error::Pagination` after the page that gave it. One page is held in memory at a time; an error is yielded and ends the stream.",
        pagination.items_field, pagination.next_cursor_field, pagination.cursor_param
    );
    quote! {
        impl runtime::CursorPaged for #builder {
            const OPERATION: &'static str = #operation;
            const TEMPLATE: &'static str = #template;
            type Page = #page;
            type Item = #item;
            type ErrorBody = #error_body;

            #[inline]
            fn with_cursor(self, cursor: String) -> Self {
                self.#cursor(cursor)
            }

            #[inline]
            fn cursor(&self) -> Option<&str> {
                self.#cursor.as_deref()
            }

            #[inline]
            fn fetch(self) -> ResponseFuture<Self::Page> {
                #send
            }

            #[inline]
            fn next_cursor(page: &Self::Page) -> Option<&str> {
                #next_cursor
            }

            #[inline]
            fn into_items(page: Self::Page) -> Vec<Self::Item> {
                page.#items
            }
        }

        impl #builder {
            #[doc = #stream_doc]
            #[inline]
            pub fn into_stream(self) -> impl futures_core::Stream<Item = Result<#item, super::Error>> + Send + Unpin + 'static {
                runtime::items(self)
            }

            /// Every page, from this request on, following the cursor as
            /// [`Self::into_stream`] does.
            #[inline]
            pub fn into_pages(self) -> impl futures_core::Stream<Item = Result<#page, super::Error>> + Send + Unpin + 'static {
                runtime::pages(self)
            }
        }
    }
}

/// Where a parameter goes, as docs name it: `path`, `query`, ...
pub(super) fn location_word(location: Location) -> &'static str {
    match location {
        Location::Path => "path",
        Location::Query => "query",
        Location::Header => "header",
        Location::Cookie => "cookie",
    }
}

fn setter(param: &Param) -> TokenStream {
    let name = ident(&param.name);
    let mut docs = DocBlock::default().docs(&param.docs);
    if docs.is_empty() {
        let location = location_word(param.location);
        docs = docs.text(&format!("The `{}` {location} parameter.", param.wire_name));
    }
    if let Some(default) = &param.default {
        docs = docs
            .lines(&[""])
            .text(&format!("Defaults to `{default}` on the server."));
    }
    if let Some(sentence) = bounds::sentence(&param.bounds) {
        docs = docs.lines(&[""]).text(&sentence);
    }
    if is_idempotency_key(param) {
        docs = docs.lines(&[""]).text(
            "When unset, a fresh key is sent, the same on every retry of the request, so that it is retried safely whatever its method.",
        );
    }
    let docs = docs.tokens();
    let (arg_ty, stored) = argument(param);
    let option_setter = param.option_setter.as_ref().map(|setter| {
        let bare = param.name.trim_start_matches("r#");
        let doc = format!(
            "Like [`{bare}`](Self::{}), with an `Option`: `None` leaves it unset (the server's default).",
            param.name
        );
        let doc = DocBlock::default().lines(&[&doc]).tokens();
        let setter = ident(setter);
        // a concrete type, so that `None` needs no annotation
        let (ty, value) = match (&param.ty, param.secret) {
            (Ty::String, true) => (
                quote!(String),
                quote!(#name.map(super::runtime::Secret::new)),
            ),
            (ty, _) => (rust_type(ty, &models_prefix()), quote!(#name)),
        };
        quote! {
            #doc
            #[inline]
            pub fn #setter(mut self, #name: Option<#ty>) -> Self {
                self.#name = #value;
                self
            }
        }
    });
    quote! {
        #docs
        #[inline]
        pub fn #name(mut self, #name: #arg_ty) -> Self {
            self.#name = Some(#stored);
            self
        }

        #option_setter
    }
}

fn request_fn(api: &Api, op: &Operation) -> TokenStream {
    let method = ident(op.http_method.as_str());
    let template = &op.path_template;
    let operation = operation_name(op);
    let path = op.path.iter().map(|segment| match segment {
        PathSegment::Literal(text) => quote!(.literal(#text)),
        PathSegment::Param(name) => {
            let param = op.params.iter().find(|p| &p.name == name);
            let field = ident(name);
            if param.is_some_and(|p| p.secret) {
                return quote!(.secret_param(&self.#field));
            }
            match param.map_or(&WireText::Clone, |p| &p.wire_text) {
                WireText::Clone => quote!(.param(&self.#field)),
                WireText::EnumStr => quote!(.param(self.#field.as_str())),
                text => {
                    let wire = wire_text(text, &quote!(self.#field));
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
                (false, _) if is_structured(p) => {
                    let value = optional_ref(p, &field);
                    let style = query_style(p.style);
                    quote!(.query_styled(#wire, #value, runtime::QueryStyle::#style))
                }
                (false, _) => {
                    let value = optional_wire(p, &field);
                    quote!(.query(#wire, #value))
                }
            }
        });
    let headers = located(op, Location::Header);
    let cookies = located(op, Location::Cookie);
    let checks = op.params.iter().filter_map(bounds::check);
    let body = body_call(op.body.as_ref());
    let security = super::auth::security_call(api, op);
    let accept = op.accept.as_deref().map(|media| quote!(.accept(#media)));
    let no_inputs = op.params.is_empty() && op.body.is_none();
    let allow = no_inputs.then(|| quote!(#[allow(clippy::unused_self)]));
    let new = quote!(runtime::Request::new(runtime::Method::#method, #template, #operation));
    let calls = quote! {
        #security
        #accept
        #(#path)*
        #(#query)*
        #(#headers)*
        #(#cookies)*
        #(#checks)*
        #body
    };
    // the request is named before its calls: a chain that starts with a
    // call whose arguments wrap is printed with them indented twice
    let request = if calls.is_empty() {
        new
    } else {
        quote! {
            let request = #new;
            request #calls
        }
    };
    quote! {
        #allow
        #[inline]
        fn request(&self) -> runtime::Request {
            #request
        }
    }
}

/// The calls that set the header or cookie parameters of a request
/// (`location` is `Header` or `Cookie`): `.header(..)` / `.cookie(..)` with
/// the wire text, or `.secret_header(..)` / `.secret_cookie(..)` with the
/// secret itself.
fn located(op: &Operation, location: Location) -> Vec<TokenStream> {
    let kind = if location == Location::Cookie {
        "cookie"
    } else {
        "header"
    };
    let plain = ident(kind);
    let secret = ident(&format!("secret_{kind}"));
    op.params
        .iter()
        .filter(|p| p.location == location)
        .map(|p| {
            let wire = &p.wire_name;
            let field = ident(&p.name);
            if p.secret {
                let value = optional_ref(p, &field);
                return quote!(.#secret(#wire, #value));
            }
            let value = optional_wire(p, &field);
            if is_idempotency_key(p) {
                return quote!(.idempotency_key(#wire, #value));
            }
            quote!(.#plain(#wire, #value))
        })
        .collect()
}

/// Whether `param` is the header that makes a request safe to retry: one
/// key per request, made when the caller gives none.
pub(super) fn is_idempotency_key(param: &Param) -> bool {
    param.location == Location::Header && param.wire_name.eq_ignore_ascii_case("idempotency-key")
}

/// `Option<&T>` of a parameter's stored value.
fn optional_ref(param: &Param, field: &syn::Ident) -> TokenStream {
    if param.required {
        quote!(Some(&self.#field))
    } else {
        quote!(self.#field.as_ref())
    }
}

/// `Option<String>` of a parameter's wire value.
fn optional_wire(param: &Param, field: &syn::Ident) -> TokenStream {
    if param.required {
        let wire = wire_text(&param.wire_text, &quote!(self.#field));
        return quote!(Some(#wire));
    }
    if param.wire_text == WireText::Clone {
        return quote!(self.#field.clone());
    }
    let map = wire_text_mapper(&param.wire_text);
    quote!(self.#field.as_ref() #map)
}

/// Whether a query parameter is a list, an object or free-form JSON:
/// spelled by the runtime as its `style` says.
fn is_structured(param: &Param) -> bool {
    matches!(param.wire_text, WireText::Joined(_) | WireText::Serialized)
}

/// The runtime's name for a query style.
fn query_style(style: QueryStyle) -> syn::Ident {
    ident(match style {
        QueryStyle::FormExploded => "FormExploded",
        QueryStyle::Form => "Form",
        QueryStyle::SpaceDelimited => "SpaceDelimited",
        QueryStyle::PipeDelimited => "PipeDelimited",
        QueryStyle::DeepObject => "DeepObject",
    })
}

/// What `send()` gives for the operation's success body: the Rust type,
/// the runtime's reader of it, and the words the docs say it in.
fn read_as(api: &Api, response: Option<&ResponseBody>) -> (TokenStream, TokenStream, &'static str) {
    let error_body = error_body_type(api);
    let item = |ty: &Ty| rust_type(ty, &models_prefix());
    match response {
        Some(ResponseBody::Json(ty)) => (item(ty), quote!(runtime::Json), "decodes the response"),
        Some(ResponseBody::Text) => (
            quote!(String),
            quote!(runtime::Text),
            "returns the response text",
        ),
        Some(ResponseBody::Bytes) => (
            quote!(Vec<u8>),
            quote!(runtime::Bytes),
            "returns the response bytes",
        ),
        Some(ResponseBody::Events(None)) => (
            quote!(runtime::EventStream<String, #error_body>),
            quote!(runtime::Events),
            "gives the server-sent events as they arrive, their data as text",
        ),
        Some(ResponseBody::Events(Some(ty))) => {
            let ty = item(ty);
            (
                quote!(runtime::EventStream<#ty, #error_body>),
                quote!(runtime::JsonEvents),
                "gives the server-sent events as they arrive, their data decoded",
            )
        }
        Some(ResponseBody::JsonItems(ty, framing)) => {
            let ty = item(ty);
            let read = match framing {
                ItemFraming::Lines => quote!(runtime::JsonLines),
                ItemFraming::RecordSeparator => quote!(runtime::JsonSeq),
            };
            (
                quote!(runtime::JsonStream<#ty, #error_body>),
                read,
                "gives the response's items as they arrive, each decoded",
            )
        }
        Some(ResponseBody::ByStatus(by_status)) => (
            {
                let name = ident(&by_status.name);
                quote!(#name)
            },
            quote!(runtime::ByStatus),
            "decodes the body its status declares",
        ),
        None => (
            quote!(()),
            quote!(runtime::NoContent),
            "expects a success status",
        ),
    }
}

/// The request `send` hands to the client: a streamed body is left unread.
fn request_expr(op: &Operation) -> TokenStream {
    if op.response.as_ref().is_some_and(ResponseBody::is_stream) {
        quote!(self.request().stream_response())
    } else {
        quote!(self.request())
    }
}

/// With cargo features, the typed request for the `test-util` mock.
fn typed_request(cargo_features: bool) -> Option<TokenStream> {
    cargo_features.then(|| {
        quote! {
            #[cfg(feature = "test-util")]
            let request = runtime::typed(request, &self);
        }
    })
}

/// `customize` and `send`; with cargo features, `send` hands the typed
/// request to the `test-util` mock too.
fn send_fn(api: &Api, op: &Operation, cargo_features: bool) -> TokenStream {
    let (ty, read, what) = read_as(api, op.response.as_ref());
    // the reader is named only when it is not the default or headers follow it
    let future_args = match (headers::type_of(op), op.response.as_ref()) {
        (Some(headers), _) => quote!(#ty, #read, #headers),
        (None, Some(ResponseBody::Json(_))) => quote!(#ty),
        (None, _) => quote!(#ty, #read),
    };
    let with_response = match &op.response_headers {
        Some(h) => format!(
            "request id of the success ([`Response`](super::Response)), whose `declared_headers()` are a [`{}`].",
            h.name
        ),
        None => "request id of the success ([`Response`](super::Response)).".to_owned(),
    };
    let mut docs = DocBlock::default().lines(&[&format!(
        "Sends the request and {what}: `.await` the future it returns."
    )]);
    if op.response.as_ref().is_some_and(ResponseBody::is_stream) {
        docs = docs.lines(&[
            "",
            "The future gives the stream once the success status and headers",
            "have come; each item is read as it arrives, one at a time. An",
            "error in the body (a malformed item, a lost connection) is the",
            "stream's last item; it is not retried. The attempt timeout bounds",
            "the whole stream: raise it with `customize` for long streams.",
        ]);
    }
    let docs = docs
        .lines(&[
            "",
            "`.send().with_response()` also gives the status, headers and",
            &with_response,
            "",
            "# Errors",
            "",
            "`Error::Api` for an error status (after any retries), `Error::Transport`",
            "when the server cannot be reached, `Error::Decode` for a body that does",
            "not match the API description.",
        ])
        .tokens();
    let customize_docs = DocBlock::default()
        .lines(&[
            "Settings for this request alone, over the client's: the attempt",
            "timeout, an operation timeout, the retry policy, extra headers",
            "(see [`RequestOptions`](super::RequestOptions)).",
        ])
        .tokens();
    let request = request_expr(op);
    let typed = typed_request(cargo_features);
    quote! {
        #customize_docs
        #[inline]
        pub fn customize(
            mut self,
            options: impl FnOnce(runtime::RequestOptions) -> runtime::RequestOptions,
        ) -> Self {
            self.client = self.client.customized(options);
            self
        }

        #docs
        #[inline]
        pub fn send(self) -> ResponseFuture<#future_args> {
            let request = #request;
            #typed
            self.client.execute(request)
        }
    }
}

/// `send_streaming()` of an operation that answers bytes: the body as a
/// stream of chunks, for downloads of any size.
fn send_streaming_fn(api: &Api, op: &Operation, cargo_features: bool) -> Option<TokenStream> {
    if op.response != Some(ResponseBody::Bytes) {
        return None;
    }
    let error_body = error_body_type(api);
    let future_args = match headers::type_of(op) {
        Some(headers) => quote!(runtime::ByteStream<#error_body>, runtime::Streamed, #headers),
        None => quote!(runtime::ByteStream<#error_body>, runtime::Streamed),
    };
    let typed = typed_request(cargo_features);
    let blocking = cargo_features.then(|| {
        quote! {
            /// `send_streaming()` for callers without an async runtime (it must
            /// not be called from inside one): an iterator of the chunks, each
            /// read when asked for. Feature `blocking`.
            ///
            /// # Errors
            ///
            /// As for `send`, before the body; then on the iterator.
            #[cfg(feature = "blocking")]
            #[inline]
            pub fn send_streaming_blocking(
                self,
            ) -> Result<runtime::BlockingStream<runtime::ByteStream<#error_body>>, super::Error> {
                runtime::block_on(self.send_streaming()).map(runtime::BlockingStream::new)
            }
        }
    });
    Some(quote! {
        /// Sends the request and gives the response body as it arrives, a
        /// stream of chunks (`bytes::Bytes`), so that a download of any size
        /// runs in bounded memory: `.await` the future it returns, then read
        /// the stream. A connection lost midway is the stream's last item (not
        /// retried). The attempt timeout bounds the whole download: raise it
        /// with `customize` for large ones.
        ///
        /// # Errors
        ///
        /// As for `send`, before the body; then on the stream.
        #[inline]
        pub fn send_streaming(self) -> ResponseFuture<#future_args> {
            let request = self.request().stream_response();
            #typed
            self.client.execute(request)
        }

        #blocking
    })
}

/// `send_blocking()`, behind the `blocking` feature: a stream becomes an
/// iterator.
fn send_blocking_fn(api: &Api, op: &Operation) -> TokenStream {
    let (ty, _, _) = read_as(api, op.response.as_ref());
    let (ty, call) = if op.response.as_ref().is_some_and(ResponseBody::is_stream) {
        (
            quote!(runtime::BlockingStream<#ty>),
            quote!(runtime::block_on(self.send()).map(runtime::BlockingStream::new)),
        )
    } else {
        (ty, quote!(runtime::block_on(self.send())))
    };
    let docs = DocBlock::default()
        .lines(&[
            "Sends the request and waits for the answer, for callers without an",
            "async runtime (it must not be called from inside one). Feature",
            "`blocking`.",
            "",
            "# Errors",
            "",
            "As for `send`.",
        ])
        .tokens();
    quote! {
        #docs
        #[cfg(feature = "blocking")]
        #[inline]
        pub fn send_blocking(self) -> Result<#ty, super::Error> {
            #call
        }
    }
}

/// The field, constructor argument and setter of the body.
fn body_parts(body: Option<&RequestBody>) -> (TokenStream, TokenStream, TokenStream, TokenStream) {
    let Some(body) = body else {
        return Default::default();
    };
    let ty = body_type(body);
    if body.required {
        return (
            quote!(body: #ty,),
            quote!(body: #ty),
            quote!(body,),
            TokenStream::new(),
        );
    }
    let mut docs = DocBlock::default().docs(&body.docs);
    if docs.is_empty() {
        docs = docs.text("The request body.");
    }
    let docs = docs.tokens();
    let (arg, stored) = body_argument(body);
    let setter = quote! {
        #docs
        #[inline]
        pub fn body(mut self, body: #arg) -> Self {
            self.body = Some(#stored);
            self
        }
    };
    (
        quote!(body: Option<#ty>,),
        TokenStream::new(),
        quote!(body: None,),
        setter,
    )
}

/// The call that puts the body into the request.
fn body_call(body: Option<&RequestBody>) -> TokenStream {
    let Some(body) = body else {
        return TokenStream::new();
    };
    let value = if body.required {
        quote!(Some(&self.body))
    } else {
        quote!(self.body.as_ref())
    };
    match &body.encoding {
        BodyEncoding::Json(_) => quote!(.json_body(#value)),
        BodyEncoding::Form(_) => quote!(.form_body(#value)),
        BodyEncoding::Multipart(_) => quote!(.multipart_body(#value)),
        BodyEncoding::Text(media) => quote!(.text_body(#media, #value)),
        BodyEncoding::Bytes(media) => quote!(.bytes_body(#media, #value)),
    }
}

/// The structs sent as `multipart/form-data` bodies, each once, by name
/// (through aliases: an alias and its struct are one type).
pub fn multipart_forms(api: &Api) -> Vec<&str> {
    let mut names: Vec<&str> = api
        .operations
        .iter()
        .filter_map(|op| match &op.body.as_ref()?.encoding {
            BodyEncoding::Multipart(ty) => match resolve_alias(&api.types, ty) {
                Ty::Named(name) => Some(name.as_str()),
                _ => None,
            },
            _ => None,
        })
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// `MultipartForm` for the struct `name`: one call per field, in order, that
/// adds its parts (files for `FilePart` fields, values otherwise).
pub fn multipart_form(api: &Api, name: &str) -> TokenStream {
    let Some(TypeKind::Struct(Struct { fields, extra, .. })) = api.find_type(name).map(|t| &t.kind)
    else {
        return TokenStream::new();
    };
    let calls = fields.iter().map(part_call);
    let extra = extra.as_ref().map(|extra| {
        let entries = ident(&extra.name);
        quote!(.entries(&self.#entries))
    });
    let name = ident(name);
    quote! {
        impl runtime::MultipartForm for models::#name {
            fn parts<'a>(&'a self, form: runtime::Multipart<'a>) -> runtime::Multipart<'a> {
                form #(#calls)* #extra
            }
        }
    }
}

/// The call that adds the parts of `field`: `file` or `value`, or `file_as`
/// or `value_as` with the media type the `encoding` object gives it.
fn part_call(field: &Field) -> TokenStream {
    let wire = &field.wire_name;
    let value = ident(&field.name);
    match (field.ty.holds_files(), &field.part_media_type) {
        (true, None) => quote!(.file(#wire, &self.#value)),
        (true, Some(media_type)) => quote!(.file_as(#wire, &self.#value, #media_type)),
        (false, None) => quote!(.value(#wire, &self.#value)),
        (false, Some(media_type)) => quote!(.value_as(#wire, &self.#value, #media_type)),
    }
}
