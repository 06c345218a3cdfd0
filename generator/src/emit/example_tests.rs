//! Emits `example_tests/mod.rs` (`Config::example_tests`): one test per
//! type that the document gives JSON examples of, which decodes each into
//! the type, encodes it back and compares (the runtime's `round_trip`
//! module holds the rule), naming the example's JSON pointer in every
//! failure.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{ident, rust_type};
use crate::ir::{Api, ExampleCheck, Ty, is_direction_control};
use crate::naming::{Scope, snake_ident};

/// The examples of one type, and the name of its test.
pub struct TypeExamples<'a> {
    name: String,
    ty: &'a Ty,
    nullable: bool,
    examples: Vec<&'a ExampleCheck>,
}

impl TypeExamples<'_> {
    /// The type the examples decode into.
    pub fn ty(&self) -> &Ty {
        self.ty
    }
}

/// The examples grouped by type, each group with its test's name.
pub fn groups(api: &Api) -> Vec<TypeExamples<'_>> {
    let mut by_type: BTreeMap<(&Ty, bool), Vec<&ExampleCheck>> = BTreeMap::new();
    for check in &api.examples {
        (by_type.entry((&check.ty, check.nullable)).or_default()).push(check);
    }
    let mut names = Scope::with_reserved(["check", "round_trip", "super", "self"]);
    by_type
        .into_iter()
        .map(|((ty, nullable), examples)| TypeExamples {
            name: names.claim(snake_ident(&words(ty, nullable))),
            ty,
            nullable,
            examples,
        })
        .collect()
}

/// The module's docs and imports.
pub fn head(count: usize) -> TokenStream {
    let doc = format!(
        " The {count} JSON examples of the API description (request and success bodies, component schemas), each decoded into its type as the client decodes a body, encoded back and compared: a test per type fails naming the JSON pointer of each example that does not decode or loses data. Run with `--nocapture` to see how each went (`example-round-trip`, class, example, schema, first difference)."
    );
    quote! {
        #![doc = #doc]

        #[rustfmt::skip]
        mod round_trip;

        use round_trip::{check, Example};
    }
}

/// The test of one type's examples.
pub fn test(group: &TypeExamples<'_>) -> TokenStream {
    let name = ident(&group.name);
    let inner = rust_type(group.ty, &quote!(super::models::));
    let ty = if group.nullable {
        quote!(Option<#inner>)
    } else {
        inner
    };
    let examples = group.examples.iter().map(|check| {
        let at = check.at.as_str();
        let schema = check.schema.as_str();
        let json = raw_string(&serde_json::to_string(&check.value).unwrap_or_default());
        let undeclared = &check.undeclared;
        quote! {
            Example {
                at: #at,
                schema: #schema,
                json: #json,
                undeclared: &[#(#undeclared),*],
            }
        }
    });
    let doc = format!(
        " The {} example(s) of `{}`.",
        group.examples.len(),
        words(group.ty, group.nullable)
    );
    quote! {
        #[doc = #doc]
        #[test]
        fn #name() {
            const EXAMPLES: &[Example] = &[#(#examples),*];
            check::<#ty>(EXAMPLES);
        }
    }
}

/// `text` as a raw string literal (JSON reads better without escapes),
/// with as many `#`s as it needs; a plain one, escaped, when it holds a
/// direction control (which rustc refuses in literals as they are).
fn raw_string(text: &str) -> TokenStream {
    if text.chars().any(is_direction_control) {
        return quote!(#text);
    }
    // none when there is no quote (clippy's `needless_raw_string_hashes`)
    let mut hashes = 0;
    while text.contains(&format!("\"{}", "#".repeat(hashes))) {
        hashes += 1;
    }
    let fence = "#".repeat(hashes);
    format!("r{fence}\"{text}\"{fence}")
        .parse()
        .unwrap_or_else(|_| quote!(#text))
}

/// A type in words, for a test's name and docs.
fn words(ty: &Ty, nullable: bool) -> String {
    let plain = match ty {
        Ty::Named(name) | Ty::Custom(name) => name.clone(),
        Ty::Vec(item) => format!("list of {}", words(item, false)),
        Ty::Map(value) => format!("map of {}", words(value, false)),
        Ty::Boxed(inner) => words(inner, false),
        Ty::UnixTime(unit) => unit.type_name().to_owned(),
        other => format!("{other:?}"),
    };
    if nullable {
        format!("{plain} or null")
    } else {
        plain
    }
}
