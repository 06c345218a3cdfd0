#!/usr/bin/env python3
"""Instances of a corpus document's schemas, made by an independent
generator (`hypothesis-jsonschema`), written into a copy of the document as
its examples, for the generated crate's example tests to round-trip.

Usage: corpus_instances.py DOCUMENT OUT_DOCUMENT [--count N] [--seed S]
                           [--budget SECONDS] [--sample M]

What gets instances (the schemas whose examples the generator's example
tests read; generator/src/lower/example_checks.rs):
  - every component schema (`#/components/schemas/X`): its instances become
    its `examples` list;
  - the schema of the first JSON media type of every request body and
    success (2XX) response that operations use (inline or a component
    request body or response), unless it is a bare `$ref` to a component
    schema (that one has instances of its own): they become the media
    type's `examples` map (`instance-0`, `instance-1`, ...).
Every `example` and `examples` the document itself gives at those places is
removed from the copy, so that the report counts the document's examples
and these instances apart.

How an instance is made, for each such schema:
  1. The schema as JSON Schema: for OpenAPI 3.0, `nullable: true` becomes a
     `null` alternative (corpus_schema.py, shared with the example checks)
     and `$ref` siblings are ignored (draft 4); for 3.1, siblings of `$ref`
     apply too (2020-12).
  2. Its references inlined. A reference round a cycle (a recursive schema)
     is cut: that place becomes `false` (an optional property left out, an
     array left empty, an alternative dropped); if the schema cannot do
     without it, hypothesis-jsonschema finds it unsatisfiable and the
     schema is skipped (`recursive`).
  3. What OpenAPI says beyond JSON Schema, as constraints, so that the
     instances are OpenAPI-valid and not only JSON-Schema-valid: integers
     within their format (`int32`: 32 bits; `int64` or none: 64 bits, the
     generator's `i64`), a schema of object keywords (`properties`,
     `required`, ...) without a `type` an object, one of array keywords
     (`items`, ...) an array (JSON Schema would also take any value of
     another type), `float` numbers within `f32`'s range, Unix times
     (`unix-time`, `unix-time-ms`) within years 1..9999, and the property
     a `discriminator` names set to the values that pick each alternative
     (`mapping`, else the schema's name). Formats that JSON Schema does not
     define get strategies: `uuid`, `byte` (base64), `binary`, `password`.
     Annotations (`example`, `default`, `description`, ...) are left out.
  4. `hypothesis-jsonschema`'s strategy for it, drawn from by Hypothesis
     with a fixed seed (crc32 of `S:<pointer>`), no example database and
     the generate phase only: the same document, N, S and package versions
     give the same instances (on any machine fast enough that no schema
     runs into the budget). Up to 3N draws, for at most --budget seconds
     (default 2; a hard limit: what was drawn by then is kept), then the
     distinct ones are
  5. validated with Python `jsonschema` against the schema at its place in
     the document (not against the rewritten one of steps 2-3), formats
     checked: only valid instances are kept, the first N.
A schema that hypothesis-jsonschema cannot handle (or that yields no valid
instance) is skipped, with the reason. With --sample M, only M of the
schemas (evenly spaced, in document order) get instances, for documents
too big to do whole in reasonable time; the others are listed as
`unsampled`.

OUT_DOCUMENT is JSON (keep it under target/, never in the repository);
OUT_DOCUMENT.tsv lists every schema: pointer, status (`ok`, `cut` (ok after
cutting a cycle), `skipped` or `unsampled`), instances kept, draws,
seconds, reason (written as it goes).
A summary goes to stderr.
"""

import argparse
import copy
import json
import multiprocessing
import sys
import time
import warnings
import zlib

from corpus_schema import (SCHEMA_LISTS, SCHEMA_MAPS, SCHEMA_ONE, Validators, escape, implied_type,
                           is_31, load, resolve_pointer)

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# Annotations and OpenAPI keywords that say nothing of the values allowed.
DROPPED = {"example", "examples", "default", "description", "title", "readOnly", "writeOnly",
           "deprecated", "xml", "externalDocs", "discriminator", "$comment", "$schema", "$id",
           "nullable"}
