//! String, integer and number formats as Rust types: the built-in ones
//! (`date-time`, `int32`, `float`, ...) and the user's types for formats the
//! settings map.

use openapiv3::{IntegerFormat, NumberFormat, StringFormat, VariantOrUnknownOrEmpty};

use super::TypeTable;
use crate::ir::Ty;

impl TypeTable<'_> {
    /// The Rust type of a string schema without listed values.
    pub(super) fn string_ty(&self, format: &VariantOrUnknownOrEmpty<StringFormat>) -> Ty {
        self.user_format(format)
            .unwrap_or_else(|| string_type(format))
    }

    /// The Rust type of an integer schema: `i32` for `int32`, else `i64`.
    pub(super) fn integer_ty(&self, format: &VariantOrUnknownOrEmpty<IntegerFormat>) -> Ty {
        self.user_format(format).unwrap_or(match format {
            VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Ty::I32,
            _ => Ty::I64,
        })
    }

    /// The Rust type of a number schema: `f32` for `float`, else `f64`.
    pub(super) fn number_ty(&self, format: &VariantOrUnknownOrEmpty<NumberFormat>) -> Ty {
        self.user_format(format).unwrap_or(match format {
            VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Ty::F32,
            _ => Ty::F64,
        })
    }

    /// The user's type for schemas with this format, if the settings set one.
    pub(super) fn user_format<F: FormatName>(
        &self,
        format: &VariantOrUnknownOrEmpty<F>,
    ) -> Option<Ty> {
        let user_type = self.customise.format_type(format_name(format)?)?;
        Some(Ty::Custom(user_type.to_owned()))
    }
}

fn format_name<F: FormatName>(format: &VariantOrUnknownOrEmpty<F>) -> Option<&str> {
    match format {
        VariantOrUnknownOrEmpty::Item(known) => Some(known.name()),
        VariantOrUnknownOrEmpty::Unknown(other) => Some(other),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

pub(super) fn string_type(format: &VariantOrUnknownOrEmpty<StringFormat>) -> Ty {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Ty::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Ty::Date,
        _ => Ty::String,
    }
}

/// The `format` keyword as written in the document.
pub(super) trait FormatName {
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
