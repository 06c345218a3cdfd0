//! Testing your own code with the `test-util` mock: no server, no network.
//!
//! "Your code" below takes an ordinary `Client`: it syncs every customer
//! group of a connection (all pages, through `into_stream`) and looks one
//! group up, treating a 404 as "gone". The checks build a client backed by
//! a `Mock` whose typed rules answer each request, so pagination, a 429
//! ridden out by the client's retries, and the 404 are all exercised
//! in-process; the waits between retries are recorded, not slept.
//!
//! Run with `cargo run --example mock --features test-util` (prints each
//! check) or `cargo test --example mock --features test-util`.

use futures_util::TryStreamExt;
use rutter_customer_groups::mock::{self, Mock, Reply};
use rutter_customer_groups::models::{
    Connection, CustomerGroup, ErrorResponse, FetchCustomerGroupResponse,
    ListCustomerGroupsResponse, Platform,
};
use rutter_customer_groups::{Client, Error};

// ---- the user's code: it knows nothing of the mock ----

/// Every customer group of the connection, 100 a page.
async fn sync_groups(client: &Client, access_token: &str) -> Result<Vec<CustomerGroup>, Error> {
    client
        .list_customer_groups(access_token)
        .limit(100)
        .into_stream()
        .try_collect()
        .await
}

/// The name of group `id`, or `None` when the API says it does not exist.
async fn group_name(
    client: &Client,
    access_token: &str,
    id: &str,
) -> Result<Option<String>, Error> {
    match client.fetch_customer_group(id, access_token).send().await {
        Ok(found) => Ok(found.customer_group.and_then(|g| g.name)),
        Err(error) if error.is_not_found() => Ok(None),
        Err(error) => Err(error),
    }
}

// ---- the checks, run by `main` and by `cargo test` ----

const TOKEN: &str = "access-token-of-the-test";

fn group(id: &str) -> CustomerGroup {
    let at = "2024-05-01T10:00:00Z".parse().expect("a timestamp");
    // the required properties are `new`'s arguments; optional ones have `with_` setters
    CustomerGroup::new(id, at, at).with_name(format!("Group {id}"))
}

fn connection() -> Connection {
    Connection::new("conn-1", "org-1", Platform::Shopify)
}

fn page(ids: &[&str], next_cursor: Option<&str>) -> ListCustomerGroupsResponse {
    let mut page =
        ListCustomerGroupsResponse::new(ids.iter().map(|id| group(id)).collect(), connection());
    // an optional value you already hold as an `Option`: assign the public field
    page.next_cursor = next_cursor.map(str::to_owned);
    page
}

/// Two pages, the second rate limited once: every group arrives, the
/// cursor is followed, the 429's `Retry-After` is honoured (recorded, not
/// slept).
async fn check_sync_follows_pages_and_rides_out_a_429() -> String {
    let mock = Mock::new();
    mock.add(
        mock::list_customer_groups()
            .when(|r| r.get_cursor().is_none() && r.get_limit() == Some(&100))
            .ok(&page(&["g1", "g2"], Some("page-2"))),
    );
    let second = mock.add(
        mock::list_customer_groups()
            .when(|r| r.get_cursor() == Some("page-2"))
            .reply(Reply::status(429).header("Retry-After", "2"))
            .ok(&page(&["g3"], None)),
    );
    let groups = sync_groups(&mock.client(), TOKEN)
        .await
        .expect("every group");
    let ids: Vec<&str> = groups.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(ids, ["g1", "g2", "g3"]);
    assert_eq!(second.num_calls(), 2, "the 429, then the page");
    assert_eq!(mock.waits(), [std::time::Duration::from_secs(2)]);
    let requests = mock.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[0].query_param("access_token"), Some("<redacted>"));
    mock.assert_all_used();
    format!(
        "sync: {} groups over 2 pages, one 429 ridden out (Retry-After 2 s, not slept); requests: {}",
        groups.len(),
        requests
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// A 404 is `None`, a found group its name, and another error is passed on.
async fn check_lookup_handles_a_404() -> String {
    let mock = Mock::new();
    mock.add(
        mock::fetch_customer_group()
            .when(|r| r.get_id() == "gone")
            .error(
                404,
                &ErrorResponse::new(
                    "NOT_FOUND".into(),
                    "OBJECT_NOT_FOUND".into(),
                    "no such group",
                ),
            ),
    );
    mock.add(
        mock::fetch_customer_group()
            .when(|r| r.get_id() == "g1")
            .ok(&FetchCustomerGroupResponse::new(connection()).with_customer_group(group("g1"))),
    );
    mock.add(
        mock::fetch_customer_group()
            .when(|r| r.get_id() == "denied")
            .reply(Reply::status(401)),
    );
    let client = mock.client();
    assert_eq!(
        group_name(&client, TOKEN, "gone").await.expect("no error"),
        None
    );
    assert_eq!(
        group_name(&client, TOKEN, "g1").await.expect("no error"),
        Some("Group g1".to_owned())
    );
    let error = group_name(&client, TOKEN, "denied")
        .await
        .expect_err("a 401 is an error");
    assert_eq!(error.status(), Some(401));
    mock.assert_all_used();
    "lookup: 404 -> None, found -> its name, 401 -> the error passed on".to_owned()
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    println!("{}", check_sync_follows_pages_and_rides_out_a_429().await);
    println!("{}", check_lookup_handles_a_404().await);
    println!("all checks passed, with no server and no network");
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn sync_follows_pages_and_rides_out_a_429() {
        super::check_sync_follows_pages_and_rides_out_a_429().await;
    }

    #[tokio::test]
    async fn lookup_handles_a_404() {
        super::check_lookup_handles_a_404().await;
    }
}
