//! The headers a success response declares (`responses.*.headers`), as the
//! fields of one struct per operation: scalars (`string`, `integer`,
//! `number`, `boolean`) and comma-separated lists of them are typed; any
//! other schema is read as its text, with a warning.

use openapiv3::{
    Header, IntegerFormat, NumberFormat, ParameterSchemaOrContent, ReferenceOr, Response, Schema,
    SchemaKind, Type, VariantOrUnknownOrEmpty,
};

use super::resolve::Resolver;
use crate::diagnostics::{Diagnostic, Pointer};
use crate::ir::{Docs, ResponseHeader, Ty};
use crate::naming::{Scope, snake_ident};

/// The declared headers of `response` (at `at`), in document order.
/// `Content-Type` is left out, as the specification says.
pub fn declared(
    resolver: &Resolver<'_>,
    response: &Response,
    at: &Pointer,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<ResponseHeader> {
    let mut fields = Scope::default();
    response
        .headers
        .iter()
        .filter(|(name, _)| !name.eq_ignore_ascii_case("content-type"))
        .filter_map(|(name, header)| {
            let at = at.join("headers").join(name);
            let header = resolver
                .deref(header)
                .map_err(|error| warnings.push(error))
                .ok()?;
            let ty = header_type(resolver, &header, &at, warnings);
            Some(ResponseHeader {
                field: fields.claim(snake_ident(name)),
                wire_name: name.clone(),
                ty,
                required: header.required,
                docs: Docs {
                    summary: None,
                    description: header.description.clone(),
                },
            })
        })
        .collect()
}

/// The Rust type of a header: its schema's scalar, a `Vec` of the scalar
/// of its `items`, or `String` (the text as sent) for anything else.
fn header_type(
    resolver: &Resolver<'_>,
    header: &Header,
    at: &Pointer,
    warnings: &mut Vec<Diagnostic>,
) -> Ty {
    let ParameterSchemaOrContent::Schema(schema) = &header.format else {
        return Ty::String;
    };
    let Some(schema) = schema_of(resolver, schema) else {
        return Ty::String;
    };
    if let SchemaKind::Type(Type::Array(array)) = &schema.schema_kind {
        let item = array.items.as_ref().and_then(|items| {
            schema_of(resolver, &items.clone().unbox()).and_then(|item| scalar(&item))
        });
        if let Some(item) = item {
            return Ty::Vec(Box::new(item));
        }
    } else if let Some(ty) = scalar(&schema) {
        return ty;
    }
    warnings.push(
        Diagnostic::warning(
            at.join("schema"),
            "this header's schema is no scalar nor a list of scalars; it is read as its text",
        )
        .with_hint("declare the header as a `string`, `integer`, `number` or `boolean`, or an array of one"),
    );
    Ty::String
}

fn schema_of(resolver: &Resolver<'_>, schema: &ReferenceOr<Schema>) -> Option<Schema> {
    resolver
        .deref(schema)
        .ok()
        .map(std::borrow::Cow::into_owned)
}

/// The type of a scalar schema; `None` for objects, arrays and unions.
fn scalar(schema: &Schema) -> Option<Ty> {
    let SchemaKind::Type(ty) = &schema.schema_kind else {
        return None;
    };
    Some(match ty {
        Type::String(_) => Ty::String,
        Type::Boolean(_) => Ty::Bool,
        Type::Integer(integer) => match integer.format {
            VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Ty::I32,
            _ => Ty::I64,
        },
        Type::Number(number) => match number.format {
            VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Ty::F32,
            _ => Ty::F64,
        },
        Type::Object(_) | Type::Array(_) => return None,
    })
}
