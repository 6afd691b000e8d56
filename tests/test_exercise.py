"""Worksheets and answer keys: every kind and format, determinism, no give-aways, safety."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import argmap
from argmap._exercise import KINDS, exercise, slot_names
from argmap._sheet import Figure, Table, md_literal, save
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
    author = [c.id for c in article.claims if c.holder is Holder.AUTHOR]
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
