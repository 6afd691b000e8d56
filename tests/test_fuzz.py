"""Fuzzing: generated maps and mangled files through every stage of the pipeline.

Any exception but argmap's own (`ArgmapError`, which becomes a message and an exit
status) is a failure, and every SVG, HTML and Markdown output must carry no active
content. The budget is bounded for CI; `ARGMAP_FUZZ=10 pytest tests/test_fuzz.py`
runs ten times as many examples.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import argmap
from argmap import ArgmapError, DiagramOptions, InvalidMapError
from argmap._write import OutputError, Outputs, write_all
from argmap.classroom._gradebook import labels
from argmap.draw._engines import SIGNALS, Stopped, Worker, stopped_by_signals
from argmap.formats.argdown import _data
from argmap.mapfile._catalogue import _schemes, builtin, phrase
from argmap.mapfile._read import MAX_DEPTH, parse_text
from argmap.model import Role

from .conftest import MAPS, ROOT, assert_inert, assert_inert_markdown

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


# The paths a reliability review found crashes in (issue 15): catalogues, the JSON
# reader, salvage (grading invalid maps), file names, output paths and signals.

BRACES = st.lists(st.sampled_from([*"{}{}:!>0d x", "{conclusion}", "{premises}"]), max_size=12).map(
    "".join
)


@settings(max_examples=60 * BUDGET, deadline=None)
@given(BRACES)
def test_catalogue_questions_are_refused_or_fill_in(text: str) -> None:
    """A question text either passes the catalogue's check and then fills in for any
    step, or is refused as `invalid-catalogue`."""
    question = {"id": "q", "kind": "assumption", "text": text}
    scheme = {"id": "s", "name": "S", "premises": [{"role": "r", "form": "f"}],
              "conclusion": "c", "questions": [question]}  # fmt: skip
    document = parse_text(yaml.safe_dump({"schemes": [scheme]}), name="c.yaml")
    try:
        schemes = _schemes(document)
    except InvalidMapError as error:
        codes = {i.code for i in error.issues}
    else:
        codes = set()
    assert codes <= {"invalid-catalogue"}
    if codes:
        return
    watchmaker = argmap.load(MAPS / "watchmaker.yaml")
    for step in watchmaker.inferences:
        phrase(watchmaker, step, schemes["s"])


def _nested(depth: int) -> st.SearchStrategy[object]:
    scalars = st.none() | st.booleans() | st.integers() | TEXT | HOSTILE | st.just("\U0001f600")
    keys = TEXT | st.just("title") | st.just("k" * 1100)
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3),
        max_leaves=depth,
    )


@FUZZ
@given(_nested(40), st.booleans(), st.integers(0, 40), st.booleans())
def test_json_is_read_under_the_same_rules_either_way(
    data: object, ascii_only: bool, depth: int, duplicate: bool
) -> None:
    """JSON that YAML reads (after its emoji escapes are made YAML's own) and JSON that only
    JSON's own reader reads (a key of over 1,024 characters) give the same limits."""
    for _ in range(depth):
        data = [data]
    text = json.dumps({"argmap": 1, "data": data}, ensure_ascii=ascii_only)
    if duplicate:
        text = text[:-1] + ', "argmap": 2}'
    try:
        document = parse_text(text, json_syntax=True)
    except ArgmapError as error:
        event(f"refused: {getattr(error, 'issues', [error])[0].code}")
        return
    assert not duplicate
    stack, deepest = [(document.data, 1)], 0
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, level)
            stack += [
                (v, level + 1) for v in (value.values() if isinstance(value, dict) else value)
            ]
        elif isinstance(value, str):
            value.encode("utf-8")  # all characters, no half of a surrogate pair
    assert deepest <= MAX_DEPTH


JUNK = st.none() | st.integers() | st.text(max_size=5) | st.lists(st.integers(), max_size=2) \
    | st.dictionaries(st.text(max_size=3), st.integers(), max_size=2)  # fmt: skip
KEY_DATA = yaml.safe_load((ROOT / "tests" / "data" / "grading" / "key.yaml").read_text())


