//! Validation: every problem of a loaded document, found in one pass so the
//! user sees all of them at once: errors, which stop generation, and
//! warnings about what is wrong but can still be generated.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::diagnostics::{Diagnostic, Pointer};
use crate::ir::HttpMethod;
use crate::load::Document;
use crate::lower::Resolver;
use crate::walk::{Role, walk};

/// The findings in `document`: errors (none when it can be lowered) and
/// warnings, each kind in document order.
pub fn validate(document: &Document) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    check_refs(&document.tree, Resolver::new(&document.tree), &mut errors);
    check_operation_ids(&document.tree, &mut errors);
    check_response_codes(&document.tree, &mut errors);
    check_schema_types(&document.tree, &mut errors);
    errors
}

/// Response keys are status codes (100 to 599), ranges (`2XX`) or `default`.
fn check_response_codes(tree: &Value, errors: &mut Vec<Diagnostic>) {
    for (path, method, op) in operations(tree) {
        let responses = op.get("responses").and_then(Value::as_object);
        for code in responses.into_iter().flat_map(|r| r.keys()) {
            if !is_response_key(code) {
                let at = Pointer::root()
                    .join("paths")
                    .join(path)
                    .join(method)
                    .join("responses")
                    .join(code);
                errors.push(
                    Diagnostic::error(at, format!("`{code}` is not a response status")).with_hint(
                        "use a code from 100 to 599, a range such as `2XX`, or `default`",
                    ),
                );
            }
        }
    }
}

fn is_response_key(key: &str) -> bool {
    if key == "default" {
        return true;
    }
    let bytes = key.as_bytes();
    match bytes {
        [b'1'..=b'5', b'X' | b'x', b'X' | b'x'] => true,
        [_, _, _] => key
            .parse::<u16>()
            .is_ok_and(|code| (100..=599).contains(&code)),
        _ => false,
    }
}

/// Every `$ref` must point at something in this document. Example data is
/// not looked at, and in name maps (`properties`, ...) a key is a name: a
/// property may be called `$ref`.
fn check_refs(tree: &Value, resolver: Resolver<'_>, errors: &mut Vec<Diagnostic>) {
    walk(tree, &mut |object, at, role| {
        if let Some(reference) = object.get("$ref").filter(|_| role.has_keywords()) {
            check_ref(reference, &at.join("$ref"), resolver, errors);
        }
    });
}

fn check_ref(
    reference: &Value,
    at: &Pointer,
    resolver: Resolver<'_>,
    errors: &mut Vec<Diagnostic>,
) {
    let Some(reference) = reference.as_str() else {
        errors.push(Diagnostic::error(at, "`$ref` must be a string"));
        return;
    };
    if let Err(problem) = resolver.value(reference) {
        errors.push(
            Diagnostic::error(at, format!("`$ref: {reference}`: {}", problem.message))
                .with_hint(problem.hint.unwrap_or_default()),
        );
    }
}

/// The `type` values a schema may have.
const SCHEMA_TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];

/// Every schema's `type` is one OpenAPI knows (a typo such as `strin`
/// would otherwise pass as an untyped schema), and the warnings of
/// [`check_schema_shape`]: for every schema, wherever it is (components,
/// parameters, request and response bodies, headers, and the schemas
/// inside those).
fn check_schema_types(tree: &Value, errors: &mut Vec<Diagnostic>) {
    walk(tree, &mut |object, at, role| {
        if let Role::Schema { merged } = role {
            check_schema(object, at, merged, errors);
        }
    });
}

/// Checks one schema (not the schemas inside it); `merged` says whether it
/// is a part of an `allOf`, whose `required` may name the other parts'
/// properties.
fn check_schema(
    object: &serde_json::Map<String, Value>,
    at: &Pointer,
    merged: bool,
    errors: &mut Vec<Diagnostic>,
) {
    if let Some(Value::String(kind)) = object.get("type") {
        if SCHEMA_TYPES.contains(&kind.as_str()) {
            check_schema_shape(object, kind, at, merged, errors);
        } else {
            errors.push(
                Diagnostic::error(at.join("type"), format!("unknown schema type `{kind}`"))
                    .with_hint(format!("use one of: {}", SCHEMA_TYPES.join(", "))),
            );
        }
    }
}

