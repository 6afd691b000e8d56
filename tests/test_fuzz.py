"""Fuzzing: generated maps and mangled files through every stage of the pipeline.

Any exception but argmap's own (`ArgmapError`, which becomes a message and an exit
status) is a failure, and every SVG, HTML and Markdown output must carry no active
content. The budget is bounded for CI; `ARGMAP_FUZZ=10 pytest tests/test_fuzz.py`
runs ten times as many examples.
"""

from __future__ import annotations

import json
import os
from typing import Any

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import argmap
from argmap import ArgmapError, DiagramOptions
from argmap._schemes import builtin
from argmap.model import Role

from .conftest import MAPS, assert_inert, assert_inert_markdown

BUDGET = int(os.environ.get("ARGMAP_FUZZ", "1"))
FUZZ = settings(
    max_examples=150 * BUDGET,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TEXT = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=50).filter(
    lambda text: any(char.isalnum() for char in text)
)
HOSTILE = st.sampled_from([
    '<script>alert(1)</script>', '"]; x [label="y', "\\N\\G\\l", "javascript:alert(1)",
    "<svg onload=alert(1)>", "<img src=x onerror=y>", "[x](javascript:y)", "\u202eevil",
    "&amp;&#60;", "{{7*7}}", "\x00\x07\x1b", "1. # - > | *", "\U0001f525\u200d",
])  # fmt: skip
WORDS = TEXT | HOSTILE | st.builds(lambda a, b: f"{a} {b}", TEXT, HOSTILE)
LINK = "https://example.org/a?b=1"
SCHEMES = st.none() | st.sampled_from(sorted(builtin()))


@st.composite
def valid_maps(draw: st.DrawFn) -> dict[str, Any]:
    """A map that should pass the checker: reasons in layers up to one conclusion, each
    claim used once, linked and convergent steps, objections on claims and steps."""
    themes = draw(st.sampled_from([[], ["t1", "t2"]]))
    claims: list[dict[str, Any]] = []
    inferences: list[dict[str, Any]] = []

    def claim(claim_id: str, role: str, **extra: object) -> None:
        entry = {"id": claim_id, "text": draw(WORDS), "role": role, **extra}
        if themes:
            entry["theme"] = draw(st.sampled_from(themes))
        claims.append(entry)

    def support(reasons: list[str], target: str) -> None:
        groups = [reasons] if draw(st.booleans()) else [[reason] for reason in reasons]
        for group in groups:
            step: dict[str, Any] = {"id": f"I{len(inferences)}", "from": group, "to": target}
            scheme = draw(SCHEMES)
            if scheme:
                step["scheme"] = scheme
            inferences.append(step)

    pool = []
    for number in range(draw(st.integers(1, 5))):
        claim(f"P{number}", draw(st.sampled_from(["premise", "premise", "assumption"])))
        pool.append(f"P{number}")
    for number in range(draw(st.integers(0, 3))):
        chosen = draw(st.permutations(pool))[: draw(st.integers(1, len(pool)))]
        pool = [p for p in pool if p not in chosen]
        claim(f"M{number}", "intermediate")
        support(chosen, f"M{number}")
        pool.append(f"M{number}")
    claim("C", "conclusion")
    support(pool, "C")
    objections = []
    targets = [c["id"] for c in claims] + [s["id"] for s in inferences]
    for number in range(draw(st.integers(0, 3))):
        claim(f"X{number}", "premise", holder="analyst")
        target = draw(st.sampled_from(targets))
        objections.append({"id": f"O{number}", "from": [f"X{number}"], "to": target})
        targets.append(f"X{number}")
    data: dict[str, Any] = {"argmap": 1, "title": draw(WORDS), "claims": claims}
    data |= {"inferences": inferences, "objections": objections}
    if themes:
        data["themes"] = [{"id": t, "label": draw(WORDS)} for t in themes]
    if draw(st.booleans()):
        url = draw(st.sampled_from([LINK, None]))
        data["source"] = {"title": draw(WORDS), "author": draw(WORDS), "url": url}
    return data