def _places(data: object, loc: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    found = [loc]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _places(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _places(value, (*loc, index))
    return found


def _with_junk(data: object, edits: list[tuple[tuple[object, ...], object]]) -> Any:
    """A copy of `data` with each edit's junk put at its place (a place an earlier edit
    already replaced is passed over)."""
    data = copy.deepcopy(data)
    for loc, junk in edits:
        target: Any = data
        try:
            for part in loc[:-1]:
                target = target[part]
            target[loc[-1]] = junk
        except (KeyError, IndexError, TypeError):
            continue
    return data


PLACES = _places(KEY_DATA)[1:]


@settings(max_examples=50 * BUDGET, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(PLACES), JUNK), min_size=1, max_size=4))
def test_a_broken_student_map_is_graded_or_refused(
    edits: list[tuple[tuple[object, ...], object]],
) -> None:
    """The key with junk at any place: salvage grades what can be read, or says why not."""
    data = _with_junk(KEY_DATA, edits)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "student.yaml"
        path.write_text(yaml.safe_dump(data), encoding="utf-8")
        try:
            graded = argmap.grade_file(path, _KEY)
        except ArgmapError:
            return
    for form in ("text", "markdown", "json"):
        graded.report(form)
    json.loads(graded.report("json"))


ARGDOWN_DATA = json.loads(
    (ROOT / "tests" / "data" / "formats" / "argdown-nuclear.json").read_text()
)
ARGDOWN_PLACES = _places(ARGDOWN_DATA)[1:]


@settings(max_examples=60 * BUDGET, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(ARGDOWN_PLACES), JUNK), min_size=1, max_size=4))
def test_argdowns_json_with_wrong_types_imports_or_is_refused(
    edits: list[tuple[tuple[object, ...], object]],
) -> None:
    """`argdown json`'s output with junk at any place: a map, or argmap's own error."""
    data = _with_junk(ARGDOWN_DATA, edits)
    try:
        imported = argmap.import_text(json.dumps(data), "argdown", name="x.json")
    except ArgmapError:
        return
    imported.report()
    argmap.loads(imported.yaml())


# Argdown's lexer reads a data block with this pattern, in JavaScript, whose '.' takes no
# line break: \n, \r, U+2028 or U+2029.
LEXED_DATA = re.compile(r"\{((?!\}\s[^,}])(?:[^\n\r\u2028\u2029]|\n))*\}(?!\s*(?:,|\}))")
FIELD_TEXT = (
    WORDS
    | st.text(st.characters(exclude_categories=["Cs"]), max_size=30)
    | st.sampled_from(
        ["@include(/etc/passwd)", "} {", "\u2028\u2029\x85", "a: b", "'\"", "\\u0040"]
    )
)


@FUZZ
@given(st.dictionaries(st.sampled_from(["note", "warrant", "text", "k"]), FIELD_TEXT, min_size=1))
def test_argdown_data_blocks_read_back_the_same_and_include_nothing(
    fields: dict[str, str],
) -> None:
    """The export's `{...}` data: one block for Argdown's lexer, no `@` (so no
    `@include(...)`), and YAML that reads back exactly what was written."""
    block = _data(fields).removeprefix(" ")
    assert LEXED_DATA.fullmatch(block), block
    assert "@" not in block
    assert yaml.safe_load(block) == fields


_KEY = argmap.load(ROOT / "tests" / "data" / "grading" / "key.yaml")
NAMES = st.binary(min_size=1, max_size=30).map(lambda b: b.replace(b"/", b"_").replace(b"\0", b"_"))


