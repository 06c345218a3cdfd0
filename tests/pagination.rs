//! Cursor pagination of `list_customer_groups`: a walk by hand with
//! `cursor()`, and `into_stream()` / `into_pages()` over a long filtered walk
//! (1,000 groups, pages of 7) where every request repeats every filter,
//! laziness, every way a walk ends (null, missing, empty or repeated
//! `next_cursor`), and errors mid-walk.

#[path = "support/common.rs"]
mod common;
#[path = "support/fake_rutter.rs"]
mod fake_rutter;

use std::collections::HashSet;

use common::{
    assert_default_connection, bounded, client, client_with_retries, cursors_sent, expected_group,
    group_ids, ids, quick_retries, sample_ids,
};
use fake_rutter::{
    DEFAULT_ACCESS_TOKEN, FakeRutter, Fault, RecordedRequest, cursor_for_offset,
    default_connection, list_page, sample_group, sample_groups, sample_id, sample_updated_at_ms,
};
use futures_util::StreamExt;
use rutter_customer_groups::models::{CustomerGroup, ListCustomerGroupsResponse};
use rutter_customer_groups::{Client, Error, RetryPolicy};
use serde_json::{Value, json};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// Groups the fake serves in the long walks.
const TOTAL: usize = 1000;
/// Page size of the long walks.
const LIMIT: usize = 7;
/// The filter window of the long walks: indexes `FIRST..=LAST` match.
const FIRST: usize = 100;
const LAST: usize = 899;
/// `ceil(800 / 7)`.
const PAGES: usize = (LAST - FIRST + 1).div_ceil(LIMIT);

fn limit_i64() -> i64 {
    i64::try_from(LIMIT).expect("small")
}

/// The long walk's request: every filter set.
fn filtered(
    client: &Client,
    force_fetch: bool,
) -> rutter_customer_groups::requests::ListCustomerGroups {
    client
        .list_customer_groups(DEFAULT_ACCESS_TOKEN)
        .limit(limit_i64())
        .updated_at_min(sample_updated_at_ms(FIRST))
        .updated_at_max(sample_updated_at_ms(LAST))
        .force_fetch(force_fetch)
}

/// The query of a long-walk request, without its cursor, sorted.
fn expected_filters(force_fetch: bool) -> Vec<(String, String)> {
    let mut pairs = vec![
        ("access_token".to_owned(), DEFAULT_ACCESS_TOKEN.to_owned()),
        ("force_fetch".to_owned(), force_fetch.to_string()),
        ("limit".to_owned(), LIMIT.to_string()),
        (
            "updated_at_max".to_owned(),
            sample_updated_at_ms(LAST).to_string(),
        ),
        (
            "updated_at_min".to_owned(),
            sample_updated_at_ms(FIRST).to_string(),
        ),
    ];
    pairs.sort();
    pairs
}

/// `req`'s query without `cursor`, sorted (duplicates kept, so a repeated
/// filter shows).
fn filters_of(req: &RecordedRequest) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = req
        .query_pairs
        .iter()
        .filter(|(name, _)| name != "cursor")
        .cloned()
        .collect();
    pairs.sort();
    pairs
}

/// Every request of a long walk carried every filter exactly once, the
/// first no cursor, each later one the cursor of the page before.
fn assert_walk_requests(fake: &FakeRutter, force_fetch: bool) {
    let requests = fake.requests();
    assert_eq!(requests.len(), PAGES);
    for (page, req) in requests.iter().enumerate() {
        assert_eq!(req.path, "/versioned/customer_groups", "page {page}");
        assert_eq!(
            filters_of(req),
            expected_filters(force_fetch),
            "page {page}"
        );
        let expected_cursor = (page > 0).then(|| cursor_for_offset(page * LIMIT));
        assert_eq!(
            req.query_values("cursor"),
            expected_cursor.as_slice(),
            "page {page}"
        );
    }
}

