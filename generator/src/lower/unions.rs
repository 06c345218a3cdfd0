//! Recognises what a `oneOf`/`anyOf` stands for before it is lowered: a
//! string enum whose values are documented one alternative at a time, objects
//! told apart by a property holding a different constant in each (a
//! discriminator the document does not declare), or objects told apart by
//! their one key (`{"explicit": {..}}` / `{"auto": {..}}`).

use indexmap::IndexMap;
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use crate::ir::TagType;

/// How many `$ref` hops between component schemas are followed when looking
/// at an alternative.
const MAX_HOPS: usize = 8;

/// Known values of a string enum split over alternatives.
pub struct StringAlternatives {
    /// Each value with the description of the alternative that lists it
    /// (when it lists only that value), in document order, without repeats.
    pub values: Vec<(String, Option<String>)>,
    /// Whether `null` is one of the values (or an alternative is nullable).
    pub nullable: bool,
}

/// The schema an alternative or property stands for, when it is inline or a
/// component schema (following references between components, and `allOf`s
/// of one part, which only wrap a schema to give it a title).
pub fn peek<'s, T: AsSchema>(
    components: &'s IndexMap<String, ReferenceOr<Schema>>,
    part: &'s ReferenceOr<T>,
) -> Option<&'s Schema> {
    let mut schema = match part {
        ReferenceOr::Item(schema) => schema.as_schema(),
        ReferenceOr::Reference { reference } => component(components, reference)?,
    };
    for _ in 0..MAX_HOPS {
        let SchemaKind::AllOf { all_of } = &schema.schema_kind else {
            return Some(schema);
        };
        schema = match all_of.as_slice() {
            [ReferenceOr::Item(only)] => only,
            [ReferenceOr::Reference { reference }] => component(components, reference)?,
            _ => return Some(schema),
        };
    }
    None
}

/// The component schema `reference` leads to.
fn component<'s>(
    components: &'s IndexMap<String, ReferenceOr<Schema>>,
    mut reference: &'s str,
) -> Option<&'s Schema> {
    for _ in 0..MAX_HOPS {
        let key = reference.strip_prefix("#/components/schemas/")?;
        if key.contains('/') {
            return None;
        }
        let key = key.replace("~1", "/").replace("~0", "~");
        match components.get(&key)? {
            ReferenceOr::Item(schema) => return Some(schema),
            ReferenceOr::Reference { reference: next } => reference = next,
        }
    }
    None
}

/// A schema, boxed or not (alternatives are `Schema`, properties `Box<Schema>`).
pub trait AsSchema {
    /// The schema itself.
    fn as_schema(&self) -> &Schema;
}

impl AsSchema for Schema {
    fn as_schema(&self) -> &Schema {
        self
    }
}

impl AsSchema for Box<Schema> {
    fn as_schema(&self) -> &Schema {
        self
    }
}

/// Alternatives that are all strings, at least one of them listing values:
/// one open string enum (a string outside the lists is its `Unknown`).
pub fn string_alternatives(parts: &[&Schema]) -> Option<StringAlternatives> {
    let mut values: Vec<(String, Option<String>)> = Vec::new();
    let mut nullable = false;
    let mut listed = false;
    for part in parts {
        let SchemaKind::Type(Type::String(string)) = &part.schema_kind else {
            return None;
        };
        nullable |= part.schema_data.nullable;
        listed |= !string.enumeration.is_empty();
        let known: Vec<&String> = string.enumeration.iter().flatten().collect();
        nullable |= known.len() < string.enumeration.len();
        let docs = match known.as_slice() {
            [_] => part
                .schema_data
                .description
                .clone()
                .or_else(|| part.schema_data.title.clone()),
            _ => None,
        };
        for value in known {
            if values.iter().all(|(v, _)| v != value) {
                values.push((value.clone(), docs.clone()));
            }
        }
    }
    listed.then_some(StringAlternatives { values, nullable })
}

