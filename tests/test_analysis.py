"""Critical questions, the scheme catalogue, and lint."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import argmap
from argmap._lint import analyse
from argmap._schemes import builtin, open_questions, questions_report
from argmap.cli import app

from .conftest import ARTICLE_MAP, DATA, MAPS

runner = CliRunner()
REQUIRED = {
    "expert-opinion", "position-to-know", "witness-testimony", "popular-opinion",
    "cause-to-effect", "correlation-to-cause", "sign", "example", "analogy",
    "positive-consequences", "negative-consequences", "practical-reasoning", "values",
    "slippery-slope", "verbal-classification",
}  # fmt: skip


def test_builtin_catalogue_has_the_walton_schemes_with_typed_questions() -> None:
    schemes = builtin()
    assert schemes.keys() >= REQUIRED
    for scheme in schemes.values():
        assert scheme.premises
        assert scheme.conclusion
        assert {question.kind for question in scheme.questions} <= {"assumption", "exception"}
        for question in scheme.questions:
            filled = question.text.format(conclusion="\u201cC.\u201d", premises="\u201cP.\u201d")
            assert "\u201c" in filled, f"{scheme.id}/{question.id} uses no claim"


def test_questions_are_phrased_with_the_inference_claims() -> None:
    report = questions_report(argmap.load(MAPS / "watchmaker.yaml"), "I4")
    assert report.startswith(
        "I4: W, N, A1 => C  (The works of nature had an intelligent designer.)"
    )
    assert "Argument from analogy (analogy)" in report
    assert "\u201cThe works of nature had an intelligent designer.\u201d" in report


def test_own_catalogue_adds_schemes() -> None:
    argument_map = argmap.load(DATA / "catalogue" / "map.yaml")
    report = questions_report(argument_map)
    assert (
        "[answered] likely (assumption): How likely is it that \u201cYou should not smoke.\u201d"
        in report
    )
    assert open_questions(argument_map) == {"I1": 0}


def test_invalid_own_catalogue_is_reported(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("schemes:\n  - id: x\n    name: X\n")
    (tmp_path / "map.yaml").write_text(
        (DATA / "catalogue" / "map.yaml").read_text().replace("fear.yaml", "bad.yaml")
    )
    with pytest.raises(argmap.InvalidMapError) as caught:
        argmap.load(tmp_path / "map.yaml")
    assert {issue.code for issue in caught.value.issues} == {"invalid-catalogue"}
    assert all(issue.file == str(tmp_path / "bad.yaml") for issue in caught.value.issues)


def test_questions_command(tmp_path: Path) -> None:
    result = runner.invoke(app, ["questions", str(MAPS / "watchmaker.yaml"), "--open"])
    assert result.exit_code == 0
    assert result.stdout.rstrip().endswith("critical questions open.")
    wrong = runner.invoke(app, ["questions", str(MAPS / "watchmaker.yaml"), "-i", "I44"])
    assert wrong.exit_code == 1
    assert "no such inference (did you mean 'I4'?)" in wrong.stderr


def test_schemes_command_lists_the_catalogue() -> None:
    result = runner.invoke(app, ["schemes"])
    assert result.exit_code == 0
    assert "expert-opinion: Argument from expert opinion" in result.stdout


def test_render_marks_open_questions(tmp_path: Path) -> None:
    out = tmp_path / "q.dot"
    assert (
        runner.invoke(
            app, ["render", str(MAPS / "watchmaker.yaml"), "--questions", "-o", str(out)]
        ).exit_code
        == 0
    )
    assert "?" in out.read_text().split("I4 [")[1].split("]")[0]


def _lint_map(tmp_path: Path, data: dict[str, object]) -> list[str]:
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(data))
    return [warning.code for warning in analyse(argmap.load(path)).warnings]


def test_each_lint_warning(tmp_path: Path) -> None:
    data = {
        "argmap": 1,
        "title": "t",
        "claims": [
            {"id": "C", "text": "Taxes must rise next year.", "role": "conclusion", "quote": "q"},
            {"id": "P", "text": "Deficits could grow.", "role": "premise", "quote": "q"},
            {"id": "Q", "text": "Officials say revenue fell sharply.", "role": "premise",
             "basis": "unnamed-source", "quote": "q"},
            {"id": "M", "text": "Revenue fell sharply last year, officials say.",
             "role": "intermediate"},
        ],
        "inferences": [
            {"id": "I1", "from": ["P", "M"], "to": "C", "scheme": "negative-consequences"},
            {"id": "I2", "from": ["Q"], "to": "M", "scheme": "expert-opinion"},
        ],
    }  # fmt: skip
    codes = _lint_map(tmp_path, data)
    assert sorted(codes) == [
        "hedged-premise",
        "incomplete-scheme",
        "near-duplicate",
        "no-quote",
        "weak-basis",
    ]
    steps: list[dict[str, object]] = data["inferences"]  # type: ignore[assignment]
    steps[1]["warrant"] = "Officials know the revenue figures."
    del steps[0]["scheme"]
    assert "no-scheme" in _lint_map(tmp_path, data)
    assert "incomplete-scheme" not in _lint_map(tmp_path, data)


def test_analyse_command_strict_and_json() -> None:
    text = runner.invoke(app, ["analyse", str(ARTICLE_MAP)])
    assert text.exit_code == 0
    assert "hedged-premise: 'R0' is stated without hedging" in text.stdout
    assert runner.invoke(app, ["analyse", str(ARTICLE_MAP), "--strict"]).exit_code == 1
    data = json.loads(runner.invoke(app, ["analyse", str(ARTICLE_MAP), "-f", "json"]).stdout)
    assert data["statistics"]["claims"]["conclusion"] == 1
    assert all(warning["severity"] == "warning" for warning in data["warnings"])
