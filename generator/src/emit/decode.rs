//! How generated objects and untagged unions decode: a small `decode`
//! module and two macros written once per models module, and one short
//! macro invocation per type, instead of serde's derived `Deserialize`
//! (its field enums, sequence visitors and content buffering made up about
//! half of the compile time of a large generated crate).

use std::fmt::Write as _;

use crate::ir::{Field, Presence, Struct, Ty, TypeDef, TypeKind, Union, find_type, resolve_alias};

/// The text of one `decode_struct!` invocation: the type, then one line per
/// property (`position rust_name: "wire_name" required|optional,`, with
/// `dates` before the comma when its dates are read leniently) and, when
/// the type keeps unknown properties, `..extra_field` (and `dates`).
pub fn struct_invocation(name: &str, s: &Struct, types: &[TypeDef]) -> String {
    let mut text = format!("decode_struct! {{\n    {name} {{\n");
    for (position, field) in s.fields.iter().enumerate() {
        let _ = writeln!(
            text,
            "        {position} {}: {} {}{},",
            field.name,
            proc_macro2::Literal::string(&field.wire_name),
            presence(field),
            dates_marker(&field.ty, types)
        );
    }
    if let Some(extra) = &s.extra {
        let _ = writeln!(
            text,
            "        ..{}{}",
            extra.name,
            dates_marker(&extra.value, types)
        );
    }
    text.push_str("    }\n}\n");
    text
}

/// The text of one `decode_untagged!` invocation: the type and its variants
/// in the order they are tried, each object that keeps no other properties
/// with the wire names it declares (`Card ["type", "number"],`).
pub fn untagged_invocation(name: &str, union: &Union, types: &[TypeDef]) -> String {
    let mut text = format!("decode_untagged! {{\n    {name} {{\n");
    for variant in &union.variants {
        let _ = write!(
            text,
            "        {}{}",
            variant.name,
            dates_marker(&variant.ty, types)
        );
        if let Some(declared) = declared_properties(&variant.ty, types) {
            let names: Vec<String> = declared
                .iter()
                .map(|n| proc_macro2::Literal::string(n).to_string())
                .collect();
            let _ = write!(text, " [{}]", names.join(", "));
        }
        text.push_str(",\n");
    }
    text.push_str("    }\n}\n");
    text
}

/// The wire names of the properties of the object `ty` is (through
/// aliases and boxes), when it keeps no others: a value with a property
/// outside them does not fit it. `None` for other types, which fit any
/// value they decode.
fn declared_properties<'a>(ty: &'a Ty, types: &'a [TypeDef]) -> Option<Vec<&'a str>> {
    let Ty::Named(name) = resolve_alias(types, ty) else {
        return match ty {
            Ty::Boxed(inner) => declared_properties(inner, types),
            _ => None,
        };
    };
    let TypeKind::Struct(object) = &find_type(types, name)?.kind else {
        return None;
    };
    if object.extra.is_some() {
        return None;
    }
    let tag = object.tag.as_ref().map(|(property, _)| property.as_str());
    Some(
        object
            .fields
            .iter()
            .map(|f| f.wire_name.as_str())
            .chain(tag)
            .collect(),
    )
}

/// Whether values of `ty` are dates or date-times (or lists, maps or boxes
/// of them, through aliases), read leniently by the crate's `dates.rs`.
pub fn reads_dates(ty: &Ty, types: &[TypeDef]) -> bool {
    match resolve_alias(types, ty) {
        Ty::Date | Ty::DateTime => true,
        Ty::Vec(inner) | Ty::Map(inner) | Ty::Boxed(inner) => reads_dates(inner, types),
        _ => false,
    }
}

/// ` dates` for a value read leniently, else nothing.
fn dates_marker(ty: &Ty, types: &[TypeDef]) -> &'static str {
    if reads_dates(ty, types) { " dates" } else { "" }
}

fn presence(field: &Field) -> &'static str {
    match field.presence {
        Presence::Required => "required",
        // a missing `Option` is `None` (as with serde's derive)
        Presence::RequiredNullable | Presence::Optional | Presence::OptionalNullable => "optional",
    }
}