# how big a schema may grow as its references are inlined
MAX_NODES = 50_000
I32 = (-(2**31), 2**31 - 1)
I64 = (-(2**63), 2**63 - 1)
F32_MAX = 3.4028234663852886e38
# years 1 to 9999 (what chrono and most clients hold)
UNIX_SECONDS = (-62135596800, 253402300799)
UNIX_MILLIS = (UNIX_SECONDS[0] * 1000, UNIX_SECONDS[1] * 1000 + 999)

FORMATS = {
    "uuid": st.uuids().map(str),
    "byte": st.binary(max_size=48).map(lambda b: __import__("base64").b64encode(b).decode()),
    "binary": st.text(),
    "password": st.text(),
}


class Skip(Exception):
    """A schema that gets no instances, and why."""


class Inliner:
    """A schema with its references inlined and OpenAPI's constraints
    added (steps 2 and 3)."""

    def __init__(self, schemas, v31):
        self.schemas = schemas
        self.v31 = v31
        self.cut = 0
        self.nodes = 0

    def start(self):
        """Counts afresh, for the next schema."""
        self.cut = 0
        self.nodes = 0

    def inline(self, node, stack):
        if isinstance(node, bool):
            return node
        if not isinstance(node, dict):
            raise Skip(f"not a schema: {type(node).__name__}")
        self.nodes += 1
        if self.nodes > MAX_NODES:
            # (references shared by many parts multiply when inlined)
            raise Skip(f"more than {MAX_NODES} schemas once references are inlined")
        if "$ref" in node:
            reference = node["$ref"]
            if not isinstance(reference, str) or not reference.startswith("#/"):
                raise Skip(f"reference outside the document: {reference}")
            if reference in stack:
                self.cut += 1
                return False
            try:
                target = resolve_pointer(self.schemas, reference)
            except (KeyError, IndexError, ValueError, TypeError) as error:
                raise Skip(f"unresolvable reference {reference}") from error
            resolved = self.inline(target, stack + (reference,))
            rest = {k: v for k, v in node.items() if k != "$ref"}
            if not self.v31 or not set(rest) - DROPPED:
                return resolved
            return {"allOf": [resolved, self.inline(rest, stack)]}
        out = {}
        for key, value in node.items():
            if key in DROPPED or key.startswith("x-"):
                continue
            if key in SCHEMA_MAPS and isinstance(value, dict):
                out[key] = {name: self.inline(s, stack) for name, s in value.items()}
            elif key in SCHEMA_ONE and isinstance(value, (dict, bool)):
                out[key] = self.inline(value, stack)
            elif key in SCHEMA_LISTS and isinstance(value, list):
                out[key] = [self.inline(s, stack) for s in value]
            elif key == "items" and isinstance(value, list):
                out[key] = [self.inline(s, stack) for s in value]
            else:
                out[key] = copy.deepcopy(value)
        # a schema of object (array) keywords without a type is an object (an
        # array), as the generator reads it, not also any value that is not
        implied = implied_type(out)
        if implied:
            out["type"] = implied
        self.bounds(node, out)
        self.discriminator(node, out)
        return out

    @staticmethod
    def bounds(node, out):
        kinds = node.get("type")
        kinds = set(kinds) if isinstance(kinds, list) else {kinds}
        fmt = node.get("format")
        if "integer" in kinds:
            low, high = {"int32": I32, "unix-time": UNIX_SECONDS,
                         "unix-time-ms": UNIX_MILLIS}.get(fmt, I64)
        elif "number" in kinds and fmt == "float":
            low, high = -F32_MAX, F32_MAX
        else:
            return
        minimum, maximum = out.get("minimum"), out.get("maximum")
        if not isinstance(minimum, (int, float)) or minimum < low:
            out["minimum"] = low
        if not isinstance(maximum, (int, float)) or maximum > high:
            out["maximum"] = high

    def discriminator(self, node, out):
        """The discriminator's property, in each alternative that is a
        reference, set to the values that name it."""
        found = node.get("discriminator")
        if not isinstance(found, dict) or not isinstance(found.get("propertyName"), str):
            return
        name = found["propertyName"]
        mapping = found.get("mapping") if isinstance(found.get("mapping"), dict) else {}
        for key in ("oneOf", "anyOf"):
            for i, part in enumerate(node.get(key) or []):
                reference = part.get("$ref") if isinstance(part, dict) else None
                if not isinstance(reference, str):
                    continue
                short = reference.rsplit("/", 1)[-1]
                values = [value for value, target in mapping.items()
                          if target in (reference, short)] or [short]
                out[key][i] = {"allOf": [out[key][i], {
                    "type": "object", "required": [name],
                    "properties": {name: {"enum": values}}}]}


