"""What the corpus scripts share about reading an OpenAPI document's schemas
as JSON Schema (imported by corpus_examples.py and corpus_instances.py).

- `load`: a document, JSON or YAML. YAML is read the way the generator's
  YAML parser reads it (YAML 1.2's core schema): `yes`, `no`, `on` and
  `off` stay strings and dates stay text, where PyYAML's default (YAML 1.1)
  would make booleans and dates of them.
- `nullable_to_json_schema`: OpenAPI 3.0's `nullable: true` as JSON Schema.
- `implied_type`, `imply_types`: a schema of object (array) keywords without
  a `type` read as an object (an array), as OpenAPI tools and the generator
  read it, where JSON Schema would take any value of another type too.
- `resolve_pointer`: a JSON pointer in a tree.
- `Validators`: a document as a `referencing` registry (draft 4 for 3.0,
  with `nullable` converted; draft 2020-12 for 3.1), and a validator, with
  formats checked, for the schema at any pointer of it.
"""

import json
import re

import jsonschema
import yaml
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4, DRAFT202012

BASE = "urn:corpus-document"

# the keywords whose values are schemas: maps of them, one, lists of them
SCHEMA_MAPS = ("properties", "patternProperties", "definitions", "$defs", "dependentSchemas")
SCHEMA_ONE = ("additionalProperties", "items", "not", "additionalItems", "contains",
              "propertyNames", "if", "then", "else", "unevaluatedProperties", "unevaluatedItems")
SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")

OBJECT_KEYWORDS = ("properties", "required", "additionalProperties", "patternProperties",
                   "minProperties", "maxProperties")
ARRAY_KEYWORDS = ("items", "minItems", "maxItems", "uniqueItems")

_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _CoreSchemaLoader(_BASE_LOADER):  # pylint: disable=too-many-ancestors
    """PyYAML's safe loader with YAML 1.2 core-schema booleans and no
    timestamps (as serde_yaml reads a document)."""


_REPLACED = ("bool", "int", "float", "timestamp")
_CoreSchemaLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in [f"tag:yaml.org,2002:{name}" for name in _REPLACED]]
    for first, resolvers in _BASE_LOADER.yaml_implicit_resolvers.items()
}
for _tag, _pattern, _first in [
    ("bool", r"true|True|TRUE|false|False|FALSE", "tTfF"),
    # (no YAML 1.1 `1:30` sexagesimals, `0b` binaries or `_` separators)
    ("int", r"[-+]?(?:0|[1-9][0-9]*)|0x[0-9a-fA-F]+", "-+0123456789"),
    ("float", r"[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+)(?:[eE][-+]?[0-9]+)"
     r"|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)"
     r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)", "-+.0123456789"),
]:
    _CoreSchemaLoader.add_implicit_resolver(
        f"tag:yaml.org,2002:{_tag}", re.compile(f"^(?:{_pattern})$"), list(_first))


def load(path):
    """The document at `path` (`.json`, else YAML), as plain JSON values."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if path.endswith(".json"):
        return json.loads(text)
    # (`default=str` for anything YAML still makes that JSON has not)
    return json.loads(json.dumps(yaml.load(text, Loader=_CoreSchemaLoader), default=str))


def is_31(document):
    """Whether the document is OpenAPI 3.1 (or later): JSON Schema 2020-12."""
    return not str(document.get("openapi", "3.0")).startswith("3.0")


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


def implied_type(schema):
    """The type a schema without one has as OpenAPI reads it: `object` for
    object keywords, `array` for array keywords, else None (a reference, a
    schema with a type, or one with neither kind of keyword)."""
    if not isinstance(schema, dict) or "type" in schema or "$ref" in schema:
        return None
    if any(k in schema for k in OBJECT_KEYWORDS):
        return "object"
    if any(k in schema for k in ARRAY_KEYWORDS):
        return "array"
    return None


def imply_types(schema):
    """`schema` and every schema in it given its `implied_type`, in place."""
    if not isinstance(schema, dict):
        return
    for key, value in schema.items():
        if key in SCHEMA_MAPS and isinstance(value, dict):
            for member in value.values():
                imply_types(member)
        elif key in SCHEMA_ONE or (key == "items" and isinstance(value, list)):
            for member in value if isinstance(value, list) else [value]:
                imply_types(member)
        elif key in SCHEMA_LISTS and isinstance(value, list):
            for member in value:
                imply_types(member)
    implied = implied_type(schema)
    if implied:
        schema["type"] = implied


def imply_document_types(node):
    """`imply_types` on every schema of a document: the component schemas
    and every `schema` of a parameter, header or media type."""
    if isinstance(node, list):
        for item in node:
            imply_document_types(item)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key == "schema" and isinstance(value, dict):
            imply_types(value)
        elif key == "schemas" and isinstance(value, dict):
            for schema in value.values():
                imply_types(schema)
        else:
            imply_document_types(value)


def unescape(token):
    """A JSON pointer's reference token as the key it names."""
    return token.replace("~1", "/").replace("~0", "~")


def escape(key):
    """A key as a JSON pointer's reference token."""
    return str(key).replace("~", "~0").replace("/", "~1")


def resolve_pointer(tree, pointer):
    """The value at JSON pointer `pointer` (`#/a/b` or `/a/b`) of `tree`."""
    node = tree
    for raw in pointer.lstrip("#").split("/")[1:]:
        key = unescape(raw)
        if isinstance(node, list):
            node = node[int(key)]
        else:
            node = node[key]
    return node


class Validators:
    """Validators for the schemas of one document (`document`: as `load`
    returns it; not modified), read as OpenAPI reads them (`imply_types`,
    and for 3.0 `nullable`)."""

    def __init__(self, document):
        self.schemas = json.loads(json.dumps(document))
        imply_document_types(self.schemas)
        if is_31(document):
            spec, self.validator_class = DRAFT202012, jsonschema.Draft202012Validator
        else:
            nullable_to_json_schema(self.schemas)
            spec, self.validator_class = DRAFT4, jsonschema.Draft4Validator
        self.registry = Registry().with_resource(
            BASE, Resource.from_contents(self.schemas, default_specification=spec))
        self.format_checker = self.validator_class.FORMAT_CHECKER

    def at(self, pointer):
        """A validator of the schema at `pointer` (`#/components/...`)."""
        return self.validator_class({"$ref": f"{BASE}{pointer}"}, registry=self.registry,
                                    format_checker=self.format_checker)
