//! Loading: document text (YAML or JSON) into a JSON tree and an
//! `openapiv3::OpenAPI`, with errors that say where the text went wrong.

use openapiv3::{Components, OpenAPI, Paths};
use std::fmt;
use std::path::Path;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::bundle::Bundled;
use crate::diagnostics::{Diagnostic, Pointer};
use crate::ir::HttpMethod;

/// A parsed document: the raw JSON tree (for `$ref` resolution anywhere in
/// the document) and its typed form.
#[derive(Debug)]
pub struct Document {
    /// The document as JSON, after normalisation.
    pub tree: Value,
    /// The document as OpenAPI objects.
    pub api: OpenAPI,
    /// What normalisation changed that the user may want to know.
    pub warnings: Vec<Diagnostic>,
    /// What bundling read from other files.
    pub bundled: Bundled,
}

/// Parses document text. JSON is recognised by its first character; all
/// else is read as YAML (a superset of JSON). `path` is the document's
/// file, from whose folder references to other files are read; `None` for
/// text, which must not refer to files.
pub fn load(text: &str, path: Option<&Path>) -> Result<Document, Vec<Diagnostic>> {
    let mut tree = parse_tree(text).map_err(|d| vec![d])?;
    check_version(&tree)?;
    let bundled = crate::bundle::bundle(&mut tree, path);
    let mut warnings = crate::lenient::repair(&mut tree);
    warnings.extend(crate::normalise::normalise(&mut tree));
    let api = typed(&tree).map_err(|d| vec![d])?;
    Ok(Document {
        tree,
        api,
        warnings,
        bundled,
    })
}

/// How deeply objects and lists may nest in a document. Generation runs
/// on a thread with a stack sized for this (see `STACK_SIZE` in `lib.rs`),
/// so no depth up to it overflows, and deeper text is refused as it is
/// read, before anything recurses into it.
pub const MAX_DEPTH: usize = 20_000;

pub(crate) fn parse_tree(text: &str) -> Result<Value, Diagnostic> {
    if text.trim_start().starts_with('{') {
        let mut json = serde_json::Deserializer::from_str(text);
        // the depth is bounded by `TreeSeed` instead of serde_json's 128
        json.disable_recursion_limit();
        let tree = TreeSeed(0)
            .deserialize(&mut json)
            .and_then(|tree| json.end().map(|()| tree));
        return tree.map_err(|e| {
            Diagnostic::error("#", format!("invalid JSON: {e}"))
                .with_hint("the document must be one JSON object (or YAML)")
        });
    }
    match TreeSeed(0).deserialize(serde_yaml::Deserializer::from_str(text)) {
        Ok(tree) => Ok(tree),
        // serde_yaml reads 128 levels; a deeper document is read again by a
        // reader without that limit (bounded by `MAX_DEPTH` instead)
        Err(e) if e.to_string().contains("recursion limit exceeded") => deep_yaml(text),
        Err(e) => Err(Diagnostic::error("#", format!("invalid YAML: {e}"))
            .with_hint("check indentation and quoting near the position shown")),
    }
}

/// A YAML document nested deeper than serde_yaml reads, read by yaml-rust2.
fn deep_yaml(text: &str) -> Result<Value, Diagnostic> {
    let invalid = |e: String| {
        Diagnostic::error("#", format!("invalid YAML: {e}"))
            .with_hint("check indentation and quoting near the position shown")
    };
    let documents =
        yaml_rust2::YamlLoader::load_from_str(text).map_err(|e| invalid(e.to_string()))?;
    let Some(document) = documents.into_iter().next() else {
        return Ok(Value::Null);
    };
    from_yaml(document, 0).map_err(invalid)
}

fn too_deep() -> String {
    format!("the document nests objects and lists deeper than {MAX_DEPTH} levels")
}

