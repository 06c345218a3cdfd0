//! Parameters named like secrets reach the server in every location, and
//! never show in the `Debug` output of the request builder.

#[allow(dead_code)] // each test file uses part of it
mod capture;

use capture::Capture;
use fixture_clients::secret_params::Client;

#[tokio::test]
async fn secrets_are_sent_in_path_query_header_and_cookie_and_never_shown() {
    let server = Capture::answering(r#"{"valid":true}"#);
    let client = Client::builder()
        .base_url(server.base_url.as_str())
        .build()
        .expect("a client");
    let request = client
        .inspect_token("SECRET-PATH-1", "SECRET-HEADER-2")
        .api_key("SECRET-QUERY-3")
        .password("SECRET-COOKIE-4")
        .session("plain-session")
        .secret(7);
    let shown = format!("{request:?} {request:#?}");
    for secret in [
        "SECRET-PATH-1",
        "SECRET-HEADER-2",
        "SECRET-QUERY-3",
        "SECRET-COOKIE-4",
    ] {
        assert!(!shown.contains(secret), "{secret} shown in {shown}");
    }
    assert!(shown.contains("plain-session"), "{shown}");
    let response = request.send().await.expect("a response");
    assert_eq!(response.valid, Some(true));
    let head = server.request_head();
    assert_eq!(
        head[0],
        "GET /tokens/SECRET-PATH-1?api_key=SECRET-QUERY-3&secret=7 HTTP/1.1"
    );
    let has = |line: &str| head.iter().any(|h| h.eq_ignore_ascii_case(line));
    assert!(has("x-api-token: SECRET-HEADER-2"), "{head:#?}");
    assert!(
        has("cookie: password=SECRET-COOKIE-4; session=plain-session"),
        "{head:#?}"
    );
}

#[tokio::test]
async fn hooks_see_a_secret_path_parameter_redacted() {
    use std::sync::{Arc, Mutex};

    let server = Capture::answering(r#"{"valid":true}"#);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&seen);
    let client = Client::builder()
        .base_url(format!("{}/v1", server.base_url).as_str())
        .before_attempt(move |request| {
            record.lock().expect("not poisoned").push(request.url());
            Ok(())
        })
        .build()
        .expect("a client");
    client
        .inspect_token("SECRET/PATH 1", "SECRET-HEADER-2")
        .api_key("SECRET-QUERY-3")
        .send()
        .await
        .expect("a response");
    let urls = seen.lock().expect("not poisoned").clone();
    assert_eq!(
        urls,
        [format!(
            "{}/v1/tokens/<redacted>?<redacted>",
            server.base_url
        )]
    );
    // the wire still has the value itself, encoded as one segment
    assert_eq!(
        server.request_head()[0],
        "GET /v1/tokens/SECRET%2FPATH%201?api_key=SECRET-QUERY-3 HTTP/1.1"
    );
}