/// A page of the given groups with `next_cursor` set to `next` as JSON
/// (`Value::Null`, a string, ...), or left out when `next` is `None`.
fn scripted_page(indexes: std::ops::Range<usize>, next: Option<Value>) -> Fault {
    let mut page = json!({
        "customer_groups": indexes.map(sample_group).collect::<Vec<_>>(),
        "connection": default_connection(),
    });
    if let Some(next) = next {
        page["next_cursor"] = next;
    }
    Fault::status(200, page.to_string())
}

/// Collects every item of the stream of `request`.
async fn collect_items(
    request: rutter_customer_groups::requests::ListCustomerGroups,
) -> Vec<Result<CustomerGroup, Error>> {
    bounded(request.into_stream().collect::<Vec<_>>()).await
}

// ---------------------------------------------------------------------------
// The long walk
// ---------------------------------------------------------------------------

/// 1,000 groups, 800 within the filters, pages of 7: `into_stream()` yields
/// each of the 800 once, in order, and every one of the 115 requests
/// repeated every filter.
#[tokio::test]
async fn stream_yields_every_filtered_group_once_in_order() {
    let fake = FakeRutter::start(sample_groups(TOTAL)).await;
    let items = collect_items(filtered(
        &client_with_retries(&fake, RetryPolicy::none()),
        true,
    ))
    .await;
    let items: Vec<CustomerGroup> = items
        .into_iter()
        .map(|item| item.expect("no error"))
        .collect();
    let expected: Vec<String> = (FIRST..=LAST).map(sample_id).collect();
    assert_eq!(group_ids(&items), expected);
    assert_eq!(
        items,
        (FIRST..=LAST).map(expected_group).collect::<Vec<_>>(),
        "every field of every group decodes"
    );
    let unique: HashSet<&str> = items.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(unique.len(), items.len());
    let bounds = (
        items.first().map(|g| g.updated_at.timestamp_millis()),
        items.last().map(|g| g.updated_at.timestamp_millis()),
    );
    assert_eq!(
        bounds,
        (
            Some(sample_updated_at_ms(FIRST)),
            Some(sample_updated_at_ms(LAST))
        ),
        "the inclusive bounds are both in"
    );
    assert_walk_requests(&fake, true);
}

/// The same walk page by page: 115 pages, 114 full and a last one of 2
/// with no cursor; `force_fetch(false)` is repeated too.
#[tokio::test]
async fn pages_of_the_long_walk_are_counted_and_sized() {
    let fake = FakeRutter::start(sample_groups(TOTAL)).await;
    let request = filtered(&client_with_retries(&fake, RetryPolicy::none()), false);
    let pages: Vec<Result<ListCustomerGroupsResponse, Error>> =
        bounded(request.into_pages().collect()).await;
    assert_eq!(pages.len(), PAGES);
    let pages: Vec<ListCustomerGroupsResponse> =
        pages.into_iter().map(|p| p.expect("no error")).collect();
    let sizes: Vec<usize> = pages.iter().map(|p| p.customer_groups.len()).collect();
    let mut expected_sizes = vec![LIMIT; PAGES - 1];
    expected_sizes.push((LAST - FIRST + 1) % LIMIT);
    assert_eq!(sizes, expected_sizes);
    for (index, page) in pages.iter().enumerate() {
        let expected = (index + 1 < PAGES).then(|| cursor_for_offset((index + 1) * LIMIT));
        assert_eq!(page.next_cursor, expected, "page {index}");
        assert_default_connection(&page.connection);
    }
    assert_walk_requests(&fake, false);
}

/// A stream fetches a page only when its items are wanted: 10 items are
/// 2 pages of 7, and nothing more is requested.
#[tokio::test]
async fn stream_fetches_pages_lazily() {
    let fake = FakeRutter::start(sample_groups(TOTAL)).await;
    let request = filtered(&client_with_retries(&fake, RetryPolicy::none()), true);
    let items: Vec<Result<CustomerGroup, Error>> =
        bounded(request.into_stream().take(10).collect()).await;
    assert_eq!(items.len(), 10);
    assert_eq!(fake.request_count(), 2);
}

