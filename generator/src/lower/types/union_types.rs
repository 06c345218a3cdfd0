//! Unions: a `oneOf`/`anyOf` lowered as what its alternatives stand for (see
//! `lower/unions.rs`): one string enum or a `String` for strings, else a
//! union whose variants are named after their tag, key or type, told apart
//! by a declared or implied discriminator when there is one.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::enums::listed_strings;
use super::formats::string_type;
use super::{Lowered, Shape, TypeTable, component_ref};
use crate::diagnostics::Pointer;
use crate::ir::{Discriminator, TagType, Ty, UNKNOWN_VARIANT, Union, UnionVariant};
use crate::lower::unions;
use crate::naming::{Scope, upper_camel_case, variant_ident};

impl TypeTable<'_> {
    /// The shape of a `oneOf`/`anyOf` of `parts` (at `at`, the keyword's
    /// pointer): the only part of a union of one, a string type, or a union.
    pub(super) fn shape_of_union<'s>(
        &mut self,
        parts: &'s [ReferenceOr<Schema>],
        discriminator: Option<&openapiv3::Discriminator>,
        context: &str,
        at: &Pointer,
    ) -> Shape<'s> {
        if let [only] = parts {
            return Shape::Same(only, at.join(0));
        }
        let components = self.components;
        // the alternatives' schemas, when every one can be looked at
        let schemas: Option<Vec<&Schema>> =
            parts.iter().map(|p| unions::peek(components, p)).collect();
        if let Some(shape) = schemas.as_deref().and_then(|s| self.string_union(s)) {
            return shape;
        }
        let implied = match (discriminator, &schemas) {
            (None, Some(schemas)) => unions::implied_tag(components, schemas),
            _ => None,
        };
        // what tells the alternatives apart, when something does: it names
        // them (integer tags leave the names to the types: `V4` says nothing)
        let labels = match (&implied, &schemas) {
            // an alternative is named after the first value it allows
            (Some(tag), _) if tag.tag_type == TagType::String => Some(
                tag.values
                    .iter()
                    .filter_map(|v| v.first().cloned())
                    .collect(),
            ),
            (Some(_), _) => None,
            (None, Some(schemas)) => unions::single_keys(schemas),
            (None, None) => None,
        };
        let (mut variants, nullable) = self.union_variants(parts, labels.as_deref(), context, at);
        // a struct writes a taken-out tag as a string: integer tags stay fields
        if let Some(tag) = implied.as_ref().filter(|t| t.tag_type == TagType::String) {
            self.take_out_tags(parts, &mut variants, &tag.property, &tag.values);
        }
        let discriminator = match (discriminator, implied) {
            // a discriminator that selects no variant (inline alternatives and
            // no mapping) would decode everything as unknown: try them in order
            (Some(declared), _) => Some(self.discriminator(declared, parts, &variants))
                .filter(|d| !d.mapping.is_empty()),
            (None, Some(tag)) => Some(implied_discriminator(tag, &variants)),
            (None, None) => None,
        };
        Shape::Union(
            Union {
                variants,
                discriminator,
            },
            nullable,
        )
    }

    /// A union of strings only: one string enum when some list values, a
    /// `String` when none does and none has a typed format.
    fn string_union<'s>(&self, schemas: &[&Schema]) -> Option<Shape<'s>> {
        if let Some(strings) = unions::string_alternatives(schemas) {
            return Some(listed_strings(strings.values, None, strings.nullable));
        }
        self.plain_strings(schemas).map(|nullable| {
            Shape::Direct(Lowered {
                ty: Ty::String,
                nullable,
            })
        })
    }

    /// Whether `null` is allowed, when every alternative is a string that
    /// becomes a Rust `String` (no listed values, no typed format): then
    /// the union is a `String` (`oneOf: [uuid, name]`).
    fn plain_strings(&self, schemas: &[&Schema]) -> Option<bool> {
        let mut nullable = false;
        for schema in schemas {
            let SchemaKind::Type(Type::String(string)) = &schema.schema_kind else {
                return None;
            };
            let plain = string.enumeration.is_empty()
                && self.user_format(&string.format).is_none()
                && string_type(&string.format) == Ty::String;
            if !plain {
                return None;
            }
            nullable |= schema.schema_data.nullable;
        }
        Some(nullable)
    }

    /// The variants of a union (named after `labels` where the alternatives
    /// have them, else after their types) and whether one allows `null`.
    fn union_variants(
        &mut self,
        parts: &[ReferenceOr<Schema>],
        labels: Option<&[String]>,
        context: &str,
        at: &Pointer,
    ) -> (Vec<UnionVariant>, bool) {
        // `Unknown` is the catch-all of tagged unions
        let mut names = Scope::with_reserved([UNKNOWN_VARIANT]);
        let mut variants = Vec::with_capacity(parts.len());
        let mut nullable = false;
        for (i, part) in parts.iter().enumerate() {
            let label = labels.and_then(|labels| labels.get(i));
            let part_context = match part {
                ReferenceOr::Item(schema) => schema.schema_data.title.clone(),
                ReferenceOr::Reference { .. } => None,
            }
            .unwrap_or_else(|| match label {
                Some(label) => format!("{context}{}", upper_camel_case(label)),
                None => format!("{context}Variant{}", i + 1),
            });
            let lowered = self.lower(part, &part_context, &at.join(i));
            nullable |= lowered.nullable;
            let name = match label {
                Some(label) => variant_ident(label),
                None => variant_ident(&variant_label(&lowered.ty)),
            };
            variants.push(UnionVariant {
                name: names.claim(name),
                ty: lowered.ty,
                tag: None,
            });
        }
        (variants, nullable)
    }

    /// The tag property and, for every variant, the tag values that select
    /// it: from `mapping`, else the component name of each referenced schema.
    fn discriminator(
        &self,
        discriminator: &openapiv3::Discriminator,
        parts: &[ReferenceOr<Schema>],
        variants: &[UnionVariant],
    ) -> Discriminator {
        let variant_of = |reference: &str| {
            let target = self.component_names.get(reference)?;
            variants
                .iter()
                .find(|v| v.ty == Ty::Named(target.clone()))
                .map(|v| v.name.clone())
        };
        let mut mapping: Vec<(String, String)> = discriminator
            .mapping
            .iter()
            .filter_map(|(value, reference)| {
                let reference = if reference.starts_with('#') {
                    reference.clone()
                } else {
                    component_ref(reference)
                };
                Some((value.clone(), variant_of(&reference)?))
            })
            .collect();
        for part in parts {
            let ReferenceOr::Reference { reference } = part else {
                continue;
            };
            let Some(variant) = variant_of(reference) else {
                continue;
            };
            if mapping.iter().all(|(_, v)| v != &variant) {
                let key = reference.rsplit('/').next().unwrap_or_default().to_owned();
                mapping.push((key, variant));
            }
        }
        Discriminator {
            property: discriminator.property_name.clone(),
            mapping,
            tag_type: TagType::String,
        }
    }
}

