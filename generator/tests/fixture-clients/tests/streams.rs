//! Streamed responses and uploads on the wire, against a server on
//! 127.0.0.1 that writes its bodies in pieces: server-sent events (multi-line
//! data, comments, `retry`, `id`, reconnection with `Last-Event-ID`),
//! NDJSON / JSON Lines / JSON text sequences (a malformed item mid-stream is
//! an error with its position, then the end), a 200 MiB download read in
//! bounded memory, uploads from a stream (sent once, never retried) and
//! from a file (sent again on a retry); and the same streams from the
//! `test-util` mock and through `send_blocking()`.

#[allow(dead_code)] // each test file uses part of it
mod capture;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use capture::read_chunked;
use fixture_clients::streams::models::Tick;
use fixture_clients::streams::{BinaryBody, Client, Error, Event, RetryPolicy, mock};
use futures_util::{StreamExt, TryStreamExt};

/// A request as the server read it.
#[derive(Debug)]
struct Received {
    line: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        (self.headers.iter())
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A server that answers each connection (numbered from 0) with `answer`,
/// then closes it, and hands back every request it read.
fn serve(
    answer: impl Fn(usize, &Received, &mut TcpStream) + Send + 'static,
) -> (String, mpsc::Receiver<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
    let base_url = format!("http://{}", listener.local_addr().expect("an address"));
    let (sent, received) = mpsc::channel();
    thread::spawn(move || {
        for n in 0.. {
            let Ok((mut stream, _)) = listener.accept() else {
                return;
            };
            let Some(request) = read_request(&stream) else {
                continue;
            };
            answer(n, &request, &mut stream);
            let _ = stream.flush();
            drop(stream);
            // the test may not read them
            let _ = sent.send(request);
        }
    });
    (base_url, received)
}

fn read_request(stream: &TcpStream) -> Option<Received> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        let Some((name, value)) = header.trim_end().split_once(':') else {
            break;
        };
        headers.push((name.to_owned(), value.trim().to_owned()));
    }
    let mut request = Received {
        line: line.trim_end().to_owned(),
        headers,
        body: Vec::new(),
    };
    if request.header("transfer-encoding") == Some("chunked") {
        request.body = read_chunked(&mut reader)?;
    } else if let Some(length) = request.header("content-length") {
        let mut body = vec![0; length.parse().ok()?];
        reader.read_exact(&mut body).ok()?;
        request.body = body;
    }
    Some(request)
}

/// A response head; without a length the body ends when the connection
/// closes.
fn head(stream: &mut TcpStream, status: &str, content_type: &str, length: Option<usize>) {
    let length = length.map_or(String::new(), |n| format!("Content-Length: {n}\r\n"));
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n{length}Connection: close\r\n\r\n"
    );
}

/// Writes `pieces` one at a time, flushed, with a pause between them, so
/// that the client gets them as separate chunks.
fn trickle(stream: &mut TcpStream, pieces: &[&[u8]]) {
    for piece in pieces {
        let _ = stream.write_all(piece);
        let _ = stream.flush();
        thread::sleep(Duration::from_millis(15));
    }
}

fn client(base_url: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .retry_policy(
            RetryPolicy::builder()
                .max_retries(2)
                .base_delay(Duration::from_millis(1))
                .max_delay(Duration::from_millis(5))
                .build(),
        )
        .build()
        .expect("a client")
}

/// Every item of the stream a request gave.
async fn all<T>(
    stream: Result<impl futures_core::Stream<Item = Result<T, Error>>, Error>,
) -> Vec<T> {
    stream
        .expect("a stream")
        .try_collect()
        .await
        .expect("every item")
}

fn tick(symbol: &str, price: f64) -> Tick {
    Tick::new(symbol, price)
}

