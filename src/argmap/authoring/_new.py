"""`argmap new`: a starting map for a source text, valid as it is written.

The map has the source block (its title from the text's first line), a theme for each
heading of the text, a main conclusion and one quoted reason to replace, and commented
examples of every element (each kind of claim, an inference with a scheme and roles,
objections and a reply) whose quotes are taken from the text, so that uncommenting them
keeps the map valid.

The title is the first line, unless it reads as prose (it ends in `.`, `:`, ...): then
the text's first words stand in. Headings are Markdown headings (`# ...`, or a line
underlined with `===` or `---`) when the text has any; otherwise one-line paragraphs of
at most 15 words that do not end a sentence (no final `.`, `!`, `?`, `:` ...) and are
followed by more text. Such a line right under the title, before any text, is its
subtitle or byline instead when it starts with "By" or holds a page title's separator
(`Headline - Site`, `Headline | Site`).
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from .._issues import UsageError
from .._write import OutputError, refuse_input, write_atomic
from ..checks._quotes import SourceText
from ..mapfile._read import read_source_text
from ..mapfile._schema import SCHEMA_FILE

_ATX = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_BULLET = re.compile(r"^\s*(?:[-*+\u2022\u2023\u25e6\u2043\u2219]|\d+[.)])\s+")
_SENTENCE_END = re.compile(r"[.!?:;,\u2026]['\"\u2019\u201d)\]]*$")
_SENTENCES = re.compile(r"(?<=[.!?\u2026]['\"\u2019\u201d)\]])\s+|(?<=[.!?\u2026])\s+")
_BYLINE = re.compile(r"^(?i:by|from)\s|\s[-\u2013\u2014|]\s")
"""A subtitle or byline: 'By ...', or a page title's ' - Site' (' | Site', ' \u2013 Site')."""
_MAX_HEADING_WORDS = 15
_QUOTE_WORDS = (6, 30)
"""A sentence quoted in the starting map: at least 6 words, cut after 30."""


@dataclass(frozen=True)
class Outline:
    """What a starting map takes from a source text."""

    title: str
    under_title: list[str] = field(default_factory=list)
    """One-line paragraphs under the title, before the text: a subtitle, a byline."""
    headings: list[str] = field(default_factory=list)
    sentences: list[tuple[str, int | None]] = field(default_factory=list)
    """Quotable sentences, each with the index of the heading it stands under."""
    titled: bool = True
    """Whether the first line is a title (else the text starts with a paragraph)."""


