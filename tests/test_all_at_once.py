"""Every problem at once: a problem of one kind does not hide one of another kind until
the first is fixed (a new user saw two scheme errors, and the unknown id of the same
map only on the next run)."""

from __future__ import annotations

from pathlib import Path

import pytest

import argmap
from argmap._issues import InvalidMapError

from .conftest import VALID_MAP

UNKNOWN_ID = """\
  - id: I2
    from: [P9]
    to: C
"""


def _with_source(name: str) -> str:
    return VALID_MAP.replace(
        "title: Smoking\n", f"title: Smoking\nsource: {{title: S, path: {name}}}\n"
    )


def _codes(path: Path) -> list[str]:
    with pytest.raises(InvalidMapError) as caught:
        argmap.load(path)
    return [issue.code for issue in caught.value.issues]


@pytest.mark.parametrize(
    ("field", "code"),
    [
        ("    scheme: [expert-opinion]\n", "wrong-type"),  # a shape problem
        ("    schema: expert-opinion\n", "unknown-field"),
        ("    scheme: expert-opinon\n", "unknown-scheme"),  # a sense problem, as before
    ],
)
def test_a_bad_scheme_and_an_unknown_id_in_one_run(tmp_path: Path, field: str, code: str) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(VALID_MAP + field + UNKNOWN_ID, encoding="utf-8")
    assert _codes(path) == [code, "unknown-id"]


def test_a_shape_problem_hides_nothing_in_another_element(tmp_path: Path) -> None:
    """Checked on what can be read; nothing is said of the element that was patched (its
    broken quote is no missing quote) or when an element had to be left out."""
    path = tmp_path / "map.yaml"
    (tmp_path / "source.txt").write_text("Smoking causes cancer.", encoding="utf-8")
    text = _with_source("source.txt")
    text = text.replace(
        "    text: Smoking causes cancer.\n",
        "    text: Smoking causes cancer.\n    quote: [Smoking]\n",
    )
    path.write_text(text + UNKNOWN_ID, encoding="utf-8")
    # C's quote is missing; P1's is broken, not missing.
    assert _codes(path) == ["wrong-type", "missing-quote", "unknown-id"]
    path.write_text(text + UNKNOWN_ID + "  - id: I3\n    from: 5\n    to: C\n", encoding="utf-8")
    assert "unknown-id" not in _codes(path)  # I3 left out: P9 waits for the next run


def test_a_missing_source_text_hides_no_missing_quote(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    text = _with_source("gone.txt")
    path.write_text(text, encoding="utf-8")
    assert _codes(path) == ["source-missing", "missing-quote", "missing-quote"]