/// A property every alternative of a union requires, holding constants
/// that tell the alternatives apart.
#[derive(Debug, PartialEq, Eq)]
pub struct ImpliedTag {
    /// The property's wire name.
    pub property: String,
    /// The values each alternative allows (one or more), as text.
    pub values: Vec<Vec<String>>,
    /// Whether the values are strings or integers.
    pub tag_type: TagType,
}

/// The property every alternative requires with listed values of one kind
/// (strings, or integers), no value listed by two alternatives.
pub fn implied_tag(
    components: &IndexMap<String, ReferenceOr<Schema>>,
    parts: &[&Schema],
) -> Option<ImpliedTag> {
    let (first, rest) = parts.split_first()?;
    if rest.is_empty() {
        return None;
    }
    let (candidates, _) = object_fields(first)?;
    candidates.keys().find_map(|property| {
        let listed = parts
            .iter()
            .map(|part| constants_of(components, part, property))
            .collect::<Option<Vec<(TagType, Vec<String>)>>>()?;
        let tag_type = listed.first()?.0;
        if listed.iter().any(|(kind, _)| *kind != tag_type) {
            return None;
        }
        let values: Vec<Vec<String>> = listed.into_iter().map(|(_, values)| values).collect();
        let every: Vec<String> = values.iter().flatten().cloned().collect();
        all_differ(&every).then(|| ImpliedTag {
            property: property.clone(),
            values,
            tag_type,
        })
    })
}

/// For alternatives that are each an object with one property, required,
/// those property names (when they all differ).
pub fn single_keys(parts: &[&Schema]) -> Option<Vec<String>> {
    let keys = parts
        .iter()
        .map(|part| {
            let (properties, required) = object_fields(part)?;
            let (key, _) = properties.first()?;
            (properties.len() == 1 && required.contains(key)).then(|| key.clone())
        })
        .collect::<Option<Vec<String>>>()?;
    all_differ(&keys).then_some(keys)
}

fn all_differ(values: &[String]) -> bool {
    let unique: std::collections::BTreeSet<&String> = values.iter().collect();
    unique.len() == values.len()
}

type Properties = IndexMap<String, ReferenceOr<Box<Schema>>>;

/// The properties and required names of an object schema.
fn object_fields(schema: &Schema) -> Option<(&Properties, &[String])> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => Some((&object.properties, &object.required)),
        SchemaKind::Any(any) if !any.properties.is_empty() => {
            Some((&any.properties, &any.required))
        }
        _ => None,
    }
}

/// The values `property` of `schema` may hold (as text) and their kind,
/// when it is required and a string or integer enum (of one value or a
/// few).
fn constants_of(
    components: &IndexMap<String, ReferenceOr<Schema>>,
    schema: &Schema,
    property: &str,
) -> Option<(TagType, Vec<String>)> {
    let (properties, required) = object_fields(schema)?;
    if !required.iter().any(|r| r == property) {
        return None;
    }
    let property = peek(components, properties.get(property)?)?;
    match &property.schema_kind {
        SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
            let values = string.enumeration.iter().cloned().collect::<Option<_>>()?;
            Some((TagType::String, values))
        }
        SchemaKind::Type(Type::Integer(integer)) if !integer.enumeration.is_empty() => {
            let values = integer
                .enumeration
                .iter()
                .map(|value| value.map(|n| n.to_string()))
                .collect::<Option<_>>()?;
            Some((TagType::Integer, values))
        }
        // `enum` beside other keywords (`allOf` naming the enum's component)
        SchemaKind::Any(any) if !any.enumeration.is_empty() => listed_constants(&any.enumeration),
        _ => None,
    }
}

