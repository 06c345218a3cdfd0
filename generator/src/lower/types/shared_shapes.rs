//! Inline schemas of the same shape share one type: a document whose
//! operations each declare the same inline body (`{message: string}`) gets
//! one struct instead of `...Response`, `...Response2`, `...Response3`.
//! The type is named by the shallowest place that uses the shape (a
//! response body before a property nested in another type), then by the
//! shortest name (a property of a component before the same property
//! merged into an `allOf` elsewhere), then by the first lowered, so that its
//! name reads like where it is used.
//!
//! Two inline types are the same shape when their documentation and
//! definitions are equal once the inline types they hold are shared:
//! leaves are compared first, then the types holding them, until nothing
//! changes. Component schemas always keep their own type (their names are
//! the document's), and so do the form copies of shared structs; a type
//! that refers to itself is compared with its own name in it, so recursive
//! shapes are only shared with themselves.

use std::collections::{BTreeMap, HashMap};

use crate::ir::{Ty, TypeDef};

/// Merges the inline types among `defs` that have the same shape, where
/// `inline` lists the inline type names in the order their places were
/// first lowered. Returns each merged name with the type that replaced it;
/// references in `defs` are already rewritten.
pub(super) fn share_identical_shapes(
    defs: &mut BTreeMap<String, TypeDef>,
    inline: &[String],
) -> BTreeMap<String, String> {
    let mut naming_order: Vec<(usize, usize, usize, &String)> = inline
        .iter()
        .enumerate()
        .filter_map(|(index, name)| {
            let depth = defs.get(name)?.origin.as_str().matches('/').count();
            Some((depth, name.len(), index, name))
        })
        .collect();
    naming_order.sort_unstable();
    let inline: Vec<String> = naming_order
        .into_iter()
        .map(|(.., name)| name.clone())
        .collect();
    // each inline type's shape, written once and again only when a merge
    // renames a type it holds
    let mut shapes: HashMap<String, String> = inline
        .iter()
        .filter_map(|name| Some((name.clone(), shape(defs.get(name)?))))
        .collect();
    let mut merged = BTreeMap::new();
    loop {
        let round = same_shapes(&shapes, &inline);
        if round.is_empty() {
            return merged;
        }
        for name in round.keys() {
            defs.remove(name);
            shapes.remove(name);
        }
        for (name, def) in defs.iter_mut() {
            let mut renamed = false;
            def.kind
                .for_each_ty_mut(&mut |ty| renamed |= self::renamed(ty, &round));
            if renamed && let Some(text) = shapes.get_mut(name) {
                *text = shape(def);
            }
        }
        // earlier merges into a name merged now follow it
        for target in merged.values_mut() {
            if let Some(next) = round.get(target) {
                target.clone_from(next);
            }
        }
        merged.extend(round);
    }
}

/// What two types of the same shape have equal: their docs and definition.
fn shape(def: &TypeDef) -> String {
    format!("{:?}\n{:?}", def.docs, def.kind)
}

/// One round: each inline type whose shape a type before it in `inline`
/// has, with that type.
fn same_shapes(shapes: &HashMap<String, String>, inline: &[String]) -> BTreeMap<String, String> {
    let mut first_of_shape: HashMap<&str, &str> = HashMap::new();
    let mut round = BTreeMap::new();
    for name in inline {
        let Some(shape) = shapes.get(name) else {
            continue;
        };
        match first_of_shape.get(shape.as_str()) {
            Some(first) => {
                round.insert(name.clone(), (*first).to_owned());
            }
            None => {
                first_of_shape.insert(shape, name);
            }
        }
    }
    round
}

/// Points a reference to a merged type at the type that replaced it.
pub(crate) fn rename(ty: &mut Ty, renames: &BTreeMap<String, String>) {
    renamed(ty, renames);
}

/// [`rename`], saying whether it did.
fn renamed(ty: &mut Ty, renames: &BTreeMap<String, String>) -> bool {
    if let Ty::Named(name) = ty
        && let Some(target) = renames.get(name)
    {
        name.clone_from(target);
        return true;
    }
    false
}
