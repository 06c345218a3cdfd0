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

/// A date-time: RFC 3339 as chrono reads it (its usual form read by bytes
/// first, the same values chrono's own `Deserialize` gives), else one
/// without an offset, taken as UTC.
///
/// # Errors
///
/// Text that is neither.
pub fn parse_date_time(text: &str) -> Result<DateTime<Utc>, String> {
    if let Some(instant) = strict_date_time(text) {
        return Ok(instant);
    }
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
    if let Some(date) = strict_date(text.as_bytes()) {
        return Ok(date);
    }
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

/// `YYYY-MM-DDTHH:MM:SS`, an optional fraction of 1 to 9 digits, then `Z` or
/// `±HH:MM`: the form nearly every server writes, read by bytes (chrono's
/// general parser costs several times as much). `None` for anything else,
/// chrono's parser then decides; never a value that parser would not give.
fn strict_date_time(text: &str) -> Option<DateTime<Utc>> {
    let bytes = text.as_bytes();
    let (day, time) = (bytes.get(..10)?, bytes.get(10..19)?);
    if time[0] != b'T' || time[3] != b':' || time[6] != b':' {
        return None;
    }
    let (hour, minute, second) = (
        number(&time[1..3])?,
        number(&time[4..6])?,
        number(&time[7..9])?,
    );
    // a leap second (`:60`) is left to chrono
    if second > 59 {
        return None;
    }
    let (nanosecond, zone) = fraction(&bytes[19..])?;
    let local = strict_date(day)?.and_hms_nano_opt(hour, minute, second, nanosecond)?;
    let east = match zone {
        b"Z" => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (hours, minutes) = (number(&zone[1..3])?, number(&zone[4..])?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            let seconds = i64::from(hours * 3600 + minutes * 60);
            if *sign == b'-' { -seconds } else { seconds }
        }
        _ => return None,
    };
    let utc = local.checked_sub_signed(chrono::TimeDelta::try_seconds(east)?)?;
    Some(utc.and_utc())
}

/// `YYYY-MM-DD`, read by bytes; `None` for anything else.
fn strict_date(bytes: &[u8]) -> Option<NaiveDate> {
    let [_, _, _, _, b'-', _, _, b'-', _, _] = bytes else {
        return None;
    };
    let year = i32::try_from(number(&bytes[..4])?).ok()?;
    NaiveDate::from_ymd_opt(year, number(&bytes[5..7])?, number(&bytes[8..])?)
}

/// A fraction of a second (`.` and 1 to 9 digits, or nothing) as
/// nanoseconds, and what follows it.
fn fraction(bytes: &[u8]) -> Option<(u32, &[u8])> {
    // what one unit of the last digit is worth, by the number of digits
    const UNIT: [u32; 10] = [
        0,
        100_000_000,
        10_000_000,
        1_000_000,
        100_000,
        10_000,
        1_000,
        100,
        10,
        1,
    ];
    let Some(digits) = bytes.strip_prefix(b".") else {
        return Some((0, bytes));
    };
    let count = digits
        .iter()
        .take_while(|byte| byte.is_ascii_digit())
        .count();
    if count == 0 || count > 9 {
        return None;
    }
    let nanoseconds = number(&digits[..count])? * UNIT[count];
    Some((nanoseconds, &digits[count..]))
}

/// The decimal number `digits` spell (at most 9 of them); `None` if one is not a digit.
fn number(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |value, &digit| {
        digit
            .is_ascii_digit()
            .then(|| value * 10 + u32::from(digit - b'0'))
    })
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
