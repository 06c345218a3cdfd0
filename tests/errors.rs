//! Errors people can work with, against the in-process fake Rutter server:
//! `ApiError`'s helpers agree with `Error`'s, every public error part is a
//! `std::error::Error`, and the codes of an error body decode to open enums
//! (a known code to its variant and `is_` helper, an unknown one to
//! `Unknown` with its text and the raw body kept).

#[path = "support/fake_rutter.rs"]
mod fake_rutter;

use std::error::Error as StdError;
use std::time::Duration;

use fake_rutter::{
    DEFAULT_ACCESS_TOKEN, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, FakeRutter, Fault,
    sample_groups,
};
use rutter_customer_groups::models::{ErrorCode, ErrorResponse, ErrorType};
use rutter_customer_groups::{ApiError, Client, ConfigError, DecodeError, Error};

/// A client for the fake that does not retry, so each fault is the answer.
fn client(fake: &FakeRutter) -> Client {
    Client::builder()
        .base_url(fake.base_url())
        .basic_auth(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
        .no_retries()
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client builds")
}

/// The error of one list request answered with `fault`.
async fn list_error(fault: Fault) -> Error {
    let fake = FakeRutter::start(sample_groups(1)).await;
    fake.push_fault(fault);
    client(&fake)
        .list_customer_groups(DEFAULT_ACCESS_TOKEN)
        .send()
        .await
        .expect_err("the fault is an error")
}

fn api(error: &Error) -> &ApiError {
    error
        .as_api()
        .unwrap_or_else(|| panic!("expected an API error, got {error:?}"))
}

fn body(error: &Error) -> &ErrorResponse {
    api(error)
        .body()
        .unwrap_or_else(|| panic!("expected a Rutter error body, got {error:?}"))
}

#[tokio::test]
async fn api_error_helpers_match_error_helpers() {
    let faults = [
        Fault::rutter_error(404, "NOT_FOUND", "OBJECT_NOT_FOUND", "No such group."),
        Fault::rutter_error(410, "NOT_FOUND", "OBJECT_NOT_FOUND", "Gone."),
        Fault::too_many_requests("7"),
        Fault::rutter_error(
            452,
            "RATE_LIMIT_ERROR",
            "RATE_LIMIT_EXCEEDED",
            "Shopify says slow down.",
        ),
        Fault::rutter_error(503, "SERVER_ERROR", "UNAVAILABLE", "Try later."),
        Fault::rutter_error(400, "INVALID_REQUEST", "INVALID_PARAMETER", "Bad limit."),
        Fault::rutter_error(
            450,
            "CONNECTION_ERROR",
            "PLATFORM_BAD_REQUEST",
            "Shopify said 400.",
        ),
        Fault::status(500, "not json"),
    ];
    let mut seen = Vec::new();
    for fault in faults {
        let error = list_error(fault).await;
        let api = api(&error);
        assert_eq!(error.status(), Some(api.status()));
        assert_eq!(error.request_id(), api.request_id());
        assert!(api.request_id().is_some(), "the fake sends a request id");
        assert_eq!(error.is_not_found(), api.is_not_found(), "{}", api.status());
        assert_eq!(
            error.is_rate_limited(),
            api.is_rate_limited(),
            "{}",
            api.status()
        );
        assert_eq!(error.is_retryable(), api.is_retryable(), "{}", api.status());
        assert_eq!(error.retry_after(), api.retry_after(), "{}", api.status());
        assert_eq!(error.api_body(), api.body());
        seen.push((
            api.status(),
            api.is_not_found(),
            api.is_rate_limited(),
            api.is_retryable(),
            api.retry_after(),
        ));
    }
    // and the rules themselves, once
    let secs = |s| Some(Duration::from_secs(s));
    assert_eq!(
        seen,
        [
            (404, true, false, false, None),
            (410, true, false, false, None),
            (429, false, true, true, secs(7)),
            (452, false, true, true, None),
            (503, false, false, true, None),
            (400, false, false, false, None),
            (450, false, false, false, None),
            (500, false, false, true, None),
        ]
    );
}

#[tokio::test]
async fn every_error_part_is_a_std_error() {
    fn std_error<T: StdError + Send + Sync + 'static>(_: &T) {}

    let error = list_error(Fault::rutter_error(
        404,
        "NOT_FOUND",
        "OBJECT_NOT_FOUND",
        "No such group.",
    ))
    .await;
    std_error(api(&error));
    let text = api(&error).to_string();
    let boxed: Box<dyn StdError + Send + Sync> = match error {
        Error::Api(api) => api,
        other => panic!("expected an API error, got {other:?}"),
    };
    assert_eq!(boxed.to_string(), text);

    let decode = list_error(Fault::status(200, r#"{"customer_groups": 1}"#)).await;
    let Error::Decode(part) = &decode else {
        panic!("expected a decode error, got {decode:?}");
    };
    std_error::<DecodeError>(part);
    let boxed: Box<dyn StdError> = decode.into();
    assert!(boxed.to_string().contains("does not match"), "{boxed}");

    let config = Client::builder()
        .base_url("not a url")
        .build()
        .expect_err("bad URL");
    let Error::Config(part) = &config else {
        panic!("expected a config error, got {config:?}");
    };
    std_error::<ConfigError>(part);
    std_error::<Error>(&config);

    // `?` into `Box<dyn Error>`, as applications do
    fn application() -> Result<(), Box<dyn StdError + Send + Sync>> {
        Client::builder().base_url("not a url").build()?;
        Ok(())
    }
    let boxed = application().expect_err("bad URL");
    assert!(boxed.to_string().contains("not a URL"), "{boxed}");
    assert!(boxed.downcast_ref::<Error>().is_some());
}

#[tokio::test]
async fn a_documented_code_decodes_to_its_variant() {
    let error = list_error(Fault::rutter_error(
        409,
        "CONNECTION_ERROR",
        "PRODUCT_NOT_READY",
        "The initial sync has not finished.",
    ))
    .await;
    let body = body(&error);
    assert_eq!(body.error_type, ErrorType::ConnectionError);
    assert!(body.error_type.is_connection_error());
    assert!(!body.error_type.is_rate_limit_error());
    assert_eq!(body.error_code, ErrorCode::ProductNotReady);
    assert!(body.error_code.is_product_not_ready());
    assert!(!body.error_code.is_product_not_allowed());
    assert_eq!(body.error_code.as_str(), "PRODUCT_NOT_READY");
    assert_eq!(body.error_code, "PRODUCT_NOT_READY");
    assert_eq!(body.error_message, "The initial sync has not finished.");
}

#[tokio::test]
async fn the_fake_servers_own_errors_decode_to_known_codes() {
    let fake = FakeRutter::start(sample_groups(1)).await;
    let missing = client(&fake)
        .fetch_customer_group("missing", DEFAULT_ACCESS_TOKEN)
        .send()
        .await
        .expect_err("404");
    assert!(missing.is_not_found());
    assert!(body(&missing).error_type.is_not_found());
    assert!(body(&missing).error_code.is_object_not_found());

    let unauthorised = client(&fake)
        .list_customer_groups("wrong-token")
        .send()
        .await
        .expect_err("401");
    assert_eq!(
        body(&unauthorised).error_type,
        ErrorType::AuthenticationError
    );
    assert_eq!(
        body(&unauthorised).error_code,
        ErrorCode::InvalidCredentials
    );
}

#[tokio::test]
async fn an_unknown_code_decodes_to_unknown_with_its_text_and_raw_body() {
    let error = list_error(Fault::rutter_error(
        400,
        "BRAND_NEW_TYPE",
        "BRAND_NEW_CODE",
        "Something Rutter added later.",
    ))
    .await;
    let api = api(&error);
    let body = body(&error);
    assert!(matches!(&body.error_type, ErrorType::Unknown(v) if v == "BRAND_NEW_TYPE"));
    assert!(matches!(&body.error_code, ErrorCode::Unknown(v) if v == "BRAND_NEW_CODE"));
    // `From` is the one way to make one, and it normalises: the same value compares equal
    assert_eq!(body.error_code, ErrorCode::from("BRAND_NEW_CODE"));
    assert_eq!(ErrorCode::from("NEEDS_UPDATE"), ErrorCode::NeedsUpdate);
    assert_eq!(body.error_code.as_str(), "BRAND_NEW_CODE");
    assert_eq!(body.error_code.to_string(), "BRAND_NEW_CODE");
    assert!(!body.error_code.is_product_not_ready());
    assert!(
        api.raw_body().contains(r#""error_code":"BRAND_NEW_CODE""#),
        "{}",
        api.raw_body()
    );
    // sent back unchanged
    let again = serde_json::to_value(body).expect("serialises");
    assert_eq!(again["error_code"], "BRAND_NEW_CODE");
    assert_eq!(again["error_type"], "BRAND_NEW_TYPE");
}

/// What the README shows: branching on the code of an API error.
#[tokio::test]
async fn matching_on_the_error_code() {
    let error = list_error(Fault::rutter_error(
        409,
        "CONNECTION_ERROR",
        "NEEDS_UPDATE",
        "The merchant must reconnect.",
    ))
    .await;
    let what = match error.api_body().map(|body| &body.error_code) {
        Some(ErrorCode::ProductNotReady) => "wait for the initial sync",
        Some(ErrorCode::NeedsUpdate | ErrorCode::ConnectionDisabled) => {
            "ask the merchant to reconnect"
        }
        Some(ErrorCode::Unknown(_)) => "a code these bindings do not know",
        Some(_) | None => "something else",
    };
    assert_eq!(what, "ask the merchant to reconnect");
}
