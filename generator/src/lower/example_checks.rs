//! The examples the document gives, each paired with the type it must
//! decode into, for the example tests (`Config::example_tests`): the
//! `example`/`examples` of the JSON media types of request bodies and
//! success responses (recorded as operations are lowered) and of component
//! schemas. For each, the places of the properties its schema does not
//! declare, so that a test tells a dropped undeclared property from lost
//! data.

use std::collections::BTreeMap;

use openapiv3::{MediaType, ReferenceOr};
use serde_json::Value;

use super::examples;
use super::resolve::Resolver;
use super::types::TypeTable;
use crate::diagnostics::Pointer;
use crate::ir::{ExampleCheck, Ty, TypeDef, find_type};

/// How many references are followed in a row while looking for what a
/// schema declares: a bound for safety only (cycles are cut as they are met).
const MAX_REFS: usize = 64;

/// Examples found so far, by where they are (one example reached through
/// several references is checked once).
#[derive(Default)]
pub struct ExampleChecks {
    found: BTreeMap<String, ExampleCheck>,
}

impl ExampleChecks {
    /// The examples of the media type `media` of `content` at `at` (the
    /// `content` object's owner: a response or request body, where it is
    /// in the document), whose body type is `ty`.
    pub fn media(
        &mut self,
        resolver: &Resolver<'_>,
        (media, content): (&String, &MediaType),
        ty: &Ty,
        at: &Pointer,
    ) {
        let at = at.join("content").join(media);
        let schema = at.join("schema");
        for (place, value) in examples::given(resolver, content, &at) {
            self.add(resolver, place, schema.clone(), value, ty, false);
        }
    }

    /// The `example` and `examples` of every component schema, each with
    /// the component's type.
    pub fn components(
        &mut self,
        resolver: &Resolver<'_>,
        types: &mut TypeTable<'_>,
        keys: impl Iterator<Item = String>,
    ) {
        let base = Pointer::root().join("components").join("schemas");
        for key in keys {
            let schema = base.join(&key);
            let Ok(tree) = resolver.value(schema.as_str()) else {
                continue;
            };
            let mut given: Vec<(Pointer, Value)> = Vec::new();
            let listed = tree.get("examples").and_then(Value::as_array);
            // (the normaliser gives a schema with an `examples` list its
            // first as `example`: that one is checked once, as listed)
            let first = listed.and_then(|listed| listed.first());
            if let Some(example) = tree.get("example").filter(|e| Some(*e) != first) {
                given.push((schema.join("example"), example.clone()));
            }
            if let Some(listed) = listed {
                let listed = listed.iter().enumerate();
                given.extend(listed.map(|(i, v)| (schema.join("examples").join(i), v.clone())));
            }
            if given.is_empty() {
                continue;
            }
            let reference = ReferenceOr::Reference {
                reference: schema.as_str().to_owned(),
            };
            let lowered = types.lower(&reference, &key, &schema);
            for (place, value) in given {
                self.add(
                    resolver,
                    place,
                    schema.clone(),
                    value,
                    &lowered.ty,
                    lowered.nullable,
                );
            }
        }
    }

    fn add(
        &mut self,
        resolver: &Resolver<'_>,
        at: Pointer,
        schema: Pointer,
        value: Value,
        ty: &Ty,
        nullable: bool,
    ) {
        // a user's type is theirs to test, a file is no JSON, and any JSON
        // value round-trips as it is
        let skipped = |ty: &Ty| matches!(ty, Ty::Custom(_) | Ty::File);
        if ty.holds(&skipped) || *ty == Ty::Json {
            return;
        }
        let mut undeclared = Vec::new();
        if let Ok(tree) = resolver.value(schema.as_str()) {
            Declared { resolver }.undeclared(&[tree], &value, "", &mut undeclared);
        }
        self.found.insert(
            at.as_str().to_owned(),
            ExampleCheck {
                at,
                schema,
                value,
                ty: ty.clone(),
                nullable,
                undeclared,
            },
        );
    }

