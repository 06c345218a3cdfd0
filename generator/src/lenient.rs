//! Leniency: what careful people write that the specification does not
//! allow, read the way they meant it, each repair a warning that names the
//! fix. Numbers where `info` and `servers` want strings, a document without
//! `paths`, an operation without `responses`, parameter styles not allowed
//! where the parameter is, OpenAPI 3.1 boolean schemas,
//! `components/mediaTypes` references, OpenAPI 3.2 `itemSchema` on
//! streamed media types (`item_schemas.rs`), and the 3.2 constructs this
//! generator does not read yet. Runs inside `load`, on the JSON tree, before
//! normalisation.

mod item_schemas;

use serde_json::{Map, Value, json};

use crate::diagnostics::{Diagnostic, Pointer};
use crate::ir::HttpMethod;
use crate::walk::{Role, walk};

/// Repairs `tree` in place; one warning per repair.
pub fn repair(tree: &mut Value) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let is_32 = tree
        .get("openapi")
        .and_then(Value::as_str)
        .is_some_and(|v| v.starts_with("3.2"));
    strings_in_info_and_servers(tree, &mut warnings);
    missing_paths(tree, &mut warnings);
    media_type_references(tree, &mut warnings);
    if is_32 {
        item_schemas::move_item_schemas(tree);
        constructs_of_3_2(tree, &mut warnings);
    }
    operations(tree, &mut warnings);
    boolean_schemas(tree, &mut warnings);
    warnings
}

/// `info` and server objects (at the root, in path items and operations):
/// a number or boolean where a string belongs becomes its text.
fn strings_in_info_and_servers(tree: &mut Value, warnings: &mut Vec<Diagnostic>) {
    let root = Pointer::root();
    if let Some(info) = tree.get_mut("info").and_then(Value::as_object_mut) {
        let at = root.join("info");
        for key in [
            "title",
            "version",
            "description",
            "termsOfService",
            "summary",
        ] {
            stringify(info, key, &at, warnings);
        }
        for (part, keys) in [
            ("contact", &["name", "url", "email"][..]),
            ("license", &["name", "url", "identifier"][..]),
        ] {
            if let Some(object) = info.get_mut(part).and_then(Value::as_object_mut) {
                for key in keys {
                    stringify(object, key, &at.join(part), warnings);
                }
            }
        }
    }
    let mut server_lists = vec![root.join("servers")];
    if let Some(paths) = tree.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let at = root.join("paths").join(path);
            server_lists.push(at.join("servers"));
            for method in HttpMethod::ALL {
                if item.get(method.key()).is_some() {
                    server_lists.push(at.join(method.key()).join("servers"));
                }
            }
        }
    }
    for at in server_lists {
        let Some(Value::Array(servers)) = tree.pointer_mut(local(&at)) else {
            continue;
        };
        for (i, server) in servers.iter_mut().enumerate() {
            let Some(server) = server.as_object_mut() else {
                continue;
            };
            let at = at.join(i);
            stringify(server, "url", &at, warnings);
            stringify(server, "description", &at, warnings);
            let variables = server.get_mut("variables").and_then(Value::as_object_mut);
            for (name, variable) in variables.into_iter().flatten() {
                let Some(variable) = variable.as_object_mut() else {
                    continue;
                };
                let at = at.join("variables").join(name);
                stringify(variable, "default", &at, warnings);
                stringify(variable, "description", &at, warnings);
                if let Some(Value::Array(values)) = variable.get_mut("enum") {
                    let changed = values.iter_mut().filter_map(to_text).count();
                    if changed > 0 {
                        let quoted: Vec<String> = values
                            .iter()
                            .map(|v| format!("'{}'", v.as_str().unwrap_or_default()))
                            .collect();
                        warnings.push(
                            Diagnostic::warning(
                                at.join("enum"),
                                "server variable values must be strings; the numbers are read as their text",
                            )
                            .with_hint(format!("quote the values (`enum: [{}]`)", quoted.join(", "))),
                        );
                    }
                }
            }
        }
    }
}

/// Makes `object[key]` a string if it is a number or boolean, with a warning.
fn stringify(
    object: &mut Map<String, Value>,
    key: &str,
    at: &Pointer,
    warnings: &mut Vec<Diagnostic>,
) {
    let Some(text) = object.get_mut(key).and_then(to_text) else {
        return;
    };
    warnings.push(
        Diagnostic::warning(
            at.join(key),
            format!("`{key}` must be a string; read as \"{text}\""),
        )
        .with_hint(format!("quote the value (`{key}: '{text}'`)")),
    );
}

