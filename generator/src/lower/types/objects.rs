//! Objects: the properties of one schema, or of the parts an `allOf` merges,
//! as a struct (with a map field for `additionalProperties`); an object
//! without properties is a map; an `allOf` of one shape and annotations is
//! that shape.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty,
};

use super::forms::{Form, sent_as};
use super::{Lowered, MAX_INLINE_DEPTH, Shape, TypeTable, nullable_json, property_docs};
use crate::diagnostics::Pointer;
use crate::ir::{ExtraField, Field, Presence, Struct, Ty};
use crate::naming::{Scope, snake_ident, upper_camel_case};

/// Object properties gathered from one schema or from the parts of an `allOf`.
#[derive(Debug, Default)]
pub(super) struct ObjectParts {
    properties: IndexMap<String, (ReferenceOr<Box<Schema>>, Pointer)>,
    required: BTreeSet<String>,
    extra: Option<AdditionalProperties>,
    /// The references merged so far: one met again (round a cycle of
    /// `allOf`s, or twice in a diamond) adds nothing new.
    merged_refs: BTreeSet<String>,
}

impl ObjectParts {
    /// The schema of the property `name`, when there is one.
    pub(super) fn property(&self, name: &str) -> Option<&ReferenceOr<Box<Schema>>> {
        self.properties.get(name).map(|(schema, _)| schema)
    }
}