/// Warnings about a schema whose parts disagree with its `type`: it is
/// still generated, in the way each message says.
fn check_schema_shape(
    object: &serde_json::Map<String, Value>,
    kind: &str,
    at: &Pointer,
    merged: bool,
    warnings: &mut Vec<Diagnostic>,
) {
    let fits: fn(&Value) -> bool = match kind {
        "string" => Value::is_string,
        "integer" => |v| v.is_i64() || v.is_u64(),
        "number" => Value::is_number,
        "boolean" => Value::is_boolean,
        _ => |_| true,
    };
    let values = object.get("enum").and_then(Value::as_array);
    if let Some((i, value)) = values
        .into_iter()
        .flatten()
        .enumerate()
        .find(|(_, v)| !v.is_null() && !fits(v))
    {
        warnings.push(
            Diagnostic::warning(
                at.join("enum").join(i),
                format!("enum value {value} is not of the schema's `type: {kind}`"),
            )
            .with_hint("make the values and the `type` agree"),
        );
    }
    let has_properties = object
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty());
    if has_properties && kind != "object" {
        warnings.push(
            Diagnostic::warning(
                at.join("type"),
                format!("`type: {kind}` beside `properties`; generated as an object"),
            )
            .with_hint("use `type: object`, or drop `properties`"),
        );
    }
    if kind == "array" && !object.contains_key("items") {
        warnings.push(
            Diagnostic::warning(
                at.clone(),
                "an array without `items`; its items are `serde_json::Value`",
            )
            .with_hint("add `items` with the schema of one item"),
        );
    }
    if kind == "object" && has_properties && !merged && !object.contains_key("allOf") {
        check_required_names(object, at, warnings);
    }
}

/// Names in `required` that are not properties of a plain object schema
/// (not one that `allOf` merges with others, where they may be defined).
fn check_required_names(
    object: &serde_json::Map<String, Value>,
    at: &Pointer,
    warnings: &mut Vec<Diagnostic>,
) {
    let properties = object.get("properties").and_then(Value::as_object);
    let required = object.get("required").and_then(Value::as_array);
    for (i, name) in required.into_iter().flatten().enumerate() {
        let Some(name) = name.as_str() else { continue };
        if properties.is_some_and(|p| !p.contains_key(name)) {
            warnings.push(
                Diagnostic::warning(
                    at.join("required").join(i),
                    format!("`{name}` is required but is not a property; ignored"),
                )
                .with_hint("add the property, or remove the name from `required`"),
            );
        }
    }
}

fn operations(tree: &Value) -> impl Iterator<Item = (&String, &str, &Value)> {
    tree.get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .flat_map(|(path, item)| {
            HttpMethod::ALL
                .into_iter()
                .filter_map(move |method| item.get(method.key()).map(|op| (path, method.key(), op)))
        })
}

/// `operationId`s must be unique.
fn check_operation_ids(tree: &Value, errors: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<&str, Pointer> = BTreeMap::new();
    for (path, method, op) in operations(tree) {
        let Some(id) = op.get("operationId").and_then(Value::as_str) else {
            continue;
        };
        let at = Pointer::root()
            .join("paths")
            .join(path)
            .join(method)
            .join("operationId");
        if let Some(first) = seen.get(id) {
            errors.push(
                Diagnostic::error(
                    &at,
                    format!("operationId `{id}` is already used at {first}"),
                )
                .with_hint("every operationId must be unique; rename one of them"),
            );
        } else {
            seen.insert(id, at);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_dangling_refs_are_reported() {
        let tree = serde_json::json!({"a": {"$ref": "#/x"}, "b": [{"$ref": "#/y"}]});
        let mut errors = Vec::new();
        check_refs(&tree, Resolver::new(&tree), &mut errors);
        let pointers: Vec<&str> = errors.iter().map(|e| e.pointer.as_str()).collect();
        assert_eq!(pointers, ["#/a/$ref", "#/b/0/$ref"]);
    }
}
