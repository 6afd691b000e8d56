"""The HTML reader as a file: self-contained, inert, its passages where the checker found
them; the `html` command and `argmap.html`. (In a browser: test_reader_browser.py.)"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import argmap
from argmap.authoring._notebook import map_bundle
from argmap.checks._quotes import SourceText, normalise, offsets
from argmap.cli import app
from argmap.draw._style import PALETTES
from argmap.model import ArgumentMap
from argmap.reader._source import passages
from argmap.reader._svg import palette_css

from .conftest import ARTICLE_MAP, DATA, MAPS

runner = CliRunner()
READER = resources.files("argmap.reader")
SCRIPT = re.compile(r"<script([^>]*)>(.*?)</script>", re.DOTALL)


@pytest.fixture(scope="module")
def article_page() -> str:
    return argmap.html(argmap.load(ARTICLE_MAP))


# --- Passages: the checker's matching, shown in the text as written ----------------------


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(exclude_categories=["Cs"]), max_size=60))
def test_offsets_give_the_normalised_text_and_where_each_character_comes_from(raw: str) -> None:
    text, spans = offsets(raw)
    assert text == normalise(raw)
    assert len(spans) == len(text)
    assert all(0 <= start < end <= len(raw) for start, end in spans)
    assert [start for start, _ in spans] == sorted(start for start, _ in spans)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["word", "\u2014", "--", " ", "\n\t", "e\u0301", "\u2026", "\u201cq\u201d"]
        ),
        min_size=3,
        max_size=30,
    ),
    st.data(),
)
def test_a_found_passage_is_the_quote_as_written(pieces: list[str], data: st.DataObject) -> None:
    raw = "".join(pieces)
    text, spans = offsets(raw)
    if not text:
        return
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = text[start:end]
    located = SourceText.of(raw).locate(quote)
    if not located or "..." in quote:  # a cut through a word is no quote; ... elides
        return
    ((found_start, found_end),) = located
    shown = normalise(raw[spans[found_start][0] : spans[found_end - 1][1]])
    # The passage as written: the quote, widened only to whole characters of the text
    # (a quote may end inside the "..." that an ellipsis character stands for).
    assert normalise(quote) in shown
    assert len(shown) - len(normalise(quote)) <= 4


def test_every_article_quote_is_found_in_the_text_as_written() -> None:
    article = argmap.load(ARTICLE_MAP)
    assert article.source is not None
    assert article.source.path is not None
    raw = (MAPS / article.source.path).read_text(encoding="utf-8")
    found = passages(article, raw)
    quoted = [claim for claim in article.claims if claim.quote]
    assert set(found) == {claim.id for claim in quoted}
    for claim in quoted:
        assert claim.quote is not None
        shown = " ... ".join(raw[start:end] for start, end in found[claim.id])
        assert SourceText.of(shown).find(claim.quote), claim.id


# --- The page: one file, nothing loaded, nothing active from the map ---------------------


def test_the_page_holds_its_script_and_style_and_a_policy_that_allows_only_them(
    article_page: str,
) -> None:
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', article_page)
    assert policy is not None
    rules = dict(rule.strip().split(" ", 1) for rule in policy[1].split(";"))
    assert rules["default-src"] == "'none'"
    assert rules["base-uri"] == rules["form-action"] == "'none'"
    scripts = SCRIPT.findall(article_page)
    assert [attributes for attributes, _ in scripts] == [
        ' type="application/json" id="am-data"',
        "",
    ]
    code = scripts[1][1]
    assert code == READER.joinpath("reader.js").read_text(encoding="utf-8")
    style = re.search(r"<style>(.*?)</style>", article_page, re.DOTALL)
    assert style is not None
    assert style[1].startswith(READER.joinpath("reader.css").read_text(encoding="utf-8"))

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    assert rules["script-src"] == digest(code)
    assert rules["style-src"] == digest(style[1])


def test_the_page_refers_to_nothing_outside_itself(article_page: str) -> None:
    body = SCRIPT.sub("", article_page)
    assert not re.search(r"\b(src|srcset|action|formaction|xlink:href)\s*=", body, re.I)
    assert re.findall(r"\bhref=\"([^\"]*)\"", body) == ["#am-source"]  # the skip link
    assert "@import" not in article_page
    assert "url(" not in article_page


class _Tags(HTMLParser):
    """Every element and attribute of a page, as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self.in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script:
            self.scripts.append(data)


