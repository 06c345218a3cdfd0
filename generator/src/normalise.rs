//! Normalisation: rewrites a document's JSON tree into the OpenAPI 3.0 shape
//! the rest of the generator reads, keeping its meaning. OpenAPI 3.1 schemas
//! (type arrays, `null` types, `$ref` with siblings, `const`, numeric
//! exclusive bounds, `contentMediaType` and `contentEncoding`) become their
//! 3.0 equivalents; in any version,
//! `/items/:id` path templates become `/items/{id}`.

use serde_json::{Map, Value, json};

use crate::diagnostics::{Diagnostic, Pointer};
use crate::walk::walk_mut;

/// Rewrites `tree` in place; returns warnings about what was changed that a
/// user may want to know.
pub fn normalise(tree: &mut Value) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let is_31 = tree
        .get("openapi")
        .and_then(Value::as_str)
        .is_some_and(|v| v.starts_with("3.1") || v.starts_with("3.2"));
    // 3.1 idioms (and `type: 'null'` unions, which 3.0 documents use too)
    rewrite_schemas(tree);
    if is_31 {
        if let Some(version) = tree.get_mut("openapi") {
            *version = Value::String("3.0.3".to_owned());
        }
    }
    colon_templates(tree, &mut warnings);
    warnings
}

/// Every object of keywords in the tree that can be a schema, rewritten;
/// a `null` in a name map (`details: null` under `properties`) becomes an
/// empty (any) schema.
fn rewrite_schemas(tree: &mut Value) {
    walk_mut(tree, &mut |object, role| {
        if role.has_keywords() {
            rewrite_schema_object(object);
        } else {
            object
                .values_mut()
                .filter(|child| child.is_null())
                .for_each(|child| *child = json!({}));
        }
    });
}

fn rewrite_schema_object(object: &mut Map<String, Value>) {
    null_alternatives(object);
    type_arrays(object);
    ref_siblings(object);
    if let Some(constant) = object.remove("const") {
        if !object.contains_key("type") {
            let kind = match &constant {
                Value::String(_) => Some("string"),
                Value::Bool(_) => Some("boolean"),
                Value::Number(n) if n.is_f64() => Some("number"),
                Value::Number(_) => Some("integer"),
                _ => None,
            };
            if let Some(kind) = kind {
                object.insert("type".to_owned(), Value::String(kind.to_owned()));
            }
        }
        object.insert("enum".to_owned(), Value::Array(vec![constant]));
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(number @ Value::Number(_)) = object.get(exclusive).cloned() {
            object.insert(bound.to_owned(), number);
            object.insert(exclusive.to_owned(), Value::Bool(true));
        }
    }
    // a 3.1 `examples` list stands for its first as the schema's `example`
    // (which the mock composes answers from); the list stays whole (the
    // example tests check each, and skip an `example` equal to the first)
    if object.contains_key("type") {
        if let Some(first) = (object.get("examples").and_then(Value::as_array))
            .and_then(|examples| examples.first().cloned())
        {
            object.entry("example").or_insert(first);
        }
    }
    content_keywords(object);
}

/// OpenAPI 3.1 spells `format: binary` as `contentMediaType` (raw content of
/// that media type) or `contentEncoding: binary`, and `format: byte` as
/// `contentEncoding: base64`: a string without a `format` gets the 3.0 one.
/// The keywords themselves go; the media type of raw content is kept as the
/// extension [`MEDIA_TYPE_EXTENSION`] (a file's default `Content-Type` when
/// sent as a multipart part).
fn content_keywords(object: &mut Map<String, Value>) {
    let encoding = object.remove("contentEncoding");
    let media_type = object.remove("contentMediaType");
    let is_string = object.get("type").and_then(Value::as_str) == Some("string");
    if !is_string {
        return;
    }
    let format = match object.get("format") {
        // a document converted from 3.0 may say both
        Some(format) => format.as_str().unwrap_or_default().to_owned(),
        None => {
            let format = match (encoding.as_ref().and_then(Value::as_str), &media_type) {
                (Some("base64" | "base64url"), _) => "byte",
                (Some("binary"), _) | (None, Some(_)) => "binary",
                _ => return,
            };
            object.insert("format".to_owned(), Value::String(format.to_owned()));
            format.to_owned()
        }
    };
    if let (Some(Value::String(media_type)), "binary") = (media_type, format.as_str()) {
        object.insert(MEDIA_TYPE_EXTENSION.to_owned(), Value::String(media_type));
    }
}

/// The extension a normalised 3.1 binary string keeps its
/// `contentMediaType` in.
pub const MEDIA_TYPE_EXTENSION: &str = "x-openapi-codegen-content-media-type";

