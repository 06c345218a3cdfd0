//! An example of a JSON body, from the document: the media type's own
//! `example` (or first `examples` entry), or else one composed from its
//! schema: each schema's `example`, `default` or first `enum` value, objects
//! from their properties, arrays of one item, and a plain value of the type
//! where nothing is given. The `test-util` mock offers it as an answer.
//! Also every example a media type gives, with where it is, for the
//! example tests (`example_checks`).

use openapiv3::{MediaType, ReferenceOr};
use serde_json::{Map, Value};

use super::resolve::Resolver;
use crate::diagnostics::Pointer;

/// How deep a composed example goes: a bound for safety only, since
/// references are never followed round a cycle (deeper schemas are left
/// out, or `null` when required).
const MAX_DEPTH: usize = 64;

/// The example of a body of `content`, if one can be found or made.
pub fn of_media(resolver: &Resolver<'_>, content: &MediaType) -> Option<Value> {
    if let Some((_, example)) = given(resolver, content, &Pointer::root())
        .into_iter()
        .next()
    {
        return Some(example);
    }
    let schema = match content.schema.as_ref()? {
        ReferenceOr::Reference { reference } => {
            let mut object = Map::new();
            object.insert("$ref".to_owned(), Value::String(reference.clone()));
            Value::Object(object)
        }
        ReferenceOr::Item(schema) => serde_json::to_value(schema).ok()?,
    };
    Composer {
        resolver,
        refs: Vec::new(),
    }
    .compose(&schema, 0)
}

/// Every example the media type at `at` gives, with where it is: its own
/// `example`, then each entry of `examples` that has a `value` (one that is
/// a reference is where the reference points).
pub fn given(resolver: &Resolver<'_>, content: &MediaType, at: &Pointer) -> Vec<(Pointer, Value)> {
    let own = (content.example.iter()).map(|example| (at.join("example"), example.clone()));
    let listed = content.examples.iter().filter_map(|(name, example)| {
        let place = match example {
            ReferenceOr::Reference { reference } => Pointer::from_ref(reference),
            ReferenceOr::Item(_) => at.join("examples").join(name),
        };
        let value = resolver.deref(example).ok()?.value.clone()?;
        Some((place.join("value"), value))
    });
    own.chain(listed).collect()
}

/// Composes examples from schemas, following references (never round a
/// cycle).
struct Composer<'r, 'a> {
    resolver: &'r Resolver<'a>,
    /// The references being composed, outermost first.
    refs: Vec<String>,
}

impl Composer<'_, '_> {
    fn compose(&mut self, schema: &Value, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            if self.refs.iter().any(|r| r == reference) {
                return None;
            }
            let target = self.resolver.value(reference).ok()?;
            self.refs.push(reference.to_owned());
            let example = self.compose(target, depth + 1);
            self.refs.pop();
            return example;
        }
        for key in ["example", "default"] {
            if let Some(value) = schema.get(key) {
                return Some(value.clone());
            }
        }
        if let Some(first) = schema
            .get("enum")
            .and_then(Value::as_array)
            .and_then(|e| e.first())
        {
            return Some(first.clone());
        }
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            return self.all_of(schema, parts, depth);
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(alternatives) = schema.get(key).and_then(Value::as_array) {
                return alternatives.iter().find_map(|a| self.compose(a, depth + 1));
            }
        }
        let kind = schema.get("type").and_then(Value::as_str);
        if kind == Some("object") || schema.get("properties").is_some() {
            return Some(self.object(schema, depth));
        }
        Some(match kind? {
            "array" => Value::Array(
                schema
                    .get("items")
                    .and_then(|items| self.compose(items, depth + 1))
                    .into_iter()
                    .collect(),
            ),
            "string" => Value::String(
                match schema.get("format").and_then(Value::as_str) {
                    Some("date-time") => "1970-01-01T00:00:00Z",
                    Some("date") => "1970-01-01",
                    _ => "string",
                }
                .to_owned(),
            ),
            "integer" | "number" => Value::from(0),
            "boolean" => Value::Bool(false),
            _ => return None,
        })
    }

    /// An object: each property that has or makes an example; a required
    /// or nullable one that makes none (a schema of any value, say) is
    /// `null`.
    fn object(&mut self, schema: &Value, depth: usize) -> Value {
        let mut object = Map::new();
        let required = schema.get("required").and_then(Value::as_array);
        let properties = schema.get("properties").and_then(Value::as_object);
        for (name, property) in properties.into_iter().flatten() {
            let example = self.compose(property, depth + 1).or_else(|| {
                let nullable = property.get("nullable").and_then(Value::as_bool);
                let required = required.is_some_and(|r| r.iter().any(|n| n == name.as_str()));
                (required || nullable.unwrap_or(false)).then_some(Value::Null)
            });
            if let Some(example) = example {
                object.insert(name.clone(), example);
            }
        }
        Value::Object(object)
    }

    /// The examples of `allOf`'s parts merged (objects), or the first
    /// part's (anything else); the schema's own properties on top.
    fn all_of(&mut self, schema: &Value, parts: &[Value], depth: usize) -> Option<Value> {
        let mut merged: Option<Value> = None;
        for part in parts {
            let Some(example) = self.compose(part, depth + 1) else {
                continue;
            };
            match (&mut merged, example) {
                (Some(Value::Object(into)), Value::Object(from)) => into.extend(from),
                (None, example) => merged = Some(example),
                _ => {}
            }
        }
        if schema.get("properties").is_some() {
            if let (Some(Value::Object(into)), Value::Object(own)) =
                (&mut merged, self.object(schema, depth))
            {
                into.extend(own);
            }
        }
        merged
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn example(tree: &Value, media: Value) -> Option<Value> {
        let media: MediaType = serde_json::from_value(media).expect("a media type");
        of_media(&Resolver::new(tree), &media)
    }

    #[test]
    fn the_media_types_own_example_wins_then_its_first_examples_entry() {
        let tree = json!({});
        let schema = json!({"type": "string", "example": "from the schema"});
        let own = json!({"schema": schema, "example": "own", "examples": {"a": {"value": "a"}}});
        assert_eq!(example(&tree, own), Some(json!("own")));
        let listed = json!({"schema": schema, "examples": {"a": {"value": "a"}}});
        assert_eq!(example(&tree, listed), Some(json!("a")));
        assert_eq!(
            example(&tree, json!({"schema": schema})),
            Some(json!("from the schema"))
        );
    }

    #[test]
    fn objects_are_composed_through_refs_all_of_enums_and_cycles() {
        let tree = json!({"components": {"schemas": {
            "Node": {"type": "object", "required": ["id"], "properties": {
                "id": {"type": "integer"},
                "kind": {"type": "string", "enum": ["leaf", "branch"]},
                "at": {"type": "string", "format": "date-time"},
                "parent": {"$ref": "#/components/schemas/Node"},
                "note": {"type": "string", "nullable": true, "maxLength": 3},
                "tags": {"type": "array", "items": {"type": "string", "example": "t"}},
                "base": {"allOf": [
                    {"type": "object", "properties": {"a": {"type": "boolean"}}},
                    {"type": "object", "properties": {"b": {"example": 2}}}
                ]}
            }}
        }}});
        let got = example(
            &tree,
            json!({"schema": {"$ref": "#/components/schemas/Node"}}),
        );
        // `parent` would lead round the cycle: left out
        let expected = json!({
            "id": 0, "kind": "leaf", "at": "1970-01-01T00:00:00Z",
            "note": "string", "tags": ["t"], "base": {"a": false, "b": 2}
        });
        assert_eq!(got, Some(expected));
    }
}
