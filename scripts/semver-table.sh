#!/usr/bin/env bash
# The table of typical schema edits (generator/tests/fixtures/evolution/edits.yaml)
# checked by an independent tool: for every edit, `openapi-codegen diff`'s
# verdict beside cargo-semver-checks' on the crates generated before and
# after it; and, for every edit of our schema, whether user code written
# against today's bindings (tests/evolution-user/user.rs) still builds
# (clippy, warnings denied) against the regenerated crate. Writes
# docs/semver-table.md (or --out FILE); exits 1 when an ordinary-growth edit
# breaks the user code or the two tools disagree where the table does not
# say why.
#
# How: generator/tests/evolution.rs applies the edits and runs `diff`
# (SEMVER_TABLE_DIR makes it keep each edit's documents); each document is
# generated into one crate folder (the crate name stays, so the shared
# target folder keeps the dependencies built), documented as rustdoc JSON
# (`RUSTC_BOOTSTRAP=1 cargo rustdoc -- --output-format json`, as
# cargo-semver-checks does itself), and the two JSON files are compared
# with `cargo semver-checks --baseline-rustdoc --current-rustdoc
# --release-type minor` (it fails when the change needs a major release).
#
# Usage: scripts/semver-table.sh [--out FILE] [--user-code-only]
#   --user-code-only  only the user code against the crates regenerated after
#                     the edits of our schema that are not breaking (no
#                     cargo-semver-checks, no report): what CI runs
# Needs cargo-semver-checks (installed from crates.io when missing:
# `cargo install cargo-semver-checks --locked`) and ../shared/specs/corpus
# for the corpus edits (skipped without it).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/docs/semver-table.md"
user_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="${2:?--out needs a file}"; shift ;;
    --user-code-only) user_only=1 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
work="$CARGO_TARGET_DIR/semver-table"
rm -rf "$work"
mkdir -p "$work/edits" "$work/json"
started=$(date +%s)

[ "$user_only" = 1 ] || command -v cargo-semver-checks >/dev/null || cargo install cargo-semver-checks --locked
cargo build --quiet --manifest-path "$root/Cargo.toml" -p openapi-codegen --bin openapi-codegen
codegen="$CARGO_TARGET_DIR/debug/openapi-codegen"

# 1. the edits applied and run through diff (the test fails when a verdict is not the table's)
SEMVER_TABLE_DIR="$work/edits" cargo test --quiet --manifest-path "$root/Cargo.toml" \
  -p openapi-codegen --test evolution diff_gives_each_edit_of_the_table_its_verdict >"$work/test.log" 2>&1 ||
  { cat "$work/test.log"; echo "semver-table: diff disagrees with the table (above)" >&2; exit 1; }

# one workspace with one crate folder, regenerated per document
printf '[workspace]\nmembers = ["crate"]\nresolver = "3"\n' >"$work/Cargo.toml"
cp "$root/Cargo.lock" "$work/Cargo.lock"
# the user's crate: its own workspace, the same lock file and target folder
mkdir -p "$work/user/src"
cp "$root/tests/evolution-user/user.rs" "$work/user/src/lib.rs"
cp "$root/Cargo.lock" "$work/user/Cargo.lock"

crate_name() { # the crate name a document is generated as
  case "$1" in
    customer_groups) echo rutter_customer_groups ;;
    *) echo "table_$(basename "${1%.*}" | tr -c 'a-zA-Z0-9\n' '_' | tr 'A-Z' 'a-z')" ;;
  esac
}

generate() { # DOCUMENT as crate NAME into $work/crate
  rm -rf "$work/crate"
  "$codegen" generate "$1" --out "$work/crate" --crate-name "$2" >/dev/null
}

# rustdoc JSON of DOCUMENT generated as crate NAME, into FILE
rustdoc_json() {
  local document=$1 name=$2 file=$3
  generate "$document" "$name"
  local package
  package=$(sed -n 's/^name = "\(.*\)"/\1/p' "$work/crate/Cargo.toml" | head -1)
  (cd "$work" && RUSTC_BOOTSTRAP=1 cargo rustdoc --quiet -p "$package" --features test-util,blocking \
    -- -Z unstable-options --output-format json) >"$work/rustdoc.log" 2>&1 ||
    { cat "$work/rustdoc.log"; return 1; }
  cp "$CARGO_TARGET_DIR/doc/$name.json" "$file"
}

user_builds() { # whether the user's crate builds against the crate in $work/crate
  local package
  package=$(sed -n 's/^name = "\(.*\)"/\1/p' "$work/crate/Cargo.toml" | head -1)
  cat >"$work/user/Cargo.toml" <<EOF
[package]
name = "evolution-user"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
rutter_customer_groups = { package = "$package", path = "../crate", features = ["test-util"] }
chrono = { version = "0.4.38", default-features = false }
EOF
  (cd "$work/user" && cargo clippy --quiet --all-targets -- -D warnings) >"$work/user.log" 2>&1
}