#[tokio::test]
async fn events_keep_multi_line_data_ids_and_retry_and_skip_comments() {
    let (base_url, _) = serve(|_, _, stream| {
        head(stream, "200 OK", "text/event-stream", None);
        trickle(
            stream,
            &[
                b": a comment, then an event whose lines end in CRLF\r\nevent: greeting\r\nda",
                b"ta: hello\r\ndata: world\r",
                b"\nid: 1\r\nretry: 2500\r\n\r\n",
                b"data: second\n\n: keep-alive\n\nevent: no-data\n\n",
                b"id: 2\ndata: {\"not\": \"decoded\"}\n\ndata: cut off at the end",
            ],
        );
    });
    let mut events = client(&base_url)
        .raw_events()
        .send()
        .await
        .expect("a stream");
    let mut got = Vec::new();
    while let Some(event) = events.try_next().await.expect("an event") {
        got.push(event);
    }
    assert_eq!(
        got,
        vec![
            Event::new("hello\nworld".to_owned())
                .with_event("greeting")
                .with_id("1")
                .with_retry(Duration::from_millis(2500)),
            Event::new("second".to_owned()).with_id("1"),
            Event::new("{\"not\": \"decoded\"}".to_owned()).with_id("2"),
        ]
    );
    assert_eq!(events.last_event_id(), Some("2"));
    assert_eq!(events.retry(), Some(Duration::from_millis(2500)));
}

#[tokio::test]
async fn event_data_is_decoded_with_a_schema_or_a_3_2_item_schema() {
    let (base_url, _) = serve(|_, _, stream| {
        head(stream, "200 OK", "text/event-stream", None);
        trickle(
            stream,
            &[
                b"event: tick\ndata: {\"symbol\": \"A\",\n",
                b"data: \"price\": 1.5}\n\n",
                b"data: {\"symbol\": \"B\", \"price\": 2}\n\n",
            ],
        );
    });
    let client = client(&base_url);
    let ticks: Vec<Event<Tick>> = all(client.tick_events().send().await).await;
    assert_eq!(
        ticks,
        vec![
            Event::new(tick("A", 1.5)).with_event("tick"),
            Event::new(tick("B", 2.0))
        ]
    );
    let typed: Vec<Event<Tick>> = all(client.typed_events().send().await).await;
    assert_eq!(typed, ticks);
}

#[tokio::test]
async fn event_data_that_does_not_decode_is_an_error_with_its_place_then_the_end() {
    let (base_url, _) = serve(|_, _, stream| {
        head(stream, "200 OK", "text/event-stream", None);
        let body = "data: {\"symbol\": \"A\", \"price\": 1}\n\ndata: {\"symbol\": 7, \"price\": 1}\n\ndata: {\"symbol\": \"C\", \"price\": 3}\n\n";
        trickle(stream, &[body.as_bytes()]);
    });
    let mut events = client(&base_url)
        .tick_events()
        .send()
        .await
        .expect("a stream");
    assert_eq!(
        events.next().await.expect("one").expect("ok").data,
        tick("A", 1.0)
    );
    let error = events.next().await.expect("two").expect_err("bad data");
    let Error::Decode(decode) = &error else {
        panic!("not a decode error: {error}");
    };
    assert_eq!(
        (decode.item_index(), decode.byte_offset()),
        (Some(1), Some(35))
    );
    assert_eq!(decode.path(), "symbol");
    assert!(
        error.to_string().contains("item 1 (from 0, at byte 35)"),
        "{error}"
    );
    assert!(
        events.next().await.is_none(),
        "the stream ends after the error"
    );
}

