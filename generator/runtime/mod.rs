//! The hand-written runtime of the generated client: HTTP sending, errors,
//! secrets. It is ordinary Rust, kept in the generator crate and copied into
//! every generated crate unchanged, so the bindings depend on no crate of ours.

mod client;
mod error;
mod request;
mod secret;

pub use client::{BaseUrl, Client, ClientBuilder};
pub use error::{ApiError, ConfigError, DecodeError, Error, TransportError};
pub(crate) use request::{Method, Request};
pub use secret::Secret;
