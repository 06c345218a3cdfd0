//! Request tracing behind the `tracing` cargo feature: one span per request
//! (operation, method and path template — never the URL: its query may hold
//! a credential) and, inside it, one event per attempt with the attempt
//! number, the status, the server's request id and the time taken: at
//! `info` when the attempt failed (no response, or not 2xx), else `debug`.
//! The target is the module path, so a filter on the crate's name
//! (`RUST_LOG=rutter_customer_groups=debug`) selects them.

use std::future::Future;

use super::error::Endpoint;
use super::hooks::Attempt;

/// Records an attempt (a no-op without the `tracing` feature).
#[cfg(feature = "tracing")]
pub(crate) fn attempt(attempt: &Attempt<'_>) {
    let elapsed_ms = u64::try_from(attempt.elapsed.as_millis()).unwrap_or(u64::MAX);
    // one call per level: a tracing event's level is fixed where it is written
    macro_rules! event {
        ($level:ident, $message:literal) => {
            tracing::$level!(
                operation = attempt.endpoint.operation,
                method = %attempt.endpoint.method,
                path = attempt.endpoint.template,
                attempt = attempt.number,
                status = attempt.status,
                request_id = attempt.request_id,
                elapsed_ms,
                retrying = attempt.retrying,
                $message
            )
        };
    }
    if attempt.failed() {
        event!(info, "request attempt failed");
    } else {
        event!(debug, "request attempt succeeded");
    }
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
    let span = tracing::info_span!(
        "request",
        operation = endpoint.operation,
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
