"""Printable sheets (worksheets, answer keys, grade reports) and their three outputs.

A sheet is a plain list of blocks. Exercises and grading say *what* a sheet holds; this
module alone decides how it looks in Markdown, self-contained HTML and PDF (A4 or
Letter), and it escapes every piece of map text for the output it goes into.
"""

from __future__ import annotations

import functools
import html
import io
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from .._issues import defused
from .._write import OutputError, format_of, write_all
from ..checks._rules import web_address
from ..draw._dot import DiagramOptions
from ..model import ArgumentMap
from ..vocabulary import Paper

SheetFormat = Literal["md", "html", "pdf"]
SUFFIXES: dict[str, SheetFormat] = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Text:
    text: str
    quiet: bool = False
    """Small print: notes, reasoning, source passages."""
    url: str | None = None
    """A web address linked after the text; only one `web_address` accepts is linked."""


@dataclass(frozen=True)
class Entry:
    """One numbered item: a bold label, its text, and optional small print under it."""

    label: str
    text: str
    detail: str | None = None
    indent: int = 0
    """Nesting level, for a chain of reasons."""


@dataclass(frozen=True)
class Entries:
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    """Relative column widths (for PDF); blank cells are room to write."""


@dataclass(frozen=True)
class Figure:
    """A diagram of the sheet's map, drawn when the sheet is written."""

    caption: str
    options: DiagramOptions


@dataclass(frozen=True)
class Lines:
    """Ruled lines to write an answer on."""

    count: int = 3


Block = Heading | Text | Entries | Table | Figure | Lines


@dataclass(frozen=True)
class Sheet:
    """A document to print or publish: a title, blocks, and the map its figures draw."""

    title: str
    blocks: tuple[Block, ...] = field(repr=False)
    argument_map: ArgumentMap | None = field(default=None, repr=False)
    footer: str = ""

    def markdown(self, figure_names: list[str] | None = None) -> str:
        """The sheet as Markdown; figures are linked as `figure_names` (SVG files beside it)."""
        return _markdown(self, figure_names or [])

    def html(self, *, engine: str = "embedded", timeout: float | None = None) -> str:
        """The sheet as one self-contained HTML page (figures inline, no network);
        `timeout` bounds each figure's layout, in seconds (None: no limit)."""
        return _html(self, _Drawer(engine, timeout))

    def pdf(
        self, paper: Paper = "a4", *, engine: str = "embedded", timeout: float | None = None
    ) -> bytes:
        """The sheet as a PDF for printing on A4 or Letter (`timeout` as for `html`)."""
        return _pdf(self, paper, _Drawer(engine, timeout))

    def figures(self) -> list[Figure]:
        return [block for block in self.blocks if isinstance(block, Figure)]


def sheet_format(path: Path, also: str = "") -> SheetFormat:
    """Markdown, HTML or PDF, from a file name's extension.

    Raises:
        OutputError: the extension is none of them (`also` names other accepted ones).
    """
    if str(path) == "-":
        raise OutputError("-: a worksheet or key is a file (PDF, HTML or Markdown); give its name")
    choices = f".md, .html, .pdf or {also}" if also else ".md, .html or .pdf"
    return format_of(path, SUFFIXES, f"end the name with {choices}", example="sheet.pdf")


def save(
    sheet: Sheet,
    path: Path,
    *,
    paper: Paper = "a4",
    engine: str = "embedded",
    inputs: tuple[Path, ...] = (),
) -> list[Path]:
    """Write a sheet in the format its extension names; return every file written.

    Markdown links its diagrams as SVG files beside it (`NAME-1.svg`, ...); HTML and PDF
    are single files. All are written or none.
    """
    files = outputs(sheet, path, paper=paper, engine=engine)
    write_all(files, inputs=inputs)
    return list(files)


def outputs(
    sheet: Sheet,
    path: Path,
    *,
    paper: Paper = "a4",
    engine: str = "embedded",
    timeout: float | None = None,
) -> dict[Path, bytes]:
    """The files a sheet makes at `path`, made in memory (nothing is written yet);
    `timeout` bounds each figure's layout, in seconds (None: no limit)."""
    kind = sheet_format(path)
    drawer = _Drawer(engine, timeout)
    files: dict[Path, bytes] = {}
    if kind == "md":
        names = [f"{path.stem}-{n}.svg" for n in range(1, len(sheet.figures()) + 1)]
        for name, figure in zip(names, sheet.figures(), strict=True):
            files[path.with_name(name)] = drawer.draw(sheet, figure, "svg")
        files[path] = sheet.markdown(names).encode("utf-8")
    elif kind == "html":
        files[path] = _html(sheet, drawer).encode("utf-8")
    else:
        files[path] = _pdf(sheet, paper, drawer)
    return files


