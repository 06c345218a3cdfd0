//! Structure-aware mutation of real documents: the input bytes choose one of
//! the corpus documents (read once from `FUZZ_BASE_DOCS`) and a series of
//! edits to its schemas (copies, `$ref`s to any component, `allOf` / `oneOf`
//! / `anyOf` wrappers, recursive properties, items and maps, type and keyword
//! changes, boolean schemas, deletions), so that every mutation is a
//! plausible document that reaches lowering and emission. The generator must
//! not panic, overflow the stack or hang on any of them.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value, json};

/// Where the base documents are read from, unless `FUZZ_BASE_DOCS` says.
const DEFAULT_BASE_DOCS: &str = "/work/shared/specs/corpus";
/// Documents larger than this (bytes; `FUZZ_MAX_BASE_BYTES`) are left out,
/// so that one execution stays well under a second.
const DEFAULT_MAX_BASE_BYTES: u64 = 100_000;
/// At most this many edits are applied to one document.
const MAX_EDITS: u8 = 12;

/// One base document and the places of its schemas.
struct Base {
    document: Value,
    /// JSON pointers of every schema found in the document.
    schemas: Vec<String>,
    /// The names under `components/schemas`.
    components: Vec<String>,
}

fuzz_target!(|data: &[u8]| {
    let bases = bases();
    let mut input = Unstructured::new(data);
    let Ok(base) = input.choose(bases) else {
        return;
    };
    let mut document = base.document.clone();
    let edits = input.int_in_range(1..=MAX_EDITS).unwrap_or(1);
    for _ in 0..edits {
        if edit(&mut document, base, &mut input).is_err() {
            break;
        }
    }
    let Ok(text) = serde_json::to_string(&document) else {
        return;
    };
    let _ = openapi_codegen::Config::new().generate(&text);
});

fn bases() -> &'static [Base] {
    static BASES: OnceLock<Vec<Base>> = OnceLock::new();
    BASES.get_or_init(|| {
        let folder = std::env::var("FUZZ_BASE_DOCS").unwrap_or_else(|_| DEFAULT_BASE_DOCS.into());
        let max_bytes = std::env::var("FUZZ_MAX_BASE_BYTES")
            .ok()
            .and_then(|text| text.parse().ok())
            .unwrap_or(DEFAULT_MAX_BASE_BYTES);
        let mut bases = Vec::new();
        read_bases(Path::new(&folder), max_bytes, &mut bases);
        assert!(!bases.is_empty(), "no base documents under {folder} (set FUZZ_BASE_DOCS)");
        eprintln!("mutate_schemas: {} base documents from {folder}", bases.len());
        bases
    })
}

fn read_bases(folder: &Path, max_bytes: u64, bases: &mut Vec<Base>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(|entry| entry.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            read_bases(&path, max_bytes, bases);
            continue;
        }
        let is_document = path
            .extension()
            .is_some_and(|ext| ext == "yaml" || ext == "yml" || ext == "json");
        let small = path.metadata().is_ok_and(|meta| meta.len() <= max_bytes);
        if !(is_document && small) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(document) = serde_yaml::from_str::<Value>(&text) else {
            continue;
        };
        if document.get("openapi").is_none() {
            continue;
        }
        let mut schemas = Vec::new();
        find_schemas_anywhere(&document, String::new(), &mut schemas);
        let components = document
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .map(|map| map.keys().cloned().collect())
            .unwrap_or_default();
        bases.push(Base { document, schemas, components });
    }
}

/// Finds the schemas of a document: under `components/schemas` and every
/// `schema` member (parameters, media types, headers), skipping data.
fn find_schemas_anywhere(value: &Value, pointer: String, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let place = format!("{pointer}/{}", escape(key));
                if key == "example" || key == "examples" {
                    continue;
                } else if key == "schema" {
                    find_schemas_within(child, place, found);
                } else if key == "schemas" && pointer == "/components" {
                    for (name, schema) in child.as_object().into_iter().flatten() {
                        find_schemas_within(schema, format!("{place}/{}", escape(name)), found);
                    }
                } else {
                    find_schemas_anywhere(child, place, found);
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                find_schemas_anywhere(item, format!("{pointer}/{index}"), found);
            }
        }
        _ => {}
    }
}

