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
#      with tag features, whose models are gated by them), and classes each round trip:
#      equal, same instant written differently, float precision, an optional
#      property's null left out, an undeclared property dropped, does not
#      decode, lossy; every example that
#      does not decode or is lossy is then checked against its own schema by
#      an independent validator (Python `jsonschema`, from PyPI into
#      target/corpus-venv; scripts/corpus_examples.py),
#   5. writes a Markdown table (joined with the corpus MANIFEST.tsv: OpenAPI
#      version, operations, schemas) plus a summary of failure causes and of
#      the examples that do not round-trip.
# Every step runs under `timeout`, so one document cannot hang the run.
# Documents that fail are data, not script failures: the exit status is 0
# whenever the report was written (unless --strict).
#
# Usage: scripts/corpus-report.sh [--quick] [--strict] [--examples-only] [--merge] [--out FILE] [DOCUMENT...]
#   --quick      only a representative subset (a small, a medium and a large
#                document), e.g. for CI
#   --strict     exit 1 unless every document generated, built and passed clippy
#   --examples-only  skip build and clippy (step 3): generate and run the
#                example tests only
#   --merge      keep the rows of the documents not run from the existing
#                report (--out), and take the cells this run did not measure
#                (build and clippy with --examples-only) from it, marked †
#   --out FILE   where the report goes; default docs/corpus.md for a full run,
#                target/corpus/corpus.md for --quick or an explicit subset
#   DOCUMENT     a path, or a name relative to the corpus folder, with or
#                without extension (e.g. `oai-petstore`, `openapi-3.1/figma-rest.yaml`)
# Environment:
#   CARGO_TARGET_DIR  shared target folder (default: <repo>/target)
#   CORPUS_DIR        the corpus (default: <repo>/../shared/specs/corpus)
#   CODEGEN           a prebuilt openapi-codegen binary (default: built here)
#   CODEGEN_LABEL     what that binary is, for the report (e.g. `commit 5c5399e`)
#   GEN_TIMEOUT       seconds allowed to generate one document (default 300)
#   BUILD_TIMEOUT     seconds allowed for each of build / clippy of one crate (default 900)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
corpus="${CORPUS_DIR:-$root/../shared/specs/corpus}"
gen_timeout="${GEN_TIMEOUT:-300}"
build_timeout="${BUILD_TIMEOUT:-900}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
work="$root/target/corpus"
quick_set=(oai-petstore.yaml overseerr-api.yaml twilio-api-v2010.json)

quick=0
strict=0
examples_only=0
merge=0
out=""
requested=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --strict) strict=1 ;;
    --examples-only) examples_only=1 ;;
    --merge) merge=1 ;;
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

