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

/// A stream read without an async runtime (feature `blocking`): an
/// iterator whose `next()` waits for the stream's next item on the
/// bindings' own runtime. Like `send_blocking()`, it must not be used
/// from inside an async runtime.
/// When the runtime cannot start, the first `next()` is that error and the
/// iterator ends there.
#[derive(Debug)]
pub struct BlockingStream<S> {
    stream: S,
    /// The runtime could not start: nothing more comes.
    ended: bool,
}

impl<S> BlockingStream<S> {
    /// `stream`, read by blocking.
    pub(crate) fn new(stream: S) -> Self {
        Self {
            stream,
            ended: false,
        }
    }

    /// The stream itself (for its own methods, such as an event stream's
    /// `last_event_id`).
    pub fn get_ref(&self) -> &S {
        &self.stream
    }
}

impl<S, T, E> Iterator for BlockingStream<S>
where
    S: futures_core::Stream<Item = Result<T, Error<E>>> + Unpin,
{
    type Item = Result<T, Error<E>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.ended {
            return None;
        }
        let stream = &mut self.stream;
        block_on(async { Ok(futures_util::StreamExt::next(stream).await) }).unwrap_or_else(|e| {
            self.ended = true;
            Some(Err(e))
        })
    }
}
