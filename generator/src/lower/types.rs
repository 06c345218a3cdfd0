//! The type table: every schema of the document lowered to a Rust type.
//! Names of component schemas are reserved before anything is lowered, so a
//! `$ref` always resolves, cycles included; inline objects and enums get names
//! from where they stand (`CustomerGroup` + `address` -> `CustomerGroupAddress`).

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaData, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use super::multipart::FormParts;
use super::resolve::Resolver;
use super::unions;
use crate::customise::Customisations;
use crate::diagnostics::{Diagnostic, Pointer};
use crate::ir::{
    Discriminator, Docs, ExtraField, Field, Presence, StringEnum, Struct, Ty, TypeDef, TypeKind,
    UNKNOWN_VARIANT, Union, UnionVariant, Variant,
};
use crate::naming::{Scope, snake_ident, type_ident, upper_camel_case, variant_ident};

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

/// Object properties gathered from one schema or from the parts of an `allOf`.
#[derive(Debug, Default)]
struct ObjectParts {
    properties: IndexMap<String, (ReferenceOr<Box<Schema>>, Pointer)>,
    required: BTreeSet<String>,
    extra: Option<AdditionalProperties>,
}

/// A shared struct and the parts it is sent as: its files and their media
/// types.
type FormKey = (String, BTreeMap<String, Ty>, BTreeMap<String, String>);

/// What a schema becomes before it has a name.
enum Shape {
    /// A type expression that needs no definition of its own.
    Direct(Lowered),
    /// A struct, from one object or a merged `allOf`.
    Object(ObjectParts),
    /// A string enum; the flag says whether `null` is allowed too.
    Enum(StringEnum, bool),
    /// One of several types; the flag says whether one of them is null.
    Union(Union, bool),
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
                    self.insert(name, Docs::default(), TypeKind::Alias(target.ty));
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

    /// The type of a `multipart/form-data` body of type `ty`: the struct it
    /// names (directly or through aliases), its fields made parts as `parts`
    /// says (files typed `Ty::File` or lists of them, media types from the
    /// `encoding` object). A struct made for this body alone is changed in
    /// place; a shared one (a component, or a schema referenced by a path
    /// outside the components) is left as it is, and a copy made a form, its
    /// form type, is made once and reused. `None` when `ty` is no struct.
    pub fn make_form(&mut self, ty: &Ty, parts: &FormParts) -> Option<Ty> {
        let chain = self.names_to_struct(ty)?;
        let name = chain.last()?.clone();
        // a component may be an alias of an inline struct (a one-part
        // `allOf`): the struct is then shared too, and the form is named
        // after the last shared name on the way to it
        let shared = chain
            .iter()
            .rev()
            .find(|name| self.is_shared(name))
            .cloned();
        let Some(TypeKind::Struct(s)) = self.defs.get_mut(&name).map(|def| &mut def.kind) else {
            return None;
        };
        let Some(named) = shared else {
            let replaced = replaced_types(s, parts);
            make_parts(s, parts);
            for old in &replaced {
                self.drop_inline(old);
            }
            return Some(ty.clone());
        };
        let mut form = s.clone();
        make_parts(&mut form, parts);
        if form == *s {
            return Some(ty.clone());
        }
        Some(Ty::Named(self.form_copy(&named, form, parts)))
    }

    /// The names from `ty` to the struct it names through aliases, that
    /// struct's last; `None` when it names no struct.
    fn names_to_struct(&self, ty: &Ty) -> Option<Vec<String>> {
        let mut chain = Vec::new();
        let mut current = ty;
        // one step per named type at most: aliases cannot loop for ever
        for _ in 0..=self.defs.len() {
            let Ty::Named(name) = current else {
                return None;
            };
            chain.push(name.clone());
            match &self.defs.get(name)?.kind {
                TypeKind::Alias(inner) => current = inner,
                TypeKind::Struct(_) => return Some(chain),
                _ => return None,
            }
        }
        None
    }