/// A walk that starts from a cursor the caller got earlier continues from
/// there, filters still repeated.
#[tokio::test]
async fn stream_starting_from_a_cursor_continues_from_it() {
    let fake = FakeRutter::start(sample_groups(TOTAL)).await;
    let start = (PAGES - 3) * LIMIT;
    let request = filtered(&client_with_retries(&fake, RetryPolicy::none()), true)
        .cursor(cursor_for_offset(start));
    let items: Vec<CustomerGroup> = collect_items(request)
        .await
        .into_iter()
        .map(|item| item.expect("no error"))
        .collect();
    let expected: Vec<String> = (FIRST + start..=LAST).map(sample_id).collect();
    assert_eq!(group_ids(&items), expected);
    assert_eq!(fake.request_count(), 3);
    for req in fake.requests() {
        assert_eq!(filters_of(&req), expected_filters(true));
    }
}

/// A walk by hand: each `send()` with the `next_cursor` of the page before
/// visits every group once, and the fake receives exactly those cursors.
#[tokio::test]
async fn cursor_walk_visits_every_group_once() {
    let fake = FakeRutter::start(sample_groups(11)).await;
    let client = client(&fake);
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut sent_cursors = Vec::new();
    for _ in 0..10 {
        let mut request = client.list_customer_groups(DEFAULT_ACCESS_TOKEN).limit(4);
        if let Some(c) = &cursor {
            request = request.cursor(c.clone());
        }
        let page = bounded(request.send()).await.expect("page");
        sent_cursors.push(cursor.clone());
        seen.extend(ids(&page));
        cursor = page.next_cursor;
        if cursor.is_none() {
            break;
        }
    }
    assert_eq!(cursor, None, "pagination did not end");
    assert_eq!(seen, sample_ids(0..11));
    assert_eq!(sent_cursors.len(), 3);
    assert_eq!(cursors_sent(&fake), sent_cursors);
}

// ---------------------------------------------------------------------------
// How a walk ends
// ---------------------------------------------------------------------------

/// Two scripted pages, the second ending with `last_cursor`: the stream
/// yields both pages' items and sends no third request.
async fn assert_walk_ends_after_two_pages(last_cursor: Option<Value>) {
    // No groups: any third request would be answered 400 (unknown cursor)
    // and show up as an error item and a third recorded request.
    let fake = FakeRutter::start(Vec::new()).await;
    fake.push_fault(scripted_page(0..2, Some(json!("c1"))));
    fake.push_fault(scripted_page(2..3, last_cursor.clone()));
    let items = collect_items(
        client_with_retries(&fake, RetryPolicy::none())
            .list_customer_groups(DEFAULT_ACCESS_TOKEN)
            .limit(2),
    )
    .await;
    let items: Vec<CustomerGroup> = items
        .into_iter()
        .map(|item| item.expect("no error"))
        .collect();
    assert_eq!(group_ids(&items), (0..3).map(sample_id).collect::<Vec<_>>());
    assert_eq!(
        cursors_sent(&fake),
        [None, Some("c1".to_owned())],
        "{last_cursor:?}"
    );
}

#[tokio::test]
async fn stream_stops_on_a_null_next_cursor() {
    assert_walk_ends_after_two_pages(Some(Value::Null)).await;
}

#[tokio::test]
async fn stream_stops_on_a_missing_next_cursor() {
    assert_walk_ends_after_two_pages(None).await;
}

#[tokio::test]
async fn stream_stops_on_an_empty_next_cursor() {
    assert_walk_ends_after_two_pages(Some(json!(""))).await;
}

/// A server that hands back the cursor it was just sent would loop forever:
/// the stream yields the page's items, then says why it stops.
#[tokio::test]
async fn stream_ends_with_an_error_on_a_repeated_next_cursor() {
    let fake = FakeRutter::start(Vec::new()).await;
    fake.push_fault(scripted_page(0..2, Some(json!("c1"))));
    fake.push_fault(scripted_page(2..3, Some(json!("c1"))));
    let items = collect_items(
        client_with_retries(&fake, RetryPolicy::none())
            .list_customer_groups(DEFAULT_ACCESS_TOKEN)
            .limit(2),
    )
    .await;
    assert_ends_going_round(items, 3, 2, 1);
    assert_eq!(cursors_sent(&fake), [None, Some("c1".to_owned())]);
}

