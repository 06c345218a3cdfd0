//! Emits an operation's enum of success bodies by status (`{Builder}Output`,
//! beside its builder): one variant per distinct body, documented from its
//! responses, and its `FromStatus` impl, one `match` arm per status; and the
//! `test-util` mock's reply for each variant.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{doc_attrs, ident, models_prefix, rust_type};
use crate::ir::{Operation, ResponseBody, StatusBodies, StatusVariant, SuccessStatus, WholeBody};

/// The type of one variant's body (`None` for a unit variant).
fn body_type(body: Option<&WholeBody>, models: &TokenStream) -> Option<TokenStream> {
    match body? {
        WholeBody::Json(ty) => Some(rust_type(ty, models)),
        WholeBody::Text => Some(quote!(String)),
        WholeBody::Bytes => Some(quote!(Vec<u8>)),
    }
}

/// The enum and its impl; nothing when `op` answers one body.
pub fn item(op: &Operation) -> TokenStream {
    let Some(ResponseBody::ByStatus(by_status)) = &op.response else {
        return TokenStream::new();
    };
    let summary = format!(
        " What a success of [`{}`] gives: its body, as its HTTP status says.",
        op.builder_name
    );
    let name = ident(&by_status.name);
    let variants = by_status.variants.iter().map(variant_def);
    let arms = by_status.variants.iter().flat_map(decode_arms);
    let fallback = fallback(by_status);
    quote! {
        #[doc = #summary]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)] // one decoded body by value, answered once
        pub enum #name {
            #(#variants)*
        }

        impl runtime::FromStatus for #name {
            fn from_status(body: runtime::SuccessBody) -> Result<Self, Box<runtime::DecodeError>> {
                match body.status() {
                    #(#arms)*
                    #fallback
                }
            }
        }
    }
}

fn variant_def(variant: &StatusVariant) -> TokenStream {
    let name = ident(&variant.name);
    let docs = doc_attrs(&variant.docs);
    let docs = (!docs.is_empty()).then(|| quote!(#docs #[doc = ""]));
    let statuses: Vec<String> = variant.statuses.iter().map(|s| status_words(*s)).collect();
    let statuses = format!(" Status {}.", statuses.join(", "));
    let body = body_type(variant.body.as_ref(), &models_prefix()).map(|ty| quote!((#ty)));
    quote! {
        #docs
        #[doc = #statuses]
        #name #body,
    }
}

fn status_words(status: SuccessStatus) -> String {
    match status {
        SuccessStatus::Code(code) => format!("`{code}`"),
        SuccessStatus::Range => "`2XX` (any other success)".to_owned(),
    }
}

/// `201 => body.json().map(Self::Created),` for each exact code of a variant.
fn decode_arms(variant: &StatusVariant) -> impl Iterator<Item = TokenStream> + '_ {
    let read = read(variant);
    variant
        .statuses
        .iter()
        .filter_map(move |status| match status {
            SuccessStatus::Code(code) => {
                let code = proc_macro2::Literal::u16_unsuffixed(*code);
                Some(quote!(#code => #read,))
            }
            SuccessStatus::Range => None,
        })
}

/// How a variant is made from the body.
fn read(variant: &StatusVariant) -> TokenStream {
    let name = ident(&variant.name);
    match &variant.body {
        Some(WholeBody::Json(_)) => quote!(body.json().map(Self::#name)),
        Some(WholeBody::Text) => quote!(body.text().map(Self::#name)),
        Some(WholeBody::Bytes) => quote!(Ok(Self::#name(body.bytes()))),
        None => quote!(Ok(Self::#name)),
    }
}

/// The last arm: the `2XX` range's variant, or an error naming the
/// declared statuses.
fn fallback(by_status: &StatusBodies) -> TokenStream {
    let range = (by_status.variants.iter()).find(|v| v.statuses.contains(&SuccessStatus::Range));
    if let Some(variant) = range {
        let read = read(variant);
        return quote!(_ => #read,);
    }
    let mut codes: Vec<String> = (by_status.variants.iter())
        .flat_map(|v| &v.statuses)
        .map(|s| s.text())
        .collect();
    codes.sort();
    let declared = codes.join(", ");
    quote!(_ => Err(body.undeclared(#declared)),)
}

/// The mock's reply for an output: each variant with its status and body.
pub fn reply(op: &Operation) -> Option<TokenStream> {
    let Some(ResponseBody::ByStatus(by_status)) = &op.response else {
        return None;
    };
    let name = ident(&by_status.name);
    let arms = by_status.variants.iter().map(|variant| {
        let status = proc_macro2::Literal::u16_unsuffixed(variant.reply_status(&by_status.variants));
        let variant_name = ident(&variant.name);
        match &variant.body {
            Some(WholeBody::Json(_)) => quote! {
                #name::#variant_name(body) => runtime::Reply::status(#status).json(body),
            },
            Some(WholeBody::Text) => quote! {
                #name::#variant_name(text) => runtime::Reply::status(#status).text(text.as_str()),
            },
            Some(WholeBody::Bytes) => quote! {
                #name::#variant_name(bytes) => runtime::Reply::status(#status).body(bytes.as_slice()),
            },
            None => quote! {
                #name::#variant_name => runtime::Reply::status(#status),
            },
        }
    });
    Some(quote! {
        match output {
            #(#arms)*
        }
    })
}