    /// Whether the type `name` may be used in more than one place: a
    /// component, or what a reference outside the components lowered to.
    fn is_shared(&self, name: &str) -> bool {
        let named = |ty: &Ty| matches!(ty, Ty::Named(n) if n == name);
        self.component_names.values().any(|n| n == name)
            || self.by_reference.values().any(|lowered| named(&lowered.ty))
    }

    /// Removes the inline type `ty` names and the inline types it holds,
    /// once nothing refers to them (a field that held one is now a file, or
    /// a tag property was taken out of its object).
    fn drop_inline(&mut self, ty: &Ty) {
        let Ty::Named(name) = ty else {
            return;
        };
        if self.is_shared(name) || self.defs.values().any(|def| def.kind.refers_to(name)) {
            return;
        }
        // each call removes a type: the recursion ends
        if let Some(def) = self.defs.remove(name) {
            for held in by_value_names(&def.kind) {
                self.drop_inline(&Ty::Named(held));
            }
        }
    }

    /// The form type of the shared struct `name` for these parts: made on
    /// first use, as `form` (the struct made a form) under a free name
    /// (`{name}Form`).
    fn form_copy(&mut self, name: &str, form: Struct, parts: &FormParts) -> String {
        let key = (
            name.to_owned(),
            parts.files.clone(),
            parts.media_types.clone(),
        );
        if let Some(form_name) = self.forms.get(&key) {
            return form_name.clone();
        }
        let Some(def) = self.defs.get(name) else {
            return name.to_owned();
        };
        let form_name = self
            .names
            .claim(format!("{}Form", name.trim_end_matches('_')));
        let docs = form_docs(def.docs.clone(), name);
        self.insert(form_name.clone(), docs, TypeKind::Struct(form));
        self.forms.insert(key, form_name.clone());
        form_name
    }

    /// Records a problem found while lowering: a warning, or an error (such
    /// as a reference that cannot be resolved) that stops generation.
    pub fn push_warning(&mut self, problem: Diagnostic) {
        self.warnings.push(problem);
    }