@settings(max_examples=15 * BUDGET, deadline=None)
@given(
    st.lists(NAMES.filter(lambda n: n not in (b".", b"..")), min_size=1, max_size=4, unique=True)
)
def test_any_file_names_grade_into_a_csv_and_safe_reports(names: list[bytes]) -> None:
    """File names of any bytes (not UTF-8, control characters, markup, case twins)."""
    with tempfile.TemporaryDirectory() as folder:
        base = os.fsencode(folder) + b"/"
        for name in names:
            Path(os.fsdecode(base + name + b".yaml")).write_bytes(
                (ROOT / "tests" / "data" / "grading" / "missing-objection.yaml").read_bytes()
            )
        grades, failed = argmap.grade_many([folder], _KEY)
        assert len(grades) + len(failed) == len(names)
        table = argmap.gradebook(grades, failed)
        table.encode("utf-8")
        assert len(list(csv.DictReader(io.StringIO(table)))) == len(names)
        short = labels([Path(g.student) for g in grades])
        assert len({label.casefold() for label in short.values()}) == len(short)
        for label in short.values():
            assert re.fullmatch(
                r'[^\\/:*?"<>|\x00-\x1f\x7f-\x9f.][^\\/:*?"<>|\x00-\x1f\x7f-\x9f]*', label
            )
        for graded in grades:
            for form in ("text", "markdown", "json"):
                graded.report(form).encode("utf-8")


KINDS_OF_PATH = ["new", "file", "folder", "link", "dangling", "loop", "missing-folder", "input"]


@settings(max_examples=40 * BUDGET, deadline=None)
@given(st.lists(st.sampled_from(KINDS_OF_PATH), min_size=1, max_size=4))
def test_outputs_are_written_all_or_none_wherever_they_point(kinds: list[str]) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "input.yaml").write_text("the map")
        targets = []
        for number, kind in enumerate(kinds):
            path = folder / f"out{number}"
            if kind == "file":
                path.write_text("old")
            elif kind == "folder":
                path.mkdir()
            elif kind == "link":
                (folder / f"real{number}").write_text("old")
                path.symlink_to(folder / f"real{number}")
            elif kind == "dangling":
                path.symlink_to(folder / f"made{number}")
            elif kind == "loop":
                path.symlink_to(path)
            elif kind == "missing-folder":
                path = folder / "nowhere" / f"out{number}"
            elif kind == "input":
                path = folder / "input.yaml"
            targets.append(path)
        before = _snapshot(folder)
        files = {path: f"new {number}".encode() for number, path in enumerate(targets)}
        try:
            write_all(files, inputs=[folder / "input.yaml"])
        except OutputError:
            assert _snapshot(folder) == before  # nothing written, nothing left
            return
        assert {"folder", "loop", "missing-folder", "input"}.isdisjoint(kinds)
        for path, data in files.items():
            assert path.read_bytes() == data
        assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def _snapshot(folder: Path) -> dict[str, object]:
    state: dict[str, object] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            state[str(path)] = ("link", str(path.readlink()))
        elif path.is_dir():
            state[str(path)] = "folder"
        else:
            state[str(path)] = path.read_bytes()
    return state


@settings(max_examples=6 * BUDGET, deadline=None)
@given(st.sampled_from(sorted(SIGNALS)), st.integers(0, 3))
def test_a_signal_stops_everything_and_leaves_nothing(number: int, after: int) -> None:
    """A signal during a command's work, at any point: its Graphviz worker is killed at
    once, and no output or temporary file is left."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        worker = Worker("embedded")
        try:
            with pytest.raises(Stopped) as stopped, stopped_by_signals():
                _work(folder, number, after)
            assert stopped.value.signum == number
            worker.process.join(10)
            assert worker.process.exitcode == -signal.SIGKILL
        finally:
            worker.close()
        assert list(folder.iterdir()) == []


def _work(folder: Path, number: int, after: int) -> None:
    """Outputs made one by one, and the signal arriving after `after` of them."""
    with Outputs() as outputs:
        for index in range(4):
            if index == after:
                os.kill(os.getpid(), number)
            outputs.add(folder / f"f{index}", b"data")


# The importers' own metadata (issue 19, M1): an AIF file's "argmap" block, and Argdown's
# data, carry ids, themes, schemes, roles, answers and scenarios, hand-edited or hostile.

RICH_MAP = """\
argmap: 1
title: Rich
themes: [{id: t1, label: One}, {id: t2, label: Two}]
claims:
  - {id: C, text: The conclusion., role: conclusion, theme: t1}
  - {id: P1, text: An expert says so., role: premise, theme: t1, basis: expert-opinion}
  - {id: P2, text: The expert knows., role: premise, theme: t2}
  - {id: X1, text: The expert is paid., role: premise, holder: analyst, note: A note.}