/// Records a schema and the schemas inside it.
fn find_schemas_within(schema: &Value, pointer: String, found: &mut Vec<String>) {
    let Some(map) = schema.as_object() else {
        return;
    };
    found.push(pointer.clone());
    for (key, child) in map {
        let place = format!("{pointer}/{}", escape(key));
        match key.as_str() {
            "properties" => {
                for (name, property) in child.as_object().into_iter().flatten() {
                    find_schemas_within(property, format!("{place}/{}", escape(name)), found);
                }
            }
            "items" | "additionalProperties" | "not" => find_schemas_within(child, place, found),
            "allOf" | "oneOf" | "anyOf" => {
                for (index, part) in child.as_array().into_iter().flatten().enumerate() {
                    find_schemas_within(part, format!("{place}/{index}"), found);
                }
            }
            _ => {}
        }
    }
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Applies one edit chosen by the input; a pointer that an earlier edit made
/// stale is skipped.
fn edit(document: &mut Value, base: &Base, input: &mut Unstructured) -> Result<()> {
    let Ok(target) = input.choose(&base.schemas) else {
        return Ok(());
    };
    let replacement = match input.int_in_range(0..=10u8)? {
        0 => {
            let source = input.choose(&base.schemas)?;
            document.pointer(source).cloned()
        }
        1 => Some(reference(base, input)?),
        2 => {
            let old = document.pointer(target).cloned().unwrap_or(Value::Bool(true));
            Some(wrapped(old, base, input)?)
        }
        3 => return add_property(document, target, base, input),
        4 => {
            let key = *input.choose(&["items", "additionalProperties", "not"])?;
            let child = nested_schema(base, input)?;
            return set_member(document, target, key, child);
        }
        5 => return set_member(document, target, "type", type_value(input)?),
        6 => {
            let (key, value) = keyword(base, input)?;
            return set_member(document, target, key, value);
        }
        7 => Some(Value::Bool(input.arbitrary()?)),
        8 => return delete_member(document, target, input),
        9 => {
            // A component that refers to itself through a combination.
            let name = input.choose(&base.components)?;
            let pointer = format!("/components/schemas/{}", escape(name));
            let old = document.pointer(&pointer).cloned().unwrap_or(Value::Bool(true));
            let combinator = *input.choose(&["allOf", "oneOf", "anyOf"])?;
            let cycle = json!({ combinator: [component_ref(name), old] });
            return replace(document, &pointer, cycle);
        }
        _ => Some(json!({ "type": "array", "items": nested_schema(base, input)? })),
    };
    match replacement {
        Some(value) => replace(document, target, value),
        None => Ok(()),
    }
}

fn replace(document: &mut Value, pointer: &str, value: Value) -> Result<()> {
    if let Some(slot) = document.pointer_mut(pointer) {
        *slot = value;
    }
    Ok(())
}

fn set_member(document: &mut Value, pointer: &str, key: &str, value: Value) -> Result<()> {
    if let Some(Value::Object(map)) = document.pointer_mut(pointer) {
        map.insert(key.to_owned(), value);
    }
    Ok(())
}

fn delete_member(document: &mut Value, pointer: &str, input: &mut Unstructured) -> Result<()> {
    if let Some(Value::Object(map)) = document.pointer_mut(pointer) {
        if map.is_empty() {
            return Ok(());
        }
        let index = input.choose_index(map.len())?;
        if let Some(key) = map.keys().nth(index).cloned() {
            map.shift_remove(&key);
        }
    }
    Ok(())
}

/// Adds a property (possibly required) whose schema leads to components,
/// the shape of `Node: {next: {allOf: [Node, Mixin]}}` among others.
fn add_property(document: &mut Value, pointer: &str, base: &Base, input: &mut Unstructured) -> Result<()> {
    let name = (*input.choose(&PROPERTY_NAMES)?).to_owned();
    let schema = nested_schema(base, input)?;
    let required: bool = input.arbitrary()?;
    if let Some(Value::Object(map)) = document.pointer_mut(pointer) {
        let properties = map.entry("properties").or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(properties) = properties {
            properties.insert(name.clone(), schema);
        }
        if required {
            let list = map.entry("required").or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(list) = list {
                list.push(Value::String(name));
            }
        }
    }
    Ok(())
}

/// A schema made of references: one, or a combination of two.
fn nested_schema(base: &Base, input: &mut Unstructured) -> Result<Value> {
    let first = reference(base, input)?;
    if input.arbitrary()? {
        Ok(first)
    } else {
        wrapped(first, base, input)
    }
}

/// `old` combined with a reference, sometimes with a discriminator.
fn wrapped(old: Value, base: &Base, input: &mut Unstructured) -> Result<Value> {
    let combinator = *input.choose(&["allOf", "oneOf", "anyOf"])?;
    let other = reference(base, input)?;
    let mut schema = json!({ combinator: [old, other] });
    if combinator != "allOf" && input.arbitrary()? {
        let property = *input.choose(&PROPERTY_NAMES)?;
        schema["discriminator"] = json!({ "propertyName": property });
    }
    Ok(schema)
}

fn reference(base: &Base, input: &mut Unstructured) -> Result<Value> {
    match input.choose(&base.components) {
        Ok(name) => Ok(component_ref(name)),
        Err(_) => Ok(json!({ "type": "string" })),
    }
}

fn component_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{}", escape(name)) })
}

