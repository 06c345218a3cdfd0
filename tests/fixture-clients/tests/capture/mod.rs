//! A one-shot HTTP server on 127.0.0.1 that answers with a fixed JSON body
//! and hands back the request head it received (request line and headers).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::thread;

/// A server that answers one request.
pub struct Capture {
    /// `http://127.0.0.1:<port>`.
    pub base_url: String,
    heads: mpsc::Receiver<Vec<String>>,
}

impl Capture {
    /// Starts answering one request with `body` (status 200, JSON).
    pub fn answering(body: &'static str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
        let base_url = format!("http://{}", listener.local_addr().expect("an address"));
        let (sender, heads) = mpsc::channel();
        thread::spawn(move || {
            let Ok((stream, _)) = listener.accept() else {
                return;
            };
            let mut reader = BufReader::new(stream);
            let mut head = Vec::new();
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                head.push(line.trim_end().to_owned());
                line.clear();
            }
            let mut stream = reader.into_inner();
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = sender.send(head);
        });
        Self { base_url, heads }
    }

    /// The head of the request the server received.
    pub fn request_head(&self) -> Vec<String> {
        self.heads
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("the server received a request")
    }

    /// The request target (path and query) of the request received.
    pub fn request_target(&self) -> String {
        let head = self.request_head();
        let line = head.first().expect("a request line");
        line.split(' ').nth(1).expect("a request target").to_owned()
    }
}