    /// Adds the examples `other` found.
    pub fn extend(&mut self, other: Self) {
        self.found.extend(other.found);
    }

    /// Calls `visit` on the type of every example found, so that it can
    /// rewrite it (to the type a shared shape became).
    pub fn for_each_ty_mut(&mut self, visit: &mut dyn FnMut(&mut Ty)) {
        for check in self.found.values_mut() {
            check.ty.for_each_mut(visit);
        }
    }

    /// The examples whose types are all among `types` (sorted by name:
    /// an operation filter may have pruned the others), by pointer.
    pub fn finish(self, types: &[TypeDef]) -> Vec<ExampleCheck> {
        let known = |ty: &Ty| matches!(ty, Ty::Named(name) if find_type(types, name).is_none());
        (self.found.into_values())
            .filter(|check| !check.ty.holds(&known))
            .collect()
    }
}

/// What a schema declares of a value: its properties (through references,
/// `allOf` parts and the alternatives of `oneOf`/`anyOf` the value may be
/// of, any of which declares what it lists), `additionalProperties`
/// schemas, and free-form objects.
struct Declared<'r, 'a> {
    resolver: &'r Resolver<'a>,
}

impl<'a> Declared<'_, 'a> {
    /// Adds to `out` the places under `path` in `value` of the properties
    /// none of `schemas` declares.
    fn undeclared(&self, schemas: &[&'a Value], value: &Value, path: &str, out: &mut Vec<String>) {
        let mut facets = Vec::new();
        for schema in schemas {
            self.facets(schema, value, &mut Vec::new(), &mut facets);
        }
        match value {
            Value::Object(object) => {
                for (key, item) in object {
                    let place = format!("{path}/{}", key.replace('~', "~0").replace('/', "~1"));
                    match declaring(&facets, key) {
                        Some(children) => self.undeclared(&children, item, &place, out),
                        None => out.push(place),
                    }
                }
            }
            Value::Array(items) => {
                let children: Vec<&Value> = facets.iter().filter_map(|f| f.get("items")).collect();
                for (i, item) in items.iter().enumerate() {
                    self.undeclared(&children, item, &format!("{path}/{i}"), out);
                }
            }
            _ => {}
        }
    }

    /// `schema` and every schema it is made of (`$ref` targets, `allOf`
    /// parts, and the `oneOf` and `anyOf` members `value` may be of, or
    /// all of them when it may be of none), never round a cycle of
    /// references.
    fn facets(
        &self,
        schema: &'a Value,
        value: &Value,
        refs: &mut Vec<&'a str>,
        out: &mut Vec<&'a Value>,
    ) {
        if self.via_reference(schema, refs, |target, refs| {
            self.facets(target, value, refs, out);
        }) {
            return;
        }
        out.push(schema);
        for part in members(schema, "allOf") {
            self.facets(part, value, refs, out);
        }
        for key in ["oneOf", "anyOf"] {
            let alternatives: Vec<&Value> = members(schema, key).collect();
            let possible: Vec<&Value> = (alternatives.iter().copied())
                .filter(|alternative| self.may_be(alternative, value))
                .collect();
            let members = if possible.is_empty() {
                alternatives
            } else {
                possible
            };
            for part in members {
                self.facets(part, value, refs, out);
            }
        }
    }

    /// Whether `value` may be of `schema` as far as kinds tell, one level
    /// deep: the `type` of the schema and of every part it merges
    /// (references and `allOf`), the required properties present, and the
    /// `type` of each property the value has that a part declares. So an
    /// alternative that declares a property as a list declares nothing of
    /// a value holding an object there: the value is of another
    /// alternative, for which the property is undeclared.
    fn may_be(&self, schema: &'a Value, value: &Value) -> bool {
        let mut parts = Vec::new();
        self.merged_parts(schema, &mut Vec::new(), &mut parts);
        parts.iter().all(|part| {
            let properties = part.get("properties").and_then(Value::as_object);
            let required = members(part, "required").filter_map(Value::as_str);
            kind_allows(part, value)
                && value.as_object().is_none_or(|object| {
                    required.into_iter().all(|name| object.contains_key(name))
                        && object.iter().all(|(key, item)| {
                            let declared = properties.and_then(|p| p.get(key));
                            declared.is_none_or(|property| {
                                let mut facets = Vec::new();
                                self.merged_parts(property, &mut Vec::new(), &mut facets);
                                facets.iter().all(|facet| kind_allows(facet, item))
                            })
                        })
                })
        })
    }

    /// `schema` and the parts it merges (`$ref` targets and `allOf`), not
    /// the alternatives of its unions.
    fn merged_parts(&self, schema: &'a Value, refs: &mut Vec<&'a str>, out: &mut Vec<&'a Value>) {
        if self.via_reference(schema, refs, |target, refs| {
            self.merged_parts(target, refs, out);
        }) {
            return;
        }
        out.push(schema);
        for part in members(schema, "allOf") {
            self.merged_parts(part, refs, out);
        }
    }

    /// Whether `schema` is a `$ref`; if so, `then` is called on its target
    /// with the reference added to `refs`, unless that would go round a
    /// cycle of references or past [`MAX_REFS`] of them (or the target
    /// cannot be had).
    fn via_reference(
        &self,
        schema: &'a Value,
        refs: &mut Vec<&'a str>,
        then: impl FnOnce(&'a Value, &mut Vec<&'a str>),
    ) -> bool {
        let Some(reference) = schema.get("$ref").and_then(Value::as_str) else {
            return false;
        };
        if refs.contains(&reference) || refs.len() >= MAX_REFS {
            return true;
        }
        if let Ok(target) = self.resolver.value(reference) {
            refs.push(reference);
            then(target, refs);
            refs.pop();
        }
        true
    }
}