/// `{type: 'null'}` alternatives of a `oneOf`/`anyOf` make the union
/// nullable instead; `type: 'null'` alone means only null is allowed.
fn null_alternatives(object: &mut Map<String, Value>) {
    let mut nullable = false;
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(alternatives)) = object.get_mut(key) {
            let before = alternatives.len();
            alternatives.retain(|alternative| !is_null_schema(alternative));
            nullable |= alternatives.len() < before;
        }
    }
    if object.get("type").and_then(Value::as_str) == Some("null") {
        object.remove("type");
        nullable = true;
    }
    if nullable {
        object.insert("nullable".to_owned(), Value::Bool(true));
    }
}

fn is_null_schema(schema: &Value) -> bool {
    let Some(object) = schema.as_object() else {
        return false;
    };
    let null_type = match object.get("type") {
        Some(Value::String(kind)) => kind == "null",
        Some(Value::Array(kinds)) => kinds.iter().all(|k| k == "null"),
        _ => false,
    };
    let only_null_enum = object.get("enum").is_some_and(|e| e == &json!([null]));
    (null_type || only_null_enum)
        && object.keys().all(|k| {
            matches!(
                k.as_str(),
                "type" | "enum" | "description" | "title" | "nullable"
            )
        })
}

/// `type: [T, "null"]` -> `type: T, nullable: true`; `type: ["null"]` ->
/// `nullable: true`; several non-null types -> `oneOf` of each.
fn type_arrays(object: &mut Map<String, Value>) {
    let Some(Value::Array(types)) = object.get("type").cloned() else {
        return;
    };
    let nullable = types.iter().any(|t| t == "null");
    let mut kinds: Vec<Value> = types.into_iter().filter(|t| t != "null").collect();
    object.remove("type");
    match kinds.len() {
        0 => {}
        1 => {
            if let Some(kind) = kinds.pop() {
                object.insert("type".to_owned(), kind);
            }
        }
        _ => {
            let alternatives = kinds
                .into_iter()
                .map(|kind| json!({ "type": kind }))
                .collect();
            object.insert("oneOf".to_owned(), Value::Array(alternatives));
        }
    }
    if nullable {
        object.insert("nullable".to_owned(), Value::Bool(true));
    }
}

/// A `$ref` with sibling keywords (allowed in 3.1) keeps the siblings'
/// meaning: the reference moves into a one-element `allOf` beside them.
fn ref_siblings(object: &mut Map<String, Value>) {
    if !object.contains_key("$ref") || object.len() == 1 {
        return;
    }
    let meaningful = object.keys().any(|k| {
        matches!(
            k.as_str(),
            "nullable" | "description" | "title" | "default" | "readOnly" | "writeOnly"
        )
    });
    if !meaningful {
        return;
    }
    if let Some(reference) = object.remove("$ref") {
        object.insert("allOf".to_owned(), json!([{ "$ref": reference }]));
    }
}

/// `/customer_groups/:id` -> `/customer_groups/{id}`, with a warning.
fn colon_templates(tree: &mut Value, warnings: &mut Vec<Diagnostic>) {
    let Some(paths) = tree.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    let renamed: Vec<(String, String)> = paths
        .keys()
        .filter_map(|path| {
            let converted = brace_template(path);
            (converted != *path).then(|| (path.clone(), converted))
        })
        .collect();
    let Some((first_old, first_new)) = renamed.first().cloned() else {
        return;
    };
    let count = renamed.len();
    let mut rebuilt = Map::new();
    for (path, item) in std::mem::take(paths) {
        let braced = brace_template(&path);
        let key = if rebuilt.contains_key(&braced) {
            path
        } else {
            braced
        };
        rebuilt.insert(key, item);
    }
    *paths = rebuilt;
    let more = if count > 1 {
        format!(" (and {} more)", count - 1)
    } else {
        String::new()
    };
    warnings.push(
        Diagnostic::warning(
            Pointer::root().join("paths").join(&first_old),
            format!("path template `{first_old}` read as `{first_new}`{more}"),
        )
        .with_hint("OpenAPI writes path parameters as `{name}`, not `:name`"),
    );
}

fn brace_template(path: &str) -> String {
    path.split('/')
        .map(|segment| brace_segment(segment).unwrap_or_else(|| segment.to_owned()))
        .collect::<Vec<_>>()
        .join("/")
}

