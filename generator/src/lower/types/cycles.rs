//! Cycles: a union that leads back to itself through its alternatives
//! alone takes in the alternatives of the unions on the way (the one that
//! leads back adds no value of its own), an alias that names itself (`type
//! L = Vec<L>`, which Rust refuses) is JSON, and a struct field that holds,
//! by value, a type leading back to the struct is boxed, so that every type
//! has a finite size and every decoder consumes input before it recurses.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::{Diagnostic, Pointer};
use crate::ir::{Ty, TypeDef, TypeKind, UNKNOWN_VARIANT, UnionVariant};
use crate::naming::Scope;

/// Every type of the table made finite and decodable (see the module
/// docs), with a warning at the schema (its `origin`) of each type changed.
pub(super) fn settle_cycles(defs: &mut BTreeMap<String, TypeDef>) -> Vec<Diagnostic> {
    let at = |defs: &BTreeMap<String, TypeDef>, name: &str| {
        defs.get(name)
            .map_or_else(Pointer::root, |def| def.origin.clone())
    };
    let mut warnings = Vec::new();
    for name in flatten_union_cycles(defs) {
        warnings.push(
            Diagnostic::warning(
                at(defs, &name),
                "an alternative of this union leads back to the union through alternatives \
                 alone, so it adds no value of its own: it is left out, and the other \
                 alternatives of the unions on the way are taken in",
            )
            .with_hint("remove the alternative that refers back to the union"),
        );
    }
    for name in untangle_alias_cycles(defs) {
        warnings.push(
            Diagnostic::warning(
                at(defs, &name),
                "this schema is made of itself alone (a list or map of itself, or only \
                 another name for itself), which no Rust type alias can say; generated as \
                 `serde_json::Value`",
            )
            .with_hint("give the recursion an object with properties to go through"),
        );
    }
    box_cycles(defs);
    warnings
}

/// Unions that reach themselves through alternatives alone (`A: anyOf [A,
/// string]`, or `A: [B, string]` and `B: [A, integer]`) would decode by
/// trying themselves forever; each takes the alternatives of the unions on
/// the way instead (`A: [integer, string]`). A union left with one
/// alternative is an alias of it; with none, JSON. The names of the unions
/// changed.
fn flatten_union_cycles(defs: &mut BTreeMap<String, TypeDef>) -> Vec<String> {
    let flattened: Vec<(String, Vec<UnionVariant>)> = defs
        .iter()
        .filter(|(name, _)| leads_back(defs, name, name))
        .map(|(name, _)| (name.clone(), flattened(defs, name)))
        .collect();
    let mut changed = Vec::with_capacity(flattened.len());
    for (name, variants) in flattened {
        let Some(def) = defs.get_mut(&name) else {
            continue;
        };
        let TypeKind::Union(union) = &mut def.kind else {
            continue;
        };
        match variants.as_slice() {
            [] => def.kind = TypeKind::Alias(Ty::Json),
            [only] if union.discriminator.is_none() => def.kind = TypeKind::Alias(only.ty.clone()),
            _ => {
                if let Some(discriminator) = &mut union.discriminator {
                    discriminator
                        .mapping
                        .retain(|(_, v)| variants.iter().any(|kept| &kept.name == v));
                }
                union.variants = variants;
            }
        }
        changed.push(name);
    }
    changed
}

/// The union `ty` is by value, through aliases.
fn union_behind<'d>(defs: &'d BTreeMap<String, TypeDef>, ty: &'d Ty) -> Option<&'d str> {
    let mut seen = BTreeSet::new();
    let mut ty = ty;
    loop {
        let name = match ty {
            Ty::Named(name) => name,
            Ty::Boxed(inner) => {
                ty = inner;
                continue;
            }
            _ => return None,
        };
        if !seen.insert(name.as_str()) {
            return None;
        }
        match &defs.get(name)?.kind {
            TypeKind::Union(_) => return Some(name),
            TypeKind::Alias(target) => ty = target,
            TypeKind::Struct(_) | TypeKind::StringEnum(_) => return None,
        }
    }
}

