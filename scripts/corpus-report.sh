#!/usr/bin/env bash
# Corpus report: how far the generator gets on real-world OpenAPI documents.
#
# For every document of the shared corpus (../shared/specs/corpus/*.{yaml,json}
# and ../shared/specs/corpus/openapi-3.1/*), or only the ones given as
# arguments, this script
#   1. runs `openapi-codegen generate` into target/corpus/<name>/ (timed; exit
#      code, first error line and the number of warnings are recorded),
#   2. counts the generated lines (src/**/*.rs, runtime included),
#   3. builds the generated crate with `cargo build` and then checks it with
#      `cargo clippy -- -D warnings`, inside one shared workspace
#      (target/corpus/Cargo.toml) that uses the project's Cargo.lock and the
#      shared CARGO_TARGET_DIR. Dependencies are compiled once up front (by a
#      warm-up crate generated from a fixture), and each crate's own artifacts
#      are removed (`cargo clean -p`) before it is built, so the time shown is
#      the time to compile the generated crate alone,
#   4. runs the crate's example tests (generated with `--example-tests`: every
#      JSON example of the document decoded into its type and encoded back),
#      models only (`--no-default-features`, with `all-tags` for a crate
#      with tag features, whose models are gated by them), and classes each
#      round trip:
#      equal, same instant written differently, float precision, an optional
#      property's null left out, an undeclared property dropped, does not
#      decode, lossy; every example that
#      does not decode or is lossy is then checked against its own schema by
#      an independent validator (Python `jsonschema`, from PyPI into
#      target/corpus-venv; scripts/corpus_examples.py),
#   5. with --instances N: makes a copy of the document whose examples are
#      N instances of each of its schemas, drawn by an independent generator
#      (PyPI `hypothesis-jsonschema`, seeded: scripts/corpus_instances.py
#      says how) and valid by `jsonschema`, the document's own examples
#      removed; generates a crate from that copy (target/corpus/<name>_inst/)
#      and runs its example tests as in step 4 (the instances round-trip
#      like the examples, and the validator gives its verdict on each that
#      fails),
#   6. writes a Markdown table (joined with the corpus MANIFEST.tsv: OpenAPI
#      version, operations, schemas) plus a summary of failure causes and of
#      the examples and instances that do not round-trip.
# Every step runs under `timeout`, so one document cannot hang the run.
# Documents that fail are data, not script failures: the exit status is 0
# whenever the report was written (unless --strict).
#
# Usage: scripts/corpus-report.sh [--quick] [--strict] [--examples-only] [--instances N [--seed S]]
#                                 [--merge] [--out FILE] [DOCUMENT...]
#   --quick      only a representative subset (a small, a medium and a large
#                document), e.g. for CI
#   --strict     exit 1 unless every document generated, built and passed clippy
#   --examples-only  skip build and clippy (step 3): generate and run the
#                example tests only
#   --instances N  also round-trip N instances of every schema (step 5); the
#                same N, S, document and package versions give the same
#                instances (hypothesis-jsonschema 0.23.1 and hypothesis
#                6.170.5, pinned)
#   --seed S     the instances' seed (default 0)
#   --instances-only  with --instances: skip the document's own examples (and,
#                as --examples-only, build and clippy); with --merge their
#                cells come from the earlier report, marked †
#   --merge      keep the documents not run: their results from the earlier
#                runs in the same work folder (target/corpus/results.all.tsv,
#                with the generator each came from), marked ‡ and counted in
#                every summary line; a document the work folder has no
#                results of keeps its rows of the existing report (--out),
#                marked †. Cells this run did not measure (build and clippy
#                with --examples-only, examples with --instances-only,
#                instances without --instances) come from that report,
#                marked †
#   --out FILE   where the report goes; default docs/corpus.md for a full run,
#                target/corpus/corpus.md for --quick or an explicit subset
#   DOCUMENT     a path, or a name relative to the corpus folder, with or
#                without extension (e.g. `oai-petstore`, `openapi-3.1/figma-rest.yaml`)
# Environment:
#   CARGO_TARGET_DIR  shared target folder (default: <repo>/target)
#   CORPUS_DIR        the corpus (default: <repo>/../shared/specs/corpus)
#   CORPUS_WORK       the work folder (default: <repo>/target/corpus; another one lets two runs go at once)
#   CODEGEN           a prebuilt openapi-codegen binary (default: built here)
#   CODEGEN_LABEL     what that binary is, for the report (e.g. `commit 5c5399e`)
#   GEN_TIMEOUT       seconds allowed to generate one document (default 300)
#   BUILD_TIMEOUT     seconds allowed for each of build / clippy of one crate (default 900)
#   INSTANCE_TIMEOUT  seconds allowed to make one document's instances (default 1800)
#   INSTANCE_BUDGET   seconds of drawing allowed per schema (default 2)
#   INSTANCE_SAMPLE   give instances to at most this many schemas of a document,
#                     evenly spaced (default 0: all)
#   INSTANCE_REUSE    1: take a document's instances from the work folder when an
#                     earlier run made them with the same N, seed, budget and sample
#   KEEP_CRATES       1: generate over the crates of an earlier run instead of afresh
#                     (files that do not change are not written, so cargo has nothing
#                     to rebuild for them)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
corpus="${CORPUS_DIR:-$root/../shared/specs/corpus}"
gen_timeout="${GEN_TIMEOUT:-300}"
build_timeout="${BUILD_TIMEOUT:-900}"
instance_timeout="${INSTANCE_TIMEOUT:-1800}"
instance_budget="${INSTANCE_BUDGET:-2}"
instance_sample="${INSTANCE_SAMPLE:-0}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
work="${CORPUS_WORK:-$root/target/corpus}"
quick_set=(oai-petstore.yaml overseerr-api.yaml twilio-api-v2010.json)

quick=0
strict=0
examples_only=0
merge=0
instances=0
instances_only=0
seed=0
out=""
requested=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --strict) strict=1 ;;
    --examples-only) examples_only=1 ;;
    --instances-only) examples_only=1 instances_only=1 ;;
    --merge) merge=1 ;;
    --instances)
      instances="${2:?--instances needs a count}"; shift
      [[ "$instances" =~ ^[1-9][0-9]*$ ]] || { echo "--instances needs a positive count" >&2; exit 2; } ;;
    --seed)
      seed="${2:?--seed needs a number}"; shift
      [[ "$seed" =~ ^[0-9]+$ ]] || { echo "--seed needs a number" >&2; exit 2; } ;;
    --out) out="${2:?--out needs a file}"; shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "unknown option: $1" >&2; exit 2 ;;
    *) requested+=("$1") ;;
  esac
  shift
