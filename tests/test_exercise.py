"""Worksheets and answer keys: every kind and format, determinism, no give-aways, safety."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import argmap
from argmap.classroom._blocks import Figure, Table
from argmap.classroom._exercise import KINDS, exercise
from argmap.classroom._kinds import KIND_SHEETS, slot_names
from argmap.classroom._sheet import save
from argmap.classroom._sheet_md import md_literal
from argmap.classroom._sheet_pdf import _xml_pieces
from argmap.cli import app
from argmap.model import Holder, Role

from .conftest import ARTICLE_MAP, DATA, MAPS, VALID_MAP

runner = CliRunner()
WATCHMAKER = MAPS / "watchmaker.yaml"


@pytest.fixture(scope="module")
def article() -> argmap.ArgumentMap:
    return argmap.load(ARTICLE_MAP)


def _markdown(sheet: argmap.Sheet, folder: Path, name: str) -> str:
    return save(sheet, folder / f"{name}.md")[-1].read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", KINDS)
def test_golden_worksheet_and_key(kind: str, tmp_path: Path, update_golden: bool) -> None:
    result = exercise(argmap.load(WATCHMAKER), kind, seed=1)  # type: ignore[arg-type]
    for sheet, suffix in ((result.worksheet, ""), (result.key, "-key")):
        text = _markdown(sheet, tmp_path, f"{kind}{suffix}")
        golden = DATA / "golden" / f"exercise-{kind}{suffix}.md"
        if update_golden:
            golden.write_text(text, encoding="utf-8")
        assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", KINDS)
def test_article_kind_in_every_format(
    kind: str, article: argmap.ArgumentMap, tmp_path: Path
) -> None:
    result = exercise(article, kind)  # type: ignore[arg-type]
    written = result.save(
        tmp_path / "sheet.pdf", [tmp_path / "key.html", tmp_path / "key.md", tmp_path / "k.yaml"]
    )
    assert [p.name for p in written if not p.name.endswith(".svg")] == [
        "sheet.pdf", "key.html", "key.md", "k.yaml",
    ]  # fmt: skip
    pdf = (tmp_path / "sheet.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert pdf.count(b"/Type /Page\n") >= 1
    page = (tmp_path / "key.html").read_text(encoding="utf-8")
    # Self-contained: figures inline, nothing fetched, nothing run.
    assert "<script" not in page
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert page.count("<svg") == len(result.key.figures())
    for svg in (p for p in written if p.suffix == ".svg"):
        assert svg.read_bytes().startswith(b"<?xml")
    # The key map is a valid map (quotes checked against the source text) ...
    key_map = argmap.load(tmp_path / "k.yaml")
    assert {c.id for c in key_map.claims} == set(result.numbers.values())
    # ... that scores itself 100.
    assert argmap.grade(key_map, key_map).score == 100.0


def test_renumbering_shuffles_author_then_critic(article: argmap.ArgumentMap) -> None:
    numbers = exercise(article, "roles", seed=5).numbers
    assert sorted(numbers) == sorted(c.id for c in article.claims)
    assert sorted(numbers.values(), key=lambda n: int(n[1:])) == [
        f"S{n}" for n in range(1, len(article.claims) + 1)
    ]
    # The text's statements first (the author's, and the voices it reports), then the critic's.
    author = [c.id for c in article.claims if c.holder is not Holder.ANALYST]
    assert any(c.holder is Holder.REPORTED for c in article.claims)
    assert {int(numbers[c][1:]) for c in author} == set(range(1, len(author) + 1))
    # Shuffled: the file order (T1, T2, ...) is not the worksheet's order.
    assert [numbers[c] for c in author] != [f"S{n}" for n in range(1, len(author) + 1)]


@pytest.mark.parametrize("kind", KINDS)
def test_same_seed_same_sheet_other_seed_other_order(
    kind: str, article: argmap.ArgumentMap, tmp_path: Path
) -> None:
    first = exercise(article, kind, seed=7)  # type: ignore[arg-type]
    again = exercise(article, kind, seed=7)  # type: ignore[arg-type]
    other = exercise(article, kind, seed=8)  # type: ignore[arg-type]
    assert first.worksheet.markdown() == again.worksheet.markdown()
    assert first.key.markdown() == again.key.markdown()
    assert first.numbers == again.numbers != other.numbers
    assert first.worksheet.markdown() != other.worksheet.markdown()


def test_pdf_is_byte_identical_for_a_seed(tmp_path: Path) -> None:
    m = argmap.load(WATCHMAKER)
    assert exercise(m, "structure", seed=2).worksheet.pdf() == (
        exercise(m, "structure", seed=2).worksheet.pdf()
    )


@pytest.mark.parametrize("kind", ["structure", "roles", "evaluate"])
def test_every_statement_exactly_once(kind: str, article: argmap.ArgumentMap) -> None:
    result = exercise(article, kind)  # type: ignore[arg-type]
    text = result.worksheet.markdown()
    asked = [c for c in result.key_map.claims if kind != "roles" or c.holder is Holder.AUTHOR]
    for claim in asked:
        assert text.count(md_literal(claim.text)) == 1, claim.id
        listed = rf"\*\*{claim.id}\.\*\* |\| {claim.id} \| {re.escape(md_literal(claim.text))}"
        assert len(re.findall(listed, text)) == 1, claim.id


def test_structure_skeleton_gives_nothing_away(article: argmap.ArgumentMap) -> None:
    result = exercise(article, "structure")
    letters = set(slot_names(len(article.claims)))
    for figure in result.worksheet.figures():
        assert figure.options.plain
        assert set((figure.options.slots or {}).values()) <= letters
    answers = next(b for b in result.worksheet.blocks if isinstance(b, Table))
    assert all(cell == "" for row in answers.rows for cell in row[1::2])
    assert sorted(cell for row in answers.rows for cell in row[::2] if cell) == sorted(letters)
    # Slot letters are shuffled by the seed too: another seed, other letters.
    other = exercise(article, "structure", seed=2).worksheet.figures()[0].options.slots
    assert result.worksheet.figures()[0].options.slots != other


def test_structure_skeleton_svg_names_no_statement(tmp_path: Path) -> None:
    """SVG keeps node names as tooltips: a slot must not be named by its statement."""
    result = exercise(argmap.load(WATCHMAKER), "structure")
    page = result.worksheet.html()
    assert page.count("<svg") == 1
    svg = page[page.index("<svg") :]
    assert not re.search(r"\bS\d+\b", svg)
    written = save(result.worksheet, tmp_path / "ws.md")
    assert not re.search(r"\bS\d+\b", written[0].read_text(encoding="utf-8"))


def test_structure_key_has_the_skeletons_layout(
    article: argmap.ArgumentMap,
) -> None:
    result = exercise(article, "structure")
    for blank, filled in zip(result.worksheet.figures(), result.key.figures(), strict=True):
        assert _node_boxes(blank, result.key_map) == _node_boxes(filled, result.key_map)


def _node_boxes(figure: Figure, key_map: argmap.ArgumentMap) -> dict[str, str]:
    """Where each slot's box is centred (its label's anchor) in the drawn SVG, by slot."""
    svg = argmap.render(key_map, "svg", options=figure.options).decode()
    pattern = (
        r'class="node">\s*<title>(_slot\d+)</title>((?:(?!</g>).)*?)'
        r'<text[^>]*? x="([^"]+)" y="([^"]+)"'
    )
    centres = {m[1]: f"{m[3]},{m[4]}" for m in re.finditer(pattern, svg, re.DOTALL)}
    shown = figure.options.only or {c.id for c in key_map.claims}
    assert len(centres) == len({c.id for c in key_map.claims} & shown)
    return centres


def test_missing_premise_hides_the_assumptions(article: argmap.ArgumentMap) -> None:
    result = exercise(article, "missing-premise")
    worksheet = result.worksheet.markdown()
    assumptions = [c for c in result.key_map.claims if c.role is Role.ASSUMPTION]
    for claim in assumptions:
        assert md_literal(claim.text) not in worksheet
        assert md_literal(claim.text) in result.key.markdown()
    assert worksheet.count("## Blank ") == len(assumptions)
    # A critic's point against an assumption would all but state it: it is left out.
    ids = {c.id for c in assumptions}
    against = [o for o in result.key_map.objections if o.to in ids]
    assert against
    texts = {c.id: c.text for c in result.key_map.claims}
    elsewhere = {p for o in result.key_map.objections if o not in against for p in o.premises}
    alone = {p for o in against for p in o.premises} - elsewhere
    assert alone
    for reason in alone:
        assert md_literal(texts[reason]) not in worksheet


def test_generated_scenarios(article: argmap.ArgumentMap) -> None:
    """Without scenarios of its own: as it stands, the author's argument alone, then that
    with one premise rejected; --count says how many in all."""
    watchmaker = argmap.load(WATCHMAKER)
    assert not watchmaker.scenarios
    sheet = exercise(watchmaker, "evaluate").worksheet.markdown()
    suppositions = re.findall(r"Suppose you ([^;.]*)", sheet)
    assert suppositions[:2] == [
        "accept every given statement, as the argument stands",
        "reject all the critic's points (S9 and S10)",
    ]
    assert len(suppositions) == 5
    assert all(
        s.startswith("reject all the critic's points (S9 and S10) and S") for s in suppositions[2:]
    )
    two = exercise(watchmaker, "evaluate", count=2).worksheet.markdown()
    assert two.count("## Scenario ") == 2


def test_count_picks_items_by_seed(article: argmap.ArgumentMap) -> None:
    two = exercise(article, "evaluate", count=2, seed=3).worksheet.markdown()
    assert two.count("## Scenario ") == 2
    steps = exercise(article, "critical-questions", count=3).worksheet.markdown()
    assert steps.count("## Step ") == 3


def test_evaluate_key_gives_labels_with_reasons(article: argmap.ArgumentMap) -> None:
    result = exercise(article, "evaluate")
    key = result.key.markdown()
    assert key.count("## Scenario ") == len(article.scenarios)
    main = next(c.id for c in result.key_map.claims if c.role is Role.CONCLUSION)
    verdicts = [argmap.evaluate(result.key_map, reject=s.reject).labels[main]
                for s in result.key_map.scenarios]  # fmt: skip
    stated = re.findall(rf"Why the main conclusion, {main}, (stands|falls|undecided)", key)
    assert stated == [{"in": "stands", "out": "falls"}.get(v, "undecided") for v in verdicts]


def test_critical_questions_key_uses_recorded_answers(article: argmap.ArgumentMap) -> None:
    key = exercise(article, "critical-questions").key.markdown()
    assert "Answered in the text" in key
    assert "A critic presses it" in key


def test_map_without_assumptions_cannot_make_missing_premise(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(VALID_MAP.replace("role: assumption", "role: premise"), encoding="utf-8")
    result = runner.invoke(app, ["exercise", str(path), "-k", "missing-premise", "-o", "x.md"])
    assert result.exit_code == 2
    assert "no assumptions" in result.output
    with pytest.raises(argmap.ArgmapError, match="no assumptions"):
        exercise(argmap.load(path), "missing-premise")


def test_hostile_text_stays_text(tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script> [x](javascript:alert(1)) | *bold* <img src=x onerror=y>"
    path = tmp_path / "h.yaml"
    path.write_text(
        VALID_MAP.replace("Smoking causes cancer.", json.dumps(hostile)), encoding="utf-8"
    )
    result = exercise(argmap.load(path), "roles")
    page = result.worksheet.html()
    assert "<script" not in page
    assert "<img" not in page
    assert "&lt;script&gt;" in page
    markdown = result.worksheet.markdown()
    # Escaped: a backslash makes each character literal in CommonMark.
    assert not re.search(r"(?<!\\)[<\[\]]", markdown.split("## Statements")[1])
    assert "\\<script\\>" in markdown
    pdf = result.worksheet.pdf()
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize(("paper", "box"), [("a4", b"595.2756 841.8898"), ("letter", b"612 792")])
def test_pdf_paper(paper: str, box: bytes) -> None:
    pdf = exercise(argmap.load(WATCHMAKER), "roles").worksheet.pdf(paper)  # type: ignore[arg-type]
    assert b"/MediaBox [ 0 0 " + box in pdf


def test_cli_writes_worksheet_and_keys(tmp_path: Path) -> None:
    ws, key_pdf, key_yaml = tmp_path / "ws.md", tmp_path / "key.pdf", tmp_path / "key.yaml"
    result = runner.invoke(app, [
        "exercise", str(WATCHMAKER), "--kind", "structure", "-o", str(ws),
        "--answers", str(key_pdf), "--answers", str(key_yaml), "--seed", "4", "--paper", "letter",
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"wrote {ws}" in result.output
    assert f"wrote {key_yaml}" in result.output
    assert (tmp_path / "ws-1.svg").exists()
    assert ws.read_text(encoding="utf-8") == exercise(
        argmap.load(WATCHMAKER), "structure", seed=4
    ).worksheet.markdown(["ws-1.svg"])
    assert key_pdf.read_bytes().startswith(b"%PDF")
    graded = runner.invoke(app, ["grade", str(key_yaml), "--key", str(key_yaml)])
    assert graded.exit_code == 0
    assert "100.0/100" in graded.output


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["-k", "roles", "-o", "ws.docx"], "end the name with .md, .html or .pdf"),
        (["-k", "roles", "-o", "ws.md", "--answers", "ws.md"], "files of their own"),
        (["-k", "roles", "-o", "ws.md", "--count", "2"], "--count applies to"),
        (["-k", "roles", "-o", "missing/ws.md"], "does not exist"),
        (["-k", "riddles", "-o", "ws.md"], "riddles"),
        (["-k", "evaluate", "-o", "ws.md", "--count", "0"], "greater than or equal to 1"),
    ],
)
def test_cli_usage_errors(
    arguments: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["exercise", str(WATCHMAKER), *arguments])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "ws.md").exists()


def test_cli_never_overwrites_the_map(tmp_path: Path) -> None:
    path = tmp_path / "m.md"
    path.write_text("keep me", encoding="utf-8")
    copy = tmp_path / "watchmaker.yaml"
    copy.write_text(WATCHMAKER.read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(app, [
        "exercise", str(copy), "-k", "roles", "-o", str(path), "--answers", str(copy),
    ])  # fmt: skip
    assert result.exit_code == 2
    assert "refusing to overwrite the input file" in result.output
    assert copy.read_text(encoding="utf-8") == WATCHMAKER.read_text(encoding="utf-8")
    assert path.read_text(encoding="utf-8") == "keep me"
    assert not list(tmp_path.glob(".*.tmp"))


# Issue 15: what a reliability review and a first use found in exercises.


def test_a_step_id_of_64_s_characters_leaves_room_for_the_numbers() -> None:
    """F6: the statements' prefix grew past every S-id, and the ids past 64 characters."""
    data = argmap.load(WATCHMAKER).to_data()
    steps: list[dict[str, object]] = data["inferences"]  # type: ignore[assignment]
    steps[0]["id"] = "S" * 64
    numbers = exercise(argmap.ArgumentMap.model_validate(data), "roles").numbers
    assert sorted(numbers.values(), key=lambda n: int(n[1:]))[0] == "S1"
    steps[0]["id"], steps[1]["id"] = "S1", "SS3"  # the short prefixes are taken
    numbers = exercise(argmap.ArgumentMap.model_validate(data), "roles").numbers
    assert all(n.startswith("SSS") for n in numbers.values())


