//! Emits `models.rs`: one struct, enum or alias per named type.

use std::fmt::Write as _;

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use super::common::{
    DocBlock, doc_attrs, doc_lines, doc_text_lines, field_argument, ident, rust_type,
};
use super::{Item, decode};
use crate::customise::{user_attributes, user_derives_beyond};
use crate::ir::{
    Decoding, Discriminator, ExtraField, Field, Presence, StringEnum, Struct, TagType, Ty, TypeDef,
    TypeKind, TypeSettings, UNKNOWN_VARIANT, Union,
};

/// The start of the models module: its docs, imports and, when there are
/// string enums, the `string_enum!` macro (the types follow, one
/// [`type_def`] each).
pub fn head(types: &[TypeDef]) -> Item {
    let uses_serde = |t: &TypeDef| matches!(t.kind, TypeKind::Struct(_)) || is_untagged(t);
    let serde_import = if types
        .iter()
        .any(|t| uses_serde(t) && derives_deserialize(t))
    {
        quote!(
            use serde::{Deserialize, Serialize};
        )
    } else if types.iter().any(uses_serde) {
        quote!(
            use serde::Serialize;
        )
    } else {
        TokenStream::new()
    };
    let mut text = String::new();
    let string_enums = types
        .iter()
        .any(|t| matches!(t.kind, TypeKind::StringEnum(_)));
    if string_enums {
        push_paragraph(&mut text, STRING_ENUM_MACRO);
    }
    let decoded = |t: &&TypeDef| !derives_deserialize(t);
    let structs = (types.iter().filter(decoded)).any(|t| matches!(t.kind, TypeKind::Struct(_)));
    let untagged = types.iter().filter(decoded).any(is_untagged);
    let tagged = types
        .iter()
        .any(|t| matches!(&t.kind, TypeKind::Union(u) if u.discriminator.is_some()));
    if untagged {
        push_paragraph(&mut text, decode::FIT_SUPPORT);
    } else if string_enums || structs || tagged {
        push_paragraph(&mut text, decode::FIT_UNREAD);
    }
    if structs || untagged {
        push_paragraph(&mut text, decode::SEED_SUPPORT);
    }
    if structs {
        push_paragraph(&mut text, decode::STRUCT_SUPPORT);
    }
    if untagged {
        push_paragraph(&mut text, decode::UNTAGGED_SUPPORT);
    }
    if types.iter().any(adds_tags) {
        push_paragraph(&mut text, decode::TAGGED_SUPPORT);
    }
    let unknown_value = if types
        .iter()
        .any(|t| matches!(t.kind, TypeKind::StringEnum(_)))
    {
        unknown_value()
    } else {
        TokenStream::new()
    };
    Item {
        tokens: quote! {
            //! The API's data types, one per schema.
            #serde_import
            #unknown_value
        },
        text: (!text.is_empty()).then_some(text),
    }
}