ACTIVE = {"script", "iframe", "object", "embed", "img", "image", "use", "link", "style",
          "foreignobject", "form", "base", "audio", "video", "source", "frame"}  # fmt: skip


def _inert(page: str) -> None:
    """No element or attribute that could run or load, but argmap's own: its two scripts
    (the JSON data and reader.js), its style and meta elements in the head."""
    tags = _Tags()
    tags.feed(page)
    scripts = [attrs for tag, attrs in tags.tags if tag == "script"]
    assert scripts == [[("type", "application/json"), ("id", "am-data")], []]
    assert tags.scripts[1] == READER.joinpath("reader.js").read_text(encoding="utf-8")
    json.loads(tags.scripts[0])
    assert "<" not in tags.scripts[0]  # the JSON cannot close its element
    head = [tag for tag, _ in tags.tags[: [t for t, _ in tags.tags].index("body")]]
    assert head.count("style") == 1
    for tag, attrs in tags.tags[len(head) :]:
        assert tag == "script" or tag not in ACTIVE, tag
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            if name in {"href", "src", "xlink:href", "action"}:
                assert (value or "").startswith("#"), (tag, name, value)


@pytest.mark.parametrize("name", ["inject-dot", "inject-escapes", "inject-html", "inject-svg"])
def test_the_hostile_corpus_makes_an_inert_page(name: str) -> None:
    hostile = argmap.load(DATA / "corpus" / f"{name}.yaml")
    page = argmap.html(hostile)
    _inert(page)
    assert f"<title>{html.escape(hostile.title)}</title>" in page
    for claim in hostile.claims:
        assert (
            json.dumps(claim.text, ensure_ascii=False)[1:-1]
            .replace("<", "\\u003c")
            .replace(">", "\\u003e")
            .replace("&", "\\u0026")
            in page
        )


def test_hostile_text_in_a_source_and_its_quotes_is_escaped(tmp_path: Path) -> None:
    hostile = hostile_map(tmp_path)
    page = argmap.html(hostile)
    _inert(page)
    text = page.split('<div class="am-text" dir="auto">', 1)[1].split("</div>", 1)[0]
    plain = re.sub(r"</?mark[^>]*>", "", text)
    assert html.unescape(plain) == (tmp_path / "hostile.txt").read_text(encoding="utf-8")
    assert all(html.escape(part, quote=False) in plain for part in HOSTILE)


def test_the_palette_becomes_css_variables_for_both_themes() -> None:
    css = palette_css()
    light, dark = PALETTES["light"], PALETTES["dark"]
    for colour in (*light.fill.values(), *light.border.values(), light.support, light.attack):
        assert f'[fill="{colour.lower()}" i]' in css
    assert all(colour.lower() in css.lower() for colour in (*dark.fill.values(), dark.background))


def test_the_script_never_turns_text_into_markup() -> None:
    code = READER.joinpath("reader.js").read_text(encoding="utf-8")
    assert code.lstrip("/ \n").find('"use strict"') >= 0
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                 "Function(", "setTimeout(\"", "DOMParser"):  # fmt: skip
        assert sink not in code, sink


@pytest.mark.skipif(
    shutil.which("node") is None, reason="Node is not installed (apt install nodejs)"
)
def test_the_script_parses() -> None:
    with resources.as_file(READER.joinpath("reader.js")) as path:
        done = subprocess.run(
            ["node", "--check", str(path)], capture_output=True, text=True, check=False
        )
    assert done.returncode == 0, done.stderr


def test_a_notebook_shows_the_reader_in_a_sandboxed_frame() -> None:
    bundle = map_bundle(argmap.load(MAPS / "watchmaker.yaml"))
    frame = bundle["text/html"]
    assert frame.startswith("<iframe ")
    assert 'sandbox="allow-scripts"' in frame
    assert "allow-same-origin" not in frame
    srcdoc = html.unescape(re.search(r'srcdoc="([^"]*)"', frame)[1])  # type: ignore[index]
    assert srcdoc.startswith("<!DOCTYPE html>")
    assert "Content-Security-Policy" in srcdoc


HOSTILE = [
    "<script>window.pwned=1</script>",
    '<img src=x onerror="window.pwned=2">',
    "javascript:window.pwned=3",
    '" onmouseover="window.pwned=4',
    "</script><script>window.pwned=5</script>",
    "\u202eevil\u202c reversed",
    "<!-- ]]> <svg onload=window.pwned=6>",
    "${title} $$ \\N &amp; &lt;",
]