def _pipeline(argument_map: argmap.ArgumentMap, reject: list[str], kind: str, seed: int) -> None:
    """Every stage on a map; only argmap's own errors may escape."""
    argmap.show(argument_map, width=80)
    argmap.analyse(argument_map).summary()
    argmap.questions_report(argument_map)
    evaluation = argmap.evaluate(argument_map, reject=reject)
    main = next(c.id for c in argument_map.claims if c.role is Role.CONCLUSION)
    evaluation.trace(main)
    for element in evaluation.labels:
        evaluation.why(element)
    options = DiagramOptions(legend=True, schemes=True, labels=evaluation.labels)
    argmap.to_dot(argument_map, options)
    assert_inert(argmap.render(argument_map, "svg", options=options).decode("utf-8"))
    try:
        exercise = argmap.exercise(argument_map, kind, seed=seed)  # type: ignore[arg-type]
    except ArgmapError:  # no assumptions, or no schemes, for this kind
        return
    for sheet in (exercise.worksheet, exercise.key):
        assert_inert_markdown(sheet.markdown(["x-1.svg"]), links=(LINK,))
    assert argmap.grade(exercise.key_map, exercise.key_map).score == 100.0


@FUZZ
@given(
    valid_maps(),
    st.data(),
    st.sampled_from(["structure", "roles", "missing-premise", "critical-questions", "evaluate"]),
    st.integers(0, 2**16),
)
def test_generated_maps_pass_every_stage(
    data: dict[str, Any], draws: st.DataObject, kind: str, seed: int
) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    try:
        argument_map = argmap.loads(text)
    except ArgmapError as error:
        event(f"refused: {getattr(error, 'issues', [error])[0]}"[:60])
        return  # a generated text the checker refuses (an empty-looking label, say)
    event("loaded")
    assert argmap.check(argument_map) == []
    ids = [c.id for c in argument_map.claims]
    reject = draws.draw(st.lists(st.sampled_from(ids), unique=True, max_size=3))
    _pipeline(argument_map, reject, kind, seed)


@settings(max_examples=30 * BUDGET, deadline=None)
@given(valid_maps())
def test_html_worksheets_of_generated_maps_are_inert(data: dict[str, Any]) -> None:
    try:
        argument_map = argmap.loads(yaml.safe_dump(data, allow_unicode=True))
    except ArgmapError:
        return
    page = argmap.exercise(argument_map, "structure").worksheet.html()
    assert_inert(page, links=(LINK,))


SEEDS = [path.read_text(encoding="utf-8") for path in sorted(MAPS.glob("*.yaml"))]
EDIT = st.tuples(st.sampled_from(["insert", "delete", "replace"]), st.floats(0, 1), TEXT | HOSTILE)


def _mangle(text: str, edits: list[tuple[str, float, str]]) -> str:
    for operation, where, piece in edits:
        at = int(where * len(text))
        if operation == "insert":
            text = text[:at] + piece + text[at:]
        elif operation == "delete":
            text = text[:at] + text[at + len(piece) :]
        else:
            text = text[:at] + piece + text[at + len(piece) :]
    return text


@FUZZ
@given(st.sampled_from(SEEDS), st.lists(EDIT, min_size=1, max_size=4), st.booleans())
def test_mangled_files_give_a_map_or_argmap_errors(
    seed_text: str, edits: list[tuple[str, float, str]], as_json: bool
) -> None:
    """Real maps with bytes inserted, deleted or replaced, as YAML or as JSON."""
    text = seed_text
    if as_json:
        text = json.dumps(yaml.safe_load(seed_text), ensure_ascii=False, default=str)
    try:
        argument_map = argmap.loads(_mangle(text, edits), json_syntax=as_json)
        argmap.check(argument_map)
        argmap.evaluate(argument_map)
        argmap.to_dot(argument_map)
    except ArgmapError:
        pass


@FUZZ
@given(valid_maps())
def test_generated_maps_survive_the_foreign_formats(data: dict[str, Any]) -> None:
    """AIF out and back gives the same map, whose YAML file reads back the same; the
    Argdown and Mermaid exports never fail; a Mermaid label is never Mermaid syntax."""
    try:
        argument_map = argmap.loads(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    except ArgmapError:
        return
    imported = argmap.import_text(argmap.export(argument_map, "aif"), "aif", name="x.json")
    assert imported.map.to_data() == argument_map.to_data()
    assert argmap.loads(imported.yaml()).to_data() == argument_map.to_data()
    argmap.export(argument_map, "argdown")
    for line in argmap.export(argument_map, "mermaid").splitlines():
        for quoted in line.split('"')[1::2]:
            assert not set(quoted) & set("<>[]{}()|`&%\n")
