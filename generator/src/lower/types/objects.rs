//! Objects: the properties of one schema, or of the parts an `allOf` merges,
//! as a struct (with a map field for `additionalProperties`); an object
//! without properties is a map; an `allOf` of one shape and annotations is
//! that shape.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty,
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
                return self.all_of_one_shape(parts, context, at);
            }
        }
        self.object_or_map(merged, context, at)
    }

    /// An `allOf` beside object keywords of its own (`type: object`,
    /// `properties`, `required`, `additionalProperties`), which openapiv3
    /// reads as an untyped schema: its parts merged, then its own
    /// properties (a refinement of theirs), required names and extra
    /// properties. With no properties of its own it is the `allOf` alone
    /// (`required` marks the merged properties when every part is an
    /// object).
    pub(super) fn shape_of_all_of_beside<'s>(
        &mut self,
        any: &'s AnySchema,
        context: &str,
        at: &Pointer,
    ) -> Shape<'s> {
        let own_shape = !any.properties.is_empty() || any.additional_properties.is_some();
        if !own_shape && any.required.is_empty() {
            return self.shape_of_all_of(&any.all_of, context, at);
        }
        let mut merged = ObjectParts::default();
        for (i, part) in any.all_of.iter().enumerate() {
            if !self.merge_into(&mut merged, part, &at.join("allOf").join(i), 0) {
                if !own_shape {
                    return self.all_of_one_shape(&any.all_of, context, at);
                }
                self.warn_json(at, "this `allOf` mixes objects with other kinds of schema");
                return Shape::Direct(Lowered::plain(Ty::Json));
            }
        }
        add_properties(&mut merged, &any.properties, &any.required, at);
        merged.extra = any.additional_properties.clone();
        self.object_or_map(merged, context, at)
    }

    /// An `allOf` that is not a merge of objects: one part gives the shape
    /// (a string, a union, ...) and the others only annotate or constrain it
    /// (`example`, `default`, `readOnly`, `required`, a bare `type`), so
    /// that part is the type; parts that are the same reference (one of
    /// them wrapped in an `allOf` beside constraints) are that one; lists
    /// are a list of the one items schema that gives a shape. Anything else
    /// cannot be expressed yet.
    fn all_of_one_shape<'s>(
        &mut self,
        parts: &'s [ReferenceOr<Schema>],
        context: &str,
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
            // other): the first, which holds every value of the others (the
            // first with a `type`: values listed without one are no type)
            [first, rest @ ..] if rest.iter().all(|(_, p)| self.same_scalar(first.1, p)) => {
                let untyped = |part: &ReferenceOr<Schema>| matches!(part, ReferenceOr::Item(s) if matches!(s.schema_kind, SchemaKind::Any(_)));
                shaped
                    .iter()
                    .find(|(_, p)| !untyped(p))
                    .or(Some(first))
                    .copied()
            }
            // Cloudflare's `errors: {$ref: messages}` beside
            // `errors: {allOf: [{$ref: messages}], minLength: 1}`
            [first, rest @ ..] if rest.iter().all(|(_, p)| same_reference(first.1, p)) => {
                Some(*first)
            }
            _ => None,
        };
        if let Some((i, part)) = only {
            return Shape::Same(part, at.join("allOf").join(i));
        }
        if let Some(list) = self.all_of_lists(&shaped, context, at) {
            return list;
        }
        self.warn_json(at, "this `allOf` mixes objects with other kinds of schema");
        Shape::Direct(Lowered::plain(Ty::Json))
    }

    /// Parts that are all lists (by reference or inline) of which at most
    /// one says what its items are (Cloudflare's collection envelope's
    /// `result: {type: array, items: {}}` beside an operation's `result:
    /// {type: array, items: {$ref: ..}}`): a list of those items.
    fn all_of_lists<'s>(
        &mut self,
        parts: &[(usize, &ReferenceOr<Schema>)],
        context: &str,
        at: &Pointer,
    ) -> Option<Shape<'s>> {
        let mut shaped_items = Vec::new();
        for (i, part) in parts {
            let base = match part {
                ReferenceOr::Reference { reference } => Pointer::from_ref(reference),
                ReferenceOr::Item(_) => at.join("allOf").join(*i),
            };
            let schema = self.resolver.deref(part).ok()?;
            let SchemaKind::Type(Type::Array(array)) = &schema.schema_kind else {
                return None;
            };
            if let Some(items) = array.items.as_ref().filter(|items| !any_items(items)) {
                shaped_items.push((items.clone(), base.join("items")));
            }
        }
        let item = match shaped_items.as_slice() {
            [] => Lowered::plain(Ty::Json),
            [(items, items_at)] => self.lower_boxed(items, &format!("{context}Item"), items_at),
            _ => return None,
        };
        Some(Shape::Direct(Lowered::plain(Ty::Vec(Box::new(
            nullable_json(item),
        )))))
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
                // values listed without a `type` (`{enum: [onetimepin]}`)
                SchemaKind::Any(any) if any.typ.is_none() && any.properties.is_empty() => {
                    let values = &any.enumeration;
                    let all = |is: fn(&serde_json::Value) -> bool| {
                        !values.is_empty() && values.iter().all(|v| v.is_null() || is(v))
                    };
                    [
                        all(serde_json::Value::is_string),
                        all(|v| v.is_i64() || v.is_u64()),
                        all(serde_json::Value::is_number),
                        all(serde_json::Value::is_boolean),
                    ]
                    .iter()
                    .position(|&listed| listed)
                }
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
            // an `allOf` beside object keywords of its own: its parts, then
            // those keywords (see `all_of_beside_object_keywords`)
            SchemaKind::Any(any) if any.items.is_none() && any.enumeration.is_empty() => {
                let parts = any.all_of.iter().enumerate().all(|(i, p)| {
                    depth < MAX_INLINE_DEPTH
                        && self.merge_into(merged, p, &at.join("allOf").join(i), depth + 1)
                });
                add_properties(merged, &any.properties, &any.required, &at);
                parts
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

/// Whether a union alternative only names a type: it adds no shape, or
/// is a list of items that add none (`{type: array, items: {type: object}}`).
fn names_a_type_only(part: &ReferenceOr<Schema>) -> bool {
    match part {
        ReferenceOr::Item(Schema {
            schema_kind: SchemaKind::Type(Type::Array(array)),
            ..
        }) => array
            .items
            .as_ref()
            .is_none_or(|items| adds_no_shape(&unboxed(items))),
        _ => adds_no_shape(part),
    }
}

/// Whether the `items` of a list say nothing of them (`items: {}`, or
/// only annotations).
fn any_items(items: &ReferenceOr<Box<Schema>>) -> bool {
    let items = unboxed(items);
    let untyped =
        matches!(&items, ReferenceOr::Item(s) if matches!(s.schema_kind, SchemaKind::Any(_)));
    untyped && adds_no_shape(&items)
}

/// Whether two `allOf` parts are the same reference, either of them
/// perhaps wrapped in `allOf`s of it beside annotations and constraints
/// only (`{allOf: [{$ref: ..}], minLength: 1}`), as merging one property of
/// several parts makes them.
fn same_reference(a: &ReferenceOr<Schema>, b: &ReferenceOr<Schema>) -> bool {
    target(a, 0).is_some_and(|a| target(b, 0) == Some(a))
}

/// The one reference a part stands for: itself, or what every part of an
/// `allOf` that gives a shape stands for, when nothing beside the `allOf`
/// gives one.
fn target(part: &ReferenceOr<Schema>, depth: usize) -> Option<&str> {
    let schema = match part {
        ReferenceOr::Reference { reference } => return Some(reference),
        ReferenceOr::Item(schema) => schema,
    };
    let parts = match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => all_of,
        SchemaKind::Any(any)
            if any.properties.is_empty()
                && any.required.is_empty()
                && any.additional_properties.is_none()
                && any.items.is_none()
                && any.enumeration.is_empty()
                && any.format.is_none()
                && any.one_of.is_empty()
                && any.any_of.is_empty()
                && any.not.is_none() =>
        {
            &any.all_of
        }
        _ => return None,
    };
    if depth >= MAX_INLINE_DEPTH {
        return None;
    }
    let mut shaped = parts.iter().filter(|p| !adds_no_shape(p));
    let first = target(shaped.next()?, depth + 1)?;
    shaped
        .all(|p| target(p, depth + 1) == Some(first))
        .then_some(first)
}