rows=()
agree=0 disagree_listed=0 disagree=0 growth_built=0 growth_failed=0 user_broken=0
previous_document=""
{
  read -r _header
  while IFS=$'\t' read -r dir document edit diff_verdict expected_semver reason; do
    name=$(crate_name "$document")
    if [ "$user_only" = 1 ]; then
      [ "$document" = customer_groups ] && [ "$diff_verdict" != breaking ] || continue
      if [ "$previous_document" != customer_groups ]; then
        generate "$work/edits/$dir/before.json" "$name"
        user_builds || { cat "$work/user.log"; echo "semver-table: the user code does not build against today's bindings" >&2; exit 1; }
        previous_document=customer_groups
      fi
      generate "$work/edits/$dir/after.json" "$name"
      if user_builds; then
        growth_built=$((growth_built + 1)); echo "semver-table: $dir: the user code builds" >&2
      else
        growth_failed=$((growth_failed + 1)); cat "$work/user.log" >&2; echo "semver-table: $dir: the user code BREAKS" >&2
      fi
      continue
    fi
    echo "semver-table: $dir" >&2
    if [ "$document" != "$previous_document" ]; then
      rustdoc_json "$work/edits/$dir/before.json" "$name" "$work/json/$dir.before.json"
      baseline="$work/json/$dir.before.json"
      if [ "$document" = customer_groups ]; then
        user_builds || { cat "$work/user.log"; echo "semver-table: the user code does not build against today's bindings" >&2; exit 1; }
      fi
      previous_document=$document
    fi
    rustdoc_json "$work/edits/$dir/after.json" "$name" "$work/json/$dir.after.json"
    if cargo semver-checks --baseline-rustdoc "$baseline" --current-rustdoc "$work/json/$dir.after.json" \
      --release-type minor >"$work/edits/$dir/semver-checks.txt" 2>&1; then
      semver=passes
    elif grep -q 'semver requires new major version\|requires new major version' "$work/edits/$dir/semver-checks.txt"; then
      semver=fails
    else
      cat "$work/edits/$dir/semver-checks.txt"
      echo "semver-table: cargo-semver-checks could not judge $dir" >&2
      exit 1
    fi
    lints=$(grep -o '^--- failure [a-z_]*' "$work/edits/$dir/semver-checks.txt" | sed 's/^--- failure //' | sort -u | paste -sd, - || true)
    [ "$diff_verdict" = breaking ] && want=fails || want=passes
    if [ "$semver" = "$want" ]; then
      verdict=agree; agree=$((agree + 1)); note="${lints}"
    elif [ "$semver" = "$expected_semver" ]; then
      verdict="differs (listed)"; disagree_listed=$((disagree_listed + 1)); note="$reason"
    else
      verdict="DIFFERS"; disagree=$((disagree + 1)); note="not explained: ${lints}"
    fi
    user="-"
    if [ "$document" = customer_groups ]; then
      if user_builds; then user=builds; else user=breaks; fi
      if [ "$diff_verdict" != breaking ]; then
        if [ "$user" = builds ]; then growth_built=$((growth_built + 1)); else
          growth_failed=$((growth_failed + 1)); user="BREAKS"; cat "$work/user.log" >&2; fi
      elif [ "$user" = breaks ]; then
        user_broken=$((user_broken + 1))
      fi
    fi
    rows+=("| ${dir%%-*} | \`$document\` | $edit | $diff_verdict | $semver | $verdict | $user | ${note:-} |")
  done
} <"$work/edits/index.tsv"

elapsed=$(($(date +%s) - started))
if [ "$user_only" = 1 ]; then
  echo "semver-table: the user code builds after $growth_built compatible or documentation-only edits of our schema, broke after $growth_failed ($elapsed s)"
  [ "$growth_failed" -eq 0 ]
  exit
fi
total=${#rows[@]}
{
  echo "# Schema edits: \`diff\` against cargo-semver-checks"
  echo
  echo "Written by \`scripts/semver-table.sh\` ($(date -u '+%Y-%m-%d %H:%M UTC'), $(cargo semver-checks --version 2>/dev/null | head -1), $(rustc --version | cut -d' ' -f1-2); $elapsed s on 2 cores)."
  echo "Each edit of \`generator/tests/fixtures/evolution/edits.yaml\` is a JSON Patch on a"
  echo "document; \`diff\` gives its verdict, and cargo-semver-checks compares the rustdoc"
  echo "of the crates generated before and after it (features \`test-util\`, \`blocking\`),"
  echo "as a minor release: it *fails* when the change needs a major one. For the edits of"
  echo "our schema, **user code** is \`tests/evolution-user/user.rs\` (written against"
  echo "today's bindings, as the README teaches) built with clippy against the regenerated"
  echo "crate: every edit that is not breaking must leave it building."
  echo
  echo "**$total edits: $agree agree, $disagree_listed differ for a listed reason, $disagree differ unexplained.**"
  echo "User code: builds after all $growth_built compatible or documentation-only edits of our schema"
  echo "($growth_failed broke it); $user_broken of the breaking edits break this particular code."
  echo
  echo "| # | document | edit | \`diff\` | cargo-semver-checks | | user code | lints, or why they differ |"
  echo "|--:|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "## What cargo-semver-checks cannot see"
  echo
  echo "It reads the public API's names and shapes from rustdoc JSON, so these kinds"
  echo "of change are invisible to it and \`diff\` alone judges them:"
  echo
  echo "- the order of a function's arguments when their number stays (a struct's"
  echo "  \`new\` after its required properties are reordered);"
  echo "- the type of a field, of an argument or of a return value (its lints compare"
  echo "  names, kinds and arity): \`int64\` to \`int32\`, \`string\` to \`integer\`."
  echo "  Nullable to non-null and back it sees only through a struct's \`new\`, whose"
  echo "  arguments are the required non-null properties;"
  echo "- data: an enum value's wire string, a server's URL, which server is the"
  echo "  default, whether \`None\` is sent as \`null\` or left out;"
  echo "- documentation (\`diff\`'s \`docs:\` lines)."
} >"$out"
echo "semver-table: $total edits, $agree agree, $disagree_listed listed, $disagree unexplained; user code builds after $growth_built growth edits, broke after $growth_failed ($elapsed s); wrote $out"
[ "$disagree" -eq 0 ] && [ "$growth_failed" -eq 0 ]
