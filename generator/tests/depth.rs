//! Deep documents: schemas nested 1,000 and 4,000 levels (lists of lists)
//! and 1,000 levels (objects in objects), in JSON and YAML, generate from a
//! thread with the default 2 MiB stack of a test thread; text nested deeper
//! than the bound (20,000 levels of objects and lists) is refused with an
//! error as it is read, never a stack overflow.
//!
//! (Reading a schema costs time quadratic in its depth: openapiv3's untagged
//! and flattened types buffer each level's subtree again. 10,000 levels took
//! 240 s of a CI run in debug; docs/benchmarks.md has the release figures.)

use openapi_codegen::Config;

/// A document whose one schema nests `depth` levels of `shape`.
fn document(depth: usize, shape: &str, json: bool) -> String {
    let (open, close) = match shape {
        "array" => (r#"{"type": "array", "items": "#, "}"),
        _ => (r#"{"type": "object", "properties": {"a": "#, "}}"),
    };
    let schema = format!(
        "{}{{\"type\": \"string\"}}{}",
        open.repeat(depth),
        close.repeat(depth)
    );
    if json {
        format!(
            r#"{{"openapi": "3.0.3", "info": {{"title": "Deep", "version": "1"}}, "paths": {{}},
              "components": {{"schemas": {{"Deep": {schema}}}}}}}"#
        )
    } else {
        // block mappings, each level indented one more (flow YAML is JSON)
        let mut yaml = String::from(
            "openapi: 3.0.3\ninfo: {title: Deep, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Deep:\n",
        );
        let mut indent = 6;
        for _ in 0..depth {
            let pad = " ".repeat(indent);
            if shape == "array" {
                yaml.push_str(&format!("{pad}type: array\n{pad}items:\n"));
                indent += 1;
            } else {
                yaml.push_str(&format!("{pad}type: object\n{pad}properties:\n{pad} a:\n"));
                indent += 2;
            }
        }
        yaml.push_str(&format!("{}type: string\n", " ".repeat(indent)));
        yaml
    }
}

/// Runs `f` on a thread with a 2 MiB stack, as the test harness does.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .expect("a thread")
        .join()
        .expect("no panic")
}

fn models(depth: usize, shape: &'static str, json: bool) -> String {
    on_small_stack(move || {
        let generated = Config::new()
            .generate(&document(depth, shape, json))
            .unwrap_or_else(|e| panic!("{depth} levels of {shape}: {e}"));
        generated
            .files()
            .iter()
            .find(|f| f.path.ends_with("models.rs"))
            .map(|f| f.contents.clone())
            .unwrap_or_default()
    })
}

#[test]
fn lists_nested_a_thousand_and_four_thousand_deep_generate() {
    // YAML written in blocks indents each level once more: 4,000 levels
    // would be 8 million spaces, so YAML is tried at 1,000
    for (depth, json) in [(1_000, true), (4_000, true), (1_000, false)] {
        let models = models(depth, "array", json);
        let deep = models
            .split("pub type Deep =")
            .nth(1)
            .and_then(|rest| rest.split(';').next())
            .unwrap_or_default();
        assert_eq!(
            deep.matches("Vec<").count(),
            depth,
            "{depth} levels (json: {json})"
        );
        assert!(deep.contains("String"), "{depth} levels (json: {json})");
    }
}

#[test]
fn objects_nested_a_thousand_deep_generate() {
    for json in [true, false] {
        let models = models(1_000, "object", json);
        // one struct per level, each holding the next
        assert_eq!(models.matches("pub struct ").count(), 1_000, "json: {json}");
    }
}

#[test]
fn nesting_past_the_bound_is_an_error_not_a_crash() {
    for (text, kind) in [
        (
            format!(
                "{{\"a\": {}1{}}}",
                "[".repeat(1_000_000),
                "]".repeat(1_000_000)
            ),
            "JSON",
        ),
        // block sequences in sequences, one `- ` a level
        (format!("{}1\n", "- ".repeat(30_000)), "YAML"),
    ] {
        let error = on_small_stack(move || match Config::new().generate(&text) {
            Ok(_) => panic!("a document this deep should be refused"),
            Err(error) => error.to_string(),
        });
        assert!(
            error.contains(&format!("invalid {kind}"))
                && error.contains("deeper than 20000 levels"),
            "{error}"
        );
    }
}
