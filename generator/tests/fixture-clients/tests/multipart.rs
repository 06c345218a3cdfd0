//! `multipart/form-data` bodies as a local server receives them: one part
//! per field in document order (files with their names and media types,
//! objects as JSON, one part per list item, nothing for `None`), inside a
//! boundary that the `Content-Type` header names; a component sent as a form
//! through a form type of its own, so that its JSON type is unchanged; file
//! parts read from a file (with the body's length, read again for a retry)
//! or from a stream (chunked, sent once) as the request is sent.

#[allow(dead_code)] // each test file uses part of it
mod capture;

use std::collections::BTreeMap;
use std::time::Duration;

use capture::{Capture, Received};
use fixture_clients::multipart::models::{
    AddAttachmentsBody, Avatar, AvatarForm, DocumentUploadForm, EditImageBody, Kind, Metadata,
    Note, Profile, ProfileForm, ProfileForm2, PutScanBody, UploadImageBody,
};
use fixture_clients::multipart::{Client, Error, FilePart, RetryPolicy};

/// What a local server receives from the request that `send` makes with a
/// client of it and sends (the server answers `{"id":"doc"}`).
async fn request_received<F, T>(send: impl FnOnce(Client) -> F) -> Received
where
    F: Future<Output = Result<T, Error>>,
{
    exchange(r#"{"id":"doc"}"#, send).await.0
}

/// What a local server answering `answer` receives from the request that
/// `send` makes with a client of it, and the decoded answer.
async fn exchange<F, T>(answer: &'static str, send: impl FnOnce(Client) -> F) -> (Received, T)
where
    F: Future<Output = Result<T, Error>>,
{
    let server = Capture::answering(answer);
    let client = Client::builder()
        .base_url(server.base_url.as_str())
        .build()
        .expect("a client");
    let answered = send(client).await.expect("a success");
    (server.request(), answered)
}

/// One part of a body: its header lines and its content.
#[derive(Debug, PartialEq, Eq)]
struct Part {
    headers: Vec<String>,
    content: Vec<u8>,
}

fn part(headers: &[&str], content: impl Into<Vec<u8>>) -> Part {
    Part {
        headers: headers.iter().map(|h| (*h).to_owned()).collect(),
        content: content.into(),
    }
}

/// The boundary of a received form-data body.
fn boundary(received: &Received) -> String {
    let content_type = received.header("Content-Type").expect("a content type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not form data with a boundary: {content_type}"));
    assert!(!boundary.is_empty() && boundary.len() <= 70, "{boundary}");
    boundary.to_owned()
}

/// The parts of a received form-data body, split strictly at the boundary
/// the `Content-Type` names: a delimiter line before each part, CRLF line
/// ends, the closing delimiter last; its `Content-Length` the body's, or
/// the body chunked. A boundary inside a part would split
/// it, and the parts would not be the ones expected.
fn parts(received: &Received) -> Vec<Part> {
    let boundary = boundary(received);
    match received.header("Content-Length") {
        Some(length) => assert_eq!(length, received.body.len().to_string()),
        None => assert_eq!(received.header("Transfer-Encoding"), Some("chunked")),
    }
    let delimiter = format!("--{boundary}\r\n");
    let close = format!("--{boundary}--\r\n");
    let mut parts = Vec::new();
    let mut rest = received.body.as_slice();
    while rest != close.as_bytes() {
        rest = rest
            .strip_prefix(delimiter.as_bytes())
            .expect("a delimiter line before each part, the closing one last");
        let end = find(rest, format!("\r\n--{boundary}").as_bytes()).expect("a part's end");
        let (whole, after) = rest.split_at(end);
        let head_end = find(whole, b"\r\n\r\n").expect("a blank line after the headers");
        let headers = String::from_utf8(whole[..head_end].to_vec()).expect("text headers");
        parts.push(Part {
            headers: headers.split("\r\n").map(str::to_owned).collect(),
            content: whole[head_end + 4..].to_vec(),
        });
        rest = &after[2..];
    }
    parts
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

const DISPOSITION: &str = "Content-Disposition: form-data; name=";

#[tokio::test]
async fn every_field_is_a_part_in_document_order() {
    // bytes that are no UTF-8, with a CRLF and dashes, go as they are
    let pdf = vec![0x25, 0x50, 0xFF, 0x00, b'\r', b'\n', b'-', b'-'];
    let upload = DocumentUploadForm::new(
        FilePart::new(pdf.clone())
            .file_name("report.pdf")
            .content_type("application/pdf"),
        "Q3 report",
        Metadata::new("Ann").with_year(2024),
    )
    .with_attachments(vec![
        FilePart::new("first")
            .file_name("a.txt")
            .content_type("text/plain"),
        FilePart::new(vec![1, 2, 3]),
    ])
    .with_tags(vec!["finance".to_owned(), "q3".to_owned()])
    .with_pages(12)
    .with_draft(false)
    .with_kind(Kind::Invoice)
    .with_note("line one\r\nline two");
    let received = request_received(|client| client.upload_document(upload).send()).await;
    assert_eq!(received.head[0], "POST /documents HTTP/1.1");
    let octets = "Content-Type: application/octet-stream";
    assert_eq!(
        parts(&received),
        [
            part(
                &[
                    &format!(r#"{DISPOSITION}"file"; filename="report.pdf""#),
                    "Content-Type: application/pdf",
                ],
                pdf,
            ),
            part(&[&format!(r#"{DISPOSITION}"title""#)], "Q3 report"),
            part(
                &[
                    &format!(r#"{DISPOSITION}"metadata""#),
                    "Content-Type: application/json",
                ],
                r#"{"author":"Ann","year":2024}"#,
            ),
            part(
                &[
                    &format!(r#"{DISPOSITION}"attachments"; filename="a.txt""#),
                    "Content-Type: text/plain",
                ],
                "first",
            ),
            part(
                &[&format!(r#"{DISPOSITION}"attachments""#), octets],
                vec![1, 2, 3],
            ),
            part(&[&format!(r#"{DISPOSITION}"tags""#)], "finance"),
            part(&[&format!(r#"{DISPOSITION}"tags""#)], "q3"),
            part(&[&format!(r#"{DISPOSITION}"pages""#)], "12"),
            part(&[&format!(r#"{DISPOSITION}"draft""#)], "false"),
            part(&[&format!(r#"{DISPOSITION}"kind""#)], "invoice"),
            part(
                &[&format!(r#"{DISPOSITION}"note""#)],
                "line one\r\nline two"
            ),
        ]
    );
}

#[tokio::test]
async fn absent_fields_send_nothing_and_names_are_percent_encoded() {
    let upload = DocumentUploadForm::new(
        FilePart::new("x")
            .file_name("say \"hi\"\r\n.txt")
            .content_type("text/plain\r\nX-Injected: 1"),
        "T",
        Metadata::new("Bob"),
    )
    .with_tags(Vec::new())
    .with_caption_short("c");
    let received = request_received(|client| client.upload_document(upload).send()).await;
    assert_eq!(
        parts(&received),
        [
            part(
                &[
                    &format!(r#"{DISPOSITION}"file"; filename="say %22hi%22%0D%0A.txt""#),
                    "Content-Type: text/plain%0D%0AX-Injected: 1",
                ],
                "x",
            ),
            part(&[&format!(r#"{DISPOSITION}"title""#)], "T"),
            part(
                &[
                    &format!(r#"{DISPOSITION}"metadata""#),
                    "Content-Type: application/json",
                ],
                r#"{"author":"Bob"}"#,
            ),
            part(&[&format!(r#"{DISPOSITION}"caption %22short%22""#)], "c"),
        ]
    );
}

#[tokio::test]
async fn a_list_of_files_and_further_properties_in_an_optional_body() {
    let mut body = AddAttachmentsBody::new().with_files(vec![
        FilePart::new("1").file_name("1.txt"),
        FilePart::new("2").file_name("2.txt"),
    ]);
    body.extra = BTreeMap::from([("source".to_owned(), "scanner".to_owned())]);
    let received =
        request_received(|client| client.add_attachments("doc-3").body(body).send()).await;
    assert_eq!(
        received.head[0],
        "POST /documents/doc-3/attachments HTTP/1.1"
    );
    let octets = "Content-Type: application/octet-stream";
    assert_eq!(
        parts(&received),
        [
            part(
                &[
                    &format!(r#"{DISPOSITION}"files"; filename="1.txt""#),
                    octets
                ],
                "1"
            ),
            part(
                &[
                    &format!(r#"{DISPOSITION}"files"; filename="2.txt""#),
                    octets
                ],
                "2"
            ),
            part(&[&format!(r#"{DISPOSITION}"source""#)], "scanner"),
        ]
    );
}

#[tokio::test]
async fn without_the_optional_body_nothing_is_sent() {
    let received = request_received(|client| client.add_attachments("doc-4").send()).await;
    assert_eq!(received.header("Content-Type"), None);
    assert!(received.body.is_empty());
}

#[tokio::test]
async fn every_request_has_a_boundary_of_its_own() {
    let mut boundaries = Vec::new();
    for _ in 0..2 {
        let body = AddAttachmentsBody::new().with_note("same");
        let received =
            request_received(|client| client.add_attachments("doc-5").body(body).send()).await;
        assert_eq!(
            parts(&received),
            [part(&[&format!(r#"{DISPOSITION}"note""#)], "same")]
        );
        boundaries.push(boundary(&received));
    }
    assert_ne!(boundaries[0], boundaries[1]);
}

#[tokio::test]
async fn json_is_chosen_when_offered_beside_a_form() {
    let note = Note::new().with_text("hi").with_scan("scanned");
    let received = request_received(|client| client.create_note(note).send()).await;
    assert_eq!(received.header("Content-Type"), Some("application/json"));
    assert_eq!(received.body, br#"{"text":"hi","scan":"scanned"}"#);
}

#[tokio::test]
async fn a_component_sent_as_a_form_keeps_its_json_type() {
    // as JSON, the component's `format: binary` property is a string
    let (received, profile) = exchange(r#"{"name":"Ann","picture":"aGk="}"#, |client| {
        client.get_profile("p-1").send()
    })
    .await;
    assert_eq!(received.head[0], "GET /profiles/p-1 HTTP/1.1");
    assert_eq!(profile, Profile::new("Ann").with_picture("aGk="));
    assert_eq!(
        serde_json::to_string(&profile).expect("JSON"),
        r#"{"name":"Ann","picture":"aGk="}"#
    );
    // as a form (its own type, the same for both operations), a file part
    let form = ProfileForm::new("Ann")
        .with_picture(FilePart::new(vec![0x89, b'P', b'N', b'G']).file_name("ann.png"));
    let expected = [
        part(&[&format!(r#"{DISPOSITION}"name""#)], "Ann"),
        part(
            &[
                &format!(r#"{DISPOSITION}"picture"; filename="ann.png""#),
                "Content-Type: application/octet-stream",
            ],
            vec![0x89, b'P', b'N', b'G'],
        ),
    ];
    let (received, created) = exchange(r#"{"name":"Ann"}"#, |client| {
        client.create_profile(form.clone()).send()
    })
    .await;
    assert_eq!(received.head[0], "POST /profiles HTTP/1.1");
    assert_eq!(parts(&received), expected);
    assert_eq!(created.picture, None);
    let received = request_received(|client| client.replace_profile("p-1", form).send()).await;
    assert_eq!(received.head[0], "PUT /profiles/p-1 HTTP/1.1");
    assert_eq!(parts(&received), expected);
}

#[tokio::test]
async fn the_encoding_object_gives_parts_their_media_types() {
    let body = UploadImageBody::new(
        FilePart::new("png").file_name("a.png"),
        Metadata::new("Ann"),
    )
    .with_previews(vec![
        FilePart::new("gif").content_type("image/gif"),
        FilePart::new("webp"),
    ])
    .with_caption("café")
    .with_sizes(vec![64, 128])
    .with_raw(FilePart::new("raw"))
    .with_label("l");
    let received = request_received(|client| client.upload_image(body).send()).await;
    assert_eq!(received.head[0], "POST /images HTTP/1.1");
    let json = "Content-Type: application/json";
    assert_eq!(
        parts(&received),
        [
            // the caller's media type first, then the encoding's, then the default
            part(
                &[
                    &format!(r#"{DISPOSITION}"image"; filename="a.png""#),
                    "Content-Type: image/png",
                ],
                "png",
            ),
            part(
                &[
                    &format!(r#"{DISPOSITION}"previews""#),
                    "Content-Type: image/gif"
                ],
                "gif",
            ),
            part(
                &[
                    &format!(r#"{DISPOSITION}"previews""#),
                    "Content-Type: image/webp"
                ],
                "webp",
            ),
            // the content is written as without the encoding: an object as JSON
            part(
                &[
                    &format!(r#"{DISPOSITION}"settings""#),
                    "Content-Type: text/plain"
                ],
                r#"{"author":"Ann"}"#,
            ),
            part(
                &[
                    &format!(r#"{DISPOSITION}"caption""#),
                    "Content-Type: text/plain; charset=utf-8",
                ],
                "café",
            ),
            part(&[&format!(r#"{DISPOSITION}"sizes""#), json], "64"),
            part(&[&format!(r#"{DISPOSITION}"sizes""#), json], "128"),
            // a list of media types or a wildcard names no type to send
            part(
                &[
                    &format!(r#"{DISPOSITION}"raw""#),
                    "Content-Type: application/octet-stream",
                ],
                "raw",
            ),
            part(&[&format!(r#"{DISPOSITION}"label""#)], "l"),
        ]
    );
}

#[tokio::test]
async fn a_component_sent_with_an_encoding_has_a_form_type_of_its_own() {
    let form = ProfileForm2::new("Ann").with_picture(FilePart::new("jpeg"));
    let received =
        request_received(|client| client.replace_profile_picture("p-2", form).send()).await;
    assert_eq!(received.head[0], "PUT /profiles/p-2/picture HTTP/1.1");
    assert_eq!(
        parts(&received),
        [
            part(&[&format!(r#"{DISPOSITION}"name""#)], "Ann"),
            part(
                &[
                    &format!(r#"{DISPOSITION}"picture""#),
                    "Content-Type: image/jpeg"
                ],
                "jpeg",
            ),
        ]
    );
}

#[tokio::test]
async fn a_union_of_a_file_and_a_list_of_files_is_a_list_of_files() {
    let body = EditImageBody::new(
        vec![
            FilePart::new("one").file_name("1.png"),
            FilePart::new("two").file_name("2.png"),
        ],
        "an otter",
    )
    .with_mask(FilePart::new("mask").file_name("m.png"))
    .with_source("https://example.com/otter.png");
    let received = request_received(|client| client.edit_image(body).send()).await;
    assert_eq!(received.head[0], "POST /images/edits HTTP/1.1");
    let octets = "Content-Type: application/octet-stream";
    let file = |name: &str, file_name: &str, content: &str| {
        part(
            &[
                &format!(r#"{DISPOSITION}"{name}"; filename="{file_name}""#),
                octets,
            ],
            content,
        )
    };
    assert_eq!(
        parts(&received),
        [
            file("image", "1.png", "one"),
            file("image", "2.png", "two"),
            file("mask", "m.png", "mask"),
            part(&[&format!(r#"{DISPOSITION}"prompt""#)], "an otter"),
            part(
                &[&format!(r#"{DISPOSITION}"source""#)],
                "https://example.com/otter.png"
            ),
        ]
    );
    // one file is a list of one
    let body = EditImageBody::new(vec![FilePart::new("only").file_name("only.png")], "p");
    let received = request_received(|client| client.edit_image(body).send()).await;
    assert_eq!(
        parts(&received),
        [
            file("image", "only.png", "only"),
            part(&[&format!(r#"{DISPOSITION}"prompt""#)], "p"),
        ]
    );
}

#[test]
fn a_file_is_a_string_in_json_and_shows_only_its_size() {
    let file = FilePart::new("text").file_name("t.txt");
    assert_eq!(serde_json::to_string(&file).expect("UTF-8"), r#""text""#);
    assert!(serde_json::to_string(&FilePart::new(vec![0xFF])).is_err());
    let read: FilePart = serde_json::from_str(r#""back""#).expect("a string");
    assert_eq!(read, FilePart::new("back"));
    assert_eq!(
        format!("{file:?}"),
        r#"FilePart { bytes: <4 bytes>, file_name: Some("t.txt"), content_type: None }"#
    );
}

#[tokio::test]
async fn a_component_aliasing_an_inline_object_keeps_its_json_type_too() {
    // `Avatar` is a one-part `allOf`: an alias of an inline struct, which
    // the form must not change
    let (received, avatar) = exchange(r#"{"name":"Ann","image":"aGk="}"#, |client| {
        client
            .create_avatar(AvatarForm::new("Ann").with_image(FilePart::new(b"GIF89a".to_vec())))
            .send()
    })
    .await;
    let avatar: Avatar = avatar;
    assert_eq!(avatar.image.as_deref(), Some("aGk="));
    assert_eq!(
        parts(&received),
        [
            part(&[&format!(r#"{DISPOSITION}"name""#)], "Ann"),
            part(
                &[
                    &format!(r#"{DISPOSITION}"image""#),
                    "Content-Type: application/octet-stream",
                ],
                b"GIF89a".to_vec(),
            ),
        ]
    );
}

/// A client of `server` that retries twice, at once.
fn retrying_client(server: &Capture) -> Client {
    Client::builder()
        .base_url(server.base_url.as_str())
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

/// The `author` part of a scan.
fn author(name: &str) -> Part {
    part(&[&format!(r#"{DISPOSITION}"author""#)], name)
}

#[tokio::test]
async fn a_file_part_read_from_a_file_has_the_body_length_and_is_read_again_for_a_retry() {
    let path = std::env::temp_dir().join(format!("multipart-scan-{}.tiff", std::process::id()));
    // more than one read of the file, with bytes that look like a delimiter
    let content: Vec<u8> = (0..200_000_u32)
        .flat_map(|i| {
            if i % 997 == 0 {
                b"\r\n--".to_vec()
            } else {
                vec![(i % 251) as u8]
            }
        })
        .collect();
    std::fs::write(&path, &content).expect("a file");
    let server = Capture::answering_statuses(&[503, 204]);
    let scan = FilePart::file(&path).content_type("image/tiff");
    (retrying_client(&server)
        .put_scan(PutScanBody::new("Ann", scan))
        .send()
        .await)
        .expect("stored on the second attempt");
    let file_name = path.file_name().and_then(|n| n.to_str()).expect("a name");
    let expected = [
        author("Ann"),
        part(
            &[
                &format!(r#"{DISPOSITION}"scan"; filename="{file_name}""#),
                "Content-Type: image/tiff",
            ],
            content.clone(),
        ),
    ];
    for attempt in 0..2 {
        let received = server.request();
        assert_eq!(received.head[0], "PUT /scans HTTP/1.1", "attempt {attempt}");
        assert!(
            received.header("Content-Length").is_some(),
            "attempt {attempt}"
        );
        assert_eq!(parts(&received), expected, "attempt {attempt}");
    }

    // a file that cannot be opened: a configuration error naming it, and
    // nothing sent
    let server = Capture::answering_statuses(&[204]);
    let missing = FilePart::file(path.with_extension("missing"));
    let error = (retrying_client(&server)
        .put_scan(PutScanBody::new("Ann", missing))
        .send()
        .await)
        .expect_err("no such file");
    assert!(
        matches!(error, Error::Config(_)) && error.to_string().contains(".missing"),
        "{error}"
    );
    assert!(server.received_no_more());
    let _ = std::fs::remove_file(&path);
}

#[tokio::test]
async fn a_file_part_from_a_stream_is_sent_chunked_as_it_comes_and_never_retried() {
    let chunks = || {
        let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
            (0..32_u8).map(|i| Ok(vec![i; 1000])).collect();
        futures_util::stream::iter(chunks)
    };
    let server = Capture::answering_statuses(&[204]);
    let scan = FilePart::stream(chunks()).file_name("scan.raw");
    (retrying_client(&server)
        .put_scan(PutScanBody::new("Ann", scan).with_year(2024))
        .send()
        .await)
        .expect("stored");
    let received = server.request();
    assert_eq!(received.header("Transfer-Encoding"), Some("chunked"));
    assert_eq!(received.header("Content-Length"), None);
    assert_eq!(
        parts(&received),
        [
            author("Ann"),
            part(&[&format!(r#"{DISPOSITION}"year""#)], "2024"),
            part(
                &[
                    &format!(r#"{DISPOSITION}"scan"; filename="scan.raw""#),
                    "Content-Type: application/octet-stream",
                ],
                (0..32_u8).flat_map(|i| vec![i; 1000]).collect::<Vec<u8>>(),
            ),
        ]
    );

    // a PUT is idempotent, but a stream is sent once: the 503 stands
    let server = Capture::answering_statuses(&[503, 204]);
    let scan = FilePart::stream(chunks());
    let error = (retrying_client(&server)
        .put_scan(PutScanBody::new("Ann", scan))
        .send()
        .await)
        .expect_err("a 503");
    assert_eq!(error.status(), Some(503));
    let _ = server.request();
    assert!(server.received_no_more(), "no second attempt");
}

#[test]
fn a_file_part_read_as_it_is_sent_shows_its_source_and_is_no_json() {
    let file = FilePart::file("/tmp/report.pdf");
    assert_eq!(file.file_name.as_deref(), Some("report.pdf"));
    assert_eq!(file.bytes(), None);
    assert_eq!(
        format!("{file:?}"),
        r#"FilePart { file: "/tmp/report.pdf", file_name: Some("report.pdf"), content_type: None }"#
    );
    let stream = FilePart::stream(futures_util::stream::empty::<Result<Vec<u8>, std::io::Error>>());
    assert_eq!(
        format!("{stream:?}"),
        "FilePart { stream: <stream>, file_name: None, content_type: None }"
    );
    // a copy is the same stream, another stream is not
    assert_eq!(stream.clone(), stream);
    let other = FilePart::stream(futures_util::stream::empty::<Result<Vec<u8>, std::io::Error>>());
    assert_ne!(other, stream);
    let error = serde_json::to_string(&file).expect_err("no JSON of a file on disk");
    assert!(
        error.to_string().contains("read from a file or a stream"),
        "{error}"
    );
    assert_eq!(FilePart::new("in memory").bytes(), Some(&b"in memory"[..]));
}
