//! Generated objects decode through the `decode_struct!` macro rather than
//! serde's derive: required and optional properties, unknown ones, repeated
//! ones, extra properties kept in a map, and the errors for bad input.

use fixture_clients::query_styles::models::{Counts, Filter, Point};

#[test]
fn required_and_optional_properties_decode() {
    let point: Point = serde_json::from_str(r#"{"y": 2, "x": 1}"#).expect("a point");
    assert_eq!((point.x, point.y), (1, 2));
    let filter: Filter =
        serde_json::from_str(r#"{"status": null, "owners": ["a"]}"#).expect("a filter");
    assert_eq!(filter.status, None);
    assert_eq!(filter.created, None);
    assert_eq!(filter.owners, Some(vec!["a".to_owned()]));
}

#[test]
fn unknown_properties_are_skipped_whatever_their_value() {
    let point: Point = serde_json::from_str(r#"{"x": 1, "z": {"deep": [1, {"a": null}]}, "y": 2}"#)
        .expect("a point");
    assert_eq!((point.x, point.y), (1, 2));
}

#[test]
fn extra_properties_are_kept_in_the_map() {
    let counts: Counts =
        serde_json::from_str(r#"{"name": "n", "apples": 3, "pears": 4}"#).expect("counts");
    assert_eq!(counts.name.as_deref(), Some("n"));
    assert_eq!(counts.extra.get("apples"), Some(&3));
    assert_eq!(counts.extra.get("pears"), Some(&4));
    assert_eq!(counts.extra.len(), 2);
    let text = serde_json::to_string(&counts).expect("encoded");
    assert_eq!(text, r#"{"name":"n","apples":3,"pears":4}"#);
}

#[test]
fn missing_repeated_and_mistyped_properties_are_errors() {
    let error = |json: &str| {
        serde_json::from_str::<Point>(json)
            .expect_err("an error")
            .to_string()
    };
    assert!(
        error(r#"{"x": 1}"#).contains("missing field `y`"),
        "{}",
        error(r#"{"x": 1}"#)
    );
    assert!(error(r#"{"x": 1, "x": 2, "y": 3}"#).contains("duplicate field `x`"));
    assert!(
        error(r#"{"x": "one", "y": 2}"#).contains("invalid type: string \"one\", expected i64")
    );
    assert!(
        error("[1, 2]").contains("expected the object `Point`"),
        "{}",
        error("[1, 2]")
    );
}
