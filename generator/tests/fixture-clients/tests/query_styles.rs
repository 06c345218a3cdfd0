//! Lists and objects in query strings are spelled as each parameter's
//! OpenAPI `style` and `explode` say, checked on the request a local server
//! receives.

#[allow(dead_code)] // each test file uses part of it
mod capture;

use capture::Capture;
use fixture_clients::query_styles::Client;
use fixture_clients::query_styles::models::{Filter, FilterCreated, Point, State};

fn client(server: &Capture) -> Client {
    Client::builder()
        .base_url(server.base_url.as_str())
        .no_retries()
        .build()
        .expect("a client")
}

/// Sends a search built by `build` and returns the request target.
async fn target_of(
    build: impl FnOnce(
        fixture_clients::query_styles::requests::Search,
    ) -> fixture_clients::query_styles::requests::Search,
) -> String {
    let server = Capture::answering(r#"{"ok":true}"#);
    let response = build(client(&server).search())
        .send()
        .await
        .expect("a response");
    assert_eq!(response.ok, Some(true));
    server.request_target()
}

#[tokio::test]
async fn a_list_is_exploded_by_default() {
    assert_eq!(
        target_of(|s| s.ids(vec![1, 2, 3])).await,
        "/search?ids=1&ids=2&ids=3"
    );
}

#[tokio::test]
async fn an_unexploded_form_list_is_comma_separated() {
    assert_eq!(
        target_of(|s| s.tags(vec!["a b".into(), "c,d".into()])).await,
        "/search?tags=a+b%2Cc%2Cd"
    );
}

#[tokio::test]
async fn space_and_pipe_delimited_lists() {
    assert_eq!(
        target_of(|s| s.words(vec!["red".into(), "green".into()])).await,
        "/search?words=red+green"
    );
    assert_eq!(
        target_of(|s| s.states(vec![State::Open, State::from("archived")])).await,
        "/search?states=open%7Carchived"
    );
}

/// The pairs of a query string, sorted: an object's properties come in the
/// order of serde_json's map (by name, or as declared when another crate
/// turns on its `preserve_order` feature).
fn sorted_pairs(target: &str) -> Vec<String> {
    let (_, query) = target.split_once('?').unwrap_or((target, ""));
    let mut pairs: Vec<String> = query.split('&').map(str::to_owned).collect();
    pairs.sort();
    pairs
}

#[tokio::test]
async fn a_deep_object_names_each_property_in_brackets() {
    let filter = Filter::new()
        .with_status(State::Closed)
        .with_created(FilterCreated::new().with_gt(10))
        .with_owners(vec!["ann".into(), "bo".into()]);
    let target = target_of(|s| s.filter(filter)).await;
    assert!(target.starts_with("/search?"), "{target}");
    // unset properties are left out; list items repeat their key with `[]`
    assert_eq!(
        sorted_pairs(&target),
        [
            "filter%5Bcreated%5D%5Bgt%5D=10",
            "filter%5Bowners%5D%5B%5D=ann",
            "filter%5Bowners%5D%5B%5D=bo",
            "filter%5Bstatus%5D=closed",
        ]
    );
}

#[tokio::test]
async fn an_exploded_form_object_sends_its_properties_as_pairs() {
    let target = target_of(|s| s.point(Point::new(3, -4))).await;
    assert_eq!(sorted_pairs(&target), ["x=3", "y=-4"]);
}

#[tokio::test]
async fn scalars_keep_their_wire_text_and_lists_in_headers_are_comma_separated() {
    let since = chrono::DateTime::parse_from_rfc3339("2024-05-06T07:08:09Z")
        .expect("a date")
        .with_timezone(&chrono::Utc);
    let server = Capture::answering(r#"{"ok":true}"#);
    client(&server)
        .search()
        .since(since)
        .state(State::Open)
        .x_trace_ids(vec![7, 8])
        .send()
        .await
        .expect("a response");
    let head = server.request_head();
    assert_eq!(
        head[0],
        "GET /search?since=2024-05-06T07%3A08%3A09Z&state=open HTTP/1.1"
    );
    assert!(
        head.iter()
            .any(|h| h.eq_ignore_ascii_case("x-trace-ids: 7,8")),
        "{head:#?}"
    );
}

#[tokio::test]
async fn parameters_left_unset_are_not_sent() {
    assert_eq!(target_of(|s| s).await, "/search");
    assert_eq!(target_of(|s| s.ids(Vec::new())).await, "/search");
}

#[tokio::test]
async fn union_typed_path_header_and_query_values_travel_as_their_text() {
    use fixture_clients::query_styles::models::{OwnerRef, SortMode};
    for (owner, header) in [
        (OwnerRef::String("a b".into()), "x-owner: a b"),
        (OwnerRef::Integer(7), "x-owner: 7"),
    ] {
        let server = Capture::answering("");
        client(&server)
            .get_project("web-1".into())
            .x_owner(owner)
            .sort(SortMode::IdAscending)
            .send()
            .await
            .expect("a response");
        let head = server.request_head();
        assert_eq!(head[0], "GET /projects/web-1?sort=id_ascending HTTP/1.1");
        assert!(
            head.iter().any(|line| line.eq_ignore_ascii_case(header)),
            "{head:?}"
        );
    }
}
