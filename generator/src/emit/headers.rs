//! Emits an operation's declared response headers: a `{Builder}Headers`
//! struct beside its builder, one typed field per header, and its
//! `DeclaredHeaders` impl, which reads each field with the runtime reader
//! for its shape (required or optional, one value or a list).

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{doc_attrs, ident, models_prefix, rust_type};
use crate::ir::{Operation, ResponseHeader, ResponseHeaders, Ty};

/// The type `send()`'s future names for the declared headers, if any.
pub fn type_of(op: &Operation) -> Option<TokenStream> {
    let name = ident(&op.response_headers.as_ref()?.name);
    Some(quote!(#name))
}

/// The struct of `op`'s declared headers and its impl; nothing when the
/// operation declares none.
pub fn item(op: &Operation) -> TokenStream {
    let Some(ResponseHeaders { name, fields }) = &op.response_headers else {
        return TokenStream::new();
    };
    let summary = format!(
        " The headers a success of [`{}`] declares: `.send().with_response().await?.declared_headers()`.",
        op.builder_name
    );
    let name = ident(name);
    let field_defs = fields.iter().map(field_def);
    let reads = fields.iter().map(read);
    quote! {
        #[doc = #summary]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#field_defs)*
        }

        impl runtime::DeclaredHeaders for #name {
            fn from_headers(headers: &runtime::HeaderMap) -> Result<Self, runtime::HeaderError> {
                Ok(Self { #(#reads)* })
            }
        }
    }
}

fn field_def(header: &ResponseHeader) -> TokenStream {
    let field = ident(&header.field);
    let docs = doc_attrs(&header.docs);
    let docs = (!docs.is_empty()).then(|| quote!(#docs #[doc = ""]));
    let wire = format!(" The `{}` header.", header.wire_name);
    let ty = rust_type(&header.ty, &models_prefix());
    let ty = if header.required {
        ty
    } else {
        quote!(Option<#ty>)
    };
    quote! {
        #docs
        #[doc = #wire]
        pub #field: #ty,
    }
}

/// `field: runtime::<reader>(headers, "name")?,`
fn read(header: &ResponseHeader) -> TokenStream {
    let field = ident(&header.field);
    let wire = header.wire_name.to_ascii_lowercase();
    let reader = ident(match (&header.ty, header.required) {
        (Ty::Vec(_), true) => "required_header_list",
        (Ty::Vec(_), false) => "optional_header_list",
        (_, true) => "required_header",
        (_, false) => "optional_header",
    });
    quote!(#field: runtime::#reader(headers, #wire)?,)
}
