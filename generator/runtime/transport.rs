//! The seam every attempt of a request goes through: a `reqwest::Request`
//! in, a `reqwest::Response` out. `reqwest::Client` is the default; anything
//! else that sends HTTP (a middleware stack, a test double) can take its
//! place through [`super::ClientBuilder::transport`]. Retries, deadlines,
//! redaction and decoding stay above the seam, shared by every transport.

use std::future::Future;
use std::pin::Pin;

use super::error::TransportError;

/// What [`Transport::send`] returns: the response as received, whatever
/// its status, or why none came.
pub type TransportFuture<'a> =
    Pin<Box<dyn Future<Output = Result<reqwest::Response, TransportError>> + Send + 'a>>;

/// Sends one attempt of a request. The client calls it once per attempt,
/// with the URL, headers (credentials included), body and the attempt's
/// timeout (`request.timeout()`, which an implementation should honour)
/// already set. An error status is a response, not an error: return
/// `Err` only when no response came ([`TransportError::new`] says what
/// kind of failure it was; never put a URL with its query into it, since
/// the query may hold a credential).
pub trait Transport: Send + Sync + 'static {
    /// Sends `request` and gives its response.
    fn send(&self, request: reqwest::Request) -> TransportFuture<'_>;
}

impl Transport for reqwest::Client {
    fn send(&self, request: reqwest::Request) -> TransportFuture<'_> {
        let sending = self.execute(request);
        Box::pin(async move { sending.await.map_err(TransportError::from_reqwest) })
    }
}

/// A `reqwest-middleware` stack (feature `middleware`): its middleware runs
/// for each attempt, below the client's retries, hooks and decoding, so it
/// should not retry itself.
#[cfg(feature = "middleware")]
impl Transport for reqwest_middleware::ClientWithMiddleware {
    fn send(&self, request: reqwest::Request) -> TransportFuture<'_> {
        Box::pin(async move {
            self.execute(request).await.map_err(|error| match error {
                reqwest_middleware::Error::Reqwest(error) => TransportError::from_reqwest(error),
                reqwest_middleware::Error::Middleware(error) => {
                    TransportError::new(super::TransportErrorKind::Other, error)
                }
            })
        })
    }
}