def outline(text: str) -> Outline:
    """The title, headings and sentences of a source text.

    >>> found = outline("A Title\\n\\nA short section\\n\\nIt says one thing at length here. "
    ...                 "And then another thing at length.\\n")
    >>> found.title, found.headings, found.sentences[1]
    ('A Title', ['A short section'], ('And then another thing at length.', 0))
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    markdown = any(_ATX.match(line) for line in lines) or _has_setext(lines)
    first = next((number for number, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return Outline(title="", titled=False)
    atx = _ATX.match(lines[first]) if markdown else None
    head = _one_line(atx[2] if atx else lines[first])
    titled = _title_like(head)
    body = lines[first + 1 :] if titled else lines[first:]
    if titled and body and markdown and _SETEXT.match(body[0]):
        body = body[1:]  # the title's own underline
    blocks = _markdown_blocks(body) if markdown else _plain_blocks(body)
    under = []
    while blocks and blocks[0][0] == "line":
        under.append(_one_line(blocks.pop(0)[1]))
    headings: list[str] = []
    sentences: list[tuple[str, int | None]] = []
    for kind, block in blocks:
        if kind == "heading":
            headings.append(_one_line(block))
        else:
            section = len(headings) - 1 if headings else None
            sentences += [(sentence, section) for sentence in _quotable(block)]
    return Outline(head if titled else _opening(head), under, headings, sentences, titled)


def _has_setext(lines: list[str]) -> bool:
    return any(
        _SETEXT.match(line) and lines[number - 1].strip() and not _BULLET.match(lines[number - 1])
        for number, line in enumerate(lines)
        if number > 0 and "=" in line
    )


def _markdown_blocks(lines: list[str]) -> list[tuple[str, str]]:
    """('heading', text) for each Markdown heading, ('text', paragraph) for the rest."""
    blocks: list[tuple[str, str]] = []
    paragraph: list[str] = []
    for number, line in enumerate(lines):
        atx = _ATX.match(line)
        underlined = number + 1 < len(lines) and _SETEXT.match(lines[number + 1])
        if (atx and atx[2].strip()) or (underlined and line.strip() and not paragraph):
            if paragraph:
                blocks.append(("text", " ".join(paragraph)))
                paragraph = []
            blocks.append(("heading", atx[2] if atx else line))
        elif _SETEXT.match(line) and number > 0 and blocks and blocks[-1][1] == lines[number - 1]:
            continue  # the underline of the heading just taken
        elif line.strip():
            paragraph.append(line.strip())
        elif paragraph:
            blocks.append(("text", " ".join(paragraph)))
            paragraph = []
    if paragraph:
        blocks.append(("text", " ".join(paragraph)))
    return blocks


def _plain_blocks(lines: list[str]) -> list[tuple[str, str]]:
    """Paragraphs (split at blank lines): ('heading', text) for a heading-like one-line
    paragraph with more text after it, ('line', text) for a subtitle or byline under the
    title (before any text), ('text', paragraph) for the rest."""
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            paragraphs[-1].append(line.strip())
        elif paragraphs[-1]:
            paragraphs.append([])
    paragraphs = [paragraph for paragraph in paragraphs if paragraph]
    blocks: list[tuple[str, str]] = []
    for number, paragraph in enumerate(paragraphs):
        text = " ".join(paragraph)
        last = number == len(paragraphs) - 1
        heading = len(paragraph) == 1 and _heading_like(text) and not last
        byline = heading and all(kind == "line" for kind, _ in blocks) and _BYLINE.search(text)
        blocks.append(("line" if byline else "heading" if heading else "text", text))
    return blocks


def _heading_like(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= _MAX_HEADING_WORDS
        and len(text) <= 120
        and any(char.isalpha() for char in text)
        and not _SENTENCE_END.search(text)
        and not _BULLET.match(text)
    )


def _title_like(text: str) -> bool:
    """A first line that is a title: not prose (which ends in '.', ':', ...), though a
    headline may ask ("Should We Fear the Militias?") or exclaim."""
    return (
        len(text.split()) <= 2 * _MAX_HEADING_WORDS
        and any(char.isalpha() for char in text)
        and not re.search(r"[.:;,]['\"\u2019\u201d)\]]*$", text)
        and not _BULLET.match(text)
    )


def _one_line(text: str, limit: int = 150) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "\u2026"


def _opening(text: str) -> str:
    """A title for a text that has none: its first words."""
    words = text.split()
    return " ".join(words[:10]) + ("\u2026" if len(words) > 10 else "")


def _quotable(paragraph: str) -> list[str]:
    """The paragraph's sentences of enough words, each cut to at most 30 words."""
    found = []
    for sentence in _SENTENCES.split(paragraph):
        words = _BULLET.sub("", sentence).split()
        if len(words) >= _QUOTE_WORDS[0] and all(word.isprintable() for word in words):
            found.append(" ".join(words[: _QUOTE_WORDS[1]]))
    return found


_STOPWORDS = frozenset(
    "a an and the of in on for to with by from at as it its this that their how why what is "
    "are".split()
)


def theme_ids(headings: list[str]) -> list[str]:
    """A short, unique, readable id for each heading.

    >>> theme_ids(["The Threat: Rise of Militias", "Wrapping Up", "1918", "\u03a9\u03bc\u03b1"])
    ['threat-rise-militias', 'wrapping-up', 'part-1918', 'theme-4']
    """
    ids: list[str] = []
    for number, heading in enumerate(headings, start=1):
        ascii_text = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode()
        words = [w for w in re.findall(r"[a-z0-9]+", ascii_text.lower()) if w not in _STOPWORDS]
        slug = "-".join(words[:3])[:40].strip("-") or f"theme-{number}"
        if not slug[0].isalpha():
            slug = f"part-{slug}"
        unique, count = slug, 1
        while unique in ids:
            count += 1
            unique = f"{slug}-{count}"
        ids.append(unique)
    return ids


def yaml_text(value: str) -> str:
    r"""A text as a double-quoted YAML scalar on one line: only printable characters stand
    as they are; line breaks and everything else are escapes.

    >>> print(yaml_text('Iraq: "the" threat\u2028\x1b'))
    "Iraq: \"the\" threat\u2028\x1b"
    """
    out = []
    for char in value:
        if char in '"\\':
            out.append("\\" + char)
        elif char.isprintable():
            out.append(char)
        else:
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000
                       else f"\\U{code:08x}")  # fmt: skip
    return '"' + "".join(out) + '"'


def _id(value: str) -> str:
    """An id as YAML: plain, unless YAML would read it as something else ('null', 'no')."""
    return value if isinstance(yaml.safe_load(value), str) else yaml_text(value)


def _comment(value: str) -> str:
    """Text for a YAML comment: nothing that could end the line (or the comment) early."""
    return "".join(char if char.isprintable() else "?" for char in value)