impl TypeTable<'_> {
    /// The shape of an object schema: a struct of its properties, or a map
    /// when it has none.
    pub(super) fn shape_of_object<'s>(
        &mut self,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        extra: Option<&AdditionalProperties>,
        context: &str,
        at: &Pointer,
    ) -> Shape<'s> {
        let mut parts = ObjectParts::default();
        add_properties(&mut parts, properties, required, at);
        parts.extra = extra.cloned();
        self.object_or_map(parts, context, at)
    }

    /// An object with no properties is a map; one with properties a struct.
    pub(super) fn object_or_map<'s>(
        &mut self,
        parts: ObjectParts,
        context: &str,
        at: &Pointer,
    ) -> Shape<'s> {
        if !parts.properties.is_empty() {
            return Shape::Object(parts);
        }
        let value = match &parts.extra {
            Some(AdditionalProperties::Schema(schema)) => nullable_json(self.lower(
                schema,
                &format!("{context}Value"),
                &at.join("additionalProperties"),
            )),
            _ => Ty::Json,
        };
        Shape::Direct(Lowered::plain(Ty::Map(Box::new(value))))
    }

    pub(super) fn shape_of_all_of<'s>(
        &mut self,
        parts: &'s [ReferenceOr<Schema>],
        context: &str,
        at: &Pointer,
    ) -> Shape<'s> {
        if let [only] = parts {
            return Shape::Same(only, at.join("allOf").join(0));
        }
        let mut merged = ObjectParts::default();
        for (i, part) in parts.iter().enumerate() {
            if !self.merge_into(&mut merged, part, &at.join("allOf").join(i), 0) {
                return self.all_of_one_shape(parts, at);
            }
        }
        self.object_or_map(merged, context, at)
    }

    /// An `allOf` that is not a merge of objects: one part gives the shape
    /// (a string, a union, ...) and the others only annotate or constrain it
    /// (`example`, `default`, `readOnly`, `required`, a bare `type`), so
    /// that part is the type. Anything else cannot be expressed yet.
    fn all_of_one_shape<'s>(
        &mut self,
        parts: &'s [ReferenceOr<Schema>],
        at: &Pointer,
    ) -> Shape<'s> {
        let shaped: Vec<(usize, &ReferenceOr<Schema>)> = parts
            .iter()
            .enumerate()
            .filter(|(_, part)| !adds_no_shape(part))
            .collect();
        // when every part only annotates (`type: boolean` + `default`), the
        // first one with a type of its own is the type
        let typed = || {
            parts.iter().enumerate().find(|(_, part)| {
                !matches!(part, ReferenceOr::Item(s) if matches!(s.schema_kind, SchemaKind::Any(_)))
            })
        };
        let only = match shaped.as_slice() {
            [one] => Some(*one),
            [] => typed(),
            // scalars of one type (a format in one part, an enum in the
            // other): the first, which holds every value of the others
            [first, rest @ ..] if rest.iter().all(|(_, p)| self.same_scalar(first.1, p)) => {
                Some(*first)
            }
            _ => None,
        };
        match only {
            Some((i, part)) => Shape::Same(part, at.join("allOf").join(i)),
            None => {
                self.warn_json(at, "this `allOf` mixes objects with other kinds of schema");
                Shape::Direct(Lowered::plain(Ty::Json))
            }
        }
    }

    /// Whether two schemas are scalars of the same type (both strings, both
    /// integers, ...).
    fn same_scalar(&self, a: &ReferenceOr<Schema>, b: &ReferenceOr<Schema>) -> bool {
        let kind = |part: &ReferenceOr<Schema>| {
            let schema = self.resolver.deref(part).ok()?;
            match &schema.schema_kind {
                SchemaKind::Type(Type::String(_)) => Some(0),
                SchemaKind::Type(Type::Integer(_)) => Some(1),
                SchemaKind::Type(Type::Number(_)) => Some(2),
                SchemaKind::Type(Type::Boolean(_)) => Some(3),
                _ => None,
            }
        };
        kind(a).is_some_and(|k| kind(b) == Some(k))
    }

    /// Adds the properties of one `allOf` part; false when it is not an object.
    pub(super) fn merge_into(
        &mut self,
        merged: &mut ObjectParts,
        part: &ReferenceOr<Schema>,
        at: &Pointer,
        depth: usize,
    ) -> bool {
        let at = match part {
            ReferenceOr::Reference { reference }
                if !merged.merged_refs.insert(reference.clone()) =>
            {
                return true;
            }
            ReferenceOr::Reference { reference } => Pointer::from_ref(reference),
            ReferenceOr::Item(_) => at.clone(),
        };
        let schema = match self.resolver.deref(part) {
            Ok(schema) => schema,
            Err(error) => {
                self.warnings.push(error);
                return false;
            }
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                add_properties(merged, &object.properties, &object.required, &at);
                true
            }
            SchemaKind::Any(any) if any.items.is_none() && any.enumeration.is_empty() => {
                add_properties(merged, &any.properties, &any.required, &at);
                true
            }
            SchemaKind::AllOf { all_of } if depth < MAX_INLINE_DEPTH => all_of
                .iter()
                .enumerate()
                .all(|(i, p)| self.merge_into(merged, p, &at.join("allOf").join(i), depth + 1)),
            // a union of one alternative is that alternative
            SchemaKind::OneOf { one_of: only } | SchemaKind::AnyOf { any_of: only }
                if only.len() == 1 && depth < MAX_INLINE_DEPTH =>
            {
                let keyword = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) {
                    "oneOf"
                } else {
                    "anyOf"
                };
                only.first().is_some_and(|p| {
                    self.merge_into(merged, p, &at.join(keyword).join(0), depth + 1)
                })
            }
            _ => false,
        }
    }

    /// The struct of the object `parts` called `name`, made a form as it
    /// is made when it is the body of `form`.
    pub(super) fn object(
        &mut self,
        name: &str,
        parts: ObjectParts,
        at: &Pointer,
        form: Option<&Form<'_>>,
    ) -> Struct {
        let mut field_names = Scope::default();
        let mut fields = Vec::with_capacity(parts.properties.len());
        for (wire_name, (schema, base)) in &parts.properties {
            let context = format!("{name}{}", upper_camel_case(wire_name));
            let property_at = base.join("properties").join(wire_name);
            let (lowered, media_type) = match form {
                Some(form) => self.lower_part(form, wire_name, schema, &context, &property_at),
                None => (self.lower_boxed(schema, &context, &property_at), None),
            };
            let mut field = Field {
                name: field_names.claim(snake_ident(wire_name)),
                wire_name: wire_name.clone(),
                ty: lowered.ty,
                presence: Presence::new(parts.required.contains(wire_name), lowered.nullable),
                docs: property_docs(schema),
                part_media_type: None,
            };
            if let Some(media_type) = media_type {
                sent_as(&mut field, &media_type);
            }
            fields.push(field);
        }
        let extra = self.extra_field(parts.extra.as_ref(), name, at, &mut field_names);
        Struct {
            fields,
            extra,
            tag: None,
        }
    }

    fn extra_field(
        &mut self,
        extra: Option<&AdditionalProperties>,
        name: &str,
        at: &Pointer,
        field_names: &mut Scope,
    ) -> Option<ExtraField> {
        let value = match extra? {
            AdditionalProperties::Any(true) => Ty::Json,
            AdditionalProperties::Any(false) => return None,
            AdditionalProperties::Schema(schema) => nullable_json(self.lower(
                schema,
                &format!("{name}Value"),
                &at.join("additionalProperties"),
            )),
        };
        Some(ExtraField {
            name: field_names.claim("extra".to_owned()),
            value,
        })
    }
}