/// A yaml-rust2 value as a JSON tree, read as `TreeSeed` reads serde_yaml's.
fn from_yaml(value: yaml_rust2::Yaml, depth: usize) -> Result<Value, String> {
    use yaml_rust2::Yaml;
    if depth > MAX_DEPTH {
        return Err(too_deep());
    }
    Ok(match value {
        Yaml::Real(text) => text.parse::<f64>().map_or(Value::String(text), float),
        Yaml::Integer(n) => Value::Number(n.into()),
        Yaml::String(s) => Value::String(s),
        Yaml::Boolean(b) => Value::Bool(b),
        Yaml::Null | Yaml::BadValue => Value::Null,
        Yaml::Alias(_) => return Err("YAML aliases are not read in documents this deep".into()),
        Yaml::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|item| from_yaml(item, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        Yaml::Hash(entries) => {
            let mut object = Map::new();
            for (key, value) in entries {
                let key = match key {
                    Yaml::String(s) | Yaml::Real(s) => s,
                    Yaml::Integer(n) => n.to_string(),
                    Yaml::Boolean(b) => b.to_string(),
                    Yaml::Null => "null".to_owned(),
                    _ => return Err("a mapping key must be a plain value".into()),
                };
                object.insert(key, from_yaml(value, depth + 1)?);
            }
            Value::Object(object)
        }
    })
}

/// A JSON tree read from YAML (by [`TreeSeed`]). Unlike `serde_json::Value` it accepts what
/// YAML allows and JSON does not: mapping keys that are numbers or booleans
/// (response codes written `200:`) become strings, and integers beyond 64
/// bits become floating-point numbers, as a JSON reader would read them.
/// Read at a depth (objects and lists around it), refused past
/// [`MAX_DEPTH`].
#[derive(Clone, Copy)]
struct TreeSeed(usize);

impl<'de> DeserializeSeed<'de> for TreeSeed {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        if self.0 > MAX_DEPTH {
            return Err(de::Error::custom(too_deep()));
        }
        deserializer.deserialize_any(TreeVisitor(self.0))
    }
}

struct TreeVisitor(usize);

impl TreeVisitor {
    fn inner(&self) -> TreeSeed {
        TreeSeed(self.0 + 1)
    }
}

