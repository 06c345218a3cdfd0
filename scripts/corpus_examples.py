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
`date`, ...).
"""

import json
import sys

import jsonschema
import yaml
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4, DRAFT202012

BASE = "urn:corpus-document"


def load(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if path.endswith(".json"):
        return json.loads(text)
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def nullable_to_json_schema(node):
    """OpenAPI 3.0's `nullable: true` as JSON Schema: the schema becomes
    `anyOf: [{type: null}, <the schema without nullable>]` (so it also holds
    for a `$ref`, whose siblings draft 4 ignores). Applied to every object of
    the document: examples are validated from an unmodified copy."""
    if isinstance(node, list):
        for item in node:
            nullable_to_json_schema(item)
        return
    if not isinstance(node, dict):
        return
    for value in node.values():
        nullable_to_json_schema(value)
    if node.get("nullable") is True:
        rest = {k: v for k, v in node.items() if k != "nullable"}
        node.clear()
        node["anyOf"] = [{"type": "null"}, rest]


def resolve_pointer(tree, pointer):
    node = tree
    for raw in pointer.lstrip("#").split("/")[1:]:
        key = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, list):
            node = node[int(key)]
        else:
            node = node[key]
    return node


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
    original = load(document_path)
    document = json.loads(json.dumps(original, default=str))
    version = str(document.get("openapi", "3.0"))
    if version.startswith("3.0"):
        nullable_to_json_schema(document)
        spec, validator_class = DRAFT4, jsonschema.Draft4Validator
    else:
        spec, validator_class = DRAFT202012, jsonschema.Draft202012Validator
    registry = Registry().with_resource(BASE, Resource.from_contents(document, default_specification=spec))
    data = json.loads(json.dumps(original, default=str))
    checker = validator_class.FORMAT_CHECKER
    lines = []
    with open(round_trips, encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 5 or fields[1] not in ("undecodable", "lossy"):
                continue
            _, _, at, schema, _ = fields[:5]
            try:
                example = example_at(data, at)
                validator = validator_class({"$ref": f"{BASE}{schema}"}, registry=registry,
                                            format_checker=checker)
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
