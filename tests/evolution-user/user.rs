//! Code a user wrote against the bindings of today's schema, as the README
//! teaches: models built with `new` and `with_` setters, `match`es with a
//! `_` arm, fields read, every operation called with its setters, and the
//! `test-util` mock answering with built responses. `scripts/semver-table.sh`
//! builds it (clippy, warnings denied) against the crate regenerated after
//! each edit of `generator/tests/fixtures/evolution/edits.yaml`: every edit
//! that is not breaking must leave it compiling.

use rutter_customer_groups::models::{
    Connection, CustomerGroup, ErrorCode, ErrorResponse, ErrorType, FetchCustomerGroupResponse,
    ListCustomerGroupsResponse, Platform, RutterVersion,
};
use rutter_customer_groups::{Client, Error, Server};

/// A page as a test would build it.
#[must_use]
pub fn page() -> ListCustomerGroupsResponse {
    let at = chrono::DateTime::from_timestamp(1_714_557_600, 0).unwrap_or_default();
    let group = CustomerGroup::new("g1", at, at)
        .with_name("VIP")
        .with_platform_id("p-1");
    let mut page = ListCustomerGroupsResponse::new(
        vec![group],
        Connection::new("conn-1", "org-1", Platform::Shopify),
    );
    page.next_cursor = Some("page-2".to_owned());
    page
}

/// An error body as a test would build it.
#[must_use]
pub fn not_found() -> ErrorResponse {
    ErrorResponse::new(
        ErrorType::NotFound,
        ErrorCode::from("OBJECT_NOT_FOUND"),
        "no such group",
    )
}

/// What the user's code reads of a group.
#[must_use]
pub fn summary(group: &CustomerGroup) -> String {
    let CustomerGroup { id, name, .. } = group;
    format!(
        "{id} {} {:?} {}",
        name.as_deref().unwrap_or("-"),
        group.platform_id,
        group.updated_at
    )
}

/// A `match` on an open enum, recognising a value a later version may list.
#[must_use]
pub fn platform_kind(platform: &Platform) -> &'static str {
    match platform {
        Platform::Shopify | Platform::BigCommerce | Platform::WooCommerce => "commerce",
        Platform::Quickbooks | Platform::Xero | Platform::Netsuite => "accounting",
        other if *other == "TIKTOK_SHOP" => "tiktok shop",
        Platform::Unknown(value) if value.starts_with("TEST_") => "test platform",
        _ => "other",
    }
}

/// A `match` on the error code and the server.
#[must_use]
pub fn advice(code: &ErrorCode, server: Server) -> String {
    let what = match code {
        ErrorCode::ProductNotReady => "wait",
        ErrorCode::NeedsUpdate | ErrorCode::ConnectionDisabled => "reconnect",
        _ => "report",
    };
    let place = match server {
        Server::Production => "production",
        Server::Sandbox => "sandbox",
        _ => "elsewhere",
    };
    format!("{what} ({place})")
}

/// Every operation, with every setter today's schema has.
///
/// # Errors
/// When a request fails.
pub async fn calls(client: &Client, token: &str) -> Result<Option<String>, Error> {
    let page = client
        .list_customer_groups(token)
        .cursor("c")
        .limit(10)
        .updated_at_min(1_672_531_200_000)
        .updated_at_max(1_672_531_200_000)
        .force_fetch(false)
        .send()
        .await?;
    let first = page.customer_groups.first().map(summary);
    let found: FetchCustomerGroupResponse = client
        .fetch_customer_group("g1", token)
        .force_fetch(true)
        .send()
        .await?;
    Ok(found.customer_group.map(|g| g.id).or(first))
}

/// A client as the user configures it.
///
/// # Errors
/// When the configuration is refused.
pub fn client() -> Result<Client, Error> {
    Client::builder()
        .base_url(Server::Production)
        .basic_auth("id", "secret")
        .rutter_version(RutterVersion::V2024_08_31)
        .build()
}

/// The user's test, with the mock answering built values.
///
/// # Panics
/// When the mock does not answer as it was told.
pub async fn test_with_the_mock() {
    use rutter_customer_groups::mock::{self, Mock};
    let mock = Mock::new();
    mock.add(
        mock::list_customer_groups()
            .when(|r| r.get_limit() == Some(&10))
            .ok(&page()),
    );
    mock.add(mock::fetch_customer_group().error(404, &not_found()));
    let outcome = calls(&mock.client(), "token").await;
    assert!(outcome.is_err_and(|e| e.is_not_found()));
}
