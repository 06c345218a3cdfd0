//! Credentials from `securitySchemes` on the wire: each scheme sent where it
//! belongs (header, query, cookie, `Authorization`), only on the operations
//! whose security names it, alternatives, combined schemes, optional and no
//! security; missing credentials refused before sending; OAuth2 client
//! credentials fetched once for 100 concurrent requests, refreshed before
//! expiry and after a 401, and not fetched by a client that sends to the
//! mock; no secret shown anywhere.

#[allow(dead_code)] // each test file uses part of it
mod capture;

use std::io::{BufReader, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use capture::{Received, read_request};
use fixture_clients::security_schemes::models::Outcome;
use fixture_clients::security_schemes::{
    Client, ClientBuilder, ClientCredentials, Error, Secret, mock,
};

const PASSWORD: &str = "PASSWORD-SECRET-1";
const BEARER: &str = "BEARER-SECRET-2";
const HEADER_KEY: &str = "HEADER-KEY-SECRET-3";
const QUERY_KEY: &str = "QUERY-KEY-SECRET-4";
const COOKIE_KEY: &str = "COOKIE-KEY-SECRET-5";
const CLIENT_SECRET: &str = "CLIENT-SECRET-6";
/// Tokens are `TOKEN-SECRET-<n>`, n counting the token requests.
const TOKEN_PREFIX: &str = "TOKEN-SECRET-";

/// A resource and token server on 127.0.0.1: it records every request;
/// `POST /oauth/token` gives `TOKEN-SECRET-<n>` (after a pause, so that
/// concurrent requests overlap it), or `503` to the first `failing` token
/// requests; `/things` answers 401 to a token older than `accept_from`;
/// everything else answers `{"ok":true}`.
struct Server {
    base_url: String,
    requests: Arc<Mutex<Vec<Received>>>,
    tokens: Arc<AtomicUsize>,
    accept_from: Arc<AtomicUsize>,
    expires_in: Arc<AtomicU64>,
    failing: Arc<AtomicUsize>,
}

impl Server {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
        let server = Self {
            base_url: format!("http://{}", listener.local_addr().expect("an address")),
            requests: Arc::default(),
            tokens: Arc::default(),
            accept_from: Arc::new(AtomicUsize::new(1)),
            expires_in: Arc::new(AtomicU64::new(3600)),
            failing: Arc::default(),
        };
        let state = server.state();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = state.clone();
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(stream);
                    let received = read_request(&mut reader);
                    let (status, body) = state.answer(&received);
                    state.0.lock().expect("not poisoned").push(received);
                    let _ = write!(
                        reader.into_inner(),
                        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    );
                });
            }
        });
        server
    }

    fn state(&self) -> State {
        State(
            Arc::clone(&self.requests),
            Arc::clone(&self.tokens),
            Arc::clone(&self.accept_from),
            Arc::clone(&self.expires_in),
            Arc::clone(&self.failing),
        )
    }

    fn builder(&self) -> ClientBuilder {
        Client::builder()
            .base_url(self.base_url.as_str())
            .no_retries()
    }

    /// A client with the document's client credentials setting (its
    /// relative `tokenUrl` resolved against this server).
    fn client_credentials(&self) -> Client {
        self.builder()
            .o_auth2_client_credentials("client-id", CLIENT_SECRET)
            .build()
            .expect("a client")
    }

    /// A provider of this server's tokens.
    fn provider(&self) -> ClientCredentials {
        ClientCredentials::new(
            format!("{}/oauth/token", self.base_url),
            "client-id",
            CLIENT_SECRET,
        )
    }

    /// The requests received for `path` (the target without its query).
    fn received(&self, path: &str) -> Vec<Received> {
        let all = self.requests.lock().expect("not poisoned");
        all.iter()
            .filter(|r| target(r).split('?').next() == Some(path))
            .map(|r| Received {
                head: r.head.clone(),
                body: r.body.clone(),
            })
            .collect()
    }

    fn only(&self, path: &str) -> Received {
        let mut received = self.received(path);
        assert_eq!(received.len(), 1, "one request to {path}");
        received.remove(0)
    }

    fn token_requests(&self) -> usize {
        self.tokens.load(Ordering::SeqCst)
    }
}

