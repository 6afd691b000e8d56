"""Pages and decks: exact sizes, the type floor, splitting, coverage, PPTX and PDF decks."""

from __future__ import annotations

import io
import re
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation
from typer.testing import CliRunner

import argmap
from argmap._issues import defused
from argmap.cli import app
from argmap.draw._dot import DiagramOptions
from argmap.draw._style import PIXELS_PER_POINT, PRESETS
from argmap.paging._planner import Page, PageError
from argmap.paging._reveal import build, fragments

from .conftest import ARTICLE_MAP, MAPS, ROOT

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate, write

runner = CliRunner()
requires_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
SIZES = {"slide-16x9": (960, 540), "slide-4x3": (720, 540), "a4": (595, 842), "letter": (612, 792)}


def _png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _pdf_boxes(data: bytes) -> list[tuple[float, float]]:
    from pypdf import PdfReader  # noqa: PLC0415

    return [
        (float(p.mediabox.width), float(p.mediabox.height))
        for p in PdfReader(io.BytesIO(data)).pages
    ]


def _svg_box(data: bytes) -> tuple[float, float]:
    match = re.search(rb'viewBox="0\.00 0\.00 ([\d.]+) ([\d.]+)"', data)
    assert match
    return float(match[1]), float(match[2])


@pytest.mark.parametrize("engine", ["embedded", "dot"])
@pytest.mark.parametrize("preset", list(SIZES))
def test_every_preset_has_its_exact_size_in_every_format(preset: str, engine: str) -> None:
    if engine == "dot" and shutil.which("dot") is None:
        pytest.skip("the Graphviz executable 'dot' is not installed")
    found = argmap.pages(argmap.load(MAPS / "watchmaker.yaml"), preset, engine=engine)  # type: ignore[arg-type]
    for page in found:
        width, height = page.size
        assert sorted((width, height)) == sorted(SIZES[preset])
        png = page.draw("png", engine=engine)  # type: ignore[arg-type]
        assert _png_size(png) == (round(width * PIXELS_PER_POINT), round(height * PIXELS_PER_POINT))
        assert _pdf_boxes(page.draw("pdf", engine=engine)) == [(width, height)]  # type: ignore[arg-type]
        assert _svg_box(page.draw("svg", engine=engine)) == (width, height)  # type: ignore[arg-type]


def test_slide_png_is_1920_by_1080() -> None:
    page = argmap.pages(argmap.load(ARTICLE_MAP), "slide-16x9", focus_on="T6")[0]
    assert _png_size(page.draw("png")) == (1920, 1080)


def _check_floor(found: list[Page]) -> None:
    for page in found:
        preset = PRESETS[page.preset]
        assert page.readable, page.label
        assert page.claim_text >= preset.claim_text - 1e-6, page.label
        assert page.smallest_text >= preset.any_text - 1e-6, page.label


def _coverage(argument_map: argmap.ArgumentMap, found: list[Page]) -> None:
    """Every element is drawn on some page, and with quotes on, every quote is shown:
    with its claim, or on a quote sheet after a step too large to draw with them."""
    shown = set().union(*(page.shown for page in found))
    ids = {c.id for c in argument_map.claims}
    ids |= {s.id for s in argument_map.inferences} | {o.id for o in argument_map.objections}
    assert ids <= shown
    if found[0].options.quotes or any(page.part.quoting for page in found):
        quoted = set().union(
            *(page.shown for page in found if page.options.quotes),
            *(page.part.quoting for page in found),
        )
        assert {c.id for c in argument_map.claims if c.quote} <= quoted


def _whole_steps(argument_map: argmap.ArgumentMap, found: list[Page]) -> None:
    """A step on a page has all its premises and its conclusion there too, and every line
    a page draws joins two things it draws (a line to anything else would make Graphviz
    draw a stray node of its own: a stub stands for what is elsewhere)."""
    node = re.compile(r'^\t+"?([A-Za-z_][\w.-]*)"? \[', re.MULTILINE)
    edge = re.compile(r'^\t+"?([A-Za-z_][\w.-]*)"? -> "?([A-Za-z_][\w.-]*)"?', re.MULTILINE)
    for page in found:
        for step in argument_map.inferences:
            if step.id in page.shown:
                assert {*step.premises, step.to} <= page.shown
        dot = page.dot("svg")
        declared = set(node.findall(dot))
        assert {end for line in edge.findall(dot) for end in line} <= declared, page.label


