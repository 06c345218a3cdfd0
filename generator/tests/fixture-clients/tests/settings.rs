//! The user's settings reach the generated code: `format: uuid` and the
//! `Money` schema are the user's own types (on the wire too), the extra
//! derives work, and `#[serde(deny_unknown_fields)]` is on `Account`.

#[allow(dead_code)] // each test file uses part of it
mod capture;

use std::collections::HashSet;

use capture::Capture;
use fixture_clients::accounts::Client;
use fixture_clients::accounts::models::{Account, Tier};
use fixture_clients::user_types::{AccountId, Cents};

const ACCOUNT: &str = r#"{"id":"00000000-0000-0000-0000-00000000002a","balance":{"amount":1250,"currency":"EUR"},"owners":["00000000-0000-0000-0000-000000000007"],"tier":"pro"}"#;

#[tokio::test]
async fn user_types_are_decoded_and_sent_as_the_user_spells_them() {
    let server = Capture::answering(ACCOUNT);
    let client = Client::builder()
        .base_url(server.base_url.as_str())
        .build()
        .expect("a client");
    let account: Account = client
        .get_account(AccountId::new(42))
        .min_balance(Cents {
            amount: 5,
            currency: "EUR".into(),
        })
        .send()
        .await
        .expect("an account");
    assert_eq!(
        server.request_target(),
        "/accounts/00000000-0000-0000-0000-00000000002a?min_balance=5EUR"
    );
    assert_eq!(account.id, AccountId::new(42));
    assert_eq!(account.balance.amount, 1250);
    assert_eq!(account.owners, Some(vec![AccountId::new(7)]));
    assert_eq!(account.tier, Some(Tier::Pro));
}

#[test]
fn extra_derives_make_models_hashable() {
    let account: Account = serde_json::from_str(ACCOUNT).expect("an account");
    let mut set = HashSet::new();
    set.insert(account.clone());
    set.insert(account);
    assert_eq!(set.len(), 1);
}

#[test]
fn the_type_attribute_is_applied() {
    let with_extra = ACCOUNT.replacen('{', r#"{"surprise":true,"#, 1);
    let error =
        serde_json::from_str::<Account>(&with_extra).expect_err("unknown fields are denied");
    assert!(
        error.to_string().contains("unknown field `surprise`"),
        "{error}"
    );
}
