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
  flags=()
  # small documents get tag features only when asked (auto is off below 200 operations)
  if [ "$stem" = tag_features ]; then flags=(--tag-features on); fi
  "$codegen" generate "$spec" --out "$work/$name" --crate-name "fixture_$name" --example-tests ${flags[@]+"${flags[@]}"} >/dev/null
  members+=("\"$name\"")
  if [ -f "$work/$name/src/example_tests/mod.rs" ]; then with_examples+=(-p "fixture-${name//_/-}"); fi
done
# the tag fixture without its untagged operation: with no tag enabled,
# nothing of the client is used
"$codegen" generate "$root/generator/tests/fixtures/tag_features.yaml" --out "$work/tags_only" --crate-name fixture_tags_only \
  --tag-features on --tag pets --tag stores --tag 'Admin Tools' >/dev/null
members+=('"tags_only"')
(IFS=,; printf '[workspace]\nmembers = [%s]\nresolver = "3"\n' "${members[*]}") > "$work/Cargo.toml"
cp "$root/Cargo.lock" "$work/Cargo.lock"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
(cd "$work" && cargo clippy --quiet --workspace -- -D warnings -W clippy::pedantic)
# the test doubles too (feature `test-util`: getters, rules, the mock), and
# the OAuth2 provider (feature `oauth2`)
(cd "$work" && cargo clippy --quiet --workspace --features test-util,oauth2 -- -D warnings -W clippy::pedantic)
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
# crates with tag features: each tag alone, and none, builds clippy-clean
tag_builds=0
for manifest in "$work"/*/Cargo.toml; do
  grep -q '^all-tags = ' "$manifest" || continue
  package=$(sed -n 's/^name = "\(.*\)"$/\1/p' "$manifest" | head -1)
  tags=$(sed -n 's/^\(tag-[a-z0-9-]*\) = \[\]$/\1/p' "$manifest")
  for features in client,rustls,test-util $(printf 'client,rustls,test-util,%s ' $tags); do
    (cd "$work" && cargo clippy --quiet -p "$package" --no-default-features --features "$features" -- -D warnings -W clippy::pedantic)
    tag_builds=$((tag_builds + 1))
  done
done
echo "tag features: $tag_builds single-tag (or no-tag) builds clippy-clean"
echo "fixture crates build warning-free and clippy-clean (pedantic included, with and without test-util and oauth2, example tests too), doctests pass: ${#members[@]}"
