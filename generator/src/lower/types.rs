//! The type table: every schema of the document lowered to a Rust type.
//! Names of component schemas are reserved before anything is lowered, so a
//! `$ref` always resolves, cycles included; inline objects and enums get names
//! from where they stand (`CustomerGroup` + `address` -> `CustomerGroupAddress`).
//!
//! This file holds the table and the dispatch from a schema to its shape;
//! the submodules lower one concern each: `objects` (structs, maps, `allOf`),
//! `formats` (scalars), `enums` (string enums), `union_types` (`oneOf` /
//! `anyOf`), `tags` (implied tags), `forms` (`multipart/form-data` bodies),
//! `nullability` (whether `null` is allowed) and `cycles` (boxing).

mod cycles;
mod enums;
mod formats;
mod forms;
mod nullability;
mod objects;
mod shared_shapes;
mod tags;
mod union_types;

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use openapiv3::{ReferenceOr, Schema, SchemaData, SchemaKind, Type};

use self::cycles::settle_cycles;
use self::enums::enum_shape;
use self::forms::FormKey;
use self::objects::ObjectParts;
pub(crate) use self::shared_shapes::rename;
use self::shared_shapes::share_identical_shapes;
use super::resolve::Resolver;
use crate::customise::Customisations;
use crate::diagnostics::{Diagnostic, Pointer};
use crate::ir::{Docs, StringEnum, Ty, TypeDef, TypeKind, Union};
use crate::naming::{Scope, type_ident};

/// How deep references outside `components/schemas` are followed inline
/// before the generator gives up on a schema.
const MAX_INLINE_DEPTH: usize = 64;

/// A lowered schema: its type and whether `null` is allowed.
#[derive(Debug, Clone, PartialEq)]
pub struct Lowered {
    /// The type (without the `Option` for null).
    pub ty: Ty,
    /// Whether the value may be `null`.
    pub nullable: bool,
}

impl Lowered {
    fn plain(ty: Ty) -> Self {
        Self {
            ty,
            nullable: false,
        }
    }
}

/// What a schema becomes before it has a name.
enum Shape<'s> {
    /// A type expression that needs no definition of its own.
    Direct(Lowered),
    /// The type of another schema (at the pointer): the only part of an
    /// `allOf` or a union, or the one part of an `allOf` that is more than
    /// annotations. The caller lowers it.
    Same(&'s ReferenceOr<Schema>, Pointer),
    /// A struct, from one object or a merged `allOf`.
    Object(ObjectParts),
    /// A string enum; the flag says whether `null` is allowed too.
    Enum(StringEnum, bool),
    /// One of several types; the flag says whether one of them is null.
    Union(Union, bool),
}

/// A finished type table.
pub struct Finished {
    /// The types, sorted by name.
    pub types: Vec<TypeDef>,
    /// Warnings, and errors that stop generation.
    pub problems: Vec<Diagnostic>,
    /// Each inline type merged into another of the same shape, with that
    /// type: references from outside the table still name the former.
    pub shared: BTreeMap<String, String>,
}

/// An inline schema being lowered: where it stands, and the name of its
/// type once something needs one.
struct Pending {
    context: String,
    name: Option<String>,
}

/// All named types of one document, built up while lowering.
pub struct TypeTable<'a> {
    resolver: Resolver<'a>,
    customise: &'a Customisations,
    components: &'a IndexMap<String, ReferenceOr<Schema>>,
    names: Scope,
    component_names: BTreeMap<String, String>,
    defs: BTreeMap<String, TypeDef>,
    by_reference: BTreeMap<String, Lowered>,
    /// The form type made for each shared struct sent as a form, by the
    /// struct's name and the files and media types of its parts.
    forms: BTreeMap<FormKey, String>,
    /// The inline schemas being lowered, by pointer, with the name of their
    /// type once it has one: a schema met again inside itself (through an
    /// `allOf` that merges its own component, say) is that type.
    lowering: BTreeMap<String, Pending>,
    /// The names given to inline schemas, in the order they were given.
    inline_names: Vec<String>,
    depth: usize,
    warnings: Vec<Diagnostic>,
}