def test_slot_names_never_run_out_and_cannot_be_misread() -> None:
    """F7: slot names stopped at 702 (ZZ); and "AI" read as "Al"."""
    names = slot_names(10_000)
    assert len(set(names)) == 10_000
    assert names[:3] == ["A", "B", "C"]
    assert not set("".join(names)) & set("ILOQSU0123456789")
    assert [len(n) for n in (names[19], names[20], names[419], names[420])] == [1, 2, 2, 3]


def _broad_map(claims: int) -> argmap.ArgumentMap:
    """One conclusion with `claims - 1` convergent reasons."""
    reasons = [
        {"id": f"P{n}", "text": f"Reason number {n}.", "role": "premise"} for n in range(claims - 1)
    ]
    steps = [{"id": f"I{n}", "from": f"P{n}", "to": "C"} for n in range(claims - 1)]
    conclusion = {"id": "C", "text": "So it is.", "role": "conclusion"}
    return argmap.ArgumentMap.model_validate(
        {"argmap": 1, "title": "Broad", "claims": [*reasons, conclusion], "inferences": steps}
    )


def test_a_structure_sheet_of_703_claims() -> None:
    """F7: "zip() argument 2 is shorter" at 703 claims."""
    result = exercise(_broad_map(703), "structure")
    answers = [b for b in result.worksheet.blocks if isinstance(b, Table)][-1]
    letters = {cell for row in answers.rows for cell in row[::2] if cell}
    assert len(letters) == 703


