"""The JSON Schema of the map format: shipped, in step with the model, and as strict as it."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from pydantic import ValidationError
from typer.testing import CliRunner

import argmap
from argmap import InputError, InvalidMapError
from argmap.cli import app
from argmap.mapfile import _schema
from argmap.mapfile._parse import build_map, file_model
from argmap.mapfile._read import read_file

from .conftest import DATA, MAPS, ROOT
from .test_properties import MAPS as GENERATED_MAPS

SCHEMA_FILE = ROOT / "src" / "argmap" / _schema.SCHEMA_FILE
SCHEMA = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)
MODELINE = re.compile(r"# yaml-language-server: \$schema=(\S+)")
runner = CliRunner()


def test_shipped_schema_is_the_models(update_golden: bool) -> None:
    made = _schema.text(_schema.schema())
    if update_golden:
        SCHEMA_FILE.write_text(made, encoding="utf-8")
    assert SCHEMA_FILE.read_text(encoding="utf-8") == made, (
        "the model changed: rewrite the schema with `pytest tests/test_schema.py --update-golden`"
    )
    assert argmap.schema() == json.loads(made)


def test_schema_is_a_draft_7_schema() -> None:
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "http://json-schema.org/draft-07/schema#"
    # Draft 7 ignores what stands beside a $ref: no description may hide there.
    for node in _nodes(SCHEMA):
        assert "$ref" not in node or set(node) == {"$ref"}, node


def _nodes(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, list):
        return [node for item in value for node in _nodes(item)]
    if isinstance(value, dict):
        return [value, *(node for item in value.values() for node in _nodes(item))]
    return []


def test_every_field_has_a_description() -> None:
    objects = [SCHEMA, *SCHEMA["definitions"].values()]
    fields = [
        (owner.get("title"), name, field)
        for owner in objects
        for name, field in owner.get("properties", {}).items()
    ]
    assert len(fields) > 40
    for owner, name, field in fields:
        assert len(field.get("description", "")) > 10, f"{owner}.{name} has no description"


def test_schema_says_what_hover_needs() -> None:
    claim = SCHEMA["definitions"]["Claim"]
    assert "premise" in claim["properties"]["role"]["description"]
    # The model's before-validator: a voice makes the holder 'reported'.
    assert claim["if"]["required"] == ["voice"]
    assert claim["then"]["properties"]["holder"]["default"] == "reported"
    assert "voice" in claim["properties"]["holder"]["description"]


def _plain(value: object) -> object:
    """Data as an editor's YAML 1.2 reads it: `2024-03-15` is text there, not a date."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _readable(path: Path) -> bool:
    """Whether a file is well-formed YAML or JSON (else there is no data to validate)."""
    try:
        read_file(path)
    except (InputError, InvalidMapError):
        return False
    return True


MAP_FILES = sorted(
    path
    for folder in (MAPS, DATA)
    for path in folder.rglob("*")
    if path.suffix in (".yaml", ".yml", ".json") and "golden" not in path.parts and _readable(path)
)


@pytest.mark.parametrize("path", MAP_FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_schema_accepts_what_argmap_reads_and_nothing_else(path: Path) -> None:
    """Every map file of the repository: the schema accepts its data exactly when the
    model does (shape). A map with only cross-element problems (unknown ids, cycles) has
    the right shape, so the schema accepts it too."""
    document = read_file(path)
    errors = [error.message for error in VALIDATOR.iter_errors(_plain(document.data))]
    refused = ""
    try:
        build_map(document)
    except InvalidMapError as error:
        refused = str(error.issues[0])
    assert bool(errors) == bool(refused), (
        f"argmap refuses: {refused or 'nothing'}; the schema refuses: {errors[:1] or 'nothing'}"
    )


def test_the_repository_has_maps_of_every_kind() -> None:
    """The test above sees valid maps, maps with checker problems and shape errors."""
    kinds: dict[str, int] = {"valid": 0, "checker": 0, "shape": 0}
    for path in MAP_FILES:
        try:
            argmap.load(path)
            kinds["valid"] += 1
        except InvalidMapError as error:
            shape = any(issue.code in _SHAPE for issue in error.issues)
            kinds["shape" if shape else "checker"] += 1
    assert len(MAP_FILES) >= 50
    assert kinds["valid"] >= 8
    assert kinds["checker"] >= 25
    assert kinds["shape"] >= 15


_SHAPE = {
    "empty-map", "invalid-id", "invalid-value", "missing-field", "unknown-field",
    "unsupported-version", "wrong-type",
}  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(GENERATED_MAPS)
def test_schema_and_model_agree_on_generated_data(data: dict[str, object]) -> None:
    try:
        file_model(data)
    except ValidationError:
        model_accepts = False
    else:
        model_accepts = True
    assert VALIDATOR.is_valid(data) == model_accepts, list(VALIDATOR.iter_errors(data))[:1]


@pytest.mark.parametrize(
    ("field", "value", "valid"),
    [
        (("source", "date"), 1802, True),  # YAML reads a year as a number
        (("source", "date"), "2024-03-15", True),
        (("source", "date"), 180, False),
        (("source", "date"), "2024-13", False),
        (("inferences", 0, "from"), "P1", True),  # one id alone, or a list
        (("inferences", 0, "from"), [], False),
        (("inferences", 0, "roles"), {"goal": "P1"}, True),
        (("inferences", 0, "roles"), {"Goal": "P1"}, False),
        (("claims", 0, "id"), "  P1 ", True),  # the model strips spaces around a text
        (("claims", 0, "id"), "1P", False),
        (("claims", 0, "id"), "P" * 65, False),
        (("argmap",), True, False),
        (("argmap",), 2, False),
    ],
)
def test_schema_constraints_match_the_model(
    field: tuple[str | int, ...], value: object, valid: bool
) -> None:
    data: dict[str, Any] = {
        "argmap": 1,
        "title": "t",
        "source": {"title": "s"},
        "claims": [{"id": "P1", "text": "p", "role": "premise"}],
        "inferences": [{"id": "I1", "from": ["P1"], "to": "C"}],
    }
    *path, last = field
    target: Any = data
    for part in path:
        target = target[part]
    target[last] = value
    assert VALIDATOR.is_valid(data) is valid
    try:
        file_model(data)
    except ValidationError:
        assert not valid
    else:
        assert valid


@pytest.mark.parametrize(
    "path", sorted(MAPS.rglob("*.yaml")), ids=lambda path: str(path.relative_to(ROOT))
)
def test_shipped_maps_name_the_schema(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    found = MODELINE.fullmatch(first)
    assert found, f"{path} does not start with the yaml-language-server line"
    assert (path.parent / found[1]).resolve() == SCHEMA_FILE


def test_cli_schema_prints_and_writes_the_shipped_schema(tmp_path: Path) -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert result.stdout == SCHEMA_FILE.read_text(encoding="utf-8")
    target = tmp_path / "argmap.schema.json"
    result = runner.invoke(app, ["schema", "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    assert json.loads(target.read_text(encoding="utf-8")) == SCHEMA
    result = runner.invoke(app, ["schema", "-o", str(tmp_path / "missing" / "x.json")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
