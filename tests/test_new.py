"""`argmap new`: a starting map for any source text, valid as written, never over a file."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import argmap
from argmap.checks._rules import check_map
from argmap.cli import app
from argmap.mapfile._parse import build_map
from argmap.mapfile._read import parse_text

from .conftest import MAPS, ROOT

runner = CliRunner()
ARTICLE = MAPS / "iraq-militias-article.txt"
SCHEMA_FILE = ROOT / "src" / "argmap" / "data" / "argmap.schema.json"
_EXAMPLE_LINE = re.compile(r"^(\s*)# (?=\s*(?:- |[a-z][a-z-]*:))", re.MULTILINE)


def uncommented(text: str) -> str:
    """The map with every commented example line turned into YAML, as a user who selects
    the whole file and uncomments it once gets it (the editor line and prose stay)."""
    first, rest = text.split("\n", 1)
    return first + "\n" + _EXAMPLE_LINE.sub(r"\1", rest)


def new(tmp_path: Path, text: str | bytes, *args: str, name: str = "source.txt") -> Path:
    source = tmp_path / name
    if isinstance(text, bytes):
        source.write_bytes(text)
    else:
        source.write_text(text, encoding="utf-8", newline="")
    result = runner.invoke(app, ["new", str(source), *args])
    assert result.exit_code == 0, result.stderr
    return source.with_suffix(".yaml")


def validate(path: Path) -> None:
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.stdout


def test_article_gets_source_themes_and_a_valid_map(tmp_path: Path) -> None:
    source = tmp_path / "article.txt"
    source.write_bytes(ARTICLE.read_bytes())
    result = runner.invoke(app, ["new", str(source), "-o", str(tmp_path / "map.yaml")])
    assert result.exit_code == 0, result.stderr
    assert "wrote" in result.stderr
    validate(tmp_path / "map.yaml")
    argument_map = argmap.load(tmp_path / "map.yaml")
    assert argument_map.source is not None
    assert argument_map.source.title == (
        "Inside Iraq\u2019s Most Powerful and Dangerous Iranian-Backed Militias"
    )
    assert argument_map.source.path == "article.txt"
    assert [theme.label for theme in argument_map.themes] == [
        "Understanding the Threat: The Rise of Iranian-Backed Militias in Iraq",
        "Operational Tactics and Regional Implications of Armed Groups",
        "Strategies for Countering Militia Influence and Ensuring Stability in Iraq",
        "Wrapping Up",
    ]
    text = (tmp_path / "map.yaml").read_text(encoding="utf-8")
    assert "# Under the title: The Iranian-backed militias in Iraq are armed and dangerous" in text
    first = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", text.splitlines()[0])
    assert first
    assert (tmp_path / first[1]).resolve() == SCHEMA_FILE


def test_uncommented_examples_show_every_element_and_validate(tmp_path: Path) -> None:
    (tmp_path / "article.txt").write_bytes(ARTICLE.read_bytes())
    written = new(tmp_path, ARTICLE.read_text(encoding="utf-8"), name="article.txt")
    whole = tmp_path / "whole.yaml"
    whole.write_text(uncommented(written.read_text(encoding="utf-8")), encoding="utf-8")
    validate(whole)
    argument_map = argmap.load(whole)
    claims = {claim.id: claim for claim in argument_map.claims}
    assert {str(claim.role) for claim in claims.values()} == {
        "premise", "intermediate", "conclusion", "assumption",
    }  # fmt: skip
    assert str(claims["R1"].holder) == "reported"
    assert claims["R1"].voice == "critics"
    assert claims["M1"].unstated
    assert str(claims["X1"].holder) == "analyst"
    assert any(claim.theme for claim in claims.values())
    step = next(step for step in argument_map.inferences if step.scheme)
    assert step.roles == {"cause": ["P2"], "generalization": ["A1"]}
    shown = argmap.show(argument_map, width=200)
    for kind in ("undermines", "replies to", "undercuts"):
        assert kind in shown


ODD_TEXTS = {
    "empty": "",
    "blank": "  \n\n\t\n",
    "title-only": "Just a title\n",
    "no-headings": "This text has no title line at all, only one long paragraph of "
    "argument. It goes on for a while. So it needs no themes, and it says so plainly.\n",
    "crlf": "A Title Here\r\n\r\nFirst Part\r\n\r\nThe first part argues a point at some "
    "length. And then it argues a second point.\r\n\r\nSecond Part\r\n\r\nThe second part "
    "argues against the first at length.\r\n",
    "colon-title": "Iraq: a threat to the region? Notes\n\nSome text here that makes a "
    "claim about it all.\n",
    "question-title": "Should We Fear the Militias?\n\nSome text here that makes a claim "
    "about them all.\n",
    "markdown": "# A Markdown Essay\n\n## Why it matters\n\nIt matters because it says "
    "something at length.\n\nSetext part\n-----------\n\nMore text that says more things.\n",
    "hostile": 'Title: with "quotes" \\ and # hash & *star !!python/object\n\n'
    "key: value\n\n---\n\n"
    "The \x1b[2J screen is cleared\u202e by this sentence of six words.\n\n"
    "A line break\u2028inside, a NEL\x85 too, and {braces} with [brackets] here.\n\n"
    "# yaml-language-server: $schema=http://evil.example\n\n"
    "'single' and \"double\" quotes, a tab\there, and emoji \U0001f600 in a sentence.\n",
    "very-long-title": "word " * 500 + "\n\nA short text follows that says a thing.\n",
}


@pytest.mark.parametrize("name", ODD_TEXTS)
def test_odd_texts_give_a_valid_map(tmp_path: Path, name: str) -> None:
    written = new(tmp_path, ODD_TEXTS[name])
    validate(written)
    whole = tmp_path / "whole.yaml"
    whole.write_text(uncommented(written.read_text(encoding="utf-8")), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(whole)])
    if argmap.load(written).claims[1].quote:
        assert result.exit_code == 0, result.stdout
    else:  # nothing to quote: the examples' quotes are placeholders, and only they fail
        assert set(re.findall(r"quote-not-in-source", result.stdout)) == {"quote-not-in-source"}
        assert len(result.stdout.splitlines()) == 3, result.stdout


def test_colon_title_and_markdown_headings(tmp_path: Path) -> None:
    colon = argmap.load(new(tmp_path, ODD_TEXTS["colon-title"], name="colon.txt"))
    assert colon.title == "Iraq: a threat to the region? Notes"
    question = argmap.load(new(tmp_path, ODD_TEXTS["question-title"], name="question.txt"))
    assert question.title == "Should We Fear the Militias?"
    markdown = argmap.load(new(tmp_path, ODD_TEXTS["markdown"], name="essay.md"))
    assert markdown.title == "A Markdown Essay"
    assert [theme.id for theme in markdown.themes] == ["matters", "setext-part"]
    crlf = argmap.load(new(tmp_path, ODD_TEXTS["crlf"], name="crlf.txt"))
    assert [theme.label for theme in crlf.themes] == ["First Part", "Second Part"]
    assert crlf.claims[1].quote == "The first part argues a point at some length."


def test_hostile_text_stays_data(tmp_path: Path) -> None:
    written = new(tmp_path, ODD_TEXTS["hostile"])
    text = written.read_text(encoding="utf-8")
    lines = text.split("\n")
    assert sum(line.startswith("# yaml-language-server:") for line in lines) == 1
    assert not any(char in text for char in "\x1b\u202e\u2028\x85")
    argument_map = argmap.load(written)
    assert argument_map.title.startswith('Title: with "quotes" \\ and # hash')
    # A sentence with control characters is not offered as a quote; line breaks are spaces.
    assert argument_map.claims[1].quote == (
        "A line break inside, a NEL too, and {braces} with [brackets] here."
    )
    assert "yaml-language-server: $schema=http://evil.example" in argument_map.themes[0].label


def test_no_title_line_takes_the_first_words(tmp_path: Path) -> None:
    argument_map = argmap.load(new(tmp_path, ODD_TEXTS["no-headings"]))
    assert argument_map.title == "This text has no title line at all, only one\u2026"
    assert argument_map.themes == []
    assert argument_map.claims[1].quote == (
        "This text has no title line at all, only one long paragraph of argument."
    )


def test_an_empty_text_gets_an_assumption_to_replace(tmp_path: Path) -> None:
    argument_map = argmap.load(new(tmp_path, "", name="notes.txt"))
    assert argument_map.title == "Untitled"
    assert str(argument_map.claims[1].role) == "assumption"


def test_never_overwrites_without_force_and_never_the_source(tmp_path: Path) -> None:
    source = tmp_path / "article.txt"
    source.write_bytes(ARTICLE.read_bytes())
    target = tmp_path / "map.yaml"
    target.write_text("mine\n", encoding="utf-8")
    result = runner.invoke(app, ["new", str(source), "-o", str(target)])
    assert result.exit_code == 2
    assert "already exists; give --force" in result.stderr
    assert target.read_text(encoding="utf-8") == "mine\n"
    result = runner.invoke(app, ["new", str(source), "-o", str(target), "--force"])
    assert result.exit_code == 0, result.stderr
    validate(target)
    for output in (source, tmp_path / "." / "article.txt"):
        result = runner.invoke(app, ["new", str(source), "-o", str(output), "--force"])
        assert result.exit_code == 2
        assert "refusing to overwrite the input file" in result.stderr
    assert source.read_bytes() == ARTICLE.read_bytes()
    same = tmp_path / "notes.yaml"
    same.write_text("A title\n", encoding="utf-8")
    result = runner.invoke(app, ["new", str(same), "--force"])  # default output: itself
    assert result.exit_code == 2
    assert same.read_text(encoding="utf-8") == "A title\n"


def test_default_output_stdout_and_errors(tmp_path: Path) -> None:
    source = tmp_path / "essay.txt"
    source.write_text(ODD_TEXTS["crlf"], encoding="utf-8")
    result = runner.invoke(app, ["new", str(source)])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "essay.yaml").exists()
    result = runner.invoke(app, ["new", str(source), "-o", "-"])
    assert result.exit_code == 0
    assert result.stdout.startswith("# yaml-language-server: $schema=")
    assert "argmap: 1\n" in result.stdout
    result = runner.invoke(app, ["new", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2
    assert "no such file" in result.stderr
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02")
    result = runner.invoke(app, ["new", str(tmp_path / "binary.txt")])
    assert result.exit_code == 2
    assert "binary" in result.stderr
    result = runner.invoke(app, ["new", str(source), "-o", str(tmp_path), "--force"])
    assert result.exit_code == 2
    assert "is a directory" in result.stderr
    result = runner.invoke(app, ["new", str(source), "-o", str(tmp_path / "no" / "m.yaml")])
    assert result.exit_code == 2
    assert not (tmp_path / "no").exists()
    result = runner.invoke(app, ["new", str(source), "-o", "x.yaml", "--schema", "a\nb"])
    assert result.exit_code == 2
    assert "without spaces" in result.stderr


def test_schema_option_names_a_shared_copy(tmp_path: Path) -> None:
    source = tmp_path / "essay.txt"
    source.write_text(ODD_TEXTS["crlf"], encoding="utf-8")
    url = "https://example.org/argmap.schema.json"
    result = runner.invoke(app, ["new", str(source), "--schema", url])
    assert result.exit_code == 0, result.stderr
    first = (tmp_path / "essay.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={url}"


def test_api_and_a_real_process(tmp_path: Path) -> None:
    source = tmp_path / "essay.txt"
    source.write_text(ODD_TEXTS["crlf"], encoding="utf-8")
    target, text = argmap.new_map(source, tmp_path / "api.yaml")
    assert target.read_text(encoding="utf-8") == text
    assert argmap.check(argmap.load(target)) == []
    with pytest.raises(argmap.ArgmapError, match="already exists"):
        argmap.new_map(source, target)
    done = subprocess.run(
        [sys.executable, "-m", "argmap", "new", str(source), "-o", str(tmp_path / "cli.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert (tmp_path / "cli.yaml").read_text(encoding="utf-8").split("\n", 1)[1] == (
        text.split("\n", 1)[1]
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(st.text(max_size=80), st.sampled_from(["", "# Heading", "Part One", "---"])),
        max_size=12,
    )
)
@example([":"] * 6)  # sentences without a word, which no quote may be
def test_any_text_gives_a_valid_starting_map(lines: list[str]) -> None:
    text = "\n".join(lines)
    written = argmap.scaffold(text, source_path="source.txt", schema="x.json")
    for variant in (written, uncommented(written)):
        argument_map = build_map(parse_text(variant))
        issues = [i for i in check_map(argument_map, source_text=text) if i.severity == "error"]
        if variant is written or argument_map.claims[1].quote:
            assert issues == [], [str(issue) for issue in issues]
