//! The runtime's round-trip comparison (`generator/runtime/round_trip.rs`,
//! copied into crates generated with example tests): each class, the worst
//! difference winning, and the first difference named by its place.

#[path = "../../../runtime/round_trip.rs"]
#[allow(dead_code)]
mod round_trip;

use round_trip::{Class, Example, compare, round_trip};
use serde_json::json;

fn class(original: &serde_json::Value, encoded: &serde_json::Value, undeclared: &[&str]) -> Class {
    compare(original, encoded, undeclared).class
}

#[test]
fn equal_values_are_equal_whatever_the_key_order() {
    let a = json!({"a": 1, "b": [true, null]});
    let b = json!({"b": [true, null], "a": 1});
    let outcome = compare(&a, &b, &[]);
    assert_eq!(outcome.class, Class::Equal);
    assert_eq!(outcome.detail, "");
}

#[test]
fn the_same_instant_written_differently() {
    let pairs = [
        ("2020-01-01T10:00:00+01:00", "2020-01-01T09:00:00Z"),
        ("2020-01-01T09:00:00.000Z", "2020-01-01T09:00:00Z"),
        ("2020-01-01 09:00:00", "2020-01-01T09:00:00Z"),
        ("2020-01-01T00:00:00Z", "2020-01-01"),
    ];
    for (a, b) in pairs {
        assert_eq!(class(&json!(a), &json!(b), &[]), Class::Instant, "{a} {b}");
    }
    // another time, or a time of day a date drops, is lost
    assert_eq!(
        class(&json!("2020-01-01T10:00:00Z"), &json!("2020-01-01"), &[]),
        Class::Lossy
    );
    assert_eq!(class(&json!("a"), &json!("b"), &[]), Class::Lossy);
}

#[test]
fn numbers_within_a_floats_precision() {
    assert_eq!(class(&json!(12), &json!(12.0), &[]), Class::Float);
    let single = f64::from(0.1_f32);
    assert_eq!(class(&json!(0.1), &json!(single), &[]), Class::Float);
    // below f32's smallest magnitude, a `format: float` field holds zero
    assert_eq!(class(&json!(4.5e-126), &json!(0.0), &[]), Class::Float);
    assert_eq!(class(&json!(0.1), &json!(0.2), &[]), Class::Lossy);
    assert_eq!(class(&json!(1e-3), &json!(0.0), &[]), Class::Lossy);
}

#[test]
fn a_missing_property_is_undeclared_only_where_the_schema_does_not_declare_it() {
    let original = json!({"id": 1, "items": [{"a": 1, "x": 2}]});
    let encoded = json!({"id": 1, "items": [{"a": 1}]});
    let outcome = compare(&original, &encoded, &["/items/0/x"]);
    assert_eq!(outcome.class, Class::Undeclared);
    assert_eq!(outcome.detail, "/items/0/x: not declared, dropped");
    let outcome = compare(&original, &encoded, &[]);
    assert_eq!(outcome.class, Class::Lossy);
    assert_eq!(outcome.detail, "/items/0/x: declared, dropped");
}

#[test]
fn a_null_left_out_is_the_same_none() {
    let outcome = compare(&json!({"a": 1, "b": null}), &json!({"a": 1}), &[]);
    assert_eq!(outcome.class, Class::Null);
    assert_eq!(outcome.detail, "/b: null, left out");
    assert!(Class::Null.fits());
    // a required nullable property the example leaves out comes back as null
    let written = compare(&json!({"a": 1}), &json!({"a": 1, "b": null}), &[]);
    assert_eq!(written.class, Class::Null);
    assert_eq!(written.detail, "/b: absent, written as null");
}

#[test]
fn added_properties_and_changed_lengths_are_lossy() {
    let added = compare(&json!({"a": 1}), &json!({"a": 1, "b": 0}), &[]);
    assert_eq!(added.class, Class::Lossy);
    assert_eq!(added.detail, "/b: added as 0");
    assert_eq!(class(&json!([1, 2]), &json!([1]), &[]), Class::Lossy);
    assert_eq!(class(&json!(1), &json!("1"), &[]), Class::Lossy);
}

#[test]
fn the_worst_difference_names_the_example() {
    let original = json!({"at": "2020-01-01T00:00:00.0Z", "n": 1, "gone": 1, "x": 1});
    let encoded = json!({"at": "2020-01-01T00:00:00Z", "n": 1.0});
    let outcome = compare(&original, &encoded, &["/x"]);
    assert_eq!(outcome.class, Class::Lossy);
    assert_eq!(outcome.detail, "/gone: declared, dropped");
    let whole = compare(&json!(1), &json!("one"), &[]);
    assert_eq!(whole.detail, "the example: 1 became \"one\"");
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Pet {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    weight: Option<f64>,
}

#[test]
fn a_round_trip_decodes_as_the_client_does() {
    let fits = round_trip::<Pet>(r#"{"name":"Rex","weight":4.5}"#, &[]);
    assert_eq!(fits.class, Class::Equal);
    let misfit = round_trip::<Pet>(r#"{"name":7}"#, &[]);
    assert_eq!(misfit.class, Class::Undecodable);
    assert!(
        misfit.detail.starts_with("invalid type: integer `7`"),
        "{}",
        misfit.detail
    );
    assert!(Class::Undeclared.fits() && !Class::Undecodable.fits() && !Class::Lossy.fits());
}

#[test]
fn check_passes_examples_that_fit_and_names_each_misfit() {
    let good = Example {
        at: "#/good",
        schema: "#/components/schemas/Pet",
        json: r#"{"name":"Rex","colour":"grey"}"#,
        undeclared: &["/colour"],
    };
    round_trip::check::<Pet>(&[good]);
    let bad = Example {
        at: "#/bad",
        json: r#"{"weight":"heavy"}"#,
        ..good
    };
    let failure = std::panic::catch_unwind(|| round_trip::check::<Pet>(&[good, bad]))
        .expect_err("a misfit fails");
    let message = failure
        .downcast_ref::<String>()
        .expect("a formatted message");
    assert!(
        message.contains("- #/bad (schema #/components/schemas/Pet): undecodable: "),
        "{message}"
    );
    assert!(!message.contains("#/good"), "{message}");
}
