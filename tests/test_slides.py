"""docs/slides.md: every recipe run as written, and its result checked by the real tool.

The commands and files are taken from the page itself (each `## Tool` section's code
blocks), so the page cannot drift from what works. reveal.js and Marp come from npm
(`.ci/run` installs them into `.ci/node`), Chromium from Debian, driven by Playwright;
Beamer needs `pdflatex` (Debian's texlive-latex-recommended). Each test skips, saying
what is missing, where its tool is absent.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pptx import Presentation

from .conftest import ROOT

PAGE = (ROOT / "docs" / "slides.md").read_text(encoding="utf-8")
NODE = ROOT / ".ci" / "node" / "node_modules"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
# The page's commands, with the tools of this checkout: its argmap and Python, and the
# npm packages .ci/run installed (so `npm install` has nothing left to do).
SHELL_PRELUDE = f"""
set -euo pipefail
python3() {{ "{sys.executable}" "$@"; }}
npm() {{ :; }}
npx() {{ local bin=$1; shift; case $bin in @marp-team/marp-cli) bin=marp;; esac; \\
  "{NODE}/.bin/$bin" "$@"; }}
"""


def section(tool: str) -> str:
    """The text of the page's `## tool` section (a `## ` inside a code block is text)."""
    found: list[str] | None = None
    fence = ""
    for line in PAGE.splitlines(keepends=True):
        marker = re.match(r"(`{3,})", line)
        if marker and (not fence or (marker[1] == fence and line.strip() == fence)):
            fence = "" if fence else marker[1]
        elif not fence and line.startswith("## "):
            if found is not None:
                break
            found = [] if line.strip() == f"## {tool}" else None
            continue
        if found is not None:
            found.append(line)
    assert found is not None, f"docs/slides.md has no '## {tool}' section"
    return "".join(found)


