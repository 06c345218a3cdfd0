#!/usr/bin/env python3
"""Checks the examples a corpus crate's example tests could not round-trip
against their own schemas, with an independent validator (`jsonschema`).

Usage: corpus_examples.py DOCUMENT ROUND_TRIPS OUT

ROUND_TRIPS holds the `example-round-trip` lines the generated tests print
(class, example pointer, schema pointer, first difference, tab-separated).
For each example that does not decode or is lossy, OUT gets the line with a
verdict added: `violates: <what jsonschema says>` when the example breaks
its own schema, `valid` when jsonschema accepts it (so the failure is the
generator's), or `unchecked: <why>`. The document's OpenAPI 3.0 schemas are
read as JSON Schema draft 4 with `nullable: true` turned into a `null`
type; 3.1 documents as draft 2020-12. Formats are checked (`date-time`,
`date`, ...). (What it shares with corpus_instances.py is in corpus_schema.py.)
"""

import sys

import jsonschema

from corpus_schema import Validators, load, resolve_pointer


def example_at(tree, pointer):
    try:
        return resolve_pointer(tree, pointer)
    except (KeyError, IndexError, ValueError, TypeError):
        # a 3.1 schema's `examples` list is read as its first `example`
        if pointer.endswith("/example"):
            return resolve_pointer(tree, pointer[: -len("example")] + "examples/0")
        raise


def main():
    document_path, round_trips, out_path = sys.argv[1:4]
    data = load(document_path)
    validators = Validators(data)
    lines = []
    with open(round_trips, encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 5 or fields[1] not in ("undecodable", "lossy"):
                continue
            _, _, at, schema, _ = fields[:5]
            try:
                example = example_at(data, at)
                validator = validators.at(schema)
                found = []
                for error in validator.iter_errors(example):
                    # into the alternatives of a failed oneOf/anyOf, for the error that matters
                    # (not the `null` alternative that `nullable` became)
                    while error.context:
                        alternatives = [e for e in error.context
                                        if not (e.validator == "type" and e.validator_value == "null")]
                        error = jsonschema.exceptions.best_match(alternatives or error.context)
                    where = "/" + "/".join(str(p) for p in error.absolute_path)
                    message = error.message if len(error.message) < 160 else error.message[:159] + "…"
                    # what a decoder meets first (a value's type or format) before what a
                    # strict reading of allOf adds (additionalProperties of one part)
                    found.append((error.validator == "additionalProperties", where, message))
                if found:
                    found = sorted(set(found))
                    shown = "; ".join(f"{where}: {message}" for _, where, message in found[:3])
                    more = f" (and {len(found) - 3} more)" if len(found) > 3 else ""
                    verdict = f"violates: {shown}{more}"
                else:
                    verdict = "valid"
            except Exception as error:  # noqa: BLE001 (a verdict, never a crash)
                verdict = f"unchecked: {type(error).__name__}: {str(error)[:150]}"
            lines.append("\t".join(fields[:5] + [verdict.replace("\t", " ").replace("\n", " ")]))
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in lines))


if __name__ == "__main__":
    main()