impl<'a> TypeTable<'a> {
    /// A table with a name reserved for every component schema.
    pub fn new(
        resolver: Resolver<'a>,
        components: &'a IndexMap<String, ReferenceOr<Schema>>,
        reserved: &[&str],
        customise: &'a Customisations,
    ) -> Self {
        let mut names = Scope::with_reserved(reserved.iter().copied());
        let component_names = components
            .keys()
            .filter(|key| !customise.schema_types.contains_key(*key))
            .map(|key| (component_ref(key), names.claim(type_ident(key))))
            .collect();
        Self {
            resolver,
            customise,
            components,
            names,
            component_names,
            defs: BTreeMap::new(),
            by_reference: BTreeMap::new(),
            forms: BTreeMap::new(),
            lowering: BTreeMap::new(),
            inline_names: Vec::new(),
            depth: 0,
            warnings: Vec::new(),
        }
    }

    /// Lowers every component schema into a named type.
    pub fn lower_components(&mut self) {
        let base = Pointer::root().join("components").join("schemas");
        for (key, schema) in self.components {
            let Some(name) = self.component_names.get(&component_ref(key)).cloned() else {
                continue;
            };
            let at = base.join(key);
            match schema {
                ReferenceOr::Reference { reference } => {
                    let target = self.lower_ref(reference, &name);
                    self.insert(name, Docs::default(), TypeKind::Alias(target.ty), &at);
                }
                ReferenceOr::Item(schema) => self.define(name, schema, &at),
            }
        }
    }

    /// The type of a schema used at `at`; `context` names any inline type.
    pub fn lower(&mut self, schema: &ReferenceOr<Schema>, context: &str, at: &Pointer) -> Lowered {
        match schema {
            ReferenceOr::Reference { reference } => self.lower_ref(reference, context),
            ReferenceOr::Item(schema) => self.lower_inline(schema, context, at),
        }
    }

    /// Whether the type `name` may be used in more than one place: a
    /// component, or what a reference outside the components lowered to.
    fn is_shared(&self, name: &str) -> bool {
        let named = |ty: &Ty| matches!(ty, Ty::Named(n) if n == name);
        self.component_names.values().any(|n| n == name)
            || self.by_reference.values().any(|lowered| named(&lowered.ty))
    }

    /// Records a problem found while lowering: a warning, or an error (such
    /// as a reference that cannot be resolved) that stops generation.
    pub fn push_warning(&mut self, problem: Diagnostic) {
        self.warnings.push(problem);
    }

    /// The finished table: cycles boxed, inline types of the same shape
    /// shared, types sorted by name, and the problems found (warnings, and
    /// errors that stop generation).
    pub fn finish(mut self) -> Finished {
        let recursion = settle_cycles(&mut self.defs);
        self.warnings.extend(recursion);
        let shared = share_identical_shapes(&mut self.defs, &self.inline_names);
        // a schema merged into several `allOf`s is lowered once per merge:
        // say what is wrong with it once
        let mut seen = BTreeSet::new();
        self.warnings
            .retain(|w| seen.insert((w.pointer.clone(), w.message.clone())));
        Finished {
            types: self.defs.into_values().collect(),
            problems: self.warnings,
            shared,
        }
    }

    fn lower_boxed(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        context: &str,
        at: &Pointer,
    ) -> Lowered {
        match schema {
            ReferenceOr::Reference { reference } => self.lower_ref(reference, context),
            ReferenceOr::Item(schema) => self.lower_inline(schema, context, at),
        }
    }

    fn lower_ref(&mut self, reference: &str, context: &str) -> Lowered {
        if let Some(user_type) = self.replaced(reference) {
            return Lowered {
                ty: Ty::Custom(user_type.to_owned()),
                nullable: self.component_nullable(reference),
            };
        }
        if let Some(name) = self.component_names.get(reference) {
            let nullable = self.component_nullable(reference);
            return Lowered {
                ty: Ty::Named(name.clone()),
                nullable,
            };
        }
        if let Some(done) = self.by_reference.get(reference) {
            return done.clone();
        }
        let lowered = self.lower_elsewhere(reference, context);
        self.by_reference
            .insert(reference.to_owned(), lowered.clone());
        lowered
    }

