//! Emits `webhooks.rs` (when the API sends any): `WebhookEvent`, one
//! variant per webhook and callback of the document, each holding its typed
//! body, and `WebhookEvent::decode`, which reads a received body by the
//! event's name; events the document does not list are kept as received.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{doc_attrs, doc_lines, ident, mentions_named, rust_type};
use crate::ir::{Api, Webhook, WholeBody};

/// The webhooks module.
pub fn webhooks(api: &Api) -> TokenStream {
    let variants = api.webhooks.iter().map(variant);
    let arms = api.webhooks.iter().map(decode_arm);
    let names = api.webhooks.iter().map(name_arm);
    let events = api.webhooks.iter().map(|w| &w.event);
    let models = api
        .webhooks
        .iter()
        .filter_map(|w| w.body.as_ref()?.json())
        .any(mentions_named)
        .then(|| {
            quote!(
                use super::models;
            )
        });
    quote! {
        //! Webhooks and callbacks: the requests the API sends to your server,
        //! decoded by the event's name. Decode the raw body your server
        //! received with [`WebhookEvent::decode`], or with
        //! [`WebhookEvent::decode_verified`] to check it with your
        //! [`VerifyWebhook`] first (OpenAPI does not describe signatures).
        #models
        pub use super::webhook::{UnknownEvent, VerifyWebhook, WebhookError, WebhookErrorKind};
        use super::webhook;

        /// An event the API sends to your server, one variant per webhook
        /// and callback of the API description, holding its decoded body.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)] // one decoded body by value, received once
        pub enum WebhookEvent {
            #(#variants)*
            /// An event the API description does not list, kept as received.
            Unknown(UnknownEvent),
        }

        impl WebhookEvent {
            /// The names of the events the API description lists.
            pub const NAMES: &'static [&'static str] = &[#(#events),*];

            /// Decodes the `body` of a received event by its name (one of
            /// [`WebhookEvent::NAMES`]; any other is [`WebhookEvent::Unknown`]).
            ///
            /// # Errors
            ///
            /// When the body does not match the event's description.
            pub fn decode(event: &str, body: &[u8]) -> Result<Self, WebhookError> {
                match event {
                    #(#arms)*
                    _ => Ok(Self::Unknown(UnknownEvent::new(event, body))),
                }
            }

            /// Checks a received event with `verifier` (given the request's
            /// headers and the raw body), then decodes it.
            ///
            /// # Errors
            ///
            /// When the verifier rejects it ([`WebhookErrorKind::Rejected`]),
            /// or the body does not match the event's description.
            pub fn decode_verified(
                verifier: &impl VerifyWebhook,
                event: &str,
                headers: &[(&str, &str)],
                body: &[u8],
            ) -> Result<Self, WebhookError> {
                verifier
                    .verify(event, headers, body)
                    .map_err(|reason| WebhookError::rejected(event, reason))?;
                Self::decode(event, body)
            }

            /// The event's name.
            #[must_use]
            pub fn name(&self) -> &str {
                match self {
                    #(#names)*
                    Self::Unknown(event) => event.name(),
                }
            }
        }
    }
}

fn variant(webhook: &Webhook) -> TokenStream {
    let name = ident(&webhook.variant);
    let heading = doc_lines(&format!(
        "`{}` (a `{}` request).",
        webhook.event,
        webhook.method.as_str()
    ));
    let docs = doc_attrs(&webhook.docs);
    let docs = if docs.is_empty() {
        heading
    } else {
        quote!(#heading #[doc = ""] #docs)
    };
    match &webhook.body {
        Some(WholeBody::Json(ty)) => {
            let ty = rust_type(ty, &quote!(models::));
            quote!(#docs #name(#ty),)
        }
        Some(WholeBody::Text) => quote!(#docs #name(String),),
        Some(WholeBody::Bytes) => quote!(#docs #name(Vec<u8>),),
        None => quote!(#docs #name,),
    }
}

fn decode_arm(webhook: &Webhook) -> TokenStream {
    let name = ident(&webhook.variant);
    let event = &webhook.event;
    match &webhook.body {
        Some(WholeBody::Json(_)) => {
            quote!(#event => webhook::json(event, body).map(Self::#name),)
        }
        Some(WholeBody::Text) => quote!(#event => webhook::text(event, body).map(Self::#name),),
        Some(WholeBody::Bytes) => quote!(#event => Ok(Self::#name(body.to_vec())),),
        None => quote!(#event => Ok(Self::#name),),
    }
}

fn name_arm(webhook: &Webhook) -> TokenStream {
    let name = ident(&webhook.variant);
    let event = &webhook.event;
    match &webhook.body {
        Some(_) => quote!(Self::#name(_) => #event,),
        None => quote!(Self::#name => #event,),
    }
}
