#!/usr/bin/env bash
# Fuzzes the generator with cargo-fuzz (libFuzzer): `Config::new().generate`
# must never panic, overflow the stack or hang, whatever the input.
#
# Targets (fuzz/fuzz_targets/):
#   generate_text  arbitrary bytes; when UTF-8, generated from as document text
#   generate_json  JSON objects spliced over a valid document skeleton, to get
#                  past the parser and version check into validate/lower/emit
#   mutate_schemas the input chooses a real document of $SPECS_CORPUS (those
#                  under 100 KB; FUZZ_MAX_BASE_BYTES) and edits to its schemas
#                  ($refs to any component, allOf/oneOf/anyOf wrappers,
#                  recursive properties, items and maps, types, keywords,
#                  boolean schemas, deletions): structure-aware mutation
#
# Usage:
#   scripts/fuzz.sh seed                       (re)create fuzz/corpus/<target>/
#   scripts/fuzz.sh build [TARGET]
#   scripts/fuzz.sh run TARGET [SECONDS] [LIBFUZZER_ARG...]
#                                              fuzz; default 600 s; seeds first
#   scripts/fuzz.sh tmin TARGET INPUT          minimise a crashing input
#   scripts/fuzz.sh repro TARGET INPUT         run one input, show the panic
#
# Needs `cargo install cargo-fuzz` and a C++ compiler (libfuzzer-sys builds
# libFuzzer). Only a stable toolchain is assumed: cargo-fuzz passes `-Z`
# flags, so everything runs with RUSTC_BOOTSTRAP=1. The address sanitizer
# builds and runs on stable 1.95 this way (its runtime ships with rust-std),
# but the generator is safe Rust, so it buys little and is several times
# slower: the default is no sanitizer (`-s none`); set FUZZ_SANITIZER=address
# to use it (built into fuzz/target/address/, so switching does not rebuild).
# A nightly toolchain should work too (untested): FUZZ_TOOLCHAIN=+nightly.
#
# `run` uses fuzz/openapi.dict (OpenAPI keywords) and libFuzzer's fork mode
# with one worker (-fork=1: one fuzzing process at a time, which keeps going
# after crashes, timeouts and OOMs: -ignore_crashes=1 ...), under `nice -n 10`;
# crashing inputs land in fuzz/artifacts/<target>/. Output goes to stdout;
# to run in the background: `scripts/fuzz.sh run generate_text 600 \
#   > fuzz/generate_text.log 2>&1 &` (the log is local, like the corpus).
# Minimised crashing inputs worth keeping go to fuzz/regressions/ (committed);
# fuzz/corpus, fuzz/artifacts and fuzz/target are git-ignored.
#
# Seeds: the generator's fixtures (generator/tests/fixtures/**/*.yaml|json),
# schema/customer_groups.yaml and the documents under 50 KB in
# $SPECS_CORPUS (default /work/shared/specs/corpus). For generate_json the
# YAML seeds are converted to JSON (needs python3 with PyYAML; skipped without).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
fuzz="$root/fuzz"
specs="${SPECS_CORPUS:-/work/shared/specs/corpus}"
sanitizer="${FUZZ_SANITIZER:-none}"
toolchain="${FUZZ_TOOLCHAIN:-}"
export RUSTC_BOOTSTRAP=1
targets=(generate_text generate_json mutate_schemas)

# Builds with a sanitizer go to their own target folder, so that switching
# does not rebuild everything.
build_args=(-s "$sanitizer")
if [ "$sanitizer" != none ]; then build_args+=(--target-dir "$fuzz/target/$sanitizer"); fi

cargo_fuzz() {
  local sub="$1"
  shift
  # shellcheck disable=SC2086 # $toolchain is empty or one word.
  (cd "$fuzz" && exec nice -n 10 cargo $toolchain fuzz "$sub" "${build_args[@]}" "$@")
}

seed_files() {
  find "$root/generator/tests/fixtures" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \)
  echo "$root/schema/customer_groups.yaml"
  if [ -d "$specs" ]; then
    find "$specs" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) -size -50k
  fi
}

seed() {
  local text="$fuzz/corpus/generate_text" json="$fuzz/corpus/generate_json"
  mkdir -p "$text" "$json"
  local file name n=0 m=0
  while IFS= read -r file; do
    name="seed-$(basename "$(dirname "$file")")-$(basename "$file")"
    install -m 0644 "$file" "$text/$name"
    n=$((n + 1))
    if python3 - "$file" "$json/${name%.*}.json" 2>/dev/null <<'PY'; then m=$((m + 1)); fi
import json, sys, yaml
with open(sys.argv[1], encoding="utf-8") as f:
    value = yaml.safe_load(f)
if not isinstance(value, dict):
    sys.exit(1)
with open(sys.argv[2], "w", encoding="utf-8") as f:
    json.dump(value, f, default=str)
PY
  done < <(seed_files)
  # mutate_schemas reads its documents itself; its seeds are only choices.
  local choices="$fuzz/corpus/mutate_schemas" i
  mkdir -p "$choices"
  for i in $(seq 0 63); do
    printf 'choice %d %d %d %d' "$i" "$((i * 7))" "$((i * 13))" "$((255 - i))" > "$choices/seed-$i"
  done
  echo "seeded $n files into corpus/generate_text, $m into corpus/generate_json, 64 into corpus/mutate_schemas"
}

check_target() {
  local t
  for t in "${targets[@]}"; do [ "$1" = "$t" ] && return 0; done
  echo "unknown target \`$1\` (one of: ${targets[*]})" >&2
  exit 2
}

cmd="${1:-}"
shift || true
case "$cmd" in
  seed)
    seed
    ;;
  build)
    if [ $# -gt 0 ]; then check_target "$1"; fi
    cargo_fuzz build "$@"
    ;;
  run)
    [ $# -ge 1 ] || { echo "usage: $0 run TARGET [SECONDS] [LIBFUZZER_ARG...]" >&2; exit 2; }
    target="$1"
    check_target "$target"
    seconds="${2:-600}"
    shift $(($# >= 2 ? 2 : 1))
    [ -d "$fuzz/corpus/$target" ] || seed
    export FUZZ_BASE_DOCS="${FUZZ_BASE_DOCS:-$specs}"
    mkdir -p "$fuzz/artifacts/$target"
    cargo_fuzz run "$target" "$fuzz/corpus/$target" -- \
      -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
      -max_total_time="$seconds" -print_final_stats=1 \
      -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
      -dict="$fuzz/openapi.dict" -artifact_prefix="$fuzz/artifacts/$target/" "$@"
    ;;
  tmin)
    [ $# -eq 2 ] || { echo "usage: $0 tmin TARGET INPUT" >&2; exit 2; }
    check_target "$1"
    input=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
    cargo_fuzz tmin "$1" "$input" -- -timeout=10
    ;;
  repro)
    [ $# -eq 2 ] || { echo "usage: $0 repro TARGET INPUT" >&2; exit 2; }
    check_target "$1"
    input=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
    RUST_BACKTRACE=1 cargo_fuzz run "$1" "$input"
    ;;
  *)
    sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
    [ "$cmd" = "-h" ] || [ "$cmd" = "--help" ] || exit 2
    ;;
esac