impl<'de> Visitor<'de> for TreeVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    #[allow(clippy::cast_precision_loss)] // beyond 64 bits, as JSON readers do
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(float(v as f64))
    }

    #[allow(clippy::cast_precision_loss)] // beyond 64 bits, as JSON readers do
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(float(v as f64))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(float(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        TreeSeed(self.0).deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self.inner())? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key_seed(self.inner())? {
            let value = map.next_value_seed(self.inner())?;
            let key = match key {
                Value::String(s) => s,
                Value::Null => "null".to_owned(),
                Value::Bool(_) | Value::Number(_) => key.to_string(),
                Value::Array(_) | Value::Object(_) => {
                    return Err(de::Error::custom("a mapping key must be a plain value"));
                }
            };
            if object.contains_key(&key) {
                return Err(de::Error::custom(format!("duplicate key `{key}`")));
            }
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

fn float(v: f64) -> Value {
    Number::from_f64(v).map_or(Value::Null, Value::Number)
}

fn check_version(tree: &Value) -> Result<(), Vec<Diagnostic>> {
    let Some(object) = tree.as_object() else {
        return Err(vec![
            Diagnostic::error("#", "the document is not an object")
                .with_hint("an OpenAPI document is a mapping with `openapi`, `info` and `paths`"),
        ]);
    };
    match object.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0") || v.starts_with("3.1") || v.starts_with("3.2") => Ok(()),
        Some(v) => Err(vec![
            Diagnostic::error("#/openapi", format!("unsupported OpenAPI version `{v}`"))
                .with_hint("this generator reads OpenAPI 3.0.x, 3.1.x and 3.2.x documents"),
        ]),
        None if object.contains_key("swagger") => Err(vec![
            Diagnostic::error("#/swagger", "Swagger 2.0 documents are not supported")
                .with_hint("convert the document to OpenAPI 3.0 first"),
        ]),
        None => Err(vec![
            Diagnostic::error("#/openapi", "missing or non-string `openapi` version field")
                .with_hint("start the document with `openapi: 3.0.3`"),
        ]),
    }
}

fn typed(tree: &Value) -> Result<OpenAPI, Diagnostic> {
    // plain first: tracking the path costs time, and is only needed to say
    // where a failure is (a part that failed would fail read whole too)
    match typed_in_halves(tree) {
        Some(Ok(api)) => return Ok(api),
        Some(Err(_)) => {}
        None => {
            if let Ok(api) = OpenAPI::deserialize(tree) {
                return Ok(api);
            }
        }
    }
    serde_path_to_error::deserialize(tree).map_err(|e| {
        let pointer = path_pointer(e.path());
        let (pointer, message) = narrow(tree, pointer, e.inner().to_string());
        Diagnostic::error(pointer, format!("not a valid OpenAPI object: {message}"))
            .with_hint("compare this part of the document with the OpenAPI 3.0 specification")
    })
}

/// The document read as `OpenAPI` with its `components` on a second
/// thread while this one reads the `paths` and the rest. Read whole, the
/// `OpenAPI` type (its extensions are `flatten`ed) first copies the entire
/// document into serde's buffer; in parts, only the small rest is copied.
/// `None` when the document has no `paths` and `components` objects (or no
/// thread can be made), to be read whole.
fn typed_in_halves(tree: &Value) -> Option<serde_json::Result<OpenAPI>> {
    let object = tree.as_object()?;
    let (Some(paths @ Value::Object(_)), Some(components @ Value::Object(_))) =
        (object.get("paths"), object.get("components"))
    else {
        return None;
    };
    std::thread::scope(|scope| {
        let components = crate::spawn_scoped(scope, || Components::deserialize(components)).ok()?;
        let paths = Paths::deserialize(paths);
        // the rest, with an empty `paths` in place of the one read above
        let mut rest: Map<String, Value> = (object.iter())
            .filter(|(key, _)| !matches!(key.as_str(), "paths" | "components"))
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        rest.insert("paths".to_owned(), Value::Object(Map::new()));
        let rest = OpenAPI::deserialize(Value::Object(rest));
        let components = components.join().ok()?;
        Some(rest.and_then(|mut api| {
            api.paths = paths?;
            api.components = Some(components?);
            Ok(api)
        }))
    })
}

/// serde loses the path inside untagged and flattened types (a schema, a
/// path item): the place it names can be far above the problem. This tries
/// the objects below it one by one, as what they should be, and returns the
/// deepest one that fails, with its own message.
fn narrow(tree: &Value, mut pointer: Pointer, mut message: String) -> (Pointer, String) {
    for _ in 0..64 {
        let Some(value) = tree.pointer(pointer.as_str().trim_start_matches('#')) else {
            break;
        };
        let Some(deeper) = failing_child(&pointer, value) else {
            break;
        };
        pointer = deeper.0;
        message = deeper.1;
    }
    (pointer, message)
}

/// The first child of `value` (at `at`) that does not read as the object
/// its place calls for, with the error.
fn failing_child(at: &Pointer, value: &Value) -> Option<(Pointer, String)> {
    let segments: Vec<&str> = at.as_str().split('/').skip(1).collect();
    let list_expected = match segments.as_slice() {
        [.., "components", "parameters"] => false,
        [.., "parameters" | "allOf" | "oneOf" | "anyOf"] => true,
        _ => false,
    };
    if list_expected && !value.is_array() {
        return None; // the list itself is wrong, and that is what serde said
    }
    let children: Vec<(String, &Value)> = match value {
        Value::Object(object) => object.iter().map(|(k, v)| (k.clone(), v)).collect(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v))
            .collect(),
        _ => return None,
    };
    children.into_iter().find_map(|(key, child)| {
        let check = child_kind(&segments, &key)?;
        check(child).err().map(|e| (at.join(&key), e))
    })
}

type Check = fn(&Value) -> Result<(), String>;

fn check<T: serde::de::DeserializeOwned>(value: &Value) -> Result<(), String> {
    serde_json::from_value::<T>(value.clone())
        .map(drop)
        .map_err(|e| e.to_string())
}