@dataclass(frozen=True)
class _Drawer:
    """How a sheet's figures are drawn: the engine, and how long a layout may take."""

    engine: str = "embedded"
    timeout: float | None = None

    def draw(self, sheet: Sheet, figure: Figure, output_format: str) -> bytes:
        from ..paging._files import render  # noqa: PLC0415  (Graphviz only when a figure is drawn)

        assert sheet.argument_map is not None, "a sheet with figures carries its map"
        return render(
            sheet.argument_map,
            output_format,  # type: ignore[arg-type]
            engine=self.engine,  # type: ignore[arg-type]
            options=figure.options,
            timeout=self.timeout,
        )


# Markdown ------------------------------------------------------------------------------

_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
_MD_LIST = re.compile(r"^(\d+)([.)])")


def md_literal(text: str) -> str:
    """Map text made literal in Markdown: no emphasis, links, HTML, entities or table
    breaks, and no list or heading when it starts a line.

    >>> print(md_literal("1. <b>*Not*</b> a [link](javascript:x) | & so on"))
    1\\. \\<b\\>\\*Not\\*\\</b\\> a \\[link\\](javascript:x) \\| \\& so on
    """
    text = _MD_INLINE.sub(r"\\\1", " ".join(defused(text).split()))
    if _MD_LIST.match(text):
        return _MD_LIST.sub(r"\1\\\2", text, count=1)
    return "\\" + text if text[:1] in {"#", "+", "-", "=", ">"} else text


def _markdown(sheet: Sheet, figure_names: list[str]) -> str:
    out = [f"# {md_literal(sheet.title)}", ""]
    names = iter(figure_names)
    for block in sheet.blocks:
        match block:
            case Heading(text):
                out += [f"## {md_literal(text)}", ""]
            case Text(text, quiet, url):
                link = f" <{url}>" if url and web_address(url) else ""
                out += [(f"*{md_literal(text)}*" if quiet else md_literal(text)) + link, ""]
            case Entries(entries):
                for entry in entries:
                    label = f"**{md_literal(entry.label)}** " if entry.label else ""
                    out.append(f"{'  ' * entry.indent}- {label}{md_literal(entry.text)}")
                    if entry.detail:
                        out.append(f"{'  ' * entry.indent}  <br>*{md_literal(entry.detail)}*")
                out.append("")
            case Table(header, rows):
                out.append("| " + " | ".join(md_literal(h) for h in header) + " |")
                out.append("|" + "---|" * len(header))
                out += ["| " + " | ".join(md_literal(c) or " " for c in row) + " |" for row in rows]
                out.append("")
            case Figure(caption):
                name = next(names, "")
                out += [f"![{md_literal(caption)}]({name})", "", f"*{md_literal(caption)}*", ""]
            case Lines(count):
                out += ["> " + "_" * 60 + "  " for _ in range(count)] + [""]
    if sheet.footer:
        out += ["---", "", f"*{md_literal(sheet.footer)}*", ""]
    return "\n".join(out)


# HTML ----------------------------------------------------------------------------------

_CSS = """
body { font: 11pt/1.45 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #1f2328;
       max-width: 52em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.5em; margin-bottom: .2em; } h2 { font-size: 1.15em; margin-top: 1.6em;
       border-bottom: 1px solid #d0d7de; padding-bottom: .2em; }
.quiet { color: #57606a; font-size: .9em; }
ul.entries { list-style: none; padding: 0; } ul.entries li { margin: .35em 0; }
ul.entries .detail { display: block; color: #57606a; font-size: .9em; font-style: italic; }
table { border-collapse: collapse; width: 100%; margin: .5em 0; }
th, td { border: 1px solid #8c959f; padding: .3em .5em; text-align: left;
         vertical-align: top; } td:empty::after { content: "\\00a0"; } td { height: 1.6em; }
th { background: #f0f2f4; }
figure { margin: 1em 0; } figure svg { max-width: 100%; height: auto; }
figcaption { color: #57606a; font-size: .9em; }
.lines div { border-bottom: 1px solid #8c959f; height: 2em; }
footer { margin-top: 2em; color: #57606a; font-size: .85em; }
@media print { body { margin: 0; max-width: none; } figure, table, li { break-inside: avoid; }
               h2 { break-after: avoid; } }
"""


