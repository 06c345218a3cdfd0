//! `multipart/form-data` bodies: which properties of a body schema are files
//! (`type: string, format: binary`, or lists of them), read from the schema
//! so that the struct lowered from it can be made a form.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use openapiv3::{ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};

use super::resolve::Resolver;
use crate::ir::Ty;

/// How deep `allOf`s are followed to find a body's properties.
const MAX_DEPTH: usize = 32;

/// The properties of a schema, by wire name.
type Properties = IndexMap<String, ReferenceOr<Box<Schema>>>;

/// The file properties of a form-data body schema (wire name, and
/// `Ty::File` or a list of them), or `None` when the schema is no object
/// with properties: then there are no fields to send as parts.
pub fn file_properties(
    resolver: Resolver<'_>,
    schema: &ReferenceOr<Schema>,
) -> Option<BTreeMap<String, Ty>> {
    let mut properties = Properties::new();
    collect_properties(resolver, schema, 0, &mut properties);
    if properties.is_empty() {
        return None;
    }
    Some(
        properties
            .iter()
            .filter_map(|(name, schema)| Some((name.clone(), file_type(resolver, schema)?)))
            .collect(),
    )
}

/// Adds the properties of an object schema, or of the objects an `allOf`
/// merges, to `properties`; other schemas have none.
fn collect_properties(
    resolver: Resolver<'_>,
    schema: &ReferenceOr<Schema>,
    depth: usize,
    properties: &mut Properties,
) {
    let Ok(schema) = resolver.deref(schema) else {
        return;
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => properties.extend(object.properties.clone()),
        SchemaKind::Any(any) => properties.extend(any.properties.clone()),
        SchemaKind::AllOf { all_of } if depth < MAX_DEPTH => {
            for part in all_of {
                collect_properties(resolver, part, depth + 1, properties);
            }
        }
        _ => {}
    }
}

/// `Ty::File` for a binary string, a list of files for an array of them.
fn file_type(resolver: Resolver<'_>, schema: &ReferenceOr<Box<Schema>>) -> Option<Ty> {
    let schema = resolver.deref(schema).ok()?;
    if is_binary(&schema) {
        return Some(Ty::File);
    }
    let SchemaKind::Type(Type::Array(array)) = &schema.schema_kind else {
        return None;
    };
    let items = resolver.deref(array.items.as_ref()?).ok()?;
    // a nullable item has no file to send
    (is_binary(&items) && !items.schema_data.nullable).then(|| Ty::Vec(Box::new(Ty::File)))
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
