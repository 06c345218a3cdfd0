//! `multipart/form-data` bodies: which properties of a body schema are files
//! (`type: string, format: binary`, or lists of them), read from the schema,
//! and the media types its `encoding` object gives parts, so that the struct
//! lowered from it can be made a form.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use openapiv3::{
    MediaType, ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::resolve::Resolver;
use crate::ir::Ty;
use crate::normalise::MEDIA_TYPE_EXTENSION;

/// How deep `allOf`s are followed to find a body's properties.
const MAX_DEPTH: usize = 32;

/// What the body schema and the `encoding` object of a form say about its
/// parts, by property (wire) name.
#[derive(Debug, Default, PartialEq)]
pub struct FormParts {
    /// The file properties: `Ty::File`, or a list of files.
    pub files: BTreeMap<String, Ty>,
    /// The `Content-Type` the `encoding` object gives a property's parts,
    /// when it gives one media type (not a list, not a wildcard).
    pub media_types: BTreeMap<String, String>,
    /// The names in the `encoding` object that are no property.
    pub unknown: Vec<String>,
}

/// The parts of a form-data body, or `None` when its schema is no object
/// with properties: then there are no fields to send as parts.
pub fn form_parts(resolver: Resolver<'_>, content: &MediaType) -> Option<FormParts> {
    // each property's file type, if it is a file, and the media type its
    // schema gives it; a later `allOf` part overrides an earlier one
    let mut properties: IndexMap<String, (Option<Ty>, Option<String>)> = IndexMap::new();
    for_each_property(
        resolver,
        content.schema.as_ref()?,
        0,
        &mut |name, schema| {
            let file = file_type(resolver, schema);
            let media_type = file
                .as_ref()
                .and_then(|_| schema_media_type(resolver, schema));
            properties.insert(name.to_owned(), (file, media_type));
        },
    );
    if properties.is_empty() {
        return None;
    }
    let files = properties
        .iter()
        .filter_map(|(name, (file, _))| Some((name.clone(), file.clone()?)))
        .collect();
    let (known, unknown): (Vec<_>, Vec<_>) = content
        .encoding
        .iter()
        .partition(|(name, _)| properties.contains_key(*name));
    // the `encoding` object's media type wins over the schema's
    let mut media_types: BTreeMap<String, String> = properties
        .iter()
        .filter_map(|(name, (_, media_type))| Some((name.clone(), media_type.clone()?)))
        .collect();
    media_types.extend(known.into_iter().filter_map(|(name, encoding)| {
        let media_type = one_media_type(encoding.content_type.as_deref()?)?;
        Some((name.clone(), media_type.to_owned()))
    }));
    Some(FormParts {
        files,
        media_types,
        unknown: unknown.into_iter().map(|(name, _)| name.clone()).collect(),
    })
}

/// The media type of an `encoding` `contentType` that names exactly one
/// (`image/png`, parameters allowed); `None` for a list (`image/png,
/// image/jpeg`) or a wildcard (`image/*`), which say no type to send.
fn one_media_type(content_type: &str) -> Option<&str> {
    let media_type = content_type.trim();
    let single = !media_type.is_empty() && !media_type.contains([',', '*']);
    single.then_some(media_type)
}

/// The media type the schema of a file property names (OpenAPI 3.1's
/// `contentMediaType`, kept by the normaliser): the file's own, its list
/// items', or its alternatives' when every one names the same.
fn schema_media_type(resolver: Resolver<'_>, schema: &ReferenceOr<Box<Schema>>) -> Option<String> {
    let schema = resolver.deref(schema).ok()?;
    let mut leaves = Vec::new();
    leaf_media_types(resolver, &schema, 0, &mut leaves);
    let first = leaves.first()?.as_deref()?;
    let same = leaves.iter().all(|leaf| leaf.as_deref() == Some(first));
    same.then(|| one_media_type(first).map(str::to_owned))?
}

/// Adds the media type each binary string in `schema` names, or `None`
/// for one that names none (itself, its items, its alternatives, `depth`
/// unions deep), to `leaves`.
fn leaf_media_types(
    resolver: Resolver<'_>,
    schema: &Schema,
    depth: usize,
    leaves: &mut Vec<Option<String>>,
) {
    if is_binary(schema) {
        let named = schema.schema_data.extensions.get(MEDIA_TYPE_EXTENSION);
        leaves.push(named.and_then(|value| value.as_str()).map(str::to_owned));
        return;
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::Array(array)) => {
            if let Some(Ok(items)) = array.items.as_ref().map(|items| resolver.deref(items)) {
                leaf_media_types(resolver, &items, depth, leaves);
            }
        }
        SchemaKind::OneOf {
            one_of: alternatives,
        }
        | SchemaKind::AnyOf {
            any_of: alternatives,
        } if depth < MAX_DEPTH => {
            for alternative in alternatives {
                if let Ok(alternative) = resolver.deref(alternative) {
                    leaf_media_types(resolver, &alternative, depth + 1, leaves);
                }
            }
        }
        _ => {}
    }
}

