//! Dates and date-times decode leniently wherever they appear (fields,
//! `Option`, nullable, `Vec`, nested lists, maps, extra properties, an
//! alias, an untagged union's alternative): a date-time where a date is
//! declared keeps its date, a date-time without an offset is UTC, RFC 3339
//! variants are read; anything else is an error naming its path; and
//! encoding writes the canonical form.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use fixture_clients::lenient_dates::models::{Event, Stamps, When, Window};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a day")
}

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s)
        .single()
        .expect("an instant")
}

fn event(fields: &str) -> Result<Event, String> {
    let json = format!(
        r#"{{"day": "2020-01-01", "at": "2020-01-01T00:00:00Z", "cancelled_at": null{fields}}}"#
    );
    let mut deserializer = serde_json::Deserializer::from_str(&json);
    serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|e| format!("{}: {}", e.path(), e.inner()))
}

#[test]
fn a_date_time_where_a_date_is_declared_keeps_its_date() {
    let parsed = event(r#", "until": "2020-02-03T23:30:00-05:00", "holiday": "2020-12-25T00:00:00", "days": ["2021-01-01", "2021-01-02T10:00:00Z"]"#)
        .expect("an event");
    // the date as written, not the UTC date (2020-02-04)
    assert_eq!(parsed.until, Some(day(2020, 2, 3)));
    assert_eq!(parsed.holiday, Some(day(2020, 12, 25)));
    assert_eq!(parsed.days, Some(vec![day(2021, 1, 1), day(2021, 1, 2)]));
    let required = serde_json::from_str::<Event>(
        r#"{"day": "2020-01-01T00:00:00", "at": "2020-01-01T00:00:00Z", "cancelled_at": null}"#,
    )
    .expect("an event");
    assert_eq!(required.day, day(2020, 1, 1));
}

#[test]
fn a_date_time_without_an_offset_is_utc() {
    let parsed =
        event(r#", "seen": "2020-05-06T07:08:09", "reminders": [["2020-05-06 07:08:09"]]"#)
            .expect("an event");
    assert_eq!(parsed.seen, Some(at(2020, 5, 6, 7, 8, 9)));
    assert_eq!(parsed.reminders, Some(vec![vec![at(2020, 5, 6, 7, 8, 9)]]));
    let required = serde_json::from_str::<Event>(
        r#"{"day": "2020-01-01", "at": "2020-01-01T10:00:00.5", "cancelled_at": "2020-01-01t10:00:00"}"#,
    )
    .expect("an event");
    assert_eq!(
        required.at,
        at(2020, 1, 1, 10, 0, 0) + chrono::Duration::milliseconds(500)
    );
    assert_eq!(required.cancelled_at, Some(at(2020, 1, 1, 10, 0, 0)));
}

#[test]
fn rfc_3339_variants_are_read() {
    let expected = at(2020, 5, 6, 7, 8, 9);
    for text in [
        "2020-05-06T07:08:09Z",
        "2020-05-06 07:08:09Z",
        "2020-05-06t07:08:09z",
        "2020-05-06T09:08:09+02:00",
        "2020-05-06T09:08:09+0200",
        "2020-05-06T07:08:09.000000000000Z",
    ] {
        let parsed =
            event(&format!(r#", "seen": "{text}""#)).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(parsed.seen, Some(expected), "{text}");
    }
    // any fraction length, nanoseconds kept
    let parsed = event(r#", "seen": "2020-05-06T07:08:09.123456789Z""#).expect("an event");
    assert_eq!(
        parsed.seen,
        Some(expected + chrono::Duration::nanoseconds(123_456_789))
    );
    let parsed = event(r#", "seen": "2020-05-06T07:08:09.1Z""#).expect("an event");
    assert_eq!(
        parsed.seen,
        Some(expected + chrono::Duration::milliseconds(100))
    );
}

#[test]
fn maps_extra_properties_and_union_alternatives_are_lenient() {
    let parsed = event(
        r#", "deadlines": {"a": "2020-05-06 07:08:09", "b": "2020-05-06T07:08:09Z"}, "when": "2020-05-06T07:08:09", "stamps": {"label": "x", "first": "2020-05-06t07:08:09"}"#,
    )
    .expect("an event");
    let deadlines = parsed.deadlines.expect("deadlines");
    assert_eq!(deadlines.get("a"), Some(&at(2020, 5, 6, 7, 8, 9)));
    assert_eq!(deadlines.get("b"), Some(&at(2020, 5, 6, 7, 8, 9)));
    assert_eq!(parsed.when, Some(When::DateTime(at(2020, 5, 6, 7, 8, 9))));
    let stamps = parsed.stamps.expect("stamps");
    assert_eq!(stamps.label.as_deref(), Some("x"));
    assert_eq!(stamps.extra.get("first"), Some(&at(2020, 5, 6, 7, 8, 9)));
    // the other alternative still decodes
    let parsed = event(r#", "when": 30"#).expect("an event");
    assert_eq!(parsed.when, Some(When::Integer(30)));
}

#[test]
fn anything_else_is_an_error_with_its_path() {
    for (fields, path, what) in [
        (r#", "until": "2020-13-01""#, "until", "is not a date"),
        (r#", "until": "01/02/2020""#, "until", "is not a date"),
        (r#", "seen": "2020-05-06""#, "seen", "is not a date-time"),
        (
            r#", "seen": "2020-05-06T07:08""#,
            "seen",
            "is not a date-time",
        ),
        (
            r#", "days": ["2020-01-01", "soon"]"#,
            "days[1]",
            "is not a date",
        ),
        (
            r#", "deadlines": {"a": "later"}"#,
            "deadlines.a",
            "is not a date-time",
        ),
        (
            r#", "reminders": [[], ["x"]]"#,
            "reminders[1][0]",
            "is not a date-time",
        ),
        (r#", "seen": 5"#, "seen", "expected a date-time"),
    ] {
        let error = event(fields).expect_err(fields);
        assert!(
            error.starts_with(&format!("{path}: ")) && error.contains(what),
            "{fields}: {error}"
        );
    }
    let error = serde_json::from_str::<Stamps>(r#"{"first": "never"}"#).expect_err("an error");
    assert!(
        error.to_string().contains("`never` is not a date-time"),
        "{error}"
    );
}

#[test]
fn encoding_writes_the_canonical_form() {
    let parsed = event(
        r#", "until": "2020-02-03T23:30:00-05:00", "seen": "2020-05-06 07:08:09", "days": ["2021-01-02t10:00:00z"], "deadlines": {"a": "2020-05-06T09:08:09+0200"}"#,
    )
    .expect("an event");
    let written = serde_json::to_value(&parsed).expect("encoded");
    assert_eq!(written["day"], "2020-01-01");
    assert_eq!(written["until"], "2020-02-03");
    assert_eq!(written["seen"], "2020-05-06T07:08:09Z");
    assert_eq!(written["cancelled_at"], serde_json::Value::Null);
    assert_eq!(written["days"], serde_json::json!(["2021-01-02"]));
    assert_eq!(written["deadlines"]["a"], "2020-05-06T07:08:09Z");
    // and what is written reads back the same
    let again: Event = serde_json::from_value(written).expect("read back");
    assert_eq!(again, parsed);
}

#[test]
fn a_type_keeping_serdes_derive_is_lenient_too() {
    let window: Window = serde_json::from_str(
        r#"{"opens": "2020-05-06 07:08:09", "closes": "2020-05-06t17:00:00z", "closed_on": "2020-12-25T00:00:00", "holidays": ["2020-01-01T00:00:00Z"]}"#,
    )
    .expect("a window");
    assert_eq!(window.opens, at(2020, 5, 6, 7, 8, 9));
    assert_eq!(window.closes, Some(at(2020, 5, 6, 17, 0, 0)));
    assert_eq!(window.closed_on, Some(day(2020, 12, 25)));
    assert_eq!(window.holidays, Some(vec![day(2020, 1, 1)]));
    // a missing optional or nullable field is `None`, and null is too
    let window: Window =
        serde_json::from_str(r#"{"opens": "2020-05-06T07:08:09Z", "closed_on": null}"#)
            .expect("a window");
    assert_eq!(
        (window.closes, window.closed_on, window.holidays),
        (None, None, None)
    );
    // its own attribute still holds
    let error = serde_json::from_str::<Window>(
        r#"{"opens": "2020-05-06T07:08:09Z", "closed_on": null, "x": 1}"#,
    )
    .expect_err("an unknown field");
    assert!(error.to_string().contains("unknown field `x`"), "{error}");
    let error = serde_json::from_str::<Window>(r#"{"opens": "later", "closed_on": null}"#)
        .expect_err("a bad date-time");
    assert!(
        error.to_string().contains("`later` is not a date-time"),
        "{error}"
    );
}

/// What the rule of `dates.rs` says a date-time text reads as, from chrono's
/// own parsers alone: RFC 3339 (leniently), else a date-time without an
/// offset (its separator `T`, `t` or a space) taken as UTC.
fn chronos_date_time(text: &str) -> Option<DateTime<Utc>> {
    text.parse::<DateTime<Utc>>()
        .ok()
        .or_else(|| chronos_naive(text).map(|naive| naive.and_utc()))
}

/// What the rule says a date text reads as: `YYYY-MM-DD`, else the date of
/// a date-time as written there.
fn chronos_date(text: &str) -> Option<NaiveDate> {
    text.parse::<NaiveDate>()
        .ok()
        .or_else(|| {
            text.parse::<DateTime<chrono::FixedOffset>>()
                .ok()
                .map(|instant| instant.date_naive())
        })
        .or_else(|| chronos_naive(text).map(|naive| naive.date()))
}

fn chronos_naive(text: &str) -> Option<chrono::NaiveDateTime> {
    let with_t = match (text.get(..10), text.get(10..11), text.get(11..)) {
        (Some(date), Some("t" | " "), Some(time)) => format!("{date}T{time}"),
        _ => text.to_owned(),
    };
    with_t.parse().ok()
}

/// Texts near the forms servers write: each seed, each of its bytes
/// replaced by one of a few characters or left out, and each of its prefixes.
fn near_misses() -> Vec<String> {
    let seeds = [
        "2023-04-05T06:07:08Z",
        "2023-04-05T06:07:08.1Z",
        "2023-04-05T06:07:08.123Z",
        "2023-04-05T06:07:08.123456789Z",
        "2023-04-05T06:07:08.1234567891Z",
        "2023-04-05T06:07:08+05:30",
        "2023-04-05T06:07:08.5-23:59",
        "2023-04-05T06:07:08+24:00",
        "2024-02-29T23:59:59-00:01",
        "2023-02-29T00:00:00Z",
        "2016-12-31T23:59:60Z",
        "0000-01-01T00:00:00+01:00",
        "9999-12-31T23:59:59-23:59",
        "2023-04-05T06:07:08",
        "2023-04-05",
    ];
    let replacements = [
        '0', '1', '2', '3', '5', '6', '9', '-', ':', '.', '+', 'T', 'Z', 't', ' ', 'x',
    ];
    let mut texts = Vec::new();
    for seed in seeds {
        for at in 0..seed.len() {
            texts.push(seed[..at].to_owned());
            texts.push(format!("{}{}", &seed[..at], &seed[at + 1..]));
            for replacement in replacements {
                texts.push(format!("{}{replacement}{}", &seed[..at], &seed[at + 1..]));
            }
        }
        texts.push(seed.to_owned());
    }
    texts
}

#[test]
fn every_text_reads_as_chronos_own_parsers_read_it() {
    let texts = near_misses();
    let (mut instants, mut days) = (0, 0);
    for text in &texts {
        let seen = event(&format!(r#", "seen": "{text}""#))
            .ok()
            .map(|event| event.seen);
        assert_eq!(
            seen,
            chronos_date_time(text).map(Some),
            "date-time {text:?}"
        );
        instants += usize::from(matches!(seen, Some(Some(_))));
        let until = event(&format!(r#", "until": "{text}""#))
            .ok()
            .map(|event| event.until);
        assert_eq!(until, chronos_date(text).map(Some), "date {text:?}");
        days += usize::from(matches!(until, Some(Some(_))));
    }
    // the texts hold both readable and unreadable ones of each kind
    assert!(
        instants > texts.len() / 10 && instants < texts.len() / 2,
        "{instants} of {}",
        texts.len()
    );
    assert!(
        days > texts.len() / 10 && days < texts.len(),
        "{days} of {}",
        texts.len()
    );
}