def blocks(tool: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", section(tool), re.MULTILINE | re.DOTALL)


def run_recipe(tool: str, folder: Path) -> None:
    """Run the section's shell block in `folder`, with the repository's maps at hand."""
    (folder / "maps").symlink_to(ROOT / "maps")
    if NODE.is_dir():
        (folder / "node_modules").symlink_to(NODE)
    (script,) = blocks(tool, "sh")
    env = os.environ | {"PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        ["bash", "-c", SHELL_PRELUDE + script], cwd=folder, env=env,
        capture_output=True, text=True, timeout=600, check=False, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


@pytest.fixture
def chromium() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("Chromium (/usr/bin/chromium, Debian's chromium) is not installed")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def _needs_node_package(name: str) -> None:
    if not (NODE / name).is_dir():
        pytest.skip(f"npm package {name} is not installed in .ci/node (.ci/run installs it)")


def _visible_fragments(page: object) -> list[int]:
    """The fragment indices reveal.js shows now (fragments it has made visible)."""
    script = (
        "() => [...document.querySelectorAll('svg .fragment')]"
        ".filter(e => getComputedStyle(e).opacity !== '0')"
        ".map(e => Number(e.getAttribute('data-fragment-index')))"
    )
    return sorted(set(page.evaluate(script)))  # type: ignore[attr-defined]


SETTLED = """(shown) => [...document.querySelectorAll('svg .fragment')].every(e =>
  getComputedStyle(e).opacity === (Number(e.dataset.fragmentIndex) < shown ? '1' : '0'))"""
DANGLING = """() => {
  const shown = e => getComputedStyle(e).opacity !== '0';
  const nodes = new Map([...document.querySelectorAll('svg g.node')]
    .map(g => [g.querySelector('title').textContent, g]));
  return [...document.querySelectorAll('svg g.edge')].filter(shown).map(
    g => g.querySelector('title').textContent).filter(name => name.split('->').some(
    end => nodes.has(end) && !shown(nodes.get(end))));
}"""


def test_revealjs_recipe_builds_the_argument_click_by_click(
    chromium: object, tmp_path: Path
) -> None:
    _needs_node_package("reveal.js")
    (template,) = blocks("reveal.js", "html")
    (tmp_path / "slides.template.html").write_text(template, encoding="utf-8")
    run_recipe("reveal.js", tmp_path)
    html = (tmp_path / "slides.html").read_text(encoding="utf-8")
    indices = sorted({int(i) for i in re.findall(r'data-fragment-index="(\d+)"', html)})
    assert indices == list(range(1, len(indices) + 1))
    assert len(indices) >= 3  # watchmaker: P1, P2 -> W first, then a step per click
    page = chromium.new_page(viewport={"width": 1920, "height": 1080})  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((tmp_path / "slides.html").as_uri())
    page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    assert _visible_fragments(page) == []  # the first step only: no fragment shown yet
    first = page.evaluate("() => document.querySelectorAll('svg g.node:not(.fragment)').length")
    assert first >= 3  # the first step's boxes are there from the start
    for click in indices:  # reveal.js numbers the fragments from 0, in the same order
        page.keyboard.press("ArrowRight")
        page.wait_for_function(f"() => Reveal.getIndices().f === {click - 1}")
        page.wait_for_function(SETTLED, arg=click)  # reveal.js fades fragments in
        assert _visible_fragments(page) == list(range(click))
        # Nothing is shown before what it attacks or supports: every visible line's
        # ends are visible too.
        assert page.evaluate(DANGLING) == [], click
    assert page.evaluate("() => Reveal.getIndices().h") == 0  # all on one slide
    page.screenshot(path=str(tmp_path / "built.png"))
    assert not errors


def test_quarto_recipe_keeps_the_svg_inline_for_revealjs() -> None:
    # Quarto is not installable here; what its recipe relies on is checked: a revealjs
    # document whose raw HTML block includes the fragments SVG (built as for reveal.js).
    (document,) = re.findall(r"^````markdown\n(.*?)^````", section("Quarto"), re.M | re.S)
    assert "revealjs:" in document
    assert "```{=html}\n{{< include map.svg >}}\n```" in document
    assert "--fragments" in section("reveal.js")


def test_marp_recipe_gives_a_slide_per_page(chromium: object, tmp_path: Path) -> None:
    _needs_node_package("@marp-team/marp-cli")
    run_recipe("Marp", tmp_path)
    pages = sorted(tmp_path.glob("map-*.png"))
    assert len(pages) > 1
    page = chromium.new_page()  # type: ignore[attr-defined]
    page.goto((tmp_path / "slides.html").as_uri())
    slides = page.evaluate("() => document.querySelectorAll('section[data-marpit-pagination], "
                           "svg[data-marpit-svg] > foreignObject > section').length")  # fmt: skip
    html = (tmp_path / "slides.html").read_text(encoding="utf-8")
    assert slides >= len(pages)
    for png in pages:
        assert png.name in html
    sizes = page.evaluate(
        "() => Promise.all([...new Set([...document.querySelectorAll('figure, section')]"
        '.map(e => getComputedStyle(e).backgroundImage.match(/url\\("?([^")]+)/))'
        ".filter(Boolean).map(m => m[1]))].map(src => new Promise(done => {"
        "const image = new Image(); image.onload = () => done([image.naturalWidth,"
        " image.naturalHeight]); image.onerror = () => done([0, 0]); image.src = src; })))"
    )
    assert sizes
    assert all(size == [1920, 1080] for size in sizes)


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed "
                    "(Debian: texlive-latex-recommended, which has Beamer)")  # fmt: skip
def test_beamer_recipe_fills_each_frame_with_a_page(tmp_path: Path) -> None:
    from pypdf import PdfReader  # noqa: PLC0415

    (tex,) = blocks("Beamer", "latex")
    (tmp_path / "talk.tex").write_text(tex, encoding="utf-8")
    run_recipe("Beamer", tmp_path)
    deck = PdfReader(tmp_path / "deck.pdf")
    talk = PdfReader(tmp_path / "talk.pdf")
    assert len(talk.pages) == 1 + len(deck.pages) - 1  # own title, then every page but argmap's
    for frame in talk.pages:
        width, height = float(frame.mediabox.width), float(frame.mediabox.height)
        assert abs(width / height - 16 / 9) < 0.01
    text = talk.pages[1].extract_text()
    assert "The threat" in text  # the deck's first page, as the second frame


def test_google_slides_recipe_gives_one_exact_picture_per_slide(tmp_path: Path) -> None:
    run_recipe("Google Slides", tmp_path)
    data = (tmp_path / "deck.pptx").read_bytes()
    deck = Presentation(io.BytesIO(data))
    slides = list(deck.slides)
    assert len(slides) > 2
    for slide in slides[1:]:
        (picture,) = list(slide.shapes)
        assert picture.shape_type == 13  # PICTURE
        assert (picture.left, picture.top) == (0, 0)
        assert (picture.width, picture.height) == (deck.slide_width, deck.slide_height)
        image = picture.image.blob
        assert int.from_bytes(image[16:20], "big") == 1920
        assert int.from_bytes(image[20:24], "big") == 1080
        assert "Source: " in slide.notes_slide.notes_text_frame.text
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert not any("vbaProject" in name or "embeddings/" in name for name in names)


def test_keynote_recipe_gives_editable_shapes(tmp_path: Path) -> None:
    run_recipe("Keynote", tmp_path)
    deck = Presentation(str(tmp_path / "deck.pptx"))
    kinds = {shape.shape_type for slide in deck.slides for shape in slide.shapes}
    # Only what Keynote imports as its own: shapes, text boxes, lines, freeforms.
    assert kinds <= {1, 5, 9, 17}  # AUTO_SHAPE, FREEFORM, LINE, TEXT_BOX
    texts = [s.text_frame.text for slide in deck.slides for s in slide.shapes if s.has_text_frame]
    assert any("The militias" in text for text in texts)