/// The `{name}` a `:name` path segment stands for: a name of letters,
/// digits, `_` and `-` (`:order-id`), the whole segment. The one rule for
/// documents and for path filters.
pub(crate) fn brace_segment(segment: &str) -> Option<String> {
    let name = segment.strip_prefix(':')?;
    let is_name = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    is_name.then(|| format!("{{{name}}}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalised(mut tree: Value) -> Value {
        normalise(&mut tree);
        tree
    }

    #[test]
    fn type_arrays_become_nullable_or_unions() {
        let tree = normalised(
            json!({"openapi": "3.1.0", "paths": {}, "components": {"schemas": {
                "A": {"type": ["string", "null"]},
                "B": {"type": ["string", "integer", "null"]},
                "C": {"$ref": "#/components/schemas/A", "type": ["null"]},
            }}}),
        );
        let schemas = &tree["components"]["schemas"];
        assert_eq!(schemas["A"], json!({"type": "string", "nullable": true}));
        assert_eq!(
            schemas["B"],
            json!({"oneOf": [{"type": "string"}, {"type": "integer"}], "nullable": true})
        );
        assert_eq!(
            schemas["C"],
            json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/A"}]})
        );
        assert_eq!(tree["openapi"], "3.0.3");
    }

    #[test]
    fn const_and_numeric_bounds_become_3_0_keywords() {
        let tree = normalised(
            json!({"openapi": "3.1.0", "paths": {}, "x": {"const": "a", "exclusiveMinimum": 5}}),
        );
        assert_eq!(
            tree["x"],
            json!({"type": "string", "enum": ["a"], "minimum": 5, "exclusiveMinimum": true})
        );
    }

    #[test]
    fn properties_named_like_keywords_are_schemas() {
        let tree = normalised(
            json!({"openapi": "3.1.0", "paths": {}, "s": {"properties": {
                "default": {"type": ["string", "null"]},
                "type": {"const": "x"},
            }}}),
        );
        assert_eq!(
            tree["s"]["properties"]["default"],
            json!({"type": "string", "nullable": true})
        );
        assert_eq!(
            tree["s"]["properties"]["type"],
            json!({"type": "string", "enum": ["x"]})
        );
    }

    #[test]
    fn null_alternatives_make_unions_nullable_in_any_version() {
        let tree = normalised(json!({"openapi": "3.0.0", "paths": {}, "s": {
            "anyOf": [{"type": "string"}, {"type": "null"}],
        }}));
        assert_eq!(
            tree["s"],
            json!({"anyOf": [{"type": "string"}], "nullable": true})
        );
        assert_eq!(tree["openapi"], "3.0.0");
    }

    #[test]
    fn examples_and_data_are_left_alone() {
        let tree = normalised(
            json!({"openapi": "3.1.0", "paths": {}, "s": {"type": "object", "example": {"type": ["a", "null"]}}}),
        );
        assert_eq!(tree["s"]["example"], json!({"type": ["a", "null"]}));
        // every one of a 3.1 `examples` list stays (the example tests check each)
        let tree = normalised(
            json!({"openapi": "3.1.0", "paths": {}, "s": {"type": "integer", "examples": [1, 2]}}),
        );
        assert_eq!(
            tree["s"],
            json!({"type": "integer", "examples": [1, 2], "example": 1})
        );
    }

    #[test]
    fn content_keywords_become_3_0_formats() {
        let tree = normalised(
            json!({"openapi": "3.1.0", "paths": {}, "s": {"properties": {
                "file": {"type": "string", "contentMediaType": "image/png"},
                "data": {"type": "string", "contentMediaType": "image/png", "contentEncoding": "base64"},
                "raw": {"type": "string", "contentEncoding": "binary"},
                "quoted": {"type": "string", "contentEncoding": "quoted-printable"},
                "dated": {"type": "string", "format": "date", "contentMediaType": "text/plain"},
                "both": {"type": "string", "format": "binary", "contentMediaType": "image/png"},
                "any": {"contentMediaType": "image/png"},
            }}}),
        );
        let properties = &tree["s"]["properties"];
        assert_eq!(
            properties["file"],
            json!({"type": "string", "format": "binary", MEDIA_TYPE_EXTENSION: "image/png"})
        );
        assert_eq!(
            properties["data"],
            json!({"type": "string", "format": "byte"})
        );
        assert_eq!(
            properties["raw"],
            json!({"type": "string", "format": "binary"})
        );
        assert_eq!(properties["quoted"], json!({"type": "string"}));
        assert_eq!(
            properties["dated"],
            json!({"type": "string", "format": "date"})
        );
        assert_eq!(
            properties["both"],
            json!({"type": "string", "format": "binary", MEDIA_TYPE_EXTENSION: "image/png"})
        );
        assert_eq!(properties["any"], json!({}));
    }

    #[test]
    fn colon_templates_become_braces_in_any_version() {
        let mut tree = json!({"openapi": "3.0.3", "paths": {"/customer_groups/:id": {}}});
        let warnings = normalise(&mut tree);
        assert!(tree["paths"].get("/customer_groups/{id}").is_some());
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn only_whole_named_segments_are_colon_templates() {
        assert_eq!(brace_segment(":order-id").as_deref(), Some("{order-id}"));
        assert_eq!(brace_segment(":id_2").as_deref(), Some("{id_2}"));
        for literal in [":", ":a.json", ":a:b", "a:b", "{id}", "id"] {
            assert_eq!(brace_segment(literal), None, "{literal}");
        }
    }
}
