//! `RequestOptions`: settings for one request that override the client's:
//! the attempt timeout, an overall deadline, the retry policy and extra
//! headers. Given to a request builder's `customize`.

use std::fmt;
use std::time::Duration;

use super::retry::RetryPolicy;

/// Settings for one request, over the client's: each request builder's
/// `customize` takes a function that sets them, e.g.
/// `.customize(|o| o.timeout(Duration::from_secs(5)).header("X-Trace-Id", id))`.
#[derive(Clone, Default)]
#[must_use]
pub struct RequestOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) operation_timeout: Option<Duration>,
    pub(crate) retry: Option<RetryPolicy>,
    pub(crate) headers: Vec<(String, String)>,
}

impl RequestOptions {
    /// The limit for each attempt, response body included (instead of the
    /// client's `timeout`).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The limit for the whole request: every attempt and every wait
    /// between them (instead of the client's `operation_timeout`).
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = Some(timeout);
        self
    }

    /// How this request is retried (instead of the client's policy).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// This request is sent once, never retried.
    pub fn no_retries(self) -> Self {
        self.retry_policy(RetryPolicy::none())
    }

    /// A header for this request; replaces the client's value of the same
    /// header, and an earlier one given here. A name or value that is not
    /// valid in HTTP makes the request fail with `Error::Config` before
    /// anything is sent.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        set_header(&mut self.headers, name.into(), value.into());
        self
    }
}

/// Sets header `name` in `headers`, replacing an earlier value of it
/// (names compared without regard to case).
pub(crate) fn set_header(headers: &mut Vec<(String, String)>, name: String, value: String) {
    headers.retain(|(existing, _)| !existing.eq_ignore_ascii_case(&name));
    headers.push((name, value));
}

impl fmt::Debug for RequestOptions {
    /// Header values are left out: a header added here may carry a credential.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout)
            .field("operation_timeout", &self.operation_timeout)
            .field("retry", &self.retry)
            .field("headers", &names)
            .finish()
    }
}
