//! The `Cargo.toml` of a standalone generated crate.

/// A manifest for a crate named `package` holding the generated sources in
/// `src/`, with the dependencies the generated code and runtime use.
pub fn cargo_toml(package: &str, version: &str) -> String {
    format!(
        r#"[package]
name = "{package}"
version = "{version}"
edition = "2024"
rust-version = "1.85"
publish = false

[dependencies]
futures-core = "0.3.31"
futures-util = {{ version = "0.3.31", default-features = false, features = ["std"] }}
chrono = {{ version = "0.4.38", default-features = false, features = ["std", "serde"] }}
reqwest = {{ version = "0.12.9", default-features = false, features = ["rustls-tls", "http2"] }}
serde = {{ version = "1.0.210", features = ["derive"] }}
serde_json = "1.0.128"
serde_path_to_error = "0.1.16"
tokio = {{ version = "1.40", features = ["time"] }}
"#
    )
}