def hostile_map(folder: Path) -> ArgumentMap:
    """Hostile text in every field the page shows, quoted from a hostile source text."""
    source = " ".join(f"Passage {n}: {text}." for n, text in enumerate(HOSTILE))
    (folder / "hostile.txt").write_text(source, encoding="utf-8")
    claims: list[dict[str, object]] = [
        {"id": f"P{n}", "text": f"Claim {n}: {text}", "role": "premise", "theme": "t",
         "quote": f"Passage {n}: {text}", "note": text}
        for n, text in enumerate(HOSTILE)
    ]  # fmt: skip
    claims += [
        {"id": "C", "text": HOSTILE[4], "role": "conclusion", "unstated": True},
        {"id": "X", "text": HOSTILE[5], "role": "premise", "holder": "analyst"},
    ]
    data = {
        "argmap": 1,
        "title": HOSTILE[0],
        "source": {"title": HOSTILE[1], "path": "hostile.txt", "publisher": HOSTILE[3]},
        "themes": [{"id": "t", "label": HOSTILE[6], "description": HOSTILE[2]}],
        "claims": claims,
        "inferences": [
            {
                "id": "I1",
                "from": [f"P{n}" for n in range(len(HOSTILE))],
                "to": "C",
                "scheme": "expert-opinion",
                "warrant": HOSTILE[7],
                "note": HOSTILE[1],
            }
        ],
        "objections": [{"id": "O1", "from": ["X"], "to": "I1", "note": HOSTILE[2]}],
    }
    path = folder / "hostile.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return argmap.load(path)


# --- The command ------------------------------------------------------------------------


def _byline(page: str) -> str:
    """The text of the line under the page's title, as a reader sees it."""
    found = re.search(r'<p class="am-about"[^>]*>(.*?)</p>', page, re.DOTALL)
    assert found is not None
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1)))


def test_the_source_title_and_its_byline_are_set_apart(article_page: str) -> None:
    assert _byline(article_page) == (
        "Inside Iraq's Most Powerful and Dangerous Iranian-Backed Militias — The Jerusalem Post"
    )
    untitled = argmap.loads(
        "argmap: 1\ntitle: Bare\nclaims:\n  - {id: P, text: p, role: premise}\n"
        "  - {id: C, text: c, role: conclusion}\ninferences:\n  - {id: I, from: P, to: C}\n"
    )
    assert _byline(argmap.html(untitled)) == "Bare"


def test_html_command_writes_the_reader(tmp_path: Path) -> None:
    target = tmp_path / "reader.html"
    result = runner.invoke(app, ["html", str(ARTICLE_MAP), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert re.fullmatch(
        rf"wrote {re.escape(str(target))} \(html, \d+ KiB, [\d.]+ s\)\n", result.stderr
    )
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert 'data-id="T6"' in page
    assert _byline(page).endswith(" — The Jerusalem Post")


def test_html_command_to_standard_output_in_a_new_process() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "argmap", "html", str(MAPS / "watchmaker.yaml"), "-o", "-"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert done.stdout.startswith("<!DOCTYPE html>")
    assert done.stdout.rstrip().endswith("</html>")
    assert done.stderr == ""


def test_html_command_never_writes_over_its_inputs(tmp_path: Path) -> None:
    shutil.copytree(MAPS, tmp_path / "maps", ignore=shutil.ignore_patterns("classroom"))
    source = tmp_path / "maps" / "iraq-militias-article.txt"
    before = source.read_bytes()
    result = runner.invoke(
        app, ["html", str(tmp_path / "maps" / "iraq-militias.yaml"), "-o", str(source)]
    )
    assert result.exit_code == 2
    assert "refusing to overwrite the input file" in result.stderr
    assert source.read_bytes() == before


def test_html_command_reports_an_invalid_map_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "reader.html"
    bad = DATA / "invalid" / "unknown-id.yaml"
    result = runner.invoke(app, ["html", str(bad), "-o", str(target)])
    assert result.exit_code == 1
    assert "unknown-id" in result.stderr
    assert "Traceback" not in result.output
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_html_command_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["html", str(ARTICLE_MAP), "-o", str(tmp_path / "no" / "r.html")])
    assert result.exit_code == 2
    assert "does not exist; create it first" in result.stderr
