//! A one-shot HTTP server on 127.0.0.1 that answers with a fixed JSON body
//! and hands back the request it received: its head (request line and
//! headers) and its body (as long as its `Content-Length` says).

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
        let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
        let base_url = format!("http://{}", listener.local_addr().expect("an address"));
        let (sender, requests) = mpsc::channel();
        thread::spawn(move || {
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
        });
        Self { base_url, requests }
    }

    /// The request the server received.
    pub fn request(&self) -> Received {
        self.requests
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("the server received a request")
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
