"""Hints for what new users write: scheme names, fields named by meaning, a colon in a text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import BaseModel
from typer.testing import CliRunner

import argmap
from argmap import InvalidMapError
from argmap.cli import app
from argmap.mapfile import _hints
from argmap.mapfile._parse import _SECTIONS
from argmap.model import Answer, ArgumentMap, Source

runner = CliRunner()

MAP = """\
argmap: 1
title: Smoking
claims:
  - id: P1
    text: Smoking causes cancer.
    role: premise
  - id: C
    text: You should not smoke.
    role: conclusion
  - id: X1
    text: Some smokers never get cancer.
    role: premise
    holder: analyst
inferences:
  - id: I1
    from: [P1]
    to: C
objections:
  - id: O1
    from: [X1]
    to: P1
"""


def issues(tmp_path: Path, text: str) -> list[dict[str, object]]:
    """The issues `argmap validate --format json` reports for a map text."""
    path = tmp_path / "map.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["validate", "--format", "json", str(path)])
    assert result.exit_code == 1, result.stdout
    found: list[dict[str, object]] = json.loads(result.stdout)
    with pytest.raises(InvalidMapError) as caught:  # the API says the same
        argmap.load(path)
    assert [issue.message for issue in caught.value.issues] == [i["message"] for i in found]
    return found


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("argument from analogy", "analogy"),
        ("Expert Opinion", "expert-opinion"),
        ("practical reasoning", "practical-reasoning"),
        ("Argument from Authority", "expert-opinion"),
        ("inference to the best explanation", "abduction"),
        ("cause_to_effect", "cause-to-effect"),
    ],
)
def test_scheme_names_as_people_write_them(tmp_path: Path, written: str, meant: str) -> None:
    text = MAP.replace("    to: C\n", f"    to: C\n    scheme: {written}\n", 1)
    [issue] = issues(tmp_path, text)
    assert issue["code"] == "invalid-value"
    assert issue["line"] == 18
    assert f"'{written}' is not a scheme id (did you mean '{meant}', the " in str(issue["message"])
    assert "`argmap schemes` lists them" in str(issue["message"])


@pytest.mark.parametrize(
    ("written", "meant"),
    [("argument-from-analogy", "analogy"), ("appeal-to-authority", "expert-opinion")],
)
def test_unknown_kebab_scheme_is_recognised_by_name(
    tmp_path: Path, written: str, meant: str
) -> None:
    text = MAP.replace("    to: C\n", f"    to: C\n    scheme: {written}\n", 1)
    [issue] = issues(tmp_path, text)
    assert issue["code"] == "unknown-scheme"
    assert f"(did you mean '{meant}', the " in str(issue["message"])


def test_two_schemes_of_one_name_are_both_offered(tmp_path: Path) -> None:
    text = MAP.replace("    to: C\n", "    to: C\n    scheme: Argument from consequences\n", 1)
    [issue] = issues(tmp_path, text)
    message = str(issue["message"])
    assert "did you mean 'positive-consequences'" in message
    assert "or 'negative-consequences'" in message


@pytest.mark.parametrize(
    ("where", "field", "says"),
    [
        ("objection", "type: undercut", "the kind of an objection follows from its target"),
        ("objection", "target: P1", "what an objection attacks is its 'to'"),
        ("claim", "kind: premise", "what a claim does is its 'role'"),
        ("claim", "type: premise", "what a claim does is its 'role'"),
        ("claim", "premises: [X1]", "a claim does not list its reasons: write an inference"),
        ("claim", "support: [X1]", "a claim does not list its reasons: write an inference"),
        ("claim", "conclusion: C", "a claim does not name what it supports"),
        ("claim", "attacks: C", "an attack is an objection of its own"),
        ("claim", "speaker: critics", "who holds a claim is its 'holder'"),
        ("claim", "author: Ana", "write 'voice: ...', which makes the holder 'reported'"),
        ("claim", "evidence: a study", "its 'quote'; the kind of grounding"),
        ("claim", "implicit: true", "an unstated premise is 'role: assumption'"),
        ("inference", "type: linked", "the kind of support follows from the structure"),
        ("inference", "conclusion: C", "the claim an inference supports is its 'to'"),
        ("inference", "rule: smoking is bad", "its 'warrant'"),
    ],
)
def test_unknown_fields_are_explained_by_meaning(
    tmp_path: Path, where: str, field: str, says: str
) -> None:
    anchor = {"claim": "    role: premise\n", "inference": "    from: [P1]\n"}.get(
        where, "    from: [X1]\n"
    )
    text = MAP.replace(anchor, f"{anchor}    {field}\n", 1)
    [issue] = issues(tmp_path, text)
    assert issue["code"] == "unknown-field"
    name = field.split(":", maxsplit=1)[0]
    assert f"has an unknown field '{name}': " in str(issue["message"]), issue["message"]
    assert says in str(issue["message"])
    assert "allowed fields:" in str(issue["message"])


def test_a_field_under_another_name_is_one_mistake(tmp_path: Path) -> None:
    """`premises:` on an inference: one message (the field to write), not also "no 'from'"."""
    text = MAP.replace("    from: [P1]\n", "    premises: [P1]\n", 1)
    [issue] = issues(tmp_path, text)
    assert issue["code"] == "unknown-field"
    assert "'premises': the reasons of an inference are its 'from'" in str(issue["message"])
    typo = MAP.replace("    text: Smoking causes cancer.\n", "    txt: Smoking causes cancer.\n")
    [issue] = issues(tmp_path, typo)
    assert "'txt' (did you mean 'text'?)" in str(issue["message"])


def test_spelling_still_helps_where_meaning_has_nothing(tmp_path: Path) -> None:
    text = MAP.replace("    role: premise\n", "    role: premise\n    bassis: example\n", 1)
    [issue] = issues(tmp_path, text)
    assert "'bassis' (did you mean 'basis'?)" in str(issue["message"])


@pytest.mark.parametrize(
    ("line", "fix"),
    [
        ("    text: Iraq: a threat to the region", 'text: "Iraq: a threat to the region"'),
        ('    text: "Iraq": a threat', "text: '\"Iraq\": a threat'"),
        ("  - id: P2\n    text: Why: because", 'text: "Why: because"'),
    ],
)
def test_a_colon_in_a_plain_text_says_to_quote_it(tmp_path: Path, line: str, fix: str) -> None:
    text = MAP.replace("    text: Smoking causes cancer.", line, 1)
    [issue] = issues(tmp_path, text)
    assert issue["code"] == "yaml-syntax"
    assert issue["line"] == text.splitlines().index(line.splitlines()[-1]) + 1
    message = str(issue["message"])
    assert message.startswith("mapping values are not allowed")
    assert "which YAML reads as a new key; put the whole text in quotes: " + fix in message


def test_a_key_indented_too_deep_is_not_taken_for_a_colon(tmp_path: Path) -> None:
    text = MAP.replace("title: Smoking\n", "title: Smoking\n  description: x\n")
    [issue] = issues(tmp_path, text)
    assert issue["line"] == 3
    assert "a key is indented deeper than the one above it" in str(issue["message"])


_MODELS: dict[str, type[BaseModel]] = {
    "map": ArgumentMap,
    "source": Source,
    "answer": Answer,
    **{kind: model for model, kind in _SECTIONS.values()},
}


def test_the_hint_table_names_real_fields_only() -> None:
    table = _hints.guessed_fields()
    assert set(table) == set(_MODELS)
    for element, guesses in table.items():
        fields = {info.alias or name for name, info in _MODELS[element].model_fields.items()}
        for guess, hint in guesses.items():
            assert guess not in fields, f"{element}: '{guess}' is a real field"
            assert hint.means is None or hint.means in fields, f"{element}: {hint.means}"
            assert hint.means is None or f"'{hint.means}" in hint.text
