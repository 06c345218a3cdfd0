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
