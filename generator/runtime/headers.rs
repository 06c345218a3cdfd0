//! Response headers the API description declares (`responses.*.headers`),
//! read as typed values: [`DeclaredHeaders`], which each operation's
//! generated `...Headers` struct implements, [`HeaderError`], and the
//! readers the generated code calls, one per shape of field.

use std::fmt;

use reqwest::header::HeaderMap;

/// The headers an operation's success response declares, read from the
/// response's headers ([`Response::declared_headers`](super::Response::declared_headers)).
pub trait DeclaredHeaders: Sized {
    /// Reads the declared headers out of `headers`.
    ///
    /// # Errors
    ///
    /// A [`HeaderError`] when a required header is missing, or a value is
    /// not of its declared type.
    fn from_headers(headers: &HeaderMap) -> Result<Self, HeaderError>;
}

/// A declared response header that is missing or not of its declared type.
/// It names the header and the expected type, never the value (a header may
/// carry a secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderError {
    name: &'static str,
    problem: String,
}

impl HeaderError {
    /// An error about the header `name` (for tests of code that handles
    /// one; feature `test-util`).
    #[cfg(feature = "test-util")]
    #[must_use]
    pub fn new(name: &'static str, problem: impl Into<String>) -> Self {
        Self {
            name,
            problem: problem.into(),
        }
    }

    #[must_use]
    /// The header's name, lower case.
    pub fn name(&self) -> &str {
        self.name
    }

    #[must_use]
    /// What is wrong with it.
    pub fn problem(&self) -> &str {
        &self.problem
    }
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "response header `{}`: {}", self.name, self.problem)
    }
}

impl std::error::Error for HeaderError {}

/// A type a declared header's value (or one item of a list) is read as.
pub trait HeaderScalar: Sized {
    /// What a value must look like, for errors: "an integer".
    const EXPECTED: &'static str;

    /// The value of `text`, `None` when it is not one.
    fn parse(text: &str) -> Option<Self>;
}

impl HeaderScalar for String {
    const EXPECTED: &'static str = "text";

    fn parse(text: &str) -> Option<Self> {
        Some(text.to_owned())
    }
}

impl HeaderScalar for bool {
    const EXPECTED: &'static str = "`true` or `false`";

    fn parse(text: &str) -> Option<Self> {
        text.parse().ok()
    }
}

macro_rules! number_scalars {
    ($($ty:ty => $expected:literal),* $(,)?) => {$(
        impl HeaderScalar for $ty {
            const EXPECTED: &'static str = $expected;

            fn parse(text: &str) -> Option<Self> {
                text.parse().ok()
            }
        }
    )*};
}

number_scalars! {
    i32 => "an integer (32 bits)",
    i64 => "an integer (64 bits)",
    f32 => "a number",
    f64 => "a number",
}

/// Each occurrence of the header `name`, as text.
fn occurrences<'a>(
    headers: &'a HeaderMap,
    name: &'static str,
) -> Result<Vec<&'a str>, HeaderError> {
    headers
        .get_all(name)
        .iter()
        .map(|value| {
            value.to_str().map(str::trim).map_err(|_| HeaderError {
                name,
                problem: "the value is not visible ASCII text".to_owned(),
            })
        })
        .collect()
}

fn parse<T: HeaderScalar>(name: &'static str, text: &str) -> Result<T, HeaderError> {
    T::parse(text).ok_or_else(|| HeaderError {
        name,
        problem: format!(
            "expected {}; the value ({} bytes) is not one",
            T::EXPECTED,
            text.len()
        ),
    })
}

fn missing(name: &'static str) -> HeaderError {
    HeaderError {
        name,
        problem: "declared as required, but the response has none".to_owned(),
    }
}

/// An optional header of one value: `None` when absent. Several
/// occurrences are one value, joined with `, ` as HTTP defines (so a text
/// keeps them all, and a number given twice is an error, never one of the
/// two).
///
/// # Errors
///
/// A value not of type `T`.
pub fn optional_header<T: HeaderScalar>(
    headers: &HeaderMap,
    name: &'static str,
) -> Result<Option<T>, HeaderError> {
    match occurrences(headers, name)?.as_slice() {
        [] => Ok(None),
        [text] => parse(name, text).map(Some),
        several => parse(name, &several.join(", ")).map(Some),
    }
}

/// A required header of one value.
///
/// # Errors
///
/// As [`optional_header`], and when the header is absent.
pub fn required_header<T: HeaderScalar>(
    headers: &HeaderMap,
    name: &'static str,
) -> Result<T, HeaderError> {
    optional_header(headers, name)?.ok_or_else(|| missing(name))
}

/// An optional list header: the comma-separated items of all its
/// occurrences, in order; `None` when absent.
///
/// # Errors
///
/// An item not of type `T`.
pub fn optional_header_list<T: HeaderScalar>(
    headers: &HeaderMap,
    name: &'static str,
) -> Result<Option<Vec<T>>, HeaderError> {
    let occurrences = occurrences(headers, name)?;
    if occurrences.is_empty() {
        return Ok(None);
    }
    occurrences
        .iter()
        .flat_map(|text| text.split(','))
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| parse(name, item))
        .collect::<Result<_, _>>()
        .map(Some)
}

/// A required list header.
///
/// # Errors
///
/// As [`optional_header_list`], and when the header is absent.
pub fn required_header_list<T: HeaderScalar>(
    headers: &HeaderMap,
    name: &'static str,
) -> Result<Vec<T>, HeaderError> {
    optional_header_list(headers, name)?.ok_or_else(|| missing(name))
}
