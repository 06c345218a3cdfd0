//! Validation: every problem of a loaded document that would stop
//! generation, found in one pass so the user sees all of them at once.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::diagnostics::{Diagnostic, Pointer};
use crate::load::Document;
use crate::lower::Resolver;
use crate::normalise::{DATA_KEYS, NAME_MAPS};

/// The errors in `document`, in document order; empty when it can be lowered.
pub fn validate(document: &Document) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    check_refs(
        &document.tree,
        &Pointer::root(),
        Resolver::new(&document.tree),
        &mut errors,
    );
    check_operation_ids(&document.tree, &mut errors);
    check_schema_types(&document.tree, &mut errors);
    errors
}

/// Every `$ref` must point at something in this document. Example data is
/// not looked at, and in name maps (`properties`, ...) a key is a name: a
/// property may be called `$ref`.
fn check_refs(value: &Value, at: &Pointer, resolver: Resolver<'_>, errors: &mut Vec<Diagnostic>) {
    walk_refs(value, at, false, resolver, errors);
}

fn walk_refs(
    value: &Value,
    at: &Pointer,
    name_map: bool,
    resolver: Resolver<'_>,
    errors: &mut Vec<Diagnostic>,
) {
    match value {
        Value::Object(object) => {
            for (key, child) in object {
                let child_at = at.join(key);
                if name_map {
                    walk_refs(child, &child_at, false, resolver, errors);
                } else if key == "$ref" {
                    check_ref(child, &child_at, resolver, errors);
                } else if !DATA_KEYS.contains(&key.as_str()) {
                    walk_refs(
                        child,
                        &child_at,
                        NAME_MAPS.contains(&key.as_str()),
                        resolver,
                        errors,
                    );
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk_refs(item, &at.join(i), false, resolver, errors);
            }
        }
        _ => {}
    }
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
/// would otherwise pass as an untyped schema).
fn check_schema_types(tree: &Value, errors: &mut Vec<Diagnostic>) {
    let schemas = tree
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    for (name, schema) in schemas.into_iter().flatten() {
        let at = Pointer::root()
            .join("components")
            .join("schemas")
            .join(name);
        walk_schema(schema, &at, errors, 0);
    }
    for (path, method, op) in operations(tree) {
        let at = Pointer::root().join("paths").join(path).join(method);
        walk_operation_schemas(op, &at, errors);
    }
}

fn walk_operation_schemas(op: &Value, at: &Pointer, errors: &mut Vec<Diagnostic>) {
    for (i, param) in op
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        if let Some(schema) = param.get("schema") {
            walk_schema(
                schema,
                &at.join("parameters").join(i).join("schema"),
                errors,
                0,
            );
        }
    }
}

fn walk_schema(schema: &Value, at: &Pointer, errors: &mut Vec<Diagnostic>, depth: usize) {
    let Some(object) = schema.as_object() else {
        return;
    };
    if depth > 64 {
        return;
    }
    if let Some(Value::String(kind)) = object.get("type") {
        if !SCHEMA_TYPES.contains(&kind.as_str()) {
            errors.push(
                Diagnostic::error(at.join("type"), format!("unknown schema type `{kind}`"))
                    .with_hint(format!("use one of: {}", SCHEMA_TYPES.join(", "))),
            );
        }
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(child) = object.get(key) {
            walk_schema(child, &at.join(key), errors, depth + 1);
        }
    }
    for (name, child) in object
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        walk_schema(child, &at.join("properties").join(name), errors, depth + 1);
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        for (i, child) in object
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            walk_schema(child, &at.join(key).join(i), errors, depth + 1);
        }
    }
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn operations(tree: &Value) -> impl Iterator<Item = (&String, &str, &Value)> {
    tree.get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .flat_map(|(path, item)| {
            METHODS
                .iter()
                .filter_map(move |method| item.get(*method).map(|op| (path, *method, op)))
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
        check_refs(&tree, &Pointer::root(), Resolver::new(&tree), &mut errors);
        let pointers: Vec<&str> = errors.iter().map(|e| e.pointer.as_str()).collect();
        assert_eq!(pointers, ["#/a/$ref", "#/b/0/$ref"]);
    }
}
