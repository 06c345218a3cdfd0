//! The round trip of the API description's JSON examples: each decoded
//! into its type as the client decodes a body, encoded back, and compared
//! with the example. Copied into a generated crate's `example_tests`
//! module (`#[cfg(test)]`) when the generator is asked for example tests.
//!
//! The one rule of the comparison: equal values are `Equal`; strings that
//! are the same point in time (or a date and that day's midnight) are
//! `Instant`; numbers equal to within a float's precision (or the `f32`
//! nearest to the example's) are `Float`; a property whose `null` the
//! encoding leaves out, or an absent one it writes as `null`, is `Null` (an
//! `Option` holds no difference between absent and `null`); a property the
//! schema does not declare missing from the encoding is `Undeclared`
//! (decoding drops what it does not know); anything else is `Lossy`. An
//! example is classed by its worst difference; it fits unless it does not
//! decode (`Undecodable`) or is `Lossy`.

use std::fmt::{self, Write as _};

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// One JSON example of the API description.
#[derive(Debug, Clone, Copy)]
pub struct Example {
    /// Where the example is in the document (a JSON pointer).
    pub at: &'static str,
    /// The schema it is an example of.
    pub schema: &'static str,
    /// The example, as JSON text.
    pub json: &'static str,
    /// The places in the example (JSON pointers relative to it) of the
    /// properties its schema does not declare.
    pub undeclared: &'static [&'static str],
}

/// How an example's round trip went, from best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    /// Encoded back to the same JSON.
    Equal,
    /// A point in time written differently.
    Instant,
    /// A number changed within a float's precision, or written as a float.
    Float,
    /// A property given as `null` was left out, or one left out was written
    /// as `null` (a required nullable property): the same `None`.
    Null,
    /// A property the schema does not declare was dropped.
    Undeclared,
    /// The example does not decode into its type.
    Undecodable,
    /// Anything else: declared data lost or changed.
    Lossy,
}

impl Class {
    /// Whether an example of this class fits its type.
    pub fn fits(self) -> bool {
        self < Self::Undecodable
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Equal => "equal",
            Self::Instant => "instant",
            Self::Float => "float",
            Self::Null => "null",
            Self::Undeclared => "undeclared",
            Self::Undecodable => "undecodable",
            Self::Lossy => "lossy",
        })
    }
}

/// What came of one example: its class and, unless it is equal, the first
/// difference of that class (where in the example, and what).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The class of the worst difference.
    pub class: Class,
    /// That difference, or the decoding error.
    pub detail: String,
}

/// Decodes `json` as `T` (as the client decodes a body), encodes it back and
/// compares the two.
pub fn round_trip<T: Serialize + DeserializeOwned>(json: &str, undeclared: &[&str]) -> Outcome {
    let decoded: T = match serde_json::from_str(json) {
        Ok(decoded) => decoded,
        Err(error) => return outcome(Class::Undecodable, error.to_string()),
    };
    let encoded = match serde_json::to_value(&decoded) {
        Ok(encoded) => encoded,
        Err(error) => return outcome(Class::Lossy, format!("does not encode: {error}")),
    };
    match serde_json::from_str::<Value>(json) {
        Ok(original) => compare(&original, &encoded, undeclared),
        Err(error) => outcome(Class::Undecodable, error.to_string()),
    }
}

/// The worst difference between an example and its encoding.
pub fn compare(original: &Value, encoded: &Value, undeclared: &[&str]) -> Outcome {
    let mut worst = outcome(Class::Equal, String::new());
    differences(original, encoded, "", undeclared, &mut worst);
    worst
}

/// Checks every example of one type: prints a line for each
/// (`example-round-trip`, class, where, schema, what), then panics naming
/// each that does not fit.
///
/// # Panics
///
/// When an example does not decode or loses data.
pub fn check<T: Serialize + DeserializeOwned>(examples: &[Example]) {
    let mut misfits = String::new();
    for example in examples {
        let Outcome { class, detail } = round_trip::<T>(example.json, example.undeclared);
        println!(
            "example-round-trip\t{class}\t{}\t{}\t{}",
            example.at,
            example.schema,
            detail.replace(['\t', '\n'], " ")
        );
        if !class.fits() {
            let _ = write!(
                misfits,
                "\n- {} (schema {}): {class}: {detail}",
                example.at, example.schema
            );
        }
    }
    assert!(
        misfits.is_empty(),
        "examples of the API description that do not fit `{}`:{misfits}",
        std::any::type_name::<T>()
    );
}