def scaffold(text: str, *, source_path: str, schema: str, name: str = "the source") -> str:
    """The starting map for a source text, as YAML: valid as it stands.

    `source_path` is the text's path relative to the map, `schema` the location of the
    JSON Schema for the editor line, `name` what the header calls the source.

    >>> import argmap
    >>> text = open("maps/iraq-militias-article.txt", encoding="utf-8").read()
    >>> starting = scaffold(text, source_path="maps/iraq-militias-article.txt", schema="x.json")
    >>> argmap.check(argmap.loads(starting))
    []
    """
    found = outline(text)
    source = SourceText.of(text)
    quotes = [  # a quote needs a word (the checker's rule): a line of ':' is none
        (s, section) for s, section in found.sentences if re.search(r"\w", s) and source.find(s)
    ]
    ids = theme_ids(found.headings)
    title = found.title or "Untitled"
    lines = [
        f"# yaml-language-server: $schema={schema}",
        f"# A starting map for {_comment(name)}, written by `argmap new`; it validates as it "
        "stands.",
        "# Replace each TODO with the argument's own claims, and uncomment (remove the '# '",
        "# before each line) the examples you need. `argmap schemes` lists the schemes;",
        "# the README describes every field, and an editor that reads the schema above",
        "# completes and checks them as you type.",
        "argmap: 1",
        f"title: {yaml_text(title)}",
        "source:",
        f"  title: {yaml_text(title)}",
        f"  path: {yaml_text(source_path)}",
        '  # author: "Who wrote it"',
        '  # publisher: "Where it was published"',
        "  # date: 2024-03-15               # or 2024-03, or 2024",
        '  # url: "https://example.org/the-article"',
    ]
    if not found.titled:
        lines.append("  # The text has no title line: its first words stand in for one.")
    lines += [f"  # Under the title: {_comment(line)}" for line in found.under_title]
    if ids:
        lines.append("themes:                      # from the text's headings; a claim names "
                     "its part with `theme:`")  # fmt: skip
        for theme_id, heading in zip(ids, found.headings, strict=True):
            lines += [f"  - id: {_id(theme_id)}", f"    label: {yaml_text(heading)}"]
    lines += ["", *_claims(quotes, ids), "", *_inferences(), "", *_objections()]
    return "\n".join(lines) + "\n"


def _claims(quotes: list[tuple[str, int | None]], ids: list[str]) -> list[str]:
    """The main conclusion and one reason (live), then an example of each kind of claim."""

    # The live reason quotes the first sentence; the examples the first of each section
    # under a heading (so that they show themes), then the others, then the first again.
    pool = quotes[1:] or quotes
    openers = {section: quote for quote, section in reversed(pool)}
    order = [(quote, section) for section, quote in sorted(openers.items(), key=_section_order)]
    order += [item for item in pool if item not in order]
    chosen = quotes[:1] + order

    def quote(number: int) -> tuple[str, str | None]:
        if not chosen:
            return yaml_text("paste the passage here, verbatim"), None
        sentence, section = chosen[min(number, len(chosen) - 1)]
        return yaml_text(sentence), ids[section] if section is not None else None

    def themed(number: int, indent: str) -> list[str]:
        text, theme = quote(number)
        return [f"{indent}quote: {text}"] + ([f"{indent}theme: {_id(theme)}"] if theme else [])

    first = (
        ["    role: premise", *themed(0, "    ")]
        if quotes
        else ["    role: assumption           # the text has no sentence to quote"]
    )
    # The examples quote the next sentences of the text, preferring those under a heading.
    return [
        "claims:",
        "  - id: C",
        '    text: "TODO: the main conclusion, in your own words."',
        "    role: conclusion",
        "    unstated: true             # if the text states it, give its quote instead",
        "  - id: P1",
        '    text: "TODO: a reason the text gives for it, in your own words."',
        *first,
        "  # Examples of each kind of claim:",
        "  # - id: P2                   # a premise the author states, with its grounding",
        '  #   text: "TODO: what the author states, in your words."',
        "  #   role: premise",
        *themed(1, "  #   "),
        "  #   basis: statistic         # assertion, statistic, expert-opinion, "
        "unnamed-source, example, common-belief, definition, prediction, value-judgement",
        "  # - id: A1                   # an assumption: a premise the step needs, never stated",
        '  #   text: "TODO: the general rule the step relies on."',
        "  #   role: assumption",
        "  # - id: M1                   # an unstated step: a conclusion the text skips",
        '  #   text: "TODO: what follows from P2 and A1, in your words."',
        "  #   role: intermediate",
        "  #   unstated: true",
        "  # - id: R1                   # a reported voice: someone else's claim, as the "
        "author reports it",
        '  #   text: "TODO: what the critics say."',
        "  #   role: premise",
        "  #   voice: \"critics\"         # whose claim it is; a voice makes it 'holder: reported'",
        *themed(2, "  #   "),
        "  # - id: P3                   # the author's answer to the critics",
        '  #   text: "TODO: what the author answers."',
        "  #   role: premise",
        *themed(3, "  #   "),
        "  # - id: X1                   # your own point as a critical reader: no quote",
        '  #   text: "TODO: why the step from P2 and A1 may not hold."',
        "  #   role: premise",
        "  #   holder: analyst",
    ]