def _html(sheet: Sheet, drawer: _Drawer) -> str:
    def e(text: str) -> str:
        return html.escape(defused(text))

    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(sheet.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(sheet.title)}</h1>",
    ]
    for block in sheet.blocks:
        match block:
            case Heading(text):
                out.append(f"<h2>{e(text)}</h2>")
            case Text(text, quiet, url):
                link = (
                    f' <a href="{e(url)}" rel="noopener noreferrer nofollow">{e(url)}</a>'
                    if url and web_address(url)
                    else ""
                )
                out.append(f'<p class="{"quiet" if quiet else "body"}">{e(text)}{link}</p>')
            case Entries(entries):
                out.append('<ul class="entries">')
                for entry in entries:
                    detail = (
                        f'<span class="detail">{e(entry.detail)}</span>' if entry.detail else ""
                    )
                    style = f' style="margin-left: {1.5 * entry.indent}em"' if entry.indent else ""
                    out.append(f"<li{style}><b>{e(entry.label)}</b> {e(entry.text)}{detail}</li>")
                out.append("</ul>")
            case Table(header, rows, widths):
                total = sum(widths)
                out.append("<table><colgroup>")
                out += [f'<col style="width: {100 * w / total:.1f}%">' for w in widths]
                out.append("</colgroup><thead><tr>")
                out += [f"<th>{e(h)}</th>" for h in header]
                out.append("</tr></thead><tbody>")
                out += ["<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows]
                out.append("</tbody></table>")
            case Figure(caption):
                svg = drawer.draw(sheet, block, "svg").decode("utf-8")
                svg = svg[svg.index("<svg") :]  # drop the XML prolog and DOCTYPE
                out.append(f"<figure>{svg}<figcaption>{e(caption)}</figcaption></figure>")
            case Lines(count):
                out.append('<div class="lines">' + "<div></div>" * count + "</div>")
    if sheet.footer:
        out.append(f"<footer>{e(sheet.footer)}</footer>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


# PDF -----------------------------------------------------------------------------------

_FIGURE_DPI = 200
_GREY = "#57606a"
_RULE = "#8c959f"


def _pdf(sheet: Sheet, paper: Paper, drawer: _Drawer) -> bytes:
    from reportlab.lib.pagesizes import A4, LETTER  # noqa: PLC0415  (only when a PDF is made)
    from reportlab.platypus import SimpleDocTemplate  # noqa: PLC0415

    page = A4 if paper == "a4" else LETTER
    writer = _PdfWriter(sheet, page, drawer)
    buffer = io.BytesIO()
    margin = writer.margin
    document = SimpleDocTemplate(
        buffer,
        pagesize=page,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=defused(sheet.title),
        author="argmap",
        invariant=True,
    )
    document.build(writer.story(), onFirstPage=writer.footer, onLaterPages=writer.footer)
    return buffer.getvalue()


class _PdfWriter:
    """Blocks as reportlab flowables: Bitstream Vera text, ruled tables, scaled figures."""

    def __init__(self, sheet: Sheet, page: tuple[float, float], drawer: _Drawer) -> None:
        from reportlab.lib.styles import ParagraphStyle  # noqa: PLC0415
        from reportlab.lib.units import mm  # noqa: PLC0415

        self.sheet, self.page, self.drawer = sheet, page, drawer
        self.margin = 18 * mm
        self.width = page[0] - 2 * self.margin
        self.height = page[1] - 2 * self.margin
        self.font = _pdf_fonts()
        self.body = ParagraphStyle(
            "body", fontName=self.font, fontSize=10, leading=13.5, spaceAfter=5
        )
        self.quiet = ParagraphStyle("quiet", self.body, fontSize=8.5, leading=11, textColor=_GREY)
        self.heading = ParagraphStyle(
            "heading",
            self.body,
            fontName=f"{self.font}-Bold",
            fontSize=12.5,
            leading=16,
            spaceBefore=10,
            spaceAfter=6,
        )
        self.title = ParagraphStyle("title", self.heading, fontSize=16, leading=20, spaceBefore=0)
        self.cell = ParagraphStyle(
            "cell", self.body, fontSize=_CELL_POINTS, leading=11.5, spaceAfter=0
        )

    def story(self) -> list[object]:
        story: list[object] = [self.paragraph(self.sheet.title, self.title)]
        self.drawings = self.figures()
        draw = {
            Heading: self.heading_block,
            Text: self.text_block,
            Entries: self.entries_block,
            Table: self.table_block,
            Figure: self.figure_block,
            Lines: self.lines_block,
        }
        blocks = self.sheet.blocks
        for number, block in enumerate(blocks):
            if isinstance(block, Heading) and isinstance(_at(blocks, number + 1), Figure):
                continue  # drawn with its figure, so that it never ends a page alone
            flowables = draw[type(block)](block)  # type: ignore[operator]
            if isinstance(block, Figure) and isinstance(
                heading := _at(blocks, number - 1), Heading
            ):
                flowables = self.figure_block(block, heading)
            if isinstance(block, Lines) and story:  # a question stays with its answer lines
                from reportlab.platypus import KeepTogether  # noqa: PLC0415

                flowables = [KeepTogether([story.pop(), *flowables])]
            story += flowables
        return story

    def paragraph(self, text: str, style: object, markup: str | None = None) -> object:
        """One paragraph (of short text: a title, a heading, a caption)."""
        from reportlab.platypus import Paragraph  # noqa: PLC0415

        return Paragraph(markup if markup is not None else _xml(text), style)

    def paragraphs(
        self, text: str, style: object, before: str = "", after: str = ""
    ) -> list[object]:
        """Map text as paragraphs of at most `_PIECE` characters, `before` and `after`
        (markup) at its ends: reportlab lays a paragraph out in time that grows with the
        square of its length, so a long text is set as several."""
        pieces = _xml_pieces(text, _PARAGRAPH) or [""]
        pieces[0] = before + pieces[0]
        pieces[-1] += after
        return [self.paragraph("", style, piece) for piece in pieces]

    def figures(self) -> dict[int, tuple[bytes, float, float]]:
        """Each figure as PNG with its size in points: drawn so that the text in its boxes
        is `_TEXT` points, smaller when the page is too narrow or too short for that."""
        drawings = {}
        for figure in self.sheet.figures():
            sharp = replace(figure, options=replace(figure.options, dpi=_FIGURE_DPI))
            png = self.drawer.draw(self.sheet, sharp, "png")
            width, height = _png_size(png)
            w, h = 72 * width / _FIGURE_DPI, 72 * height / _FIGURE_DPI
            text = _TEXT / figure.options.box_text_points
            scale = min(1.0, text, self.width / w, self.height * 0.8 / h)
            drawings[id(figure)] = (png, w * scale, h * scale)
        return drawings

    def heading_block(self, block: Heading) -> list[object]:
        """A heading starts a new page when what follows it would not begin under it.

        Not with reportlab's keep-with-next, which keeps a heading with the whole of
        what follows: a long table, pushed to the next page, left most of this one
        empty, and a heading followed by a KeepTogether could still end a page alone.
        """
        from reportlab.platypus import CondPageBreak  # noqa: PLC0415

        return [CondPageBreak(_BELOW_HEADING), self.paragraph(block.text, self.heading)]

    def text_block(self, block: Text) -> list[object]:
        link = ""
        if block.url and web_address(block.url):
            link = f' <link href="{html.escape(block.url)}">{_xml(block.url)}</link>'
        return self.paragraphs(block.text, self.quiet if block.quiet else self.body, after=link)

    def entries_block(self, block: Entries) -> list[object]:
        from reportlab.lib.styles import ParagraphStyle  # noqa: PLC0415
        from reportlab.platypus import KeepTogether  # noqa: PLC0415

        flowables: list[object] = []
        for entry in block.entries:
            indent = {"leftIndent": 14 * entry.indent}
            style = ParagraphStyle("entry", self.body, **indent)
            parts = self.paragraphs(entry.text, style, before=f"<b>{_xml(entry.label)}</b> ")
            if entry.detail:
                parts += self.paragraphs(
                    entry.detail, ParagraphStyle("detail", self.quiet, **indent)
                )
            flowables.append(KeepTogether(parts))
        return flowables

    def table_block(self, block: Table) -> list[object]:
        from reportlab.platypus import Spacer  # noqa: PLC0415
        from reportlab.platypus import Table as PdfTable  # noqa: PLC0415

        total = sum(block.widths)
        widths = [self.width * w / total for w in block.widths]
        # A cell longer than some 20 lines goes on in rows of its own below, with no rule
        # or space between them, so that a page breaks between rows, never inside one:
        # reportlab splits a row in time that grows with the square of its length.
        sizes = [max(60, int(_CELL_LINES * width / (0.55 * _CELL_POINTS))) for width in widths]
        data: list[list[object]] = []
        starts: list[int] = []  # the rows that start a row of the block's
        for row in (block.header, *block.rows):
            pieces = [
                _xml_pieces(cell, size) or [""] for cell, size in zip(row, sizes, strict=True)
            ]
            starts.append(len(data))
            for line in range(max(map(len, pieces))):
                cells = [cell[line] if line < len(cell) else "" for cell in pieces]
                data.append([self.paragraph("", self.cell, markup) for markup in cells])
        table = PdfTable(data, colWidths=widths, repeatRows=1)
        continued = sorted(set(range(len(data))) - set(starts))
        table.setStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.5, _RULE),
                ("LINEBEFORE", (1, 0), (-1, -1), 0.5, _RULE),
                *(("LINEABOVE", (0, start), (-1, start), 0.5, _RULE) for start in starts[1:]),
                ("BACKGROUND", (0, 0), (-1, 0), "#f0f2f4"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOTTOMPADDING", (0, 1), (-1, -1), 7),
                ("TOPPADDING", (0, 1), (-1, -1), 5),
                *(("TOPPADDING", (0, row), (-1, row), 0) for row in continued),
                *(("BOTTOMPADDING", (0, row - 1), (-1, row - 1), 0) for row in continued),
            ]
        )
        return [table, Spacer(1, 6)]

    def figure_block(self, block: Figure, heading: Heading | None = None) -> list[object]:
        png, width, height = self.drawings[id(block)]
        # It may shrink to end a page rather than leave most of it empty, as long as the
        # text in its boxes stays at 9 pt or more (and by a quarter at most).
        natural = 72 * _png_size(png)[0] / _FIGURE_DPI
        legible = _LEGIBLE / (block.options.box_text_points * width / natural)
        above = self.paragraph(heading.text, self.heading) if heading else None
        picture = _picture()(
            png, width, height, self.paragraph(block.caption, self.quiet), above,
            smallest=min(1.0, max(_SMALLEST, legible)),
        )  # fmt: skip
        return [picture]

    def lines_block(self, block: Lines) -> list[object]:
        from reportlab.platypus import HRFlowable, Spacer  # noqa: PLC0415

        flowables: list[object] = []
        for _ in range(block.count):
            flowables += [Spacer(1, 16), HRFlowable(width="100%", thickness=0.5, color=_RULE)]
        return [*flowables, Spacer(1, 6)]

    def footer(self, canvas: object, _document: object) -> None:
        """Each page's footer: how the sheet was made, and the page number."""
        number = canvas.getPageNumber()  # type: ignore[attr-defined]
        footer = (
            f"{self.sheet.footer}  \u00b7  page {number}" if self.sheet.footer else f"page {number}"
        )
        canvas.saveState()  # type: ignore[attr-defined]
        canvas.setFont(self.font, 8)  # type: ignore[attr-defined]
        canvas.setFillColor(_GREY)  # type: ignore[attr-defined]
        canvas.drawRightString(self.page[0] - self.margin, self.margin / 2, footer)  # type: ignore[attr-defined]
        canvas.restoreState()  # type: ignore[attr-defined]


