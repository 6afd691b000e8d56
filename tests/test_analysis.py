"""Critical questions, the scheme catalogue, and lint."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import argmap
from argmap._lint import analyse
from argmap._schemes import builtin, fill, open_questions, questions_report
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
        values = {"conclusion": "\u201cC.\u201d", "premises": "\u201cP.\u201d"}
        values |= {form.role: f"\u201c{form.role}.\u201d" for form in scheme.premises}
        for question in scheme.questions:
            filled = fill(question.text, values)
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


def test_catalogue_placeholders_and_duplicate_questions_are_checked(tmp_path: Path) -> None:
    scheme = (
        "schemes:\n  - id: s\n    name: S\n    premises: [{role: r, form: f}]\n"
        "    conclusion: c\n    questions:\n"
        "      - {id: q, kind: assumption, text: 'Is {premise} true?'}\n"
        "      - {id: q, kind: exception, text: 'Does {conclusion} hold?'}\n"
    )
    (tmp_path / "bad.yaml").write_text(scheme)
    original = (DATA / "catalogue" / "map.yaml").read_text()
    (tmp_path / "map.yaml").write_text(original.replace("fear.yaml", "bad.yaml"))
    with pytest.raises(argmap.InvalidMapError) as caught:
        argmap.load(tmp_path / "map.yaml")
    messages = [issue.message for issue in caught.value.issues]
    assert any("it uses {premise}" in message for message in messages)
    assert any("has two questions 'q'" in message for message in messages)


def test_questions_command(tmp_path: Path) -> None:
    result = runner.invoke(app, ["questions", str(MAPS / "watchmaker.yaml"), "--open"])
    assert result.exit_code == 0
    assert result.stdout.rstrip().endswith("critical questions open.")
    wrong = runner.invoke(app, ["questions", str(MAPS / "watchmaker.yaml"), "-i", "I44"])
    assert wrong.exit_code == 2
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
        "source": {"title": "An op-ed"},
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
    del data["source"]  # the analyst's own argument: no text to quote, so no quote missing
    assert "no-quote" not in _lint_map(tmp_path, data)


def test_analyse_command_strict_and_json() -> None:
    text = runner.invoke(app, ["analyse", str(ARTICLE_MAP)])
    assert text.exit_code == 0
    assert "hedged-premise: 'R0' is stated without hedging" in text.stdout
    assert runner.invoke(app, ["analyse", str(ARTICLE_MAP), "--strict"]).exit_code == 1
    data = json.loads(runner.invoke(app, ["analyse", str(ARTICLE_MAP), "-f", "json"]).stdout)
    assert data["statistics"]["claims"]["conclusion"] == 1
    assert all(warning["severity"] == "warning" for warning in data["warnings"])


def _claims_map(
    texts: list[str], objections: tuple[tuple[int, int], ...] = ()
) -> argmap.ArgumentMap:
    data = {
        "argmap": 1,
        "title": "t",
        "claims": [
            {"id": f"K{n}", "text": text, "role": "premise"} for n, text in enumerate(texts)
        ],
        "objections": [
            {"id": f"O{n}", "from": [f"K{a}"], "to": f"K{b}"} for n, (a, b) in enumerate(objections)
        ],
    }
    argument_map = argmap.ArgumentMap.model_validate(data)
    argument_map._checked = True  # duplicates need no conclusion or connections
    return argument_map


def _duplicate_pairs(argument_map: argmap.ArgumentMap) -> set[tuple[str, str]]:
    from argmap._lint import _Linter  # noqa: PLC0415
    from argmap._structure import Structure  # noqa: PLC0415

    found = _Linter(Structure.of(argument_map)).duplicates()
    return {tuple(re.findall(r"'(K\d+)'", w.message)[:2]) for w in found}


def test_negations_and_objections_are_not_duplicates() -> None:
    texts = [
        "Militias are part of the state security forces.",
        "Militias are not part of the state security forces.",
        "Militias aren't part of the state security forces.",
        "The militias are part of the state's security forces.",
    ]
    assert _duplicate_pairs(_claims_map(texts, ((1, 0),))) == {("K1", "K2"), ("K0", "K3")}


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from("ab cd ef gh ij kl mn op qr".split()), min_size=1, max_size=6),
        min_size=2,
        max_size=12,
    )
)
def test_similarity_join_misses_no_pair(word_lists: list[list[str]]) -> None:
    from argmap._lint import _SIMILAR, _content_words  # noqa: PLC0415

    texts = [" ".join(words) for words in word_lists]
    sets = [_content_words(text) for text in texts]
    expected = {
        (f"K{i}", f"K{j}")
        for i in range(len(texts))
        for j in range(i + 1, len(texts))
        if len(sets[i] | sets[j]) >= 3
        and len(sets[i] & sets[j]) >= _SIMILAR * len(sets[i] | sets[j])
    }
    assert _duplicate_pairs(_claims_map(texts)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "{conclusion:d}",
        "{conclusion!z}",
        "{conclusion:{premises}}",
        "{conclusion} {",
        "{conclusion:>2000000000}",
        "Does {conclusion} hold? }",
    ],
)
def test_a_catalogue_question_takes_plain_placeholders_only(text: str, tmp_path: Path) -> None:
    """F3: format specifications and conversions passed `validate`, then failed (or took
    gigabytes) when the question was filled in; a lone brace failed `validate` itself."""
    fear = (DATA / "catalogue" / "fear.yaml").read_text(encoding="utf-8")
    question = "How likely is it that {conclusion} averts the danger?"
    (tmp_path / "fear.yaml").write_text(fear.replace(question, text.replace("'", "''")))
    shutil.copy(DATA / "catalogue" / "map.yaml", tmp_path / "map.yaml")
    path = str(tmp_path / "map.yaml")
    for args in (
        ["validate", path],
        ["questions", path],
        ["exercise", path, "-k", "critical-questions", "-o", str(tmp_path / "w.md")],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 1, result.output
        assert "invalid-catalogue" in result.output
        assert "each as a plain {name}" in result.output
    assert not (tmp_path / "w.md").exists()


def test_lint_statistics_read_right(tmp_path: Path) -> None:
    """Found when tried: "widest inference: I1 (1 premises)"."""
    (tmp_path / "m.yaml").write_text(
        "argmap: 1\ntitle: t\nclaims:\n  - {id: P, text: p, role: premise}\n"
        "  - {id: C, text: c, role: conclusion}\ninferences:\n  - {id: I1, from: P, to: C}\n"
    )
    summary = analyse(argmap.load(tmp_path / "m.yaml")).summary()
    assert "widest inference: I1 (1 premise)" in summary