#[tokio::test]
async fn reconnecting_with_last_event_id_resumes_where_the_stream_stopped() {
    let (base_url, requests) = serve(|n, request, stream| {
        head(stream, "200 OK", "text/event-stream", None);
        let after: u32 = request
            .header("last-event-id")
            .and_then(|id| id.parse().ok())
            .unwrap_or(0);
        // the first connection breaks after two events, in the third (whose
        // id came: it must not count, the event did not)
        let last = if n == 0 { 2 } else { 4 };
        let mut body: String = (after + 1..=last)
            .map(|id| format!("id: {id}\ndata: event {id}\n\n"))
            .collect();
        if n == 0 {
            body.push_str("id: 3\ndata: event 3\n");
        }
        trickle(stream, &[body.as_bytes()]);
    });
    let client = client(&base_url);
    let mut first = client.raw_events().send().await.expect("a stream");
    let mut seen = Vec::new();
    while let Some(event) = first.try_next().await.expect("an event") {
        seen.push(event.data);
    }
    let resume = first.last_event_id().expect("an id").to_owned();
    let again = (client.raw_events().last_event_id(resume).send().await).expect("a stream");
    let rest: Vec<Event<String>> = again.try_collect().await.expect("events");
    seen.extend(rest.into_iter().map(|event| event.data));
    assert_eq!(seen, ["event 1", "event 2", "event 3", "event 4"]);
    let _ = requests
        .recv_timeout(Duration::from_secs(5))
        .expect("first");
    let second = requests
        .recv_timeout(Duration::from_secs(5))
        .expect("second");
    assert_eq!(second.header("last-event-id"), Some("2"));
}

#[tokio::test]
async fn an_event_whose_data_outgrows_the_item_bound_is_an_error_not_memory() {
    let (base_url, _) = serve(|_, _, stream| {
        head(stream, "200 OK", "text/event-stream", None);
        // 17 lines of 1 MiB of data each, never a blank line: past 16 MiB
        let line = format!("data: {}\n", "x".repeat(1 << 20));
        for _ in 0..17 {
            if stream.write_all(line.as_bytes()).is_err() {
                return;
            }
        }
    });
    let mut events = client(&base_url)
        .raw_events()
        .send()
        .await
        .expect("a stream");
    let error = match events.try_next().await {
        Ok(Some(event)) => panic!("no event is complete: {} bytes", event.data.len()),
        Ok(None) => panic!("the stream ended without an error"),
        Err(error) => error,
    };
    assert!(error.to_string().contains("data is longer than"), "{error}");
    assert!(events.try_next().await.expect("ended").is_none());
}

#[tokio::test]
async fn ndjson_items_arrive_one_by_one_and_a_malformed_one_ends_the_stream() {
    let (base_url, _) = serve(|_, _, stream| {
        head(stream, "200 OK", "application/x-ndjson", None);
        trickle(
            stream,
            &[
                b"{\"symbol\": \"A\", \"price\": 1}\r\n\n{\"symbol\": \"B\", ",
                b"\"price\": 2}\n{\"symbol\": \"C\", \"price\": }\n",
                b"{\"symbol\": \"D\", \"price\": 4}\n",
            ],
        );
    });
    let mut items = client(&base_url)
        .ndjson_ticks()
        .send()
        .await
        .expect("a stream");
    assert_eq!(
        items.next().await.expect("one").expect("ok"),
        tick("A", 1.0)
    );
    assert_eq!(
        items.next().await.expect("two").expect("ok"),
        tick("B", 2.0)
    );
    let error = items.next().await.expect("three").expect_err("malformed");
    let Error::Decode(decode) = &error else {
        panic!("not a decode error: {error}");
    };
    // the third item starts after two items, a CRLF and a blank line
    assert_eq!(
        (decode.item_index(), decode.byte_offset()),
        (Some(2), Some(58))
    );
    assert!(items.next().await.is_none(), "nothing after the error");
}