fn add_properties(
    parts: &mut ObjectParts,
    properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &[String],
    at: &Pointer,
) {
    for (name, schema) in properties {
        match parts.properties.get_mut(name) {
            Some((earlier, _)) => *earlier = merged_property(earlier, schema),
            None => {
                parts
                    .properties
                    .insert(name.clone(), (schema.clone(), at.clone()));
            }
        }
    }
    parts.required.extend(required.iter().cloned());
}

/// A property two `allOf` parts declare: one schema that is both, never
/// the later replacing the earlier. A part that only annotates (a
/// description, an example, `nullable`) adds that to the other; otherwise
/// the two are an `allOf` of their own, which merges objects deeply
/// (properties, required names) and keeps the shape of scalars. It is
/// nullable when either part is (decoding accepts what either allows).
fn merged_property(
    earlier: &ReferenceOr<Box<Schema>>,
    later: &ReferenceOr<Box<Schema>>,
) -> ReferenceOr<Box<Schema>> {
    let (first, second) = (unboxed(earlier), unboxed(later));
    let data = |part: &ReferenceOr<Schema>| match part {
        ReferenceOr::Item(schema) => (
            schema.schema_data.description.clone(),
            schema.schema_data.nullable,
        ),
        ReferenceOr::Reference { .. } => (None, false),
    };
    let ((first_words, first_null), (second_words, second_null)) = (data(&first), data(&second));
    let description = second_words.or(first_words);
    let nullable = first_null || second_null;
    if let (ReferenceOr::Item(mut kept), true) = (first.clone(), adds_no_shape(&second)) {
        kept.schema_data.description = description;
        kept.schema_data.nullable = nullable;
        return ReferenceOr::Item(Box::new(kept));
    }
    ReferenceOr::Item(Box::new(Schema {
        schema_data: openapiv3::SchemaData {
            description,
            nullable,
            ..openapiv3::SchemaData::default()
        },
        schema_kind: SchemaKind::AllOf {
            all_of: vec![first, second],
        },
    }))
}

fn unboxed(part: &ReferenceOr<Box<Schema>>) -> ReferenceOr<Schema> {
    match part {
        ReferenceOr::Reference { reference } => ReferenceOr::Reference {
            reference: reference.clone(),
        },
        ReferenceOr::Item(schema) => ReferenceOr::Item((**schema).clone()),
    }
}

