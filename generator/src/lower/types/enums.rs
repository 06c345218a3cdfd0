//! String enums: the listed values of a string schema (or of a union of
//! strings) as variants beside the catch-all `Unknown`, and `true`/`false`
//! as a `bool`.

use serde_json::Value;

use super::{Lowered, Shape};
use crate::ir::{StringEnum, Ty, UNKNOWN_VARIANT, Variant};
use crate::naming::{Scope, snake_case, variant_ident};

/// A string enum, or `bool` for exactly the values "true" and "false".
pub(super) fn enum_shape<'s>(values: &[Option<String>], default: Option<&Value>) -> Shape<'s> {
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
    listed_strings(known, default, nullable)
}

/// A string enum of the listed values; a `String` when none is listed
/// (`enum: [null]`): an open enum of no known value is any string.
pub(super) fn listed_strings<'s>(
    values: Vec<(String, Option<String>)>,
    default: Option<String>,
    nullable: bool,
) -> Shape<'s> {
    if values.is_empty() {
        return Shape::Direct(Lowered {
            ty: Ty::String,
            nullable,
        });
    }
    Shape::Enum(string_enum(values, default), nullable)
}

/// Known values (each with its meaning, when documented) as enum variants.
pub(super) fn string_enum(
    values: Vec<(String, Option<String>)>,
    default: Option<String>,
) -> StringEnum {
    let mut names = Scope::with_reserved([UNKNOWN_VARIANT]);
    let mut predicates = Scope::default();
    let variants: Vec<Variant> = values
        .into_iter()
        .map(|(value, docs)| {
            let name = names.claim(variant_ident(&value));
            // `is_` and snake case: never a keyword, never `as_str`
            let predicate = predicates.claim(format!("is_{}", snake_case(&name)));
            Variant {
                name,
                wire_value: value,
                docs,
                predicate,
            }
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::ir::TypeKind;
    use crate::lower::types::testing::Doc;

    fn values(values: &[Option<&str>]) -> Vec<Option<String>> {
        values.iter().map(|v| v.map(str::to_owned)).collect()
    }

    #[test]
    fn listed_values_become_variants_once_each_beside_unknown() {
        let shape = enum_shape(
            &values(&[Some("active"), Some("Unknown"), Some("active"), None]),
            Some(&json!("Unknown")),
        );
        let (found, nullable) = match shape {
            Shape::Enum(found, nullable) => Some((found, nullable)),
            _ => None,
        }
        .unwrap();
        assert!(nullable, "a null value makes the enum nullable");
        let variants: Vec<(&str, &str)> = found
            .variants
            .iter()
            .map(|v| (v.name.as_str(), v.wire_value.as_str()))
            .collect();
        // `Unknown` is the catch-all: a listed "Unknown" takes another name
        assert_eq!(variants, [("Active", "active"), ("Unknown2", "Unknown")]);
        assert_eq!(found.default.as_deref(), Some("Unknown2"));
    }

    #[test]
    fn true_and_false_are_a_bool() {
        let shape = enum_shape(&values(&[Some("true"), Some("false")]), None);
        assert!(matches!(
            shape,
            Shape::Direct(Lowered {
                ty: Ty::Bool,
                nullable: false
            })
        ));
    }

    #[test]
    fn an_enum_of_null_alone_is_a_nullable_string() {
        // no listed value: an empty `string_enum!` did not compile
        let shape = enum_shape(&values(&[None]), None);
        assert!(matches!(
            shape,
            Shape::Direct(Lowered {
                ty: Ty::String,
                nullable: true
            })
        ));
        let types = Doc::new(
            "
            OnlyNull: {type: string, nullable: true, enum: [null]}
            Split: {oneOf: [{type: string, nullable: true, enum: [null]}, {type: string, nullable: true, enum: [null]}]}
            ",
        )
        .lower();
        assert_eq!(*types.kind("OnlyNull"), TypeKind::Alias(Ty::String));
        assert_eq!(*types.kind("Split"), TypeKind::Alias(Ty::String));
    }

    #[test]
    fn an_enum_component_is_a_string_enum_with_its_default() {
        let types = Doc::new(
            "
            Status: {type: string, enum: [open, closed], default: closed, description: State.}
            ",
        )
        .lower();
        let status = types.string_enum("Status");
        let names: Vec<&str> = status.variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["Open", "Closed"]);
        assert_eq!(status.default.as_deref(), Some("Closed"));
        assert_eq!(
            types.def("Status").docs.description.as_deref(),
            Some("State.")
        );
    }

    #[test]
    fn each_value_has_an_is_method_named_after_its_variant() {
        let values = [
            "PRODUCT_NOT_READY",
            "Unknown",
            "2024-08-31",
            "Self",
            "a-b",
            "A_B",
        ];
        let found = string_enum(
            values.iter().map(|v| ((*v).to_owned(), None)).collect(),
            None,
        );
        let predicates: Vec<&str> = found
            .variants
            .iter()
            .map(|v| v.predicate.as_str())
            .collect();
        assert_eq!(
            predicates,
            [
                "is_product_not_ready",
                "is_unknown2",
                "is_v2024_08_31",
                "is_self_value",
                "is_ab",
                "is_ab2",
            ]
        );
    }

    #[test]
    fn documented_values_keep_their_docs() {
        let found = string_enum(
            vec![
                ("a".to_owned(), Some("The first.".to_owned())),
                ("b".to_owned(), None),
            ],
            Some("c".to_owned()),
        );
        assert_eq!(found.variants[0].docs.as_deref(), Some("The first."));
        assert_eq!(found.variants[1].docs, None);
        // a default that is no listed value names no variant
        assert_eq!(found.default, None);
    }
}