/// The `decode_seed!` macro, for models modules with objects or untagged
/// unions that decode through the macros: how one value is read, as its
/// type does or (`dates`) with the lenient dates of `dates.rs`.
pub const SEED_SUPPORT: &str = r#"/// The seed that reads one value: as its type does (serde's `PhantomData`
/// seed, what `next_value` uses), or `dates`: leniently, as `dates.rs` says.
#[allow(unused_macros)] // unused when no object has a property and no union decodes untagged
macro_rules! decode_seed {
    () => {
        std::marker::PhantomData
    };
    (dates) => {
        super::dates::Seed::new()
    };
}
"#;

/// The `decode` module and the `decode_struct!` macro, for models modules
/// with objects that decode through them.
pub const STRUCT_SUPPORT: &str = r#"/// Decoding of the generated objects: each property is looked up in the
/// type's list, taken at most once and required or optional as the API
/// description says; properties not listed are skipped, or kept in the
/// type's map of extra properties.
mod decode {
    use std::borrow::Cow;
    use std::fmt;
    use std::marker::PhantomData;

    use serde::de::{DeserializeSeed, Error, IgnoredAny, MapAccess, Visitor};

    /// An object that decodes from its properties.
    pub(super) trait Object: Sized {
        /// The type's name, for error messages.
        const NAME: &'static str;
        /// The wire names of its properties.
        const FIELDS: &'static [&'static str];

        /// Decodes the properties `map` yields.
        fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
    }

    /// Decodes an [`Object`].
    pub(super) fn object<'de, T: Object, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<T, D::Error> {
        deserializer.deserialize_struct(T::NAME, T::FIELDS, ObjectVisitor(PhantomData))
    }

    struct ObjectVisitor<T>(PhantomData<T>);

    impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "the object `{}`", T::NAME)
        }

        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::from_map(map)
        }
    }

    /// A property name: the position of one of the type's, or another name.
    #[allow(dead_code)] // `Other`'s name is read only by types keeping extra properties
    pub(super) enum Key<'de> {
        Field(usize),
        Other(Cow<'de, str>),
    }

    /// Reads the next property name, looking it up in `fields` from the
    /// position after the last one found (properties usually come in the
    /// order the type lists them, so most are found at the first try).
    pub(super) fn next_key<'de, A: MapAccess<'de>>(
        map: &mut A,
        fields: &'static [&'static str],
        next: &mut usize,
    ) -> Result<Option<Key<'de>>, A::Error> {
        let key = map.next_key_seed(Keys { fields, from: *next })?;
        if let Some(Key::Field(position)) = key {
            *next = position + 1;
        }
        Ok(key)
    }

    /// Reads a property name, looking it up in a type's list.
    struct Keys {
        fields: &'static [&'static str],
        from: usize,
    }

    impl Keys {
        fn key<'de>(&self, name: Cow<'de, str>) -> Key<'de> {
            match self.position(&name) {
                Some(position) => Key::Field(position),
                None => Key::Other(name),
            }
        }

        fn position(&self, name: &str) -> Option<usize> {
            let (before, after) = self.fields.split_at(self.from.min(self.fields.len()));
            let found = |fields: &[&str]| fields.iter().position(|field| *field == name);
            found(after).map(|i| i + before.len()).or_else(|| found(before))
        }
    }

    impl<'de> DeserializeSeed<'de> for Keys {
        type Value = Key<'de>;

        fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Key<'de>, D::Error> {
            deserializer.deserialize_identifier(self)
        }
    }

    impl<'de> Visitor<'de> for Keys {
        type Value = Key<'de>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a property name")
        }

        fn visit_str<E: Error>(self, name: &str) -> Result<Key<'de>, E> {
            Ok(match self.position(name) {
                Some(position) => Key::Field(position),
                None => Key::Other(Cow::Owned(name.to_owned())),
            })
        }

        fn visit_borrowed_str<E: Error>(self, name: &'de str) -> Result<Key<'de>, E> {
            Ok(self.key(Cow::Borrowed(name)))
        }

        fn visit_string<E: Error>(self, name: String) -> Result<Key<'de>, E> {
            Ok(self.key(Cow::Owned(name)))
        }
    }

    /// Decodes the value of the property `name` into `slot` as `seed`
    /// reads it, unless it came before.
    #[allow(dead_code)] // unused when no object has a property
    pub(super) fn put<'de, A: MapAccess<'de>, S: DeserializeSeed<'de>>(
        map: &mut A,
        slot: &mut Option<S::Value>,
        name: &'static str,
        seed: S,
    ) -> Result<(), A::Error> {
        if slot.is_some() {
            return Err(A::Error::duplicate_field(name));
        }
        *slot = Some(map.next_value_seed(seed)?);
        Ok(())
    }

    /// Skips the value of a property the type does not know (a misfit, to
    /// an untagged union trying this type).
    pub(super) fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
        super::fit::note();
        map.next_value::<IgnoredAny>().map(drop)
    }
}