    /// A reference that is not a component schema, e.g. into another
    /// schema's properties: lowered like an inline schema.
    fn lower_elsewhere(&mut self, reference: &str, context: &str) -> Lowered {
        if self.depth >= MAX_INLINE_DEPTH {
            self.warn_json(reference, "references nest too deeply to follow");
            return Lowered::plain(Ty::Json);
        }
        match self.resolver.follow::<Schema>(reference) {
            Ok(schema) => {
                self.depth += 1;
                let lowered = self.lower_inline(&schema, context, &Pointer::from_ref(reference));
                self.depth -= 1;
                lowered
            }
            Err(error) => {
                self.warnings.push(error);
                Lowered::plain(Ty::Json)
            }
        }
    }

    /// The user's type for a component schema the settings replace.
    fn replaced(&self, reference: &str) -> Option<&'a str> {
        // only a reference to the schema itself, not into its properties
        let escaped = reference.strip_prefix("#/components/schemas/")?;
        if escaped.contains('/') {
            return None;
        }
        let key = component_key(reference);
        self.customise.schema_types.get(&key).map(String::as_str)
    }

    /// An inline schema's type; one met again while it is being lowered
    /// is the type being made (boxed later where it is held by value).
    fn lower_inline(&mut self, schema: &Schema, context: &str, at: &Pointer) -> Lowered {
        let lowered = match self.lowering.get(at.as_str()) {
            Some(_) => Lowered::plain(Ty::Named(self.name_of_pending(at, context))),
            None => {
                let pending = Pending {
                    context: context.to_owned(),
                    name: None,
                };
                self.lowering.insert(at.as_str().to_owned(), pending);
                let lowered = self.lower_inline_once(schema, context, at);
                let claimed = self.lowering.remove(at.as_str()).and_then(|p| p.name);
                self.alias_if_claimed(claimed, lowered, at)
            }
        };
        Lowered {
            nullable: lowered.nullable || schema.schema_data.nullable,
            ..lowered
        }
    }

    /// The name of the type the schema at `at`, being lowered from
    /// `context`, becomes: claimed now if it has none yet.
    fn name_of_pending(&mut self, at: &Pointer, context: &str) -> String {
        let pending = self.lowering.get(at.as_str());
        if let Some(name) = pending.and_then(|p| p.name.clone()) {
            return name;
        }
        let context = pending.map_or(context, |p| p.context.as_str());
        let name = self.names.claim(type_ident(context));
        self.inline_names.push(name.clone());
        if let Some(pending) = self.lowering.get_mut(at.as_str()) {
            pending.name = Some(name.clone());
        }
        name
    }

    /// A schema met again inside itself before it had a type of its own
    /// (through a union, say) and then lowered to a type expression: its
    /// name is an alias of that (`finish` settles one that names itself).
    fn alias_if_claimed(
        &mut self,
        claimed: Option<String>,
        lowered: Lowered,
        at: &Pointer,
    ) -> Lowered {
        if let Some(name) = claimed.filter(|name| !self.defs.contains_key(name)) {
            self.insert(
                name,
                Docs::default(),
                TypeKind::Alias(lowered.ty.clone()),
                at,
            );
        }
        lowered
    }

    fn lower_inline_once(&mut self, schema: &Schema, context: &str, at: &Pointer) -> Lowered {
        match self.shape(schema, context, at) {
            Shape::Direct(lowered) => lowered,
            Shape::Same(part, part_at) => self.lower(part, context, &part_at),
            shape => {
                let union_nullable = matches!(shape, Shape::Union(_, true) | Shape::Enum(_, true));
                let name = self.name_of_pending(at, context);
                self.define_shape(name.clone(), docs(&schema.schema_data), shape, at);
                Lowered {
                    ty: Ty::Named(name),
                    nullable: union_nullable,
                }
            }
        }
    }

    fn define(&mut self, name: String, schema: &Schema, at: &Pointer) {
        let shape = self.shape(schema, &name, at);
        self.define_shape(name, docs(&schema.schema_data), shape, at);
    }

    fn define_shape(&mut self, name: String, docs: Docs, shape: Shape<'_>, at: &Pointer) {
        let kind = match shape {
            Shape::Direct(lowered) => TypeKind::Alias(lowered.ty),
            Shape::Same(part, part_at) => TypeKind::Alias(self.lower(part, &name, &part_at).ty),
            Shape::Enum(values, _) => TypeKind::StringEnum(values),
            Shape::Union(union, _) => TypeKind::Union(union),
            Shape::Object(parts) => TypeKind::Struct(self.object(&name, parts, at, None)),
        };
        self.insert(name, docs, kind, at);
    }

    fn insert(&mut self, name: String, docs: Docs, kind: TypeKind, at: &Pointer) {
        self.defs
            .insert(name.clone(), TypeDef::new(name, docs, kind).at(at));
    }

    fn shape<'s>(&mut self, schema: &'s Schema, context: &str, at: &Pointer) -> Shape<'s> {
        match &schema.schema_kind {
            SchemaKind::Type(ty) => self.shape_of_type(ty, &schema.schema_data, context, at),
            SchemaKind::AllOf { all_of } => self.shape_of_all_of(all_of, context, at),
            SchemaKind::OneOf { one_of: parts } => {
                let at = at.join("oneOf");
                self.shape_of_union(
                    parts,
                    schema.schema_data.discriminator.as_ref(),
                    context,
                    &at,
                )
            }
            SchemaKind::AnyOf { any_of: parts } => {
                let at = at.join("anyOf");
                self.shape_of_union(
                    parts,
                    schema.schema_data.discriminator.as_ref(),
                    context,
                    &at,
                )
            }
            SchemaKind::Not { .. } => {
                self.warn_json(at, "`not` schemas cannot be expressed as a Rust type");
                Shape::Direct(Lowered::plain(Ty::Json))
            }
            SchemaKind::Any(any) => self.shape_of_any(any, &schema.schema_data, context, at),
        }
    }

    fn shape_of_type<'s>(
        &mut self,
        ty: &Type,
        data: &SchemaData,
        context: &str,
        at: &Pointer,
    ) -> Shape<'s> {
        let direct = |ty| Shape::Direct(Lowered::plain(ty));
        match ty {
            Type::String(s) if !s.enumeration.is_empty() => {
                enum_shape(&s.enumeration, data.default.as_ref())
            }
            Type::String(s) => direct(self.string_ty(&s.format)),
            Type::Integer(i) => direct(self.integer_ty(&i.format)),
            Type::Number(n) => direct(self.number_ty(&n.format)),
            Type::Boolean(_) => direct(Ty::Bool),
            Type::Array(array) => {
                let item = match &array.items {
                    Some(items) => {
                        self.lower_boxed(items, &format!("{context}Item"), &at.join("items"))
                    }
                    None => Lowered::plain(Ty::Json),
                };
                direct(Ty::Vec(Box::new(nullable_json(item))))
            }
            Type::Object(object) => self.shape_of_object(
                &object.properties,
                &object.required,
                object.additional_properties.as_ref(),
                context,
                at,
            ),
        }
    }

    fn shape_of_any<'s>(
        &mut self,
        any: &'s openapiv3::AnySchema,
        data: &SchemaData,
        context: &str,
        at: &Pointer,
    ) -> Shape<'s> {
        if let Some(scalar) = scalar_type(any) {
            return self.shape_of_type(&scalar, data, context, at);
        }
        if objects::all_of_beside_object_keywords(any) {
            return self.shape_of_all_of_beside(any, context, at);
        }
        if !any.properties.is_empty() || any.additional_properties.is_some() {
            return self.shape_of_object(
                &any.properties,
                &any.required,
                any.additional_properties.as_ref(),
                context,
                at,
            );
        }
        if let Some(items) = &any.items {
            let item = self.lower_boxed(items, &format!("{context}Item"), &at.join("items"));
            return Shape::Direct(Lowered::plain(Ty::Vec(Box::new(nullable_json(item)))));
        }
        Shape::Direct(Lowered::plain(Ty::Json))
    }

    fn warn_json(&mut self, at: impl Into<String>, why: &str) {
        self.warnings.push(
            Diagnostic::warning(at, format!("{why}; generated as `serde_json::Value`"))
                .with_hint("the value is still decoded, as untyped JSON"),
        );
    }
}

