//! The runtime's multipart writer, byte for byte: how values become parts,
//! how names cannot break a header, and the boundary.

use std::collections::BTreeMap;

use super::FilePart;
use super::runtime::Multipart;

/// The boundary and body of a finished form.
fn written(form: Multipart<'_>) -> (String, String) {
    let (content_type, body) = form.finish().expect("an encodable form");
    let body = body.as_bytes().expect("a body in memory").to_vec();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("a form-data content type")
        .to_owned();
    (boundary, String::from_utf8(body).expect("a text body"))
}

#[test]
fn values_are_text_json_or_one_part_per_item() {
    let (boundary, body) = written(
        Multipart::default()
            .value("text", "a \"quoted\" string")
            .value("number", &1.5)
            .value("flag", &true)
            .value("absent", &None::<i32>)
            .value("object", &serde_json::json!({"a": [1, null]}))
            .value("items", &vec![Some(1), None, Some(2)])
            .value("nested", &vec![vec![1, 2], vec![3]]),
    );
    let b = &boundary;
    let d = "Content-Disposition: form-data; name=";
    let json = "Content-Type: application/json";
    assert_eq!(
        body,
        format!(
            "--{b}\r\n{d}\"text\"\r\n\r\na \"quoted\" string\r\n\
             --{b}\r\n{d}\"number\"\r\n\r\n1.5\r\n\
             --{b}\r\n{d}\"flag\"\r\n\r\ntrue\r\n\
             --{b}\r\n{d}\"object\"\r\n{json}\r\n\r\n{{\"a\":[1,null]}}\r\n\
             --{b}\r\n{d}\"items\"\r\n\r\n1\r\n\
             --{b}\r\n{d}\"items\"\r\n\r\n2\r\n\
             --{b}\r\n{d}\"nested\"\r\n{json}\r\n\r\n[1,2]\r\n\
             --{b}\r\n{d}\"nested\"\r\n{json}\r\n\r\n[3]\r\n\
             --{b}--\r\n"
        )
    );
}

#[test]
fn files_and_further_properties_are_parts_of_their_own() {
    let files = vec![
        FilePart::new("one")
            .file_name("1.txt")
            .content_type("text/plain"),
        FilePart::new("two"),
    ];
    let none: Option<FilePart> = None;
    let extra = BTreeMap::from([("source".to_owned(), "scanner".to_owned())]);
    let (b, body) = written(
        Multipart::default()
            .file("files", &files)
            .file("none", &none)
            .entries(&extra),
    );
    assert_eq!(
        body,
        format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"1.txt\"\r\n\
             Content-Type: text/plain\r\n\r\none\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"files\"\r\n\
             Content-Type: application/octet-stream\r\n\r\ntwo\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"source\"\r\n\r\nscanner\r\n\
             --{b}--\r\n"
        )
    );
}

#[test]
fn a_given_media_type_is_the_default_of_files_and_the_type_of_values() {
    let files = vec![
        FilePart::new("own").content_type("image/gif"),
        FilePart::new("given"),
    ];
    let (b, body) = written(
        Multipart::default()
            .file_as("images", &files, "image/png")
            .value_as("object", &serde_json::json!({"a": 1}), "text/plain")
            .value_as("text", "as is", "application/json")
            .value_as("absent", &None::<i32>, "text/plain"),
    );
    let d = "Content-Disposition: form-data; name=";
    assert_eq!(
        body,
        format!(
            "--{b}\r\n{d}\"images\"\r\nContent-Type: image/gif\r\n\r\nown\r\n\
             --{b}\r\n{d}\"images\"\r\nContent-Type: image/png\r\n\r\ngiven\r\n\
             --{b}\r\n{d}\"object\"\r\nContent-Type: text/plain\r\n\r\n{{\"a\":1}}\r\n\
             --{b}\r\n{d}\"text\"\r\nContent-Type: application/json\r\n\r\nas is\r\n\
             --{b}--\r\n"
        )
    );
}

#[test]
fn quotes_and_line_breaks_cannot_break_a_header() {
    let file = FilePart::new("x")
        .file_name("a\"b\r\nc.txt")
        .content_type("text/plain\r\nX-Injected: 1");
    let (b, body) = written(
        Multipart::default()
            .file("say \"hi\"", &file)
            .value("line\nbreak", "v"),
    );
    assert_eq!(
        body,
        format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"say %22hi%22\"; filename=\"a%22b%0D%0Ac.txt\"\r\n\
             Content-Type: text/plain%0D%0AX-Injected: 1\r\n\r\nx\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"line%0Abreak\"\r\n\r\nv\r\n\
             --{b}--\r\n"
        )
    );
}

#[test]
fn each_form_has_a_boundary_of_its_own_found_in_no_part() {
    let (first, body) = written(Multipart::default().value("a", "--"));
    let (second, _) = written(Multipart::default().value("a", "--"));
    assert_ne!(first, second);
    assert!(first.len() <= 70, "{first}");
    assert!(
        first
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    );
    // one delimiter line and the closing one, nothing else
    assert_eq!(body.matches(first.as_str()).count(), 2);
}

#[test]
fn an_empty_form_is_the_closing_delimiter() {
    let (b, body) = written(Multipart::default().value("absent", &None::<String>));
    assert_eq!(body, format!("--{b}--\r\n"));
}

#[test]
fn a_value_serde_cannot_encode_is_an_error() {
    let unencodable = BTreeMap::from([(vec![1_u8], 1)]);
    let error = match Multipart::default().value("bad", &unencodable).finish() {
        Ok(_) => panic!("a map with list keys has no JSON form"),
        Err(error) => error,
    };
    assert!(
        error.starts_with("the field `bad` cannot be encoded"),
        "{error}"
    );
}