done

[ -d "$corpus" ] || { echo "no corpus at $corpus (set CORPUS_DIR)" >&2; exit 2; }
corpus=$(cd "$corpus" && pwd)

# The documents to process, as paths.
docs=()
resolve() {
  local arg=$1 candidate
  for candidate in "$arg" "$corpus/$arg" "$corpus/$arg.yaml" "$corpus/$arg.json" \
    "$corpus/openapi-3.1/$arg" "$corpus/openapi-3.1/$arg.yaml" "$corpus/openapi-3.1/$arg.json"; do
    if [ -f "$candidate" ]; then
      docs+=("$(cd "$(dirname "$candidate")" && pwd)/$(basename "$candidate")")
      return 0
    fi
  done
  echo "no such document: $arg" >&2
  exit 2
}
if [ "$quick" = 1 ]; then
  for d in "${quick_set[@]}"; do resolve "$d"; done
fi
for d in "${requested[@]+"${requested[@]}"}"; do resolve "$d"; done
if [ ${#docs[@]} -eq 0 ]; then
  shopt -s nullglob
  docs=("$corpus"/*.yaml "$corpus"/*.json "$corpus"/openapi-3.1/*.yaml "$corpus"/openapi-3.1/*.json)
  shopt -u nullglob
  out="${out:-$root/docs/corpus.md}"
else
  out="${out:-$work/corpus.md}"
fi

mkdir -p "$work" "$(dirname "$out")"
results="$work/results.tsv"
# with --merge, the rows of the runs before (results.all.tsv, written by the
# report below with each row's generator; else the last run's own rows)
if [ "$merge" = 1 ] && [ ! -s "$work/results.all.tsv" ] && [ -s "$results" ]; then
  cp "$results" "$work/results.earlier.tsv"
fi
: >"$results"

log() { printf '[corpus %s] %s\n' "$(date +%T)" "$*" >&2; }

# Seconds elapsed since $1 (an $EPOCHREALTIME value), with $2 decimals (default 1).
since() { awk -v a="$1" -v b="$EPOCHREALTIME" -v d="${2:-1}" 'BEGIN { printf "%.*f", d, b - a }'; }

# First line of file $2 matching extended regex $1, tabs flattened, or "".
first_match() { { grep -m1 -E "$1" "$2" || true; } | tr '\t' ' ' | cut -c1-400; }

if [ -z "${CODEGEN:-}" ]; then
  log "building openapi-codegen"
  # Release for a full run (its times are the ones users see); debug for
  # --quick, which CI runs right after a debug build.
  if [ "$quick" = 1 ]; then profile=debug; else profile=release; fi
  cargo build --quiet --manifest-path "$root/Cargo.toml" -p openapi-codegen --bin openapi-codegen \
    $([ "$profile" = release ] && echo --release)
  CODEGEN="$CARGO_TARGET_DIR/$profile/openapi-codegen"
  label="commit \`$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')\` ($profile build)"
  [ -z "$(git -C "$root" status --porcelain -- generator 2>/dev/null)" ] || label="$label with uncommitted changes"
else
  label="${CODEGEN_LABEL:-prebuilt binary \`$CODEGEN\`}"
fi
log "generator: $CODEGEN; target: $CARGO_TARGET_DIR; ${#docs[@]} documents"

# The validator (and, for --instances, the instance generator), from PyPI.
venv="$root/target/corpus-venv"
python_ready=""
python_packages() {
  [ -z "$python_ready" ] || return 0
  python_ready=1
  local packages=(jsonschema rfc3339-validator pyyaml)
  [ "$instances" = 0 ] || packages+=(hypothesis==6.170.5 hypothesis-jsonschema==0.23.1)
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv" || return 1
  "$venv/bin/python" -c 'import jsonschema, yaml, rfc3339_validator' 2>/dev/null \
    && { [ "$instances" = 0 ] || "$venv/bin/python" -c 'import hypothesis_jsonschema, sys, hypothesis
sys.exit(hypothesis.__version__ != "6.170.5")' 2>/dev/null; } && return 0
  log "installing ${packages[*]} (PyPI) into $venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "${packages[@]}"
}
if [ "$instances" != 0 ]; then
  python_packages || { echo "could not install hypothesis-jsonschema into $venv" >&2; exit 2; }
fi

# 1. Generate every document; the crates that generate become workspace members.
names=()
members=('"warmup"')
for spec in "${docs[@]}"; do
  rel=${spec#"$corpus"/}
  name=$(basename "${spec%.*}" | tr -c 'a-zA-Z0-9\n' '_' | tr 'A-Z' 'a-z')
  names+=("$name")
  dir="$work/$name"
  rm -rf "$work/$name.gen.out" "$work/$name.gen.err"
  [ "${KEEP_CRATES:-0}" = 1 ] || rm -rf "$dir"
  log "generate $rel"
  start=$EPOCHREALTIME
  rc=0
  timeout -k 10 "$gen_timeout" "$CODEGEN" generate "$spec" --out "$dir" --crate-name "corpus_$name" --example-tests \
    >"$work/$name.gen.out" 2>"$work/$name.gen.err" || rc=$?
  gen_time=$(since "$start" 2)
  if [ "$rc" = 0 ]; then
    # On success every diagnostic printed is a warning (whatever its label).
    warnings=$(grep -cE '^(warning|error) at ' "$work/$name.gen.err" || true)
    first_error=""
    lines=$(find "$dir/src" -name '*.rs' -print0 | xargs -0 cat | wc -l)
    members+=("\"$name\"")
  else
    warnings=$(grep -cE '^warning at ' "$work/$name.gen.err" || true)
    first_error=$(first_match '^error' "$work/$name.gen.err")
    if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then first_error="timed out after ${gen_timeout}s"; fi
    [ -n "$first_error" ] || first_error=$(head -c 400 "$work/$name.gen.err" | head -n1)
    errors=$(sed -nE '1s/.*: ([0-9]+) errors?$/\1/p' "$work/$name.gen.err")
    case "$errors" in
      "") ;;
      1) first_error="(1 error) $first_error" ;;
      *) first_error="($errors errors) $first_error" ;;
    esac
    lines=""
  fi
  # (fields separated by \x1f: `read` would merge empty tab-separated fields)
  printf '%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\n' "$rel" "$name" "$rc" "$gen_time" "$warnings" "$lines" "$first_error" \
    >"$work/$name.gen.fields"
  # 5. (first half) the instances, and the crate of the copy that holds them
  inst="$work/${name}_inst"
  [ "${KEEP_CRATES:-0}" = 1 ] || rm -rf "$inst"
  [ "$instances" != 0 ] || { rm -f "$work/$name.instances".*; continue; }
  args="$spec N=$instances seed=$seed budget=$instance_budget sample=$instance_sample"
  irc=0
  if [ "${INSTANCE_REUSE:-0}" = 1 ] && [ -s "$work/$name.instances.json" ] \
    && [ "$(cat "$work/$name.instances.args" 2>/dev/null)" = "$args" ]; then
    log "instances of $rel: reusing $work/$name.instances.json"
    inst_time=$(sed -nE 's/.*; ([0-9.]+) s$/\1/p' "$work/$name.instances.log" | tail -n1)
  else
    rm -f "$work/$name.instances".*
    log "instances of $rel (N=$instances, seed $seed)"
    start=$EPOCHREALTIME
    (cd "$root/scripts" && timeout -k 10 "$instance_timeout" "$venv/bin/python" corpus_instances.py "$spec" \
      "$work/$name.instances.json" --count "$instances" --seed "$seed" --budget "$instance_budget" \
      --sample "$instance_sample") 2>"$work/$name.instances.log" || irc=$?
    inst_time=$(since "$start")
    [ "$irc" != 0 ] || printf '%s\n' "$args" >"$work/$name.instances.args"
  fi
  inst_state=ok
  if [ "$irc" != 0 ]; then
    inst_state="fail"
    [ "$irc" = 124 ] || [ "$irc" = 137 ] && inst_state="timeout"
  else
    grc=0
    timeout -k 10 "$gen_timeout" "$CODEGEN" generate "$work/$name.instances.json" --out "$inst" \
      --crate-name "corpus_${name}_inst" --example-tests >"$work/$name.instances.gen.out" \
      2>"$work/$name.instances.gen.err" || grc=$?
    if [ "$grc" = 0 ] && [ -f "$inst/src/example_tests/mod.rs" ]; then
      members+=("\"${name}_inst\"")
    elif [ "$grc" = 0 ]; then
      inst_state="none"
    else
      inst_state="gen-fail:$grc"
    fi
  fi
  # (the warnings the copy adds to the document's, which should be none)
  inst_warnings=$(grep -cE '^(warning|error) at ' "$work/$name.instances.gen.err" 2>/dev/null || true)
  printf '%s\t%s\t%s\t%s\n' "$inst_state" "$inst_time" "$inst_warnings" "$instances" >"$work/$name.instances.fields"
done

# 2. The shared workspace: the project's Cargo.lock, a warm-up crate for the
# dependencies, and every generated crate.
[ "${KEEP_CRATES:-0}" = 1 ] || rm -rf "$work/warmup"
"$CODEGEN" generate "$root/generator/tests/fixtures/pets.yaml" --out "$work/warmup" --crate-name warmup \
  >/dev/null 2>&1
(IFS=,; printf '[workspace]\nmembers = [%s]\nresolver = "3"\n' "${members[*]}") >"$work/Cargo.toml"
cp "$root/Cargo.lock" "$work/Cargo.lock"
log "building the dependencies once (warm-up crate)"
if [ "$examples_only" = 1 ]; then
  warm_up() { cargo test --quiet -p warmup --lib --no-default-features --no-run; }
else
  warm_up() { cargo build --quiet -p warmup && cargo clippy --quiet -p warmup -- -D warnings \
    && cargo test --quiet -p warmup --lib --no-default-features --no-run; }
fi
(cd "$work" && warm_up) \
  || log "warning: the warm-up crate did not build; build times below include dependencies"

# The example tests of crate $2 (document $1 at $3): the round trips as
# $work/$2.examples.tsv, the verdicts of the validator on those that failed
# as $work/$2.examples.verdicts.tsv; sets $examples (ok, or fail: the tests
# did not build or ran none) and $examples_time.
run_examples() {
  local rel=$1 name=$2 spec=$3 package="corpus-${2//_/-}" start erc=0 tags=()
  log "example tests $rel"
  # models only, but every tag's (a crate with tag features gates its models)
  if grep -q '^all-tags = ' "$work/$name/Cargo.toml" 2>/dev/null; then tags=(--features all-tags); fi
  start=$EPOCHREALTIME
  (cd "$work" && timeout -k 10 "$build_timeout" cargo test --quiet -p "$package" --lib --no-default-features \
    "${tags[@]+"${tags[@]}"}" -- --nocapture --test-threads=1) >"$work/$name.examples.log" 2>&1 || erc=$?
  examples_time=$(since "$start")
  # (libtest's progress dots may stand before a line)
  grep -ao 'example-round-trip	.*' "$work/$name.examples.log" >"$work/$name.examples.tsv" || true
  if [ ! -s "$work/$name.examples.tsv" ]; then
    examples="fail"
    [ "$erc" = 124 ] || [ "$erc" = 137 ] && examples="timeout"
    return 0
  fi
  examples=ok
  python_packages || log "warning: no jsonschema; failures are not checked"
  "$venv/bin/python" "$root/scripts/corpus_examples.py" "$spec" "$work/$name.examples.tsv" \
    "$work/$name.examples.verdicts.tsv" 2>>"$work/$name.examples.log" \
    || log "warning: the validator failed on $rel (see $work/$name.examples.log)"
}

# 3. Build and clippy each generated crate on its own, then run its example tests.
for i in "${!docs[@]}"; do
  name=${names[$i]}
  spec_path=${docs[$i]}
  IFS=$'\x1f' read -r rel _ rc gen_time warnings lines first_error <"$work/$name.gen.fields"
  rm -f "$work/$name.gen.fields"
  build="" build_time="" clippy="" build_error="" clippy_error="" examples="" examples_time=""
  if [ "$rc" = 0 ] && [ "$examples_only" = 1 ]; then
    build=skip
  elif [ "$rc" = 0 ]; then
    package="corpus-${name//_/-}"
    (cd "$work" && cargo clean --quiet -p "$package" >/dev/null 2>&1) || true
    log "build $rel"
    start=$EPOCHREALTIME
    brc=0
    (cd "$work" && timeout -k 10 "$build_timeout" cargo build --quiet -p "$package") \
      >"$work/$name.build.log" 2>&1 || brc=$?
    build_time=$(since "$start")
    if [ "$brc" = 0 ]; then
      build=ok
      log "clippy $rel"
      crc=0
      (cd "$work" && timeout -k 10 "$build_timeout" cargo clippy --quiet -p "$package" -- -D warnings) \
        >"$work/$name.clippy.log" 2>&1 || crc=$?
      if [ "$crc" = 0 ]; then
        clippy=ok
      elif [ "$crc" = 124 ] || [ "$crc" = 137 ]; then
        clippy=timeout
        clippy_error="timed out after ${build_timeout}s"
      else
        n=$(grep -E '^error(\[|:)' "$work/$name.clippy.log" | grep -vcE '^error: (could not compile|aborting)' || true)
        clippy="fail:$n"
        clippy_error=$(grep -E '^error(\[|:)' "$work/$name.clippy.log" | grep -vE '^error: (could not compile|aborting)' \
          | head -n1 | tr '\t' ' ' | cut -c1-400 || true)
      fi
    elif [ "$brc" = 124 ] || [ "$brc" = 137 ]; then
      build=timeout
      build_error="timed out after ${build_timeout}s"
    else
      n=$(sed -nE 's/.*due to ([0-9]+) previous errors?.*/\1/p' "$work/$name.build.log" | head -n1)
      build="fail:${n:-?}"
      build_error=$(grep -E '^error(\[|:)' "$work/$name.build.log" | grep -vE '^error: (could not compile|aborting)' \
        | head -n1 | tr '\t' ' ' | cut -c1-400 || true)
    fi
  fi
  if [ "$rc" = 0 ] && [ "$instances_only" = 0 ] && [ -f "$work/$name/src/example_tests/mod.rs" ]; then
    run_examples "$rel" "$name" "$spec_path"
  elif [ "$instances_only" = 1 ]; then
    examples=skip
  fi
  # 5. (second half) the instances' round trips
  inst_state="" inst_time="" inst_warnings="" inst_n="" inst_run="" inst_run_time=""
  if [ -f "$work/$name.instances.fields" ]; then
    IFS=$'\t' read -r inst_state inst_time inst_warnings inst_n <"$work/$name.instances.fields"
    rm -f "$work/$name.instances.fields"
    if [ "$inst_state" = ok ]; then
      saved=("$examples" "$examples_time")
      run_examples "$rel (instances)" "${name}_inst" "$work/$name.instances.json"
      inst_run=$examples inst_run_time=$examples_time
      examples=${saved[0]} examples_time=${saved[1]}
    fi
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rel" "$rc" "$gen_time" "$warnings" "$lines" \
    "$build" "$build_time" "$clippy" "$first_error" "$build_error" "$clippy_error" "$name" "$examples" "$examples_time" \
    "$inst_state" "$inst_time" "$inst_warnings" "$inst_n" "$inst_run" "$inst_run_time" >>"$results"
done

# 6. The report.
python3 - "$corpus/MANIFEST.tsv" "$results" "$out" "$label" "$work" "$merge" "$seed" <<'PY'
import collections, csv, datetime, os, re, sys

manifest_path, results_path, out_path, label, work, merge, seed = sys.argv[1:8]

manifest = {}
if os.path.exists(manifest_path):
    with open(manifest_path, newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            manifest[row["file"]] = row

fields = ["doc", "rc", "gen_time", "warnings", "lines", "build", "build_time",
          "clippy", "gen_error", "build_error", "clippy_error", "name", "examples",
          "examples_time", "inst_state", "inst_time", "inst_warnings", "inst_n", "inst_run",
          "inst_run_time"]
def read_rows(path, label_of_row=None):
    """The result rows of `path` (one per document), each with the
    generator that made it and the instances' seed (`label` and `seed`:
    the two fields after the results', else `label_of_row` and this run's
    seed)."""
    found = []
    if not os.path.exists(path):
        return found
    with open(path) as f:
        for line in f:
            values = line.rstrip("\n").split("\t")
            row = dict(zip(fields, values + [""] * (len(fields) - len(values))))
            extra = values[len(fields):]
            row["label"] = extra[0] if extra else label_of_row
            row["seed"] = extra[1] if len(extra) > 1 else seed
            found.append(row)
    return found


def earlier_label():
    """The generator named by the earlier report's Run line."""
    if not os.path.exists(out_path):
        return "an earlier run"
    with open(out_path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("- Run: ") and "; generator: " in line:
                return line.split("; generator: ", 1)[1].split(";", 1)[0].strip()
    return "an earlier run"


rows = read_rows(results_path, label)
# with --merge, the earlier runs' rows of the documents this run did not
# cover are carried (their files in the work folder are still theirs)
if merge == "1":
    ran = {r["doc"] for r in rows}
    everything = os.path.join(work, "results.all.tsv")
    earlier_rows = (read_rows(everything) if os.path.exists(everything)
                    else read_rows(os.path.join(work, "results.earlier.tsv"), earlier_label()))
    for r in earlier_rows:
        if r["doc"] not in ran:
            r["carried"] = True
            rows.append(r)
with open(os.path.join(work, "results.all.tsv"), "w") as f:
    for r in rows:
        f.write("\t".join([r[k] for k in fields] + [r["label"] or "?", r["seed"]]) + "\n")
carried_labels = sorted({r["label"] for r in rows if r.get("carried")})


def cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def short(text, n=110):
    text = text.strip()
    return text if len(text) <= n else text[: n - 1] + "…"


def gen_cell(r):
    if r["rc"] == "0":
        return f"✅ {r['gen_time']} s"
    if r["rc"] in ("124", "137"):
        return f"⏱ timeout ({r['gen_time']} s)"
    return f"❌ exit {r['rc']} ({r['gen_time']} s)"


def build_cell(r):
    b = r["build"]
    if not b:
        return "—"
    if b == "skip":
        return "not run"
    if b == "ok":
        return f"✅ {r['build_time']} s"
    if b == "timeout":
        return f"⏱ timeout ({r['build_time']} s)"
    return f"❌ {b.split(':')[1]} errors ({r['build_time']} s)"


def clippy_cell(r):
    c = r["clippy"]
    if not c:
        return "not run" if r["build"] == "skip" else "—"
    if c == "ok":
        return "✅"
    if c == "timeout":
        return "⏱ timeout"
    return f"❌ {c.split(':')[1]} errors"


CLASSES = ["equal", "instant", "float", "null", "undeclared", "undecodable", "lossy"]


def read_tsv(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8", errors="replace") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


# each document's round trips (class, example, schema, difference) and the
# validator's verdicts on those that failed
for r in rows:
    r["trips"] = read_tsv(os.path.join(work, f"{r['name']}.examples.tsv")) if r["examples"] == "ok" else []
    r["verdicts"] = read_tsv(os.path.join(work, f"{r['name']}.examples.verdicts.tsv")) if r["trips"] else []
    r["counts"] = collections.Counter(t[1] for t in r["trips"] if len(t) > 1)
    r["violating"] = sum(1 for v in r["verdicts"] if len(v) > 5 and v[1] == "undecodable" and v[5].startswith("violates"))
    # the instances: the schemas (pointer, status, kept, drawn, seconds, reason) and their round trips
    r["schemas"] = read_tsv(os.path.join(work, f"{r['name']}.instances.json.tsv")) if r["inst_state"] else []
    r["itrips"] = read_tsv(os.path.join(work, f"{r['name']}_inst.examples.tsv")) if r["inst_run"] == "ok" else []
    r["iverdicts"] = read_tsv(os.path.join(work, f"{r['name']}_inst.examples.verdicts.tsv")) if r["itrips"] else []
    r["icounts"] = collections.Counter(t[1] for t in r["itrips"] if len(t) > 1)
    r["iviolating"] = sum(1 for v in r["iverdicts"] if len(v) > 5 and v[5].startswith("violates"))
    r["iskipped"] = [s for s in r["schemas"] if len(s) > 5 and s[1] == "skipped"]
    r["tried"] = [s for s in r["schemas"] if len(s) > 1 and s[1] != "unsampled"]


def schemas_cell(r):
    """How many schemas were given instances (of how many, when sampled)."""
    if not r["schemas"]:
        return "—"
    if len(r["tried"]) < len(r["schemas"]):
        return f"{len(r['tried'])} of {len(r['schemas'])} (sampled)"
    return str(len(r["tried"]))


def fit(counts):
    """The share of round trips without loss (neither undecodable nor lossy), as text."""
    total = sum(counts.values())
    if not total:
        return "—"
    lost = counts.get("undecodable", 0) + counts.get("lossy", 0)
    return f"{100 * (total - lost) / total:.1f} %"


def inst_measured(r):
    return bool(r["inst_state"])


def inst_cells(r):
    """The main table's instance columns: how many, schemas skipped, undecodable, lossy, fit."""
    state = r["inst_state"]
    if not state:
        return ["—"] * 5
    skipped = f"{len(r['iskipped'])} / {len(r['tried'])}" if r["schemas"] else "—"
    if state == "none":
        return ["0", skipped, "—", "—", "—"]
    if state != "ok" or r["inst_run"] != "ok":
        what = state if state != "ok" else f"tests {r['inst_run'] or 'not run'}"
        return [f"❌ {what}", skipped, "—", "—", "—"]
    c = r["icounts"]
    undecodable = c.get("undecodable", 0)
    return [str(len(r["itrips"])), skipped,
            f"{undecodable} ({r['iviolating']} violate)" if undecodable else "0",
            str(c.get("lossy", 0)), fit(c)]


def examples_cells(r):
    """The examples columns: how many, then each class."""
    if r["examples"] == "skip":
        return ["not run"] + ["—"] * len(CLASSES)
    if r["examples"] in ("fail", "timeout"):
        return [f"❌ {r['examples']} ({r['examples_time']} s)"] + ["—"] * len(CLASSES)
    if not r["trips"]:
        return ["0"] + ["—"] * len(CLASSES)
    c = r["counts"]
    cells = [f"{len(r['trips'])} ({r['examples_time']} s)"]
    for cls in CLASSES:
        n = c.get(cls, 0)
        if cls == "undecodable" and n:
            cells.append(f"{n} ({r['violating']} violate)")
        else:
            cells.append(str(n))
    return cells


def note(r):
    if r["rc"] != "0":
        return short(r["gen_error"])
    if r["build"] not in ("", "ok", "skip"):
        return short(r["build_error"] or r["build"])
    if r["clippy"] not in ("", "ok"):
        return short(r["clippy_error"] or r["clippy"])
    return ""


def cause(message):
    """A failure message reduced to its kind: no places, names or numbers."""
    m = re.sub(r"^\(\d+ errors?\) ", "", message)
    m = re.sub(r"^(error|warning) at \S+: ", "", m)
    m = re.sub(r"`[^`]*`", "`…`", m)
    m = re.sub(r'"[^"]*"', '"…"', m)
    m = re.sub(r"\b\d+(\.\d+)*\b", "N", m)
    return short(m, 140)


def num(value):
    try:
        return int(value)
    except ValueError:
        return None


total = len(rows)
generated = [r for r in rows if r["rc"] == "0"]
built = [r for r in generated if r["build"] == "ok"]
skipped = [r for r in generated if r["build"] == "skip"]
clean = [r for r in built if r["clippy"] == "ok"]
warnings_total = sum(num(r["warnings"]) or 0 for r in generated)
lines_total = sum(num(r["lines"]) or 0 for r in generated)

out = []
out.append("# Corpus report")
out.append("")
out.append("How far `openapi-codegen` gets on real-world OpenAPI documents "
           "(`../shared/specs/corpus`). Written by `scripts/corpus-report.sh`; "
           "do not edit by hand.")
out.append("")
out.append(f"- Run: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; generator: {label}"
           + (f"; rows marked ‡ carried from earlier runs (`--merge`), generator: {', '.join(carried_labels)}; "
              "every summary line counts them too" if carried_labels else ""))
out.append(f"- Generated: **{len(generated)} / {total}** documents; "
           + (f"build and clippy not run (`--examples-only`) for {len(skipped)}; " if skipped else "")
           + f"built: **{len(built)} / {total}**; clippy-clean (`-D warnings`): **{len(clean)} / {total}**")
out.append(f"- Warnings on the documents that generate: {warnings_total}; generated lines: {lines_total:,}")
trips = [t for r in rows for t in r["trips"]]
totals = collections.Counter(t[1] for t in trips if len(t) > 1)
violating = sum(r["violating"] for r in rows)
out.append(f"- Examples (every JSON example of request bodies, success responses and component schemas, "
           f"decoded into the generated type and encoded back by the crate's example tests): **{len(trips)}** "
           f"in {sum(1 for r in rows if r['trips'])} documents; "
           + ", ".join(f"{cls} {totals.get(cls, 0)}" for cls in CLASSES)
           + f"; of the undecodable, {violating} violate their own schema (Python `jsonschema`)")
itrips = [t for r in rows for t in r["itrips"]]
if any(inst_measured(r) for r in rows):
    itotals = collections.Counter(t[1] for t in itrips if len(t) > 1)
    out.append(f"- Instances (`--instances`: made from each schema by `hypothesis-jsonschema`, valid by "
               f"`jsonschema`, round-tripped the same way): **{len(itrips)}** in "
               f"{sum(1 for r in rows if r['itrips'])} documents; "
               + ", ".join(f"{cls} {itotals.get(cls, 0)}" for cls in CLASSES)
               + f"; without loss: {fit(itotals)}; schemas skipped: "
               f"{sum(len(r['iskipped']) for r in rows)} of {sum(len(r['tried']) for r in rows)}")
elif merge == "1" and os.path.exists(out_path):
    # no instances this run: the earlier report's summary of them, as its cells are carried
    with open(out_path, encoding="utf-8") as f:
        carried_line = next((line.rstrip("\n") for line in f if line.startswith("- Instances (`--instances`:")), None)
    if carried_line:
        out.append(carried_line.removesuffix(" †") + " †")
out.append("- Times are wall-clock on the machine that ran the script: generation by the "
           "generator named above (whole process); build = `cargo build` (debug) of the generated crate alone, "
           "dependencies prebuilt. Lines count every `src/**/*.rs`, the copied runtime included.")
out.append("")
out.append("- Examples: how many (and the time to build and run the tests, models only), then each class of "
           "round trip: Equal; Instant (the same point in time written differently); Float (a number within "
           "a float's precision, the `f32` nearest to it for a `format: float` field, or an integer written as a float); Null (an optional property's `null` left out, or a required nullable "
           "property the example leaves out written as `null`: its `Option` is `None` either way); Undeclared (a property the schema does "
           "not declare, dropped); Undecodable (and how many of those violate their own schema); Lossy "
           "(anything else: declared data lost).")
out.append("- Instances (`--instances N`; the section [Instance round trips](#instance-round-trips) has "
           "every class): how many round-tripped, the schemas skipped (of those given instances), "
           "Undecodable, Lossy, and Fit: the share that round-trips without loss (neither undecodable "
           "nor lossy).")
out.append("")
INST = ["Instances", "Inst. skipped", "Inst. undecodable", "Inst. lossy", "Inst. fit"]
HEADER = ["Document", "OpenAPI", "Ops", "Schemas", "Generation", "Warnings", "Lines", "Build", "Clippy",
          "Examples", "Equal", "Instant", "Float", "Null", "Undeclared", "Undecodable", "Lossy", *INST, "Note"]
ALIGN = {"Ops", "Schemas", "Warnings", "Lines", "Examples", "Equal", "Instant", "Float", "Null", "Undeclared",
         "Undecodable", "Lossy", *INST}


def table_rows(path, second):
    """The rows of an earlier report's tables whose second column is `second`, by
    document, as cells by column name."""
    if not os.path.exists(path):
        return {}
    header, found = None, {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("| "):
                header = None if not line.startswith("|") else header
                continue
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
            if len(cells) > 1 and cells[0] == "Document":
                header = cells if cells[1] == second else None
            elif header and cells and cells[0].startswith("`"):
                # the name between the backticks, whatever marks (‡, †) follow
                found[cells[0].split("`")[1]] = dict(zip(header, cells))
    return found


earlier = table_rows(out_path, "OpenAPI") if merge == "1" else {}
earlier_instances = table_rows(out_path, "N") if merge == "1" else {}


def earlier_items(summary, keep):
    """The items of an earlier report's list under `<summary>summary</summary>`
    (with --merge) about the documents `keep` says to keep, as (document, line)."""
    if merge != "1" or not os.path.exists(out_path):
        return []
    found, inside = [], False
    with open(out_path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line == f"<details><summary>{summary}</summary>":
                inside = True
            elif line == "</details>":
                inside = False
            elif inside and line.startswith("- `"):
                doc = line[3:].split("`", 1)[0]
                if keep(doc):
                    found.append((doc, line))
    return found


def verdict_counts(lines):
    """(class, verdict) counts of the items of a failure list."""
    counts = collections.Counter()
    for _, line in lines:
        m = re.match(r"- `[^`]*` (\w+) .* — \*\*(\w+)", line)
        if m:
            counts[(m.group(1), m.group(2))] += 1
    return counts
order = list(earlier) + [doc for doc in manifest if doc not in earlier]
carried = []
lines_out = []
for r in rows:
    m = manifest.get(r["doc"], {})
    values = dict(zip(HEADER, [
        f"`{r['doc']}`" + (" ‡" if r.get("carried") else ""), m.get("openapi_version", "?"), m.get("operations", "?"),
        m.get("schemas", "?"), gen_cell(r), r["warnings"] or "0",
        f"{int(r['lines']):,}" if r["lines"] else "—", build_cell(r), clippy_cell(r),
        *examples_cells(r), *inst_cells(r), note(r),
    ]))
    values = {k: cell(v) for k, v in values.items()}
    old = earlier.pop(r["doc"], None)
    if old and r["build"] == "skip":
        values["Build"], values["Clippy"] = old.get("Build", "—") + " †", old.get("Clippy", "—") + " †"
    if old and r["examples"] == "skip":
        for h in ["Examples", "Equal", "Instant", "Float", "Null", "Undeclared", "Undecodable", "Lossy"]:
            values[h] = old.get(h, "—") + " †"
    if old and not inst_measured(r) and old.get("Instances", "—") != "—":
        for h in INST:
            values[h] = old.get(h, "—") + " †"
    lines_out.append((r["doc"], values))
for doc, old in earlier.items():
    carried.append(doc)
    values = {h: old.get(h, "—") for h in HEADER}
    values["Document"] = f"`{doc}` †"
    lines_out.append((doc, values))
lines_out.sort(key=lambda pair: order.index(pair[0]) if pair[0] in order else len(order))
out.append("| " + " | ".join(HEADER) + " |")
out.append("|" + "|".join("--:" if h in ALIGN else "---" for h in HEADER) + "|")
for _, values in lines_out:
    out.append("| " + " | ".join(values[h] for h in HEADER) + " |")
out.append("")
if carried or any(r["build"] == "skip" for r in rows):
    out.append("† From the earlier report this one was merged into (`--merge`): the rows of documents "
               "this run did not cover, Build and Clippy where this run skipped them (`--examples-only`), "
               "the examples columns where it skipped them (`--instances-only`), "
               "and the instance columns where this run made none (no `--instances`). "
               "The summary lines above count this run only.")
    out.append("")

out.append("## Example round trips that fail")
out.append("")
out.append("Each example that does not decode or is lossy, with the first difference and the verdict of "
           "an independent validator (Python `jsonschema` against the example's own schema; OpenAPI 3.0 "
           "`nullable` read as a `null` alternative, a schema of object (array) keywords without a "
           "`type` as an object (an array), as OpenAPI tools read it, formats checked): `violates` names what breaks the "
           "schema; `valid` means the failure is the generator's.")
out.append("")
# (with --merge, those of the documents whose examples this run did not check stay)
checked = {r["doc"] for r in rows if r["examples"] != "skip"}
failing = [(r["doc"], f"- `{r['doc']}` {v[1]} `{v[2]}`: {cell(short(v[4], 200))} — **{cell(short(v[5], 220))}**")
           for r in rows for v in r["verdicts"] if len(v) > 5]
failing += earlier_items("Every failing example", lambda doc: doc not in checked)
failing.sort(key=lambda pair: order.index(pair[0]) if pair[0] in order else len(order))
if not failing:
    out.append("None.")
    out.append("")
else:
    out.append("| Class | Verdict | Count |")
    out.append("|---|---|--:|")
    for (cls, verdict), n in sorted(verdict_counts(failing).items()):
        out.append(f"| {cls} | {verdict} | {n} |")
    out.append("")
    out.append("<details><summary>Every failing example</summary>")
    out.append("")
    for _, line in failing:
        out.append(line)
    out.append("")
    out.append("</details>")
    out.append("")

out.append("## Instance round trips")
out.append("")
out.append("With `--instances N [--seed S]`, `scripts/corpus_instances.py` writes a copy of each document "
           "(`target/corpus/<name>.instances.json`) whose examples are instances of its schemas, made by an "
           "independent generator, `hypothesis-jsonschema` (0.23.1, with Hypothesis 6.170.5, from PyPI): up to N "
           "for every component schema (as its `examples`) and for the inline schema of the first JSON media "
           "type of each request body and success response (as the media type's `examples`), with the "
           "document's own examples removed. Each schema is read as JSON Schema (OpenAPI 3.0's `nullable` as a "
           "`null` alternative, as the example checks read it), its references inlined (a reference round a "
           "cycle cut: that property left out, that array empty), with OpenAPI's own constraints added: "
           "integers within their format (`int32`; else 64 bits), `float` within `f32`'s range, a schema "
           "of object (array) keywords without a `type` an object (an array), the "
           "`discriminator` property set to the values naming each alternative. Hypothesis draws from it "
           "with a fixed seed (from S and the schema's pointer), no example database, generate phase only, "
           "so a run is repeatable; every instance is validated by Python `jsonschema` against the schema at "
           "its place in the document (formats checked) and only valid ones are kept. The crate generated "
           "from the copy (`target/corpus/<name>_inst/`) round-trips them with the same example tests and "
           "classes as the examples; a schema is skipped (with the reason) when hypothesis-jsonschema "
           "cannot handle it or draws no valid instance (recursive schemas that need their cycle, for one) "
           "within its time budget (`INSTANCE_BUDGET`, seconds per schema, a hard limit: what was drawn by "
           "then is kept). Big documents may be sampled (`INSTANCE_SAMPLE`: at most that many schemas, "
           "evenly spaced in document order).")
out.append("")
out.append("- Schemas: those given instances (of how many, if sampled); Skipped: how many of them got none; "
           "Instances: round-tripped "
           "(times: making the instances, then building and running the tests); Fit: the share without loss "
           "(neither undecodable nor lossy).")
out.append("")
IHEADER = ["Document", "N", "Seed", "Schemas", "Skipped", "Instances", "Equal", "Instant", "Float", "Null",
           "Undeclared", "Undecodable", "Lossy", "Fit", "Time"]
iorder = list(earlier_instances) + [doc for doc in order if doc not in earlier_instances]
ilines = []
for r in rows:
    if not inst_measured(r):
        continue
    earlier_instances.pop(r["doc"], None)
    c = r["icounts"]
    undecodable = c.get("undecodable", 0)
    run = r["inst_run"] == "ok"
    values = {
        "Document": f"`{r['doc']}`" + (" ‡" if r.get("carried") else ""), "N": r["inst_n"], "Seed": r["seed"],
        "Schemas": schemas_cell(r),
        "Skipped": str(len(r["iskipped"])) if r["schemas"] else "—",
        "Instances": str(len(r["itrips"])) if run else "0" if r["inst_state"] == "none" else f"❌ {r['inst_state'] if r['inst_state'] != 'ok' else r['inst_run'] or 'not run'}",
        **{cls.capitalize(): str(c.get(cls, 0)) if run else "—" for cls in CLASSES},
        "Fit": fit(c) if run else "—",
        "Time": f"{r['inst_time']} s + {r['inst_run_time'] or '—'} s",
    }
    if run and undecodable:
        values["Undecodable"] = f"{undecodable} ({r['iviolating']} violate)"
    ilines.append((r["doc"], {k: cell(v) for k, v in values.items()}))
for doc, old in earlier_instances.items():
    values = {h: old.get(h, "—") for h in IHEADER}
    values["Document"] = f"`{doc}` †"
    ilines.append((doc, values))
ilines.sort(key=lambda pair: iorder.index(pair[0]) if pair[0] in iorder else len(iorder))
if not ilines:
    out.append("None made (no run with `--instances`).")
    out.append("")
else:
    out.append("| " + " | ".join(IHEADER) + " |")
    out.append("|" + "|".join("---" if h in ("Document", "Time") else "--:" for h in IHEADER) + "|")
    for _, values in ilines:
        out.append("| " + " | ".join(values[h] for h in IHEADER) + " |")
    out.append("")
    if earlier_instances:
        out.append("† From the earlier report (`--merge`): documents this run made no instances of.")
        out.append("")


def instance_text(doc_name, pointer, cache={}):
    """The instance at `pointer` of a document's copy, as short JSON."""
    import json
    path = os.path.join(work, f"{doc_name}.instances.json")
    if path not in cache:
        try:
            with open(path, encoding="utf-8") as f:
                cache.clear()
                cache[path] = json.load(f)
        except (OSError, ValueError):
            cache[path] = None
    node = cache[path]
    try:
        for raw in pointer.lstrip("#").split("/")[1:]:
            key = raw.replace("~1", "/").replace("~0", "~")
            node = node[int(key)] if isinstance(node, list) else node[key]
    except (KeyError, IndexError, ValueError, TypeError):
        return "?"
    return json.dumps(node, ensure_ascii=False)


out.append("### Instance round trips that fail")
out.append("")
out.append("Each instance that does not decode or is lossy, with the first difference, the validator's verdict "
           "(as for the examples: `valid` means the failure is the generator's, or a difference between what "
           "JSON Schema allows and what OpenAPI means) and the instance.")
out.append("")
made = {r["doc"] for r in rows if inst_measured(r)}
ifailing = [(r["doc"], f"- `{r['doc']}` {v[1]} `{v[2]}`: {cell(short(v[4], 200))} — **{cell(short(v[5], 220))}** — "
             f"`{cell(short(instance_text(r['name'], v[2]), 240)).replace('`', chr(39))}`")
            for r in rows for v in r["iverdicts"] if len(v) > 5]
ifailing += earlier_items("Every failing instance", lambda doc: doc not in made)
ifailing.sort(key=lambda pair: iorder.index(pair[0]) if pair[0] in iorder else len(iorder))
if not ifailing:
    out.append("None." if ilines else "None run.")
    out.append("")
else:
    out.append("| Class | Verdict | Count |")
    out.append("|---|---|--:|")
    for (cls, verdict), n in sorted(verdict_counts(ifailing).items()):
        out.append(f"| {cls} | {verdict} | {n} |")
    out.append("")
    out.append("<details><summary>Every failing instance</summary>")
    out.append("")
    for _, line in ifailing:
        out.append(line)
    out.append("")
    out.append("</details>")
    out.append("")

out.append("### Schemas skipped")
out.append("")
iskipped = [(r["doc"], f"- `{r['doc']}` `{sk[0]}`: {cell(short(sk[5], 200))}")
            for r in rows for sk in r["iskipped"]]
iskipped += earlier_items("Every schema skipped", lambda doc: doc not in made)
iskipped.sort(key=lambda pair: iorder.index(pair[0]) if pair[0] in iorder else len(iorder))
if not iskipped:
    out.append("None." if ilines else "None run.")
    out.append("")
else:
    counter = collections.Counter()
    which = collections.defaultdict(set)
    for doc, line in iskipped:
        c = cause(line.split("`: ", 1)[1] if "`: " in line else "(no reason)")
        counter[c] += 1
        which[c].add(doc)
    out.append("| Count | Reason, reduced | Documents |")
    out.append("|--:|---|---|")
    for c, n in counter.most_common():
        out.append(f"| {n} | {cell(c)} | {cell(', '.join(sorted(which[c])))} |")
    out.append("")
    out.append("<details><summary>Every schema skipped</summary>")
    out.append("")
    for _, line in iskipped:
        out.append(line)
    out.append("")
    out.append("</details>")
    out.append("")

out.append("## Failure causes")
out.append("")
groups = [
    ("Generation", [r for r in rows if r["rc"] != "0"], "gen_error"),
    ("Build", [r for r in generated if r["build"] not in ("", "ok", "skip")], "build_error"),
    ("Clippy", [r for r in built if r["clippy"] not in ("", "ok")], "clippy_error"),
]
any_failure = False
for title, failed, key in groups:
    if not failed:
        continue
    any_failure = True
    out.append(f"### {title} ({len(failed)})")
    out.append("")
    counter = collections.Counter()
    which = collections.defaultdict(list)
    for r in failed:
        c = cause(r[key] or "(no message)")
        counter[c] += 1
        which[c].append(r["doc"])
    out.append("| Count | First error, reduced | Documents |")
    out.append("|--:|---|---|")
    for c, n in counter.most_common():
        out.append(f"| {n} | {cell(c)} | {cell(', '.join(which[c]))} |")
    out.append("")
if not any_failure:
    out.append("None.")
    out.append("")

out.append("## First error of each failure, in full")
out.append("")
listed = False
for r in rows:
    for step, key, failed in [
        ("generate", "gen_error", r["rc"] != "0"),
        ("build", "build_error", r["build"] not in ("", "ok", "skip")),
        ("clippy", "clippy_error", r["clippy"] not in ("", "ok")),
    ]:
        if failed:
            listed = True
            out.append(f"- `{r['doc']}` ({step}): `{(r[key] or '(no message)').replace('`', chr(39))}`")
if not listed:
    out.append("None.")
out.append("")
out.append("Logs of the last run: `target/corpus/<name>.{gen.out,gen.err,build.log,clippy.log,examples.log,examples.tsv,examples.verdicts.tsv}`; "
           "of the instances: `target/corpus/<name>.instances.{json,json.tsv,log,gen.err}` and "
           "`target/corpus/<name>_inst.examples.{log,tsv,verdicts.tsv}`.")
out.append("")

with open(out_path, "w") as f:
    f.write("\n".join(out))
print(f"{out_path}: generated {len(generated)}/{total}, built {len(built)}/{total}, "
      f"clippy-clean {len(clean)}/{total}")
PY

if [ "$strict" = 1 ]; then
  failed=$(awk -F'\t' '$2 != "0" || $6 != "ok" || $8 != "ok" { print $1 }' "$results")
  if [ -n "$failed" ]; then
    echo "FAIL: not generated, built and clippy-clean: $(echo $failed)" >&2
    exit 1
  fi
fi