/// Whether an untyped schema (as openapiv3 reads one whose keywords mix)
/// is an `allOf` beside object keywords or constraints of its own
/// (`type: object`, `properties`, `required`, `minLength`, ...), and
/// nothing else that gives a shape: no other combination, no items, no
/// enum, and no other type unless it is a bare one (`type: array` beside
/// an `allOf` of lists). Cloudflare writes its response envelopes so
/// (`allOf: [common, {result}]` with `type: object`). (Scalar types beside
/// an `allOf` are read as that scalar before this is asked.)
pub(super) fn all_of_beside_object_keywords(any: &AnySchema) -> bool {
    let object_keywords = !any.properties.is_empty()
        || !any.required.is_empty()
        || any.additional_properties.is_some();
    !any.all_of.is_empty()
        && any.one_of.is_empty()
        && any.any_of.is_empty()
        && any.not.is_none()
        && any.items.is_none()
        && any.enumeration.is_empty()
        && (!object_keywords || any.typ.as_deref().is_none_or(|kind| kind == "object"))
}

/// Whether an `allOf` part only annotates or constrains the others: no
/// properties, items, enum or format of its own, and no alternatives but
/// bare types (a bare `type`, an array without `items`, `required`,
/// `example`, `default`, `readOnly`, bounds, `anyOf: [{type: object},
/// {type: string}]`, ...).
fn adds_no_shape(part: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(schema) = part else {
        return false;
    };
    match &schema.schema_kind {
        // (a value that must be `null`, `enum: [null]`, as Cloudflare's
        // failures say of `result`, narrows whatever the other parts say
        // to nothing but their `null`)
        SchemaKind::Any(any) => {
            any.properties.is_empty()
                && any.additional_properties.is_none()
                && any.items.is_none()
                && any.enumeration.iter().all(serde_json::Value::is_null)
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
        // a bare `type: array` (or one of any items, `items: {}`) says
        // nothing of its items
        SchemaKind::Type(Type::Array(array)) => array.items.as_ref().is_none_or(any_items),
        // alternatives that only name types (Cloudflare's `result: {anyOf:
        // [{type: object}, {type: string}]}`, which each response narrows)
        // say what kind the value is, not its shape (a union of one is
        // that one, merged as such)
        SchemaKind::OneOf {
            one_of: alternatives,
        }
        | SchemaKind::AnyOf {
            any_of: alternatives,
        } => alternatives.len() > 1 && alternatives.iter().all(names_a_type_only),
        SchemaKind::AllOf { .. } | SchemaKind::Not { .. } => false,
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
            Kind: {type: string, enum: [a, b]}
            Narrowed: {allOf: [{enum: [a]}, {$ref: '#/components/schemas/Kind'}]}
            ",
        )
        .lower();
        let id = Ty::Named("Id".to_owned());
        assert_eq!(*types.kind("Wrapped"), TypeKind::Alias(id.clone()));
        assert_eq!(*types.kind("Annotated"), TypeKind::Alias(id));
        assert_eq!(*types.kind("Flag"), TypeKind::Alias(Ty::Bool));
        assert_eq!(*types.kind("Mixed"), TypeKind::Alias(Ty::Json));
        // values listed without a `type` are of the type the other part names
        let kind = Ty::Named("Kind".to_owned());
        assert_eq!(*types.kind("Narrowed"), TypeKind::Alias(kind));
        assert_eq!(
            types.messages(),
            [
                "this `allOf` mixes objects with other kinds of schema; generated as `serde_json::Value`"
            ]
        );
    }

    /// Cloudflare's response envelopes: an `allOf` beside `type: object`
    /// (which openapiv3 reads as an untyped schema) merges its parts, also
    /// as a part of another `allOf`, and keywords beside it are one more part.
    #[test]
    fn an_all_of_beside_object_keywords_merges_its_parts_and_them() {
        let types = Doc::new(
            "
            Common:
              type: object
              required: [success, errors]
              properties: {success: {type: boolean}, errors: {type: array, items: {type: string}}}
            Single:
              type: object
              allOf:
                - $ref: '#/components/schemas/Common'
                - properties: {result: {anyOf: [{type: object}, {type: string}]}}
            JobSingle:
              allOf:
                - $ref: '#/components/schemas/Single'
                - properties: {result: {type: object, properties: {id: {type: integer}}}}
            Named:
              required: [name]
              allOf:
                - properties: {name: {type: string}}
                - $ref: '#/components/schemas/Common'
            Own:
              type: object
              properties: {note: {type: string}}
              additionalProperties: {type: integer}
              allOf: [{$ref: '#/components/schemas/Common'}]
            Alias: {type: object, allOf: [{$ref: '#/components/schemas/Common'}]}
            Errors: {allOf: [{type: array, items: {type: string}}], minLength: 1}
            Messages: {type: array, items: {type: object, properties: {code: {type: integer}}}}
            Failure:
              allOf:
                - {properties: {errors: {$ref: '#/components/schemas/Messages'}, result: {type: array, nullable: true, items: {}}}}
                - properties:
                    errors: {type: array, allOf: [{$ref: '#/components/schemas/Messages'}], minLength: 1}
                    result: {type: array, items: {type: object, properties: {id: {type: integer}}}}
                - properties: {errors: {}}
                - properties: {errors: {allOf: [{$ref: '#/components/schemas/Messages'}], example: []}}
            ",
        )
        .lower();
        let wire = |name: &str| -> Vec<&str> {
            let fields = types.object(name).fields.iter();
            fields.map(|f| f.wire_name.as_str()).collect()
        };
        assert_eq!(wire("Single"), ["success", "errors", "result"]);
        assert_eq!(wire("JobSingle"), ["success", "errors", "result"]);
        assert_eq!(
            types.field("JobSingle", "errors").presence,
            Presence::Required
        );
        let result = &types.field("JobSingle", "result").ty;
        assert!(matches!(result, Ty::Named(_)), "{result:?}");
        assert_eq!(wire("Named"), ["name", "success", "errors"]);
        assert_eq!(types.field("Named", "name").presence, Presence::Required);
        assert_eq!(wire("Own"), ["success", "errors", "note"]);
        assert_eq!(
            types.object("Own").extra.as_ref().map(|e| &e.value),
            Some(&Ty::I64)
        );
        let common = Ty::Named("Common".to_owned());
        assert_eq!(*types.kind("Alias"), TypeKind::Alias(common));
        let strings = Ty::Vec(Box::new(Ty::String));
        assert_eq!(*types.kind("Errors"), TypeKind::Alias(strings));
        // a reference beside the same one wrapped; lists of which one
        // says what its items are
        let messages = Ty::Named("Messages".to_owned());
        assert_eq!(types.field("Failure", "errors").ty, messages);
        let result = &types.field("Failure", "result").ty;
        assert!(
            matches!(result, Ty::Vec(item) if matches!(**item, Ty::Named(_))),
            "{result:?}"
        );
        assert!(types.messages().is_empty(), "{:?}", types.messages());
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
            "{anyOf: [{type: object, nullable: true}, {type: string}]}",
            "{type: array, items: {}}",
            "{type: object, enum: [null], nullable: true}",
            "{anyOf: [{type: object}, {type: array, items: {type: object}}, {type: string}]}",
        ] {
            assert!(adds_no_shape(&part(annotating)), "{annotating}");
        }
        for shaping in [
            "{$ref: '#/components/schemas/A'}",
            "{type: string, format: date}",
            "{type: object, properties: {a: {type: string}}}",
            "{type: array, items: {type: string}}",
            "{oneOf: [{type: string}]}",
            "{anyOf: [{type: object}, {$ref: '#/components/schemas/A'}]}",
        ] {
            assert!(!adds_no_shape(&part(shaping)), "{shaping}");
        }
    }
}
