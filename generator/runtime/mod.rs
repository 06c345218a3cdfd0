//! The hand-written runtime of the generated client: HTTP sending, errors,
//! secrets. It is ordinary Rust, kept in the generator crate and copied into
//! every generated crate unchanged, so the bindings depend on no crate of ours.

mod client;
mod error;
mod paginate;
mod request;
mod retry;
mod secret;

pub use client::{BaseUrl, Client, ClientBuilder};
pub use error::{ApiError, ConfigError, DecodeError, Error, TransportError, TransportErrorKind};
#[allow(unused_imports)] // used by APIs with cursor pagination only
pub(crate) use paginate::{CursorPaged, items, pages};
pub(crate) use request::{Method, Request};
pub use retry::RetryPolicy;
pub use secret::Secret;