def _section_order(item: tuple[int | None, str]) -> float:
    """Sections by their heading, the text before the first heading last."""
    return float("inf") if item[0] is None else item[0]


def _inferences() -> list[str]:
    return [
        "inferences:",
        "  - id: I1",
        "    from: [P1]                 # several ids here: linked premises, which work together",
        "    to: C",
        "  # - id: I2                   # a linked step, with its scheme and the premises' roles",
        "  #   from: [P2, A1]",
        "  #   to: M1",
        "  #   scheme: cause-to-effect  # `argmap schemes` lists the schemes and their roles",
        "  #   roles: {cause: P2, generalization: A1}",
        '  #   warrant: "TODO: the general rule that licenses the step."',
        "  #   questions:               # its critical questions, answered or open",
        "  #     interference: {status: open, by: X1}",
        "  # - id: I3                   # another inference into C: a convergent reason",
        "  #   from: [M1]",
        "  #   to: C",
    ]


def _objections() -> list[str]:
    return [
        "# objections:                 # the kind of an objection follows from its target",
        "#   - id: O1                   # against a premise: it undermines",
        "#     from: [R1]",
        "#     to: P2",
        "#   - id: O2                   # against an objection: it replies",
        "#     from: [P3]",
        "#     to: O1",
        "#   - id: O3                   # against an inference: it undercuts",
        "#     from: [X1]",
        "#     to: I2",
    ]


def new_map(
    source: str | os.PathLike[str],
    output: str | os.PathLike[str] | None = None,
    *,
    force: bool = False,
    schema: str | None = None,
) -> tuple[Path, str]:
    """Write the starting map for a source text; returns where, and the map's text.

    `output` defaults to the source's name with `.yaml`, and '-' writes nothing (the
    caller prints the text). An existing file is replaced only with `force`, and the
    source never. `schema` is the JSON Schema's location for the editor line (default:
    the copy installed with argmap, as a path relative to the map).

    Raises:
        InputError: the source text cannot be read.
        OutputError: the output exists (without `force`), is the source, or cannot be written.
        UsageError: `schema` holds spaces or control characters.
    """
    source, target = Path(source), Path(output) if output is not None else None
    target = target or source.with_suffix(".yaml")
    to_stdout = str(target) == "-"
    if not to_stdout:
        _refuse(target, source, force=force)
    text = read_source_text(source)
    folder = Path.cwd() if to_stdout else target.parent
    location = schema if schema is not None else _schema_location(folder)
    if not location or not location.isprintable() or any(c.isspace() for c in location):
        raise UsageError(
            f"--schema {location!r}: the schema's location goes on a comment line; give a "
            "URL or path without spaces"
        )
    written = scaffold(
        text, source_path=_relative(source, folder), schema=location, name=source.name
    )
    if not to_stdout:
        write_atomic(target, written.encode("utf-8"), inputs=[source])
    return target, written


def _refuse(target: Path, source: Path, *, force: bool) -> None:
    """Refuse, before any work, an output that is the source or (without `force`) exists."""
    refuse_input(target, [source])
    if target.is_dir():
        raise OutputError(f"{target}: is a directory; give the map's file name")
    if target.exists() and not force:
        raise OutputError(
            f"{target}: already exists; give --force to replace it, or another --output"
        )


def _relative(path: Path, folder: Path) -> str:
    """`path` relative to `folder`, with forward slashes (absolute across drives)."""
    try:
        return Path(os.path.relpath(os.path.realpath(path), os.path.realpath(folder))).as_posix()
    except ValueError:
        return Path(os.path.realpath(path)).as_posix()


def _schema_location(folder: Path) -> str:
    """The installed schema: relative to the map's folder when they share a folder below
    the root (a project and its virtual environment), else absolute; a file URI if the
    path holds a space, which would end the editor's line."""
    installed = Path(str(resources.files("argmap").joinpath(SCHEMA_FILE))).resolve()
    shared = Path(os.path.commonpath([installed, folder.resolve()]))
    location = _relative(installed, folder) if shared != Path(shared.anchor) else str(installed)
    return installed.as_uri() if any(char.isspace() for char in location) else location
