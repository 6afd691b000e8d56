"""A sheet as a PDF for printing (A4 or Letter), set with reportlab, imported only when a
PDF is made; every piece of map text made literal in reportlab's markup."""

from __future__ import annotations

import functools
import html
import io
import re
from dataclasses import replace

from .._issues import defused
from ..checks._rules import web_address
from ..vocabulary import Paper
from ._blocks import Block, Draw, Entries, Figure, Heading, Lines, Table, Text

_FIGURE_DPI = 200
_GREY = "#57606a"
_RULE = "#8c959f"


def pdf_document(
    title: str, blocks: tuple[Block, ...], footer: str, paper: Paper, draw: Draw
) -> bytes:
    """A sheet as a PDF on A4 or Letter, its figures drawn as PNG."""
    from reportlab.lib.pagesizes import A4, LETTER  # noqa: PLC0415  (only when a PDF is made)
    from reportlab.platypus import SimpleDocTemplate  # noqa: PLC0415

    page = A4 if paper == "a4" else LETTER
    writer = _PdfWriter(title, blocks, footer, page, draw)
    buffer = io.BytesIO()
    margin = writer.margin
    document = SimpleDocTemplate(
        buffer,
        pagesize=page,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=defused(title),
        author="argmap",
        invariant=True,
    )
    document.build(writer.story(), onFirstPage=writer.footer, onLaterPages=writer.footer)
    return buffer.getvalue()


class _PdfWriter:
    """Blocks as reportlab flowables: Bitstream Vera text, ruled tables, scaled figures."""

    def __init__(
        self,
        title: str,
        blocks: tuple[Block, ...],
        footer: str,
        page: tuple[float, float],
        draw: Draw,
    ) -> None:
        from reportlab.lib.styles import ParagraphStyle  # noqa: PLC0415
        from reportlab.lib.units import mm  # noqa: PLC0415

        self.text, self.blocks, self.footer_text = title, blocks, footer
        self.page, self.draw = page, draw
        self.margin = 18 * mm
        self.width = page[0] - 2 * self.margin
        self.height = page[1] - 2 * self.margin
        self.font = pdf_fonts()
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
        story: list[object] = [self.paragraph(self.text, self.title)]
        self.drawings = self.figures()
        draw = {
            Heading: self.heading_block,
            Text: self.text_block,
            Entries: self.entries_block,
            Table: self.table_block,
            Figure: self.figure_block,
            Lines: self.lines_block,
        }
        blocks = self.blocks
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

        return Paragraph(markup if markup is not None else pdf_text(text), style)

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
        for figure in (b for b in self.blocks if isinstance(b, Figure)):
            sharp = replace(figure, options=replace(figure.options, dpi=_FIGURE_DPI))
            png = self.draw(sharp, "png")
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
            link = f' <link href="{html.escape(block.url)}">{pdf_text(block.url)}</link>'
        return self.paragraphs(block.text, self.quiet if block.quiet else self.body, after=link)

    def entries_block(self, block: Entries) -> list[object]:
        from reportlab.lib.styles import ParagraphStyle  # noqa: PLC0415
        from reportlab.platypus import KeepTogether  # noqa: PLC0415

        flowables: list[object] = []
        for entry in block.entries:
            indent = {"leftIndent": 14 * entry.indent}
            style = ParagraphStyle("entry", self.body, **indent)
            parts = self.paragraphs(entry.text, style, before=f"<b>{pdf_text(entry.label)}</b> ")
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
            f"{self.footer_text}  \u00b7  page {number}" if self.footer_text else f"page {number}"
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


def pdf_text(text: str) -> str:
    """Short text made literal in reportlab's paragraph markup (see `_xml_pieces`)."""
    return " ".join(_xml_pieces(text))


def _png_size(png: bytes) -> tuple[int, int]:
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


_FONTS: list[str] = []


def pdf_fonts() -> str:
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
