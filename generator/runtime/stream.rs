//! Streamed response bodies, read as they arrive: [`ByteStream`] (the raw
//! chunks of a download) and [`JsonStream`] (one JSON value per line, as
//! `application/x-ndjson` and `application/jsonl` send them, or per record,
//! as `application/json-seq` does). Memory holds one chunk, or one item and
//! the start of the next, whatever the size of the whole body. A malformed
//! item is an `Error::Decode` that says where (item index, byte offset);
//! after any error the stream ends.

use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use serde::de::DeserializeOwned;

use super::client::{ReadBody, Received};
use super::error::{DecodeError, Endpoint, Error, TransportError, snippet};

/// The longest item (a line, a record, an event) a stream holds: a longer
/// one is an error, so a body that never ends an item cannot take all
/// memory.
pub(crate) const MAX_ITEM_BYTES: usize = 16 * 1024 * 1024;

/// The chunks of a body as they arrive.
pub(crate) type Chunks =
    Pin<Box<dyn Stream<Item = Result<bytes::Bytes, TransportError>> + Send + 'static>>;

/// The chunks of a response body, read one at a time.
pub(crate) fn response_chunks(response: reqwest::Response) -> Chunks {
    Box::pin(futures_util::stream::unfold(
        Some(response),
        |response| async move {
            let mut response = response?;
            match response.chunk().await {
                Ok(Some(chunk)) => Some((Ok(chunk), Some(response))),
                Ok(None) => None,
                Err(error) => Some((Err(TransportError::from_reqwest(error)), None)),
            }
        },
    ))
}

/// A body held in memory (a mock's reply) as chunks of at most 8 KiB, so
/// that items cross chunk boundaries as they do on the wire.
pub(crate) fn memory_chunks(body: Vec<u8>) -> Chunks {
    let body = bytes::Bytes::from(body);
    let pieces: Vec<_> = (0..body.len())
        .step_by(8 * 1024)
        .map(|start| Ok(body.slice(start..body.len().min(start + 8 * 1024))))
        .collect();
    Box::pin(futures_util::stream::iter(pieces))
}

/// Where a streamed body comes from, for its errors.
#[derive(Debug, Clone)]
pub(crate) struct Origin {
    pub(crate) endpoint: Endpoint,
    pub(crate) status: u16,
    pub(crate) request_id: Option<String>,
}

impl Origin {
    /// The error of an item that did not decode: `item` (from 0) starting
    /// at byte `offset` of the body, at `path` inside it.
    pub(crate) fn item_error<E>(
        &self,
        item: u64,
        offset: u64,
        path: String,
        message: String,
        text: &[u8],
    ) -> Error<E> {
        Error::Decode(Box::new(DecodeError {
            endpoint: self.endpoint.clone(),
            status: self.status,
            request_id: self.request_id.clone(),
            path,
            message,
            snippet: snippet(&String::from_utf8_lossy(text.get(..1024).unwrap_or(text))),
            position: Some((item, offset)),
        }))
    }

    fn transport<E>(&self, error: TransportError) -> Error<E> {
        Error::Transport(Box::new(error.at(&self.endpoint)))
    }
}

/// A body as chunks, and where it came from: what a stream is made of.
pub(crate) struct Source {
    chunks: Option<Chunks>,
    origin: Origin,
}

impl Source {
    pub(crate) fn new(chunks: Chunks, origin: Origin) -> Self {
        Self {
            chunks: Some(chunks),
            origin,
        }
    }

    /// The next chunk; `None` at the end, and after an error.
    pub(crate) fn poll_chunk<E>(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<bytes::Bytes, Error<E>>>> {
        let Some(chunks) = self.chunks.as_mut() else {
            return Poll::Ready(None);
        };
        match chunks.as_mut().poll_next(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Some(Ok(chunk))) => Poll::Ready(Some(Ok(chunk))),
            Poll::Ready(Some(Err(error))) => {
                self.chunks = None;
                Poll::Ready(Some(Err(self.origin.transport(error))))
            }
            Poll::Ready(None) => {
                self.chunks = None;
                Poll::Ready(None)
            }
        }
    }

    pub(crate) fn end(&mut self) {
        self.chunks = None;
    }

    pub(crate) fn origin(&self) -> &Origin {
        &self.origin
    }
}

impl Received {
    /// The unread body of a streamed success, and where it came from.
    pub(crate) fn into_source(self) -> Source {
        let (chunks, origin) = self.into_chunks();
        Source::new(chunks, origin)
    }
}

/// The body of a success as it arrives, chunk by chunk (`bytes::Bytes`,
/// each as the connection delivered it): for downloads of any size in
/// bounded memory. A connection lost midway is an `Error::Transport`, and
/// the stream ends. `send_streaming()` of an operation that answers bytes
/// gives one.
pub struct ByteStream<E> {
    source: Source,
    error: PhantomData<fn() -> E>,
}