/// A number or boolean replaced by its text; the text, when it was one.
fn to_text(value: &mut Value) -> Option<String> {
    let text = match value {
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    *value = Value::String(text.clone());
    Some(text)
}

/// A document without `paths` (allowed since 3.1, common in 3.0 documents
/// of types only) gets empty ones.
fn missing_paths(tree: &mut Value, warnings: &mut Vec<Diagnostic>) {
    let Some(object) = tree.as_object_mut() else {
        return;
    };
    if object.contains_key("paths") {
        return;
    }
    object.insert("paths".to_owned(), json!({}));
    let hint = if object.contains_key("webhooks") {
        "webhooks become events of `webhooks::WebhookEvent`, not client operations"
    } else {
        "add `paths` (`paths: {}` for a document of types only)"
    };
    warnings.push(
        Diagnostic::warning(
            "#/paths",
            "the document has no `paths`: only types are generated",
        )
        .with_hint(hint),
    );
}

/// The operations: one without `responses` answers nothing we know of;
/// parameter styles not allowed where the parameter is are dropped.
fn operations(tree: &mut Value, warnings: &mut Vec<Diagnostic>) {
    let Some(paths) = tree.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    let root = Pointer::root().join("paths");
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        let at = root.join(path);
        if let Some(Value::Array(parameters)) = item.get_mut("parameters") {
            parameter_styles(parameters, &at.join("parameters"), warnings);
        }
        for method in HttpMethod::ALL {
            let Some(op) = item.get_mut(method.key()).and_then(Value::as_object_mut) else {
                continue;
            };
            let at = at.join(method.key());
            if !op.contains_key("responses") {
                op.insert("responses".to_owned(), json!({}));
                warnings.push(
                    Diagnostic::warning(
                        at.join("responses"),
                        "the operation has no `responses`: `send()` answers `()`, and any body is ignored",
                    )
                    .with_hint("add `responses` with the operation's success response"),
                );
            }
            if let Some(Value::Array(parameters)) = op.get_mut("parameters") {
                parameter_styles(parameters, &at.join("parameters"), warnings);
            }
        }
    }
    if let Some(Value::Object(parameters)) = tree.pointer_mut("/components/parameters") {
        let at = Pointer::root().join("components").join("parameters");
        for (name, parameter) in parameters.iter_mut() {
            if let Some(parameter) = parameter.as_object_mut() {
                parameter_style(parameter, &at.join(name), warnings);
            }
        }
    }
}

fn parameter_styles(parameters: &mut [Value], at: &Pointer, warnings: &mut Vec<Diagnostic>) {
    for (i, parameter) in parameters.iter_mut().enumerate() {
        if let Some(parameter) = parameter.as_object_mut() {
            parameter_style(parameter, &at.join(i), warnings);
        }
    }
}

/// The styles each location allows, the default first.
fn allowed_styles(location: &str) -> &'static [&'static str] {
    match location {
        "path" => &["simple", "label", "matrix"],
        "query" => &["form", "spaceDelimited", "pipeDelimited", "deepObject"],
        "header" => &["simple"],
        "cookie" => &["form"],
        _ => &[],
    }
}