@pytest.mark.parametrize("quotes", [True, False])
@pytest.mark.parametrize("preset", list(SIZES))
def test_article_pages_meet_the_floor_and_cover_the_map(preset: str, quotes: bool) -> None:
    # With the default options (quotes drawn) as with --hide-quotes: split, never shrunk.
    argument_map = argmap.load(ARTICLE_MAP)
    found = argmap.pages(argument_map, preset, options=DiagramOptions(quotes=quotes))
    assert len(found) > 1
    _check_floor(found)
    _coverage(argument_map, found)
    _whole_steps(argument_map, found)
    assert found[0].label.startswith(f"page 1/{len(found)}: ")


@pytest.mark.parametrize("preset", list(SIZES))
def test_watchmaker_pages_meet_the_floor(preset: str) -> None:
    argument_map = argmap.load(MAPS / "watchmaker.yaml")
    found = argmap.pages(argument_map, preset)
    _check_floor(found)
    _coverage(argument_map, found)
    _whole_steps(argument_map, found)
    if preset != "slide-4x3":  # ten claims: one slide, one sheet of paper
        assert len(found) == 1


def test_a_step_too_large_with_its_quotes_gets_quote_sheets() -> None:
    argument_map = argmap.load(ARTICLE_MAP)
    found = argmap.pages(argument_map, "slide-4x3")
    sheets = [page for page in found if page.part.quoting]
    assert sheets
    for sheet in sheets:
        before = found[sheet.number - 2]
        while before.part.quoting:  # the step's page, before its sheets
            before = found[before.number - 2]
        assert not before.options.quotes
        assert sheet.title.startswith(f"{before.title}: quotes")
        assert set(sheet.part.quoting) <= before.shown
        svg = sheet.draw("svg").decode()
        for claim_id in sheet.part.quoting:
            quote = next(c.quote for c in argument_map.claims if c.id == claim_id)
            assert quote is not None
            assert quote.split()[0] in svg


@pytest.mark.parametrize("claims", [10, 60, 200])
def test_generated_maps_meet_the_floor_on_every_page(claims: int, tmp_path: Path) -> None:
    data, source = generate(claims)
    (tmp_path / "source.txt").write_text(source, encoding="utf-8")
    import yaml  # noqa: PLC0415

    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    argument_map = argmap.load(path)
    for preset in SIZES:
        found = argmap.pages(argument_map, preset)  # quotes drawn, as by default
        _check_floor(found)
        _coverage(argument_map, found)
        _whole_steps(argument_map, found)


def test_the_split_is_deterministic() -> None:
    argument_map = argmap.load(ARTICLE_MAP)
    first = argmap.pages(argument_map, "a4")
    again = argmap.pages(argument_map, "a4")
    assert [p.part for p in first] == [p.part for p in again]
    assert first[0].dot("svg") == again[0].dot("svg")


def test_small_map_is_enlarged_not_stretched() -> None:
    page = argmap.pages(argmap.load(MAPS / "watchmaker.yaml"), "a4")[0]
    assert page.claim_text > PRESETS["a4"].claim_text  # room to spare: bigger type
    assert page.claim_text <= PRESETS["a4"].claim_text * 1.6 + 1e-6  # but not huge


