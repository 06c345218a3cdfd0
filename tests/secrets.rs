//! Security of the generated client: the access token (sent in the URL
//! query) and the Basic password never appear in any `Display` or `Debug`
//! output of any error kind, error source, client, builder, request or
//! `Secret`; and a path parameter can never leave its path segment.

#[path = "support/common.rs"]
mod common;
#[path = "support/fake_rutter.rs"]
mod fake_rutter;

use std::error::Error as _;
use std::fmt::{Debug, Display};
use std::time::Duration;

use common::bounded;
use fake_rutter::{
    FakeRutter, Fault, RawAction, RawServer, base64_encode, refused_addr, sample_group,
    sample_groups,
};
use rutter_customer_groups::{Client, ClientBuilder, Error, RetryPolicy, Secret};
use serde_json::json;

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

const TOKEN: &str = "SECRET-TOKEN-123";
const PASSWORD: &str = "SECRET-PASS-456";
const CLIENT_ID: &str = "org-client-id";

/// Every form a secret could leak in: as is, and the Basic credentials as
/// they travel (base64 of `id:password`).
fn forbidden() -> Vec<String> {
    vec![
        TOKEN.to_owned(),
        PASSWORD.to_owned(),
        base64_encode(format!("{CLIENT_ID}:{PASSWORD}").as_bytes()),
    ]
}

fn assert_clean(label: &str, text: &str) {
    for secret in forbidden() {
        assert!(!text.contains(&secret), "{label} shows {secret:?}:\n{text}");
    }
}

/// `value`'s `Debug`, `{:#?}` and `Display` show no secret.
fn assert_clean_value(label: &str, value: &(impl Debug + Display)) {
    assert_clean(&format!("{label} (Display)"), &format!("{value}"));
    assert_clean_debug(label, value);
}

fn assert_clean_debug(label: &str, value: &impl Debug) {
    assert_clean(&format!("{label} (Debug)"), &format!("{value:?}"));
    assert_clean(&format!("{label} (pretty Debug)"), &format!("{value:#?}"));
}

/// The error, and every error in its `source()` chain, shows no secret.
fn assert_clean_error(label: &str, error: &Error) {
    assert_clean_value(label, error);
    let mut source = error.source();
    let mut depth = 0;
    while let Some(inner) = source {
        depth += 1;
        assert!(depth < 32, "{label}: source chain too long");
        let label = format!("{label}, source {depth}");
        assert_clean(&format!("{label} (Display)"), &format!("{inner}"));
        assert_clean(&format!("{label} (Debug)"), &format!("{inner:?}"));
        assert_clean(&format!("{label} (pretty Debug)"), &format!("{inner:#?}"));
        source = inner.source();
    }
}

fn builder(base_url: &str) -> ClientBuilder {
    Client::builder()
        .base_url(base_url)
        .basic_auth(CLIENT_ID, PASSWORD)
        .no_retries()
        .timeout(Duration::from_secs(5))
        .connect_timeout(Duration::from_secs(2))
}

fn client(base_url: &str) -> Client {
    builder(base_url).build().expect("client builds")
}

/// A fake that accepts exactly the secret credentials.
async fn secret_fake(groups: Vec<serde_json::Value>) -> FakeRutter {
    FakeRutter::builder()
        .groups(groups)
        .credentials(CLIENT_ID, PASSWORD)
        .access_token(TOKEN)
        .start()
        .await
}

