//! String, integer and number formats as Rust types: the built-in ones
//! (`date-time`, `int32`, `float`, ...) and the user's types for formats the
//! settings map.

use openapiv3::{IntegerFormat, NumberFormat, StringFormat, VariantOrUnknownOrEmpty};

use super::TypeTable;
use crate::ir::{TimeUnit, Ty};

/// The integer format of Unix time in seconds (as Stripe's document writes it).
pub const UNIX_SECONDS: &str = "unix-time";
/// The integer format of Unix time in milliseconds.
pub const UNIX_MILLIS: &str = "unix-time-ms";

impl TypeTable<'_> {
    /// The Rust type of a string schema without listed values.
    pub(super) fn string_ty(&self, format: &VariantOrUnknownOrEmpty<StringFormat>) -> Ty {
        self.user_format(format)
            .unwrap_or_else(|| string_type(format))
    }

    /// The Rust type of an integer schema: `i32` for `int32`, a Unix time
    /// for `unix-time` (seconds) and `unix-time-ms`, else `i64`.
    pub(super) fn integer_ty(&self, format: &VariantOrUnknownOrEmpty<IntegerFormat>) -> Ty {
        self.user_format(format).unwrap_or(match format {
            VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Ty::I32,
            VariantOrUnknownOrEmpty::Unknown(name) => match name.as_str() {
                UNIX_SECONDS => Ty::UnixTime(TimeUnit::Seconds),
                UNIX_MILLIS => Ty::UnixTime(TimeUnit::Millis),
                _ => Ty::I64,
            },
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customise::Customisations;
    use crate::lower::types::testing::Doc;

    #[test]
    fn built_in_formats_choose_the_rust_type() {
        let types = Doc::new(
            "
            Sample:
              type: object
              properties:
                at: {type: string, format: date-time}
                on: {type: string, format: date}
                id: {type: string, format: uuid}
                blob: {type: string, format: byte}
                small: {type: integer, format: int32}
                big: {type: integer, format: int64}
                plain: {type: integer}
                ratio: {type: number, format: float}
                amount: {type: number, format: double}
                other: {type: number, format: decimal}
            ",
        )
        .lower();
        let ty = |wire: &str| types.field("Sample", wire).ty.clone();
        let expected = [
            ("at", Ty::DateTime),
            ("on", Ty::Date),
            ("id", Ty::String),
            ("blob", Ty::String),
            ("small", Ty::I32),
            ("big", Ty::I64),
            ("plain", Ty::I64),
            ("ratio", Ty::F32),
            ("amount", Ty::F64),
            ("other", Ty::F64),
        ];
        for (wire, want) in expected {
            assert_eq!(ty(wire), want, "{wire}");
        }
    }

    #[test]
    fn the_users_format_types_win_over_the_built_in_ones() {
        let mut customise = Customisations::default();
        for (format, ty) in [
            ("uuid", "uuid::Uuid"),
            ("date-time", "time::OffsetDateTime"),
            ("int32", "u16"),
            ("decimal", "rust_decimal::Decimal"),
        ] {
            customise
                .format_types
                .insert(format.to_owned(), ty.to_owned());
        }
        let doc = Doc::with("{}", customise);
        let table = doc.table();
        let custom = |path: &str| Ty::Custom(path.to_owned());
        let uuid = VariantOrUnknownOrEmpty::Unknown("uuid".to_owned());
        assert_eq!(table.string_ty(&uuid), custom("uuid::Uuid"));
        let date_time = VariantOrUnknownOrEmpty::Item(StringFormat::DateTime);
        assert_eq!(table.string_ty(&date_time), custom("time::OffsetDateTime"));
        let date = VariantOrUnknownOrEmpty::Item(StringFormat::Date);
        assert_eq!(table.string_ty(&date), Ty::Date);
        let int32 = VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32);
        assert_eq!(table.integer_ty(&int32), custom("u16"));
        let decimal = VariantOrUnknownOrEmpty::Unknown("decimal".to_owned());
        assert_eq!(table.number_ty(&decimal), custom("rust_decimal::Decimal"));
        assert_eq!(table.number_ty(&VariantOrUnknownOrEmpty::Empty), Ty::F64);
    }

    #[test]
    fn formats_are_named_as_the_document_spells_them() {
        let named =
            |format: VariantOrUnknownOrEmpty<StringFormat>| format_name(&format).map(str::to_owned);
        assert_eq!(
            named(VariantOrUnknownOrEmpty::Item(StringFormat::DateTime)).as_deref(),
            Some("date-time")
        );
        assert_eq!(
            named(VariantOrUnknownOrEmpty::Unknown("email".to_owned())).as_deref(),
            Some("email")
        );
        assert_eq!(named(VariantOrUnknownOrEmpty::Empty), None);
        assert_eq!(IntegerFormat::Int64.name(), "int64");
        assert_eq!(NumberFormat::Float.name(), "float");
    }
}
