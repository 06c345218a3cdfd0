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
        Type::Integer(integer) => Bounds {
            minimum: limit(
                integer.minimum.map(LimitValue::Integer),
                integer.exclusive_minimum,
            ),
            maximum: limit(
                integer.maximum.map(LimitValue::Integer),
                integer.exclusive_maximum,
            ),
            ..Bounds::default()
        },
        Type::Number(number) => Bounds {
            minimum: limit(
                number.minimum.map(LimitValue::Number),
                number.exclusive_minimum,
            ),
            maximum: limit(
                number.maximum.map(LimitValue::Number),
                number.exclusive_maximum,
            ),
            ..Bounds::default()
        },
        Type::String(string) => Bounds {
            min_length: string.min_length.filter(|&n| n > 0),
            max_length: string.max_length,
            pattern: string.pattern.clone(),
            ..Bounds::default()
        },
        Type::Object(_) | Type::Array(_) | Type::Boolean(_) => Bounds::default(),
    }
}

fn limit(value: Option<LimitValue>, exclusive: bool) -> Option<Limit> {
    value.map(|value| Limit { value, exclusive })
}
