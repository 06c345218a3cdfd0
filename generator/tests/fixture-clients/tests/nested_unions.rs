//! Decoding keeps every declared property of untagged unions whose
//! alternatives differ only inside a property (PagerDuty's cache variables:
//! the same top-level properties, the kind told by the `type` of the
//! `configuration` object): an alternative fits only when nothing of the
//! value is left out or unrecognised at any depth, and a union that falls
//! back to a misfit counts as a misfit for the union around it.

use fixture_clients::nested_unions::models::{
    CacheVariable, CreateCacheVariableBody, Envelope, ListCacheVariablesResponse,
};
use serde_json::json;

mod lossless;

use lossless::round_trip;

#[test]
fn the_alternative_whose_nested_object_declares_the_value_wins() {
    let recent = json!({"cache_variable": {"name": "example_1",
        "configuration": {"type": "recent_value", "source": "event.summary", "regex": ".*"}}});
    let body: CreateCacheVariableBody = round_trip(&recent);
    assert!(
        matches!(body.cache_variable, CacheVariable::RecentValue(_)),
        "{body:?}"
    );
    // the first alternative decodes it too, its configuration dropping the
    // time to live: the one that declares it wins
    let count = json!({"cache_variable": {"name": "example_2",
        "configuration": {"type": "trigger_event_count", "ttl_seconds": 30}}});
    let body: CreateCacheVariableBody = round_trip(&count);
    let CacheVariable::TriggerEventCount(variable) = &body.cache_variable else {
        panic!("expected the trigger event count, got {body:?}");
    };
    assert_eq!(variable.configuration.ttl_seconds, Some(30));
    let external = json!({"cache_variable": {"name": "example_3",
        "configuration": {"type": "external_data", "ttl_seconds": 300, "data_type": "boolean"}}});
    let body: CreateCacheVariableBody = round_trip(&external);
    let CacheVariable::ExternalData(variable) = &body.cache_variable else {
        panic!("expected the external data, got {body:?}");
    };
    assert!(
        variable
            .configuration
            .data_type
            .as_ref()
            .is_some_and(|t| t.is_boolean()),
        "{variable:?}"
    );
}

#[test]
fn a_value_an_enum_does_not_list_is_a_misfit_too() {
    // no property tells the alternatives apart: the `type` each lists does
    let value = json!({"name": "count", "configuration": {"type": "trigger_event_count"}});
    let variable: CacheVariable = round_trip(&value);
    assert!(
        matches!(variable, CacheVariable::TriggerEventCount(_)),
        "{variable:?}"
    );
    // in a list, each item on its own
    let list = json!({"cache_variables": [
        {"name": "a", "configuration": {"type": "recent_value", "source": "event.summary"}},
        {"name": "b", "configuration": {"type": "trigger_event_count", "ttl_seconds": 60}},
        {"name": "c", "configuration": {"type": "external_data", "data_type": "string"}},
    ]});
    let page: ListCacheVariablesResponse = round_trip(&list);
    let kinds: Vec<&str> = page
        .cache_variables
        .iter()
        .flatten()
        .map(|variable| match variable {
            CacheVariable::RecentValue(_) => "recent",
            CacheVariable::TriggerEventCount(_) => "count",
            CacheVariable::ExternalData(_) => "external",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["recent", "count", "external"]);
}

#[test]
fn a_value_no_alternative_fits_is_the_first_that_decodes_it() {
    let value = json!({"name": "new", "configuration": {"type": "new_kind", "window": 5}});
    let variable: CacheVariable =
        serde_json::from_value(value).expect("the first alternative decodes it");
    assert!(
        matches!(variable, CacheVariable::RecentValue(_)),
        "{variable:?}"
    );
}

#[test]
fn a_misfit_inside_an_alternative_makes_the_alternative_a_misfit() {
    // the cache variable fits no alternative (a kind none lists): the
    // envelope's first alternative would hold it with the window dropped,
    // so its second, which holds any object, wins
    let value =
        json!({"item": {"name": "new", "configuration": {"type": "new_kind", "window": 5}}});
    let envelope: Envelope = round_trip(&value);
    assert!(
        matches!(envelope, Envelope::EnvelopeVariant2(_)),
        "{envelope:?}"
    );
    // a cache variable one alternative holds whole stays typed
    let value = json!({"item": {"name": "a", "configuration": {"type": "trigger_event_count", "ttl_seconds": 1}}});
    let envelope: Envelope = round_trip(&value);
    let Envelope::EnvelopeVariant1(inner) = &envelope else {
        panic!("expected the typed envelope, got {envelope:?}");
    };
    assert!(
        matches!(inner.item, CacheVariable::TriggerEventCount(_)),
        "{envelope:?}"
    );
}
