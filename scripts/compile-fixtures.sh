#!/usr/bin/env bash
# Generates a standalone crate from every fixture document (and any extra
# documents given as arguments) and checks that each builds with warnings
# denied and passes clippy (also with the `test-util` mock, and the example
# tests of the documents that give examples, `--example-tests`), that its
# doctests (our examples alone) pass, and that its models build without the `client`
# feature. The crates share one workspace, the project's Cargo.lock and
# target folder, so dependencies are compiled once.
# Usage: scripts/compile-fixtures.sh [EXTRA_SPEC...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/target/fixture-crates"
rm -rf "$work"
mkdir -p "$work"
cargo build --quiet --manifest-path "$root/Cargo.toml" -p openapi-codegen --bin openapi-codegen
codegen="${CARGO_TARGET_DIR:-$root/target}/debug/openapi-codegen"
members=()
with_examples=()
# An extra document that is missing (those of ../shared/ in a bare clone) is
# skipped with a line saying so, or is an error under REQUIRE_SHARED_SPECS=1.
extra=()
for spec in "$@"; do
  if [ -f "$spec" ]; then
    extra+=("$spec")
  elif [ "${REQUIRE_SHARED_SPECS:-}" = 1 ]; then
    echo "compile-fixtures: $spec is missing (REQUIRE_SHARED_SPECS=1)" >&2
    exit 1
  else
    echo "skipped: $spec is absent"
  fi
done
# a document split over several files is a folder of multi_file/ whose
# `openapi.*` is the document; the other files there are its parts
for spec in "$root"/generator/tests/fixtures/*.yaml "$root"/generator/tests/fixtures/*.json \
  "$root"/generator/tests/fixtures/multi_file/*/openapi.* ${extra[@]+"${extra[@]}"}; do
  [ -f "$spec" ] || continue # a glob that matched nothing
  case "$spec" in
    */multi_file/*/openapi.*) stem="multi_file_$(basename "$(dirname "$spec")")" ;;
    *) stem=$(basename "${spec%.*}") ;;
  esac
  name=$(printf '%s' "$stem" | tr -c 'a-zA-Z0-9\n' '_' | tr 'A-Z' 'a-z')
  "$codegen" generate "$spec" --out "$work/$name" --crate-name "fixture_$name" --example-tests >/dev/null
  members+=("\"$name\"")
  if [ -f "$work/$name/src/example_tests/mod.rs" ]; then with_examples+=(-p "fixture-${name//_/-}"); fi
done
(IFS=,; printf '[workspace]\nmembers = [%s]\nresolver = "3"\n' "${members[*]}") > "$work/Cargo.toml"
cp "$root/Cargo.lock" "$work/Cargo.lock"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
(cd "$work" && cargo clippy --quiet --workspace -- -D warnings -W clippy::pedantic)
# the test doubles too (feature `test-util`: getters, rules, the mock)
(cd "$work" && cargo clippy --quiet --workspace --features test-util -- -D warnings -W clippy::pedantic)
# the example tests (`#[cfg(test)]`) of the documents with examples; they are
# run by generator/tests/example_tests.rs
if [ ${#with_examples[@]} -gt 0 ]; then
  (cd "$work" && cargo clippy --quiet "${with_examples[@]}" --tests --no-default-features -- -D warnings -W clippy::pedantic)
fi
# the docs: only our own examples are doctests, never a code block of the
# document's text (every one is made a `text` block)
(cd "$work" && cargo test --quiet --workspace --doc)
# the models alone, without the `client` feature that gates the runtime
(cd "$work" && cargo check --quiet --workspace --no-default-features)
echo "fixture crates build warning-free and clippy-clean (pedantic included, with and without test-util, example tests too), doctests pass: ${#members[@]}"