def test_no_split_refuses_a_map_too_large(tmp_path: Path) -> None:
    with pytest.raises(PageError, match="does not fit one slide-16x9 page"):
        argmap.pages(argmap.load(ARTICLE_MAP), "slide-16x9", split=False)
    out = tmp_path / "x.png"
    result = runner.invoke(
        app, ["render", str(ARTICLE_MAP), "--preset", "slide-16x9", "--no-split", "-o", str(out)]
    )
    assert result.exit_code == 1
    assert "needs at least 22 px" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_render_preset_reports_each_page(tmp_path: Path) -> None:
    out = tmp_path / "s.png"
    result = runner.invoke(app, ["render", str(ARTICLE_MAP), "--preset", "slide-16x9",
                                 "--hide-quotes", "-o", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    written = sorted(tmp_path.iterdir())
    assert written[0].name == "s-01.png"
    assert "page 2/" in result.stderr
    assert all(_png_size(path.read_bytes()) == (1920, 1080) for path in written)


def test_fragments_follow_the_build_order(tmp_path: Path) -> None:
    argument_map = argmap.load(MAPS / "watchmaker.yaml")
    page = argmap.pages(argument_map, "a4")[0]
    steps = build(argument_map, page.shown, page.part.claims)
    svg = fragments(page.draw("svg"), steps)
    indices = [int(i) for i in re.findall(rb'data-fragment-index="(\d+)"', svg)]
    assert set(indices) == set(range(1, len(steps)))
    assert b'class="node fragment"' in svg
    assert b'class="edge fragment"' in svg
    out = tmp_path / "f.svg"
    result = runner.invoke(app, ["render", str(MAPS / "watchmaker.yaml"), "--fragments",
                                 "-o", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert b"data-fragment-index" in out.read_bytes()


HOSTILE = '<a:t>x</a:t> & <script>alert(1)</script> \\N "quoted" \u202e rtl \x07bell'


def _hostile(tmp_path: Path) -> Path:
    text = (MAPS / "watchmaker.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "The watch must have had an intelligent maker.",
        HOSTILE.replace('"', '\\"').replace("\x07", "\\a"),
    )
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_pptx_deck_reads_back_every_claim(tmp_path: Path) -> None:
    argument_map = argmap.load(ARTICLE_MAP)
    data = argmap.deck(argument_map, "pptx")
    deck = Presentation(io.BytesIO(data))
    found = argmap.pages(argument_map, "slide-16x9", options=DiagramOptions(quotes=False))
    assert len(deck.slides) == 1 + len(found)
    assert (deck.slide_width, deck.slide_height) == (960 * 12700, 540 * 12700)
    text = " ".join(
        shape.text_frame.text
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
    )
    flat = "".join(text.split())
    for claim in argument_map.claims:
        assert "".join(claim.text.split()) in flat, claim.id
    notes = " ".join(slide.notes_slide.notes_text_frame.text for slide in deck.slides)
    for claim in argument_map.claims:
        if claim.quote:
            assert claim.quote in notes, claim.id
    assert "Source: " in notes
    connectors = [
        s for slide in deck.slides for s in slide.shapes if s.shape_type == 17 or "->" in s.name
    ]
    assert connectors
    xml = zipfile.ZipFile(io.BytesIO(data)).read("ppt/slides/slide2.xml")
    assert b"<a:stCxn" in xml  # glued
    assert b"<a:endCxn" in xml
    assert b"<p:timing>" in xml  # a click-by-click build


def test_pptx_has_no_external_relationship_or_macro() -> None:
    data = argmap.deck(argmap.load(ARTICLE_MAP), "pptx")
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    assert not any("vbaProject" in name for name in names)
    for name in names:
        if name.endswith(".rels"):
            assert b'TargetMode="External"' not in archive.read(name)
    types = archive.read("[Content_Types].xml")
    assert b"macroEnabled" not in types


def test_hostile_text_is_literal_in_the_pptx(tmp_path: Path) -> None:
    hostile = argmap.load(_hostile(tmp_path))
    data = argmap.deck(hostile, "pptx")
    deck = Presentation(io.BytesIO(data))
    text = "".join(
        "".join(shape.text_frame.text.split())
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
    )
    assert "<a:t>x</a:t>&<script>alert(1)</script>" in text
    claim = next(c for c in hostile.claims if c.id == "W")
    # As every diagram shows map text: literal, less control characters and bidi overrides.
    literal = "".join(defused(claim.text).split())
    assert literal in text


UNSAFE = "\u202e\u202c\u2066\u2069\u2028\u2029\x85\x9b\x1b"
_UNSAFE_MAP = r"""argmap: 1
title: "Smoking \u202eTitle\u2028more"
description: "Why \u2066not\u2069 \x85smoke"
source: {title: "A \u202ctalk", author: "Ann\u2029Bee", path: src.txt}
claims:
  - id: P1
    text: "Smoking \u202ecauses\u2028 \e[1mcancer."
    quote: "Smoking \u202ecauses\u202c cancer\u2028today"
    role: premise
  - id: A1
    text: You should avoid what causes cancer.
    role: assumption
  - id: C
    text: "You should \x9bnot smoke."
    role: conclusion
    unstated: true
inferences:
  - id: I1
    from: [P1, A1]
    to: C
"""


def _unsafe_map(tmp_path: Path) -> Path:
    """A map with bidi controls, U+2028/9 and C1 controls in every text a deck shows."""
    source = "Intro. Smoking \u202ecauses\u202c cancer\u2028today.\n"
    (tmp_path / "src.txt").write_text(source, encoding="utf-8")
    (tmp_path / "m.yaml").write_text(_UNSAFE_MAP, encoding="utf-8")
    return tmp_path / "m.yaml"


def _pptx_texts(data: bytes) -> list[str]:
    deck = Presentation(io.BytesIO(data))
    shapes = [shape for slide in deck.slides for shape in slide.shapes if shape.has_text_frame]
    notes = [slide.notes_slide.notes_text_frame.text for slide in deck.slides]
    return [*(shape.text_frame.text for shape in shapes), *notes, deck.core_properties.title]


def test_pptx_leaves_out_bidi_controls_and_line_separators(tmp_path: Path) -> None:
    """L9: slides, notes and document properties kept what SVG, PDF and HTML leave out."""
    path = _unsafe_map(tmp_path)
    result = runner.invoke(app, ["deck", str(path), "-o", str(tmp_path / "d.pptx")])
    assert result.exit_code == 0, result.stderr
    for data in (argmap.deck(argmap.load(path), "pptx"), (tmp_path / "d.pptx").read_bytes()):
        texts = _pptx_texts(data)
        assert not set("".join(texts)) & set(UNSAFE)
        assert texts[-1] == "Smoking Title more"
        flat = " ".join(" ".join(texts).split())
        assert "\u201cSmoking causes cancer today\u201d" in flat
        assert "Why not smoke" in flat
        assert "Source: A talk, Ann Bee" in flat
        archive = zipfile.ZipFile(io.BytesIO(data))
        for name in (name for name in archive.namelist() if name.endswith(".xml")):
            assert not set(archive.read(name).decode("utf-8")) & set(UNSAFE), name


@requires_soffice
def test_libreoffice_converts_a_deck_of_unsafe_text(tmp_path: Path) -> None:
    path = tmp_path / "deck.pptx"
    path.write_bytes(argmap.deck(argmap.load(_unsafe_map(tmp_path)), "pptx"))
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", "pdf", "--outdir", str(tmp_path / "out"), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    converted = (tmp_path / "out" / "deck.pdf").read_bytes()
    assert len(_pdf_boxes(converted)) == len(Presentation(str(path)).slides)


def test_deck_pdf_has_a_title_page_and_every_page(tmp_path: Path) -> None:
    out = tmp_path / "handout.pdf"
    result = runner.invoke(app, ["deck", str(ARTICLE_MAP), "-o", str(out), "--preset", "a4"])
    assert result.exit_code == 0, result.stderr
    boxes = _pdf_boxes(out.read_bytes())
    found = argmap.pages(argmap.load(ARTICLE_MAP), "a4", options=DiagramOptions(quotes=False))
    assert len(boxes) == 1 + len(found)
    assert all(sorted(box) == [595, 842] for box in boxes)


def test_deck_to_an_unwritable_place_writes_nothing(tmp_path: Path) -> None:
    result = runner.invoke(app, ["deck", str(ARTICLE_MAP), "-o", str(tmp_path / "no" / "d.pptx")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    result = runner.invoke(app, ["deck", str(ARTICLE_MAP), "-o", str(tmp_path / "d.txt")])
    assert result.exit_code == 2
    assert list(tmp_path.iterdir()) == []


def test_a_deck_stops_at_its_overall_limit_and_writes_nothing(tmp_path: Path) -> None:
    """Issue 19, L4: a deck of 1,000 claims took 73 s, and 5,000 never ended; --limit
    bounds the whole deck (each layout has its own --timeout), with a message and no file."""
    path = write(tmp_path, 1000)
    output = tmp_path / "deck.pptx"
    process = subprocess.run(
        [sys.executable, "-m", "argmap", "deck", str(path), "-o", str(output), "--limit", "3"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert process.returncode == 1, process.stderr
    assert "the deck took over 3 s in all, its limit" in process.stderr
    assert "Traceback" not in process.stderr
    assert not output.exists()
    with pytest.raises(argmap.RenderError, match="took over 2 s in all"):
        argmap.deck(argmap.load(path), "pdf", limit=2)


@requires_soffice
def test_libreoffice_opens_the_deck_one_page_per_slide(tmp_path: Path) -> None:
    path = tmp_path / "deck.pptx"
    for pictures in (False, True):
        result = runner.invoke(app, ["deck", str(_hostile(tmp_path)), "-o", str(path),
                                     *(["--pictures"] if pictures else [])])  # fmt: skip
        assert result.exit_code == 0, result.stderr
        slides = len(Presentation(str(path)).slides)
        subprocess.run(
            ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
             "--convert-to", "pdf", "--outdir", str(tmp_path / "out"), str(path)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        converted = (tmp_path / "out" / "deck.pdf").read_bytes()
        assert len(_pdf_boxes(converted)) == slides


def _segment_crosses(line: tuple[float, float, float, float], box: tuple[float, ...]) -> bool:
    """Whether a straight line passes through the inside of a box (EMU, sampled finely;
    running along within 2 pt of its edge is touching, not crossing)."""
    x0, y0, x1, y1 = line
    inset = 2 * 12700
    left, top, right, bottom = box[0] + inset, box[1] + inset, box[2] - inset, box[3] - inset
    for step in range(101):
        t = step / 100
        x, y = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
        if left < x < right and top < y < bottom:
            return True
    return False


def test_pptx_lines_never_cross_a_box_and_attacks_end_in_bars() -> None:
    argument_map = argmap.load(ARTICLE_MAP)
    data = argmap.deck(argument_map, "pptx")
    deck = Presentation(io.BytesIO(data))
    ids = {c.id for c in argument_map.claims}
    for slide in list(deck.slides)[1:]:
        boxes = {
            shape.name: (shape.left, shape.top, shape.left + shape.width, shape.top + shape.height)
            for shape in slide.shapes
            if shape.name in ids
        }
        for shape in slide.shapes:
            if shape.shape_type != 9:  # straight connectors (LINE)
                continue
            x0, y0 = shape.begin_x, shape.begin_y
            x1, y1 = shape.end_x, shape.end_y
            ends = set(shape.name.split("->"))
            for name, box in boxes.items():
                if name not in ends:
                    assert not _segment_crosses((x0, y0, x1, y1), box), (shape.name, name)
    archive = zipfile.ZipFile(io.BytesIO(data))
    slides = [archive.read(n) for n in archive.namelist() if n.startswith("ppt/slides/slide")]
    assert not any(b'type="oval"' in xml for xml in slides)  # an attack ends in a bar
    assert not any(b"<p:style>" in xml for xml in slides)  # no theme shadows
    assert any(b"<a:custGeom>" in xml for xml in slides)  # Graphviz's curves and bars


def test_pptx_draws_a_reported_voice_with_a_double_border() -> None:
    argument_map = argmap.load(ROOT / "tests" / "data" / "replies" / "map.yaml")
    deck = Presentation(io.BytesIO(argmap.deck(argument_map, "pptx")))
    reported = [c.id for c in argument_map.claims if c.voice]
    assert reported
    for claim_id in reported:
        outlines = [s for slide in deck.slides for s in slide.shapes if s.name == claim_id]
        assert outlines, claim_id
        assert len(outlines) % 2 == 0, claim_id  # two outlines on each page it is on