/// The discriminator of an implied tag: each of its values selects the
/// variant of the alternative that lists it.
fn implied_discriminator(tag: unions::ImpliedTag, variants: &[UnionVariant]) -> Discriminator {
    let mapping = tag
        .values
        .into_iter()
        .zip(variants)
        .flat_map(|(values, variant)| {
            values
                .into_iter()
                .map(|value| (value, variant.name.clone()))
        })
        .collect();
    Discriminator {
        property: tag.property,
        mapping,
        tag_type: tag.tag_type,
    }
}

/// A variant name for a union alternative of type `ty`.
fn variant_label(ty: &Ty) -> String {
    match ty {
        Ty::Named(name) => name.clone(),
        Ty::String => "String".to_owned(),
        Ty::Bool => "Boolean".to_owned(),
        Ty::I32 | Ty::I64 => "Integer".to_owned(),
        Ty::F32 | Ty::F64 => "Number".to_owned(),
        Ty::DateTime => "DateTime".to_owned(),
        Ty::Date => "Date".to_owned(),
        Ty::UnixTime(unit) => unit.type_name().to_owned(),
        Ty::Json => "Json".to_owned(),
        Ty::Map(_) => "Map".to_owned(),
        Ty::Boxed(inner) => variant_label(inner),
        Ty::Vec(inner) => format!("{}List", variant_label(inner)),
        Ty::Custom(path) => upper_camel_case(path.rsplit("::").next().unwrap_or(path)),
        Ty::File => "File".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::TypeKind;
    use crate::lower::types::testing::Doc;

    fn variants(union: &Union) -> Vec<(&str, &Ty)> {
        union
            .variants
            .iter()
            .map(|v| (v.name.as_str(), &v.ty))
            .collect()
    }

    #[test]
    fn variants_are_named_after_their_types() {
        let types = Doc::new(
            "
            Cat: {type: object, properties: {meow: {type: boolean}}}
            Value:
              oneOf:
                - $ref: '#/components/schemas/Cat'
                - {type: integer}
                - {type: array, items: {type: string}}
                - {type: integer, format: int32, nullable: true}
            ",
        )
        .lower();
        let value = types.union("Value");
        let list = Ty::Vec(Box::new(Ty::String));
        assert_eq!(
            variants(value),
            [
                ("Cat", &Ty::Named("Cat".to_owned())),
                ("Integer", &Ty::I64),
                ("StringList", &list),
                ("Integer2", &Ty::I32),
            ]
        );
        assert_eq!(value.discriminator, None);
    }

    #[test]
    fn strings_are_one_string_or_one_enum() {
        let types = Doc::new(
            "
            Key: {anyOf: [{type: string, format: uuid}, {type: string, nullable: true}]}
            Order:
              oneOf:
                - {type: string, enum: [asc], description: Ascending.}
                - {type: string, enum: [desc]}
            When: {oneOf: [{type: string, format: date}, {type: string}]}
            ",
        )
        .lower();
        assert_eq!(*types.kind("Key"), TypeKind::Alias(Ty::String));
        let order = types.string_enum("Order");
        let values: Vec<(&str, Option<&str>)> = order
            .variants
            .iter()
            .map(|v| (v.wire_value.as_str(), v.docs.as_deref()))
            .collect();
        assert_eq!(values, [("asc", Some("Ascending.")), ("desc", None)]);
        // a typed format keeps the alternatives apart
        let when = types.union("When");
        assert_eq!(
            variants(when),
            [("Date", &Ty::Date), ("String", &Ty::String)]
        );
    }

    #[test]
    fn a_declared_discriminator_maps_values_to_variants() {
        let types = Doc::new(
            "
            Cat: {type: object, properties: {kind: {type: string}}}
            Dog: {type: object, properties: {kind: {type: string}}}
            Pet:
              oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
              discriminator:
                propertyName: kind
                mapping: {kitty: Cat}
            Inline:
              oneOf: [{type: object, properties: {a: {type: string}}}, {type: object, properties: {b: {type: string}}}]
              discriminator: {propertyName: kind}
            ",
        )
        .lower();
        let pet = types.union("Pet");
        let discriminator = pet.discriminator.as_ref().unwrap();
        assert_eq!(discriminator.property, "kind");
        let mapping = [
            ("kitty".to_owned(), "Cat".to_owned()),
            ("Dog".to_owned(), "Dog".to_owned()),
        ];
        assert_eq!(discriminator.mapping, mapping);
        // no value selects an inline alternative: tried in order instead
        assert_eq!(types.union("Inline").discriminator, None);
        let names: Vec<&str> = types
            .union("Inline")
            .variants
            .iter()
            .map(|v| v.name.as_str())
            .collect();
        assert_eq!(names, ["InlineVariant1", "InlineVariant2"]);
    }

    #[test]
    fn single_keys_name_the_variants_and_their_types() {
        let types = Doc::new(
            "
            Source:
              oneOf:
                - {type: object, required: [url], properties: {url: {type: string}}}
                - {type: object, required: [file], properties: {file: {type: object, properties: {id: {type: string}}}}}
            ",
        )
        .lower();
        let source = types.union("Source");
        let url = Ty::Named("SourceUrl".to_owned());
        let file = Ty::Named("SourceFile".to_owned());
        assert_eq!(variants(source), [("Url", &url), ("File", &file)]);
        assert_eq!(source.discriminator, None);
        assert!(types.names().contains(&"SourceFileFile"));
    }
}
