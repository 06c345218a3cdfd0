//! The hand-written runtime of the generated client: HTTP sending, errors,
//! secrets. It is ordinary Rust, kept in the generator crate and copied into
//! every generated crate unchanged, so the bindings depend on no crate of ours.

mod auth;
mod blocking;
mod client;
mod error;
mod headers;
mod hooks;
#[cfg(feature = "test-util")]
mod mock;
mod multipart;
#[cfg(feature = "oauth2")]
mod oauth2;
mod options;
mod paginate;
mod request;
mod response;
mod retry;
mod secret;
mod sse;
mod status;
mod stream;
mod trace;
mod transport;
mod upload;

#[allow(unused_imports)] // used by APIs that declare security schemes only
pub(crate) use auth::{ANY_SCHEME, Credential, Scheme};
pub use auth::{AuthError, TokenFuture, TokenSource};
pub use blocking::BlockingStream;
#[allow(unused_imports)] // used with the `blocking` feature only
pub(crate) use blocking::block_on;
pub use client::{
    BaseUrl, Bytes, Client, ClientBuilder, Json, NoContent, ResponseFuture, Text, WithResponse,
};
pub use error::{
    ApiError, ConfigError, DecodeError, Error, PaginationError, TransportError, TransportErrorKind,
};
pub use headers::{DeclaredHeaders, HeaderError};
#[allow(unused_imports)] // used by APIs that declare response headers only
pub(crate) use headers::{
    optional_header, optional_header_list, required_header, required_header_list,
};
pub use hooks::{Attempt, AttemptRequest, Hook, HookError, HookFuture, ObserveFuture};
#[cfg(feature = "test-util")]
#[allow(unused_imports)] // unused by an API without operations
pub(crate) use mock::typed;
#[cfg(feature = "test-util")]
#[allow(unused_imports)] // unused where the crate is generated without its cargo features
pub use mock::{Mock, MockOperation, Recorded, Reply, Rule, RuleBuilder};
#[allow(unused_imports)] // used by APIs with multipart/form-data bodies only
pub(crate) use multipart::{Multipart, MultipartForm};
#[cfg(feature = "oauth2")]
#[allow(unused_imports)] // used by APIs with an OAuth2 client credentials flow only
pub use oauth2::ClientCredentials;
pub use options::RequestOptions;
#[allow(unused_imports)] // used by APIs with cursor pagination only
pub(crate) use paginate::{CursorPaged, items, pages};
#[allow(unused_imports)] // unused by an API without operations
pub(crate) use request::{Method, QueryStyle, Request, plain_text};
pub use reqwest::header::HeaderMap;
pub use response::Response;
pub use retry::{RetryPolicy, RetryPolicyBuilder};
pub use secret::Secret;
pub use sse::{Event, EventStream, Events, JsonEvents};
#[allow(unused_imports)] // used by APIs whose successes declare different bodies only
pub use status::{ByStatus, FromStatus, SuccessBody};
pub use stream::{ByteStream, JsonLines, JsonSeq, JsonStream, Streamed};
pub use transport::{Transport, TransportFuture};
pub use upload::BinaryBody;
#[cfg(feature = "streams")]
pub(crate) use upload::OnceStream;