fn component_ref(key: &str) -> String {
    Pointer::root()
        .join("components")
        .join("schemas")
        .join(key)
        .into()
}

/// The scalar type of a schema that names one beside object keywords
/// (`type: string` with `additionalProperties: true`, or with `properties`
/// that document the values, as Plaid's account subtypes do): the type
/// wins, as in JSON Schema, where object keywords say nothing of a string
/// (`validate` warns of the properties).
fn scalar_type(any: &openapiv3::AnySchema) -> Option<Type> {
    let kind = any.typ.as_deref()?;
    let scalar = matches!(kind, "string" | "integer" | "number" | "boolean");
    if !scalar || any.items.is_some() {
        return None;
    }
    let mut schema = serde_json::Map::new();
    schema.insert("type".to_owned(), kind.into());
    if let Some(format) = &any.format {
        schema.insert("format".to_owned(), format.as_str().into());
    }
    if !any.enumeration.is_empty() {
        schema.insert("enum".to_owned(), any.enumeration.clone().into());
    }
    serde_json::from_value(schema.into()).ok()
}

/// A nullable value inside a collection keeps its nulls only as JSON.
fn nullable_json(lowered: Lowered) -> Ty {
    if lowered.nullable {
        Ty::Json
    } else {
        lowered.ty
    }
}

