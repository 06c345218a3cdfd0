//! Pieces every emitter uses: identifiers, type expressions, doc attributes,
//! the argument types of parameters and bodies, wire text.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::Ident;

use crate::customise::user_type;
use crate::ir::{
    Api, BodyEncoding, Docs, Operation, Param, RequestBody, Ty, WireText, is_direction_control,
};

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
    DocBlock::default().docs(docs).tokens()
}

/// `#[doc]` attributes for text, made safe for rustdoc: no code block of
/// it is ever compiled as a doctest (see [`doc_text_lines`]).
pub fn doc_lines(text: &str) -> TokenStream {
    DocBlock::default().text(text).tokens()
}

/// The doc lines of one item, gathered to be written as one block (see
/// `crate::doc_blocks`: neither parsed nor printed by the formatter).
#[derive(Default)]
pub struct DocBlock {
    lines: Vec<String>,
}

impl DocBlock {
    /// Text made safe for rustdoc, as [`doc_lines`] writes it.
    pub fn text(mut self, text: &str) -> Self {
        self.lines.extend(doc_text_lines(text));
        self
    }

    /// A summary and a description, as [`doc_attrs`] writes them.
    pub fn docs(self, docs: &Docs) -> Self {
        let mut paragraphs: Vec<&str> = Vec::new();
        if let Some(summary) = docs.summary.as_deref() {
            paragraphs.push(summary);
        }
        if let Some(description) = docs.description.as_deref() {
            if docs.summary.as_deref().map(str::trim) != Some(description.trim()) {
                paragraphs.push(description);
            }
        }
        self.text(&paragraphs.join("\n\n"))
    }

    /// Lines of the generator's own, each written after a space (as `///`
    /// writes it), an empty one empty.
    pub fn lines(mut self, lines: &[impl AsRef<str>]) -> Self {
        self.lines.extend(lines.iter().map(|line| {
            let line = line.as_ref();
            if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            }
        }));
        self
    }

    /// Whether no line came yet.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The doc attributes.
    pub fn tokens(self) -> TokenStream {
        crate::doc_blocks::outer(self.lines)
    }
}

/// The lines of [`doc_lines`] as text, each empty or starting with a
/// space. Every code block becomes a `text` block, since rustdoc compiles
/// the others: fences (backticks or tildes, in block quotes too) are marked
/// `text`, and indentation is capped at 3 spaces (4 would make an indented
/// code block), also after `>` and after a list marker; a list item's
/// continuation lines line up with its text. Direction controls are
/// written escaped (`\u{202E}`), carriage returns end lines.
pub fn doc_text_lines(text: &str) -> Vec<String> {
    let text = inert_text(text);
    let text = text.trim();
    if text.is_empty() {
        return Vec::new();
    }
    let mut doc = DocText::default();
    let mut lines: Vec<String> = text.lines().map(|line| doc.line(line)).collect();
    if let Some(fence) = doc.fence {
        lines.push(format!(" {}{}", fence.quote, fence.marker));
    }
    lines
}

/// Text that can stand in a doc comment: direction controls escaped,
/// carriage returns (a bare one is an error in a doc comment) as newlines.
pub fn inert_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' => out.push('\n'),
            c if is_direction_control(c) => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
    out
}

/// Where the lines of one doc text are: in a fenced block or not, and where
/// the text of the last list item starts (`* item`: 2).
#[derive(Default)]
struct DocText {
    fence: Option<Fence>,
    item_text_at: Option<usize>,
}

/// An open fenced code block: the block quote it is in (`> `, once per
/// level) and its fence (```` ``` ````, `~~~~`, ...).
struct Fence {
    quote: String,
    marker: String,
}

impl DocText {
    fn line(&mut self, line: &str) -> String {
        let (depth, rest) = quoted(line);
        let quote = "> ".repeat(depth);
        if let Some(fence) = &self.fence {
            // a fence ends where its block quote does
            if fence.quote.len() <= quote.len() {
                if is_closing(rest.trim(), &fence.marker) {
                    let marker = fence.marker.clone();
                    self.fence = None;
                    return with_space(&format!("{quote}{marker}"));
                }
                return with_space(line);
            }
            self.fence = None;
        }
        let content = rest.trim();
        if let Some(marker) = opening_fence(content) {
            let opened = format!("{quote}{marker}text");
            self.fence = Some(Fence { quote, marker });
            return with_space(&opened);
        }
        let indent = self.indent(rest.len() - rest.trim_start().len(), content);
        let content = match list_marker_width(content) {
            Some(width) => format!(
                "{} {}",
                content.get(..width.saturating_sub(1)).unwrap_or_default(),
                content.get(width..).unwrap_or_default().trim_start()
            ),
            None => content.to_owned(),
        };
        let line = format!("{quote}{}{content}", " ".repeat(indent.min(3)));
        with_space(line.trim_end())
    }