impl<E> Stream for ByteStream<E> {
    type Item = Result<bytes::Bytes, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().source.poll_chunk(cx)
    }
}

impl<E> fmt::Debug for ByteStream<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("endpoint", &self.source.origin.endpoint.to_string())
            .finish_non_exhaustive()
    }
}

/// Reads a success body as a [`ByteStream`].
#[derive(Debug)]
pub struct Streamed;

impl<E> ReadBody<ByteStream<E>, E> for Streamed {
    fn read(received: Received) -> Result<ByteStream<E>, Error<E>> {
        Ok(ByteStream {
            source: received.into_source(),
            error: PhantomData,
        })
    }
}

/// Bytes held until an item is complete, and the offset in the body of the
/// first of them.
#[derive(Debug, Default)]
pub(crate) struct Buffer {
    bytes: Vec<u8>,
    /// How much of `bytes` has been taken.
    start: usize,
    /// The body offset of `bytes[0]`.
    offset: u64,
    /// How much of the rest [`Buffer::find`] has searched without a match,
    /// so that a long item is searched once, not once per chunk.
    scanned: usize,
}

impl Buffer {
    pub(crate) fn push(&mut self, chunk: &[u8]) {
        if self.start > 0 {
            self.bytes.drain(..self.start);
            self.offset += self.start as u64;
            self.start = 0;
        }
        self.bytes.extend_from_slice(chunk);
    }

    /// What is not taken yet.
    pub(crate) fn rest(&self) -> &[u8] {
        self.bytes.get(self.start..).unwrap_or_default()
    }

    /// The body offset of [`Buffer::rest`].
    pub(crate) fn offset(&self) -> u64 {
        self.offset + self.start as u64
    }

    /// Where in [`Buffer::rest`] the first byte `is_end` accepts is; the
    /// bytes searched by an earlier call are not searched again.
    pub(crate) fn find(&mut self, is_end: impl Fn(u8) -> bool) -> Option<usize> {
        let rest = self.bytes.get(self.start..).unwrap_or_default();
        let from = self.scanned.min(rest.len());
        let found = rest
            .get(from..)
            .unwrap_or_default()
            .iter()
            .position(|&b| is_end(b));
        if found.is_none() {
            self.scanned = rest.len();
        }
        found.map(|at| from + at)
    }

    /// Takes `len` bytes and then `skip` more (a delimiter); gives the
    /// taken bytes and their body offset.
    pub(crate) fn take(&mut self, len: usize, skip: usize) -> (Vec<u8>, u64) {
        let offset = self.offset();
        let taken = self.rest().get(..len).unwrap_or_default().to_vec();
        self.start = (self.start + len + skip).min(self.bytes.len());
        self.scanned = 0;
        (taken, offset)
    }

    /// Takes everything left.
    pub(crate) fn take_rest(&mut self) -> (Vec<u8>, u64) {
        let len = self.rest().len();
        self.take(len, 0)
    }
}

/// How a body is cut into JSON items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Framing {
    /// One item a line (`\n`, or `\r\n`); blank lines are skipped.
    Lines,
    /// RFC 7464: each item after an ASCII record separator (0x1E).
    RecordSeparator,
}

impl Framing {
    fn delimiter(self) -> u8 {
        match self {
            Self::Lines => b'\n',
            Self::RecordSeparator => 0x1E,
        }
    }
}

/// A success body of one JSON value after another (NDJSON, JSON Lines,
/// JSON text sequences), each decoded as `T` when it is complete. An item
/// that does not decode is an `Error::Decode` whose
/// [`item_index`](DecodeError::item_index) and
/// [`byte_offset`](DecodeError::byte_offset) say where it is; the stream
/// ends after it, as after a transport error.
pub struct JsonStream<T, E> {
    source: Source,
    buffer: Buffer,
    framing: Framing,
    /// Items yielded (or failed) so far.
    items: u64,
    done: bool,
    item: PhantomData<fn() -> (T, E)>,
}

