//! What a parameter's schema allows of its value (`minimum`, `maximum` and
//! their exclusive forms, `minLength`, `maxLength`, `pattern`), read into
//! `ir::Bounds`.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::resolve::Resolver;
use crate::ir::{Bounds, Limit, LimitValue};

/// The bounds `schema` sets; none for schemas that are no scalar (or that
/// cannot be resolved: lowering reports that elsewhere).
pub fn of(resolver: &Resolver<'_>, schema: &ReferenceOr<Schema>) -> Bounds {
    let Ok(schema) = resolver.deref(schema) else {
        return Bounds::default();
    };
    let SchemaKind::Type(ty) = &schema.schema_kind else {
        return Bounds::default();
    };
    match ty {
        Type::Integer(integer) => range(
            (
                integer.minimum.map(LimitValue::Integer),
                integer.exclusive_minimum,
            ),
            (
                integer.maximum.map(LimitValue::Integer),
                integer.exclusive_maximum,
            ),
        ),
        Type::Number(number) => range(
            (
                number.minimum.map(LimitValue::Number),
                number.exclusive_minimum,
            ),
            (
                number.maximum.map(LimitValue::Number),
                number.exclusive_maximum,
            ),
        ),
        Type::String(string) => Bounds {
            min_length: string.min_length.filter(|&n| n > 0),
            max_length: string.max_length,
            pattern: string.pattern.clone(),
            ..Bounds::default()
        },
        Type::Object(_) | Type::Array(_) | Type::Boolean(_) => Bounds::default(),
    }
}

/// The bounds of a number: each end a value and whether it is exclusive.
fn range(
    (minimum, exclusive_minimum): (Option<LimitValue>, bool),
    (maximum, exclusive_maximum): (Option<LimitValue>, bool),
) -> Bounds {
    let limit =
        |value: Option<LimitValue>, exclusive| value.map(|value| Limit { value, exclusive });
    Bounds {
        minimum: limit(minimum, exclusive_minimum),
        maximum: limit(maximum, exclusive_maximum),
        ..Bounds::default()
    }
}