#[tokio::test]
async fn json_lines_json_seq_and_3_2_item_schemas_decode_each_item() {
    let (base_url, _) = serve(|_, request, stream| {
        let (media, body): (&str, &[u8]) = match request.line.split(' ').nth(1) {
            Some("/ticks.jsonl") => (
                "application/jsonl",
                b"{\"symbol\": \"A\", \"price\": 1}\n{\"symbol\": \"B\", \"price\": 2}",
            ),
            Some("/ticks.seq") => (
                "application/json-seq",
                b"\x1e{\"symbol\": \"A\", \"price\": 1}\n\x1e{\"symbol\": \"B\",\n \"price\": 2}\n",
            ),
            _ => (
                "application/jsonl",
                b"{\"level\": \"info\", \"message\": \"up\"}\n",
            ),
        };
        head(stream, "200 OK", media, Some(body.len()));
        trickle(stream, &[body]);
    });
    let client = client(&base_url);
    let want = vec![tick("A", 1.0), tick("B", 2.0)];
    let lines: Vec<Tick> = all(client.jsonl_ticks().send().await).await;
    assert_eq!(lines, want);
    let records: Vec<Tick> = all(client.seq_ticks().send().await).await;
    assert_eq!(records, want);
    let log: Vec<_> = all(client.log_entries().send().await).await;
    assert_eq!(
        (log.len(), log[0].level.as_str(), log[0].message.as_str()),
        (1, "info", "up")
    );
}

/// The byte at `offset` of the generated download.
fn pattern(offset: usize) -> u8 {
    u8::try_from(offset % 251).unwrap_or_default()
}

#[tokio::test]
async fn a_200_mib_download_is_read_in_bounded_memory() {
    const SIZE: usize = 200 * 1024 * 1024;
    let (base_url, _) = serve(|_, _, stream| {
        head(stream, "200 OK", "application/octet-stream", Some(SIZE));
        let piece: Vec<u8> = (0..251 * 256).map(pattern).collect();
        let mut written = 0;
        while written < SIZE {
            let n = piece.len().min(SIZE - written);
            if stream.write_all(&piece[..n]).is_err() {
                return;
            }
            written += n;
        }
    });
    let client = Client::builder()
        .base_url(base_url.as_str())
        .timeout(Duration::from_secs(300))
        .build()
        .expect("a client");
    let mut chunks = (client.download_file("big.bin").send_streaming().await).expect("a stream");
    let (mut total, mut largest, mut intact) = (0, 0, true);
    while let Some(chunk) = chunks.try_next().await.expect("a chunk") {
        intact &= chunk
            .iter()
            .enumerate()
            .all(|(i, &b)| b == pattern(total + i));
        total += chunk.len();
        largest = largest.max(chunk.len());
    }
    eprintln!("{total} bytes in chunks of at most {largest} bytes");
    assert_eq!(total, SIZE);
    assert!(intact, "the bytes arrive as sent, in order");
    // one chunk at a time is held, and a chunk is what one read gave
    assert!(
        largest <= 1024 * 1024,
        "the largest chunk held was {largest} bytes"
    );
}

#[tokio::test]
async fn a_download_is_also_read_whole_and_an_error_status_is_typed() {
    let (base_url, _) = serve(|n, _, stream| {
        if n == 0 {
            head(stream, "200 OK", "image/png", Some(4));
            let _ = stream.write_all(b"\x89PNG");
        } else {
            let body = br#"{"message": "no such file"}"#;
            head(
                stream,
                "404 Not Found",
                "application/json",
                Some(body.len()),
            );
            let _ = stream.write_all(body);
        }
    });
    let client = client(&base_url);
    let image = client.download_image("a.png").send().await.expect("bytes");
    assert_eq!(image, b"\x89PNG");
    let error = (client.download_file("gone").send_streaming().await).expect_err("a 404");
    assert_eq!(error.status(), Some(404));
    let message = error.api_body().and_then(|body| body.message.as_deref());
    assert_eq!(message, Some("no such file"));
}

