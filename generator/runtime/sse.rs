//! Server-sent events (`text/event-stream`): [`EventStream`] parses the
//! body as it arrives, as the WHATWG HTML standard's event-stream
//! interpretation says (fields `event`, `data`, `id`, `retry`; comments;
//! `\n`, `\r\n` or `\r` line ends; an event dispatched at a blank line),
//! and gives each [`Event`] with its data as raw text or decoded as JSON.
//!
//! Reconnection is the caller's: the stream remembers the last event id and
//! the `retry` the server asked for, and a request sent again with
//! `.customize(|o| o.header("Last-Event-ID", id))` asks the server to go on
//! from there. The client does not reconnect by itself: re-sending is not
//! safe for every operation (a POST that starts a job), and whether a
//! server resumes from `Last-Event-ID` is a promise the API description
//! cannot state.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_core::Stream;
use serde::de::DeserializeOwned;

use super::client::{ReadBody, Received};
use super::error::Error;
use super::stream::{Buffer, Items, MAX_ITEM_BYTES, Source, poll_items};

/// One server-sent event: its name, id, reconnection time and data.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Event<T> {
    /// The `event` field; `None` for the default, `message`.
    pub event: Option<String>,
    /// The last event id at this event (the `id` field of this event or an
    /// earlier one: ids carry over, as the standard says).
    pub id: Option<String>,
    /// The `retry` field of this event: how long to wait before
    /// reconnecting.
    pub retry: Option<Duration>,
    /// The data lines, joined with `\n`: raw text, or decoded as JSON when
    /// the description gives the data a schema.
    pub data: T,
}

impl<T> Event<T> {
    /// An unnamed event with this data (for tests and mocks).
    pub fn new(data: T) -> Self {
        Self {
            event: None,
            id: None,
            retry: None,
            data,
        }
    }

    /// The same event with this name.
    #[must_use]
    pub fn with_event(mut self, event: impl Into<String>) -> Self {
        self.event = Some(event.into());
        self
    }

    /// The same event with this id.
    #[must_use]
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// The same event with this reconnection time.
    #[must_use]
    pub fn with_retry(mut self, retry: Duration) -> Self {
        self.retry = Some(retry);
        self
    }
}

/// An event as parsed, its data still text; where it started in the body.
#[derive(Debug, Default)]
struct Pending {
    event: Option<String>,
    data: Option<String>,
    retry: Option<Duration>,
    /// The body offset of its first line.
    offset: Option<u64>,
}

/// The event-stream parser: lines in, events out.
#[derive(Debug, Default)]
struct Parser {
    buffer: Buffer,
    pending: Pending,
    /// The `id` last sent (the standard's last event ID buffer): an
    /// event's id once the event is dispatched.
    id_buffer: Option<String>,
    /// The id of the last event dispatched.
    last_id: Option<String>,
    last_retry: Option<Duration>,
    /// Whether the first line (and its byte order mark) is behind us.
    started: bool,
}

/// A complete event with its text data, and the offset it started at.
type Parsed = (Event<String>, u64);

/// Why the body is not an event stream.
type Malformed = (u64, String, Vec<u8>);

impl Parser {
    /// The next line (without its end) and its offset; at the end of the
    /// body, the unterminated rest.
    fn line(&mut self, at_end: bool) -> Result<Option<(Vec<u8>, u64)>, Malformed> {
        let found = self.buffer.find(|b| b == b'\n' || b == b'\r');
        let rest = self.buffer.rest();
        let Some(at) = found else {
            if rest.len() > MAX_ITEM_BYTES {
                let (text, offset) = self.buffer.take_rest();
                let message = format!("a line is longer than {MAX_ITEM_BYTES} bytes");
                return Err((offset, message, text));
            }
            return Ok((at_end && !rest.is_empty()).then(|| self.buffer.take_rest()));
        };
        let skip = match (rest.get(at), rest.get(at + 1)) {
            (Some(b'\r'), Some(b'\n')) => 2,
            // a `\r` at the end of what came so far may be the start of `\r\n`
            (Some(b'\r'), None) if !at_end => return Ok(None),
            _ => 1,
        };
        Ok(Some(self.buffer.take(at, skip)))
    }

