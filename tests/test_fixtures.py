"""Each invalid fixture produces exactly its own issue code, at the marked line."""

from __future__ import annotations

from pathlib import Path

import pytest

import argmap
from argmap import InvalidMapError

from .conftest import DATA, MAPS, marked_line

INVALID = sorted(path for path in (DATA / "invalid").iterdir() if path.suffix in (".yaml", ".json"))

CHECKER_CODES = {
    "assumption-with-quote", "catalogue-missing", "disconnected-claim", "unknown-question",
    "unknown-scheme", "duplicate-id", "self-attack", "empty-text",
    "missing-quote", "no-conclusion", "scenario-failed",
    "quote-not-in-source", "role-mismatch", "self-support", "several-conclusions",
    "source-missing", "invalid-url", "support-cycle", "unknown-id", "unknown-target",
    "unknown-theme", "missing-voice", "voice-mismatch", "unstated-mismatch", "unknown-role",
    "unsupported-conclusion", "unused-claim",
}  # fmt: skip
SHAPE_CODES = {
    "empty-map", "invalid-id", "invalid-value", "missing-field", "unknown-field",
    "unsupported-version", "wrong-type",
}  # fmt: skip
SYNTAX_CODES = {"duplicate-key", "json-syntax", "too-deep", "yaml-alias", "yaml-syntax", "yaml-tag"}


def test_every_code_has_a_fixture() -> None:
    assert {path.stem for path in INVALID} == CHECKER_CODES | SHAPE_CODES | SYNTAX_CODES


@pytest.mark.parametrize("path", INVALID, ids=lambda path: path.stem)
def test_fixture_yields_exactly_its_code_at_the_marked_line(path: Path) -> None:
    try:
        issues = argmap.check(argmap.load(path))  # a failed scenario does not stop loading
    except InvalidMapError as error:
        issues = error.issues
    assert [issue.code for issue in issues] == [path.stem], [str(issue) for issue in issues]
    assert issues[0].line == marked_line(path)
    assert issues[0].file == str(path)


@pytest.mark.parametrize("path", sorted(MAPS.glob("*.yaml")), ids=lambda path: path.name)
def test_shipped_maps_are_valid(path: Path) -> None:
    assert argmap.check(argmap.load(path)) == []