_LONG_WORD = re.compile(r"\S{30}(?=\S)")
_PARAGRAPH = 3000
"""Characters of text reportlab is given in one paragraph at most (see `_xml_pieces`)."""
_CELL_LINES = 20
_CELL_POINTS = 9.0
_BELOW_HEADING = 110.0
"""Points a heading needs, with itself, to stay on a page: room for a few lines of what
follows it."""
_TEXT = 10.0
"""Points of the text in a figure's boxes, at most, on paper."""


def _xml_pieces(text: str, size: int = _PARAGRAPH) -> list[str]:
    """Text made literal in reportlab's paragraph markup, in pieces of at most `size`
    characters, each word longer than a line cut first. Reportlab would cut a long word
    itself, and lay out any length, but in time that grows with the square of the
    length: minutes for a word of a few hundred thousand characters.

    >>> _xml_pieces("a <b> " + "x" * 35)
    ['a &lt;b&gt; xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxx']
    >>> _xml_pieces("one two three", 8)
    ['one two', 'three']
    """
    words = _LONG_WORD.sub(r"\g<0> ", " ".join(defused(text).split()))
    return [html.escape(piece, quote=False) for piece in _pieces(size).findall(words)]


@functools.cache
def _pieces(size: int) -> re.Pattern[str]:
    return re.compile(rf"\S.{{0,{size - 1}}}(?= |$)")