/// Implements `Deserialize` for a struct through the `decode` module, from
/// its fields' positions, Rust names, wire names, presence and how each is
/// read (`dates`, or as its type does), and the field keeping extra
/// properties, if any. A key is looked up once, in `FIELDS`; its position
/// picks the field.
macro_rules! decode_struct {
    ($name:ident { $($position:literal $field:ident: $wire:literal $presence:ident $($how:ident)?,)* $(..$extra:ident $($extra_how:ident)?)? }) => {
        impl decode::Object for $name {
            const NAME: &'static str = stringify!($name);
            const FIELDS: &'static [&'static str] = &[$($wire),*];

            fn from_map<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                $(let mut $field = None;)*
                $(let mut $extra = std::collections::BTreeMap::new();)?
                let mut next = 0;
                while let Some(key) = decode::next_key(&mut map, Self::FIELDS, &mut next)? {
                    match key {
                        $(decode::Key::Field($position) => decode::put(&mut map, &mut $field, $wire, decode_seed!($($how)?)),)*
                        $(decode::Key::Other(name) => map.next_value_seed(decode_seed!($($extra_how)?)).map(|value| {
                            $extra.insert(name.into_owned(), value);
                        }),)?
                        _ => decode::skip(&mut map),
                    }?;
                }
                $(decode_field!($presence $field $wire);)*
                Ok(Self {
                    $($field,)*
                    $($extra,)?
                })
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                decode::object(deserializer)
            }
        }
    };
}

/// The value of a field once every property is read: a required one must
/// have come; an optional one is `None` when it did not, or was `null`.
#[allow(unused_macros)] // unused when no object has a property
macro_rules! decode_field {
    (required $field:ident $wire:literal) => {
        let Some($field) = $field else {
            return Err(serde::de::Error::missing_field($wire));
        };
    };
    (optional $field:ident $wire:literal) => {
        let $field = $field.flatten();
    };
}
"#;

/// The `fit` module of a models module with untagged unions (whose other
/// types call it as they decode): what decoding left out or did not
/// recognise, counted, so that an untagged union knows whether an
/// alternative holds the whole value, at every depth.
pub const FIT_SUPPORT: &str = r#"/// What decoding did not hold as declared, counted on each thread: a
/// property a type does not declare (skipped); weighing more, a property
/// an untagged union's alternative leaves out that another declares (lost);
/// and weighing most, a value no string enum variant lists or a tag no
/// alternative of a tagged union lists (a value the schema rules out, where
/// an undeclared property is only unknown to it). An untagged union
/// compares the count before and after trying an alternative: an
/// alternative fits when it decodes the value and the count did not move;
/// else the one that moved it least wins.
mod fit {
    use std::cell::Cell;

    thread_local! {
        static MISFITS: Cell<u64> = const { Cell::new(0) };
    }

    /// What one unlisted value weighs: more than any number of lost and
    /// skipped properties a value can hold.
    const UNLISTED: u64 = 1 << 32;

    /// What one lost property weighs (one that an untagged union's other
    /// alternative declares): more than any number of skipped properties.
    const LOST: u64 = 1 << 16;

    /// Counts one skipped property.
    pub(super) fn note() {
        add(1);
    }

    /// Counts `properties` lost: left out by an alternative although
    /// another declares them.
    pub(super) fn lost(properties: u64) {
        add(properties.saturating_mul(LOST));
    }

    /// `value`, an unlisted value (or tag) counted.
    #[allow(dead_code)] // unused without string enums and tagged unions
    pub(super) fn unlisted<T>(value: T) -> T {
        add(UNLISTED);
        value
    }

    fn add(weight: u64) {
        MISFITS.with(|count| count.set(count.get().wrapping_add(weight)));
    }

    /// The count so far.
    pub(super) fn count() -> u64 {
        MISFITS.with(Cell::get)
    }

    /// Sets the count (back to what it was before an alternative was tried).
    pub(super) fn set(to: u64) {
        MISFITS.with(|count| count.set(to));
    }
}
"#;

