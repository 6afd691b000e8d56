"""Critical questions, the scheme catalogue, and lint."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Mapping
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import argmap
from argmap.analysis._warnings import analyse
from argmap.cli import app
from argmap.mapfile._catalogue import builtin, fill, open_questions, questions_report

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
    # The ?N marker labels the step's line to its conclusion (placed clear of other lines).
    assert ">?3<" in out.read_text().split("I4 -> C [")[1].split("\n")[0]


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
    from argmap.analysis._warnings import _Linter  # noqa: PLC0415
    from argmap.checks._structure import Structure  # noqa: PLC0415

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
    from argmap.analysis._warnings import _SIMILAR, content_words  # noqa: PLC0415

    texts = [" ".join(words) for words in word_lists]
    sets = [content_words(text) for text in texts]
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


def _lint(claims: list[dict[str, object]], **parts: object) -> list[tuple[str, str]]:
    """Warnings (code, message) of a map built from its claims, inferences and objections."""
    data = {"argmap": 1, "title": "t", "claims": claims, **parts}
    argument_map = argmap.ArgumentMap.model_validate(data)
    return [(w.code, w.message) for w in analyse(argument_map).warnings]


def _codes(claims: list[dict[str, object]], **parts: object) -> list[str]:
    return [code for code, _ in _lint(claims, **parts)]


def _claim(claim_id: str, text: str, role: str = "premise", **more: object) -> dict[str, object]:
    return {"id": claim_id, "text": text, "role": role, "quote": text, **more}


def _step(step_id: str, premises: list[str], to: str, **more: object) -> dict[str, object]:
    return {"id": step_id, "from": premises, "to": to, "scheme": "sign", "warrant": "w", **more}


@pytest.mark.parametrize(
    ("premise", "hedged"),
    [
        ("The militias' growing might alarms their neighbours.", False),  # "might", a noun
        ("Iran's might backs the militias.", False),
        ("The militias might grow stronger.", True),  # "might", a modal verb
        ("They use drones, some of which are supplied by Iran.", False),  # says which
        ("Some drones are perhaps supplied by Iran.", True),
        ("The report asks how likely an attack is.", False),  # a question, not a hedge
        ("Critics call the threat 'possibly overstated'.", False),  # words mentioned, not used
    ],
)
def test_hedges_are_words_used_as_hedges(premise: str, hedged: bool) -> None:
    claims = [_claim("P", premise), _claim("C", "The militias threaten the region.", "conclusion")]
    codes = _codes(claims, inferences=[_step("I", ["P"], "C")])
    assert ("hedged-premise" in codes) is hedged


def test_weak_basis_is_not_raised_where_the_map_records_more_support() -> None:
    claims = [
        _claim("P", "Iran funds the militias.", basis="assertion"),
        _claim("E", "Drones found in Iraq came from Iran."),
        _claim("C", "Iranian money arms the militias.", "conclusion"),
    ]
    bare = _lint(claims[::2], inferences=[_step("I", ["P"], "C")])
    assert [code for code, _ in bare] == ["weak-basis"]
    assert "'C' rests on a single claim, 'P', offered as bare assertion" in bare[0][1]
    answered = {"finding": {"status": "answered", "by": "E", "note": "The drones came from Iran."}}
    assert "weak-basis" not in _codes(
        claims,
        inferences=[_step("I", ["P"], "C", questions=answered)],
        objections=[{"id": "O", "from": ["E"], "to": "P"}],  # E is used by the map
    )
    argued = [{**claims[0], "role": "intermediate"}, *claims[1:]]
    steps = [_step("I", ["P"], "C"), _step("J", ["E"], "P")]
    assert "weak-basis" not in _codes(argued, inferences=steps)


def test_an_unhedged_prediction_on_one_claim_is_a_lone_prediction() -> None:
    claims = [
        _claim("P", "The militias gained influence after 2014."),
        _claim("Q", "Their budget grew every year since 2016."),
        _claim("C", "The militias will keep expanding.", "conclusion"),
    ]
    lone = _lint(claims[::2], inferences=[_step("I", ["P"], "C")])
    assert lone == [
        (
            "lone-prediction",
            "'C' predicts without hedging ('will') but rests on a single claim, P: what else "
            "supports the prediction?",
        )
    ]
    two = [_step("I", ["P"], "C"), _step("J", ["Q"], "C")]
    assert "lone-prediction" not in _codes(claims, inferences=two)
    hedged = [*claims[:2], {**claims[2], "text": "The militias will probably keep expanding."}]
    assert "lone-prediction" not in _codes(hedged[::2], inferences=[_step("I", ["P"], "C")])
    # An unstated step stands for what supports it: the grounds are P and Q.
    through = [*claims, {"id": "G", "text": "g", "role": "intermediate", "unstated": True}]
    steps = [_step("I", ["G"], "C"), _step("J", ["P"], "G"), _step("K", ["Q"], "G")]
    assert "lone-prediction" not in _codes(through, inferences=steps)
    will = [_claim("P", "Political will is lacking."), _claim("C", "c", "conclusion")]
    assert "lone-prediction" not in _codes(will, inferences=[_step("I", ["P"], "C")])


def test_modal_force_that_grows_along_a_chain_is_an_escalation() -> None:
    claims = [
        _claim("P", "Jobs programmes can help shrink the recruitment pool."),
        _claim("S", "A comprehensive strategy is essential.", "intermediate"),
        _claim("C", "Peace hinges on that strategy.", "conclusion"),
    ]
    steps = [_step("I", ["P"], "S"), _step("J", ["S"], "C")]
    warnings = _lint(claims, inferences=steps)
    assert [code for code, _ in warnings] == ["hedged-premise", "modal-escalation"]
    assert warnings[1][1] == (
        "'C' ('hinges on') rests, through S ('essential'), on hedged P (can): the modal force "
        "grows along the chain, from possibility to necessity; does each step add the grounds "
        "for it?"
    )
    # One step from a hedge to a necessity is hedged-premise's alone; a hedged link in the
    # middle starts the chain afresh.
    assert _codes(claims[::2], inferences=[_step("I", ["P"], "C")]) == ["hedged-premise"]
    hedged = [claims[0], {**claims[1], "text": "A strategy could help.", "quote": "q"}, claims[2]]
    assert "modal-escalation" not in _codes(hedged, inferences=steps)


def test_the_critics_own_hedged_reasons_are_flagged() -> None:
    reason: dict[str, object] = {"id": "X", "text": "Jobs may barely shrink the pool."}
    reason |= {"role": "premise", "holder": "analyst"}
    claims = [
        _claim("P", "Jobs programmes shrink the recruitment pool."),
        _claim("C", "Fund jobs programmes.", "conclusion"),
        reason,
    ]
    steps = [_step("I", ["P"], "C")]
    warnings = _lint(claims, inferences=steps, objections=[{"id": "O", "from": ["X"], "to": "P"}])
    assert warnings == [
        (
            "hedged-objection",
            "objection 'O' undermines 'P' outright when its reasons stand, but it rests on hedged "
            "X (may): does it claim more than its reasons give? Say what the reason shows, or "
            "leave the doubt as an open critical question",
        )
    ]
    plain = [*claims[:2], {**reason, "text": "The 'may' of the text is its only ground."}]
    assert _codes(plain, inferences=steps, objections=[{"id": "O", "from": ["X"], "to": "P"}]) == []


def test_answers_that_are_circular_or_restate_the_step() -> None:
    claims = [
        _claim("P", "Unchecked, the militias will expand."),
        _claim("E", "Their budget doubled."),
        _claim("M", "Robust action is needed.", "intermediate"),
        _claim("C", "Fund a strategy.", "conclusion"),
    ]

    def codes_with(answer: Mapping[str, object], question: str = "likelihood") -> list[str]:
        steps = [
            {"id": "I", "from": ["P", "E"], "to": "M", "scheme": "negative-consequences",
             "warrant": "w", "questions": {question: answer}},
            _step("J", ["M"], "C"),
        ]  # fmt: skip
        return [c for c in _codes(claims, inferences=steps) if c.endswith("-answer")]

    circular = {"status": "answered", "by": "C", "note": "The strategy is funded."}
    assert codes_with(circular) == ["circular-answer"]
    assert codes_with({**circular, "by": "M"}) == ["circular-answer"]
    restated = {"status": "answered", "note": "The article says 'the militias will expand'."}
    assert codes_with(restated) == ["restated-answer"]
    both = {
        "status": "answered",
        "note": "It says 'the militias will expand' and 'Their budget doubled'.",
    }
    assert codes_with(both) == ["restated-answer"]  # the step's two premises, nothing else
    other = {"status": "answered", "note": "It adds 'since 2014 the PMU grew' to 'will expand'."}
    assert codes_with(other) == []
    assert codes_with({**restated, "by": "E"}) == []
    assert codes_with({**restated, "status": "open"}) == []
    assert codes_with(restated, question="opposite") == []  # an exception: the critic's to show


def test_new_warnings_through_the_command_line(tmp_path: Path) -> None:
    data = {
        "argmap": 1,
        "title": "t",
        "claims": [_claim("P", "Iran funds them."), _claim("C", "They will grow.", "conclusion")],
        "inferences": [_step("I", ["P"], "C")],
    }
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(data))
    result = runner.invoke(app, ["analyse", str(path), "-f", "json"])
    assert result.exit_code == 0
    assert [w["code"] for w in json.loads(result.stdout)["warnings"]] == ["lone-prediction"]
    assert runner.invoke(app, ["analyse", str(path), "--strict"]).exit_code == 1


def test_the_article_map_warnings_are_the_ones_a_careful_reader_raises() -> None:
    warnings = analyse(argmap.load(ARTICLE_MAP)).warnings
    found = sorted((w.code, re.findall(r"'([A-Z]\d*)'", w.message)[0]) for w in warnings)
    assert found == [
        ("hedged-premise", "R0"),  # 'may', 'could potentially', 'can lead to' -> 'profound'
        ("hedged-premise", "R0"),
        ("hedged-premise", "R0"),
        ("hedged-premise", "S1"),  # 'can pave the way' -> 'essential'
        ("lone-prediction", "S6"),  # 'will lead to more effective counterterrorism'
        ("modal-escalation", "C"),  # 'can' -> 'essential' -> 'hinges on'
        ("weak-basis", "T5"),
    ]
    statistics = analyse(argmap.load(ARTICLE_MAP)).statistics
    assert (statistics["analyst_claims"], statistics["reported_claims"]) == (12, 1)
    assert statistics["unstated_steps"] == 1