#[tokio::test]
async fn each_request_accepts_the_media_types_its_responses_declare_unless_told_otherwise() {
    let (base_url, requests) = serve(|_, _, stream| {
        head(stream, "200 OK", "image/png", Some(4));
        let _ = stream.write_all(b"\x89PNG");
    });
    let accepted = || {
        let request = requests
            .recv_timeout(Duration::from_secs(5))
            .expect("a request");
        request.header("accept").map(str::to_owned)
    };
    // successes first, then the error body's
    let _ = client(&base_url).download_file("a.bin").send().await;
    let declared = "application/octet-stream, application/json";
    assert_eq!(accepted().as_deref(), Some(declared));
    let _ = client(&base_url).download_image("a.png").send().await;
    assert_eq!(accepted().as_deref(), Some("image/png"));
    // a client's own `Accept` is sent instead, and one request's over both
    let preferring = Client::builder()
        .base_url(base_url.as_str())
        .header("Accept", "*/*")
        .build()
        .expect("a client");
    let _ = preferring.download_file("a.bin").send().await;
    assert_eq!(accepted().as_deref(), Some("*/*"));
    let only_octets = |o: fixture_clients::streams::RequestOptions| {
        o.header("accept", "application/octet-stream")
    };
    let _ = preferring
        .download_file("a.bin")
        .customize(only_octets)
        .send()
        .await;
    assert_eq!(accepted().as_deref(), Some("application/octet-stream"));
}

/// A server that answers `503` to the first `failures` uploads, then `200`
/// with the size received.
fn flaky_store(failures: usize) -> (String, mpsc::Receiver<Received>) {
    serve(move |n, request, stream| {
        let (status, body) = if n < failures {
            ("503 Service Unavailable", "{}".to_owned())
        } else {
            ("200 OK", format!("{{\"size\": {}}}", request.body.len()))
        };
        head(stream, status, "application/json", Some(body.len()));
        let _ = stream.write_all(body.as_bytes());
    })
}

#[tokio::test]
async fn an_upload_from_a_stream_is_sent_as_it_comes_and_never_retried() {
    let chunks = || {
        let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
            (0..64u8).map(|i| Ok(vec![i; 4096])).collect();
        futures_util::stream::iter(chunks)
    };
    let (base_url, requests) = flaky_store(0);
    let body = BinaryBody::stream(chunks());
    let stored = client(&base_url)
        .upload_file("a.bin", body)
        .send()
        .await
        .expect("stored");
    assert_eq!(stored.size, 64 * 4096);
    let request = requests
        .recv_timeout(Duration::from_secs(5))
        .expect("a request");
    assert_eq!(request.header("transfer-encoding"), Some("chunked"));
    assert_eq!(
        request.header("content-type"),
        Some("application/octet-stream")
    );
    assert!(
        request
            .body
            .chunks(4096)
            .enumerate()
            .all(|(i, c)| c.iter().all(|&b| usize::from(b) == i))
    );

    // a PUT is idempotent, but a stream cannot be sent twice: the 503 stands
    let (base_url, requests) = flaky_store(1);
    let body = BinaryBody::stream(chunks());
    let error = (client(&base_url).upload_file("a.bin", body).send().await).expect_err("a 503");
    assert_eq!(error.status(), Some(503));
    let _ = requests
        .recv_timeout(Duration::from_secs(5))
        .expect("one request");
    assert!(
        requests.recv_timeout(Duration::from_millis(300)).is_err(),
        "no second attempt"
    );
}

#[tokio::test]
async fn an_upload_from_a_file_is_read_again_for_a_retry() {
    let path = std::env::temp_dir().join(format!("streams-upload-{}.bin", std::process::id()));
    let content: Vec<u8> = (0..300_000).map(pattern).collect();
    std::fs::write(&path, &content).expect("a file");
    let (base_url, requests) = flaky_store(1);
    let stored = (client(&base_url)
        .upload_file("a.bin", BinaryBody::file(&path))
        .send()
        .await)
        .expect("stored on the second attempt");
    assert_eq!(stored.size, 300_000);
    for attempt in 0..2 {
        let request = requests
            .recv_timeout(Duration::from_secs(5))
            .expect("a request");
        assert_eq!(
            request.header("content-length"),
            Some("300000"),
            "attempt {attempt}"
        );
        assert!(
            request.body == content,
            "attempt {attempt} sent the whole file"
        );
    }
    let missing = BinaryBody::file(path.with_extension("missing"));
    let error =
        (client(&base_url).upload_file("b.bin", missing).send().await).expect_err("no file");
    assert!(
        matches!(error, Error::Config(_)) && error.to_string().contains(".missing"),
        "{error}"
    );
    let _ = std::fs::remove_file(&path);
}

