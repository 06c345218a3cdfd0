//! The `Cargo.toml` of a standalone generated crate.

/// The cargo features of a generated crate, as its manifest declares them.
pub fn feature_names() -> Vec<String> {
    let manifest = cargo_toml("x", "0", &[]);
    let section = manifest
        .split_once("[features]\n")
        .map_or("", |(_, rest)| rest.split("\n[").next().unwrap_or(""));
    section
        .lines()
        .filter_map(|line| line.split_once(" = "))
        .map(|(name, _)| name.trim().to_owned())
        .filter(|name| name != "default")
        .collect()
}

/// A manifest for a crate named `package` holding the generated sources in
/// `src/`, with the dependencies the generated code and runtime use, and
/// the features of the document's tags when there are any (all of them on
/// by default, through `all-tags`).
pub fn cargo_toml(package: &str, version: &str, tag_features: &[String]) -> String {
    let (default_tags, tags) = if tag_features.is_empty() {
        (String::new(), String::new())
    } else {
        let listed: Vec<String> = tag_features.iter().map(|f| format!("\"{f}\"")).collect();
        let each: String = tag_features.iter().map(|f| format!("{f} = []\n")).collect();
        (
            format!(", \"{}\"", crate::emit::ALL_TAGS),
            format!(
                "# one feature per tag of the document; `{}` enables them all\n{} = [{}]\n{each}",
                crate::emit::ALL_TAGS,
                crate::emit::ALL_TAGS,
                listed.join(", ")
            ),
        )
    };
    format!(
        r#"[package]
name = "{package}"
version = "{version}"
edition = "2024"
rust-version = "1.85"
publish = false

[package.metadata.docs.rs]
all-features = true

[features]
default = ["client", "rustls"{default_tags}]
client = ["dep:reqwest", "dep:tokio", "dep:bytes", "dep:futures-core", "dep:futures-util", "dep:serde_path_to_error"]
blocking = ["client"]
tracing = ["client", "dep:tracing"]
middleware = ["client", "dep:reqwest-middleware"]
test-util = ["client"]
streams = ["client", "reqwest/stream", "tokio/fs"]
oauth2 = ["client", "tokio/sync"]
rustls = ["client", "reqwest/rustls-tls"]
native-tls = ["client", "reqwest/native-tls"]
{tags}
[dependencies]
bytes = {{ version = "1.6", optional = true }}
chrono = {{ version = "0.4.38", default-features = false, features = ["std", "serde"] }}
futures-core = {{ version = "0.3.31", optional = true }}
futures-util = {{ version = "0.3.31", default-features = false, features = ["std"], optional = true }}
reqwest = {{ version = "0.12.9", default-features = false, features = ["http2"], optional = true }}
reqwest-middleware = {{ version = "0.4.2", optional = true }}
serde = {{ version = "1.0.210", features = ["derive"] }}
serde_json = "1.0.128"
serde_path_to_error = {{ version = "0.1.16", optional = true }}
tokio = {{ version = "1.40", features = ["time", "rt"], optional = true }}
tracing = {{ version = "0.1.40", default-features = false, features = ["std"], optional = true }}
"#
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn feature_names_come_from_the_manifest() {
        let names = super::feature_names();
        assert!(names.iter().any(|n| n == "client") && names.iter().any(|n| n == "test-util"));
        assert!(!names.iter().any(|n| n == "default"), "{names:?}");
    }
}
