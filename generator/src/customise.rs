//! What a user changes about the generated types: their own Rust types for
//! formats or whole schemas, extra derives and attributes. Every setting is
//! checked before generation, so a typo is a diagnostic, not broken code.
//! Lowering reads the settings (the type mappings in the type table, the
//! rest in `lower/settings.rs`, which records them on the IR's types); the
//! emitters only turn the Rust text the IR holds into tokens, with the
//! `user_*` functions here.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::parse::Parser;

use crate::diagnostics::Diagnostic;

/// The customisations of one run, as given to [`crate::Config`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Customisations {
    /// `format` value → Rust type used for every schema with that format.
    pub format_types: BTreeMap<String, String>,
    /// Key under `components/schemas` → Rust type used instead of generating it.
    pub schema_types: BTreeMap<String, String>,
    /// Derives added to every generated struct and enum.
    pub derives: Vec<String>,
    /// (Rust type name, attribute) pairs, each added to that one type.
    pub type_attributes: Vec<(String, String)>,
}

impl Customisations {
    /// Every setting that is not valid Rust, as errors naming the setting.
    pub fn check(&self) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        let mut problem = |setting: String, what: &str, error: syn::Error| {
            errors.push(
                Diagnostic::error("#", format!("setting {setting}: not {what} ({error})"))
                    .with_hint("fix the value given to the generator's Config (or command line)"),
            );
        };
        for (format, ty) in &self.format_types {
            if let Err(e) = syn::parse_str::<syn::Type>(ty) {
                problem(
                    format!("`format_type({format:?}, {ty:?})`"),
                    "a Rust type",
                    e,
                );
            }
        }
        for (schema, ty) in &self.schema_types {
            if let Err(e) = syn::parse_str::<syn::Type>(ty) {
                problem(
                    format!("`schema_type({schema:?}, {ty:?})`"),
                    "a Rust type",
                    e,
                );
            }
        }
        for derive in &self.derives {
            if let Err(e) = syn::parse_str::<syn::Path>(derive) {
                problem(format!("`extra_derive({derive:?})`"), "a path", e);
            }
        }
        for (name, attribute) in &self.type_attributes {
            if let Err(e) = syn::Attribute::parse_outer.parse_str(attribute) {
                let setting = format!("`type_attribute({name:?}, {attribute:?})`");
                problem(
                    setting,
                    "outer attributes like `#[serde(deny_unknown_fields)]`",
                    e,
                );
            }
        }
        errors
    }

    /// The user type for a schema with `format`, if one is set.
    pub fn format_type(&self, format: &str) -> Option<&str> {
        self.format_types.get(format).map(String::as_str)
    }

    /// Whether the user set `#[serde(..)]` attributes on the type called
    /// `name` (it then keeps serde's derives, which honour them).
    pub fn has_serde_attributes(&self, name: &str) -> bool {
        let attributes = self
            .type_attributes
            .iter()
            .filter(|(type_name, _)| type_name == name)
            .map(|(_, attribute)| attribute);
        parse_attributes(attributes).any(|attribute| is_serde(&attribute))
    }
}

/// The attributes of settings strings (each one or more `#[..]`; those not
/// valid, which [`Customisations::check`] reports, are left out).
fn parse_attributes<'a>(
    attributes: impl IntoIterator<Item = &'a String> + 'a,
) -> impl Iterator<Item = syn::Attribute> + 'a {
    attributes
        .into_iter()
        .filter_map(|attribute| syn::Attribute::parse_outer.parse_str(attribute).ok())
        .flatten()
}

/// Whether an attribute is serde's, or one that `cfg_attr` may make a
/// serde attribute (`#[cfg_attr(feature = "strict", serde(..))]`).
fn is_serde(attribute: &syn::Attribute) -> bool {
    if attribute.path().is_ident("serde") {
        return true;
    }
    let syn::Meta::List(list) = &attribute.meta else {
        return false;
    };
    list.path.is_ident("cfg_attr")
        && list
            .tokens
            .clone()
            .into_iter()
            .any(|token| matches!(token, proc_macro2::TokenTree::Ident(name) if name == "serde"))
}