    /// The next complete event in the buffer (`at_end`: the body ended; an
    /// event without its blank line is then dropped, as the standard says).
    fn next_event(&mut self, at_end: bool) -> Result<Option<Parsed>, Malformed> {
        while let Some((line, offset)) = self.line(at_end)? {
            let mut line = line.as_slice();
            if !self.started {
                self.started = true;
                line = line.strip_prefix("\u{feff}".as_bytes()).unwrap_or(line);
            }
            let Ok(line) = std::str::from_utf8(line) else {
                return Err((offset, "a line is not UTF-8 text".to_owned(), line.to_vec()));
            };
            if line.is_empty() {
                if let Some(event) = self.dispatch() {
                    return Ok(Some(event));
                }
                continue;
            }
            self.pending.offset.get_or_insert(offset);
            if let Err(message) = self.field(line) {
                return Err((offset, message, line.as_bytes().to_vec()));
            }
        }
        Ok(None)
    }

    /// One `field: value` line (a comment when it starts with `:`); an
    /// error when the event's data grows past [`MAX_ITEM_BYTES`].
    fn field(&mut self, line: &str) -> Result<(), String> {
        let (name, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match name {
            "event" => self.pending.event = Some(value.to_owned()),
            "data" => match &mut self.pending.data {
                Some(data) if data.len() + 1 + value.len() > MAX_ITEM_BYTES => {
                    return Err(format!(
                        "an event's data is longer than {MAX_ITEM_BYTES} bytes"
                    ));
                }
                Some(data) => {
                    data.push('\n');
                    data.push_str(value);
                }
                None => self.pending.data = Some(value.to_owned()),
            },
            "id" if !value.contains('\0') => self.id_buffer = Some(value.to_owned()),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                if let Ok(millis) = value.parse() {
                    let retry = Duration::from_millis(millis);
                    self.pending.retry = Some(retry);
                    self.last_retry = Some(retry);
                }
            }
            _ => {} // a comment (no name), or a field the standard ignores
        }
        Ok(())
    }

    /// The event a blank line ends, if it has data.
    fn dispatch(&mut self) -> Option<Parsed> {
        // the id counts as received once its event ends, with data or not
        self.last_id.clone_from(&self.id_buffer);
        let pending = std::mem::take(&mut self.pending);
        let data = pending.data?;
        let event = Event {
            event: pending.event.filter(|name| !name.is_empty()),
            id: self.last_id.clone().filter(|id| !id.is_empty()),
            retry: pending.retry,
            data,
        };
        Some((event, pending.offset.unwrap_or_default()))
    }
}

/// How an event's data text becomes `T`: `Err((path, message))` when it
/// does not.
type DecodeData<T> = fn(String) -> Result<T, (String, String)>;

/// A success body of server-sent events, each given as it completes: an
/// [`Event`] with its data as text (`EventStream<String, _>`) or decoded
/// as `T`. Comments and events without data are skipped. Data that does
/// not decode is an `Error::Decode` with the event's index and byte offset;
/// the stream ends after it, as after a transport error.
pub struct EventStream<T, E> {
    source: Source,
    parser: Parser,
    decode: DecodeData<T>,
    events: u64,
    done: bool,
    error: std::marker::PhantomData<fn() -> E>,
}

impl<T, E> fmt::Debug for EventStream<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("events", &self.events)
            .field("last_event_id", &self.parser.last_id)
            .finish_non_exhaustive()
    }
}

impl<T, E> EventStream<T, E> {
    fn new(received: Received, decode: DecodeData<T>) -> Self {
        Self {
            source: received.into_source(),
            parser: Parser::default(),
            decode,
            events: 0,
            done: false,
            error: std::marker::PhantomData,
        }
    }

    /// The last event id the server sent (so far): what to send as
    /// `Last-Event-ID` when reconnecting.
    #[must_use]
    pub fn last_event_id(&self) -> Option<&str> {
        self.parser.last_id.as_deref().filter(|id| !id.is_empty())
    }

    /// The last reconnection time the server asked for (`retry`), if any.
    #[must_use]
    pub fn retry(&self) -> Option<Duration> {
        self.parser.last_retry
    }