class Drawer:
    """Draws in a worker process, so that a schema whose drawing runs over
    its budget can be stopped where it is (the values drawn by then kept)."""

    def __init__(self):
        self.context = multiprocessing.get_context("fork")
        self.process = None
        self.conn = None

    def _start(self):
        self.conn, child = self.context.Pipe()
        self.process = self.context.Process(target=_worker, args=(child,), daemon=True)
        self.process.start()
        child.close()

    def stop(self):
        if self.process is not None:
            self.process.kill()
            self.process.join()
            self.process = None

    def draw(self, schema, count, seed_value, budget):
        """Up to `count` values drawn from the schema's strategy (step 4), in
        at most `budget` seconds."""
        if self.process is None or not self.process.is_alive():
            self._start()
        self.conn.send((schema, count, seed_value))
        deadline = time.monotonic() + budget
        found = []
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not self.conn.poll(left):
                self.stop()
                if not found:
                    raise Skip(f"nothing drawn in {budget:g} s")
                return found
            kind, value = self.conn.recv()
            if kind == "value":
                found.append(value)
            elif kind == "done":
                return found
            else:
                raise Skip(value)


def _worker(conn):
    warnings.simplefilter("ignore")
    while True:
        schema, count, seed_value = conn.recv()
        try:
            _draw(schema, count, seed_value, lambda value: conn.send(("value", value)))
            conn.send(("done", None))
        except Exception as error:  # noqa: BLE001 (a reason, never a crash)
            first = str(error).splitlines()[0] if str(error) else ""
            conn.send(("error", f"{type(error).__name__}: {first}"))


def _draw(schema, count, seed_value, found):
    strategy = from_schema(schema, custom_formats=FORMATS)

    @seed(seed_value)
    @settings(max_examples=count, database=None, deadline=None, derandomize=False,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck),
              report_multiple_bugs=False)
    @given(strategy)
    def collect(value):
        found(value)

    collect()  # pylint: disable=no-value-for-parameter


def distinct(values):
    seen, out = set(), []
    for value in values:
        key = json.dumps(value, sort_keys=True)
        if key not in seen:
            seen.add(key)
            out.append(value)
    return out


