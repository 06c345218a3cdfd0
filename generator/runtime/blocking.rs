//! Blocking calls, for callers without an async runtime: a request's future
//! runs to completion on a small runtime owned by the bindings.

use std::future::Future;
use std::sync::OnceLock;

use super::error::{ConfigError, Error};

/// The runtime blocking calls run on, made on first use.
static RUNTIME: OnceLock<Result<tokio::runtime::Runtime, String>> = OnceLock::new();

/// Runs `future` to completion on the bindings' own runtime. Must not be
/// called from inside an async runtime (use `.send().await` there).
pub(crate) fn block_on<T, E>(
    future: impl Future<Output = Result<T, Error<E>>>,
) -> Result<T, Error<E>> {
    let runtime = RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())
    });
    match runtime {
        Ok(runtime) => runtime.block_on(future),
        Err(message) => Err(Error::Config(ConfigError {
            message: format!("the runtime for blocking calls could not start: {message}"),
        })),
    }
}