fn parameter_style(
    parameter: &mut Map<String, Value>,
    at: &Pointer,
    warnings: &mut Vec<Diagnostic>,
) {
    let Some(location) = parameter.get("in").and_then(Value::as_str) else {
        return;
    };
    let allowed = allowed_styles(location);
    let Some(style) = parameter.get("style").and_then(Value::as_str) else {
        return;
    };
    if allowed.is_empty() || allowed.contains(&style) {
        return;
    }
    let message = format!(
        "`style: {style}` is not allowed for a {location} parameter; ignored (the default, `{}`, is used)",
        allowed.first().copied().unwrap_or_default()
    );
    let hint = format!(
        "remove `style`, or use one of: {}",
        allowed
            .iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    parameter.remove("style");
    warnings.push(Diagnostic::warning(at.join("style"), message).with_hint(hint));
}

/// Where a boolean stands for a schema.
enum BoolPlace {
    /// A property of an object schema: `false` leaves it out.
    Property { properties: Pointer, name: String },
    /// An alternative of a `oneOf` or `anyOf`: `false` adds nothing to it.
    Alternative { list: Pointer, index: usize },
    /// Anywhere else a schema stands.
    Schema(Pointer),
}

/// OpenAPI 3.1 schemas may be `true` (any value) or `false` (no value).
/// `true` becomes `{}` (`serde_json::Value`). A `false` property is one
/// that must be absent: it is left out of the struct (so it is never
/// sent, and a value that has it still decodes, the property ignored),
/// and out of `required`. A `false` elsewhere is `{}` too, with a
/// warning: a Rust type with no values would make every type holding it
/// impossible to decode or build, for a document that most likely meant
/// "not used". `additionalProperties` takes booleans in 3.0 too and is
/// left alone.
fn boolean_schemas(tree: &mut Value, out: &mut Vec<Diagnostic>) {
    let mut warnings = Vec::new();
    let mut places = Vec::new();
    walk(tree, &mut |object, at, role| match role {
        Role::Names { schemas: true } => {
            let is_properties = at.key() == Some("properties");
            for (name, value) in object {
                if !value.is_boolean() {
                    continue;
                }
                places.push(if is_properties {
                    BoolPlace::Property {
                        properties: at.pointer(),
                        name: name.clone(),
                    }
                } else {
                    BoolPlace::Schema(at.join(name))
                });
            }
        }
        Role::Schema { .. } => {
            for key in ["items", "not"] {
                if object.get(key).is_some_and(Value::is_boolean) {
                    places.push(BoolPlace::Schema(at.join(key)));
                }
            }
            for key in ["allOf", "oneOf", "anyOf", "prefixItems"] {
                let items = object.get(key).and_then(Value::as_array);
                for (index, item) in items.into_iter().flatten().enumerate() {
                    let list = at.join(key);
                    places.push(match item {
                        Value::Bool(false) if matches!(key, "oneOf" | "anyOf") => {
                            BoolPlace::Alternative { list, index }
                        }
                        Value::Bool(_) => BoolPlace::Schema(list.join(index)),
                        _ => continue,
                    });
                }
            }
        }
        Role::Object if object.get("schema").is_some_and(Value::is_boolean) => {
            places.push(BoolPlace::Schema(at.join("schema")));
        }
        _ => {}
    });
    // last first: removing an alternative moves only those after it
    for place in places.into_iter().rev() {
        match place {
            BoolPlace::Alternative { list, index } => {
                if let Some(Value::Array(alternatives)) = tree.pointer_mut(local(&list)) {
                    if index < alternatives.len() {
                        alternatives.remove(index);
                    }
                }
                warnings.push(
                    Diagnostic::warning(
                        list.join(index),
                        "the alternative `false` allows no value; left out",
                    )
                    .with_hint("remove the alternative"),
                );
            }
            BoolPlace::Property { properties, name } => {
                let at = properties.join(&name);
                if tree.pointer(local(&at)) == Some(&Value::Bool(true)) {
                    any_schema(tree, &at);
                    continue;
                }
                if let Some(Value::Object(map)) = tree.pointer_mut(local(&properties)) {
                    map.shift_remove(&name);
                }
                let schema = properties.as_str().trim_end_matches("/properties");
                if let Some(Value::Array(required)) =
                    tree.pointer_mut(&format!("{}/required", local_str(schema)))
                {
                    required.retain(|r| r.as_str() != Some(name.as_str()));
                }
                warnings.push(
                    Diagnostic::warning(
                        at,
                        format!(
                            "`{name}: false` allows no value, so the property must be absent; \
                             it is left out of the type"
                        ),
                    )
                    .with_hint("remove the property, or give it a schema"),
                );
            }
            BoolPlace::Schema(at) => {
                if tree.pointer(local(&at)) == Some(&Value::Bool(false)) {
                    warnings.push(
                        Diagnostic::warning(
                            at.clone(),
                            "the schema `false` allows no value; generated as `serde_json::Value`",
                        )
                        .with_hint("give it a schema, or remove what it describes"),
                    );
                }
                any_schema(tree, &at);
            }
        }
    }
    // in document order
    warnings.reverse();
    out.append(&mut warnings);
}

fn any_schema(tree: &mut Value, at: &Pointer) {
    if let Some(value) = tree.pointer_mut(local(at)) {
        *value = json!({});
    }
}

/// `content: {$ref: '#/components/mediaTypes/x'}` (the whole content map
/// by reference) and `content: {media/type: {$ref: ...}}` (one media type
/// object), OpenAPI 3.2 constructs: the referenced object is copied in.
fn media_type_references(tree: &mut Value, warnings: &mut Vec<Diagnostic>) {
    let mut places: Vec<(Pointer, String)> = Vec::new();
    walk(tree, &mut |object, at, role| {
        if role != Role::Object {
            return;
        }
        let Some(content) = object.get("content").and_then(Value::as_object) else {
            return;
        };
        let at = at.join("content");
        if let Some(reference) = content.get("$ref").and_then(Value::as_str) {
            places.push((at.clone(), reference.to_owned()));
        }
        for (media_type, object) in content {
            if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
                places.push((at.join(media_type), reference.to_owned()));
            }
        }
    });
    for (at, reference) in places {
        let Some(target) = follow(tree, &reference) else {
            continue; // validation reports the reference
        };
        let whole_map = at.as_str().ends_with("/content");
        let target = if whole_map && !is_content_map(&target) {
            json!({ "application/json": target })
        } else {
            target
        };
        if let Some(place) = tree.pointer_mut(local(&at)) {
            *place = target;
        }
        let what = if whole_map {
            "the content"
        } else {
            "a media type object"
        };
        warnings.push(
            Diagnostic::warning(
                at,
                format!(
                    "{what} by reference (`{reference}`, an OpenAPI 3.2 construct); read as if written here"
                ),
            )
            .with_hint("write the media type object in place for OpenAPI 3.0 and 3.1 tools"),
        );
    }
}