/// Whether an `allOf` part only annotates or constrains the others: no
/// properties, items, alternatives, enum or format of its own (a bare
/// `type`, an array without `items`, `required`, `example`, `default`,
/// `readOnly`, bounds, ...).
fn adds_no_shape(part: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(schema) = part else {
        return false;
    };
    match &schema.schema_kind {
        SchemaKind::Any(any) => {
            any.properties.is_empty()
                && any.additional_properties.is_none()
                && any.items.is_none()
                && any.enumeration.is_empty()
                && any.format.is_none()
                && any.one_of.is_empty()
                && any.all_of.is_empty()
                && any.any_of.is_empty()
                && any.not.is_none()
        }
        SchemaKind::Type(Type::String(s)) => {
            s.enumeration.is_empty() && matches!(s.format, VariantOrUnknownOrEmpty::Empty)
        }
        SchemaKind::Type(Type::Integer(i)) => {
            i.enumeration.is_empty() && matches!(i.format, VariantOrUnknownOrEmpty::Empty)
        }
        SchemaKind::Type(Type::Number(n)) => {
            n.enumeration.is_empty() && matches!(n.format, VariantOrUnknownOrEmpty::Empty)
        }
        SchemaKind::Type(Type::Boolean(_)) => true,
        SchemaKind::Type(Type::Object(o)) => {
            o.properties.is_empty() && o.additional_properties.is_none()
        }
        // a bare `type: array` says nothing of its items
        SchemaKind::Type(Type::Array(array)) => array.items.is_none(),
        SchemaKind::OneOf { .. }
        | SchemaKind::AllOf { .. }
        | SchemaKind::AnyOf { .. }
        | SchemaKind::Not { .. } => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::TypeKind;
    use crate::lower::types::testing::Doc;

    #[test]
    fn all_of_merges_the_properties_and_required_names_of_its_parts() {
        let types = Doc::new(
            "
            Named: {type: object, required: [name], properties: {name: {type: string}}}
            Pet:
              description: A pet.
              allOf:
                - $ref: '#/components/schemas/Named'
                - type: object
                  required: [age]
                  properties:
                    age: {type: integer}
                    name: {type: string, description: Overridden.}
                - {oneOf: [{type: object, properties: {tail: {type: boolean}}}]}
            ",
        )
        .lower();
        let pet = types.object("Pet");
        let wire: Vec<&str> = pet.fields.iter().map(|f| f.wire_name.as_str()).collect();
        // in order of first appearance; both parts' schemas of `name` merged
        assert_eq!(wire, ["name", "age", "tail"]);
        assert_eq!(types.field("Pet", "name").ty, Ty::String);
        assert_eq!(types.field("Pet", "name").presence, Presence::Required);
        assert_eq!(
            types.field("Pet", "name").docs.description.as_deref(),
            Some("Overridden.")
        );
        assert_eq!(types.field("Pet", "age").presence, Presence::Required);
        assert_eq!(types.field("Pet", "tail").presence, Presence::Optional);
        assert_eq!(types.def("Pet").docs.description.as_deref(), Some("A pet."));
    }

    /// Fails the test: `ty` should have been a named object.
    fn unreachable_type(ty: &Ty) -> String {
        assert!(
            matches!(ty, Ty::Named(_)),
            "expected a named object, got {ty:?}"
        );
        String::new()
    }

    #[test]
    fn a_property_declared_by_two_parts_merges_deeply_and_loses_nothing() {
        let types = Doc::new(
            "
            Reference:
              type: object
              properties:
                parent:
                  type: object
                  required: [id]
                  properties: {id: {type: string}, self: {type: string}}
                sets: {type: array, items: {type: object, properties: {id: {type: string}}}}
                size: {type: integer, format: int32}
            Orchestration:
              allOf:
                - $ref: '#/components/schemas/Reference'
                - type: object
                  properties:
                    parent: {description: The orchestration this one belongs to.}
                    sets: {type: array, description: Rule sets.}
                    size: {type: integer, nullable: true, minimum: 0}
                    owner: {type: object, properties: {name: {type: string}}}
                - type: object
                  properties:
                    owner: {type: object, required: [email], properties: {email: {type: string}}}
            ",
        )
        .lower();
        // a description-only part keeps the object it describes
        let parent = types.field("Orchestration", "parent");
        assert_eq!(
            parent.docs.description.as_deref(),
            Some("The orchestration this one belongs to.")
        );
        let parent_type = match &parent.ty {
            Ty::Named(name) => name.clone(),
            other => unreachable_type(other),
        };
        let wire = |name: &str| -> Vec<String> {
            types
                .object(name)
                .fields
                .iter()
                .map(|f| f.wire_name.clone())
                .collect()
        };
        assert_eq!(wire(&parent_type), ["id", "self"]);
        // a list whose second part gives no items keeps the first part's
        let sets = &types.field("Orchestration", "sets").ty;
        assert!(
            matches!(sets, Ty::Vec(item) if matches!(**item, Ty::Named(_))),
            "{sets:?}"
        );
        // scalars of one type keep their shape, nullable when either says so
        let size = types.field("Orchestration", "size");
        assert_eq!(size.ty, Ty::I32);
        assert!(matches!(
            size.presence,
            Presence::Optional | Presence::OptionalNullable
        ));
        // two objects merge their properties and required names
        let owner = match &types.field("Orchestration", "owner").ty {
            Ty::Named(name) => name.clone(),
            other => unreachable_type(other),
        };
        assert_eq!(wire(&owner), ["name", "email"]);
        assert_eq!(types.field(&owner, "email").presence, Presence::Required);
    }

    #[test]
    fn an_all_of_of_one_shape_and_annotations_is_that_shape() {
        let types = Doc::new(
            "
            Id: {type: string, format: uuid}
            Wrapped: {allOf: [{$ref: '#/components/schemas/Id'}]}
            Annotated: {allOf: [{$ref: '#/components/schemas/Id'}, {readOnly: true, example: x}]}
            Flag: {allOf: [{type: boolean}, {default: true}]}
            Mixed: {allOf: [{type: object, properties: {a: {type: string}}}, {type: array, items: {type: string}}]}
            ",
        )
        .lower();
        let id = Ty::Named("Id".to_owned());
        assert_eq!(*types.kind("Wrapped"), TypeKind::Alias(id.clone()));
        assert_eq!(*types.kind("Annotated"), TypeKind::Alias(id));
        assert_eq!(*types.kind("Flag"), TypeKind::Alias(Ty::Bool));
        assert_eq!(*types.kind("Mixed"), TypeKind::Alias(Ty::Json));
        assert_eq!(
            types.messages(),
            [
                "this `allOf` mixes objects with other kinds of schema; generated as `serde_json::Value`"
            ]
        );
    }

    #[test]
    fn additional_properties_are_a_map_field_or_the_whole_map() {
        let types = Doc::new(
            "
            Labels: {type: object, additionalProperties: {type: string}}
            Loose: {type: object}
            Tagged:
              type: object
              properties: {extra: {type: string}}
              additionalProperties: {type: integer, nullable: true}
            Closed: {type: object, properties: {a: {type: string}}, additionalProperties: false}
            ",
        )
        .lower();
        let map = |value: Ty| TypeKind::Alias(Ty::Map(Box::new(value)));
        assert_eq!(*types.kind("Labels"), map(Ty::String));
        assert_eq!(*types.kind("Loose"), map(Ty::Json));
        let extra = types.object("Tagged").extra.as_ref().unwrap();
        // the property `extra` has the name: the map field takes the next
        assert_eq!(extra.name, "extra_2");
        // nullable values in a map are kept as JSON
        assert_eq!(extra.value, Ty::Json);
        assert!(types.object("Closed").extra.is_none());
    }

    #[test]
    fn parts_that_only_annotate_add_no_shape() {
        let part = |yaml: &str| -> ReferenceOr<Schema> { serde_yaml::from_str(yaml).unwrap() };
        for annotating in [
            "{readOnly: true}",
            "{type: string}",
            "{type: object, required: [a]}",
            "{type: boolean, default: false}",
        ] {
            assert!(adds_no_shape(&part(annotating)), "{annotating}");
        }
        for shaping in [
            "{$ref: '#/components/schemas/A'}",
            "{type: string, format: date}",
            "{type: object, properties: {a: {type: string}}}",
            "{type: array, items: {type: string}}",
            "{oneOf: [{type: string}]}",
        ] {
            assert!(!adds_no_shape(&part(shaping)), "{shaping}");
        }
    }
}
