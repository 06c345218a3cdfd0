//! Emits `models.rs`: one struct, enum or alias per named type.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{doc_attrs, doc_lines, ident, rust_type};
use crate::ir::{ExtraField, Field, StringEnum, Struct, TypeDef, TypeKind};
use crate::lower::UNKNOWN_VARIANT;

/// The whole models module.
pub fn models(types: &[TypeDef]) -> TokenStream {
    let items = types.iter().map(type_def);
    let serde_import = types
        .iter()
        .any(|t| matches!(t.kind, TypeKind::Struct(_)))
        .then(|| {
            quote!(
                use serde::{Deserialize, Serialize};
            )
        });
    quote! {
        //! The API's data types, one per schema.
        #serde_import
        #(#items)*
    }
}

fn type_def(def: &TypeDef) -> TokenStream {
    let docs = doc_attrs(&def.docs);
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(s) => struct_def(&docs, &name, s),
        TypeKind::StringEnum(e) => string_enum(&docs, &name, e),
        TypeKind::Alias(ty) => {
            let ty = rust_type(ty, &TokenStream::new());
            let docs = if docs.is_empty() {
                doc_lines(&format!("An alias of `{ty}`."))
            } else {
                docs
            };
            quote! { #docs pub type #name = #ty; }
        }
    }
}

fn struct_def(docs: &TokenStream, name: &syn::Ident, s: &Struct) -> TokenStream {
    let fields = s.fields.iter().map(field);
    let extra = s.extra.as_ref().map(extra_field);
    let docs = if docs.is_empty() {
        doc_lines(&format!("The `{name}` object."))
    } else {
        docs.clone()
    };
    let default = s
        .fields
        .iter()
        .all(|f| f.presence.is_option())
        .then(|| quote!(Default,));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default Serialize, Deserialize)]
        pub struct #name {
            #(#fields)*
            #extra
        }
    }
}

fn field(field: &Field) -> TokenStream {
    let docs = doc_attrs(&field.docs);
    let docs = if docs.is_empty() {
        doc_lines(&format!("`{}`", field.wire_name))
    } else {
        docs
    };
    let name = ident(&field.name);
    let wire = &field.wire_name;
    let rename =
        (field.name.trim_start_matches("r#") != wire).then(|| quote!(#[serde(rename = #wire)]));
    let skip = field
        .presence
        .skips_none()
        .then(|| quote!(#[serde(default, skip_serializing_if = "Option::is_none")]));
    let ty = rust_type(&field.ty, &TokenStream::new());
    let ty = if field.presence.is_option() {
        quote!(Option<#ty>)
    } else {
        ty
    };
    quote! {
        #docs
        #rename
        #skip
        pub #name: #ty,
    }
}

fn extra_field(extra: &ExtraField) -> TokenStream {
    let name = ident(&extra.name);
    let value = rust_type(&extra.value, &TokenStream::new());
    quote! {
        /// Properties beyond the ones named above, kept as they were received.
        #[serde(flatten)]
        pub #name: std::collections::BTreeMap<String, #value>,
    }
}

fn string_enum(docs: &TokenStream, name: &syn::Ident, e: &StringEnum) -> TokenStream {
    let unknown = ident(UNKNOWN_VARIANT);
    let variants = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let doc = format!(" `{}`", v.wire_value);
        let default = (e.default.as_deref() == Some(v.name.as_str())).then(|| quote!(#[default]));
        quote!(#[doc = #doc] #default #variant,)
    });
    let to_wire = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire_value;
        quote!(Self::#variant => #wire,)
    });
    let from_wire = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire_value;
        quote!(#wire => Self::#variant,)
    });
    let docs = if docs.is_empty() {
        doc_lines(&format!("The `{name}` values."))
    } else {
        docs.clone()
    };
    let derive_default = e.default.is_some().then(|| quote!(Default,));
    let unknown_doc = format!(
        " Values this version of the bindings does not know decode to [`{name}::{UNKNOWN_VARIANT}`] and are sent back unchanged."
    );
    quote! {
        #docs
        ///
        #[doc = #unknown_doc]
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, #derive_default)]
        pub enum #name {
            #(#variants)*
            /// A value not listed in the API description.
            #unknown(String),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_wire)*
                    Self::#unknown(value) => value,
                }
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    #(#from_wire)*
                    _ => Self::#unknown(value),
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                Self::from(value.to_owned())
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <String as serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    }
}
