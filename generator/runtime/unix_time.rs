//! `UnixSeconds` and `UnixMillis`: points in time sent as Unix time integers
//! (`format: unix-time` and `format: unix-time-ms`), one generic type over
//! its unit. Copied beside the models rather than into `runtime/`, because
//! the models use them with or without the `client` feature.

use std::fmt;
use std::marker::PhantomData;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::{DateTime, Utc};

/// A point in time as Unix time in seconds (`format: unix-time`).
pub type UnixSeconds = UnixTime<Seconds>;

/// A point in time as Unix time in milliseconds (`format: unix-time-ms`).
pub type UnixMillis = UnixTime<Millis>;

/// A point in time as a Unix time integer in the unit `U` ([`Seconds`] or
/// [`Millis`]): made from a `chrono::DateTime<Utc>`, a `SystemTime` or an
/// `i64` in that unit (`.into()`, or a setter that takes
/// `impl Into<UnixMillis>`), sent and read as the integer. A `DateTime`
/// cannot be passed in the wrong unit.
#[derive(
    Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct UnixTime<U> {
    value: i64,
    #[serde(skip)]
    unit: PhantomData<U>,
}

/// The unit of a [`UnixTime`].
pub trait TimeUnit {
    /// Units in one second.
    const PER_SECOND: i64;
    /// The type's name, for `Debug`.
    const NAME: &'static str;
}

/// Seconds: the unit of `UnixSeconds`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Seconds;

/// Milliseconds: the unit of `UnixMillis`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Millis;

impl TimeUnit for Seconds {
    const PER_SECOND: i64 = 1;
    const NAME: &'static str = "UnixSeconds";
}

impl TimeUnit for Millis {
    const PER_SECOND: i64 = 1_000;
    const NAME: &'static str = "UnixMillis";
}

impl<U: TimeUnit> UnixTime<U> {
    /// The point `value` units after 1970-01-01T00:00:00Z.
    #[must_use]
    pub fn new(value: i64) -> Self {
        Self {
            value,
            unit: PhantomData,
        }
    }

    /// The units since 1970-01-01T00:00:00Z, as sent.
    #[must_use]
    pub fn get(self) -> i64 {
        self.value
    }

    /// The instant as a date and time (`None` beyond chrono's range).
    #[must_use]
    pub fn to_datetime(&self) -> Option<DateTime<Utc>> {
        let seconds = self.value.div_euclid(U::PER_SECOND);
        let rest = self.value.rem_euclid(U::PER_SECOND);
        let nanos = u32::try_from(rest * (1_000_000_000 / U::PER_SECOND)).ok()?;
        DateTime::from_timestamp(seconds, nanos)
    }
}

impl<U: TimeUnit> From<i64> for UnixTime<U> {
    /// The value itself, in the type's unit.
    fn from(value: i64) -> Self {
        Self::new(value)
    }
}

impl<U> From<UnixTime<U>> for i64 {
    fn from(time: UnixTime<U>) -> Self {
        time.value
    }
}

impl<U: TimeUnit> From<DateTime<Utc>> for UnixTime<U> {
    /// The instant in whole units (a fraction of one is dropped).
    fn from(value: DateTime<Utc>) -> Self {
        let sub = i64::from(value.timestamp_subsec_nanos()) / (1_000_000_000 / U::PER_SECOND);
        Self::new(
            value
                .timestamp()
                .saturating_mul(U::PER_SECOND)
                .saturating_add(sub),
        )
    }
}

impl<U: TimeUnit> From<SystemTime> for UnixTime<U> {
    /// The instant, also before 1970; clamped to what an `i64` holds.
    fn from(value: SystemTime) -> Self {
        match value.duration_since(UNIX_EPOCH) {
            Ok(after) => Self::new(units::<U>(after)),
            Err(before) => Self::new(-units::<U>(before.duration())),
        }
    }
}

impl<U: TimeUnit> fmt::Debug for UnixTime<U> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}({})", U::NAME, self.value)
    }
}

impl<U> fmt::Display for UnixTime<U> {
    /// The integer, as the API writes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.value, f)
    }
}

/// Whole units of `U` in `duration`, clamped to `i64`.
fn units<U: TimeUnit>(duration: Duration) -> i64 {
    let per_second = u128::try_from(U::PER_SECOND).unwrap_or(1);
    i64::try_from(duration.as_nanos() * per_second / 1_000_000_000).unwrap_or(i64::MAX)
}
