//! JSON round trips for the tests of decoding: a value decoded into a
//! generated type must encode back to the same value, nothing lost.

/// Decodes `value` as `T` and checks that it encodes back to `value`.
pub fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug>(
    value: &serde_json::Value,
) -> T {
    let decoded: T = serde_json::from_value(value.clone()).expect("the value decodes");
    let encoded = serde_json::to_value(&decoded).expect("the value encodes");
    assert_eq!(&encoded, value, "lost in {decoded:?}");
    decoded
}