fn error_of<T>(item: &Result<T, Error>) -> &Error {
    item.as_ref().err().expect("an error")
}

/// `items` are `groups` groups, then an `Error::Pagination` saying that
/// page `page` repeated the cursor page `first` had given.
fn assert_ends_going_round(
    mut items: Vec<Result<CustomerGroup, Error>>,
    groups: usize,
    page: usize,
    first: usize,
) {
    let last = items.pop().expect("an error at the end");
    let Err(Error::Pagination(error)) = &last else {
        panic!("expected Error::Pagination, got {last:?}");
    };
    assert_eq!((error.page(), error.first_sent_after()), (page, first));
    assert!(
        error
            .to_string()
            .starts_with("`list_customer_groups` (/customer_groups): the next cursor of page"),
        "{error}"
    );
    assert!(!error_of(&last).is_retryable() && error_of(&last).status().is_none());
    assert_eq!(items.len(), groups);
    assert!(items.iter().all(Result::is_ok));
}

/// Older Rutter versions leave `next_cursor` out on the last page: a lone
/// page without it decodes through `into_pages()` as the last one.
#[tokio::test]
async fn pages_end_on_a_missing_next_cursor() {
    let fake = FakeRutter::start(Vec::new()).await;
    fake.push_fault(scripted_page(0..1, None));
    let request =
        client_with_retries(&fake, RetryPolicy::none()).list_customer_groups(DEFAULT_ACCESS_TOKEN);
    let pages: Vec<Result<ListCustomerGroupsResponse, Error>> =
        bounded(request.into_pages().collect()).await;
    assert_eq!(pages.len(), 1);
    let first = pages[0]
        .as_ref()
        .expect("a page without next_cursor decodes");
    assert_eq!(first.next_cursor, None);
    assert_eq!(fake.request_count(), 1);
}

/// Empty pages that still carry a cursor are followed (the walk is not
/// ended by an empty page), and ended by the cursor alone.
#[tokio::test]
async fn empty_pages_with_a_cursor_are_followed() {
    let fake = FakeRutter::start(Vec::new()).await;
    fake.push_fault(scripted_page(0..0, Some(json!("c1"))));
    fake.push_fault(scripted_page(0..1, Some(json!(null))));
    let items = collect_items(
        client_with_retries(&fake, RetryPolicy::none()).list_customer_groups(DEFAULT_ACCESS_TOKEN),
    )
    .await;
    assert_eq!(items.len(), 1);
    assert_eq!(cursors_sent(&fake), [None, Some("c1".to_owned())]);
}

/// A walk started from cursor `s` whose first page answers `next_cursor: s`
/// must not fetch the same page again (its items would be yielded twice).
#[tokio::test]
async fn stream_ends_when_the_first_page_repeats_the_starting_cursor() {
    let fake = FakeRutter::start(Vec::new()).await;
    for _ in 0..3 {
        fake.push_fault(scripted_page(0..1, Some(json!("start"))));
    }
    let items = collect_items(
        client_with_retries(&fake, RetryPolicy::none())
            .list_customer_groups(DEFAULT_ACCESS_TOKEN)
            .cursor("start"),
    )
    .await;
    assert_ends_going_round(items, 1, 1, 0);
    assert_eq!(fake.request_count(), 1);
}

/// A server whose cursors cycle (`a` → `b` → `a`) would make the stream
/// loop forever; a cursor already followed once ends the walk, said.
#[tokio::test]
async fn stream_ends_when_cursors_cycle() {
    let fake = FakeRutter::start(Vec::new()).await;
    for cursor in ["a", "b", "a", "b", "a", "b"] {
        fake.push_fault(scripted_page(0..1, Some(json!(cursor))));
    }
    let items = collect_items(
        client_with_retries(&fake, RetryPolicy::none()).list_customer_groups(DEFAULT_ACCESS_TOKEN),
    )
    .await;
    // Pages: (no cursor) → a, a → b, b → a: page 3 repeats page 1's cursor.
    assert_ends_going_round(items, 3, 3, 1);
    assert_eq!(fake.request_count(), 3);
}