# 1. Generate every document; the crates that generate become workspace members.
names=()
members=('"warmup"')
for spec in "${docs[@]}"; do
  rel=${spec#"$corpus"/}
  name=$(basename "${spec%.*}" | tr -c 'a-zA-Z0-9\n' '_' | tr 'A-Z' 'a-z')
  names+=("$name")
  dir="$work/$name"
  rm -rf "$dir" "$work/$name.gen.out" "$work/$name.gen.err"
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
done

# 2. The shared workspace: the project's Cargo.lock, a warm-up crate for the
# dependencies, and every generated crate.
rm -rf "$work/warmup"
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
venv="$root/target/corpus-venv"
run_examples() {
  local rel=$1 name=$2 spec=$3 package="corpus-${2//_/-}" start erc=0 tags=()
  log "example tests $rel"
  # models only, but every tag's (a crate with tag features gates its models)
  if grep -q '^all-tags = ' "$work/$name/Cargo.toml"; then tags=(--features all-tags); fi
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
  if [ ! -x "$venv/bin/python" ]; then
    log "installing jsonschema (PyPI) into $venv"
    python3 -m venv "$venv" && "$venv/bin/pip" install --quiet --disable-pip-version-check \
      jsonschema rfc3339-validator pyyaml || log "warning: no jsonschema; failures are not checked"
  fi
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
  if [ "$rc" = 0 ] && [ -f "$work/$name/src/example_tests/mod.rs" ]; then
    run_examples "$rel" "$name" "$spec_path"
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rel" "$rc" "$gen_time" "$warnings" "$lines" \
    "$build" "$build_time" "$clippy" "$first_error" "$build_error" "$clippy_error" "$name" "$examples" "$examples_time" >>"$results"
done

# 4. The report.
python3 - "$corpus/MANIFEST.tsv" "$results" "$out" "$label" "$work" "$merge" <<'PY'
import collections, csv, datetime, os, re, sys

manifest_path, results_path, out_path, label, work, merge = sys.argv[1:7]

manifest = {}
if os.path.exists(manifest_path):
    with open(manifest_path, newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            manifest[row["file"]] = row

fields = ["doc", "rc", "gen_time", "warnings", "lines", "build", "build_time",
          "clippy", "gen_error", "build_error", "clippy_error", "name", "examples",
          "examples_time"]
rows = []
with open(results_path) as f:
    for line in f:
        values = line.rstrip("\n").split("\t")
        values += [""] * (len(fields) - len(values))
        rows.append(dict(zip(fields, values)))


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


def examples_cells(r):
    """The examples columns: how many, then each class."""
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
out.append(f"- Run: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; generator: {label}")
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
out.append("- Times are wall-clock on the machine that ran the script: generation by the "
           "generator named above (whole process); build = `cargo build` (debug) of the generated crate alone, "
           "dependencies prebuilt. Lines count every `src/**/*.rs`, the copied runtime included.")
out.append("")
out.append("- Examples: how many (and the time to build and run the tests, models only), then each class of "
           "round trip: Equal; Instant (the same point in time written differently); Float (a number within "
           "a float's precision, or an integer written as a float); Null (an optional property's `null` left out: "
           "its `Option` is `None` either way); Undeclared (a property the schema does "
           "not declare, dropped); Undecodable (and how many of those violate their own schema); Lossy "
           "(anything else: declared data lost).")
out.append("")
HEADER = ["Document", "OpenAPI", "Ops", "Schemas", "Generation", "Warnings", "Lines", "Build", "Clippy",
          "Examples", "Equal", "Instant", "Float", "Null", "Undeclared", "Undecodable", "Lossy", "Note"]
ALIGN = {"Ops", "Schemas", "Warnings", "Lines", "Examples", "Equal", "Instant", "Float", "Null", "Undeclared",
         "Undecodable", "Lossy"}


def table_rows(path):
    """The rows of an earlier report's table, by document, as cells by column name."""
    if not os.path.exists(path):
        return {}
    header, found = None, {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("| "):
                header = None if not line.startswith("|") else header
                continue
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
            if cells and cells[0] == "Document":
                header = cells
            elif header and cells and cells[0].startswith("`"):
                found[cells[0].strip("`†").rstrip("` †")] = dict(zip(header, cells))
    return found


earlier = table_rows(out_path) if merge == "1" else {}
order = list(earlier) + [doc for doc in manifest if doc not in earlier]
carried = []
lines_out = []
for r in rows:
    m = manifest.get(r["doc"], {})
    values = dict(zip(HEADER, [
        f"`{r['doc']}`", m.get("openapi_version", "?"), m.get("operations", "?"),
        m.get("schemas", "?"), gen_cell(r), r["warnings"] or "0",
        f"{int(r['lines']):,}" if r["lines"] else "—", build_cell(r), clippy_cell(r),
        *examples_cells(r), note(r),
    ]))
    values = {k: cell(v) for k, v in values.items()}
    old = earlier.pop(r["doc"], None)
    if old and r["build"] == "skip":
        values["Build"], values["Clippy"] = old.get("Build", "—") + " †", old.get("Clippy", "—") + " †"
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
               "this run did not cover, and Build and Clippy where this run skipped them (`--examples-only`). "
               "The summary lines above count this run only.")
    out.append("")

out.append("## Example round trips that fail")
out.append("")
out.append("Each example that does not decode or is lossy, with the first difference and the verdict of "
           "an independent validator (Python `jsonschema` against the example's own schema; OpenAPI 3.0 "
           "`nullable` read as a `null` alternative, formats checked): `violates` names what breaks the "
           "schema; `valid` means the failure is the generator's.")
out.append("")
failing = [(r["doc"], v) for r in rows for v in r["verdicts"] if len(v) > 5]
if not failing:
    out.append("None.")
    out.append("")
else:
    by_verdict = collections.Counter(
        (v[1], "violates" if v[5].startswith("violates") else v[5].split(":")[0]) for _, v in failing)
    out.append("| Class | Verdict | Count |")
    out.append("|---|---|--:|")
    for (cls, verdict), n in sorted(by_verdict.items()):
        out.append(f"| {cls} | {verdict} | {n} |")
    out.append("")
    out.append("<details><summary>Every failing example</summary>")
    out.append("")
    for doc, v in failing:
        out.append(f"- `{doc}` {v[1]} `{v[2]}`: {cell(short(v[4], 200))} — **{cell(short(v[5], 220))}**")
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
out.append("Logs of the last run: `target/corpus/<name>.{gen.out,gen.err,build.log,clippy.log,examples.log,examples.tsv,examples.verdicts.tsv}`.")
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