_LEGIBLE = 9.0
"""Points the text in a figure's boxes keeps when a figure shrinks to end a page."""
_SMALLEST = 0.75


def _at(blocks: tuple[Block, ...], index: int) -> Block | None:
    return blocks[index] if 0 <= index < len(blocks) else None


@functools.cache
def _picture() -> type:
    """The PDF flowable of a figure (a class made on first use: reportlab is imported
    only when a PDF is made): its heading, the diagram and its caption, kept together,
    the diagram shrunk (down to `smallest` of its size) when that lets it end a page."""
    from reportlab.platypus import Flowable  # noqa: PLC0415
    from reportlab.platypus.flowables import Image  # noqa: PLC0415

    class Picture(Flowable):  # type: ignore[misc]
        def __init__(  # noqa: PLR0917
            self, png: bytes, width: float, height: float, caption: object,
            heading: object | None, smallest: float,
        ) -> None:  # fmt: skip
            super().__init__()
            self.png, self.natural = png, (width, height)
            self.caption, self.heading, self.smallest = caption, heading, smallest
            self.scale = 1.0

        def texts(self, width: float) -> tuple[float, float]:
            """Heights of the heading (with its space) and of the caption."""
            top = 0.0
            if self.heading is not None:
                top = self.heading.wrap(width, 1e9)[1] + self.heading.getSpaceAfter()  # type: ignore[attr-defined]
            return top, self.caption.wrap(width, 1e9)[1]  # type: ignore[attr-defined]

        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            top, bottom = self.texts(available_width)
            height = self.natural[1]
            room = available_height - top - bottom - 4
            self.scale = 1.0 if room >= height else max(room / height, self.smallest)
            self.width, self.height = available_width, top + height * self.scale + 4 + bottom
            return self.width, self.height

        def getSpaceBefore(self) -> float:  # noqa: N802  (reportlab's name)
            return self.heading.getSpaceBefore() if self.heading is not None else 0.0  # type: ignore[attr-defined]

        def draw(self) -> None:
            top, bottom = self.texts(self.width)
            width, height = self.natural[0] * self.scale, self.natural[1] * self.scale
            y = top + height + 4 + bottom
            if self.heading is not None:
                heading_height = self.heading.wrap(self.width, 1e9)[1]  # type: ignore[attr-defined]
                self.heading.drawOn(self.canv, 0, y - heading_height)  # type: ignore[attr-defined]
            image = Image(io.BytesIO(self.png), width=width, height=height)
            image.wrap(width, height)
            image.drawOn(self.canv, (self.width - width) / 2, bottom + 4)
            self.caption.drawOn(self.canv, 0, 0)  # type: ignore[attr-defined]

    return Picture


