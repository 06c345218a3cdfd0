//! The docs of each client method beyond the operation's own text, written
//! for every document as a reference a user reads instead of the builder's
//! source: the arguments, the optional setters with their defaults and
//! bounds, what `send()` gives and its fields, and how to page.

use crate::ir::{Api, Operation, Param, ResponseBody, Ty, TypeKind, resolve_alias};

use super::bounds;

/// The sections, as doc text (one string per line).
pub fn sections(api: &Api, op: &Operation) -> Vec<String> {
    let mut lines = Vec::new();
    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    let body_required = op.body.as_ref().is_some_and(|b| b.required);
    if !required.is_empty() || body_required {
        lines.push("# Arguments".to_owned());
        lines.push(String::new());
        lines.extend(required.iter().map(|p| format!("- {}", describe(p))));
        if body_required {
            lines.push("- `body`: the request body.".to_owned());
        }
        lines.push(String::new());
    }
    let optional: Vec<&Param> = op.params.iter().filter(|p| !p.required).collect();
    if !optional.is_empty() || op.body.as_ref().is_some_and(|b| !b.required) {
        lines.push(format!(
            "# Optional settings ([`{}`](super::requests::{}) setters)",
            op.builder_name, op.builder_name
        ));
        lines.push(String::new());
        lines.extend(optional.iter().map(|p| format!("- {}", describe(p))));
        if op.body.as_ref().is_some_and(|b| !b.required) {
            lines.push("- `body`: the request body.".to_owned());
        }
        lines.push(String::new());
    }
    if let Some(credentials) = super::auth::method_line(api, op) {
        lines.push(credentials);
        lines.push(String::new());
    }
    lines.push("# Returns".to_owned());
    lines.push(String::new());
    lines.push(returns(api, op));
    if let Some(pagination) = &op.pagination {
        lines.push(String::new());
        lines.push(format!(
            "Paginates: `.into_stream()` yields every `{}` of every page, `.into_pages()` every page, following `{}` as `{}`.",
            pagination.items_field, pagination.next_cursor_field, pagination.cursor_param
        ));
    }
    lines
}

/// "`name`: its docs' first paragraph. Defaults to `x`. At least 1."
fn describe(param: &Param) -> String {
    let name = param.name.trim_start_matches("r#");
    let mut text = format!("`{name}`");
    if name != param.wire_name {
        text.push_str(&format!(" (`{}`)", param.wire_name));
    }
    let mut sentences: Vec<String> = Vec::new();
    sentences.extend(param.docs.description.as_deref().and_then(first_paragraph));
    // unless the docs say it already
    let said = |word: &str| sentences.iter().any(|s| s.to_lowercase().contains(word));
    if let Some(default) = param.default.as_ref().filter(|_| !said("default")) {
        sentences.push(format!("Defaults to `{default}`."));
    }
    if let Some(allowed) = bounds::summary(&param.bounds) {
        sentences.push(capitalised(&format!("{allowed}.")));
    }
    if let Some(pattern) = &param.bounds.pattern {
        sentences.push(format!(
            "Expected to match `{}`.",
            pattern.replace('`', "'")
        ));
    }
    if param.secret {
        sentences.push("A secret: never shown.".to_owned());
    }
    if !sentences.is_empty() {
        text.push_str(": ");
        text.push_str(&sentences.join(" "));
    }
    text
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The first paragraph of `text` on one line, ending with a full stop;
/// `None` when it is empty, is code, or opens a code span it does not
/// close (the list item could not hold it).
fn first_paragraph(text: &str) -> Option<String> {
    let paragraph: Vec<&str> = text
        .trim()
        .lines()
        .map(str::trim)
        .take_while(|line| !line.is_empty())
        .collect();
    let first = paragraph.first()?;
    if first.starts_with("```")
        || first.starts_with("~~~")
        || first.starts_with(['#', '-', '*', '|', '>'])
    {
        return None;
    }
    let mut joined = paragraph.join(" ");
    if joined.matches('`').count() % 2 != 0 {
        return None;
    }
    if !joined.ends_with(['.', '!', '?', ':']) {
        joined.push('.');
    }
    Some(joined)
}

/// What `send()` gives, with the fields of a struct.
fn returns(api: &Api, op: &Operation) -> String {
    match &op.response {
        Some(ResponseBody::Json(ty)) => {
            let mut text = format!("`.send().await` gives {}", type_text(ty));
            let fields = match &resolve_alias(&api.types, ty) {
                Ty::Named(name) => match api.find_type(name).map(|t| &t.kind) {
                    Some(TypeKind::Struct(s)) if !s.fields.is_empty() => Some(
                        s.fields
                            .iter()
                            .map(|f| format!("`{}`", f.name.trim_start_matches("r#")))
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                    _ => None,
                },
                _ => None,
            };
            if let Some(fields) = fields {
                text.push_str(&format!(" (fields {fields})"));
            }
            text.push('.');
            text
        }
        Some(ResponseBody::Text) => {
            "`.send().await` gives the response text, a `String`.".to_owned()
        }
        Some(ResponseBody::Bytes) => "`.send().await` gives the response bytes, a `Vec<u8>`; \
            `.send_streaming().await` gives them as they arrive, a stream of chunks."
            .to_owned(),
        Some(ResponseBody::Events(data)) => format!(
            "`.send().await` gives a stream of server-sent events (`Event`: name, id, retry, data), their data {}.",
            data.as_ref().map_or_else(
                || "as text".to_owned(),
                |ty| format!("decoded as {}", type_text(ty))
            )
        ),
        Some(ResponseBody::JsonItems(ty, _)) => format!(
            "`.send().await` gives a stream of the response's items, each decoded as {} as it arrives.",
            type_text(ty)
        ),
        Some(ResponseBody::ByStatus(by_status)) => format!(
            "`.send().await` gives a [`{0}`](super::requests::{0}), its variant chosen by the HTTP status: {1}.",
            by_status.name,
            by_status
                .variants
                .iter()
                .map(|v| {
                    let statuses: Vec<String> = v.statuses.iter().map(|s| s.text()).collect();
                    format!("`{}` for {}", v.name, statuses.join(", "))
                })
                .collect::<Vec<_>>()
                .join("; ")
        ),
        None => "`.send().await` gives `()` for a success status.".to_owned(),
    }
}

/// A type as the docs name it: models linked, the rest in a code span.
fn type_text(ty: &Ty) -> String {
    match ty {
        Ty::Named(name) => format!("[`{name}`](super::models::{name})"),
        other => format!("`{}`", plain(other)),
    }
}

fn plain(ty: &Ty) -> String {
    match ty {
        Ty::String => "String".to_owned(),
        Ty::Bool => "bool".to_owned(),
        Ty::I32 => "i32".to_owned(),
        Ty::I64 => "i64".to_owned(),
        Ty::F32 => "f32".to_owned(),
        Ty::F64 => "f64".to_owned(),
        Ty::DateTime => "DateTime<Utc>".to_owned(),
        Ty::Date => "NaiveDate".to_owned(),
        Ty::UnixTime(unit) => unit.type_name().to_owned(),
        Ty::Json => "serde_json::Value".to_owned(),
        Ty::Vec(inner) => format!("Vec<{}>", plain(inner)),
        Ty::Map(inner) => format!("BTreeMap<String, {}>", plain(inner)),
        Ty::Boxed(inner) => plain(inner),
        Ty::Named(name) => name.clone(),
        Ty::Custom(path) => path.clone(),
        Ty::File => "FilePart".to_owned(),
    }
}