def test_objection_reasons_that_look_alike_are_interchangeable(tmp_path: Path) -> None:
    """Found when tried: two reasons each undercutting the same step (X10 and X1 against
    I4 in the article) look alike in the skeleton, but the key did not say so."""
    data = yaml.safe_load(VALID_MAP)
    data["claims"] += [
        {"id": f"X{n}", "text": f"Objection {n}.", "role": "premise", "holder": "analyst"}
        for n in (1, 2)
    ]
    data["objections"] = [
        {"id": "O1", "from": "X1", "to": "I1"},
        {"id": "O2", "from": "X2", "to": "I1"},
    ]
    result = exercise(argmap.ArgumentMap.model_validate(data), "structure")
    key = result.key.markdown()
    slots = {row[1]: row[0] for b in result.key.blocks if isinstance(b, Table) for row in b.rows}
    critic = sorted(slots[result.numbers[x]] for x in ("X1", "X2"))
    swaps = re.search(
        r"Interchangeable slots \(their statements may go in either order\): (.*)\.", key
    )
    assert swaps
    assert f"{critic[0]} and {critic[1]}" in swaps[1].split("; ")


def test_a_structure_sheet_of_one_part_and_some_slots(article: argmap.ArgumentMap) -> None:
    """Found when tried: 50 slots over 6 pages is too much for a secondary class; a
    teacher chooses a theme, or the part around a claim, and how many slots to fill."""
    threat = exercise(article, "structure", theme="threat", count=5, seed=2)
    ws = threat.worksheet
    assert ws.title.endswith("(The threat)")
    answers = [b for b in ws.blocks if isinstance(b, Table)][-1]
    letters = [cell for row in answers.rows for cell in row[::2] if cell]
    assert len(letters) == 5
    assert all(len(letter) == 1 for letter in letters)
    assert threat.part is not None
    part_claims = {c for c in threat.part if c in threat.numbers.values()}
    [figure] = ws.figures()
    slots = figure.options.slots or {}
    assert set(slots) == part_claims  # the rest of the map is not drawn
    assert sorted(v for k, v in slots.items() if k in part_claims and v in letters) == sorted(
        letters
    )
    given = {k for k, v in slots.items() if k in part_claims and v == k}
    assert len(given) == len(part_claims) - 5  # the others show their numbers
    assert figure.options.only == threat.part
    markdown = ws.markdown(["x.svg"])
    assert "## Statements to place" in markdown
    assert "## Statements already in the diagram" in markdown
    # The part's statements come first: S1, S2, ...
    assert sorted(int(c[1:]) for c in part_claims) == list(range(1, len(part_claims) + 1))
    around = exercise(article, "structure", focus="T5", depth=1)
    assert around.part is not None
    assert around.numbers["T5"] in around.part
    assert around.worksheet.title.endswith(f"(the part around {around.numbers['T5']})")


