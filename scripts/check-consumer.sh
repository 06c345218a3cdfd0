#!/usr/bin/env bash
# Builds and runs a throwaway workspace outside the repository that depends on
# the bindings crate by path (with the generator turned off and the client on, as a consumer
# who only wants the committed code would), calls the client against a closed
# port on 127.0.0.1, and checks that it gets a typed transport error that
# does not print the access token.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d -t consumer.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src"
cat > "$work/Cargo.toml" <<TOML
[package]
name = "consumer"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
rutter-customer-groups = { path = "$root", default-features = false, features = ["client", "rustls"] }
tokio = { version = "1.40", features = ["macros", "rt-multi-thread"] }

[workspace]
TOML
cat > "$work/src/main.rs" <<'RS'
use rutter_customer_groups::{Client, Error};

#[tokio::main]
async fn main() {
    let client = Client::builder()
        .base_url("http://127.0.0.1:9/versioned")
        .basic_auth("consumer-id", "consumer-secret")
        .build()
        .expect("valid configuration");
    let result = client.list_customer_groups("consumer-token").limit(2).send().await;
    match result {
        Err(error @ Error::Transport(_)) => {
            let shown = format!("{error} / {error:?}");
            assert!(!shown.contains("consumer-token") && !shown.contains("consumer-secret"), "{shown}");
            println!("consumer OK: got the expected transport error: {error}");
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
}
RS
cp "$root/Cargo.lock" "$work/Cargo.lock"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
(cd "$work" && cargo run --quiet)
