//! `UnixSeconds` and `UnixMillis`: points in time sent as Unix time integers
//! (`format: unix-time` and `format: unix-time-ms`). Copied beside the models
//! rather than into `runtime/`, because the models use them with or without
//! the `client` feature.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::{DateTime, Utc};

/// Both types: the integer on the wire, made from a `DateTime<Utc>`, a
/// `SystemTime` or the integer itself, in the one unit the type is named for.
macro_rules! unix_time {
    ($(#[$docs:meta])* $name:ident, $unit:literal, $per_second:expr) => {
        $(#[$docs])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        #[derive(serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl $name {
            #[doc = concat!("The ", $unit, " since 1970-01-01T00:00:00Z.")]
            #[must_use]
            pub fn get(self) -> i64 {
                self.0
            }

            /// The instant as a date and time (`None` beyond chrono's range).
            #[must_use]
            pub fn to_datetime(self) -> Option<DateTime<Utc>> {
                let per_second: i64 = $per_second;
                let seconds = self.0.div_euclid(per_second);
                let rest = self.0.rem_euclid(per_second);
                let nanos = u32::try_from(rest * (1_000_000_000 / per_second)).ok()?;
                DateTime::from_timestamp(seconds, nanos)
            }
        }

        impl From<i64> for $name {
            #[doc = concat!("The value itself, in ", $unit, ".")]
            fn from(value: i64) -> Self {
                Self(value)
            }
        }

        impl From<$name> for i64 {
            fn from(value: $name) -> Self {
                value.0
            }
        }

        impl From<DateTime<Utc>> for $name {
            #[doc = concat!("The instant in whole ", $unit, " (a fraction of one is dropped).")]
            fn from(value: DateTime<Utc>) -> Self {
                let per_second: i64 = $per_second;
                let sub = i64::from(value.timestamp_subsec_nanos()) / (1_000_000_000 / per_second);
                Self(value.timestamp().saturating_mul(per_second).saturating_add(sub))
            }
        }

        impl From<SystemTime> for $name {
            /// The instant, also before 1970; clamped to what an `i64` holds.
            fn from(value: SystemTime) -> Self {
                match value.duration_since(UNIX_EPOCH) {
                    Ok(after) => Self(units(after, $per_second)),
                    Err(before) => Self(-units(before.duration(), $per_second)),
                }
            }
        }

        impl fmt::Display for $name {
            /// The integer, as the API writes it.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }
    };
}

unix_time!(
    /// A point in time as Unix time in seconds (`format: unix-time`). Made
    /// from a `chrono::DateTime<Utc>`, a `SystemTime` or an `i64` of seconds
    /// (`.into()`, or a setter that takes `impl Into<UnixSeconds>`); sent
    /// and read as the integer.
    UnixSeconds,
    "seconds",
    1
);

unix_time!(
    /// A point in time as Unix time in milliseconds (`format:
    /// unix-time-ms`). Made from a `chrono::DateTime<Utc>`, a `SystemTime`
    /// or an `i64` of milliseconds (`.into()`, or a setter that takes
    /// `impl Into<UnixMillis>`); sent and read as the integer, so a
    /// `DateTime` can no longer be passed in the wrong unit.
    UnixMillis,
    "milliseconds",
    1_000
);

/// Whole units of `1 / per_second` seconds in `duration`, clamped to `i64`.
fn units(duration: Duration, per_second: i64) -> i64 {
    let per_second = u128::try_from(per_second).unwrap_or(1);
    let units = duration.as_nanos() * per_second / 1_000_000_000;
    i64::try_from(units).unwrap_or(i64::MAX)
}
