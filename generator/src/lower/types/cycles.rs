//! Cycles: a struct field that holds, by value, a type leading back to the
//! struct is boxed, so that every type has a finite size.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Ty, TypeDef, TypeKind};

/// Puts a `Box` on every struct field that holds, by value, a type that
/// leads back to the struct itself (directly or through other types).
pub(super) fn box_cycles(defs: &mut BTreeMap<String, TypeDef>) {
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