async fn list_error(client: &Client) -> Error {
    bounded(client.list_customer_groups(TOKEN).limit(5).send())
        .await
        .expect_err("an error")
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/// 401 (both ways), 404, 429, 452 and 500, each decoded as `Error::Api`:
/// no secret in any output, though the requests carried them.
#[tokio::test]
async fn api_errors_show_no_secret() {
    let fake = secret_fake(sample_groups(1)).await;
    let client = client(&fake.base_url());
    let mut errors = Vec::new();

    let wrong_password = FakeRutter::builder()
        .credentials(CLIENT_ID, "another-password")
        .access_token(TOKEN)
        .start()
        .await;
    errors.push((
        "401 password",
        list_error(&self::client(&wrong_password.base_url())).await,
    ));
    let wrong_token = FakeRutter::builder()
        .credentials(CLIENT_ID, PASSWORD)
        .access_token("another-token")
        .start()
        .await;
    errors.push((
        "401 token",
        list_error(&self::client(&wrong_token.base_url())).await,
    ));

    let not_found = bounded(client.fetch_customer_group("missing", TOKEN).send()).await;
    errors.push(("404", not_found.expect_err("404")));
    fake.push_fault(Fault::too_many_requests("1"));
    errors.push(("429", list_error(&client).await));
    fake.push_fault(Fault::rutter_error(
        452,
        "CONNECTION_ERROR",
        "RATE_LIMITED",
        "slow",
    ));
    errors.push(("452", list_error(&client).await));
    fake.push_fault(Fault::status(500, "internal error"));
    errors.push(("500", list_error(&client).await));

    let statuses: Vec<Option<u16>> = errors.iter().map(|(_, e)| e.status()).collect();
    assert_eq!(
        statuses,
        [
            Some(401),
            Some(401),
            Some(404),
            Some(429),
            Some(452),
            Some(500)
        ]
    );
    for (label, error) in &errors {
        assert!(matches!(error, Error::Api(_)), "{label}: {error:?}");
        assert_clean_error(label, error);
    }
    // The secrets were on the wire: the checks above are not vacuous.
    let sent = fake.last_request().expect("a request");
    assert_eq!(sent.query_param("access_token"), Some(TOKEN));
    assert_eq!(
        sent.header("authorization"),
        Some(fake.expected_authorization().as_str())
    );
}

/// Connect refused, timeout, and a connection reset: `Error::Transport`
/// (with a `reqwest` source chain) shows no secret, though the URL that
/// failed held the token.
#[tokio::test]
async fn transport_errors_show_no_secret() {
    let refused = list_error(&client(&format!(
        "http://{}/versioned",
        refused_addr().await
    )))
    .await;
    assert!(
        matches!(&refused, Error::Transport(t) if t.kind() == rutter_customer_groups::TransportErrorKind::Connect),
        "{refused:?}"
    );
    assert!(
        refused.source().is_some(),
        "the reqwest error is the source"
    );
    assert_clean_error("connect refused", &refused);

    let fake = secret_fake(sample_groups(1)).await;
    fake.push_fault(Fault::delay(Duration::from_secs(5)));
    let slow = builder(&fake.base_url())
        .timeout(Duration::from_millis(200))
        .build()
        .expect("client builds");
    let timeout = list_error(&slow).await;
    assert!(timeout.is_timeout(), "{timeout:?}");
    assert_clean_error("timeout", &timeout);

    fake.push_fault(Fault::pass().dribble(4, Duration::from_millis(100)));
    let body_timeout = list_error(&slow).await;
    assert!(body_timeout.is_timeout(), "{body_timeout:?}");
    assert_clean_error("body timeout", &body_timeout);

    let raw = RawServer::start(vec![RawAction::Reset], RawAction::Close).await;
    let reset = list_error(&client(&raw.base_url())).await;
    assert!(matches!(reset, Error::Transport(_)), "{reset:?}");
    assert_clean_error("connection reset", &reset);
    let target = raw.requests()[0].target().to_owned();
    assert!(target.contains(TOKEN), "the token was in the URL: {target}");
}

/// A success body that does not decode: `Error::Decode` (which quotes the
/// body) shows no secret.
#[tokio::test]
async fn decode_errors_show_no_secret() {
    let fake = secret_fake(sample_groups(1)).await;
    let client = client(&fake.base_url());
    fake.push_fault(Fault::status(200, r#"{"customer_groups": "nope"}"#));
    let error = list_error(&client).await;
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
    assert_clean_error("decode", &error);

    fake.push_fault(Fault::status(200, ""));
    let empty = bounded(client.fetch_customer_group("x", TOKEN).send())
        .await
        .expect_err("empty body");
    assert!(matches!(empty, Error::Decode(_)), "{empty:?}");
    assert_clean_error("decode of an empty body", &empty);
}

/// Bad base URLs, and an empty path id, are `Error::Config` with no secret.
#[tokio::test]
async fn config_errors_show_no_secret() {
    for url in ["not a url", "ftp://127.0.0.1/versioned", ""] {
        let error = builder(url)
            .basic_auth(CLIENT_ID, TOKEN)
            .build()
            .expect_err("bad URL");
        assert!(matches!(error, Error::Config(_)), "{url:?}: {error:?}");
        assert_clean_error(&format!("base URL {url:?}"), &error);
    }
    let bad_header = builder("http://127.0.0.1:1/versioned")
        .header("x-extra", "line\nbreak")
        .build()
        .expect_err("bad header");
    assert_clean_error("bad header", &bad_header);

    let fake = secret_fake(sample_groups(1)).await;
    let client = client(&fake.base_url());
    for id in ["", ".", ".."] {
        let error = bounded(
            client
                .fetch_customer_group(id, TOKEN)
                .force_fetch(true)
                .send(),
        )
        .await
        .expect_err("refused");
        assert!(matches!(error, Error::Config(_)), "{id:?}: {error:?}");
        assert_clean_error(&format!("path id {id:?}"), &error);
    }
    assert_eq!(fake.request_count(), 0);
}

/// A base URL that carries a secret itself (a token pasted into its query,
/// a password in its userinfo), together with the Basic password, is refused
/// or used without echoing it: whichever way `build()` goes, the builder,
/// and the client or the error (`Display`, `Debug` and its sources), show no
/// secret. The cases cover both ways, so neither check is vacuous.
#[tokio::test]
async fn secrets_inside_the_base_url_are_not_echoed() {
    let with_query = format!("http://127.0.0.1:1/versioned?access_token={TOKEN}");
    let error = Client::builder()
        .base_url(with_query.as_str())
        .build()
        .expect_err("a base URL with a query is refused");
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    assert_clean_error("base URL with a query", &error);
    assert_clean_debug(
        "builder with a token in the base URL",
        &Client::builder().base_url(with_query),
    );

    let userinfo = format!("{CLIENT_ID}:{PASSWORD}");
    let cases = [
        (
            "no secret in the URL",
            "http://127.0.0.1:1/versioned".to_owned(),
        ),
        (
            "userinfo",
            format!("http://{userinfo}@127.0.0.1:1/versioned"),
        ),
        (
            "userinfo and a port out of range (not a URL)",
            format!("http://{userinfo}@127.0.0.1:99999/versioned"),
        ),
        (
            "userinfo and an unclosed IPv6 host (not a URL)",
            format!("http://{userinfo}@[::1/versioned"),
        ),
        (
            "userinfo and a scheme other than http(s)",
            format!("ftp://{userinfo}@127.0.0.1/versioned"),
        ),
        (
            "userinfo and a token in the query",
            format!("http://{userinfo}@127.0.0.1:1/versioned?access_token={TOKEN}"),
        ),
    ];
    let (mut built, mut refused) = (0, 0);
    for (label, url) in &cases {
        let builder = Client::builder()
            .base_url(url.as_str())
            .basic_auth(CLIENT_ID, PASSWORD);
        assert_clean_debug(&format!("builder, {label}"), &builder);
        match builder.build() {
            Ok(client) => {
                built += 1;
                assert_clean_debug(&format!("client, {label}"), &client);
            }
            Err(error) => {
                refused += 1;
                assert!(matches!(error, Error::Config(_)), "{label}: {error:?}");
                assert_clean_error(&format!("build error, {label}"), &error);
            }
        }
    }
    assert!(
        built > 0 && refused > 0,
        "both outcomes of build() are checked: {built} built, {refused} refused"
    );
}

// ---------------------------------------------------------------------------
// Clients, builders, requests, Secret
// ---------------------------------------------------------------------------

#[test]
fn client_and_builder_debug_show_no_secret() {
    let builder = builder("http://127.0.0.1:1/versioned").retry_policy(RetryPolicy::default());
    assert_clean_debug("ClientBuilder", &builder);
    let client = builder.clone().build().expect("client builds");
    assert_clean_debug("Client", &client);
    let debug = format!("{client:?}");
    // some APIs take the secret key as the user name: it is never shown
    assert!(!debug.contains(CLIENT_ID), "the user name shows: {debug}");
    // credentials given again replace the first (one Authorization header)
    let again = builder.basic_auth(CLIENT_ID, TOKEN);
    assert_clean_debug("ClientBuilder with new credentials", &again);
    let client = again.build().expect("client builds");
    assert_clean_debug("Client with new credentials", &client);
    let debug = format!("{client:?}");
    assert!(
        debug.contains(r#"credentials: {"basicAuth": Basic(<redacted>, <redacted>)}"#),
        "{debug}"
    );
}

#[test]
fn request_builder_debug_shows_no_secret() {
    let client = client("http://127.0.0.1:1/versioned");
    let list = client
        .list_customer_groups(TOKEN)
        .cursor("c")
        .limit(7)
        .updated_at_min(1)
        .updated_at_max(2)
        .force_fetch(true);
    assert_clean_debug("list request", &list);
    assert_clean_debug("list request", &client.list_customer_groups(TOKEN));
    let fetch = client.fetch_customer_group("id", TOKEN).force_fetch(false);
    assert_clean_debug("fetch request", &fetch);
}

#[test]
fn secret_shows_only_redacted() {
    let secret = Secret::new(TOKEN);
    assert_clean_value("Secret", &secret);
    assert_eq!(format!("{secret}"), "<redacted>");
    assert_eq!(format!("{secret:?}"), "<redacted>");
    assert_eq!(
        format!("{:?}", Some(Secret::from(PASSWORD))),
        "Some(<redacted>)"
    );
    assert_eq!(secret.expose(), TOKEN);
}

// ---------------------------------------------------------------------------
// Path parameters
// ---------------------------------------------------------------------------

/// Ids that look like path traversal, a query or a fragment reach the
/// fake as exactly one segment under `/versioned/customer_groups/`, the
/// query holds only what the client set, and the id round-trips.
#[tokio::test]
async fn path_ids_stay_one_segment() {
    let cases = [
        ("../admin?x=1#y", "..%2Fadmin%3Fx%3D1%23y"),
        ("a/../../b", "a%2F..%2F..%2Fb"),
        ("..%2Fadmin", "..%252Fadmin"),
        ("%2e%2e", "%252e%252e"),
        ("...", "..."),
        ("?", "%3F"),
        ("#", "%23"),
        ("/", "%2F"),
        ("x y+z&w=v;p", "x%20y%2Bz%26w%3Dv%3Bp"),
        ("é\u{0}\\", "%C3%A9%00%5C"),
    ];
    let groups: Vec<_> = cases
        .iter()
        .enumerate()
        .map(|(index, (id, _))| {
            let mut group = sample_group(index);
            group["id"] = json!(id);
            group
        })
        .collect();
    let fake = secret_fake(groups).await;
    let client = client(&fake.base_url());
    for (id, encoded) in cases {
        fake.clear_requests();
        let found = bounded(
            client
                .fetch_customer_group(id, TOKEN)
                .force_fetch(true)
                .send(),
        )
        .await
        .unwrap_or_else(|e| panic!("{id:?}: {e}"));
        assert_eq!(found.customer_group.map(|g| g.id).as_deref(), Some(id));
        let [req] = fake.requests().try_into().expect("one request");
        assert_eq!(
            req.path,
            format!("/versioned/customer_groups/{encoded}"),
            "{id:?}"
        );
        let mut pairs = req.query_pairs.clone();
        pairs.sort();
        assert_eq!(
            pairs,
            [
                ("access_token".to_owned(), TOKEN.to_owned()),
                ("force_fetch".to_owned(), "true".to_owned()),
            ],
            "{id:?}"
        );
        assert_eq!(
            req.query.as_deref(),
            Some(format!("access_token={TOKEN}&force_fetch=true").as_str()),
            "{id:?}"
        );
    }
}

/// The same ids on the wire, as a raw server reads the request line: one
/// segment, the query intact, no fragment.
#[tokio::test]
async fn path_ids_on_the_wire_have_no_fragment_or_extra_query() {
    let body = json!({"customer_group": null, "connection": fake_rutter::default_connection()});
    let raw = RawServer::start(Vec::new(), RawAction::json(200, &body)).await;
    let client = client(&raw.base_url());
    let found = bounded(client.fetch_customer_group("../admin?x=1#y", TOKEN).send())
        .await
        .expect("decodes");
    assert_eq!(found.customer_group, None);
    let [req] = raw.requests().try_into().expect("one request");
    assert_eq!(
        req.request_line,
        format!(
            "GET /versioned/customer_groups/..%2Fadmin%3Fx%3D1%23y?access_token={TOKEN} HTTP/1.1"
        )
    );
    assert!(!req.target().contains('#'));
}
