//! A local HTTP server on 127.0.0.1 that answers one request with a fixed
//! JSON body (or a few, one status each) and hands back each request it
//! received: its head (request line and headers) and its body (as long as
//! its `Content-Length` says, or its chunks).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::thread;

/// A request as the server received it.
pub struct Received {
    /// The request line, then the header lines.
    pub head: Vec<String>,
    /// The body.
    pub body: Vec<u8>,
}

impl Received {
    /// The value of the header `name` (any case), if it was sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.iter().skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }
}

/// Reads one request: its head, then as much body as `Content-Length` says.
pub fn read_request(reader: &mut impl BufRead) -> Received {
    let mut received = Received {
        head: Vec::new(),
        body: Vec::new(),
    };
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
        received.head.push(line.trim_end().to_owned());
        line.clear();
    }
    if received
        .header("Transfer-Encoding")
        .is_some_and(|value| value.eq_ignore_ascii_case("chunked"))
    {
        received.body = read_chunked(reader).unwrap_or_default();
        return received;
    }
    let length = received
        .header("Content-Length")
        .and_then(|value| value.parse().ok())
        .unwrap_or(0);
    received.body.resize(length, 0);
    if reader.read_exact(&mut received.body).is_err() {
        received.body.clear();
    }
    received
}

/// A chunked body, its chunks joined; `None` if it breaks off.
pub fn read_chunked(reader: &mut impl BufRead) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let mut size = String::new();
        reader.read_line(&mut size).ok()?;
        let size = usize::from_str_radix(size.trim(), 16).ok()?;
        let mut chunk = vec![0; size + 2];
        reader.read_exact(&mut chunk).ok()?;
        if size == 0 {
            return Some(body);
        }
        body.extend_from_slice(&chunk[..size]);
    }
}

/// A server that answers one request.
pub struct Capture {
    /// `http://127.0.0.1:<port>`.
    pub base_url: String,
    requests: mpsc::Receiver<Received>,
}

impl Capture {
    /// Starts answering one request with `body` (status 200, JSON).
    pub fn answering(body: &'static str) -> Self {
        Self::answering_with_headers(&[], body)
    }

    /// Starts answering one request with `body` (status 200, JSON) and
    /// these extra header lines (`Name: value`).
    pub fn answering_with_headers(headers: &[&str], body: &'static str) -> Self {
        let extra: Vec<&str> = ["Content-Type: application/json"]
            .into_iter()
            .chain(headers.iter().copied())
            .collect();
        Self::answering_status(200, &extra, body)
    }

    /// Starts answering one request with this status, these header lines
    /// (`Name: value`, the content type among them if any) and `body`.
    pub fn answering_status(status: u16, headers: &[&str], body: &'static str) -> Self {
        let extra: String = headers.iter().map(|line| format!("{line}\r\n")).collect();
        Self::serving(vec![(status, extra, body)])
    }

    /// Starts answering one request per status, in order, each with an
    /// empty body.
    pub fn answering_statuses(statuses: &[u16]) -> Self {
        Self::serving(
            statuses
                .iter()
                .map(|&status| (status, String::new(), ""))
                .collect(),
        )
    }

    /// Answers one connection per answer (status, header lines, body).
    fn serving(answers: Vec<(u16, String, &'static str)>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
        let base_url = format!("http://{}", listener.local_addr().expect("an address"));
        let (sender, requests) = mpsc::channel();
        thread::spawn(move || {
            for (status, extra, body) in answers {
                let Ok((stream, _)) = listener.accept() else {
                    return;
                };
                let mut reader = BufReader::new(stream);
                let received = read_request(&mut reader);
                let mut stream = reader.into_inner();
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} Status\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = sender.send(received);
            }
        });
        Self { base_url, requests }
    }

    /// The request the server received.
    pub fn request(&self) -> Received {
        self.requests
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("the server received a request")
    }

    /// Whether no further request arrives within 300 ms.
    pub fn received_no_more(&self) -> bool {
        self.requests
            .recv_timeout(std::time::Duration::from_millis(300))
            .is_err()
    }

    /// The head of the request the server received.
    pub fn request_head(&self) -> Vec<String> {
        self.request().head
    }

    /// The request target (path and query) of the request received.
    pub fn request_target(&self) -> String {
        let head = self.request_head();
        let line = head.first().expect("a request line");
        line.split(' ').nth(1).expect("a request target").to_owned()
    }
}
