//! Retries: which failures are worth another attempt, and how long to wait
//! before it (the server's `Retry-After`, or capped exponential backoff with
//! full jitter).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::Method;
use reqwest::header::HeaderMap;

/// When and how often failed requests are tried again. Made with
/// [`RetryPolicy::builder`] (or [`RetryPolicy::default`] / [`RetryPolicy::none`]);
/// the fields can be read, and new ones may come, so it cannot be written
/// as a struct literal outside this crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Attempts after the first one (0 turns retrying off).
    pub max_retries: u32,
    /// The backoff before the first retry; it doubles with every retry.
    pub base_delay: Duration,
    /// The longest backoff between attempts.
    pub max_delay: Duration,
    /// The longest wait a server's `Retry-After` gets; a longer one is cut
    /// to this.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// Up to 3 retries, backoff from 250 ms doubling up to 30 s, and
    /// `Retry-After` honoured up to 30 s.
    fn default() -> Self {
        Self {
            max_retries: 3,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    #[must_use]
    /// No retries at all.
    pub const fn none() -> Self {
        Self {
            max_retries: 0,
            base_delay: Duration::ZERO,
            max_delay: Duration::ZERO,
            max_retry_after: Duration::ZERO,
        }
    }

    /// A builder starting from the defaults ([`RetryPolicy::default`]).
    pub fn builder() -> RetryPolicyBuilder {
        RetryPolicyBuilder(Self::default())
    }

    /// The wait before retry number `retry` (0 for the first retry): the
    /// server's `Retry-After` when it gave one (at most `max_retry_after`),
    /// else a random time between zero and the exponential backoff (at most
    /// `max_delay`).
    pub(crate) fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(wait) = retry_after {
            return wait.min(self.max_retry_after);
        }
        let ceiling = self
            .base_delay
            .saturating_mul(2_u32.saturating_pow(retry))
            .min(self.max_delay);
        ceiling.mul_f64(jitter())
    }
}

/// Makes a [`RetryPolicy`]: `RetryPolicy::builder().max_retries(5).build()`.
#[derive(Debug, Clone, Copy)]
#[must_use = "a builder does nothing until `.build()` is called"]
pub struct RetryPolicyBuilder(RetryPolicy);

impl RetryPolicyBuilder {
    /// Attempts after the first one (0 turns retrying off). Default 3.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.0.max_retries = retries;
        self
    }

    /// The backoff before the first retry; it doubles with every retry.
    /// Default 250 ms.
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.0.base_delay = delay;
        self
    }

    /// The longest backoff between attempts. Default 30 s.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.0.max_delay = delay;
        self
    }

    /// The longest wait a server's `Retry-After` gets. Default 30 s.
    pub fn max_retry_after(mut self, wait: Duration) -> Self {
        self.0.max_retry_after = wait;
        self
    }

    /// The policy.
    #[must_use]
    pub fn build(self) -> RetryPolicy {
        self.0
    }
}

/// A fresh idempotency key: 128 random bits written as a UUID (version 4),
/// from the standard library's randomly seeded hasher keys, so that keys of
/// different processes do not meet.
pub(crate) fn new_idempotency_key() -> String {
    use std::collections::hash_map::RandomState;
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let half = || {
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u64(count);
        hasher.write_u128(nanos);
        hasher.finish()
    };
    let bits = (u128::from(half()) << 64) | u128::from(half());
    // version 4, variant 10
    let bits = (bits & !(0xF << 76) & !(0x3 << 62)) | (0x4 << 76) | (0x2 << 62);
    let hex = format!("{bits:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// Whether a request may be sent twice without harm: idempotent methods, and
/// any request that carries an idempotency key (the generated code knows
/// which header is one, and says so with `Request::idempotency_key`).
pub(crate) fn is_idempotent(method: &Method, has_idempotency_key: bool) -> bool {
    has_idempotency_key
        || matches!(
            *method,
            Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
        )
}

/// Statuses worth retrying: rate limits (429, and Rutter's 452 for the
/// platform's limit), and server failures (5xx).
pub(crate) fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 452 | 500..=599)
}

/// `Retry-After`, in seconds or as an HTTP date.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let at = u64::try_from(date.timestamp()).ok()?;
    let now = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_secs();
    Some(Duration::from_secs(at.saturating_sub(now)))
}

/// A number in `[0, 1)`, different on every call; good enough to spread
/// retries of many clients apart, not for anything secret.
fn jitter() -> f64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static STATE: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let mut x = STATE.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed) ^ u64::from(nanos);
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    #[allow(clippy::cast_precision_loss)] // 53 bits of randomness are plenty
    let unit = (x >> 11) as f64 / (1_u64 << 53) as f64;
    unit
}
