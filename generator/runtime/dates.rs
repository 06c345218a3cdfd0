//! Lenient reading of `format: date` and `format: date-time` values, as
//! servers write them: a date-time where a date is declared (its date, as
//! written), a date-time without an offset (UTC), and RFC 3339 as chrono
//! reads it leniently (a space or `t` for `T`, `z` for `Z`, an offset
//! without its colon, any number of fraction digits). Anything else is an
//! error. The types stay `chrono::NaiveDate` and
//! `chrono::DateTime<chrono::Utc>`, written back in RFC 3339 as chrono
//! does; only decoding goes through here (the models' `decode_seed!(dates)`
//! and `deserialize`). Copied beside the models rather than into
//! `runtime/`, because the models use it with or without the `client`
//! feature.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};
use serde::de::{DeserializeSeed, Deserializer, Error, MapAccess, SeqAccess, Visitor};

/// A value holding dates or date-times (itself, or in an `Option`, a
/// `Vec`, a map or a `Box`), read leniently.
pub trait Lenient: Sized {
    /// Reads the value, its dates leniently.
    ///
    /// # Errors
    ///
    /// The deserializer's, or a date that is none of the accepted forms.
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// Reads a `T` leniently: for `#[serde(deserialize_with = "...")]`.
///
/// # Errors
///
/// As [`Lenient::deserialize_lenient`].
pub fn deserialize<'de, D: Deserializer<'de>, T: Lenient>(deserializer: D) -> Result<T, D::Error> {
    T::deserialize_lenient(deserializer)
}

/// A [`DeserializeSeed`] that reads a `T` leniently.
pub struct Seed<T>(PhantomData<fn() -> T>);

impl<T> Seed<T> {
    /// The seed.
    #[must_use]
    pub fn new() -> Self {
        Self(PhantomData)
    }
}

impl<T> Default for Seed<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'de, T: Lenient> DeserializeSeed<'de> for Seed<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::deserialize_lenient(deserializer)
    }
}

/// A date-time: RFC 3339 as chrono reads it (its fast path, the same as
/// chrono's own `Deserialize`), else one without an offset, taken as UTC.
///
/// # Errors
///
/// Text that is neither.
pub fn parse_date_time(text: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(instant) = text.parse::<DateTime<Utc>>() {
        return Ok(instant);
    }
    parse_naive(text)
        .map(|naive| naive.and_utc())
        .ok_or_else(|| format!("`{text}` is not a date-time (RFC 3339, or without an offset)"))
}

/// A date: `YYYY-MM-DD`, else the date of a date-time as written there
/// (`2020-01-01T23:30:00-05:00` is 2020-01-01, whatever the date in UTC).
///
/// # Errors
///
/// Text that is neither.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    if let Ok(date) = text.parse::<NaiveDate>() {
        return Ok(date);
    }
    if let Ok(instant) = text.parse::<DateTime<FixedOffset>>() {
        return Ok(instant.date_naive());
    }
    parse_naive(text)
        .map(|naive| naive.date())
        .ok_or_else(|| format!("`{text}` is not a date (YYYY-MM-DD, or a date-time)"))
}

/// A date-time without an offset, its date and time separated by `T`, `t`
/// or a space.
fn parse_naive(text: &str) -> Option<NaiveDateTime> {
    if let Ok(naive) = text.parse::<NaiveDateTime>() {
        return Some(naive);
    }
    match text.as_bytes().get(10) {
        Some(b't' | b' ') => {
            let (date, time) = (text.get(..10)?, text.get(11..)?);
            format!("{date}T{time}").parse().ok()
        }
        _ => None,
    }
}

/// Reads a string and parses it.
struct Text<T>(fn(&str) -> Result<T, String>, &'static str);

impl<T> Visitor<'_> for Text<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.1)
    }

    fn visit_str<E: Error>(self, text: &str) -> Result<T, E> {
        (self.0)(text).map_err(E::custom)
    }
}

impl Lenient for DateTime<Utc> {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(Text(parse_date_time, "a date-time"))
    }
}

impl Lenient for NaiveDate {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(Text(parse_date, "a date"))
    }
}

impl<T: Lenient> Lenient for Box<T> {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_lenient(deserializer).map(Box::new)
    }
}

impl<T: Lenient> Lenient for Option<T> {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_option(OptionVisitor(PhantomData))
    }
}

struct OptionVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Lenient> Visitor<'de> for OptionVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or null")
    }

    fn visit_none<E: Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        T::deserialize_lenient(deserializer).map(Some)
    }
}

impl<T: Lenient> Lenient for Vec<T> {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(VecVisitor(PhantomData))
    }
}

struct VecVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Lenient> Visitor<'de> for VecVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element_seed(Seed::new())? {
            items.push(item);
        }
        Ok(items)
    }
}

impl<T: Lenient> Lenient for BTreeMap<String, T> {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

struct MapVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Lenient> Visitor<'de> for MapVisitor<T> {
    type Value = BTreeMap<String, T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = BTreeMap::new();
        while let Some((key, value)) = map.next_entry_seed(PhantomData::<String>, Seed::new())? {
            entries.insert(key, value);
        }
        Ok(entries)
    }
}