/// The key of a `#/components/schemas/...` reference, unescaped.
fn component_key(reference: &str) -> String {
    let key = reference.rsplit('/').next().unwrap_or_default();
    key.replace("~1", "/").replace("~0", "~")
}

fn docs(data: &SchemaData) -> Docs {
    Docs {
        summary: data.title.clone(),
        description: data.description.clone(),
    }
}

fn property_docs(schema: &ReferenceOr<Box<Schema>>) -> Docs {
    match schema {
        ReferenceOr::Item(schema) => docs(&schema.schema_data),
        ReferenceOr::Reference { .. } => Docs::default(),
    }
}

/// What the submodules' tests build documents with and look at.
#[cfg(test)]
mod testing {
    use indexmap::IndexMap;
    use openapiv3::{ReferenceOr, Schema};
    use serde_json::{Value, json};

    use super::TypeTable;
    use crate::customise::Customisations;
    use crate::diagnostics::Diagnostic;
    use crate::ir::{Field, StringEnum, Struct, TypeDef, TypeKind, Union, find_type};
    use crate::lower::resolve::Resolver;

    /// A document made of component schemas, normalised as the generator
    /// normalises documents.
    pub(super) struct Doc {
        pub(super) tree: Value,
        schemas: IndexMap<String, ReferenceOr<Schema>>,
        customise: Customisations,
    }

    impl Doc {
        /// A document whose `components/schemas` are `schemas` (YAML).
        pub(super) fn new(schemas: &str) -> Self {
            Self::with(schemas, Customisations::default())
        }

        /// The same with the user's settings.
        pub(super) fn with(schemas: &str, customise: Customisations) -> Self {
            let schemas: Value = serde_yaml::from_str(schemas).unwrap();
            let mut tree = json!({"openapi": "3.0.3", "components": {"schemas": schemas}});
            crate::normalise::normalise(&mut tree);
            let schemas = serde_json::from_value(tree["components"]["schemas"].clone()).unwrap();
            Self {
                tree,
                schemas,
                customise,
            }
        }