/// `UnknownValue`, what every string enum's `Unknown` holds: a value no
/// variant stands for. Its field is private and only the enums' `From`
/// conversions (decoding included) make one, after trying every listed
/// value, so `Unknown` is never built around a known value and a value is
/// equal to itself whichever way it was made.
fn unknown_value() -> TokenStream {
    quote! {
        /// A value of a string enum that this version of the bindings does not know.
        ///
        /// Only decoding and the enums' `From<String>` / `From<&str>` make one, and only of a value
        /// that no variant stands for: `From` gives the variant for a listed value, never `Unknown`.
        /// To recognise a value that a later version may list, compare the enum with the string
        /// (`value == "NEW_VALUE"`), which holds either way, rather than matching `Unknown`.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct UnknownValue(String);

        impl UnknownValue {
            /// The value as received.
            #[inline]
            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::ops::Deref for UnknownValue {
            type Target = str;

            #[inline]
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for UnknownValue {
            #[inline]
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for UnknownValue {
            #[inline]
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for UnknownValue {
            #[inline]
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl std::fmt::Display for UnknownValue {
            #[inline]
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<UnknownValue> for String {
            #[inline]
            fn from(value: UnknownValue) -> Self {
                value.0
            }
        }
    }
}

/// Whether a type is a union that takes the tag out of some alternatives
/// before decoding them.
fn adds_tags(def: &TypeDef) -> bool {
    matches!(&def.kind, TypeKind::Union(u) if u.variants.iter().any(|v| v.tag.is_some()))
}

/// Whether a type is a union tried alternative by alternative.
fn is_untagged(def: &TypeDef) -> bool {
    matches!(&def.kind, TypeKind::Union(u) if u.discriminator.is_none())
}

/// Whether a type gets serde's derived `Deserialize` rather than one of the
/// `decode_*!` macros (see [`Decoding`]).
fn derives_deserialize(def: &TypeDef) -> bool {
    def.settings.decoding == Decoding::Derive
}

fn push_paragraph(text: &mut String, paragraph: &str) {
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(paragraph);
}

/// The derives of a generated type: its own, then the user's extra ones,
/// then the user's attributes for it (after the derive, where derive
/// helper attributes such as `#[serde(...)]` belong).
struct Derives<'a> {
    settings: &'a TypeSettings,
}

impl Derives<'_> {
    /// `#[derive(..)]` with `own` (and `Default` when `default`), the
    /// user's extra derives, then the user's attributes.
    fn attributes(&self, own: &[&str], default: bool) -> TokenStream {
        let mut own = own.to_vec();
        if default {
            own.push("Default");
        }
        let all: Vec<TokenStream> = own
            .iter()
            .map(|d| {
                let d = ident(d);
                quote!(#d)
            })
            .chain(user_derives_beyond(&self.settings.derives, &own))
            .collect();
        let attributes = user_attributes(&self.settings.attributes);
        quote! {
            #[derive(#(#all),*)]
            #attributes
        }
    }
}

/// The definition of one named type (and its impls).
pub fn type_def(def: &TypeDef, types: &[TypeDef]) -> Item {
    let docs = doc_attrs(&def.docs);
    let name = ident(&def.name);
    let derives = Derives {
        settings: &def.settings,
    };
    match &def.kind {
        TypeKind::Struct(s) => {
            let derived = derives_deserialize(def);
            let tokens = struct_def(&docs, &name, s, &derives, derived, types);
            let text = (!derived).then(|| decode::struct_invocation(&def.name, s, types));
            Item { tokens, text }
        }
        TypeKind::StringEnum(e) => string_enum(&docs, &name, e, &derives),
        TypeKind::Union(u) => {
            let derived = derives_deserialize(def);
            let tokens = union(&docs, &name, u, &derives, derived, types);
            let text = (is_untagged(def) && !derived)
                .then(|| decode::untagged_invocation(&def.name, u, types));
            Item { tokens, text }
        }
        TypeKind::Alias(ty) => {
            let attributes = user_attributes(&def.settings.attributes);
            let ty = rust_type(ty, &TokenStream::new());
            let docs = if docs.is_empty() {
                let shown = ty.to_string().replace(' ', "");
                doc_lines(&format!("An alias of `{shown}`."))
            } else {
                docs
            };
            quote! { #docs #attributes pub type #name = #ty; }.into()
        }
    }
}

fn struct_def(
    docs: &TokenStream,
    name: &syn::Ident,
    s: &Struct,
    derives: &Derives,
    derive_deserialize: bool,
    types: &[TypeDef],
) -> TokenStream {
    // serde's derive reads dates leniently through `dates::deserialize`
    let lenient = |ty: &Ty| derive_deserialize && decode::reads_dates(ty, types);
    let fields = s.fields.iter().map(|f| field(f, lenient(&f.ty)));
    // (a flattened map of dates in a derived type stays strict)
    let extra = s.extra.as_ref().map(extra_field);
    let docs = if docs.is_empty() {
        doc_lines(&format!("The `{name}` object."))
    } else {
        docs.clone()
    };
    let all_optional = s.fields.iter().all(|f| f.presence.is_option());
    let derive = derives.attributes(&serde_derives(derive_deserialize), all_optional);
    // serde writes the tag first, then the fields in order
    let tag = s
        .tag
        .as_ref()
        .map(|(property, value)| quote!(#[serde(tag = #property, rename = #value)]));
    let constructors = constructors(name, s);
    quote! {
        #docs
        #derive
        #tag
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #extra
        }

        #constructors
    }
}

/// `new`, taking the required non-null properties in document order (the
/// others start as `None`, the extra map empty), and a `with_` setter per
/// `Option` field. Structs are `#[non_exhaustive]`, so that a new optional
/// property breaks nobody; these are how code outside the crate builds
/// one (request bodies, and responses in tests).
fn constructors(name: &syn::Ident, s: &Struct) -> TokenStream {
    let required: Vec<&Field> = s
        .fields
        .iter()
        .filter(|f| !f.presence.is_option())
        .collect();
    let arguments = required.iter().map(|f| {
        let field = ident(&f.name);
        let (ty, _) = field_argument(&f.ty, &field);
        quote!(#field: #ty)
    });
    let inits = s.fields.iter().map(|f| {
        let field = ident(&f.name);
        if f.presence.is_option() {
            quote!(#field: None)
        } else {
            match field_argument(&f.ty, &field).1 {
                Some(value) => quote!(#field: #value),
                None => quote!(#field),
            }
        }
    });
    let extra = s.extra.as_ref().map(|e| {
        let field = ident(&e.name);
        quote!(#field: std::collections::BTreeMap::new(),)
    });
    let new_doc = DocBlock::default()
        .lines(&[if required.is_empty() {
            "The object with every property `None`; set them with the `with_` methods."
        } else {
            "The object from its required properties; the optional ones start as `None` (set them with the `with_` methods)."
        }])
        .tokens();
    let setters = s.fields.iter().filter(|f| f.presence.is_option()).map(|f| {
        let field = ident(&f.name);
        let setter = ident(&format!("with_{}", f.name.trim_start_matches("r#")));
        let value = ident("value");
        let (ty, stored) = field_argument(&f.ty, &value);
        let stored = stored.unwrap_or_else(|| quote!(value));
        let doc = DocBlock::default()
            .lines(&[&format!("Sets the `{}` property.", f.wire_name)])
            .tokens();
        quote! {
            #doc
            #[inline]
            #[must_use]
            pub fn #setter(mut self, value: #ty) -> Self {
                self.#field = Some(#stored);
                self
            }
        }
    });
    let bools = required.iter().filter(|f| f.ty == Ty::Bool).count();
    let allow_bools = (bools > 3).then(|| quote!(#[allow(clippy::fn_params_excessive_bools)]));
    quote! {
        impl #name {
            #new_doc
            #allow_bools
            #[inline]
            #[must_use]
            pub fn new(#(#arguments),*) -> Self {
                Self {
                    #(#inits,)*
                    #extra
                }
            }

            #(#setters)*
        }
    }
}

/// `#[serde(deserialize_with)]` through `dates.rs`, for a field of a type
/// that keeps serde's derive and holds dates (`default` keeps a missing
/// `Option` `None`, as the derive does without it).
fn lenient_attribute(default: bool) -> TokenStream {
    let default = default.then(|| quote!(default,));
    quote!(#[serde(#default deserialize_with = "super::dates::deserialize")])
}

fn field(field: &Field, lenient: bool) -> TokenStream {
    let docs = doc_attrs(&field.docs);
    let docs = if docs.is_empty() {
        doc_lines(&format!("The `{}` property.", field.wire_name))
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
    // (an optional field has its `default` above)
    let lenient = lenient.then(|| lenient_attribute(field.presence == Presence::RequiredNullable));
    quote! {
        #docs
        #rename
        #skip
        #lenient
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

fn string_enum(docs: &TokenStream, name: &syn::Ident, e: &StringEnum, derives: &Derives) -> Item {
    let unknown = ident(UNKNOWN_VARIANT);
    let variants = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let docs = match &v.docs {
            Some(meaning) => doc_lines(&format!("`{}`\n\n{meaning}", v.wire_value)),
            None => doc_lines(&format!("`{}`", v.wire_value)),
        };
        let default = (e.default.as_deref() == Some(v.name.as_str())).then(|| quote!(#[default]));
        quote!(#docs #default #variant,)
    });
    let docs = if docs.is_empty() {
        doc_lines(&format!("The `{name}` values."))
    } else {
        docs.clone()
    };
    let own = [
        "Debug",
        "Clone",
        "PartialEq",
        "Eq",
        "Hash",
        "PartialOrd",
        "Ord",
    ];
    let derive = derives.attributes(&own, e.default.is_some());
    let unknown_doc = format!(
        " Values this version of the bindings does not know decode to [`{name}::{UNKNOWN_VARIANT}`] and are sent back unchanged."
    );
    let tokens = quote! {
        #docs
        ///
        #[doc = #unknown_doc]
        #derive
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value not listed in the API description (never one that is:
            /// see [`UnknownValue`]).
            #unknown(UnknownValue),
        }
    };
    Item {
        tokens,
        text: Some(string_enum_invocation(name, e)),
    }
}

/// `string_enum! { Name { Variant => "wire", is_variant; ... } }`, one
/// variant a line, after the first paragraph of what the value means (the
/// docs of its `is_` method).
fn string_enum_invocation(name: &syn::Ident, e: &StringEnum) -> String {
    let mut text = format!("string_enum! {{\n    {name} {{\n");
    for v in &e.variants {
        let meaning = v.docs.as_deref().unwrap_or_default().trim();
        let first: Vec<&str> = meaning
            .lines()
            .take_while(|line| !line.trim().is_empty())
            .collect();
        for line in doc_text_lines(&first.join("\n")) {
            // a lone carriage return may not stand in a doc comment
            let _ = writeln!(text, "        ///{}", line.replace('\r', " "));
        }
        let (variant, predicate) = (ident(&v.name), &v.predicate);
        let wire = proc_macro2::Literal::string(&v.wire_value);
        let _ = writeln!(text, "        {variant} => {wire}, {predicate};");
    }
    text.push_str("    }\n}\n");
    text
}

/// The macro that gives every string enum its impls: `as_str`, an `is_`
/// method per value, conversions from and to `String` and `&str`,
/// comparison with `str`, `Display`, and serde as a plain string. Written
/// once per models module (as text: the formatter cannot lay out a macro's
/// body) instead of nine impls per enum.
pub const STRING_ENUM_MACRO: &str = r#"/// Implements, for a string enum with an `Unknown(String)` catch-all:
/// `as_str`, an `is_` method per value (documented by the lines before it),
/// conversions from and to `String` (and from `&str`), comparison with
/// `str`, `Display`, and serde as a plain string. Values not listed become
/// `Unknown` and are sent back unchanged; a listed value never does.
macro_rules! string_enum {
    ($name:ident { $($(#[$doc:meta])* $variant:ident => $wire:literal, $is:ident;)* }) => {
        impl $name {
            /// The value as sent on the wire.
            #[inline]
            #[must_use]
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(value) => value.as_str(),
                }
            }

            $(
                #[doc = concat!(" Whether the value is `", $wire, "`.")]
                $(#[$doc])*
                #[inline]
                #[must_use]
                pub fn $is(&self) -> bool {
                    matches!(self, Self::$variant)
                }
            )*
        }

        impl From<String> for $name {
            #[inline]
            fn from(value: String) -> Self {
                match value.as_str() {
                    $($wire => Self::$variant,)*
                    _ => Self::Unknown(UnknownValue(value)),
                }
            }
        }

        impl From<$name> for String {
            #[inline]
            fn from(value: $name) -> Self {
                if let $name::Unknown(value) = value {
                    value.0
                } else {
                    value.as_str().to_owned()
                }
            }
        }

        impl From<&str> for $name {
            #[inline]
            fn from(value: &str) -> Self {
                Self::from(value.to_owned())
            }
        }

        impl PartialEq<str> for $name {
            #[inline]
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }

        impl PartialEq<&str> for $name {
            #[inline]
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl std::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = Self::from(<String as serde::Deserialize>::deserialize(deserializer)?);
                // an `Unknown` is kept, but not a value the type lists (see `fit`)
                Ok(match value {
                    Self::Unknown(_) => fit::unlisted(value),
                    known => known,
                })
            }
        }
    };
}
"#;

/// The derives of a struct or untagged union: `Deserialize` only when it
/// does not decode through a `decode_*!` macro.
fn serde_derives(derive_deserialize: bool) -> Vec<&'static str> {
    let mut own = vec!["Debug", "Clone", "PartialEq", "Serialize"];
    if derive_deserialize {
        own.push("Deserialize");
    }
    own
}

fn union(
    docs: &TokenStream,
    name: &syn::Ident,
    union: &Union,
    derives: &Derives,
    derive_deserialize: bool,
    types: &[TypeDef],
) -> TokenStream {
    let docs = if docs.is_empty() {
        doc_lines(&format!("One of several `{name}` shapes."))
    } else {
        docs.clone()
    };
    let variants = union.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let ty = rust_type(&v.ty, &TokenStream::new());
        let shown = ty.to_string().replace(' ', "");
        let article = if shown.starts_with(['A', 'E', 'I', 'O', 'U']) {
            "An"
        } else {
            "A"
        };
        let doc = format!(" {article} `{shown}`.");
        // an untagged union that keeps serde's derive reads dates leniently too
        let lenient = (derive_deserialize
            && union.discriminator.is_none()
            && decode::reads_dates(&v.ty, types))
        .then(|| lenient_attribute(false));
        quote!(#[doc = #doc] #lenient #variant(#ty),)
    });
    match &union.discriminator {
        None => {
            let derive = derives.attributes(&serde_derives(derive_deserialize), false);
            quote! {
            #docs
            ///
            /// Decoding tries each alternative in order and takes the first that fits.
            #[allow(clippy::large_enum_variant)] // alternatives hold decoded objects by value
            #derive
            #[serde(untagged)]
            #[non_exhaustive]
            pub enum #name {
                #(#variants)*
            }
            }
        }
        Some(discriminator) => {
            let derive = derives.attributes(&["Debug", "Clone", "PartialEq"], false);
            tagged_union(
                &docs,
                name,
                union,
                discriminator,
                variants.collect(),
                &derive,
            )
        }
    }
}

/// The patterns that match an alternative's tag values: string literals,
/// or for integer tags (whose values the lowering took from an integer
/// enum, so they parse) integer literals in ascending order, three or more
/// consecutive ones as one range (`10..=12`, as clippy asks).
fn tag_patterns(values: &[&str], tag_type: TagType) -> Vec<TokenStream> {
    let integers: Option<Vec<i64>> = match tag_type {
        TagType::String => None,
        TagType::Integer => values.iter().map(|v| v.parse().ok()).collect(),
    };
    let Some(mut integers) = integers else {
        return values
            .iter()
            .map(|value| value.into_token_stream())
            .collect();
    };
    integers.sort_unstable();
    integers.dedup();
    let literal = |n: i64| proc_macro2::Literal::i64_unsuffixed(n).into_token_stream();
    consecutive_runs(&integers)
        .into_iter()
        .flat_map(|(first, last)| match last - first {
            0 => vec![literal(first)],
            1 => vec![literal(first), literal(last)],
            _ => {
                let (first, last) = (literal(first), literal(last));
                vec![quote!(#first..=#last)]
            }
        })
        .collect()
}

/// The runs of consecutive numbers in sorted, distinct `numbers`, as
/// (first, last).
fn consecutive_runs(numbers: &[i64]) -> Vec<(i64, i64)> {
    let mut runs: Vec<(i64, i64)> = Vec::new();
    for &n in numbers {
        match runs.last_mut() {
            Some((_, last)) if last.checked_add(1) == Some(n) => *last = n,
            _ => runs.push((n, n)),
        }
    }
    runs
}

/// Whether the union takes the tag out before decoding the variant (see
/// [`crate::ir::UnionVariant::tag`]).
fn takes_out_tag(union: &Union, variant: &str) -> bool {
    union
        .variants
        .iter()
        .any(|v| v.name == variant && v.tag.is_some())
}

/// A tagged union: the enum, with its `Unknown`, and its serde impls.
fn tagged_union(
    docs: &TokenStream,
    name: &syn::Ident,
    union: &Union,
    discriminator: &Discriminator,
    variants: Vec<TokenStream>,
    derive: &TokenStream,
) -> TokenStream {
    let unknown = ident(UNKNOWN_VARIANT);
    let property = &discriminator.property;
    let serialize_arms = union.variants.iter().map(|v| {
        let variant = ident(&v.name);
        quote!(Self::#variant(value) => serde::Serialize::serialize(value, serializer),)
    });
    let deserialize = tag_dispatch(name, union, discriminator);
    let tag_doc = format!(
        " The `{property}` property selects the alternative; a value not listed decodes to [`{name}::{UNKNOWN_VARIANT}`] with the JSON kept."
    );
    quote! {
        #docs
        ///
        #[doc = #tag_doc]
        #[allow(clippy::large_enum_variant)] // alternatives hold decoded objects by value
        #derive
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// An alternative this version of the bindings does not know.
            #unknown(serde_json::Value),
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                    Self::#unknown(value) => serde::Serialize::serialize(value, serializer),
                }
            }
        }

        #deserialize
    }
}

/// The `Deserialize` impl of a tagged union: the value read whole, its tag
/// read, one arm per variant with every tag value that selects it.
fn tag_dispatch(name: &syn::Ident, union: &Union, discriminator: &Discriminator) -> TokenStream {
    let unknown = ident(UNKNOWN_VARIANT);
    let property = &discriminator.property;
    let mut by_variant: Vec<(&str, Vec<&str>)> = Vec::new();
    for (value, variant) in &discriminator.mapping {
        match by_variant.iter_mut().find(|(v, _)| v == variant) {
            Some((_, values)) => values.push(value),
            None => by_variant.push((variant, vec![value])),
        }
    }
    let arms = by_variant.iter().map(|(variant, values)| {
        let decode = if takes_out_tag(union, variant) {
            quote!(tagged::without_tag(value, #property))
        } else {
            quote!(serde_json::from_value(value).map_err(serde::de::Error::custom))
        };
        let variant = ident(variant);
        let values = tag_patterns(values, discriminator.tag_type);
        quote!(Some(#(#values)|*) => #decode.map(Self::#variant),)
    });
    // the tag is copied out: a variant may take the value by move
    let (read_tag, scrutinee) = match discriminator.tag_type {
        TagType::String => (
            quote!(value.get(#property).and_then(serde_json::Value::as_str).map(str::to_owned)),
            quote!(tag.as_deref()),
        ),
        TagType::Integer => (
            quote!(value.get(#property).and_then(serde_json::Value::as_i64)),
            quote!(tag),
        ),
    };
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                let tag = #read_tag;
                match #scrutinee {
                    #(#arms)*
                    _ => Ok(fit::unlisted(Self::#unknown(value))),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(patterns: &[TokenStream]) -> Vec<String> {
        patterns.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn integer_tags_match_in_order_with_runs_of_three_as_ranges() {
        let values = ["9", "1", "2", "3", "5", "6", "-2", "3"];
        let patterns = tag_patterns(&values, TagType::Integer);
        assert_eq!(shown(&patterns), ["- 2", "1 ..= 3", "5", "6", "9"]);
        let strings = tag_patterns(&["b", "a"], TagType::String);
        assert_eq!(shown(&strings), ["\"b\"", "\"a\""]);
    }
}