#[tokio::test]
async fn an_upload_from_bytes_is_sent_whole() {
    let (base_url, requests) = flaky_store(0);
    let stored = (client(&base_url)
        .upload_file("a.txt", "some text")
        .send()
        .await)
        .expect("stored");
    assert_eq!(stored.size, 9);
    let request = requests
        .recv_timeout(Duration::from_secs(5))
        .expect("a request");
    assert_eq!(request.body, b"some text");
}

#[tokio::test]
async fn the_mock_answers_streams_in_chunks() {
    let mock = mock::Mock::new();
    let ticks: Vec<Tick> = (0..2000).map(|i| tick("A", f64::from(i))).collect();
    mock.add(mock::ndjson_ticks().ok(&ticks));
    mock.add(mock::seq_ticks().ok(&ticks));
    let events = vec![Event::new(tick("B", 1.0)).with_id("9").with_event("tick")];
    mock.add(mock::tick_events().ok(&events));
    let raw = vec![Event::new("two\nlines".to_owned())];
    mock.add(mock::raw_events().ok(&raw));
    let file: Vec<u8> = (0..100_000).map(pattern).collect();
    mock.add(mock::download_file().ok(&file));
    let client = mock.client();
    let lines: Vec<Tick> = all(client.ndjson_ticks().send().await).await;
    let records: Vec<Tick> = all(client.seq_ticks().send().await).await;
    assert!(lines == ticks && records == ticks);
    let got: Vec<Event<Tick>> = all(client.tick_events().send().await).await;
    assert_eq!(got, events);
    let got: Vec<Event<String>> = all(client.raw_events().send().await).await;
    assert_eq!(got, raw);
    let chunks: Vec<bytes::Bytes> = all(client.download_file("f").send_streaming().await).await;
    assert!(chunks.len() > 1, "the mock's body comes in chunks");
    assert_eq!(chunks.concat(), file);
    mock.assert_all_used();
}

#[test]
fn send_blocking_gives_an_iterator_of_items() {
    let (base_url, _) = serve(|_, _, stream| {
        head(stream, "200 OK", "application/x-ndjson", None);
        trickle(
            stream,
            &[
                b"{\"symbol\": \"A\", \"price\": 1}\n",
                b"{\"symbol\": \"B\", \"price\": 2}\n",
            ],
        );
    });
    let items = client(&base_url)
        .ndjson_ticks()
        .send_blocking()
        .expect("a stream");
    let ticks: Result<Vec<Tick>, Error> = items.collect();
    assert_eq!(ticks.expect("items"), vec![tick("A", 1.0), tick("B", 2.0)]);
}

#[test]
fn send_streaming_blocking_gives_an_iterator_of_chunks() {
    let content: Vec<u8> = (0..3_000_000).map(pattern).collect();
    let sent = content.clone();
    let (base_url, _) = serve(move |_, _, stream| {
        head(
            stream,
            "200 OK",
            "application/octet-stream",
            Some(sent.len()),
        );
        let _ = stream.write_all(&sent);
    });
    let chunks = (client(&base_url)
        .download_file("f")
        .send_streaming_blocking())
    .expect("a stream");
    let chunks: Vec<bytes::Bytes> = chunks.collect::<Result<_, Error>>().expect("chunks");
    assert!(chunks.len() > 1, "read chunk by chunk");
    assert!(chunks.concat() == content);
}
