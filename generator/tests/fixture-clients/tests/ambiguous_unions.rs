//! Decoding keeps every declared property of unions whose alternatives
//! overlap: a tag property picks the alternative even when one alternative
//! allows two of its values and each alternative's tag is an open enum, an
//! unknown tag is `Unknown` with the JSON kept, and an untagged union picks
//! the first alternative that declares every property of the value, else
//! the one that leaves out least.

use fixture_clients::ambiguous_unions::models::{
    Blur, CardAction, CommandOption, Component, GetPaymentResponse, LabelledCircle, PaymentAction,
    RedirectAction, Shape, Window,
};
use serde_json::json;

fn action(value: serde_json::Value) -> PaymentAction {
    serde_json::from_value(value).expect("an action decodes")
}

#[test]
fn the_tag_picks_the_alternative_that_declares_the_value() {
    let redirect =
        action(json!({"type": "redirect", "url": "https://pay.test/3ds", "method": "POST"}));
    let PaymentAction::Redirect(RedirectAction { url, method, .. }) = &redirect else {
        panic!("expected the redirect alternative, got {redirect:?}");
    };
    assert_eq!(
        (url.as_str(), method.as_deref()),
        ("https://pay.test/3ds", Some("POST"))
    );
    // both values of the card alternative select it, its token kept
    for tag in ["card", "scheme"] {
        let card = action(json!({"type": tag, "authorisationToken": "tok-1"}));
        let PaymentAction::Card(CardAction {
            authorisation_token,
            r#type,
            ..
        }) = &card
        else {
            panic!("expected the card alternative for {tag}, got {card:?}");
        };
        assert_eq!(authorisation_token.as_deref(), Some("tok-1"));
        assert_eq!(r#type.as_str(), tag);
    }
    // and it encodes back to what came in
    let value = json!({"type": "scheme", "authorisationToken": "tok-2"});
    assert_eq!(
        serde_json::to_value(action(value.clone())).expect("encodes"),
        value
    );
}

#[test]
fn an_unknown_tag_is_unknown_with_the_json_kept() {
    let value = json!({"type": "qr_code", "qrCodeData": "xyz"});
    assert_eq!(action(value.clone()), PaymentAction::Unknown(value));
}

#[test]
fn an_untagged_union_picks_the_alternative_that_declares_every_property() {
    let labelled: Shape =
        serde_json::from_value(json!({"radius": 2.0, "label": "b"})).expect("decodes");
    let Shape::LabelledCircle(LabelledCircle { radius, label, .. }) = &labelled else {
        panic!("the label would be dropped by the first alternative: {labelled:?}");
    };
    assert_eq!((*radius, label.as_deref()), (2.0, Some("b")));
    let plain: Shape = serde_json::from_value(json!({"radius": 1.0})).expect("decodes");
    assert!(matches!(plain, Shape::Circle(_)), "{plain:?}");
    // a value no alternative declares fully still decodes, as the first
    let other: Shape =
        serde_json::from_value(json!({"radius": 3.0, "colour": "red"})).expect("decodes");
    assert!(matches!(other, Shape::Circle(_)), "{other:?}");
    // when none fits, the one that leaves out least: the label is kept
    let labelled: Shape =
        serde_json::from_value(json!({"radius": 1.0, "label": "c", "colour": "red"}))
            .expect("decodes");
    let Shape::LabelledCircle(LabelledCircle { label, .. }) = &labelled else {
        panic!("the first alternative would drop the label too: {labelled:?}");
    };
    assert_eq!(label.as_deref(), Some("c"));
}

#[test]
fn a_union_with_a_nullable_alternative_is_nullable_where_it_is_used() {
    let payment = |window| {
        serde_json::from_value::<GetPaymentResponse>(
            json!({"action": {"type": "voucher"}, "window": window}),
        )
    };
    let none = payment(json!(null)).expect("`null` is a window: an alternative allows it");
    assert!(none.window.is_none(), "{none:?}");
    // a required property: `null` is written back, not left out
    let encoded = serde_json::to_value(&none).expect("encodes");
    assert_eq!(encoded.get("window"), Some(&json!(null)), "{encoded}");
    let relative = payment(json!({"span": "1h"})).expect("a relative window decodes");
    assert!(
        matches!(&relative.window, Some(Window::Span(w)) if w.span == "1h"),
        "{relative:?}"
    );
}

#[test]
fn a_value_its_enum_does_not_list_weighs_more_than_skipped_properties() {
    // the normal blur skips `end` (one property) but does not list the
    // kind; the progressive one lists it and skips three unknown
    // properties inside `end`: it is the one, `end` kept
    let value = json!({"kind": "PROGRESSIVE", "radius": 2.0,
        "end": {"x": 1.0, "y": 2.0, "a": 1, "b": 2, "c": 3}});
    let blur: Blur = serde_json::from_value(value).expect("decodes");
    let Blur::ProgressiveBlur(progressive) = &blur else {
        panic!("the normal blur would drop `end`: {blur:?}");
    };
    assert_eq!(progressive.end.as_ref().and_then(|end| end.y), Some(2.0));
}

#[test]
fn leaving_out_a_property_another_alternative_declares_weighs_more_than_skipped_ones() {
    // the row skips one unknown property of its own and two of its button;
    // the separator skips fewer, but among them `components`, which the
    // row declares: it would lose the buttons (Discord's components, with
    // properties the document does not know yet)
    let value = json!({"type": 1, "new": true,
        "components": [{"type": 2, "label": "ok", "style": 1, "emoji": null}]});
    let component: Component = serde_json::from_value(value).expect("decodes");
    let Component::Row(row) = &component else {
        panic!("the separator would drop the buttons: {component:?}");
    };
    assert_eq!(row.components[0].label.as_deref(), Some("ok"));
}

#[test]
fn an_integer_tag_picks_the_alternative_whose_properties_match_another() {
    // both options declare `max_value`; only the number option's holds a
    // fraction, and only the `type` tells them apart
    let options: Vec<CommandOption> = serde_json::from_value(json!([
        {"type": 4, "name": "count", "max_value": 9_007_199_254_740_991_i64},
        {"type": 10, "name": "ratio", "max_value": 2.5},
    ]))
    .expect("decodes");
    let [
        CommandOption::IntegerOption(integer),
        CommandOption::NumberOption(number),
    ] = options.as_slice()
    else {
        panic!("each option is its own kind: {options:?}");
    };
    assert_eq!(integer.max_value, Some(9_007_199_254_740_991));
    assert_eq!(number.max_value, Some(2.5));
    let value = json!({"type": 10, "name": "whole", "max_value": 3});
    let option: CommandOption = serde_json::from_value(value).expect("decodes");
    assert!(
        matches!(option, CommandOption::NumberOption(_)),
        "{option:?}"
    );
    // every kind an alternative lists selects it, the first and last too
    for kind in [6, 7, 9] {
        let value = json!({"type": kind, "name": "who"});
        let option: CommandOption = serde_json::from_value(value).expect("decodes");
        assert!(
            matches!(&option, CommandOption::SnowflakeOption(o) if o.r#type == kind),
            "{option:?}"
        );
    }
}

#[test]
fn an_unknown_integer_tag_is_unknown_with_the_json_kept() {
    let value = json!({"type": 3, "name": "text", "max_length": 10});
    let option: CommandOption = serde_json::from_value(value.clone()).expect("decodes");
    assert_eq!(option, CommandOption::Unknown(value.clone()));
    assert_eq!(serde_json::to_value(&option).expect("encodes"), value);
    // a tag written as a string is not an integer tag
    let text = json!({"type": "4", "name": "count"});
    let option: CommandOption = serde_json::from_value(text.clone()).expect("decodes");
    assert_eq!(option, CommandOption::Unknown(text));
}
