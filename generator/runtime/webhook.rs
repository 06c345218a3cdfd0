//! What the generated `webhooks` module needs: the error of a webhook that
//! cannot be read, an event the API description does not list, the
//! verification hook, and the decoders of each kind of body.

use std::fmt;

/// An event the API description does not list (one the API added since,
/// say): its name and its body exactly as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownEvent {
    name: String,
    body: Vec<u8>,
}

impl UnknownEvent {
    pub(crate) fn new(name: &str, body: &[u8]) -> Self {
        Self {
            name: name.to_owned(),
            body: body.to_vec(),
        }
    }

    /// The event's name, as given to `decode`.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The body as received.
    #[must_use]
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body as JSON.
    ///
    /// # Errors
    ///
    /// When the body is not JSON.
    pub fn json(&self) -> Result<serde_json::Value, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }
}

/// Checks that a received webhook comes from the API, before it is decoded.
/// OpenAPI does not describe how APIs sign webhooks (an HMAC of the raw body
/// in a header, a timestamp against replays, ...), so the crate does not
/// guess: implement this for the API's scheme and decode with
/// `WebhookEvent::decode_verified`. A closure of the same arguments
/// implements it too.
pub trait VerifyWebhook {
    /// `Ok` when the webhook named `event`, with these request `headers`
    /// (names as received) and raw `body`, is genuine; otherwise why not.
    ///
    /// # Errors
    ///
    /// When the webhook is not genuine.
    fn verify(&self, event: &str, headers: &[(&str, &str)], body: &[u8]) -> Result<(), String>;
}

impl<F> VerifyWebhook for F
where
    F: Fn(&str, &[(&str, &str)], &[u8]) -> Result<(), String>,
{
    fn verify(&self, event: &str, headers: &[(&str, &str)], body: &[u8]) -> Result<(), String> {
        self(event, headers, body)
    }
}

/// A received webhook that was rejected or could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookError {
    event: String,
    kind: WebhookErrorKind,
    message: String,
}

/// Why a webhook could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookErrorKind {
    /// The verifier rejected it.
    Rejected,
    /// Its body does not match the event's description.
    Decode,
}

impl WebhookError {
    pub(crate) fn rejected(event: &str, reason: String) -> Self {
        Self {
            event: event.to_owned(),
            kind: WebhookErrorKind::Rejected,
            message: reason,
        }
    }

    fn decode(event: &str, message: String) -> Self {
        Self {
            event: event.to_owned(),
            kind: WebhookErrorKind::Decode,
            message,
        }
    }

    /// The event's name.
    #[must_use]
    pub fn event(&self) -> &str {
        &self.event
    }

    /// Why it could not be read.
    #[must_use]
    pub fn kind(&self) -> WebhookErrorKind {
        self.kind
    }
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            WebhookErrorKind::Rejected => {
                write!(f, "webhook `{}` rejected: {}", self.event, self.message)
            }
            WebhookErrorKind::Decode => {
                write!(
                    f,
                    "webhook `{}` does not decode: {}",
                    self.event, self.message
                )
            }
        }
    }
}

impl std::error::Error for WebhookError {}

/// A JSON body as `T`; the error says where in the body it fails.
pub(crate) fn json<T: serde::de::DeserializeOwned>(
    event: &str,
    body: &[u8],
) -> Result<T, WebhookError> {
    serde_json::from_slice(body).map_err(|error| WebhookError::decode(event, error.to_string()))
}

/// A text body.
pub(crate) fn text(event: &str, body: &[u8]) -> Result<String, WebhookError> {
    String::from_utf8(body.to_vec())
        .map_err(|error| WebhookError::decode(event, format!("the body is not UTF-8: {error}")))
}
