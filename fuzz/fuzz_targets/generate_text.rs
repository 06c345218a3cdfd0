//! Arbitrary bytes as document text: whatever the generator returns, it
//! must not panic (nor overflow the stack, nor hang).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = openapi_codegen::Config::new().generate(text);
    }
});