/// The kind and text of JSON constants that are all strings or all integers.
fn listed_constants(constants: &[serde_json::Value]) -> Option<(TagType, Vec<String>)> {
    let strings: Option<Vec<String>> = constants
        .iter()
        .map(|c| c.as_str().map(str::to_owned))
        .collect();
    if let Some(strings) = strings {
        return Some((TagType::String, strings));
    }
    let integers: Option<Vec<String>> = constants
        .iter()
        .map(|c| c.as_i64().map(|n| n.to_string()))
        .collect();
    integers.map(|integers| (TagType::Integer, integers))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schemas(json: serde_json::Value) -> Vec<Schema> {
        serde_json::from_value(json).unwrap_or_default()
    }

    fn refs(schemas: &[Schema]) -> Vec<&Schema> {
        schemas.iter().collect()
    }

    #[test]
    fn strings_with_listed_values_are_one_enum() {
        let parts = schemas(serde_json::json!([
            {"type": "string", "enum": ["name_ascending"], "description": "By name"},
            {"type": "string", "enum": ["id_ascending", "name_ascending"]},
            {"type": "string", "nullable": true},
        ]));
        let found = string_alternatives(&refs(&parts)).map(|s| (s.values, s.nullable));
        assert_eq!(
            found,
            Some((
                vec![
                    ("name_ascending".to_owned(), Some("By name".to_owned())),
                    ("id_ascending".to_owned(), None),
                ],
                true
            ))
        );
    }

    #[test]
    fn strings_without_values_or_other_kinds_are_no_enum() {
        let free = schemas(serde_json::json!([{"type": "string"}, {"type": "string"}]));
        assert!(string_alternatives(&refs(&free)).is_none());
        let mixed =
            schemas(serde_json::json!([{"type": "string", "enum": ["a"]}, {"type": "integer"}]));
        assert!(string_alternatives(&refs(&mixed)).is_none());
    }

    #[test]
    fn a_required_constant_property_is_an_implied_tag() {
        let components = IndexMap::new();
        let parts = schemas(serde_json::json!([
            {"type": "object", "required": ["ip", "type"], "properties": {
                "ip": {"type": "string"}, "type": {"type": "string", "enum": ["explicit"]}}},
            {"type": "object", "required": ["type"], "properties": {
                "type": {"type": "string", "enum": ["auto"]}}},
        ]));
        assert_eq!(
            implied_tag(&components, &refs(&parts)),
            Some(ImpliedTag {
                property: "type".to_owned(),
                values: vec![vec!["explicit".to_owned()], vec!["auto".to_owned()]],
                tag_type: TagType::String,
            })
        );
    }

    #[test]
    fn optional_repeated_or_open_properties_are_no_tag() {
        let components = IndexMap::new();
        for parts in [
            // optional in one alternative
            serde_json::json!([
                {"type": "object", "required": ["type"], "properties": {"type": {"type": "string", "enum": ["a"]}}},
                {"type": "object", "properties": {"type": {"type": "string", "enum": ["b"]}}},
            ]),
            // the same value twice
            serde_json::json!([
                {"type": "object", "required": ["type"], "properties": {"type": {"type": "string", "enum": ["a"]}}},
                {"type": "object", "required": ["type"], "properties": {"type": {"type": "string", "enum": ["a"]}}},
            ]),
            // a value listed by two alternatives among others
            serde_json::json!([
                {"type": "object", "required": ["type"], "properties": {"type": {"type": "string", "enum": ["a", "c"]}}},
                {"type": "object", "required": ["type"], "properties": {"type": {"type": "string", "enum": ["b", "c"]}}},
            ]),
            // any string
            serde_json::json!([
                {"type": "object", "required": ["type"], "properties": {"type": {"type": "string", "enum": ["a"]}}},
                {"type": "object", "required": ["type"], "properties": {"type": {"type": "string"}}},
            ]),
        ] {
            let parts = schemas(parts);
            assert_eq!(implied_tag(&components, &refs(&parts)), None);
        }
    }

    #[test]
    fn an_alternative_may_list_several_tag_values() {
        let parts = schemas(serde_json::json!([
            {"type": "object", "required": ["type"], "properties": {"type": {"type": "string", "enum": ["card", "scheme"]}}},
            {"type": "object", "required": ["type"], "properties": {"type": {"type": "string", "enum": ["ideal"]}}},
        ]));
        let owned = |values: &[&str]| values.iter().map(|v| (*v).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            implied_tag(&IndexMap::new(), &refs(&parts)),
            Some(ImpliedTag {
                property: "type".to_owned(),
                values: vec![owned(&["card", "scheme"]), owned(&["ideal"])],
                tag_type: TagType::String,
            })
        );
    }

    #[test]
    fn a_tag_may_be_a_component_enum() {
        let components: IndexMap<String, ReferenceOr<Schema>> =
            serde_json::from_value(serde_json::json!({"KindA": {"type": "string", "enum": ["a"]}}))
                .unwrap_or_default();
        let parts = schemas(serde_json::json!([
            {"type": "object", "required": ["kind"], "properties": {"kind": {"$ref": "#/components/schemas/KindA"}}},
            {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string", "enum": ["b"]}}},
        ]));
        assert_eq!(
            implied_tag(&components, &refs(&parts)),
            Some(ImpliedTag {
                property: "kind".to_owned(),
                values: vec![vec!["a".to_owned()], vec!["b".to_owned()]],
                tag_type: TagType::String,
            })
        );
    }

    #[test]
    fn integer_constants_are_a_tag_but_not_mixed_with_strings() {
        let parts = schemas(serde_json::json!([
            {"type": "object", "required": ["type"], "properties": {"type": {"type": "integer", "enum": [4]}}},
            {"type": "object", "required": ["type"], "properties": {"type": {"type": "integer", "enum": [10, 11]}}},
        ]));
        assert_eq!(
            implied_tag(&IndexMap::new(), &refs(&parts)),
            Some(ImpliedTag {
                property: "type".to_owned(),
                values: vec![vec!["4".to_owned()], vec!["10".to_owned(), "11".to_owned()]],
                tag_type: TagType::Integer,
            })
        );
        // beside `allOf`, which names the component listing every kind
        let beside = schemas(serde_json::json!([
            {"type": "object", "required": ["type"], "properties": {"type": {"type": "integer", "enum": [4], "allOf": [{"type": "integer"}]}}},
            {"type": "object", "required": ["type"], "properties": {"type": {"type": "integer", "enum": [10]}}},
        ]));
        let found = implied_tag(&IndexMap::new(), &refs(&beside)).map(|tag| tag.values);
        assert_eq!(
            found,
            Some(vec![vec!["4".to_owned()], vec!["10".to_owned()]])
        );
        let mixed = schemas(serde_json::json!([
            {"type": "object", "required": ["type"], "properties": {"type": {"type": "integer", "enum": [4]}}},
            {"type": "object", "required": ["type"], "properties": {"type": {"type": "string", "enum": ["5"]}}},
        ]));
        assert_eq!(implied_tag(&IndexMap::new(), &refs(&mixed)), None);
    }

    #[test]
    fn objects_of_one_required_key_are_told_apart_by_it() {
        let parts = schemas(serde_json::json!([
            {"type": "object", "required": ["explicit"], "properties": {"explicit": {"type": "string"}}},
            {"type": "object", "required": ["auto"], "properties": {"auto": {"type": "object"}}},
        ]));
        assert_eq!(
            single_keys(&refs(&parts)),
            Some(vec!["explicit".to_owned(), "auto".to_owned()])
        );
        let optional = schemas(serde_json::json!([
            {"type": "object", "properties": {"explicit": {"type": "string"}}},
            {"type": "object", "required": ["auto"], "properties": {"auto": {"type": "object"}}},
        ]));
        assert_eq!(single_keys(&refs(&optional)), None);
    }
}