def _xml(text: str) -> str:
    """Short text made literal in reportlab's paragraph markup (see `_xml_pieces`)."""
    return " ".join(_xml_pieces(text))


def _png_size(png: bytes) -> tuple[int, int]:
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


_FONTS: list[str] = []


def _pdf_fonts() -> str:
    """Bitstream Vera, which reportlab ships: typographic quotes and dashes print right."""
    if not _FONTS:
        from reportlab.lib.fonts import addMapping  # noqa: PLC0415
        from reportlab.pdfbase import pdfmetrics  # noqa: PLC0415
        from reportlab.pdfbase.ttfonts import TTFont  # noqa: PLC0415

        faces = {
            "Vera": "Vera.ttf",
            "Vera-Bold": "VeraBd.ttf",
            "Vera-Italic": "VeraIt.ttf",
            "Vera-BoldItalic": "VeraBI.ttf",
        }
        for name, file in faces.items():
            pdfmetrics.registerFont(TTFont(name, file))
        for bold, italic, name in (
            (0, 0, "Vera"),
            (1, 0, "Vera-Bold"),
            (0, 1, "Vera-Italic"),
            (1, 1, "Vera-BoldItalic"),
        ):
            addMapping("Vera", bold, italic, name)
        _FONTS.append("Vera")
    return _FONTS[0]