/// The unions the alternatives of union `name` are by value.
fn alternative_unions<'d>(defs: &'d BTreeMap<String, TypeDef>, name: &str) -> Vec<&'d str> {
    match defs.get(name).map(|def| &def.kind) {
        Some(TypeKind::Union(union)) => union
            .variants
            .iter()
            .filter_map(|v| union_behind(defs, &v.ty))
            .collect(),
        _ => Vec::new(),
    }
}

/// Whether union `from` leads to union `to` through alternatives alone.
fn leads_back(defs: &BTreeMap<String, TypeDef>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = alternative_unions(defs, from);
    while let Some(name) = stack.pop() {
        if name == to {
            return true;
        }
        if seen.insert(name) {
            stack.extend(alternative_unions(defs, name));
        }
    }
    false
}

/// The alternatives of union `root` with every alternative that leads back
/// to it replaced by that union's own alternatives (the same rule again),
/// each type once, under names unique in the union.
fn flattened(defs: &BTreeMap<String, TypeDef>, root: &str) -> Vec<UnionVariant> {
    let mut taken_in = BTreeSet::from([root.to_owned()]);
    let mut variants = Vec::new();
    gather(defs, root, root, &mut taken_in, &mut variants);
    let mut names = Scope::with_reserved([UNKNOWN_VARIANT]);
    let mut types: Vec<Ty> = Vec::new();
    variants
        .into_iter()
        .filter(|v| {
            let first = !types.contains(&v.ty);
            types.push(v.ty.clone());
            first
        })
        .map(|v| UnionVariant {
            name: names.claim(v.name),
            ..v
        })
        .collect()
}

fn gather(
    defs: &BTreeMap<String, TypeDef>,
    union: &str,
    root: &str,
    taken_in: &mut BTreeSet<String>,
    out: &mut Vec<UnionVariant>,
) {
    let Some(TypeKind::Union(own)) = defs.get(union).map(|def| &def.kind) else {
        return;
    };
    for variant in &own.variants {
        match union_behind(defs, &variant.ty) {
            Some(other) if taken_in.contains(other) => {}
            Some(other) if leads_back(defs, other, root) => {
                taken_in.insert(other.to_owned());
                gather(defs, other, root, taken_in, out);
            }
            _ if union == root => out.push(variant.clone()),
            // a tag is what the union it was taken out for reads
            _ => out.push(UnionVariant {
                tag: None,
                ..variant.clone()
            }),
        }
    }
}

/// Aliases whose type names themselves through aliases (`type L =
/// Vec<L>`, `type A = A`): each becomes JSON. Their names.
fn untangle_alias_cycles(defs: &mut BTreeMap<String, TypeDef>) -> Vec<String> {
    let aliases: BTreeMap<String, Vec<String>> = defs
        .values()
        .filter_map(|def| match &def.kind {
            TypeKind::Alias(ty) => {
                let mut named = Vec::new();
                all_named(ty, &mut named);
                Some((def.name.clone(), named))
            }
            _ => None,
        })
        .collect();
    let cyclic: Vec<String> = aliases
        .keys()
        .filter(|name| {
            aliases
                .get(*name)
                .is_some_and(|next| next.iter().any(|n| reaches(&aliases, n, name)))
        })
        .cloned()
        .collect();
    for name in &cyclic {
        if let Some(def) = defs.get_mut(name) {
            def.kind = TypeKind::Alias(Ty::Json);
        }
    }
    cyclic
}