    /// The indentation kept of a line outside fences: a list item's
    /// continuation lines line up with its text.
    fn indent(&mut self, indent: usize, content: &str) -> usize {
        match (list_marker_width(content), self.item_text_at) {
            (Some(width), _) => {
                self.item_text_at = Some(indent.min(3) + width);
                indent
            }
            (None, Some(text_at)) if indent > 0 && !content.is_empty() => indent.min(text_at),
            (None, _) => {
                if indent == 0 && !content.is_empty() {
                    self.item_text_at = None;
                }
                indent
            }
        }
    }
}

/// How many block quotes a line is in, and the rest of it (after each `>`
/// and the one space that may follow it).
fn quoted(mut line: &str) -> (usize, &str) {
    let mut depth = 0;
    loop {
        let trimmed = line.trim_start_matches(' ');
        let Some(rest) = trimmed
            .strip_prefix('>')
            .filter(|_| line.len() - trimmed.len() < 4)
        else {
            return (depth, line);
        };
        depth += 1;
        line = rest.strip_prefix(' ').unwrap_or(rest);
    }
}

/// The fence a line opens a code block with (three or more backticks or
/// tildes), whatever its info string says.
fn opening_fence(content: &str) -> Option<String> {
    let first = content.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let marker: String = content.chars().take_while(|c| *c == first).collect();
    let info = content.get(marker.len()..).unwrap_or_default();
    (marker.len() >= 3 && !(first == '`' && info.contains('`'))).then_some(marker)
}

/// Whether `content` closes a block opened by `marker`.
fn is_closing(content: &str, marker: &str) -> bool {
    let Some(first) = marker.chars().next() else {
        return false;
    };
    content.len() >= marker.len() && content.chars().all(|c| c == first)
}

fn with_space(line: &str) -> String {
    if line.is_empty() {
        String::new()
    } else {
        format!(" {line}")
    }
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
        // a `&str`, a `String`, or a `Secret` already
        (Ty::String, true) => (
            quote!(impl Into<super::runtime::Secret>),
            quote!(#name.into()),
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

/// How a constructor or setter takes a field's value: strings as
/// `impl Into<String>`, Unix times as `impl Into<..>` (a `DateTime`, a
/// `SystemTime` or the integer), a boxed value unboxed; the rest as the
/// type itself (so integer literals keep their type). The second is how
/// `name`'s value becomes the field's, `None` when it is stored as it is.
pub fn field_argument(ty: &Ty, name: &syn::Ident) -> (TokenStream, Option<TokenStream>) {
    match ty {
        Ty::String | Ty::UnixTime(_) => {
            let ty = rust_type(ty, &TokenStream::new());
            (quote!(impl Into<#ty>), Some(quote!(#name.into())))
        }
        Ty::Boxed(inner) => {
            let inner = rust_type(inner, &TokenStream::new());
            (inner, Some(quote!(Box::new(#name))))
        }
        _ => (rust_type(ty, &TokenStream::new()), None),
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
        None => quote!(super::BinaryBody),
    }
}

/// The argument type of the body and how the argument `body` is stored.
pub fn body_argument(body: &RequestBody) -> (TokenStream, TokenStream) {
    match &body.encoding {
        BodyEncoding::Text(_) => (quote!(impl Into<String>), quote!(body.into())),
        BodyEncoding::Bytes(_) => (quote!(impl Into<super::BinaryBody>), quote!(body.into())),
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
    use super::doc_text_lines;

    /// The lines as the string literals of their doc attributes.
    fn rendered(text: &str) -> Vec<String> {
        doc_text_lines(text)
            .iter()
            .map(|line| proc_macro2::Literal::string(line).to_string())
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
    fn every_code_block_is_text() {
        // tildes, long fences, fences and indented code in block quotes,
        // code after a list marker, an unclosed fence
        let text = "~~~rust\nlet x = 1;\n```\nstill code\n~~~\n\n> ```\n> quoted();\n> ```\n\n>     indented();\n> >      deeper();\n\n-      listed();\n1.      numbered();\n````\nopen();";
        assert_eq!(
            rendered(text),
            [
                r#"" ~~~text""#,
                r#"" let x = 1;""#,
                r#"" ```""#,
                r#"" still code""#,
                r#"" ~~~""#,
                r#""""#,
                r#"" > ```text""#,
                r#"" > quoted();""#,
                r#"" > ```""#,
                r#""""#,
                r#"" >    indented();""#,
                r#"" > >    deeper();""#,
                r#""""#,
                r#"" - listed();""#,
                r#"" 1. numbered();""#,
                r#"" ````text""#,
                r#"" open();""#,
                r#"" ````""#,
            ]
        );
    }

    #[test]
    fn direction_controls_are_escaped_and_carriage_returns_end_lines() {
        assert_eq!(
            rendered("a\u{202E}b\u{2066}c\rnext\r\nlast"),
            [r#"" a\\u{202e}b\\u{2066}c""#, r#"" next""#, r#"" last""#]
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