fn type_value(input: &mut Unstructured) -> Result<Value> {
    let name = *input.choose(&["string", "integer", "number", "boolean", "object", "array", "null"])?;
    if input.arbitrary()? {
        Ok(json!([name, "null"]))
    } else {
        Ok(json!(name))
    }
}

/// A keyword and a value for it, plausible or not.
fn keyword(base: &Base, input: &mut Unstructured) -> Result<(&'static str, Value)> {
    Ok(match input.int_in_range(0..=9u8)? {
        0 => ("nullable", Value::Bool(input.arbitrary()?)),
        1 => ("format", json!(*input.choose(&FORMATS)?)),
        2 => ("enum", enum_values(input)?),
        3 => ("const", data_value(input)?),
        4 => ("default", data_value(input)?),
        5 => ("required", json!([*input.choose(&PROPERTY_NAMES)?])),
        6 => ("discriminator", json!({ "propertyName": *input.choose(&PROPERTY_NAMES)? })),
        7 => ("minimum", data_value(input)?),
        8 => ("additionalProperties", Value::Bool(input.arbitrary()?)),
        _ => ("$ref", reference(base, input)?["$ref"].clone()),
    })
}

/// Enum lists, among them the troublesome: only `null`, empty, values
/// that differ only in case, values of mixed types.
fn enum_values(input: &mut Unstructured) -> Result<Value> {
    Ok(match input.int_in_range(0..=5u8)? {
        0 => json!([null]),
        1 => json!([]),
        2 => json!(["a", "A"]),
        3 => json!(["a", null]),
        4 => json!([1, "1", true]),
        _ => json!([*input.choose(&PROPERTY_NAMES)?]),
    })
}

fn data_value(input: &mut Unstructured) -> Result<Value> {
    Ok(match input.int_in_range(0..=5u8)? {
        0 => Value::Null,
        1 => Value::Bool(input.arbitrary()?),
        2 => json!(input.arbitrary::<i64>()?),
        3 => json!(input.arbitrary::<f32>()?),
        4 => json!(*input.choose(&PROPERTY_NAMES)?),
        _ => json!([]),
    })
}

const PROPERTY_NAMES: [&str; 10] = ["type", "id", "next", "kind", "self", "Type", "r#type", "", "0", "value"];
const FORMATS: [&str; 10] = [
    "date-time", "date", "int32", "int64", "float", "double", "binary", "byte", "uuid", "unix-time-ms",
];