/// The value a local reference points at, through chains of references.
fn follow(tree: &Value, reference: &str) -> Option<Value> {
    let mut current = reference.to_owned();
    for _ in 0..32 {
        let value = tree.pointer(current.strip_prefix('#')?)?;
        match value.get("$ref").and_then(Value::as_str) {
            Some(next) if value.as_object().is_some_and(|o| o.len() == 1) => {
                current = next.to_owned();
            }
            _ => return Some(value.clone()),
        }
    }
    None
}

/// Whether an object maps media types (`application/json`, `*/*`) to
/// media type objects, rather than being one.
fn is_content_map(value: &Value) -> bool {
    value
        .as_object()
        .is_some_and(|o| !o.is_empty() && o.keys().all(|k| k.contains('/') || k.contains('*')))
}

/// OpenAPI 3.2 constructs with no 3.1 meaning this generator reads yet:
/// each is warned of (and left out where it would stop the document from
/// loading).
fn constructs_of_3_2(tree: &mut Value, warnings: &mut Vec<Diagnostic>) {
    let unsupported = |at: Pointer, what: &str, effect: &str| {
        Diagnostic::warning(
            at,
            format!("{what} (OpenAPI 3.2) is not supported yet; {effect}"),
        )
        .with_hint("rewrite it in OpenAPI 3.1 terms to have it generated")
    };
    if tree.get("$self").is_some() {
        warnings.push(unsupported(
            Pointer::root().join("$self"),
            "`$self`",
            "references are resolved within this document",
        ));
    }
    let root = Pointer::root().join("paths");
    let paths = tree.get_mut("paths").and_then(Value::as_object_mut);
    for (path, item) in paths.into_iter().flatten() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        let at = root.join(path);
        if item.contains_key("query") {
            warnings.push(unsupported(
                at.join("query"),
                "the `query` method",
                "the operation is not generated",
            ));
        }
        if item.contains_key("additionalOperations") {
            warnings.push(unsupported(
                at.join("additionalOperations"),
                "`additionalOperations`",
                "its operations are not generated",
            ));
        }
        let mut lists: Vec<(Pointer, &mut Value)> = Vec::new();
        for (key, value) in item.iter_mut() {
            if key == "parameters" {
                lists.push((at.join("parameters"), value));
            } else if HttpMethod::from_key(key).is_some() {
                if let Some(parameters) = value.get_mut("parameters") {
                    lists.push((at.join(key).join("parameters"), parameters));
                }
            }
        }
        for (at, parameters) in lists {
            let Value::Array(parameters) = parameters else {
                continue;
            };
            let mut i = 0;
            parameters.retain(|p| {
                let keep = p.get("in").and_then(Value::as_str) != Some("querystring");
                if !keep {
                    warnings.push(unsupported(
                        at.join(i),
                        "a parameter `in: querystring`",
                        "it is left out",
                    ));
                }
                i += 1;
                keep
            });
        }
    }
    let mut found = Vec::new();
    walk(tree, &mut |object, at, role| {
        if role != Role::Object {
            return;
        }
        for key in ["itemSchema", "itemEncoding", "prefixEncoding"] {
            if object.contains_key(key) && object.contains_key("schema") {
                found.push(unsupported(
                    at.join(key),
                    &format!("`{key}`"),
                    "the body is read whole as its `schema`",
                ));
            } else if object.contains_key(key) {
                found.push(unsupported(
                    at.join(key),
                    &format!("`{key}`"),
                    "the body is not typed",
                ));
            }
        }
        if object.contains_key("deviceAuthorization") {
            found.push(unsupported(
                at.join("deviceAuthorization"),
                "the device authorization flow",
                "it is ignored",
            ));
        }
    });
    warnings.append(&mut found);
}

