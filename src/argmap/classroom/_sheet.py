"""Printable sheets (worksheets, answer keys, grade reports) and their three outputs.

A sheet is a plain list of blocks (`_blocks`). Exercises and grading say *what* a sheet
holds; the writers decide how it looks in Markdown (`_sheet_md`), self-contained HTML
(`_sheet_html`) and PDF on A4 or Letter (`_sheet_pdf`), and each escapes every piece of
map text for the output it goes into. This module picks the writer for a file's name.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .._write import OutputError, format_of, write_all
from ..model import ArgumentMap
from ..vocabulary import Paper
from ._blocks import Block, Draw, Figure
from ._sheet_html import html_page
from ._sheet_md import markdown
from ._sheet_pdf import pdf_document

SheetFormat = Literal["md", "html", "pdf"]
SUFFIXES: dict[str, SheetFormat] = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}


@dataclass(frozen=True)
class Sheet:
    """A document to print or publish: a title, blocks, and the map its figures draw."""

    title: str
    blocks: tuple[Block, ...] = field(repr=False)
    argument_map: ArgumentMap | None = field(default=None, repr=False)
    footer: str = ""

    def markdown(self, figure_names: list[str] | None = None) -> str:
        """The sheet as Markdown; figures are linked as `figure_names` (SVG files beside it)."""
        return markdown(self.title, self.blocks, self.footer, figure_names or [])

    def html(self, *, engine: str = "embedded", timeout: float | None = None) -> str:
        """The sheet as one self-contained HTML page (figures inline, no network);
        `timeout` bounds each figure's layout, in seconds (None: no limit)."""
        return html_page(self.title, self.blocks, self.footer, _Drawer(engine, timeout).of(self))

    def pdf(
        self, paper: Paper = "a4", *, engine: str = "embedded", timeout: float | None = None
    ) -> bytes:
        """The sheet as a PDF for printing on A4 or Letter (`timeout` as for `html`)."""
        draw = _Drawer(engine, timeout).of(self)
        return pdf_document(self.title, self.blocks, self.footer, paper, draw)

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
        files[path] = sheet.html(engine=engine, timeout=timeout).encode("utf-8")
    else:
        files[path] = sheet.pdf(paper, engine=engine, timeout=timeout)
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

    def of(self, sheet: Sheet) -> Draw:
        """How a writer has the figures of `sheet` drawn."""
        return functools.partial(self.draw, sheet)