def targets(document):
    """The places that get instances: (schema pointer, where its examples go
    (a list: a component schema; a map: a media type), the object that
    holds them), and the media types whose own examples go."""
    out = []
    schemas = (document.get("components") or {}).get("schemas") or {}
    for key, schema in schemas.items():
        if isinstance(schema, dict):
            out.append((f"#/components/schemas/{escape(key)}", "list", schema))
    containers = {}
    for path, item in (document.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            at = f"#/paths/{escape(path)}/{method}"
            places = [(f"{at}/requestBody", operation.get("requestBody"))]
            for code, response in (operation.get("responses") or {}).items():
                if str(code).startswith("2"):
                    places.append((f"{at}/responses/{escape(code)}", response))
            for place, container in places:
                if not isinstance(container, dict):
                    continue
                reference = container.get("$ref")
                if isinstance(reference, str) and reference.startswith("#/"):
                    try:
                        place, container = reference, resolve_pointer(document, reference)
                    except (KeyError, IndexError, ValueError, TypeError):
                        continue
                if isinstance(container, dict):
                    containers[place] = container
    media = []
    for place, container in containers.items():
        content = container.get("content")
        if not isinstance(content, dict):
            continue
        first = True
        for name, media_type in content.items():
            if not isinstance(media_type, dict):
                continue
            media.append(media_type)
            if not first or not is_json(name):
                continue
            first = False
            schema = media_type.get("schema")
            if not isinstance(schema, dict):
                continue
            if set(schema) == {"$ref"} and str(schema["$ref"]).startswith("#/components/schemas/"):
                continue
            out.append((f"{place}/content/{escape(name)}/schema", "map", media_type))
    return out, media


def is_json(media):
    """As the generator tells a JSON media type (lower/operations.rs)."""
    essence = media.split(";")[0].strip().lower()
    return essence in ("application/json", "*/*") or essence.endswith("+json")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("document")
    parser.add_argument("out_document")
    parser.add_argument("--count", type=int, default=5, help="instances per schema (default 5)")
    parser.add_argument("--seed", type=int, default=0, help="seed (default 0)")
    parser.add_argument("--budget", type=float, default=2.0,
                        help="seconds of drawing allowed per schema (default 2)")
    parser.add_argument("--sample", type=int, default=0,
                        help="only this many schemas, evenly spaced (default: all)")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    sys.setrecursionlimit(20000)

    data = load(args.document)
    validators = Validators(data)
    inliner = Inliner(validators.schemas, is_31(data))
    out = copy.deepcopy(data)
    places, media = targets(out)
    for media_type in media:
        media_type.pop("example", None)
        media_type.pop("examples", None)
    for _, kind, holder in places:
        if kind == "list":
            holder.pop("example", None)
            holder.pop("examples", None)

    rows = []
    started = time.monotonic()
    chosen = range(len(places))
    if 0 < args.sample < len(places):
        chosen = {len(places) * i // args.sample for i in range(args.sample)}
    drawer = Drawer()
    listing = open(args.out_document + ".tsv", "w", encoding="utf-8")  # pylint: disable=consider-using-with
    for index, (pointer, kind, holder) in enumerate(places):
        if index not in chosen:
            rows.append((pointer, "unsampled", 0, 0, 0.0, ""))
            listing.write(f"{pointer}\tunsampled\t0\t0\t0.00\t\n")
            continue
        start = time.monotonic()
        status, kept, draws, reason = "skipped", [], 0, ""
        try:
            inliner.start()
            schema = inliner.inline(resolve_pointer(validators.schemas, pointer), (pointer,))
            if len(json.dumps(schema)) > 2_000_000:
                raise Skip("larger than 2 MB once references are inlined")
            seed_value = zlib.crc32(f"{args.seed}:{pointer}".encode())
            drawn = distinct(drawer.draw(schema, 3 * args.count, seed_value, args.budget))
            draws = len(drawn)
            validator = validators.at(pointer)
            valid = [v for v in drawn if validator.is_valid(v)]
            kept = valid[: args.count]
            if kept:
                status = "cut" if inliner.cut else "ok"
                if len(valid) < len(drawn):
                    reason = f"{len(drawn) - len(valid)} of {len(drawn)} drawn invalid"
            elif drawn:
                reason = f"none of {len(drawn)} drawn valid"
            else:
                reason = "nothing drawn"
        except RecursionError:
            reason = "nesting too deep"
        except Skip as error:
            reason = str(error)
        except Exception as error:  # noqa: BLE001 (a reason, never a crash)
            reason = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
        if inliner.cut and status == "skipped":
            reason = f"recursive ({reason})"
        if kept:
            if kind == "list":
                holder["examples"] = kept
            else:
                holder["examples"] = {f"instance-{i}": {"value": v} for i, v in enumerate(kept)}
        row = (pointer, status, len(kept), draws, time.monotonic() - start,
               reason.replace("\t", " ").replace("\n", " ")[:300])
        rows.append(row)
        listing.write("\t".join(str(v) if not isinstance(v, float) else f"{v:.2f}" for v in row) + "\n")
        listing.flush()
    listing.close()
    drawer.stop()

    with open(args.out_document, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False)
    made = sum(r[2] for r in rows)
    tried = [r for r in rows if r[1] != "unsampled"]
    skipped = sum(1 for r in tried if r[1] == "skipped")
    print(f"{args.document}: {made} instances of {len(tried) - skipped} schemas; "
          f"{skipped} of {len(tried)} skipped ({len(rows) - len(tried)} unsampled); "
          f"{time.monotonic() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
