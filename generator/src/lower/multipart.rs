//! `multipart/form-data` parts: whether a property of a form body is a file
//! (`type: string, format: binary`, a list of them, or a union of those),
//! read from its schema, and the media type it is sent with, from the
//! `encoding` object or else the file's OpenAPI 3.1 `contentMediaType`.

use indexmap::IndexMap;
use openapiv3::{
    Encoding, ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::resolve::Resolver;
use crate::ir::Ty;
use crate::normalise::MEDIA_TYPE_EXTENSION;

/// How deep unions are followed to find files.
const MAX_DEPTH: usize = 32;

/// How one property of a form is sent.
#[derive(Debug, Default, PartialEq)]
pub struct Part {
    /// Its file type (`Ty::File`, or a list of files) when it is a file.
    pub file: Option<Ty>,
    /// The `Content-Type` of its parts, when the `encoding` object gives
    /// one media type (not a list, not a wildcard), or else, for a file,
    /// when its schema names one.
    pub media_type: Option<String>,
}

/// How the property `name`, of schema `schema`, of a form whose `encoding`
/// object is `encoding` is sent.
pub fn part(
    resolver: Resolver<'_>,
    encoding: &IndexMap<String, Encoding>,
    name: &str,
    schema: &ReferenceOr<Box<Schema>>,
) -> Part {
    let file = file_type(resolver, schema);
    // the `encoding` object's media type wins over the schema's
    let encoded = encoding
        .get(name)
        .and_then(|encoding| one_media_type(encoding.content_type.as_deref()?));
    let media_type = match encoded {
        Some(media_type) => Some(media_type.to_owned()),
        None => file
            .as_ref()
            .and_then(|_| schema_media_type(resolver, schema)),
    };
    Part { file, media_type }
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

    /// How each property of the object `schema` is sent, in a document whose
    /// component schemas are `schemas`, with `encoding`.
    fn parts_of(schemas: &Value, schema: Value, encoding: Value) -> Vec<(String, Part)> {
        let tree = json!({"components": {"schemas": schemas}});
        let resolver = Resolver::new(&tree);
        let properties: IndexMap<String, ReferenceOr<Box<Schema>>> =
            serde_json::from_value(schema).unwrap();
        let encoding: IndexMap<String, Encoding> = serde_json::from_value(encoding).unwrap();
        properties
            .iter()
            .map(|(name, schema)| (name.clone(), part(resolver, &encoding, name, schema)))
            .collect()
    }

    fn files(parts: &[(String, Part)]) -> Vec<(&str, &Ty)> {
        parts
            .iter()
            .filter_map(|(name, part)| Some((name.as_str(), part.file.as_ref()?)))
            .collect()
    }

    fn media_types(parts: &[(String, Part)]) -> Vec<(&str, &str)> {
        parts
            .iter()
            .filter_map(|(name, part)| Some((name.as_str(), part.media_type.as_deref()?)))
            .collect()
    }

    #[test]
    fn unions_of_files_and_lists_of_files_are_files() {
        let binary = json!({"type": "string", "format": "binary"});
        let list = json!({"type": "array", "items": binary});
        let schemas = json!({"Binary": binary, "Files": list});
        let parts = parts_of(
            &schemas,
            json!({
                "one": {"oneOf": [binary, {"$ref": "#/components/schemas/Binary"}]},
                "many": {"anyOf": [binary, {"$ref": "#/components/schemas/Files"}]},
                "nested": {"oneOf": [binary, {"anyOf": [binary, list]}]},
                "mixed": {"oneOf": [binary, {"type": "string"}]},
                "empty": {"oneOf": []},
                "nullable_items": {"type": "array", "items": {"type": "string", "format": "binary", "nullable": true}},
                "listed": {"type": "string", "format": "binary", "enum": ["a"]},
            }),
            json!({}),
        );
        let list = Ty::Vec(Box::new(Ty::File));
        assert_eq!(
            files(&parts),
            [("one", &Ty::File), ("many", &list), ("nested", &list)]
        );
    }

    #[test]
    fn encodings_give_one_media_type() {
        let string = json!({"type": "string"});
        let parts = parts_of(
            &json!({}),
            json!({"a": string, "b": string, "c": string, "d": string}),
            json!({
                "a": {"contentType": " image/png "},
                "b": {"contentType": "image/png, image/jpeg"},
                "c": {"contentType": "image/*"},
                "d": {},
            }),
        );
        assert_eq!(media_types(&parts), [("a", "image/png")]);
    }

    #[test]
    fn files_name_their_media_type_unless_the_encoding_does() {
        let png = json!({"type": "string", "format": "binary", "x-openapi-codegen-content-media-type": "image/png"});
        let plain = json!({"type": "string", "format": "binary"});
        let parts = parts_of(
            &json!({"Png": png}),
            json!({
                "image": {"$ref": "#/components/schemas/Png"},
                "thumbnails": {"type": "array", "items": png},
                "frames": {"anyOf": [png, {"type": "array", "items": png}]},
                "mixed": {"anyOf": [png, plain]},
                "tiff": png,
                "text": {"type": "string", "x-openapi-codegen-content-media-type": "text/plain"},
            }),
            json!({"tiff": {"contentType": "image/tiff"}, "mixed": {"contentType": "image/*"}}),
        );
        assert_eq!(
            media_types(&parts),
            [
                ("image", "image/png"),
                ("thumbnails", "image/png"),
                ("frames", "image/png"),
                ("tiff", "image/tiff"),
            ]
        );
    }
}