inferences:
  - id: I1
    from: [P1, P2]
    to: C
    scheme: expert-opinion
    roles: {major: [P2], minor: P1}
    questions: {expertise: {status: answered, by: X1}}
objections:
  - {id: O1, from: [X1], to: P2}
scenarios:
  - {id: s1, reject: [X1], accept: [P1], expect: {C: in}}
"""
RICH_AIF = json.loads(argmap.export(argmap.loads(RICH_MAP), "aif"))
BLOCK_PLACES = _places(RICH_AIF["argmap"])


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(BLOCK_PLACES), _nested(8)), min_size=1, max_size=3))
def test_any_value_in_argmaps_aif_metadata_is_imported_or_refused(
    edits: list[tuple[tuple[object, ...], object]],
) -> None:
    """Any JSON value at any place of the "argmap" block: the file imports (what cannot
    be carried is reported) or is refused with argmap's own error, and the map it gives
    reads back as written."""
    data = copy.deepcopy(RICH_AIF)
    for loc, value in edits:
        target: Any = data
        try:
            for part in ("argmap", *loc[:-1]):
                target = target[part]
            if loc:
                target[loc[-1]] = value
            else:
                data["argmap"] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit replaced this place already
    try:
        imported = argmap.import_text(json.dumps(data), "aif", name="x.json")
    except ArgmapError as error:
        event(f"refused: {getattr(error, 'issues', [error])[0].code}")
        return
    event("imported")
    assert argmap.loads(imported.yaml()).to_data() == imported.map.to_data()


def _element(data: dict[str, Any], element: str) -> dict[str, Any]:
    found: dict[str, Any] = next(
        e for e in data["argmap"]["elements"].values() if e.get("id") == element
    )
    return found


@pytest.mark.parametrize("value", [["x"], {"x": 1}], ids=["list", "mapping"])
@pytest.mark.parametrize(
    ("place", "field", "said"),
    [
        (lambda d: d["argmap"]["themes"][0], "id", "theme #1 of the map's 'themes' (id: "),
        (lambda d: _element(d, "C"), "theme", "theme "),
        (lambda d: _element(d, "I1"), "scheme", "scheme "),
        (lambda d: _element(d, "I1")["roles"], "major", "scheme roles that name no element"),
        (lambda d: _element(d, "I1")["questions"]["expertise"], "by", "answers to critical"),
        (lambda d: d["argmap"]["scenarios"][0], "reject", "a scenario that names elements"),
        (lambda d: d["argmap"]["scenarios"][0], "accept", "a scenario that names elements"),
    ],
    ids=["theme-id", "claim-theme", "scheme", "role", "by", "reject", "accept"],
)
def test_a_wrong_type_in_argmaps_aif_metadata_is_reported_not_a_crash(
    tmp_path: Path, place: Any, field: str, said: str, value: object
) -> None:
    """Issue 19, M1: each of these was 'unhashable type' and exit 3 (a list of ids holding
    the value, where the field is a list)."""
    data = copy.deepcopy(RICH_AIF)
    place(data)[field] = [value] if field in {"reject", "accept", "major"} else value
    path = tmp_path / "m.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "argmap", "import", str(path), "-o", str(tmp_path / "m.yaml")],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"not carried: {said}" in done.stderr


def _statement(text: str, data: dict[str, Any]) -> dict[str, Any]:
    return {"members": [{"text": text}], "data": data, "section": "s2"}


RICH_ARGDOWN: dict[str, Any] = {  # the JSON `argdown json` writes, as argmap reads it
    "sections": [{
        "id": "s1", "title": "Rich", "level": 1,
        "data": {"argmap": 1, "description": "D", "source": {"title": "S"},
                 "scenarios": [{"id": "s1", "reject": ["X1"], "accept": ["P1"],
                                "expect": {"C": "in"}}]},
        "children": [{"id": "s2", "title": "Two", "level": 2, "data": {"id": "t2"}}],
    }],
    "statements": {
        "C": _statement("The conclusion.", {"role": "conclusion"}),
        "P1": _statement("An expert says so.", {"basis": "expert-opinion"}),
        "P2": _statement("The expert knows.", {"theme": "t2"}),
        "X1": _statement("The expert is paid.", {"holder": "analyst", "note": "A note."}),
    },
    "arguments": {"I1": {
        "pcs": [{"title": "P1", "role": "premise"}, {"title": "P2", "role": "premise"},
                {"title": "C", "role": "main-conclusion"}],
        "data": {"scheme": "expert-opinion", "roles": {"major": ["P2"], "minor": "P1"},
                 "questions": {"expertise": {"status": "answered", "by": "X1"}}},
    }},
    "relations": [{"relationType": "attack", "from": "X1", "to": "P2",
                   "fromType": "statement", "toType": "statement"}],
}  # fmt: skip
DATA_PLACES = [loc for loc in _places(RICH_ARGDOWN) if "data" in loc]


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(DATA_PLACES), _nested(8)), min_size=1, max_size=3))
def test_any_value_in_argdown_data_is_imported_or_refused(
    edits: list[tuple[tuple[object, ...], object]],
) -> None:
    """Any JSON value at any place of the data argmap keeps in Argdown (`{...}` after a
    statement, an argument or a heading): imported, or refused with argmap's own error."""
    data = copy.deepcopy(RICH_ARGDOWN)
    for loc, value in edits:
        target: Any = data
        try:
            for part in loc[:-1]:
                target = target[part]
            target[loc[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    try:
        imported = argmap.import_text(json.dumps(data), "argdown", name="x.json")
    except ArgmapError as error:
        event(f"refused: {getattr(error, 'issues', [error])[0].code}")
        return
    event("imported")
    assert argmap.loads(imported.yaml()).to_data() == imported.map.to_data()


# The Kialo reader (issue 19, H3-H4, M8, L6): any text, and claims holding any separator.

SEPARATORS = "\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e"
KIALO_PIECES = st.sampled_from([
    "Discussion Title: T\n", "1.", "1.1.", "2.", "1.1.1.", " Pro: ", " Con: ", "-> See ", "\n",
    "\r\n", "\r", "[", "]", "(", ")", "\\", "\\[", "](", "*", "x", " ", *SEPARATORS,
])  # fmt: skip


@FUZZ
@given(st.lists(KIALO_PIECES, max_size=40).map("".join) | st.text(max_size=200))
def test_any_text_is_a_kialo_discussion_or_refused(text: str) -> None:
    try:
        imported = argmap.import_text(text, "kialo")
    except ArgmapError as error:
        event(f"refused: {getattr(error, 'issues', [error])[0].code}")
        return
    event("imported")
    assert argmap.loads(imported.yaml()).to_data() == imported.map.to_data()


@FUZZ
@given(st.lists(st.lists(TEXT | st.sampled_from([*SEPARATORS, "1.1. Pro: z", "3. w"]),
                         min_size=1, max_size=4), min_size=1, max_size=6))  # fmt: skip
def test_separators_inside_a_kialo_claim_never_split_it(claims: list[list[str]]) -> None:
    """Every numbered line is one claim, whatever separators its words hold (and what
    follows a separator, such as a number)."""
    words = ["".join(pieces).replace("\n", " ").replace("\r", " ") for pieces in claims]
    lines = ["Discussion Title: T", "", "1. C."]
    lines += [f"1.{n}. Pro: x {w} y" for n, w in enumerate(words, start=1)]
    imported = argmap.import_text("\n".join(lines), "kialo")
    texts = [claim.text for claim in imported.map.claims]
    assert len(texts) == len(words) + 1
    for text in texts[1:]:
        assert text.startswith("x ")
        assert text.endswith(" y")
