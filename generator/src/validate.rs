//! Validation: every problem of a loaded document that would stop
//! generation, found in one pass so the user sees all of them at once.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::diagnostics::{Diagnostic, Pointer};
use crate::load::Document;
use crate::lower::Resolver;

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
    check_path_params(&document.tree, &mut errors);
    errors
}

/// Every `$ref` must point at something in this document.
fn check_refs(value: &Value, at: &Pointer, resolver: Resolver<'_>, errors: &mut Vec<Diagnostic>) {
    match value {
        Value::Object(object) => {
            for (key, child) in object {
                let child_at = at.join(key);
                if key == "$ref" {
                    match child.as_str() {
                        Some(reference) => {
                            if let Err(problem) = resolver.value(reference) {
                                errors.push(
                                    Diagnostic::error(
                                        &child_at,
                                        format!("`$ref: {reference}`: {}", problem.message),
                                    )
                                    .with_hint(problem.hint.unwrap_or_default()),
                                );
                            }
                        }
                        None => {
                            errors.push(Diagnostic::error(&child_at, "`$ref` must be a string"))
                        }
                    }
                } else {
                    check_refs(child, &child_at, resolver, errors);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                check_refs(item, &at.join(i), resolver, errors);
            }
        }
        _ => {}
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

/// Every `{name}` in a path template needs a path parameter, and every path
/// parameter needs its `{name}` in the template.
fn check_path_params(tree: &Value, errors: &mut Vec<Diagnostic>) {
    let resolver = Resolver::new(tree);
    for (path, method, op) in operations(tree) {
        let at = Pointer::root().join("paths").join(path).join(method);
        let template: Vec<&str> = template_names(path);
        let shared = tree
            .get("paths")
            .and_then(|p| p.get(path))
            .and_then(|item| item.get("parameters"));
        let declared: Vec<String> = [shared, op.get("parameters")]
            .into_iter()
            .flatten()
            .filter_map(Value::as_array)
            .flatten()
            .filter_map(|param| resolved(param, resolver))
            .filter(|param| param.get("in").and_then(Value::as_str) == Some("path"))
            .filter_map(|param| param.get("name").and_then(Value::as_str).map(str::to_owned))
            .collect();
        for name in &template {
            if !declared.iter().any(|d| d == name) {
                errors.push(
                    Diagnostic::error(&at, format!("path parameter `{name}` of `{path}` is not declared"))
                        .with_hint(format!("add `- {{name: {name}, in: path, required: true, schema: {{type: string}}}}`")),
                );
            }
        }
        for name in &declared {
            if !template.contains(&name.as_str()) {
                errors.push(
                    Diagnostic::error(
                        &at,
                        format!("path parameter `{name}` does not appear in `{path}`"),
                    )
                    .with_hint(format!(
                        "add `{{{name}}}` to the path, or declare it `in: query`"
                    )),
                );
            }
        }
    }
}

fn resolved<'a>(param: &'a Value, resolver: Resolver<'a>) -> Option<&'a Value> {
    match param.get("$ref").and_then(Value::as_str) {
        Some(reference) => resolver.value(reference).ok(),
        None => Some(param),
    }
}

fn template_names(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_names_are_found() {
        assert_eq!(template_names("/a/{x}/b/{y}.json"), ["x", "y"]);
        assert!(template_names("/plain").is_empty());
    }
}