    fn next_event(&mut self, at_end: bool) -> Option<Result<Event<T>, Error<E>>> {
        let parsed = match self.parser.next_event(at_end) {
            Ok(parsed) => parsed?,
            Err((offset, message, text)) => {
                return Some(Err(self.failed(offset, ".".to_owned(), message, &text)));
            }
        };
        let (event, offset) = parsed;
        let text = event.data.clone();
        match (self.decode)(event.data) {
            Ok(data) => {
                self.events += 1;
                Some(Ok(Event {
                    event: event.event,
                    id: event.id,
                    retry: event.retry,
                    data,
                }))
            }
            Err((path, message)) => Some(Err(self.failed(offset, path, message, text.as_bytes()))),
        }
    }

    fn failed(&mut self, offset: u64, path: String, message: String, text: &[u8]) -> Error<E> {
        self.done = true;
        self.source.end();
        (self.source.origin()).item_error(self.events, offset, path, message, text)
    }
}

impl<T, E> Items for EventStream<T, E> {
    type Item = Event<T>;
    type Error = E;

    fn source(&mut self) -> &mut Source {
        &mut self.source
    }

    fn push(&mut self, chunk: &[u8]) {
        self.parser.buffer.push(chunk);
    }

    fn next_item(&mut self, at_end: bool) -> Option<Result<Event<T>, Error<E>>> {
        if self.done {
            return None;
        }
        self.next_event(at_end)
    }

    fn stop(&mut self) {
        self.done = true;
    }
}

impl<T, E> Stream for EventStream<T, E> {
    type Item = Result<Event<T>, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        poll_items(self.get_mut(), cx)
    }
}

/// Reads a success body as an [`EventStream`] of raw text data.
#[derive(Debug)]
pub struct Events;

/// Reads a success body as an [`EventStream`] whose data is JSON.
#[derive(Debug)]
pub struct JsonEvents;

impl<E> ReadBody<EventStream<String, E>, E> for Events {
    fn read(received: Received) -> Result<EventStream<String, E>, Error<E>> {
        Ok(EventStream::new(received, Ok))
    }
}

impl<T: DeserializeOwned, E> ReadBody<EventStream<T, E>, E> for JsonEvents {
    fn read(received: Received) -> Result<EventStream<T, E>, Error<E>> {
        Ok(EventStream::new(received, json_data))
    }
}

#[allow(clippy::needless_pass_by_value)] // the signature text data shares: it keeps its `String`
fn json_data<T: DeserializeOwned>(data: String) -> Result<T, (String, String)> {
    let mut deserializer = serde_json::Deserializer::from_str(&data);
    let value = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|e| (e.path().to_string(), e.inner().to_string()))?;
    deserializer
        .end()
        .map_err(|e| (".".to_owned(), e.to_string()))?;
    Ok(value)
}

/// The event-stream text of `events`, their data written by `data` (for the
/// `test-util` mock's replies).
#[cfg(feature = "test-util")]
pub(crate) fn write_events<T>(events: &[Event<T>], data: impl Fn(&T) -> String) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for event in events {
        if let Some(name) = &event.event {
            let _ = writeln!(out, "event: {name}");
        }
        if let Some(id) = &event.id {
            let _ = writeln!(out, "id: {id}");
        }
        if let Some(retry) = event.retry {
            let _ = writeln!(out, "retry: {}", retry.as_millis());
        }
        for line in data(&event.data).split('\n') {
            let _ = writeln!(out, "data: {line}");
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(body: &[&[u8]]) -> Vec<Event<String>> {
        let mut parser = Parser::default();
        let mut out = Vec::new();
        for chunk in body {
            parser.buffer.push(chunk);
            while let Ok(Some((event, _))) = parser.next_event(false) {
                out.push(event);
            }
        }
        while let Ok(Some((event, _))) = parser.next_event(true) {
            out.push(event);
        }
        out
    }

    #[test]
    fn fields_comments_and_line_ends() {
        let got = events(&[
            b"\xEF\xBB\xBF: a comment\r\nevent: add\r\ndata: one\r",
            b"\ndata:two\rid: 7\nretry: 1500\n\n",
            b"data: {\"a\": 1}\n\nid\ndata\n\nevent: gone\n\n",
            b"data: unterminated",
        ]);
        assert_eq!(
            got,
            vec![
                Event::new("one\ntwo".to_owned())
                    .with_event("add")
                    .with_id("7")
                    .with_retry(Duration::from_millis(1500)),
                Event::new("{\"a\": 1}".to_owned()).with_id("7"),
                // `id` with no value resets the last id; `data` alone is empty data
                Event::new(String::new()),
            ]
        );
    }
}