    /// The finished table: cycles boxed, types sorted by name, and the
    /// problems found (warnings, and errors that stop generation).
    pub fn finish(mut self) -> (Vec<TypeDef>, Vec<Diagnostic>) {
        box_cycles(&mut self.defs);
        // a schema merged into several `allOf`s is lowered once per merge:
        // say what is wrong with it once
        let mut seen = BTreeSet::new();
        self.warnings
            .retain(|w| seen.insert((w.pointer.clone(), w.message.clone())));
        (self.defs.into_values().collect(), self.warnings)
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

    fn component_nullable(&self, reference: &str) -> bool {
        let key = component_key(reference);
        matches!(self.components.get(&key), Some(ReferenceOr::Item(s)) if s.schema_data.nullable)
    }

    /// The user's type for schemas with this format, if the settings set one.
    fn user_format<F: FormatName>(&self, format: &VariantOrUnknownOrEmpty<F>) -> Option<Ty> {
        let user_type = self.customise.format_type(format_name(format)?)?;
        Some(Ty::Custom(user_type.to_owned()))
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

    fn lower_inline(&mut self, schema: &Schema, context: &str, at: &Pointer) -> Lowered {
        let nullable = schema.schema_data.nullable;
        let lowered = match self.shape(schema, context, at) {
            Shape::Direct(lowered) => lowered,
            shape => {
                let union_nullable = matches!(shape, Shape::Union(_, true) | Shape::Enum(_, true));
                let name = self.names.claim(type_ident(context));
                self.define_shape(name.clone(), docs(&schema.schema_data), shape, at);
                Lowered {
                    ty: Ty::Named(name),
                    nullable: union_nullable,
                }
            }
        };
        Lowered {
            nullable: lowered.nullable || nullable,
            ..lowered
        }
    }

    fn define(&mut self, name: String, schema: &Schema, at: &Pointer) {
        let shape = self.shape(schema, &name, at);
        let docs = docs(&schema.schema_data);
        match shape {
            Shape::Direct(lowered) => self.insert(name, docs, TypeKind::Alias(lowered.ty)),
            shape => self.define_shape(name, docs, shape, at),
        }
    }

    fn define_shape(&mut self, name: String, docs: Docs, shape: Shape, at: &Pointer) {
        let kind = match shape {
            Shape::Direct(lowered) => TypeKind::Alias(lowered.ty),
            Shape::Enum(values, _) => TypeKind::StringEnum(values),
            Shape::Union(union, _) => TypeKind::Union(union),
            Shape::Object(parts) => TypeKind::Struct(self.object(&name, parts, at)),
        };
        self.insert(name, docs, kind);
    }

    fn insert(&mut self, name: String, docs: Docs, kind: TypeKind) {
        self.defs.insert(name.clone(), TypeDef { name, docs, kind });
    }

    fn shape(&mut self, schema: &Schema, context: &str, at: &Pointer) -> Shape {
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
            SchemaKind::Any(any) => self.shape_of_any(any, context, at),
        }
    }

    fn shape_of_type(
        &mut self,
        ty: &Type,
        data: &SchemaData,
        context: &str,
        at: &Pointer,
    ) -> Shape {
        let direct = |ty| Shape::Direct(Lowered::plain(ty));
        match ty {
            Type::String(s) if !s.enumeration.is_empty() => {
                enum_shape(&s.enumeration, data.default.as_ref())
            }
            Type::String(s) => direct(
                self.user_format(&s.format)
                    .unwrap_or_else(|| string_type(&s.format)),
            ),
            Type::Integer(i) => direct(self.user_format(&i.format).unwrap_or(match i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Ty::I32,
                _ => Ty::I64,
            })),
            Type::Number(n) => direct(self.user_format(&n.format).unwrap_or(match n.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Ty::F32,
                _ => Ty::F64,
            })),
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
            Type::Object(object) => {
                let mut parts = ObjectParts::default();
                add_properties(&mut parts, &object.properties, &object.required, at);
                parts.extra.clone_from(&object.additional_properties);
                self.object_or_map(parts, context, at)
            }
        }
    }

    fn shape_of_any(&mut self, any: &openapiv3::AnySchema, context: &str, at: &Pointer) -> Shape {
        if !any.properties.is_empty() || any.additional_properties.is_some() {
            let mut parts = ObjectParts::default();
            add_properties(&mut parts, &any.properties, &any.required, at);
            parts.extra.clone_from(&any.additional_properties);
            return self.object_or_map(parts, context, at);
        }
        if let Some(items) = &any.items {
            let item = self.lower_boxed(items, &format!("{context}Item"), &at.join("items"));
            return Shape::Direct(Lowered::plain(Ty::Vec(Box::new(nullable_json(item)))));
        }
        Shape::Direct(Lowered::plain(Ty::Json))
    }

    /// An object with no properties is a map; one with properties a struct.
    fn object_or_map(&mut self, parts: ObjectParts, context: &str, at: &Pointer) -> Shape {
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

    fn shape_of_all_of(
        &mut self,
        parts: &[ReferenceOr<Schema>],
        context: &str,
        at: &Pointer,
    ) -> Shape {
        if let [only] = parts {
            return Shape::Direct(self.lower(only, context, &at.join("allOf").join(0)));
        }
        let mut merged = ObjectParts::default();
        for (i, part) in parts.iter().enumerate() {
            if !self.merge_into(&mut merged, part, &at.join("allOf").join(i), 0) {
                return self.all_of_one_shape(parts, context, at);
            }
        }
        self.object_or_map(merged, context, at)
    }

    /// An `allOf` that is not a merge of objects: one part gives the shape
    /// (a string, a union, ...) and the others only annotate or constrain it
    /// (`example`, `default`, `readOnly`, `required`, a bare `type`), so
    /// that part is the type. Anything else cannot be expressed yet.
    fn all_of_one_shape(
        &mut self,
        parts: &[ReferenceOr<Schema>],
        context: &str,
        at: &Pointer,
    ) -> Shape {
        let mut shaped = parts
            .iter()
            .enumerate()
            .filter(|(_, part)| !adds_no_shape(part));
        // when every part only annotates (`type: boolean` + `default`), the
        // first one with a type of its own is the type
        let typed = || {
            parts.iter().enumerate().find(|(_, part)| {
                !matches!(part, ReferenceOr::Item(s) if matches!(s.schema_kind, SchemaKind::Any(_)))
            })
        };
        let only = match (shaped.next(), shaped.next()) {
            (Some(one), None) => Some(one),
            (None, _) => typed(),
            (Some(_), Some(_)) => None,
        };
        match only {
            Some((i, part)) => Shape::Direct(self.lower(part, context, &at.join("allOf").join(i))),
            None => {
                self.warn_json(at, "this `allOf` mixes objects with other kinds of schema");
                Shape::Direct(Lowered::plain(Ty::Json))
            }
        }
    }

    /// Adds the properties of one `allOf` part; false when it is not an object.
    fn merge_into(
        &mut self,
        merged: &mut ObjectParts,
        part: &ReferenceOr<Schema>,
        at: &Pointer,
        depth: usize,
    ) -> bool {
        let at = match part {
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

    fn shape_of_union(
        &mut self,
        parts: &[ReferenceOr<Schema>],
        discriminator: Option<&openapiv3::Discriminator>,
        context: &str,
        at: &Pointer,
    ) -> Shape {
        if let [only] = parts {
            return Shape::Direct(self.lower(only, context, &at.join(0)));
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
        // what tells the alternatives apart, when something does: it names them
        let labels = match (&implied, &schemas) {
            (Some((_, values)), _) => Some(values.clone()),
            (None, Some(schemas)) => unions::single_keys(schemas),
            (None, None) => None,
        };
        let (mut variants, nullable) = self.union_variants(parts, labels.as_deref(), context, at);
        if let Some((property, values)) = &implied {
            self.take_out_tags(parts, &mut variants, property, values);
        }
        let discriminator = match (discriminator, implied) {
            // a discriminator that selects no variant (inline alternatives and
            // no mapping) would decode everything as unknown: try them in order
            (Some(declared), _) => Some(self.discriminator(declared, parts, &variants))
                .filter(|d| !d.mapping.is_empty()),
            (None, Some((property, values))) => Some(Discriminator {
                property,
                mapping: values
                    .into_iter()
                    .zip(variants.iter().map(|v| v.name.clone()))
                    .collect(),
            }),
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
    fn string_union(&self, schemas: &[&Schema]) -> Option<Shape> {
        if let Some(strings) = unions::string_alternatives(schemas) {
            return Some(Shape::Enum(
                string_enum(strings.values, None),
                strings.nullable,
            ));
        }
        self.plain_strings(schemas).map(|nullable| {
            Shape::Direct(Lowered {
                ty: Ty::String,
                nullable,
            })
        })
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

    /// Takes the tag property out of the objects written inline in an
    /// implied-tag union: the union picks the variant by it when decoding
    /// and writes it when sending, so nobody fills it in by hand. Objects
    /// that are components keep it, as they are also used on their own.
    fn take_out_tags(
        &mut self,
        parts: &[ReferenceOr<Schema>],
        variants: &mut [UnionVariant],
        property: &str,
        values: &[String],
    ) {
        for ((part, variant), value) in parts.iter().zip(variants.iter_mut()).zip(values) {
            let Ty::Named(name) = &variant.ty else {
                continue;
            };
            if !matches!(part, ReferenceOr::Item(_)) || self.is_shared(name) {
                continue;
            }
            let Some(def) = self.defs.get_mut(name) else {
                continue;
            };
            let TypeKind::Struct(object) = &mut def.kind else {
                continue;
            };
            let Some(at) = object.fields.iter().position(|f| f.wire_name == property) else {
                continue;
            };
            let tag = object.fields.remove(at);
            object.tag = Some((property.to_owned(), value.clone()));
            let note = format!(
                "The `{property}` property is not stored here: the union holding this object adds `\"{property}\": \"{value}\"` when sending it."
            );
            def.docs.add_paragraph(&note);
            variant.tag = Some(value.clone());
            self.drop_inline(&tag.ty);
        }
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
        }
    }

    fn object(&mut self, name: &str, parts: ObjectParts, at: &Pointer) -> Struct {
        let mut field_names = Scope::default();
        let mut fields = Vec::with_capacity(parts.properties.len());
        for (wire_name, (schema, base)) in &parts.properties {
            let context = format!("{name}{}", upper_camel_case(wire_name));
            let lowered =
                self.lower_boxed(schema, &context, &base.join("properties").join(wire_name));
            fields.push(Field {
                name: field_names.claim(snake_ident(wire_name)),
                wire_name: wire_name.clone(),
                ty: lowered.ty,
                presence: Presence::new(parts.required.contains(wire_name), lowered.nullable),
                docs: property_docs(schema),
                part_media_type: None,
            });
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

/// The types of the fields of `s` that `parts` makes files of another type.
fn replaced_types(s: &Struct, parts: &FormParts) -> Vec<Ty> {
    s.fields
        .iter()
        .filter(|field| {
            parts
                .files
                .get(&field.wire_name)
                .is_some_and(|file| *file != field.ty)
        })
        .map(|field| field.ty.clone())
        .collect()
}

/// Makes the fields of `s` parts as `parts` says: files get the file
/// types it gives them, and fields the `encoding` gives a media type take it
/// (said in their docs).
fn make_parts(s: &mut Struct, parts: &FormParts) {
    for field in &mut s.fields {
        if let Some(file) = parts.files.get(&field.wire_name) {
            field.ty = file.clone();
        }
        if let Some(media_type) = parts.media_types.get(&field.wire_name) {
            field.part_media_type = Some(media_type.clone());
            let note = if field.ty.holds_files() {
                format!("Sent with `Content-Type: {media_type}` unless the file names its own.")
            } else {
                format!("Sent with `Content-Type: {media_type}`.")
            };
            field.docs.add_paragraph(&note);
        }
    }
}

/// The docs of the form type of the struct `name`: its own, and what the
/// form is.
fn form_docs(mut docs: Docs, name: &str) -> Docs {
    docs.add_paragraph(&format!(
        "[`{name}`] as a `multipart/form-data` body: its file properties are `FilePart`s."
    ));
    docs
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
        Ty::Json => "Json".to_owned(),
        Ty::Map(_) => "Map".to_owned(),
        Ty::Boxed(inner) => variant_label(inner),
        Ty::Vec(inner) => format!("{}List", variant_label(inner)),
        Ty::Custom(path) => upper_camel_case(path.rsplit("::").next().unwrap_or(path)),
        Ty::File => "File".to_owned(),
    }
}

/// A nullable value inside a collection keeps its nulls only as JSON.
fn nullable_json(lowered: Lowered) -> Ty {
    if lowered.nullable {
        Ty::Json
    } else {
        lowered.ty
    }
}

fn add_properties(
    parts: &mut ObjectParts,
    properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &[String],
    at: &Pointer,
) {
    for (name, schema) in properties {
        parts
            .properties
            .insert(name.clone(), (schema.clone(), at.clone()));
    }
    parts.required.extend(required.iter().cloned());
}

/// The `format` keyword as written in the document.
trait FormatName {
    fn name(&self) -> &'static str;
}

impl FormatName for StringFormat {
    fn name(&self) -> &'static str {
        match self {
            Self::Date => "date",
            Self::DateTime => "date-time",
            Self::Password => "password",
            Self::Byte => "byte",
            Self::Binary => "binary",
        }
    }
}

impl FormatName for IntegerFormat {
    fn name(&self) -> &'static str {
        match self {
            Self::Int32 => "int32",
            Self::Int64 => "int64",
        }
    }
}

impl FormatName for NumberFormat {
    fn name(&self) -> &'static str {
        match self {
            Self::Float => "float",
            Self::Double => "double",
        }
    }
}

fn format_name<F: FormatName>(format: &VariantOrUnknownOrEmpty<F>) -> Option<&str> {
    match format {
        VariantOrUnknownOrEmpty::Item(known) => Some(known.name()),
        VariantOrUnknownOrEmpty::Unknown(other) => Some(other),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

/// Whether an `allOf` part only annotates or constrains the others: no
/// properties, items, alternatives, enum or format of its own (a bare
/// `type`, `required`, `example`, `default`, `readOnly`, bounds, ...).
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
        SchemaKind::Type(Type::Array(_))
        | SchemaKind::OneOf { .. }
        | SchemaKind::AllOf { .. }
        | SchemaKind::AnyOf { .. }
        | SchemaKind::Not { .. } => false,
    }
}

/// The key of a `#/components/schemas/...` reference, unescaped.
fn component_key(reference: &str) -> String {
    let key = reference.rsplit('/').next().unwrap_or_default();
    key.replace("~1", "/").replace("~0", "~")
}

fn string_type(format: &VariantOrUnknownOrEmpty<StringFormat>) -> Ty {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Ty::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Ty::Date,
        _ => Ty::String,
    }
}

/// A string enum, or `bool` for exactly the values "true" and "false".
fn enum_shape(values: &[Option<String>], default: Option<&Value>) -> Shape {
    let nullable = values.iter().any(Option::is_none);
    let mut known: Vec<String> = Vec::new();
    for value in values.iter().flatten() {
        if !known.contains(value) {
            known.push(value.clone());
        }
    }
    let mut sorted = known.clone();
    sorted.sort();
    if sorted == ["false", "true"] {
        return Shape::Direct(Lowered {
            ty: Ty::Bool,
            nullable,
        });
    }
    let default = default.and_then(Value::as_str).map(str::to_owned);
    let known: Vec<(String, Option<String>)> = known.into_iter().map(|v| (v, None)).collect();
    Shape::Enum(string_enum(known, default), nullable)
}

/// Known values (each with its meaning, when documented) as enum variants.
fn string_enum(values: Vec<(String, Option<String>)>, default: Option<String>) -> StringEnum {
    let mut names = Scope::with_reserved([UNKNOWN_VARIANT]);
    let variants: Vec<Variant> = values
        .into_iter()
        .map(|(value, docs)| Variant {
            name: names.claim(variant_ident(&value)),
            wire_value: value,
            docs,
        })
        .collect();
    let default = default.and_then(|d| {
        variants
            .iter()
            .find(|v| v.wire_value == d)
            .map(|v| v.name.clone())
    });
    StringEnum { variants, default }
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

/// Puts a `Box` on every struct field that holds, by value, a type that
/// leads back to the struct itself (directly or through other types).
fn box_cycles(defs: &mut BTreeMap<String, TypeDef>) {
    let edges: BTreeMap<String, Vec<String>> = defs
        .values()
        .map(|def| (def.name.clone(), by_value_names(&def.kind)))
        .collect();
    for def in defs.values_mut() {
        let TypeKind::Struct(s) = &mut def.kind else {
            continue;
        };
        for field in &mut s.fields {
            if let Ty::Named(target) = &field.ty {
                if reaches(&edges, target, &def.name) {
                    field.ty = Ty::Boxed(Box::new(field.ty.clone()));
                }
            }
        }
    }
}

fn by_value_names(kind: &TypeKind) -> Vec<String> {
    match kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .filter_map(|f| match &f.ty {
                Ty::Named(n) => Some(n.clone()),
                _ => None,
            })
            .collect(),
        TypeKind::Alias(Ty::Named(n)) => vec![n.clone()],
        TypeKind::Union(u) => u
            .variants
            .iter()
            .filter_map(|v| match &v.ty {
                Ty::Named(n) => Some(n.clone()),
                _ => None,
            })
            .collect(),
        TypeKind::Alias(_) | TypeKind::StringEnum(_) => Vec::new(),
    }
}

fn reaches(edges: &BTreeMap<String, Vec<String>>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.to_owned()];
    while let Some(name) = stack.pop() {
        if name == to {
            return true;
        }
        if seen.insert(name.clone()) {
            stack.extend(edges.get(&name).into_iter().flatten().cloned());
        }
    }
    false
}
