//! Unions told apart by a constant property the document declares no
//! discriminator for: the objects written inline in the union do not hold
//! the tag, the union reads and writes it; a component alternative keeps it.

use fixture_clients::unions::models::{
    AddressAllocator, AddressAllocatorAuto, AddressAllocatorExplicit, AddressAllocatorRange,
    PoolAllocator, PoolAllocatorType,
};
use serde_json::json;

fn encoded(value: &AddressAllocator) -> serde_json::Value {
    serde_json::to_value(value).expect("an allocator encodes")
}

fn decoded(value: serde_json::Value) -> AddressAllocator {
    serde_json::from_value(value).expect("an allocator decodes")
}

#[test]
fn the_union_adds_the_tag_of_an_inline_alternative_when_sending() {
    let explicit = AddressAllocator::Explicit(AddressAllocatorExplicit::new("10.0.0.7"));
    // the tag first, then the fields in their order
    assert_eq!(
        serde_json::to_string(&explicit).expect("encoded"),
        r#"{"type":"explicit","ip":"10.0.0.7"}"#
    );
    let auto = AddressAllocator::Auto(AddressAllocatorAuto::default());
    assert_eq!(encoded(&auto), json!({"type": "auto"}));
}

#[test]
fn the_tag_picks_the_alternative_and_is_not_kept_in_it() {
    let range = decoded(json!({"type": "range", "range": "r1", "team": "net"}));
    let AddressAllocator::Range(AddressAllocatorRange { range, extra, .. }) = &range else {
        panic!("expected the range alternative, got {range:?}");
    };
    assert_eq!(range, "r1");
    // the extra properties hold the labels only, not the tag
    assert_eq!(extra.len(), 1);
    assert_eq!(extra.get("team").map(String::as_str), Some("net"));
    let back = decoded(json!({"type": "range", "range": "r1", "team": "net"}));
    assert_eq!(
        serde_json::to_string(&back).expect("encoded"),
        r#"{"type":"range","range":"r1","team":"net"}"#
    );
}

#[test]
fn a_component_alternative_keeps_its_tag_field() {
    let pool = decoded(json!({"type": "pool", "pool": "default"}));
    assert_eq!(
        pool,
        AddressAllocator::Pool(PoolAllocator::new(PoolAllocatorType::Pool, "default"))
    );
    assert_eq!(encoded(&pool), json!({"type": "pool", "pool": "default"}));
}

#[test]
fn an_unknown_tag_keeps_the_json_and_a_bad_alternative_is_an_error() {
    let later = json!({"type": "anycast", "region": "eu"});
    assert_eq!(decoded(later.clone()), AddressAllocator::Unknown(later));
    let error = serde_json::from_value::<AddressAllocator>(json!({"type": "explicit"}))
        .expect_err("`ip` is required");
    assert!(error.to_string().contains("missing field `ip`"), "{error}");
}
