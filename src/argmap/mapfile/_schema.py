"""The JSON Schema of the map format, for editors: completion, checking and hover text.

The schema is made from the pydantic model (its field descriptions and constraints), so
the two cannot drift; a copy is shipped as package data (`data/argmap.schema.json`) for
`argmap schema`, for maps to name in their `# yaml-language-server: $schema=` line, and
for editors to read without running argmap. A test keeps the copy equal to the model's.

It is written for draft-07, the newest draft the YAML language server (VS Code's YAML
extension and other editors) supports: a `$ref` has no siblings there, so pydantic's
`{"$ref": ..., "description": ...}` becomes `{"allOf": [{"$ref": ...}], ...}`.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from ..model import ArgumentMap

SCHEMA_FILE = "data/argmap.schema.json"
"""The shipped schema, inside the `argmap` package."""

_DRAFT = "http://json-schema.org/draft-07/schema#"

_SPACE = r"[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
"""What the model strips from the ends of every text before it checks a pattern (Unicode's
White_Space, as pydantic's Rust core trims it), written out, since `\\s` differs between
regular-expression dialects."""


class _Generator(GenerateJsonSchema):
    """pydantic's generator, with field titles left out (hover shows the description; a
    title such as "Quote" says nothing), mappings closed to keys they do not match, and
    patterns that allow the spaces around a text that the model strips."""

    def field_title_should_be_set(self, schema: Any) -> bool:  # noqa: ARG002  (never)
        return False

    def str_schema(self, schema: core_schema.StringSchema) -> JsonSchemaValue:
        generated = super().str_schema(schema)
        pattern = generated.get("pattern")
        if pattern:  # every pattern of the model is anchored: ^...$
            generated["pattern"] = f"^{_SPACE}*(?:{pattern[1:-1]}){_SPACE}*$"
        return generated

    def dict_schema(self, schema: core_schema.DictSchema) -> JsonSchemaValue:
        generated = super().dict_schema(schema)
        if "patternProperties" in generated:
            generated["additionalProperties"] = False
        return generated


def schema() -> dict[str, Any]:
    """The JSON Schema of a map file (draft-07), made from the model.

    >>> made = schema()
    >>> made["required"], made["properties"]["claims"]["minItems"]
    (['argmap', 'title', 'claims'], 1)
    """
    made = ArgumentMap.model_json_schema(
        by_alias=True, ref_template="#/definitions/{model}", schema_generator=_Generator
    )
    definitions = made.pop("$defs")
    # Enumerations are written out where they are used: an editor's hover shows the first
    # description it meets, and an enumeration's own ("What a claim does...") would hide
    # the field's, which says what each value means.
    enums = {
        f"#/definitions/{name}": {"enum": definition["enum"], "type": definition["type"]}
        for name, definition in definitions.items()
        if "enum" in definition
    }
    kept = {name: value for name, value in definitions.items() if "enum" not in value}
    made = _draft7({**made, "definitions": kept}, enums)
    return {
        "$schema": _DRAFT,
        "title": "argmap map file",
        "description": "An argument map for argmap: claims, the inferences that support "
        "them and the objections against them.",
        **{key: value for key, value in made.items() if key not in ("title", "description")},
    }


def _draft7(value: Any, enums: dict[str, dict[str, Any]]) -> Any:
    """The schema with `enums` written out in place of references to them, other `$ref`
    siblings moved under `allOf`, and `default: null` left out (an editor would offer to
    fill every optional field with null)."""
    if isinstance(value, list):
        return [_draft7(item, enums) for item in value]
    if not isinstance(value, dict):
        return value
    value = {
        key: _draft7(item, enums)
        for key, item in value.items()
        if not (key == "default" and item is None)
    }
    if value.get("$ref") in enums:
        value = {**enums[value.pop("$ref")], **value}
    elif "$ref" in value and len(value) > 1:
        value = {"allOf": [{"$ref": value.pop("$ref")}], **value}
    return value


def text(schema: dict[str, Any]) -> str:
    """The schema as the shipped file holds it: indented JSON, ending in a newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def schema_text() -> str:
    """The text of the schema shipped with argmap (what `argmap schema` prints)."""
    return resources.files("argmap").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