/// What the child `key` of the object at `segments` must be, where that is known.
fn child_kind(segments: &[&str], key: &str) -> Option<Check> {
    use openapiv3::{Operation, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema};
    let parent = segments.last().copied();
    let grandparent = segments
        .len()
        .checked_sub(2)
        .and_then(|i| segments.get(i))
        .copied();
    Some(match (grandparent, parent, key) {
        (_, Some("paths"), _) => check::<PathItem>,
        (Some("paths"), _, method) if is_method(method) => check::<Operation>,
        (_, Some("parameters"), _) => check::<ReferenceOr<Parameter>>,
        (_, Some("responses"), _) => check::<ReferenceOr<Response>>,
        (_, _, "requestBody") => check::<ReferenceOr<RequestBody>>,
        (Some(path), Some(method), "parameters") if path != "components" && is_method(method) => {
            check::<Vec<ReferenceOr<Parameter>>>
        }
        (Some(path), Some(method), "responses") if path != "components" && is_method(method) => {
            check::<openapiv3::Responses>
        }
        (_, Some("schemas" | "properties"), _) => check::<ReferenceOr<Schema>>,
        (_, _, "schema" | "items" | "additionalProperties" | "not") => check::<ReferenceOr<Schema>>,
        (_, Some("allOf" | "oneOf" | "anyOf"), _) => check::<ReferenceOr<Schema>>,
        (_, Some("components"), "schemas" | "parameters" | "responses" | "requestBodies") => {
            return None;
        }
        (
            _,
            _,
            "properties" | "allOf" | "oneOf" | "anyOf" | "parameters" | "responses" | "content",
        ) => {
            return None;
        }
        _ => return None,
    })
}

fn is_method(key: &str) -> bool {
    HttpMethod::from_key(key).is_some()
}

fn path_pointer(path: &serde_path_to_error::Path) -> Pointer {
    use serde_path_to_error::Segment;
    path.iter()
        .fold(Pointer::root(), |pointer, segment| match segment {
            Segment::Seq { index } => pointer.join(index),
            Segment::Map { key } => pointer.join(key),
            Segment::Enum { .. } | Segment::Unknown => pointer,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_read_in_halves_is_the_document_read_whole() {
        let text = concat!(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nx-top: 1\n",
            "tags: [{name: a}]\npaths:\n  x-paths: 2\n  /a:\n    get:\n",
            "      responses: {'200': {description: ok}}\n",
            "components:\n  x-components: 3\n  schemas:\n    A: {type: string}\n",
        );
        let tree = parse_tree(text).unwrap();
        let halves = typed_in_halves(&tree)
            .expect("in halves")
            .expect("both halves read");
        assert_eq!(halves, OpenAPI::deserialize(&tree).unwrap());
        assert_eq!(halves.extensions.len(), 1);
        assert_eq!(halves.paths.extensions.len(), 1);
    }

    #[test]
    fn a_part_that_does_not_read_leaves_the_document_to_be_read_whole() {
        let no_components =
            parse_tree("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n");
        assert!(typed_in_halves(&no_components.unwrap()).is_none());
        let bad_schema = concat!(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n",
            "components: {schemas: {A: {type: 7}}}\n",
        );
        let tree = parse_tree(bad_schema).unwrap();
        assert!(typed_in_halves(&tree).expect("in halves").is_err());
        assert!(
            typed(&tree)
                .unwrap_err()
                .message
                .contains("not a valid OpenAPI object")
        );
    }

    #[test]
    fn integer_response_codes_become_string_keys() {
        let tree = parse_tree("a:\n  200: ok\n").unwrap();
        assert_eq!(tree["a"]["200"], "ok");
    }

    #[test]
    fn integers_beyond_64_bits_load_as_floats() {
        let tree = parse_tree("m: -9223372036854775809\n").unwrap();
        assert!(tree["m"].is_f64());
    }

    #[test]
    fn yaml_errors_name_the_position() {
        let err = parse_tree("a: [1, 2\n").unwrap_err();
        assert!(err.message.contains("line"), "{}", err.message);
    }

    #[test]
    fn swagger_2_is_refused_with_a_hint() {
        let errs = load("swagger: '2.0'\n", None).unwrap_err();
        assert_eq!(errs[0].pointer, "#/swagger");
    }
}
