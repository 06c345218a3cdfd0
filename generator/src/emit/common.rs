//! Pieces every emitter uses: identifiers, type expressions, doc attributes,
//! the argument types of parameters and bodies, wire text.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::Ident;

use crate::customise::user_type;
use crate::ir::{Api, BodyEncoding, Docs, Operation, Param, RequestBody, Ty, WireText};

/// An identifier from a name the naming module made (`r#` prefix allowed).
pub fn ident(name: &str) -> Ident {
    let (raw, bare) = match name.strip_prefix("r#") {
        Some(bare) => (true, bare),
        None => (false, name),
    };
    let valid = bare
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && bare.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && bare != "_";
    let bare = if valid { bare } else { "invalid_name" };
    if raw {
        Ident::new_raw(bare, Span::call_site())
    } else {
        Ident::new(bare, Span::call_site())
    }
}

/// The type expression for `ty`; named types are prefixed with `models`
/// (e.g. `quote!(models::)`, or nothing inside the models module).
pub fn rust_type(ty: &Ty, models: &TokenStream) -> TokenStream {
    match ty {
        Ty::String => quote!(String),
        Ty::Bool => quote!(bool),
        Ty::I32 => quote!(i32),
        Ty::I64 => quote!(i64),
        Ty::F32 => quote!(f32),
        Ty::F64 => quote!(f64),
        Ty::DateTime => quote!(chrono::DateTime<chrono::Utc>),
        Ty::Date => quote!(chrono::NaiveDate),
        // re-exported at the root, whose children all generated modules are
        Ty::UnixTime(unit) => {
            let name = ident(unit.type_name());
            quote!(super::#name)
        }
        Ty::Json => quote!(serde_json::Value),
        Ty::Vec(item) => {
            let item = rust_type(item, models);
            quote!(Vec<#item>)
        }
        Ty::Map(value) => {
            let value = rust_type(value, models);
            quote!(std::collections::BTreeMap<String, #value>)
        }
        Ty::Boxed(inner) => {
            let inner = rust_type(inner, models);
            quote!(Box<#inner>)
        }
        Ty::Named(name) => {
            let name = ident(name);
            quote!(#models #name)
        }
        Ty::Custom(path) => user_type(path),
        // re-exported at the root, whose children all generated modules are
        Ty::File => quote!(super::FilePart),
    }
}

/// `#[doc]` attributes from a summary and a description.
pub fn doc_attrs(docs: &Docs) -> TokenStream {
    let mut paragraphs: Vec<&str> = Vec::new();
    if let Some(summary) = docs.summary.as_deref() {
        paragraphs.push(summary);
    }
    if let Some(description) = docs.description.as_deref() {
        if docs.summary.as_deref().map(str::trim) != Some(description.trim()) {
            paragraphs.push(description);
        }
    }
    doc_lines(&paragraphs.join("\n\n"))
}

/// `#[doc]` attributes for text, made safe for rustdoc: indentation is
/// capped at 3 spaces (4 would make an indented code block, which rustdoc
/// compiles as a doctest) and code fences are marked `text` so that examples
/// in other languages are not compiled.
pub fn doc_lines(text: &str) -> TokenStream {
    let lines = doc_text_lines(text);
    quote!(#(#[doc = #lines])*)
}

/// The lines of [`doc_lines`] as text, each empty or starting with a
/// space.
pub fn doc_text_lines(text: &str) -> Vec<String> {
    let text = text.trim();
    if text.is_empty() {
        return Vec::new();
    }
    let mut in_fence = false;
    // where the text of the last list item starts (`* item`: 2)
    let mut item_text_at: Option<usize> = None;
    let lines = text.lines().map(|line| {
        let indent = line.len() - line.trim_start().len();
        let content = line.trim();
        let marker = list_marker_width(content);
        // keep up to 3 spaces of indentation (list continuations), never the
        // 4 that would make an indented code block, which rustdoc compiles;
        // a list item's continuation lines line up with its text
        let indent = match (marker, item_text_at) {
            _ if in_fence => indent,
            (Some(width), _) => {
                item_text_at = Some(indent.min(3) + width);
                indent
            }
            (None, Some(text_at)) if indent > 0 && !content.is_empty() => indent.min(text_at),
            (None, _) => {
                if indent == 0 && !content.is_empty() {
                    item_text_at = None;
                }
                indent
            }
        };
        let mut line = format!("{}{}", " ".repeat(indent.min(3)), content);
        if line.trim_start().starts_with("```") {
            if !in_fence {
                line = "```text".to_owned();
            }
            in_fence = !in_fence;
        }
        if line.is_empty() {
            line
        } else {
            format!(" {line}")
        }
    });
    let mut lines: Vec<String> = lines.collect();
    if in_fence {
        lines.push(" ```".to_owned());
    }
    lines
}

/// The width of the list marker a line of Markdown starts with (`- `, `* `,
/// `+ `, `1. `, `1) `), if it starts with one.
fn list_marker_width(line: &str) -> Option<usize> {
    if ["- ", "* ", "+ "].iter().any(|m| line.starts_with(m)) {
        return Some(2);
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = line.get(digits..)?;
    (digits > 0 && digits < 10 && (rest.starts_with(". ") || rest.starts_with(") ")))
        .then_some(digits + 2)
}

/// The type of the API's error bodies (`serde_json::Value` when operations
/// do not agree on one), as seen from the crate root or a sibling module.
pub fn error_body_type(api: &Api) -> TokenStream {
    api.error_body.as_ref().map_or_else(
        || quote!(serde_json::Value),
        |ty| rust_type(ty, &models_prefix()),
    )
}

/// Whether `ty` refers to a type of the models module.
pub fn mentions_named(ty: &Ty) -> bool {
    match ty {
        Ty::Named(_) => true,
        Ty::Vec(inner) | Ty::Map(inner) | Ty::Boxed(inner) => mentions_named(inner),
        _ => false,
    }
}

/// The path of the models module from a sibling module.
pub fn models_prefix() -> TokenStream {
    quote!(models::)
}

/// The argument type of a setter or client method, and how it is stored.
pub fn argument(param: &Param) -> (TokenStream, TokenStream) {
    let name = ident(&param.name);
    match (&param.ty, param.secret) {
        (Ty::String, true) => (
            quote!(impl Into<String>),
            quote!(super::runtime::Secret::new(#name)),
        ),
        (Ty::String, false) => (quote!(impl Into<String>), quote!(#name.into())),
        // a `DateTime`, a `SystemTime` or the integer itself
        (Ty::UnixTime(_), _) => {
            let ty = rust_type(&param.ty, &models_prefix());
            (quote!(impl Into<#ty>), quote!(#name.into()))
        }
        (ty, _) => (rust_type(ty, &models_prefix()), quote!(#name)),
    }
}

/// The JSON, form or multipart value type of a body, if it has one.
pub fn body_value_type(body: &RequestBody) -> Option<&Ty> {
    match &body.encoding {
        BodyEncoding::Json(ty) | BodyEncoding::Form(ty) | BodyEncoding::Multipart(ty) => Some(ty),
        BodyEncoding::Text(_) | BodyEncoding::Bytes(_) => None,
    }
}

/// The type a builder stores for the body, without `Option`.
pub fn body_type(body: &RequestBody) -> TokenStream {
    match body_value_type(body) {
        Some(ty) => rust_type(ty, &models_prefix()),
        None if matches!(body.encoding, BodyEncoding::Text(_)) => quote!(String),
        None => quote!(Vec<u8>),
    }
}

/// The argument type of the body and how the argument `body` is stored.
pub fn body_argument(body: &RequestBody) -> (TokenStream, TokenStream) {
    match &body.encoding {
        BodyEncoding::Text(_) => (quote!(impl Into<String>), quote!(body.into())),
        BodyEncoding::Bytes(_) => (quote!(impl Into<Vec<u8>>), quote!(body.into())),
        BodyEncoding::Json(_) | BodyEncoding::Form(_) | BodyEncoding::Multipart(_) => {
            (body_type(body), quote!(body))
        }
    }
}

/// The `String` expression for `value`, written as `text` says.
pub fn wire_text(text: &WireText, value: &TokenStream) -> TokenStream {
    match text {
        WireText::Clone => quote!(#value.clone()),
        WireText::Display => quote!(#value.to_string()),
        WireText::EnumStr => quote!(#value.as_str().to_owned()),
        WireText::Rfc3339 => {
            quote!(#value.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
        }
        WireText::Serialized => quote!(super::runtime::plain_text(&#value)),
        WireText::Joined(item) if **item == WireText::Clone => quote!(#value.join(",")),
        WireText::Joined(item) => {
            let map = wire_text_mapper(item);
            quote!(#value.iter() #map .collect::<Vec<_>>().join(","))
        }
    }
}

/// `.map(..)` from a reference to a value to its text, written as `text` says.
pub fn wire_text_mapper(text: &WireText) -> TokenStream {
    if *text == WireText::Display {
        return quote!(.map(ToString::to_string));
    }
    let text = wire_text(text, &quote!(value));
    quote!(.map(|value| #text))
}

/// An operation's name as requests, hooks and the mock show it: its client
/// method, without a raw identifier's `r#`.
pub fn operation_name(op: &Operation) -> &str {
    op.method_name.trim_start_matches("r#")
}

#[cfg(test)]
mod tests {
    use super::doc_lines;

    fn rendered(text: &str) -> Vec<String> {
        let tokens = doc_lines(text).to_string();
        tokens
            .split("# [doc = ")
            .skip(1)
            .map(|part| part.trim().trim_end_matches(']').trim().to_owned())
            .collect()
    }

    #[test]
    fn list_continuations_line_up_with_the_item_text() {
        let text = "Roles:\n\n* `manager` - Can manage\n        the members.\n1. first\n      more\nAfter.\n    not a list";
        assert_eq!(
            rendered(text),
            [
                r#"" Roles:""#,
                r#""""#,
                r#"" * `manager` - Can manage""#,
                r#""   the members.""#,
                r#"" 1. first""#,
                r#""    more""#,
                r#"" After.""#,
                r#""    not a list""#,
            ]
        );
    }

    #[test]
    fn code_fences_are_text_and_keep_their_indentation() {
        let text = "* item\n```\n  code\n```";
        assert_eq!(
            rendered(text),
            [r#"" * item""#, r#"" ```text""#, r#""   code""#, r#"" ```""#]
        );
    }
}