/// Calls `visit` with each property (wire name and schema) of an object
/// schema, or of the objects an `allOf` merges, in order; other schemas
/// have none.
fn for_each_property(
    resolver: Resolver<'_>,
    schema: &ReferenceOr<Schema>,
    depth: usize,
    visit: &mut impl FnMut(&str, &ReferenceOr<Box<Schema>>),
) {
    let Ok(schema) = resolver.deref(schema) else {
        return;
    };
    let properties = match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => &object.properties,
        SchemaKind::Any(any) => &any.properties,
        SchemaKind::AllOf { all_of } if depth < MAX_DEPTH => {
            for part in all_of {
                for_each_property(resolver, part, depth + 1, visit);
            }
            return;
        }
        _ => return,
    };
    for (name, property) in properties {
        visit(name, property);
    }
}

/// `Ty::File` for a binary string, a list of files for an array of them or
/// for a union of files and lists of files.
fn file_type(resolver: Resolver<'_>, schema: &ReferenceOr<Box<Schema>>) -> Option<Ty> {
    let schema = resolver.deref(schema).ok()?;
    schema_file_type(resolver, &schema, 0)
}

/// What [`file_type`] says of a schema found `depth` unions deep.
fn schema_file_type(resolver: Resolver<'_>, schema: &Schema, depth: usize) -> Option<Ty> {
    if is_binary(schema) {
        return Some(Ty::File);
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::Array(array)) => {
            let items = resolver.deref(array.items.as_ref()?).ok()?;
            // a nullable item has no file to send
            (is_binary(&items) && !items.schema_data.nullable).then(|| Ty::Vec(Box::new(Ty::File)))
        }
        SchemaKind::OneOf {
            one_of: alternatives,
        }
        | SchemaKind::AnyOf {
            any_of: alternatives,
        } if depth < MAX_DEPTH => union_file_type(resolver, alternatives, depth + 1),
        _ => None,
    }
}

/// A `oneOf`/`anyOf` whose alternatives are all files or lists of files
/// (`image: anyOf [binary, array of binary]`): a list of files when one of
/// them is a list (one file is a list of one), else a file. Either way the
/// parts are the same: one per file, all under the property's name.
fn union_file_type(
    resolver: Resolver<'_>,
    alternatives: &[ReferenceOr<Schema>],
    depth: usize,
) -> Option<Ty> {
    let mut union = None;
    for alternative in alternatives {
        let schema = resolver.deref(alternative).ok()?;
        let ty = schema_file_type(resolver, &schema, depth)?;
        if union != Some(Ty::Vec(Box::new(Ty::File))) {
            union = Some(ty);
        }
    }
    union
}

/// `type: string, format: binary` (what OpenAPI 3.1's `contentMediaType`
/// is normalised to), without an `enum`.
fn is_binary(schema: &Schema) -> bool {
    matches!(
        &schema.schema_kind,
        SchemaKind::Type(Type::String(s))
            if s.enumeration.is_empty()
                && matches!(s.format, VariantOrUnknownOrEmpty::Item(StringFormat::Binary))
    )
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    /// The form parts of the body `content` of a document whose component
    /// schemas are `schemas`.
    fn parts_of(schemas: &Value, content: Value) -> Option<FormParts> {
        let tree = json!({"components": {"schemas": schemas}});
        let content: MediaType = serde_json::from_value(content).unwrap_or_default();
        form_parts(Resolver::new(&tree), &content)
    }

    #[test]
    fn unions_of_files_and_lists_of_files_are_files() {
        let binary = json!({"type": "string", "format": "binary"});
        let list = json!({"type": "array", "items": binary});
        let schemas = json!({"Binary": binary, "Files": list});
        let parts = parts_of(
            &schemas,
            json!({"schema": {"type": "object", "properties": {
                "one": {"oneOf": [binary, {"$ref": "#/components/schemas/Binary"}]},
                "many": {"anyOf": [binary, {"$ref": "#/components/schemas/Files"}]},
                "nested": {"oneOf": [binary, {"anyOf": [binary, list]}]},
                "mixed": {"oneOf": [binary, {"type": "string"}]},
                "empty": {"oneOf": []},
            }}}),
        );
        let files = Ty::Vec(Box::new(Ty::File));
        assert_eq!(
            parts.map(|p| p.files),
            Some(BTreeMap::from([
                ("many".to_owned(), files.clone()),
                ("nested".to_owned(), files),
                ("one".to_owned(), Ty::File),
            ]))
        );
    }

    #[test]
    fn encodings_give_one_media_type_to_properties_only() {
        let parts = parts_of(
            &json!({}),
            json!({
                "schema": {"type": "object", "properties": {
                    "a": {"type": "string"}, "b": {"type": "string"},
                    "c": {"type": "string"}, "d": {"type": "string"},
                }},
                "encoding": {
                    "a": {"contentType": " image/png "},
                    "b": {"contentType": "image/png, image/jpeg"},
                    "c": {"contentType": "image/*"},
                    "d": {},
                    "e": {"contentType": "text/plain"},
                },
            }),
        );
        assert_eq!(
            parts,
            Some(FormParts {
                files: BTreeMap::new(),
                media_types: BTreeMap::from([("a".to_owned(), "image/png".to_owned())]),
                unknown: vec!["e".to_owned()],
            })
        );
    }
}