        /// A table over the document, its components not lowered yet.
        pub(super) fn table(&self) -> TypeTable<'_> {
            TypeTable::new(
                Resolver::new(&self.tree),
                &self.schemas,
                &[],
                &self.customise,
            )
        }

        /// The document's components lowered.
        pub(super) fn lower(&self) -> Types {
            let mut table = self.table();
            table.lower_components();
            Types::from(table)
        }
    }

    /// A finished table: the types and the problems found.
    pub(super) struct Types {
        pub(super) defs: Vec<TypeDef>,
        pub(super) warnings: Vec<Diagnostic>,
    }

    impl From<TypeTable<'_>> for Types {
        fn from(table: TypeTable<'_>) -> Self {
            let super::Finished {
                types: defs,
                problems: warnings,
                ..
            } = table.finish();
            Self { defs, warnings }
        }
    }

    impl Types {
        /// The names of all types, sorted.
        pub(super) fn names(&self) -> Vec<&str> {
            self.defs.iter().map(|def| def.name.as_str()).collect()
        }

        /// The type called `name`.
        pub(super) fn def(&self, name: &str) -> &TypeDef {
            find_type(&self.defs, name).unwrap()
        }

        /// What the type called `name` is.
        pub(super) fn kind(&self, name: &str) -> &TypeKind {
            &self.def(name).kind
        }

        /// The struct called `name`.
        pub(super) fn object(&self, name: &str) -> &Struct {
            as_struct(self.kind(name)).unwrap()
        }

        /// The union called `name`.
        pub(super) fn union(&self, name: &str) -> &Union {
            match self.kind(name) {
                TypeKind::Union(union) => Some(union),
                _ => None,
            }
            .unwrap()
        }

        /// The string enum called `name`.
        pub(super) fn string_enum(&self, name: &str) -> &StringEnum {
            match self.kind(name) {
                TypeKind::StringEnum(values) => Some(values),
                _ => None,
            }
            .unwrap()
        }

        /// The field of struct `name` for property `wire_name`.
        pub(super) fn field(&self, name: &str, wire_name: &str) -> &Field {
            let object = self.object(name);
            object
                .fields
                .iter()
                .find(|f| f.wire_name == wire_name)
                .unwrap()
        }

        /// The messages of the warnings, in order.
        pub(super) fn messages(&self) -> Vec<&str> {
            self.warnings.iter().map(|w| w.message.as_str()).collect()
        }
    }

    /// The struct `kind` is, if it is one.
    pub(super) fn as_struct(kind: &TypeKind) -> Option<&Struct> {
        match kind {
            TypeKind::Struct(s) => Some(s),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::Doc;
    use crate::customise::Customisations;
    use crate::ir::{Presence, Ty, TypeKind};

    #[test]
    fn references_resolve_to_component_names_reserved_up_front() {
        let types = Doc::new(
            "
            Group: {type: object, properties: {owner: {$ref: '#/components/schemas/User'}}}
            User: {type: object, nullable: true, properties: {name: {type: string}}}
            ",
        )
        .lower();
        let owner = types.field("Group", "owner");
        assert_eq!(owner.ty, Ty::Named("User".to_owned()));
        // `User` is nullable: a reference to it may be null
        assert_eq!(owner.presence, Presence::OptionalNullable);
    }

    /// GitHub's `hook-delivery` response `payload`: `type: string` beside
    /// `additionalProperties: true` is a string, not a map.
    #[test]
    fn a_scalar_type_beside_object_keywords_stays_that_scalar() {
        let types = Doc::new(
            "
            Response:
              type: object
              properties:
                payload: {type: string, nullable: true, additionalProperties: true}
                at: {type: string, format: date-time, additionalProperties: false}
                count: {type: integer, additionalProperties: true}
            ",
        )
        .lower();
        assert_eq!(types.field("Response", "payload").ty, Ty::String);
        assert_eq!(types.field("Response", "at").ty, Ty::DateTime);
        assert_eq!(types.field("Response", "count").ty, Ty::I64);
    }

    #[test]
    fn inline_types_are_named_from_where_they_stand() {
        let types = Doc::new(
            "
            CustomerGroup:
              type: object
              properties:
                address: {type: object, properties: {city: {type: string}}}
                status: {type: string, enum: [active, closed]}
            CustomerGroupAddress: {type: string}
            ",
        )
        .lower();
        // the component keeps its name; the inline object takes the next one
        assert_eq!(
            types.names(),
            [
                "CustomerGroup",
                "CustomerGroupAddress",
                "CustomerGroupAddress2",
                "CustomerGroupStatus"
            ]
        );
        let address = types.field("CustomerGroup", "address");
        assert_eq!(address.ty, Ty::Named("CustomerGroupAddress2".to_owned()));
        assert!(matches!(
            types.kind("CustomerGroupStatus"),
            TypeKind::StringEnum(_)
        ));
    }

    #[test]
    fn a_reference_into_a_schema_is_lowered_once() {
        let types = Doc::new(
            "
            Pet:
              type: object
              properties:
                kind: {type: string, enum: [cat, dog]}
                other: {$ref: '#/components/schemas/Pet/properties/kind'}
            Owner:
              type: object
              properties:
                favourite: {$ref: '#/components/schemas/Pet/properties/kind'}
            ",
        )
        .lower();
        let favourite = types.field("Owner", "favourite").ty.clone();
        assert_eq!(types.field("Pet", "other").ty, favourite);
        // the references are one type, and the property they refer to is
        // of the same shape, so that type too
        assert_eq!(types.names(), ["Owner", "Pet", "PetKind"]);
        assert_eq!(types.field("Pet", "kind").ty, favourite);
    }

    #[test]
    fn replaced_components_and_not_schemas() {
        let mut customise = Customisations::default();
        customise
            .schema_types
            .insert("Money".to_owned(), "rust_decimal::Decimal".to_owned());
        let types = Doc::with(
            "
            Money: {type: string}
            Price:
              type: object
              properties:
                amount: {$ref: '#/components/schemas/Money'}
                odd: {not: {type: string}}
            ",
            customise,
        )
        .lower();
        assert_eq!(types.names(), ["Price"]);
        let amount = &types.field("Price", "amount").ty;
        assert_eq!(*amount, Ty::Custom("rust_decimal::Decimal".to_owned()));
        assert_eq!(types.field("Price", "odd").ty, Ty::Json);
        assert_eq!(
            types.messages(),
            ["`not` schemas cannot be expressed as a Rust type; generated as `serde_json::Value`"]
        );
    }

    #[test]
    fn inline_schemas_of_one_shape_share_the_first_shallowest_type() {
        let types = Doc::new(
            "
            Order:
              type: object
              properties:
                billing:
                  type: object
                  properties:
                    address: {type: object, properties: {city: {type: string}}}
                shipping:
                  type: object
                  properties:
                    address: {type: object, properties: {city: {type: string}}}
                note: {type: object, description: Other words, properties: {city: {type: string}}}
            City:
              type: object
              properties:
                city: {type: string}
            ",
        )
        .lower();
        // `shipping.address` is `billing.address`, so `shipping` is `billing`
        // once its field is shared; the component and the object with a
        // description of its own keep their types
        assert_eq!(
            types.names(),
            [
                "City",
                "Order",
                "OrderBilling",
                "OrderBillingAddress",
                "OrderNote"
            ]
        );
        let billing = Ty::Named("OrderBilling".to_owned());
        assert_eq!(types.field("Order", "billing").ty, billing);
        assert_eq!(types.field("Order", "shipping").ty, billing);
    }

    #[test]
    fn recursive_inline_shapes_stay_apart() {
        let types = Doc::new(
            "
            Tree:
              type: object
              properties:
                left:
                  type: object
                  properties:
                    child: {$ref: '#/components/schemas/Tree/properties/left'}
                right:
                  type: object
                  properties:
                    child: {$ref: '#/components/schemas/Tree/properties/right'}
            ",
        )
        .lower();
        // each refers to itself, so the two shapes are not the same
        assert_eq!(types.names(), ["Tree", "TreeLeft", "TreeRight"]);
    }
}