def test_parts_and_counts_through_the_cli(tmp_path: Path) -> None:
    ws = tmp_path / "ws.pdf"
    result = runner.invoke(app, [
        "exercise", str(ARTICLE_MAP), "-k", "structure", "--theme", "threat", "--count", "6",
        "-o", str(ws), "--answers", str(tmp_path / "key.html"),
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert ws.read_bytes().startswith(b"%PDF")
    for arguments, message in (
        (["--theme", "thret"], "no such theme (did you mean 'threat'?)"),
        (["--focus", "T55"], "--focus T55: no such claim"),
        (["--theme", "threat", "--focus", "T5"], "not both"),
        (["-k", "evaluate", "--theme", "threat"], "made of the whole map"),
        (["--theme", "threat", "--answers", str(tmp_path / "k.yaml")], "the whole map's"),
    ):
        args = ["exercise", str(ARTICLE_MAP), "-k", "structure", "-o", str(tmp_path / "x.md")]
        result = runner.invoke(app, [*args, *arguments])
        assert result.exit_code == 2, (arguments, result.output)
        assert message in result.output, result.output
    assert not (tmp_path / "x.md").exists()
    assert not (tmp_path / "k.yaml").exists()


def test_markdown_sheets_never_share_their_diagram_files(tmp_path: Path) -> None:
    """C1: a.md and a.markdown both wrote a-1.svg: the student saw the filled key."""
    result = runner.invoke(app, [
        "exercise", str(WATCHMAKER), "-k", "structure", "-o", str(tmp_path / "a.md"),
        "--answers", str(tmp_path / "a.markdown"),
    ])  # fmt: skip
    assert result.exit_code == 2
    assert "would both put their diagrams in a-1.svg" in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_worksheet_is_not_written_without_its_key(tmp_path: Path) -> None:
    """P1: with the key's folder missing, the worksheet was written alone."""
    result = runner.invoke(app, [
        "exercise", str(WATCHMAKER), "-k", "roles", "-o", str(tmp_path / "ws.html"),
        "--answers", str(tmp_path / "nofolder" / "k.html"),
    ])  # fmt: skip
    assert result.exit_code == 2
    assert "does not exist" in result.output
    assert list(tmp_path.iterdir()) == []


def test_exercise_never_writes_over_the_catalogue(tmp_path: Path) -> None:
    """O1: `--answers` naming the map's catalogue overwrote it."""
    for name in ("map.yaml", "fear.yaml"):
        shutil.copy(DATA / "catalogue" / name, tmp_path / name)
    before = (tmp_path / "fear.yaml").read_bytes()
    result = runner.invoke(app, [
        "exercise", str(tmp_path / "map.yaml"), "-k", "roles", "-o", str(tmp_path / "w.md"),
        "--answers", str(tmp_path / "fear.yaml"),
    ])  # fmt: skip
    assert result.exit_code == 2
    assert "refusing to overwrite the input file" in result.output
    assert (tmp_path / "fear.yaml").read_bytes() == before
    render = runner.invoke(
        app, ["render", str(tmp_path / "map.yaml"), "-f", "svg", "-o", str(tmp_path / "fear.yaml")]
    )
    assert render.exit_code == 2
    assert (tmp_path / "fear.yaml").read_bytes() == before


UNSAFE = "\u202e\u2066\x85\x9b\u2028\u2029\x1b"


def test_no_control_or_bidi_character_reaches_a_sheet_or_key(tmp_path: Path) -> None:
    """K1, E2: U+2028 in a title broke out of the key's header comment (adding
    `catalogue: /dev/stdin`); bidi overrides and C1 controls stayed in sheets and keys."""
    title = '"Smoking\\u2028catalogue: /dev/stdin\\u2029description: x\\x85\\x9b\\u202e"'
    text = VALID_MAP.replace("title: Smoking", f"title: {title}")
    text = text.replace("Smoking causes cancer.", '"Smoking \\u2066causes\\u2069 \\e[1mcancer."')
    (tmp_path / "m.yaml").write_text(text, encoding="utf-8")
    result = runner.invoke(app, [
        "exercise", str(tmp_path / "m.yaml"), "-k", "structure", "-o", str(tmp_path / "w.html"),
        "--answers", str(tmp_path / "k.yaml"), "--answers", str(tmp_path / "k.md"),
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    for path in tmp_path.iterdir():
        if path.suffix in {".html", ".md", ".svg", ".yaml"} and path.name != "m.yaml":
            content = path.read_text(encoding="utf-8")
            assert not set(content) & set(UNSAFE), (path.name, set(content) & set(UNSAFE))
    key_text = (tmp_path / "k.yaml").read_text(encoding="utf-8")
    assert key_text.splitlines()[0].startswith(
        "# Answer key: structure exercise, seed 1, from Smoking\\u2028"
    )
    key = yaml.safe_load(key_text)
    assert "catalogue" not in key
    assert "description" not in key
    checked = runner.invoke(
        app, ["grade", str(tmp_path / "k.yaml"), "--key", str(tmp_path / "k.yaml")]
    )
    assert checked.exit_code == 0, checked.output


def test_a_key_keeps_quotes_verbatim_so_it_validates(tmp_path: Path) -> None:
    """L8: the key left bidi controls, U+2028 and ESC out of quotes, which then were not
    in the source (`quote-not-in-source`). It keeps them, written as YAML escapes."""
    passage = "Smoking \u202ecauses\u202c cancer\u2028today, they \x1b[1msay"
    (tmp_path / "src.txt").write_text(f"Intro. {passage}.\n", encoding="utf-8")
    text = VALID_MAP.replace("title: Smoking\n", "title: S\nsource: {title: T, path: src.txt}\n")
    text = text.replace(
        "role: premise",
        'role: premise\n    quote: "Smoking \\u202ecauses\\u202c cancer'
        '\\u2028today, they \\e[1msay"',
    ).replace("role: conclusion", "role: conclusion\n    unstated: true")
    (tmp_path / "m.yaml").write_text(text, encoding="utf-8")
    result = runner.invoke(app, [
        "exercise", str(tmp_path / "m.yaml"), "-k", "roles", "-o", str(tmp_path / "w.md"),
        "--answers", str(tmp_path / "k.yaml"),
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    checked = runner.invoke(app, ["validate", str(tmp_path / "k.yaml")])
    assert checked.exit_code == 0, checked.output
    exercise(argmap.load(tmp_path / "m.yaml"), "roles").save(
        tmp_path / "w2.md", [tmp_path / "k2.yaml"]
    )
    for key in ("k.yaml", "k2.yaml"):
        content = (tmp_path / key).read_text(encoding="utf-8")
        assert not set(content) & set(UNSAFE), key
        assert "\\u202Ecauses\\u202C cancer\\Ltoday, they \\e[1msay" in content
        quotes = [c.quote for c in argmap.load(tmp_path / key).claims if c.quote]
        assert quotes == [passage]


def test_a_huge_word_is_cut_before_the_pdf_lays_it_out(tmp_path: Path) -> None:
    """H5: a 400,000-character word took reportlab a minute (a million: over three).
    Each word reaches it in pieces no longer than a line, and each paragraph or table
    row in pieces of bounded length."""
    pieces = _xml_pieces("x" * 400_000)
    assert max(map(len, pieces)) <= 3000
    assert max(len(word) for piece in pieces for word in piece.split()) == 30
    path = tmp_path / "m.yaml"
    path.write_text(VALID_MAP.replace("Smoking causes cancer.", "x" * 400_000), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "argmap", "exercise", str(path), "-k", "roles",
         "-o", str(tmp_path / "w.pdf"), "--answers", str(tmp_path / "k.pdf")],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "k.pdf").read_bytes().startswith(b"%PDF")


def test_the_layout_timeout_applies_to_exercises(tmp_path: Path) -> None:
    """H6: 6,000 convergent claims laid out for 93 s, with no timeout. (600 here, and a
    timeout far too short for them.)"""
    result = exercise(_broad_map(600), "evaluate")
    with pytest.raises(argmap.RenderError, match=r"did not finish within 0\.05 s"):
        result.save(tmp_path / "w.html", timeout=0.05)
    path = tmp_path / "broad.yaml"
    path.write_text(yaml.safe_dump(_broad_map(600).to_data()), encoding="utf-8")
    cli = runner.invoke(
        app,
        [
            "exercise",
            str(path),
            "-k",
            "evaluate",
            "-o",
            str(tmp_path / "w.md"),
            "--timeout",
            "0.05",
        ],
    )
    assert cli.exit_code == 1
    assert "did not finish within 0.05 s" in cli.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broad.yaml"]


@pytest.mark.parametrize("kind", KINDS)
def test_no_page_is_left_mostly_empty_or_ends_with_a_heading(
    kind: str, article: argmap.ArgumentMap, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found when tried: a page of the article's worksheet two-thirds empty (a long table
    pushed to the next page with its heading, a figure that just did not fit), and a
    heading ending a page alone (the key's "The whole diagram")."""
    from reportlab.platypus import SimpleDocTemplate  # noqa: PLC0415

    left: dict[int, float] = {}  # the space left on each page, in points
    last: dict[int, object] = {}

    def after(self: SimpleDocTemplate, flowable: object) -> None:
        frame = getattr(self, "frame", None)
        if frame is not None and type(flowable).__name__ != "CondPageBreak":
            left[self.page] = frame._y - frame._y1p
            last[self.page] = flowable

    monkeypatch.setattr(SimpleDocTemplate, "afterFlowable", after, raising=False)
    result = exercise(article, kind)  # type: ignore[arg-type]
    for sheet in (result.worksheet, result.key):
        left.clear()
        sheet.pdf()
        pages = sorted(left)[:-1]  # the last page ends where the sheet does
        height = 841.89 - 2 * 51.02  # A4 less its margins
        assert [p for p in pages if left[p] > height / 2] == [], (sheet.title, left)
        for page in pages:
            style = getattr(last[page], "style", None)
            assert getattr(style, "name", "") != "heading", (sheet.title, page)


def test_every_kind_of_the_vocabulary_has_its_sheets() -> None:
    assert list(KIND_SHEETS) == list(KINDS)