#[derive(Clone)]
struct State(
    Arc<Mutex<Vec<Received>>>,
    Arc<AtomicUsize>,
    Arc<AtomicUsize>,
    Arc<AtomicU64>,
    Arc<AtomicUsize>,
);

impl State {
    fn answer(&self, request: &Received) -> (u16, String) {
        let path = target(request);
        if path == "/oauth/token" {
            std::thread::sleep(Duration::from_millis(100));
            let n = self.1.fetch_add(1, Ordering::SeqCst) + 1;
            if n <= self.4.load(Ordering::SeqCst) {
                return (503, r#"{"error":"temporarily_unavailable"}"#.to_owned());
            }
            let expires = self.3.load(Ordering::SeqCst);
            return (
                200,
                format!(
                    r#"{{"access_token":"{TOKEN_PREFIX}{n}","token_type":"Bearer","expires_in":{expires}}}"#
                ),
            );
        }
        if path == "/things" {
            let accepted = request
                .header("authorization")
                .and_then(|v| v.strip_prefix(&format!("Bearer {TOKEN_PREFIX}")))
                .and_then(|n| n.parse::<usize>().ok())
                .is_some_and(|n| n >= self.2.load(Ordering::SeqCst));
            if !accepted {
                return (401, r#"{"error":"invalid_token"}"#.to_owned());
            }
        }
        (200, r#"{"ok":true}"#.to_owned())
    }
}

fn target(request: &Received) -> &str {
    request
        .head
        .first()
        .and_then(|line| line.split(' ').nth(1))
        .unwrap_or_default()
}

fn basic(user: &str, password: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = format!("{user}:{password}").into_bytes();
    let mut out = String::from("Basic ");
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = u32::from_be_bytes([0, b[0], b[1], b[2]]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Every credential setting given.
fn all_credentials(builder: ClientBuilder) -> ClientBuilder {
    builder
        .basic_auth("user", PASSWORD)
        .bearer_auth(BEARER)
        .api_key_auth(HEADER_KEY)
        .query_key(QUERY_KEY)
        .cookie_key(COOKIE_KEY)
        .open_id(Secret::new("OPENID-SECRET-7"))
}

fn assert_hidden(what: &str, shown: &str) {
    for secret in [
        PASSWORD,
        BEARER,
        HEADER_KEY,
        QUERY_KEY,
        COOKIE_KEY,
        CLIENT_SECRET,
        TOKEN_PREFIX,
        "OPENID-SECRET-7",
    ] {
        assert!(!shown.contains(secret), "{what} shows {secret}: {shown}");
    }
}

#[tokio::test]
async fn each_scheme_is_sent_where_the_document_says() {
    let server = Server::start();
    let client = all_credentials(server.builder()).build().expect("a client");
    client.get_default().send().await.expect("default");
    client.get_basic().send().await.expect("basic");
    client.get_header_key().send().await.expect("header key");
    client
        .get_query_key()
        .page(2)
        .send()
        .await
        .expect("query key");
    client
        .get_cookie_key()
        .theme("dark")
        .send()
        .await
        .expect("cookie key");
    client.get_profile().send().await.expect("openid");

    let default = server.only("/default");
    assert_eq!(
        default.header("authorization"),
        Some(format!("Bearer {BEARER}").as_str())
    );
    assert_eq!(default.header("x-api-key"), None);
    let basic_request = server.only("/basic");
    assert_eq!(
        basic_request.header("authorization"),
        Some(basic("user", PASSWORD).as_str())
    );
    let header = server.only("/header-key");
    assert_eq!(header.header("x-api-key"), Some(HEADER_KEY));
    assert_eq!(
        header.header("authorization"),
        None,
        "only the named scheme"
    );
    let query = server.only("/query-key");
    assert_eq!(
        target(&query),
        format!("/query-key?page=2&api_key={QUERY_KEY}")
    );
    assert_eq!(query.header("authorization"), None);
    let cookie = server.only("/cookie-key");
    assert_eq!(
        cookie.header("cookie"),
        Some(format!("theme=dark; session={COOKIE_KEY}").as_str())
    );
    assert_eq!(
        server.only("/profile").header("authorization"),
        Some("Bearer OPENID-SECRET-7")
    );
}

#[tokio::test]
async fn alternatives_take_the_first_whose_credentials_are_set() {
    let server = Server::start();
    let basic_only = server
        .builder()
        .basic_auth("user", PASSWORD)
        .build()
        .expect("a client");
    basic_only
        .get_alternatives()
        .send()
        .await
        .expect("basic alternative");
    // `Missing` is not declared: its alternative is left out, Basic remains
    basic_only
        .get_unknown()
        .send()
        .await
        .expect("the declared alternative");
    let both = server
        .builder()
        .basic_auth("user", PASSWORD)
        .api_key_auth(HEADER_KEY)
        .build()
        .expect("a client");
    both.get_alternatives()
        .send()
        .await
        .expect("first alternative");
    let sent = server.received("/alternatives");
    assert_eq!(
        sent[0].header("authorization"),
        Some(basic("user", PASSWORD).as_str())
    );
    assert_eq!(sent[0].header("x-api-key"), None);
    assert_eq!(sent[1].header("x-api-key"), Some(HEADER_KEY));
    assert_eq!(
        sent[1].header("authorization"),
        None,
        "one alternative only"
    );
    assert!(server.only("/unknown").header("authorization").is_some());
}

#[tokio::test]
async fn combined_schemes_are_all_sent_and_all_needed() {
    let server = Server::start();
    let client = server
        .builder()
        .api_key_auth(HEADER_KEY)
        .query_key(QUERY_KEY)
        .build()
        .expect("a client");
    client.get_combined().send().await.expect("combined");
    let sent = server.only("/combined");
    assert_eq!(sent.header("x-api-key"), Some(HEADER_KEY));
    assert_eq!(target(&sent), format!("/combined?api_key={QUERY_KEY}"));

    let half = server
        .builder()
        .api_key_auth(HEADER_KEY)
        .build()
        .expect("a client");
    let error = half.get_combined().send().await.expect_err("one of two");
    let Error::Auth(auth) = &error else {
        panic!("an auth error: {error:?}")
    };
    assert_eq!(
        auth.to_string(),
        "get_combined (GET /combined) was not sent: the credentials it needs are not set: \
         `ApiKeyAuth` (`ClientBuilder::api_key_auth`) and `QueryKey` (`ClientBuilder::query_key`)"
    );
    assert_eq!(
        server.received("/combined").len(),
        1,
        "nothing more was sent"
    );
}

#[tokio::test]
async fn optional_and_no_security() {
    let server = Server::start();
    let anonymous = server.builder().build().expect("a client");
    anonymous.get_optional().send().await.expect("anonymous");
    anonymous.get_public().send().await.expect("public");
    // a declared API-key parameter is the operation's own argument
    anonymous
        .get_own_key("ARGUMENT-KEY")
        .send()
        .await
        .expect("own key");
    let with_token = all_credentials(server.builder()).build().expect("a client");
    with_token
        .get_optional()
        .send()
        .await
        .expect("with a token");
    with_token.get_public().send().await.expect("public");

    let optional = server.received("/optional");
    assert_eq!(optional[0].header("authorization"), None);
    assert_eq!(
        optional[1].header("authorization"),
        Some(format!("Bearer {BEARER}").as_str())
    );
    for public in server.received("/public") {
        assert_eq!(public.header("authorization"), None);
        assert_eq!(public.header("x-api-key"), None);
        assert_eq!(public.header("cookie"), None);
        assert_eq!(target(&public), "/public");
    }
    assert_eq!(
        target(&server.only("/own-key")),
        "/own-key?api_key=ARGUMENT-KEY"
    );
}

#[tokio::test]
async fn missing_credentials_fail_before_sending_naming_the_schemes() {
    let server = Server::start();
    let client = server
        .builder()
        .bearer_auth(BEARER)
        .build()
        .expect("a client");
    let error = client
        .get_alternatives()
        .send()
        .await
        .expect_err("no credentials");
    assert!(matches!(error, Error::Auth(_)), "{error:?}");
    assert_eq!(
        error.to_string(),
        "get_alternatives (GET /alternatives) was not sent: the credentials it needs are not set: \
         `ApiKeyAuth` (`ClientBuilder::api_key_auth`), or `BasicAuth` (`ClientBuilder::basic_auth`)"
    );
    assert!(!error.is_retryable());
    let error = client
        .list_things()
        .send()
        .await
        .expect_err("no token source");
    assert!(
        error
            .to_string()
            .contains("`OAuth2` (`ClientBuilder::o_auth2`)"),
        "{error}"
    );
    assert!(
        server.requests.lock().expect("not poisoned").is_empty(),
        "nothing was sent"
    );
}

#[tokio::test]
async fn the_documents_token_url_and_scopes_are_used() {
    let server = Server::start();
    // the document's tokenUrl is relative: resolved against the base URL
    let client = server.client_credentials();
    client.list_things().send().await.expect("things");
    client.create_thing().send().await.expect("a thing");
    let token = server.only("/oauth/token");
    assert!(token.head[0].starts_with("POST "), "{:?}", token.head);
    assert_eq!(
        token.header("authorization"),
        Some(basic("client-id", CLIENT_SECRET).as_str())
    );
    assert_eq!(
        String::from_utf8_lossy(&token.body),
        "grant_type=client_credentials&scope=things%3Aread+things%3Awrite"
    );
    for sent in server.received("/things") {
        assert_eq!(sent.header("authorization"), Some("Bearer TOKEN-SECRET-1"));
    }
    assert_eq!(server.token_requests(), 1, "one token for both operations");
}

#[tokio::test]
async fn a_hundred_concurrent_requests_fetch_one_token() {
    let server = Server::start();
    let provider = server.provider().scopes(["things:read"]);
    let client = server
        .builder()
        .o_auth2(provider)
        .build()
        .expect("a client");
    let requests = (0..100).map(|_| client.list_things().send());
    let outcomes = futures_util::future::join_all(requests).await;
    assert!(outcomes.iter().all(Result::is_ok), "every request succeeds");
    assert_eq!(server.token_requests(), 1);
    assert_eq!(server.received("/things").len(), 100);
}

#[tokio::test]
async fn a_failed_token_request_is_shared_by_waiting_requests_and_paused_after() {
    let server = Server::start();
    server.failing.store(1, Ordering::SeqCst);
    let client = server
        .builder()
        .o_auth2(server.provider())
        .build()
        .expect("a client");
    let requests = (0..20).map(|_| client.list_things().send());
    let outcomes = futures_util::future::join_all(requests).await;
    for outcome in &outcomes {
        let Err(Error::Auth(auth)) = outcome else {
            panic!("an auth error: {outcome:?}")
        };
        assert_eq!(auth.status(), Some(503));
    }
    assert_eq!(server.token_requests(), 1, "one token request for all 20");
    // straight after it, still no new token request
    let error = client.list_things().send().await.expect_err("paused");
    let shown = error.to_string();
    assert!(
        shown.contains("the token endpoint answered 503: temporarily_unavailable")
            && shown.contains("token requests failed 1 time in a row; the next is sent in"),
        "{shown}"
    );
    assert_hidden("the paused token error", &format!("{error} {error:?}"));
    assert_eq!(server.token_requests(), 1);
    assert!(
        server.received("/things").is_empty(),
        "the API was not called"
    );
    // after the pause (1 s), a token again
    tokio::time::sleep(Duration::from_millis(1100)).await;
    client.list_things().send().await.expect("a token now");
    assert_eq!(server.token_requests(), 2);
    assert_eq!(server.received("/things").len(), 1);
}

#[tokio::test]
async fn a_token_is_replaced_before_it_expires() {
    let server = Server::start();
    server.expires_in.store(1, Ordering::SeqCst);
    let client = server.client_credentials();
    client.list_things().send().await.expect("first");
    client.list_things().send().await.expect("cached");
    assert_eq!(server.token_requests(), 1, "cached while fresh");
    // replaced at half its lifetime at most (30 s margin, 1 s lifetime)
    tokio::time::sleep(Duration::from_millis(600)).await;
    client.list_things().send().await.expect("refreshed");
    assert_eq!(server.token_requests(), 2);
    let sent = server.received("/things");
    assert_eq!(
        sent[2].header("authorization"),
        Some("Bearer TOKEN-SECRET-2")
    );
}

#[tokio::test]
async fn a_token_that_never_expires_is_kept_without_a_panic() {
    let server = Server::start();
    // `i64::MAX` seconds, as some servers say "never": past the clock's range
    server.expires_in.store(i64::MAX as u64, Ordering::SeqCst);
    let client = server.client_credentials();
    client.list_things().send().await.expect("first");
    client.list_things().send().await.expect("cached");
    assert_eq!(server.token_requests(), 1, "kept");
}

#[tokio::test]
async fn a_client_sending_to_a_mock_fetches_no_token() {
    let server = Server::start();
    let mock = mock::Mock::new();
    let outcome: Outcome =
        serde_json::from_value(serde_json::json!({"ok": true})).expect("an outcome");
    mock.add(mock::list_things().ok(&outcome));
    let client = server
        .builder()
        .o_auth2_client_credentials("client-id", CLIENT_SECRET)
        .mock(&mock)
        .build()
        .expect("a client");
    client.list_things().send().await.expect("the mock answers");
    assert_eq!(
        server.token_requests(),
        0,
        "no token request left the process"
    );
    let recorded = mock.requests();
    assert_eq!(recorded.len(), 1, "{recorded:?}");
    assert_eq!(recorded[0].header("authorization"), None);
}

#[tokio::test]
async fn a_refused_token_is_refreshed_once_and_the_request_sent_once_more() {
    let server = Server::start();
    let client = server.client_credentials();
    client.list_things().send().await.expect("first token");
    // the server revokes token 1: one 401, a fresh token, one more send
    server.accept_from.store(2, Ordering::SeqCst);
    client.list_things().send().await.expect("after a refresh");
    assert_eq!(server.token_requests(), 2);
    assert_eq!(server.received("/things").len(), 3);

    // a server that refuses every token: one refresh, one retry, then 401
    server.accept_from.store(usize::MAX, Ordering::SeqCst);
    let error = client.list_things().send().await.expect_err("refused");
    assert_eq!(error.status(), Some(401));
    assert_eq!(server.token_requests(), 3, "one refresh only");
    assert_eq!(server.received("/things").len(), 5, "sent twice");
    assert_hidden("the 401 error", &format!("{error} {error:?}"));
}

#[tokio::test]
async fn hooks_see_the_send_with_a_fresh_token_as_the_same_attempt_resent() {
    let server = Server::start();
    let sends = Arc::new(Mutex::new(Vec::new()));
    let attempts = Arc::new(Mutex::new(Vec::new()));
    let (seen_sends, seen_attempts) = (Arc::clone(&sends), Arc::clone(&attempts));
    let client = server
        .builder()
        .o_auth2_client_credentials("client-id", CLIENT_SECRET)
        .before_attempt(move |request| {
            let send = (
                request.attempt(),
                request.is_resent_with_fresh_credentials(),
            );
            seen_sends.lock().expect("not poisoned").push(send);
            Ok(())
        })
        .after_attempt(move |attempt| {
            let outcome = (attempt.number(), attempt.status());
            seen_attempts.lock().expect("not poisoned").push(outcome);
        })
        .build()
        .expect("a client");
    // token 1 refused: the attempt is sent twice, the second time resent
    server.accept_from.store(2, Ordering::SeqCst);
    client.list_things().send().await.expect("after a refresh");
    assert_eq!(
        *sends.lock().expect("not poisoned"),
        [(1, false), (1, true)]
    );
    assert_eq!(*attempts.lock().expect("not poisoned"), [(1, Some(200))]);
}

#[tokio::test]
async fn a_fixed_token_refused_by_a_401_is_not_sent_again() {
    let server = Server::start();
    server.accept_from.store(2, Ordering::SeqCst);
    let fixed = Secret::new(format!("{TOKEN_PREFIX}1"));
    let client = server.builder().o_auth2(fixed).build().expect("a client");
    let error = client.list_things().send().await.expect_err("refused");
    assert_eq!(error.status(), Some(401));
    // the same token again could only be refused again
    assert_eq!(server.received("/things").len(), 1, "sent once");
}

#[tokio::test]
async fn a_user_token_source_is_asked_again_after_a_401() {
    #[derive(Debug)]
    struct Counting(AtomicUsize);
    impl fixture_clients::security_schemes::TokenSource for Counting {
        fn token<'a>(
            &'a self,
            rejected: Option<&'a Secret>,
        ) -> fixture_clients::security_schemes::TokenFuture<'a> {
            let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
            // the second call is the one after the 401, with the refused token
            assert_eq!(rejected.is_some(), n == 2, "call {n}");
            Box::pin(std::future::ready(Ok(Secret::new(format!(
                "{TOKEN_PREFIX}{n}"
            )))))
        }
    }
    let server = Server::start();
    server.accept_from.store(2, Ordering::SeqCst);
    let client = server
        .builder()
        .o_auth2(Counting(AtomicUsize::new(0)))
        .build()
        .expect("a client");
    client.list_things().send().await.expect("the second token");
    let sent = server.received("/things");
    assert_eq!(sent.len(), 2);
    assert_eq!(
        sent[1].header("authorization"),
        Some("Bearer TOKEN-SECRET-2")
    );
}

#[tokio::test]
async fn a_refusing_token_endpoint_is_an_auth_error_without_secrets() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
    let url = format!(
        "http://{}/token",
        listener.local_addr().expect("an address")
    );
    let (sender, token_requests) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream);
            let _ = sender.send(read_request(&mut reader));
            let body = format!(
                r#"{{"error":"invalid_client","error_description":"unknown client","echo":"{CLIENT_SECRET}"}}"#
            );
            let _ = write!(
                reader.into_inner(),
                "HTTP/1.1 401 X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    let server = Server::start();
    let provider = ClientCredentials::new(url, "client-id", CLIENT_SECRET).credentials_in_body();
    let client = server
        .builder()
        .o_auth2(provider)
        .build()
        .expect("a client");
    let error = client.list_things().send().await.expect_err("no token");
    let Error::Auth(auth) = &error else {
        panic!("an auth error: {error:?}")
    };
    assert_eq!(auth.status(), Some(401));
    assert_eq!(
        error.to_string(),
        "list_things (GET /things) was not sent: the token endpoint answered 401: invalid_client (unknown client)"
    );
    assert_hidden("the token error", &format!("{error} {error:?}"));
    assert!(
        server.received("/things").is_empty(),
        "the API was not called"
    );
    // `credentials_in_body`: the id and secret in the form, no Basic header
    let token_request = token_requests
        .recv_timeout(Duration::from_secs(5))
        .expect("a token request");
    assert_eq!(
        String::from_utf8_lossy(&token_request.body),
        format!("grant_type=client_credentials&client_id=client-id&client_secret={CLIENT_SECRET}")
    );
    assert_eq!(token_request.header("authorization"), None);
}

#[tokio::test]
async fn no_secret_shows_in_debug_errors_or_hooks() {
    let server = Server::start();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&seen);
    let provider = server.provider();
    assert_hidden("ClientCredentials", &format!("{provider:?}"));
    let builder = all_credentials(server.builder())
        .o_auth2(provider)
        .before_attempt(move |request| {
            let shown = [
                request.url(),
                format!("{:?}", request.header("authorization")),
                format!("{:?}", request.header("x-api-key")),
                format!("{:?}", request.header("cookie")),
            ];
            record.lock().expect("not poisoned").push(shown.join(" "));
            Ok(())
        });
    assert_hidden("ClientBuilder", &format!("{builder:?} {builder:#?}"));
    let client = builder.build().expect("a client");
    for request in [
        client.get_query_key().send(),
        client.get_cookie_key().send(),
        client.get_combined().send(),
        client.list_things().send(),
    ] {
        request.await.expect("a response");
    }
    assert_hidden("Client", &format!("{client:?} {client:#?}"));
    let seen = seen.lock().expect("not poisoned").join("\n");
    assert!(seen.contains("<redacted>"), "{seen}");
    assert_hidden("hooks", &seen);
    // credentials that cannot be a header value: refused, and not shown
    let error = server
        .builder()
        .api_key_auth("BAD\nHEADER-KEY-SECRET-3")
        .build()
        .expect_err("not a header value");
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    assert!(error.to_string().contains("`ApiKeyAuth`"), "{error}");
    assert_hidden("the config error", &format!("{error} {error:?}"));
}