fn outcome(class: Class, detail: String) -> Outcome {
    Outcome { class, detail }
}

/// Records in `worst` the difference `class` at `path` if it is worse
/// than what is there.
fn note(worst: &mut Outcome, class: Class, path: &str, what: &str) {
    if class > worst.class {
        let place = if path.is_empty() { "the example" } else { path };
        *worst = outcome(class, format!("{place}: {what}"));
    }
}

fn differences(
    original: &Value,
    encoded: &Value,
    path: &str,
    undeclared: &[&str],
    worst: &mut Outcome,
) {
    if original == encoded {
        return;
    }
    match (original, encoded) {
        (Value::Object(original), Value::Object(encoded)) => {
            for (key, value) in original {
                let place = format!("{path}/{}", key.replace('~', "~0").replace('/', "~1"));
                match encoded.get(key) {
                    Some(again) => differences(value, again, &place, undeclared, worst),
                    None if value.is_null() => note(worst, Class::Null, &place, "null, left out"),
                    None if undeclared.contains(&place.as_str()) => {
                        note(worst, Class::Undeclared, &place, "not declared, dropped");
                    }
                    None => note(worst, Class::Lossy, &place, "declared, dropped"),
                }
            }
            for (key, value) in encoded.iter().filter(|(k, _)| !original.contains_key(*k)) {
                let place = format!("{path}/{key}");
                if value.is_null() {
                    // a required nullable property: `None` is written as `null`
                    note(worst, Class::Null, &place, "absent, written as null");
                } else {
                    note(
                        worst,
                        Class::Lossy,
                        &place,
                        &format!("added as {}", shown(value)),
                    );
                }
            }
        }
        (Value::Array(original), Value::Array(encoded)) if original.len() == encoded.len() => {
            for (i, (value, again)) in original.iter().zip(encoded).enumerate() {
                differences(value, again, &format!("{path}/{i}"), undeclared, worst);
            }
        }
        (Value::String(a), Value::String(b)) if same_instant(a, b) => {
            note(worst, Class::Instant, path, &changed(original, encoded));
        }
        (Value::Number(a), Value::Number(b)) if close(a.as_f64(), b.as_f64()) => {
            note(worst, Class::Float, path, &changed(original, encoded));
        }
        _ => note(worst, Class::Lossy, path, &changed(original, encoded)),
    }
}

fn changed(original: &Value, encoded: &Value) -> String {
    format!("{} became {}", shown(original), shown(encoded))
}

/// A value as JSON, cut short.
fn shown(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(80) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text,
    }
}

/// Whether two numbers are the same to within an `f32`'s precision: equal,
/// close relative to their size, or `b` the `f32` nearest to `a` (a
/// magnitude below `f32`'s smallest becomes zero or a subnormal).
fn close(a: Option<f64>, b: Option<f64>) -> bool {
    let (Some(a), Some(b)) = (a, b) else {
        return false;
    };
    // the nearest single-precision number, as a `format: float` field holds it
    #[allow(clippy::cast_possible_truncation)]
    let single = f64::from(a as f32);
    #[allow(clippy::float_cmp)] // exactly equal, written as integer and float
    let equal = a == b || single == b;
    equal || (a - b).abs() <= 1e-6 * a.abs().max(b.abs())
}

/// Whether two texts are the same point in time, or a date and its
/// midnight.
fn same_instant(a: &str, b: &str) -> bool {
    match (instant(a), instant(b)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// A date-time (RFC 3339, or without an offset as UTC, `T` or a space
/// between date and time) or a date (as its midnight), in UTC.
fn instant(text: &str) -> Option<NaiveDateTime> {
    if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        return Some(time.naive_utc());
    }
    ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
        .or_else(|| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .ok()
                .and_then(|date| date.and_hms_opt(0, 0, 0))
        })
}
