//! Request tracing behind the `tracing` cargo feature: one span per request
//! (method and path template — never the URL: its query holds the access
//! token) and, inside it, one event per attempt with the attempt number, the
//! status and the time taken.

use std::future::Future;

use super::error::Endpoint;
use super::hooks::Attempt;

/// Records an attempt (a no-op without the `tracing` feature).
#[cfg(feature = "tracing")]
pub(crate) fn attempt(attempt: &Attempt<'_>) {
    let elapsed_ms = u64::try_from(attempt.elapsed.as_millis()).unwrap_or(u64::MAX);
    tracing::debug!(
        target: "openapi_client",
        method = %attempt.endpoint.method,
        path = attempt.endpoint.template,
        attempt = attempt.number,
        status = attempt.status,
        elapsed_ms,
        retrying = attempt.retrying,
        "request attempt finished"
    );
}

/// Records an attempt (a no-op without the `tracing` feature).
#[cfg(not(feature = "tracing"))]
pub(crate) fn attempt(_attempt: &Attempt<'_>) {}

/// Runs `request` inside a span for this endpoint.
#[cfg(feature = "tracing")]
pub(crate) fn in_span<F: Future>(
    endpoint: &Endpoint,
    request: F,
) -> impl Future<Output = F::Output> {
    let span = tracing::debug_span!(
        target: "openapi_client",
        "request",
        method = %endpoint.method,
        path = endpoint.template
    );
    tracing::Instrument::instrument(request, span)
}

/// Runs `request` (no span without the `tracing` feature).
#[cfg(not(feature = "tracing"))]
pub(crate) fn in_span<F: Future>(
    _endpoint: &Endpoint,
    request: F,
) -> impl Future<Output = F::Output> {
    request
}
