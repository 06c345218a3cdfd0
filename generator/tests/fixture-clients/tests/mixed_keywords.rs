//! Schemas whose keywords mix kinds decode as meant, nothing lost: an
//! `allOf` beside `type: object` merges its parts (Cloudflare's response
//! envelope keeps `success`, `errors` and `messages` under each
//! operation's `result`, and its failure, `errors` wrapped and `result`
//! null, stays typed), one beside `required` or properties of its own
//! adds them, and `type: string` beside `additionalProperties: true` is a
//! string (GitHub's webhook delivery payload), as it is beside `properties`
//! that document its values (Plaid's account subtypes).

use fixture_clients::mixed_keywords::models::{Announced, JobFailure, JobResponse, Record};
use serde_json::json;

mod lossless;

use lossless::round_trip;

#[test]
fn an_envelope_beside_type_object_keeps_its_properties_under_each_result() {
    let value = json!({
        "errors": [{"code": 1000, "message": "a warning"}],
        "messages": [],
        "result": {"id": 1, "kind": "edge", "dataset": "gateway_dns"},
        "success": true
    });
    let response: JobResponse = round_trip(&value);
    assert_eq!(response.errors.len(), 1);
    assert_eq!(response.result.and_then(|job| job.id), Some(1));
    // the envelope's properties are required
    let missing = serde_json::from_value::<JobResponse>(json!({"result": {"id": 1}}));
    assert!(missing.is_err(), "{missing:?}");
}

#[test]
fn a_failure_narrows_the_envelope_and_stays_typed() {
    let value = json!({
        "errors": [{"code": 7003, "message": "No route for the URI"}],
        "messages": [],
        "result": null,
        "success": false
    });
    let failure: JobFailure = round_trip(&value);
    assert_eq!(failure.errors[0].code, 7003);
    assert!(failure.result.is_none());
}

#[test]
fn required_and_properties_beside_an_all_of_are_merged_too() {
    let record = json!({"type": "A", "name": "example.com", "content": "198.51.100.4", "ttl": 300});
    let decoded: Record = round_trip(&record);
    assert_eq!(decoded.ttl, Some(300));
    let missing = serde_json::from_value::<Record>(json!({"type": "A", "name": "example.com"}));
    assert!(missing.is_err(), "`content` is required: {missing:?}");
    let announced = json!({
        "type": "A", "name": "example.com", "content": "198.51.100.4",
        "comment": "new",
        "delivery": {"id": 7, "kind": "push", "response": {"headers": {"Content-Type": "text/html"}, "payload": "ok"}}
    });
    let decoded: Announced = round_trip(&announced);
    assert_eq!(decoded.comment.as_deref(), Some("new"));
    assert_eq!(decoded.delivery.response.payload.as_deref(), Some("ok"));
    // `type: string` beside `properties` is a string too
    assert_eq!(decoded.delivery.kind.as_deref(), Some("push"));
}
