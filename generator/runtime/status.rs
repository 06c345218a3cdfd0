//! Success bodies chosen by status: an operation whose success statuses
//! declare different bodies answers an enum of them, and its status (never
//! the body's shape) picks the variant.

use serde::de::DeserializeOwned;

use super::client::{ReadBody, Received, decode, decode_error, text};
use super::error::{DecodeError, Error};

/// A success body whose type its status decides: the marker of operations
/// whose `2XX` responses declare different bodies (their `send()` gives an
/// enum with one variant per body).
#[derive(Debug)]
pub struct ByStatus;

/// An enum of success bodies, one variant per status (or group of statuses
/// sharing a body); implemented by the generated `...Output` enums.
pub trait FromStatus: Sized {
    /// The variant `body`'s status picks, its body decoded.
    ///
    /// # Errors
    ///
    /// A [`DecodeError`] when the body is not the one its status declares,
    /// or the status is a success the API description does not declare.
    #[doc(hidden)]
    fn from_status(body: SuccessBody) -> Result<Self, Box<DecodeError>>;
}

impl<T: FromStatus, E> ReadBody<T, E> for ByStatus {
    fn read(received: Received) -> Result<T, Error<E>> {
        T::from_status(SuccessBody { received }).map_err(Error::Decode)
    }
}

/// A success as received, for [`FromStatus`]: its status, and its body
/// read the way the status's response declares.
#[doc(hidden)]
pub struct SuccessBody {
    received: Received,
}

impl SuccessBody {
    /// The HTTP status.
    #[must_use]
    pub fn status(&self) -> u16 {
        self.received.raw.status
    }

    /// The body decoded as JSON (errors name the path that failed).
    ///
    /// # Errors
    ///
    /// A [`DecodeError`] when the body is not a `T`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Box<DecodeError>> {
        decode(&self.received.raw, &self.received.endpoint)
    }

    /// The body as UTF-8 text.
    ///
    /// # Errors
    ///
    /// A [`DecodeError`] when it is not UTF-8.
    pub fn text(self) -> Result<String, Box<DecodeError>> {
        text(self.received)
    }

    /// The body's bytes.
    #[must_use]
    pub fn bytes(self) -> Vec<u8> {
        self.received.raw.body
    }

    /// The error for a success status the description does not declare
    /// (`declared` lists those it does).
    #[must_use]
    pub fn undeclared(&self, declared: &str) -> Box<DecodeError> {
        let status = self.status();
        decode_error(
            &self.received.raw,
            &self.received.endpoint,
            ".".to_owned(),
            format!(
                "status {status} is not a success the API description declares ({declared}): its body's type is unknown"
            ),
        )
    }
}
