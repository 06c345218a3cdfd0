//! String enums: the listed values of a string schema (or of a union of
//! strings) as variants beside the catch-all `Unknown`, and `true`/`false`
//! as a `bool`.

use serde_json::Value;

use super::{Lowered, Shape};
use crate::ir::{StringEnum, Ty, UNKNOWN_VARIANT, Variant};
use crate::naming::{Scope, variant_ident};

/// A string enum, or `bool` for exactly the values "true" and "false".
pub(super) fn enum_shape(values: &[Option<String>], default: Option<&Value>) -> Shape {
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
pub(super) fn string_enum(
    values: Vec<(String, Option<String>)>,
    default: Option<String>,
) -> StringEnum {
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