/// Every named type `ty` mentions, by value or not.
fn all_named(ty: &Ty, out: &mut Vec<String>) {
    match ty {
        Ty::Named(name) => out.push(name.clone()),
        Ty::Vec(inner) | Ty::Map(inner) | Ty::Boxed(inner) => all_named(inner, out),
        _ => {}
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

/// The named types `kind` holds by value (not in a list or a map): its
/// fields', its alternatives', or the one it aliases.
pub(super) fn by_value_names(kind: &TypeKind) -> Vec<String> {
    match kind {
        TypeKind::Struct(s) => s.fields.iter().filter_map(|f| named(&f.ty)).collect(),
        TypeKind::Alias(ty) => named(ty).into_iter().collect(),
        TypeKind::Union(u) => u.variants.iter().filter_map(|v| named(&v.ty)).collect(),
        TypeKind::StringEnum(_) => Vec::new(),
    }
}

/// The name `ty` is, when it is a named type itself.
fn named(ty: &Ty) -> Option<String> {
    match ty {
        Ty::Named(name) => Some(name.clone()),
        _ => None,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Docs, Field, Presence, Struct, Union, UnionVariant};
    use crate::lower::types::testing::{Doc, as_struct};

    fn field(wire_name: &str, ty: Ty) -> Field {
        Field {
            name: wire_name.to_owned(),
            wire_name: wire_name.to_owned(),
            ty,
            presence: Presence::Optional,
            docs: Docs::default(),
            part_media_type: None,
        }
    }

    fn def(name: &str, kind: TypeKind) -> (String, TypeDef) {
        let def = TypeDef::new(name.to_owned(), Docs::default(), kind);
        (name.to_owned(), def)
    }

    fn object(fields: Vec<Field>) -> TypeKind {
        TypeKind::Struct(Struct {
            fields,
            extra: None,
            tag: None,
        })
    }

    fn named(name: &str) -> Ty {
        Ty::Named(name.to_owned())
    }

    fn field_ty<'a>(defs: &'a BTreeMap<String, TypeDef>, name: &str, wire: &str) -> &'a Ty {
        let s = defs.get(name).and_then(|d| as_struct(&d.kind)).unwrap();
        &s.fields.iter().find(|f| f.wire_name == wire).unwrap().ty
    }

    #[test]
    fn fields_that_lead_back_to_their_struct_are_boxed() {
        let mut defs = BTreeMap::from([
            def(
                "Node",
                object(vec![
                    field("next", named("Node")),
                    field("children", Ty::Vec(Box::new(named("Node")))),
                    field("via", named("Link")),
                    field("leaf", named("Leaf")),
                ]),
            ),
            def(
                "Link",
                TypeKind::Union(Union {
                    variants: vec![UnionVariant {
                        name: "Node".to_owned(),
                        ty: named("NodeAlias"),
                        tag: None,
                    }],
                    discriminator: None,
                }),
            ),
            def("NodeAlias", TypeKind::Alias(named("Node"))),
            def("Leaf", object(vec![field("value", Ty::String)])),
        ]);
        box_cycles(&mut defs);
        let boxed = |name: &str| Ty::Boxed(Box::new(named(name)));
        assert_eq!(*field_ty(&defs, "Node", "next"), boxed("Node"));
        // through a union and an alias
        assert_eq!(*field_ty(&defs, "Node", "via"), boxed("Link"));
        // a list is on the heap already; a leaf leads nowhere
        assert_eq!(
            *field_ty(&defs, "Node", "children"),
            Ty::Vec(Box::new(named("Node")))
        );
        assert_eq!(*field_ty(&defs, "Node", "leaf"), named("Leaf"));
    }

    #[test]
    fn mutually_recursive_components_box_both_ways() {
        let types = Doc::new(
            "
            Person: {type: object, properties: {employer: {$ref: '#/components/schemas/Company'}}}
            Company: {type: object, properties: {owner: {$ref: '#/components/schemas/Person'}}}
            ",
        )
        .lower();
        let boxed = |name: &str| Ty::Boxed(Box::new(named(name)));
        assert_eq!(types.field("Person", "employer").ty, boxed("Company"));
        assert_eq!(types.field("Company", "owner").ty, boxed("Person"));
    }

    #[test]
    fn an_all_of_that_merges_its_own_component_is_the_merged_struct_boxed() {
        // this overflowed the stack: each merge lowered `next` again
        let types = Doc::new(
            "
            Mixin: {type: object, properties: {label: {type: string}}}
            Node:
              type: object
              properties:
                next: {allOf: [{$ref: '#/components/schemas/Node'}, {$ref: '#/components/schemas/Mixin'}]}
            Twice: {allOf: [{$ref: '#/components/schemas/Twice'}, {$ref: '#/components/schemas/Twice'}, {$ref: '#/components/schemas/Mixin'}]}
            ",
        )
        .lower();
        let boxed = |name: &str| Ty::Boxed(Box::new(named(name)));
        assert_eq!(types.field("Node", "next").ty, named("NodeNext"));
        assert_eq!(types.field("NodeNext", "next").ty, boxed("NodeNext"));
        assert_eq!(types.field("NodeNext", "label").ty, Ty::String);
        // a reference merged once already adds nothing
        assert_eq!(types.field("Twice", "label").ty, Ty::String);
        assert!(types.warnings.is_empty(), "{:?}", types.messages());
    }

    #[test]
    fn unions_through_themselves_take_in_the_alternatives_on_the_way() {
        let types = Doc::new(
            "
            SelfReference: {anyOf: [{$ref: '#/components/schemas/SelfReference'}, {type: string}]}
            A: {oneOf: [{$ref: '#/components/schemas/B'}, {type: string}]}
            B: {oneOf: [{$ref: '#/components/schemas/AliasOfA'}, {type: integer}, {type: boolean}]}
            AliasOfA: {$ref: '#/components/schemas/A'}
            Nothing: {anyOf: [{$ref: '#/components/schemas/Nothing'}, {$ref: '#/components/schemas/Nothing'}]}
            ",
        )
        .lower();
        assert_eq!(*types.kind("SelfReference"), TypeKind::Alias(Ty::String));
        let variants = |name: &str| -> Vec<(String, Ty)> {
            let union = types.union(name);
            union
                .variants
                .iter()
                .map(|v| (v.name.clone(), v.ty.clone()))
                .collect()
        };
        let v = |name: &str, ty: Ty| (name.to_owned(), ty);
        assert_eq!(
            variants("A"),
            [
                v("Integer", Ty::I64),
                v("Boolean", Ty::Bool),
                v("String", Ty::String)
            ]
        );
        assert_eq!(
            variants("B"),
            [
                v("String", Ty::String),
                v("Integer", Ty::I64),
                v("Boolean", Ty::Bool)
            ]
        );
        assert_eq!(*types.kind("Nothing"), TypeKind::Alias(Ty::Json));
        let flattened = types
            .messages()
            .iter()
            .filter(|m| m.starts_with("an alternative of this union leads back"))
            .count();
        assert_eq!(flattened, 4, "{:?}", types.messages());
    }

    #[test]
    fn aliases_of_themselves_are_json_with_a_warning() {
        let types = Doc::new(
            "
            List: {type: array, items: {$ref: '#/components/schemas/List'}}
            Map: {type: object, additionalProperties: {$ref: '#/components/schemas/Map'}}
            Only: {oneOf: [{$ref: '#/components/schemas/Only'}]}
            Tree: {type: object, properties: {children: {$ref: '#/components/schemas/List'}}}
            ",
        )
        .lower();
        for name in ["List", "Map", "Only"] {
            assert_eq!(*types.kind(name), TypeKind::Alias(Ty::Json), "{name}");
        }
        let pointers: Vec<&str> = types.warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "#/components/schemas/List",
                "#/components/schemas/Map",
                "#/components/schemas/Only"
            ]
        );
        assert_eq!(types.field("Tree", "children").ty, named("List"));
    }

    #[test]
    fn only_named_types_held_by_value_are_edges() {
        let kind = object(vec![
            field("a", named("A")),
            field("list", Ty::Vec(Box::new(named("B")))),
            field("text", Ty::String),
        ]);
        assert_eq!(by_value_names(&kind), ["A"]);
        assert_eq!(
            by_value_names(&TypeKind::Alias(named("C"))),
            ["C".to_owned()]
        );
        assert!(by_value_names(&TypeKind::Alias(Ty::String)).is_empty());
        let edges = BTreeMap::from([
            ("A".to_owned(), vec!["B".to_owned()]),
            ("B".to_owned(), vec!["A".to_owned()]),
        ]);
        assert!(reaches(&edges, "A", "A"));
        assert!(reaches(&edges, "B", "A"));
        assert!(!reaches(&edges, "A", "C"));
    }
}