impl<T, E> fmt::Debug for JsonStream<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonStream")
            .field("endpoint", &self.source.origin.endpoint.to_string())
            .field("framing", &self.framing)
            .field("items", &self.items)
            .finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned, E> JsonStream<T, E> {
    fn new(source: Source, framing: Framing) -> Self {
        Self {
            source,
            buffer: Buffer::default(),
            framing,
            items: 0,
            done: false,
            item: PhantomData,
        }
    }

    /// The next complete item in the buffer, if there is one (`at_end`:
    /// the body has ended, so what is left is the last item).
    fn next_value(&mut self, at_end: bool) -> Option<Result<T, Error<E>>> {
        loop {
            let delimiter = self.framing.delimiter();
            let found = self.buffer.find(|b| b == delimiter);
            let left = self.buffer.rest().len();
            let (text, offset) = match found {
                Some(at) => self.buffer.take(at, 1),
                None if at_end && left > 0 => self.buffer.take_rest(),
                None if left > MAX_ITEM_BYTES => {
                    let (text, offset) = self.buffer.take_rest();
                    let message = format!("the item is longer than {MAX_ITEM_BYTES} bytes");
                    return Some(Err(self.failed(offset, ".".to_owned(), message, &text)));
                }
                None => return None,
            };
            let trimmed = text.trim_ascii();
            if trimmed.is_empty() {
                continue;
            }
            return Some(self.decode(trimmed, offset));
        }
    }

    fn decode(&mut self, text: &[u8], offset: u64) -> Result<T, Error<E>> {
        let mut deserializer = serde_json::Deserializer::from_slice(text);
        let decoded = serde_path_to_error::deserialize(&mut deserializer)
            .map_err(|e| (e.path().to_string(), e.inner().to_string()))
            .and_then(|value| {
                deserializer
                    .end()
                    .map(|()| value)
                    .map_err(|e| (".".to_owned(), e.to_string()))
            });
        match decoded {
            Ok(value) => {
                self.items += 1;
                Ok(value)
            }
            Err((path, message)) => Err(self.failed(offset, path, message, text)),
        }
    }

    /// The error of the current item; the stream ends after it.
    fn failed(&mut self, offset: u64, path: String, message: String, text: &[u8]) -> Error<E> {
        self.done = true;
        self.source.end();
        let origin = self.source.origin();
        origin.item_error(self.items, offset, path, message, text)
    }
}

impl<T: DeserializeOwned, E> Items for JsonStream<T, E> {
    type Item = T;
    type Error = E;

    fn source(&mut self) -> &mut Source {
        &mut self.source
    }

    fn push(&mut self, chunk: &[u8]) {
        self.buffer.push(chunk);
    }

    fn next_item(&mut self, at_end: bool) -> Option<Result<T, Error<E>>> {
        if self.done {
            return None;
        }
        self.next_value(at_end)
    }

    fn stop(&mut self) {
        self.done = true;
    }
}

impl<T: DeserializeOwned, E> Stream for JsonStream<T, E> {
    type Item = Result<T, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        poll_items(self.get_mut(), cx)
    }
}

/// A stream of items cut from a body as it arrives: what [`poll_items`]
/// needs of it.
pub(crate) trait Items {
    /// One item.
    type Item;
    /// The API's error body.
    type Error;

    /// The body it reads.
    fn source(&mut self) -> &mut Source;

    /// Takes in the next chunk of the body.
    fn push(&mut self, chunk: &[u8]);

    /// The next complete item in what it holds, or the error of one (after
    /// which it gives nothing); `at_end`: the body has ended.
    fn next_item(&mut self, at_end: bool) -> Option<Result<Self::Item, Error<Self::Error>>>;

    /// Gives nothing more (the body broke off).
    fn stop(&mut self);
}

/// What a stream of `I`'s items gives when polled.
type Polled<I> = Poll<Option<Result<<I as Items>::Item, Error<<I as Items>::Error>>>>;

/// The next item of `items`: from what it holds, else once more of the
/// body has come. After an error, and once the body is used up, `None`.
pub(crate) fn poll_items<I: Items>(items: &mut I, cx: &mut Context<'_>) -> Polled<I> {
    loop {
        if let Some(item) = items.next_item(false) {
            return Poll::Ready(Some(item));
        }
        match items.source().poll_chunk(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(Some(Ok(chunk))) => items.push(&chunk),
            Poll::Ready(Some(Err(error))) => {
                items.stop();
                return Poll::Ready(Some(Err(error)));
            }
            Poll::Ready(None) => return Poll::Ready(items.next_item(true)),
        }
    }
}

/// Reads a success body as a [`JsonStream`] of one item a line.
#[derive(Debug)]
pub struct JsonLines;

/// Reads a success body as a [`JsonStream`] of RFC 7464 records.
#[derive(Debug)]
pub struct JsonSeq;

impl<T: DeserializeOwned, E> ReadBody<JsonStream<T, E>, E> for JsonLines {
    fn read(received: Received) -> Result<JsonStream<T, E>, Error<E>> {
        Ok(JsonStream::new(received.into_source(), Framing::Lines))
    }
}

impl<T: DeserializeOwned, E> ReadBody<JsonStream<T, E>, E> for JsonSeq {
    fn read(received: Received) -> Result<JsonStream<T, E>, Error<E>> {
        Ok(JsonStream::new(
            received.into_source(),
            Framing::RecordSeparator,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_buffer_keeps_offsets_across_pushes() {
        let mut buffer = Buffer::default();
        buffer.push(b"ab\ncd");
        assert_eq!(buffer.take(2, 1), (b"ab".to_vec(), 0));
        buffer.push(b"e\n");
        assert_eq!(buffer.rest(), b"cde\n");
        assert_eq!(buffer.take(3, 1), (b"cde".to_vec(), 3));
        assert_eq!(buffer.offset(), 7);
    }
}