/// The `fit` module of a models module without untagged unions: nothing
/// reads the count, so nothing is counted (the calls compile to nothing).
pub const FIT_UNREAD: &str = r#"/// What decoding did not hold as declared would be counted here for an
/// untagged union to read; the API has none, so nothing is counted.
mod fit {
    /// A skipped property: not counted.
    #[inline]
    #[allow(dead_code)] // unused without objects
    pub(super) fn note() {}

    /// `value`, an unlisted value (or tag): not counted.
    #[inline]
    #[allow(dead_code)] // unused without string enums and tagged unions
    pub(super) fn unlisted<T>(value: T) -> T {
        value
    }
}
"#;

/// The `decode_untagged!` macro, for models modules with untagged unions.
pub const UNTAGGED_SUPPORT: &str = r#"/// Implements `Deserialize` for an untagged union: the value is read once
/// as JSON, then the alternatives are tried in order (an alternative marked
/// `dates` read leniently, as `dates.rs` says). The first that
/// decodes it and fits it wins: nothing of the value is left out or
/// unrecognised at any depth (no property its objects do not declare, no
/// value its enums do not list, see `fit`), and an object alternative
/// listed with its property names has no property outside them. When none
/// fits, the one that decodes it with the fewest misfits (an unlisted
/// value weighing more than anything else, then each property of the value
/// that another alternative declares and this one leaves out, then each
/// skipped property; the first of those), its misfits counted for the union
/// around it, if any.
macro_rules! decode_untagged {
    (@declared [$($property:literal),*]) => {
        Some(&[$($property),*])
    };
    (@declared) => {
        None
    };
    ($name:ident { $($variant:ident $($how:ident)? $([$($property:literal),*])?,)* }) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                // every property an alternative declares
                const DECLARED: &[&str] = &[$($($($property,)*)?)*];
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                let start = fit::count();
                let mut best: Option<(Self, u64)> = None;
                $(
                    fit::set(start);
                    if let Ok(decoded) = serde::de::DeserializeSeed::deserialize(decode_seed!($($how)?), &value) {
                        let declared: Option<&[&str]> =
                            decode_untagged!(@declared $([$($property),*])?);
                        // (a value that fits loses nothing: every property is declared)
                        if let Some(declared) = declared.filter(|d| !untagged::fits(&value, d)) {
                            fit::note();
                            fit::lost(untagged::lost(&value, declared, DECLARED));
                        }
                        let misfits = fit::count();
                        if misfits == start {
                            return Ok(Self::$variant(decoded));
                        }
                        if best.as_ref().is_none_or(|(_, fewest)| misfits < *fewest) {
                            best = Some((Self::$variant(decoded), misfits));
                        }
                    }
                )*
                let Some((decoded, misfits)) = best else {
                    fit::set(start);
                    return Err(serde::de::Error::custom(concat!(
                        "the value matches no alternative of `",
                        stringify!($name),
                        "`"
                    )));
                };
                fit::set(misfits);
                Ok(decoded)
            }
        }
    };
}

/// What `decode_untagged!` needs besides serde.
mod untagged {
    /// Whether `value` has no property outside `declared` (a value that is
    /// no object has none).
    pub(super) fn fits(value: &serde_json::Value, declared: &[&str]) -> bool {
        value
            .as_object()
            .is_none_or(|object| object.keys().all(|key| declared.contains(&key.as_str())))
    }

    /// How many properties of `value` an alternative that declares only
    /// `declared` would leave out although another declares them (`all`):
    /// declared data it would lose, not properties no alternative knows.
    pub(super) fn lost(value: &serde_json::Value, declared: &[&str], all: &[&str]) -> u64 {
        let Some(object) = value.as_object() else {
            return 0;
        };
        let lost = (object.keys().map(String::as_str))
            .filter(|key| !declared.contains(key) && all.contains(key))
            .count();
        u64::try_from(lost).unwrap_or(u64::MAX)
    }
}
"#;

/// The `tagged` module, for models modules with unions whose inline objects
/// do not hold their tag (they write it themselves when sent).
pub const TAGGED_SUPPORT: &str = r#"/// Unions told apart by a tag property their inline objects do not hold
/// as a field: the tag is taken out before such an object is decoded.
mod tagged {
    /// Decodes an object without its tag property (which picked its type).
    pub(super) fn without_tag<T: serde::de::DeserializeOwned, E: serde::de::Error>(
        mut json: serde_json::Value,
        property: &str,
    ) -> Result<T, E> {
        if let serde_json::Value::Object(object) = &mut json {
            object.remove(property);
        }
        serde_json::from_value(json).map_err(E::custom)
    }
}
"#;
