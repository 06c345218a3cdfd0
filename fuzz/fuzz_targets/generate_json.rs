//! Structured mutation: the input is parsed as JSON and, when it is an
//! object, its members are spliced over a valid document skeleton, so that
//! mutations reach validation, lowering and emission instead of dying in
//! the parser or the version check. The seed corpus is JSON documents.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value, json};

fuzz_target!(|data: &[u8]| {
    let Ok(Value::Object(members)) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let mut document = skeleton();
    for (key, value) in members {
        // Keep the skeleton's version unless the input gives a 3.0.x one:
        // other versions stop at the version check.
        if key == "openapi" && !value.as_str().is_some_and(|v| v.starts_with("3.0.")) {
            continue;
        }
        document.insert(key, value);
    }
    let Ok(text) = serde_json::to_string(&Value::Object(document)) else {
        return;
    };
    let _ = openapi_codegen::Config::new().generate(&text);
});

fn skeleton() -> Map<String, Value> {
    let Value::Object(map) = json!({
        "openapi": "3.0.3",
        "info": { "title": "Fuzz", "version": "1.0.0" },
        "paths": {},
        "components": { "schemas": {} }
    }) else {
        return Map::new();
    };
    map
}