/// A pointer as `serde_json::Value::pointer` takes it (without the `#`).
fn local(at: &Pointer) -> &str {
    local_str(at.as_str())
}

fn local_str(at: &str) -> &str {
    at.strip_prefix('#').unwrap_or(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repaired(mut tree: Value) -> (Value, Vec<String>) {
        let warnings = repair(&mut tree);
        (
            tree,
            warnings
                .into_iter()
                .map(|w| format!("{}: {}", w.pointer, w.message))
                .collect(),
        )
    }

    #[test]
    fn numbers_in_info_and_servers_become_text() {
        let (tree, warnings) = repaired(json!({
            "openapi": "3.0.3",
            "info": {"title": "T", "version": 1.0},
            "paths": {},
            "servers": [{"url": "https://x:{port}", "variables": {"port": {"default": 80, "enum": [80, 443]}}}],
        }));
        assert_eq!(tree["info"]["version"], "1.0");
        assert_eq!(
            tree["servers"][0]["variables"]["port"],
            json!({"default": "80", "enum": ["80", "443"]})
        );
        assert_eq!(warnings.len(), 3, "{warnings:?}");
    }

    #[test]
    fn boolean_schemas_are_any_value_or_left_out() {
        let (tree, warnings) = repaired(json!({
            "openapi": "3.1.0", "info": {}, "paths": {},
            "components": {"schemas": {
                "A": true,
                "B": {"type": "object", "required": ["gone", "id"], "properties": {"gone": false, "any": true, "id": {}}},
                "C": {"type": "array", "items": false, "additionalProperties": false},
            }},
        }));
        let schemas = &tree["components"]["schemas"];
        assert_eq!(schemas["A"], json!({}));
        assert_eq!(
            schemas["B"],
            json!({"type": "object", "required": ["id"], "properties": {"any": {}, "id": {}}})
        );
        assert_eq!(
            schemas["C"],
            json!({"type": "array", "items": {}, "additionalProperties": false})
        );
        assert_eq!(
            warnings,
            [
                "#/components/schemas/B/properties/gone: `gone: false` allows no value, so the property must be absent; it is left out of the type",
                "#/components/schemas/C/items: the schema `false` allows no value; generated as `serde_json::Value`",
            ]
        );
    }

    #[test]
    fn header_styles_other_than_simple_are_dropped() {
        let (tree, warnings) = repaired(json!({"openapi": "3.0.3", "paths": {"/a": {"get": {
            "responses": {},
            "parameters": [{"name": "h", "in": "header", "style": "form"}, {"name": "q", "in": "query", "style": "form"}],
        }}}}));
        let parameters = &tree["paths"]["/a"]["get"]["parameters"];
        assert_eq!(parameters[0], json!({"name": "h", "in": "header"}));
        assert_eq!(parameters[1]["style"], "form");
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn media_type_references_are_copied_in() {
        let (tree, _) = repaired(
            json!({"openapi": "3.0.3", "paths": {"/a": {"get": {"responses": {
            "200": {"description": "ok", "content": {"$ref": "#/components/mediaTypes/M"}},
            "201": {"description": "ok", "content": {"text/plain": {"$ref": "#/components/mediaTypes/M"}}},
        }}}}, "components": {"mediaTypes": {"M": {"schema": {"type": "string"}}}}}),
        );
        let responses = &tree["paths"]["/a"]["get"]["responses"];
        assert_eq!(
            responses["200"]["content"],
            json!({"application/json": {"schema": {"type": "string"}}})
        );
        assert_eq!(
            responses["201"]["content"],
            json!({"text/plain": {"schema": {"type": "string"}}})
        );
    }

    #[test]
    fn documents_without_paths_get_empty_ones() {
        let (tree, warnings) = repaired(json!({"openapi": "3.0.3", "components": {}}));
        assert_eq!(tree["paths"], json!({}));
        assert_eq!(
            warnings,
            ["#/paths: the document has no `paths`: only types are generated"]
        );
    }
}