// ---------------------------------------------------------------------------
// Errors mid-walk
// ---------------------------------------------------------------------------

/// An error on the third page: the first two pages' items, then the error
/// once, then the end; no request after the failed one.
#[tokio::test]
async fn error_mid_stream_is_yielded_once_and_ends_the_stream() {
    let fake = FakeRutter::start(sample_groups(TOTAL)).await;
    fake.push_fault(Fault::pass());
    fake.push_fault(Fault::pass());
    fake.push_fault(Fault::status(500, "boom"));
    let items = collect_items(filtered(
        &client_with_retries(&fake, RetryPolicy::none()),
        true,
    ))
    .await;
    assert_eq!(items.len(), 2 * LIMIT + 1);
    let (ok, err) = items.split_at(2 * LIMIT);
    let ok_ids: Vec<String> = ok
        .iter()
        .map(|item| item.as_ref().expect("an item before the error").id.clone())
        .collect();
    assert_eq!(ok_ids, sample_ids(FIRST..FIRST + 2 * LIMIT));
    let [Err(error)] = err else {
        panic!("expected one error at the end, got {err:?}");
    };
    assert_eq!(error.status(), Some(500));
    assert_eq!(fake.request_count(), 3);
}

/// The same through `into_pages()`, with a decode error: two pages, the
/// error, the end.
#[tokio::test]
async fn decode_error_mid_pages_is_yielded_once_and_ends_the_pages() {
    let fake = FakeRutter::start(sample_groups(TOTAL)).await;
    fake.push_fault(Fault::pass());
    fake.push_fault(Fault::pass());
    fake.push_fault(Fault::status(200, r#"{"customer_groups": 3}"#));
    let request = filtered(&client_with_retries(&fake, quick_retries(3)), true);
    let pages: Vec<Result<ListCustomerGroupsResponse, Error>> =
        bounded(request.into_pages().collect()).await;
    assert_eq!(pages.len(), 3);
    assert!(pages[0].is_ok() && pages[1].is_ok());
    assert!(matches!(pages[2], Err(Error::Decode(_))), "{:?}", pages[2]);
    assert_eq!(fake.request_count(), 3, "decode errors are not retried");
}

/// A retried failure mid-walk is invisible: every item once, in order, one
/// extra request.
#[tokio::test]
async fn retried_failure_mid_stream_does_not_duplicate_items() {
    let fake = FakeRutter::start(sample_groups(TOTAL)).await;
    fake.push_fault(Fault::pass());
    fake.push_fault(Fault::status(503, "upstream down"));
    fake.push_fault(Fault::too_many_requests("0"));
    let items = collect_items(filtered(
        &client_with_retries(&fake, quick_retries(3)),
        true,
    ))
    .await;
    let items: Vec<CustomerGroup> = items
        .into_iter()
        .map(|item| item.expect("no error"))
        .collect();
    assert_eq!(
        group_ids(&items),
        (FIRST..=LAST).map(sample_id).collect::<Vec<_>>()
    );
    let requests = fake.requests();
    assert_eq!(requests.len(), PAGES + 2);
    // The second page was asked for three times, with the same cursor.
    let second = Some(cursor_for_offset(LIMIT));
    let cursors = cursors_sent(&fake);
    assert_eq!(cursors[1..4], [second.clone(), second.clone(), second]);
}

/// `list_page` of the support module is what the stream reads (guards the
/// scripted pages above against drifting from the fake's own shape).
#[tokio::test]
async fn scripted_pages_match_the_fakes_own_pages() {
    let fake = FakeRutter::start(sample_groups(3)).await;
    let client = client_with_retries(&fake, RetryPolicy::none());
    let real = bounded(client.list_customer_groups(DEFAULT_ACCESS_TOKEN).send())
        .await
        .expect("page");
    fake.push_fault(Fault::status(
        200,
        list_page(sample_groups(3), None).to_string(),
    ));
    let scripted = bounded(client.list_customer_groups(DEFAULT_ACCESS_TOKEN).send())
        .await
        .expect("page");
    assert_eq!(real, scripted);
}