/// The members of the list `key` of `schema` (`allOf`, `required`, ...).
fn members<'a>(schema: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> {
    schema
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

/// Whether the `type` of `schema`, if it names one, allows `value` (an
/// integer is a number too, and a number without a fraction an integer;
/// `null` needs `nullable`).
fn kind_allows(schema: &Value, value: &Value) -> bool {
    let Some(kind) = schema.get("type").and_then(Value::as_str) else {
        return true;
    };
    match value {
        Value::Null => schema.get("nullable") == Some(&Value::Bool(true)),
        Value::Bool(_) => kind == "boolean",
        Value::Number(n) => {
            kind == "number" || (kind == "integer" && n.as_f64().is_some_and(|f| f.fract() == 0.0))
        }
        Value::String(_) => kind == "string",
        Value::Array(_) => kind == "array",
        Value::Object(_) => kind == "object",
    }
}

/// The schemas of property `key` among `facets`, or `None` when none of
/// them declares it: not a listed property, no `additionalProperties`
/// schema, and not a free-form object (no facet lists properties or
/// forbids others).
fn declaring<'a>(facets: &[&'a Value], key: &str) -> Option<Vec<&'a Value>> {
    let listed: Vec<&Value> = (facets.iter())
        .filter_map(|f| f.get("properties").and_then(|p| p.get(key)))
        .collect();
    if !listed.is_empty() {
        return Some(listed);
    }
    let additional: Vec<&Value> = (facets.iter())
        .filter_map(|f| f.get("additionalProperties").filter(|a| a.is_object()))
        .collect();
    if !additional.is_empty() {
        return Some(additional);
    }
    let lists = facets.iter().any(|f| f.get("properties").is_some());
    let closed =
        (facets.iter()).any(|f| f.get("additionalProperties") == Some(&Value::Bool(false)));
    (!lists && !closed).then(Vec::new)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn undeclared(tree: &Value, schema: &Value, value: &Value) -> Vec<String> {
        let resolver = Resolver::new(tree);
        let mut out = Vec::new();
        Declared {
            resolver: &resolver,
        }
        .undeclared(&[schema], value, "", &mut out);
        out
    }

    #[test]
    fn properties_of_every_part_and_alternative_are_declared() {
        let tree = json!({"components": {"schemas": {
            "Base": {"type": "object", "properties": {"id": {"type": "integer"}}},
            "Card": {"type": "object", "properties": {"number": {"type": "string"}}},
            "Bank": {"type": "object", "properties": {"iban": {"type": "string"}}},
            "Payment": {"allOf": [{"$ref": "#/components/schemas/Base"}, {
                "type": "object",
                "properties": {"method": {"oneOf": [
                    {"$ref": "#/components/schemas/Card"},
                    {"$ref": "#/components/schemas/Bank"}
                ]}}
            }]}
        }}});
        let schema = json!({"$ref": "#/components/schemas/Payment"});
        let value = json!({"id": 1, "extra": true, "method": {"iban": "x", "bic": "y"}});
        assert_eq!(
            undeclared(&tree, &schema, &value),
            ["/extra", "/method/bic"]
        );
    }

    #[test]
    fn arrays_maps_free_form_and_closed_objects() {
        let tree = json!({});
        let schema = json!({"type": "object", "properties": {
            "list": {"type": "array", "items": {"properties": {"a/b": {}}}},
            "map": {"additionalProperties": {"properties": {"x": {}}}},
            "free": {"type": "object"},
            "closed": {"type": "object", "additionalProperties": false}
        }});
        let value = json!({
            "list": [{"a/b": 1, "c": 2}],
            "map": {"any": {"x": 1, "y": 2}},
            "free": {"anything": {"goes": 1}},
            "closed": {"no": 1}
        });
        assert_eq!(
            undeclared(&tree, &schema, &value),
            ["/list/0/c", "/map/any/y", "/closed/no"]
        );
    }

    /// PagerDuty's related incidents: the value's `dependent_services` is
    /// an object, which the only alternative declaring it holds as a list;
    /// the value is of the other alternative, which declares no such
    /// property. A value of no alternative keeps what they all declare.
    #[test]
    fn alternatives_the_value_cannot_be_of_declare_nothing() {
        let tree = json!({"components": {"schemas": {
            "Learned": {"type": "object", "properties": {"grouping": {"type": "string"}}},
            "Dependency": {"type": "object", "properties": {
                "dependent_services": {"type": "array", "items": {"type": "object"}}
            }},
            "Metadata": {"anyOf": [
                {"$ref": "#/components/schemas/Learned"},
                {"$ref": "#/components/schemas/Dependency"}
            ]},
            "Required": {"oneOf": [
                {"type": "object", "required": ["a"], "properties": {"a": {}, "b": {}}},
                {"type": "object", "properties": {"c": {}}}
            ]}
        }}});
        let metadata = json!({"$ref": "#/components/schemas/Metadata"});
        let object = json!({"dependent_services": {"id": "P1"}});
        assert_eq!(
            undeclared(&tree, &metadata, &object),
            ["/dependent_services"]
        );
        let list = json!({"dependent_services": [{"id": "P1"}]});
        assert!(undeclared(&tree, &metadata, &list).is_empty());
        // without its required `a`, the value is of the second alternative
        let required = json!({"$ref": "#/components/schemas/Required"});
        assert_eq!(
            undeclared(&tree, &required, &json!({"b": 1, "c": 2})),
            ["/b"]
        );
        // of none: every alternative declares what it lists
        let none =
            json!({"oneOf": [{"type": "string"}, {"type": "integer", "properties": {"x": {}}}]});
        assert!(undeclared(&tree, &none, &json!({"x": 1})).is_empty());
    }

    #[test]
    fn a_cycle_of_references_ends() {
        let tree = json!({"components": {"schemas": {
            "A": {"allOf": [{"$ref": "#/components/schemas/A"}], "properties": {"a": {}}}
        }}});
        let schema = json!({"$ref": "#/components/schemas/A"});
        assert_eq!(undeclared(&tree, &schema, &json!({"a": 1, "b": 2})), ["/b"]);
    }
}