/// The tokens of a user type (checked by [`Customisations::check`]).
pub fn user_type(path: &str) -> TokenStream {
    syn::parse_str::<syn::Type>(path).map_or_else(
        |_| quote::quote!(serde_json::Value),
        |ty| ty.to_token_stream(),
    )
}

/// The name a derive path ends in (`schemars::JsonSchema`: `JsonSchema`).
pub fn derive_name(path: &str) -> &str {
    path.rsplit("::").next().unwrap_or(path).trim()
}

/// The tokens of the user's derives (checked by [`Customisations::check`])
/// that are not among a type's own derives `own`, compared by name.
pub fn user_derives_beyond<'a>(
    derives: &'a [String],
    own: &'a [&str],
) -> impl Iterator<Item = TokenStream> + 'a {
    derives
        .iter()
        .filter(|derive| !own.contains(&derive_name(derive)))
        .filter_map(|derive| syn::parse_str::<syn::Path>(derive).ok())
        .map(|path| path.to_token_stream())
}

/// The tokens of the user's outer attributes (checked by
/// [`Customisations::check`]).
pub fn user_attributes(attributes: &[String]) -> TokenStream {
    parse_attributes(attributes)
        .map(|attribute| attribute.to_token_stream())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_settings_are_reported_each_with_its_setting() {
        let settings = Customisations {
            format_types: [("uuid".to_owned(), "uuid:Uuid".to_owned())].into(),
            schema_types: [("Money".to_owned(), "rust_decimal::Decimal".to_owned())].into(),
            derives: vec!["Eq".to_owned(), "schemars JsonSchema".to_owned()],
            type_attributes: vec![
                ("Pet".to_owned(), "#[serde(deny_unknown_fields)]".to_owned()),
                ("Pet".to_owned(), "serde(deny_unknown_fields)".to_owned()),
            ],
        };
        let messages: Vec<String> = settings.check().iter().map(|d| d.message.clone()).collect();
        assert_eq!(messages.len(), 3, "{messages:#?}");
        assert!(
            messages[0]
                .starts_with("setting `format_type(\"uuid\", \"uuid:Uuid\")`: not a Rust type")
        );
        assert!(
            messages[1].starts_with("setting `extra_derive(\"schemars JsonSchema\")`: not a path")
        );
        assert!(
            messages[2]
                .starts_with("setting `type_attribute(\"Pet\", \"serde(deny_unknown_fields)\")`")
        );
    }

    #[test]
    fn only_serde_attributes_count_as_serde_attributes() {
        let settings = Customisations {
            type_attributes: vec![
                ("Pet".to_owned(), "#[serde(deny_unknown_fields)]".to_owned()),
                (
                    "Owner".to_owned(),
                    "#[doc = \"Kept as serde gives it.\"]".to_owned(),
                ),
                (
                    "Vet".to_owned(),
                    "#[cfg_attr(test, derive(Default))]".to_owned(),
                ),
                (
                    "Shop".to_owned(),
                    "#[cfg_attr(feature = \"strict\", serde(deny_unknown_fields))]".to_owned(),
                ),
            ],
            ..Customisations::default()
        };
        assert!(settings.has_serde_attributes("Pet"));
        assert!(!settings.has_serde_attributes("Owner"));
        assert!(!settings.has_serde_attributes("Vet"));
        assert!(settings.has_serde_attributes("Shop"));
        assert!(!settings.has_serde_attributes("Till"));
    }

    #[test]
    fn derives_already_present_are_not_repeated() {
        let derives = [
            "Eq".to_owned(),
            "std::hash::Hash".to_owned(),
            "schemars::JsonSchema".to_owned(),
        ];
        let extra: Vec<String> = user_derives_beyond(&derives, &["Debug", "Eq", "Hash"])
            .map(|t| t.to_string().replace(' ', ""))
            .collect();
        assert_eq!(extra, ["schemars::JsonSchema"]);
    }
}
