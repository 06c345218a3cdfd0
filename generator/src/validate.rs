//! Validation: every problem of a loaded document, found in one pass so the
//! user sees all of them at once: errors, which stop generation, and
//! warnings about what is wrong but can still be generated.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostic, Pointer};
use crate::ir::{HttpMethod, is_direction_control};
use crate::load::Document;
use crate::lower::Resolver;
use crate::walk::{Role, TreePlace, walk};

/// The findings in `document`: errors (none when it can be lowered) and
/// warnings, each kind in document order.
pub fn validate(document: &Document) -> Vec<Diagnostic> {
    let tree = &document.tree;
    let mut found = check_tree(tree);
    let mut errors = document.bundled.errors.clone();
    errors.append(&mut found.refs);
    check_operation_ids(tree, &mut errors);
    check_response_codes(tree, &mut errors);
    errors.append(&mut found.schemas);
    errors.append(&mut found.cycles);
    check_text_direction(tree, &mut errors);
    errors
}

/// Every text of the document (values and keys, wherever they are) that
/// holds a direction control is warned of: such text may end up in the
/// generated documentation, where it is written escaped.
fn check_text_direction(tree: &Value, warnings: &mut Vec<Diagnostic>) {
    let mut stack = vec![(tree, Pointer::root())];
    while let Some((value, at)) = stack.pop() {
        match value {
            Value::String(text) => warn_of_direction(text, &at, warnings),
            Value::Array(items) => {
                stack.extend(items.iter().enumerate().rev().map(|(i, v)| (v, at.join(i))));
            }
            Value::Object(map) => {
                for (key, _) in map.iter() {
                    warn_of_direction(key, &at.join(key), warnings);
                }
                stack.extend(map.iter().rev().map(|(k, v)| (v, at.join(k))));
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }
}

fn warn_of_direction(text: &str, at: &Pointer, warnings: &mut Vec<Diagnostic>) {
    let Some(found) = text.chars().find(|c| is_direction_control(*c)) else {
        return;
    };
    warnings.push(
        Diagnostic::warning(
            at.clone(),
            format!(
                "this text holds a Unicode direction control (U+{:04X}), which can make code \
                 read differently from what it does; the generated documentation writes it \
                 escaped ({})",
                u32::from(found),
                found.escape_unicode()
            ),
        )
        .with_hint("remove the direction controls from the API description"),
    );
}

/// What one walk over the tree finds, by kind.
#[derive(Default)]
struct TreeFindings {
    /// `$ref`s that point at nothing here.
    refs: Vec<Diagnostic>,
    /// What is wrong in a schema itself.
    schemas: Vec<Diagnostic>,
    /// Cycles of schemas that only refer to each other.
    cycles: Vec<Diagnostic>,
}

/// Walks the tree once: every `$ref` must point at something in this
/// document (example data is not looked at, and in name maps, such as
/// `properties`, a key is a name: a property may be called `$ref`); every
/// schema, wherever it is, is checked by [`check_schema`] and
/// [`check_alias_cycle`].
fn check_tree(tree: &Value) -> TreeFindings {
    let resolver = Resolver::new(tree);
    let mut found = TreeFindings::default();
    let mut cycles = BTreeSet::new();
    walk(tree, &mut |object, at, role| {
        if let Some(reference) = object.get("$ref").filter(|_| role.has_keywords()) {
            check_ref(reference, at, resolver, &mut found.refs);
        }
        if let Role::Schema { merged } = role {
            check_schema(object, at, merged, &mut found.schemas);
            check_alias_cycle(tree, object, at, &mut cycles, &mut found.cycles);
        }
    });
    found
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

/// Checks the `$ref` of the object at `object`.
fn check_ref(
    reference: &Value,
    object: &TreePlace<'_>,
    resolver: Resolver<'_>,
    errors: &mut Vec<Diagnostic>,
) {
    let at = || object.join("$ref");
    let Some(reference) = reference.as_str() else {
        errors.push(Diagnostic::error(at(), "`$ref` must be a string"));
        return;
    };
    if !reference.starts_with('#') {
        return; // bundling read every other file it could, and reported the rest
    }
    if let Err(problem) = resolver.value(reference) {
        errors.push(
            Diagnostic::error(at(), format!("`$ref: {reference}`: {}", problem.message))
                .with_hint(problem.hint.unwrap_or_default()),
        );
    }
}

/// The `type` values a schema may have.
const SCHEMA_TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];

/// Checks one schema (not the schemas inside it): its `type` is one
/// OpenAPI knows (a typo such as `strin` would otherwise pass as an untyped
/// schema), and the warnings of [`check_schema_shape`]. `merged` says
/// whether it is a part of an `allOf`, whose `required` may name the other
/// parts' properties.
fn check_schema(
    object: &Map<String, Value>,
    at: &TreePlace<'_>,
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

/// How many references in a row are followed to find a cycle.
const MAX_ALIAS_CHAIN: usize = 64;

/// A schema that is only another name for the schema a reference points at
/// (`$ref`, or an `allOf` of that one part, which is lowered as an alias
/// too) must not come back to itself through such names only: `type A = B;
/// type B = A;` is no type. Each cycle is reported once, at the first of its
/// members reached, naming all of them. A cycle through `properties` or
/// `items` is a recursive type, and fine.
fn check_alias_cycle(
    tree: &Value,
    schema: &Map<String, Value>,
    at: &TreePlace<'_>,
    reported: &mut BTreeSet<Vec<String>>,
    errors: &mut Vec<Diagnostic>,
) {
    let Some(mut reference) = alias_target(schema) else {
        return;
    };
    // the references followed from the schema (the chain's first member)
    let mut followed: Vec<&str> = Vec::new();
    loop {
        let start = if at.is(reference) {
            Some(0)
        } else {
            (followed.iter().position(|member| *member == reference)).map(|i| i + 1)
        };
        if let Some(start) = start {
            let chain: Vec<String> = std::iter::once(at.pointer().as_str())
                .chain(followed.iter().copied())
                .map(str::to_owned)
                .collect();
            let cycle = chain.get(start..).unwrap_or_default();
            let mut members = cycle.to_vec();
            members.sort();
            if reported.insert(members) {
                errors.push(alias_cycle_error(cycle));
            }
            return;
        }
        let target = reference.strip_prefix('#').and_then(|p| tree.pointer(p));
        // a reference that points at nothing is reported as such
        let Some(target) = target.filter(|_| followed.len() + 1 < MAX_ALIAS_CHAIN) else {
            return;
        };
        followed.push(reference);
        let Some(next) = target.as_object().and_then(alias_target) else {
            return;
        };
        reference = next;
    }
}

/// The reference a schema is only another name for.
fn alias_target(schema: &Map<String, Value>) -> Option<&str> {
    if let Some(reference) = schema.get("$ref") {
        return reference.as_str();
    }
    if schema.contains_key("type") || schema.contains_key("oneOf") {
        return None;
    }
    match schema.get("allOf")?.as_array()?.as_slice() {
        [only] => only.as_object().and_then(alias_target),
        _ => None,
    }
}

fn alias_cycle_error(cycle: &[String]) -> Diagnostic {
    let named: Vec<String> = cycle.iter().map(|member| format!("`{member}`")).collect();
    let (message, which) = match named.as_slice() {
        [one] => (
            format!("{one} is only a reference to itself, so it is no type"),
            "it",
        ),
        [init @ .., last] => (
            format!(
                "{} and {last} only refer to each other, so none of them is a type",
                init.join(", ")
            ),
            "one of them",
        ),
        [] => (String::new(), "it"),
    };
    let at = cycle.first().map_or("#", String::as_str);
    Diagnostic::error(at, message).with_hint(format!(
        "give {which} a schema of its own instead of the reference \
         (a cycle through `properties` or `items` is fine)"
    ))
}

/// Warnings about a schema whose parts disagree with its `type`: it is
/// still generated, in the way each message says.
fn check_schema_shape(
    object: &Map<String, Value>,
    kind: &str,
    at: &TreePlace<'_>,
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
    if has_properties && kind == "array" {
        warnings.push(
            Diagnostic::warning(
                at.join("type"),
                "`type: array` beside `properties`; generated as an object",
            )
            .with_hint("use `type: object`, or drop `properties`"),
        );
    } else if has_properties && kind != "object" {
        // a scalar type wins, as in JSON Schema (`lower::types::scalar_type`)
        warnings.push(
            Diagnostic::warning(
                at.join("type"),
                format!("`type: {kind}` beside `properties`: a value is a {kind}, as the type says, and the properties are ignored"),
            )
            .with_hint("drop `properties` (list the values in `enum`), or use `type: object` if the values are objects"),
        );
    }
    if kind == "array" && !object.contains_key("items") {
        warnings.push(
            Diagnostic::warning(
                at.pointer(),
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
    object: &Map<String, Value>,
    at: &TreePlace<'_>,
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
        let errors = check_tree(&tree).refs;
        let pointers: Vec<&str> = errors.iter().map(|e| e.pointer.as_str()).collect();
        assert_eq!(pointers, ["#/a/$ref", "#/b/0/$ref"]);
    }

    #[test]
    fn direction_controls_in_any_text_or_key_are_warned_of_where_they_are() {
        let tree = serde_json::json!({
            "info": {"description": "safe\u{202E}txt", "title": "plain"},
            "paths": {"/a": {"get": {"parameters": [{"name": "x\u{2066}"}]}}},
            "components": {"schemas": {"K\u{200F}": {"example": 1}}}
        });
        let mut warnings = Vec::new();
        check_text_direction(&tree, &mut warnings);
        let found: Vec<(&str, bool)> = warnings
            .iter()
            .map(|w| (w.pointer.as_str(), w.message.contains("(U+202E)")))
            .collect();
        assert_eq!(
            found,
            [
                ("#/info/description", true),
                ("#/paths/~1a/get/parameters/0/name", false),
                ("#/components/schemas/K\u{200F}", false),
            ]
        );
        assert!(
            warnings[0].message.contains("escaped (\\u{202e})"),
            "{}",
            warnings[0].message
        );
    }

    fn cycles(schemas: Value) -> Vec<String> {
        let tree = serde_json::json!({"components": {"schemas": schemas}});
        check_tree(&tree)
            .cycles
            .iter()
            .map(|e| format!("{}: {}", e.pointer, e.message))
            .collect()
    }

    #[test]
    fn cycles_of_plain_references_are_errors_naming_every_member() {
        let refs = |name: &str| serde_json::json!({"$ref": format!("#/components/schemas/{name}")});
        assert_eq!(
            cycles(
                serde_json::json!({"A": refs("B"), "B": refs("C"), "C": refs("A"), "D": refs("A")})
            ),
            [
                "#/components/schemas/A: `#/components/schemas/A`, `#/components/schemas/B` and \
              `#/components/schemas/C` only refer to each other, so none of them is a type"
            ]
        );
        assert_eq!(
            cycles(serde_json::json!({"A": refs("A")})),
            [
                "#/components/schemas/A: `#/components/schemas/A` is only a reference to itself, so it is no type"
            ]
        );
        // a one-part `allOf` is an alias too
        let wrapped = serde_json::json!({"allOf": [refs("B")], "description": "x"});
        assert_eq!(
            cycles(serde_json::json!({"A": wrapped, "B": refs("A")})).len(),
            1
        );
    }

    #[test]
    fn recursive_types_and_chains_are_no_cycles() {
        let refs = |name: &str| serde_json::json!({"$ref": format!("#/components/schemas/{name}")});
        let through_items = serde_json::json!({"type": "array", "items": refs("A")});
        let through_properties = serde_json::json!({"properties": {"next": refs("A")}});
        let two_parts = serde_json::json!({"allOf": [refs("A"), {"required": ["x"]}]});
        for schema in [through_items, through_properties, two_parts] {
            assert_eq!(
                cycles(serde_json::json!({"A": refs("B"), "B": schema})),
                Vec::<String>::new()
            );
        }
        let chain = serde_json::json!({"A": refs("B"), "B": refs("C"), "C": {"type": "string"}, "D": refs("Nope")});
        assert_eq!(cycles(chain), Vec::<String>::new());
    }
}
