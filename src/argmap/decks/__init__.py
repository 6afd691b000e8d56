"""Decks: the pages of a map as a PowerPoint deck (PPTX) or one multi-page PDF.

>>> import argmap
>>> data = deck(argmap.load("maps/watchmaker.yaml"), "pdf")
>>> data[:5]
b'%PDF-'
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .._write import format_of
from ..draw._dot import DiagramOptions
from ..draw._engines import GraphvizRun, Worker
from ..model import ArgumentMap
from ..paging._planner import Page, join_pdf, paginate
from ..vocabulary import DeckFormat, Engine, Orientation


def deck(
    argument_map: ArgumentMap,
    output_format: DeckFormat = "pptx",
    *,
    preset: str = "slide-16x9",
    options: DiagramOptions | None = None,
    pictures: bool = False,
    split: bool = True,
    orientation: Orientation = "auto",
    engine: Engine = "embedded",
    timeout: float | None = None,
    worker: Worker | None = None,
) -> bytes:
    """A deck of the map's pages: a title slide, then each page (split as `pages` does).

    PPTX pages are native shapes (claims with editable text, glued connectors, a
    click-by-click build, speaker notes with the quotes); `pictures=True` puts each page
    in as one image instead. PDF pages are Graphviz's own drawings, exactly the preset's
    size. Quotes are left off the slides by default (they are in the speaker notes).
    A PPTX has one slide size: on paper presets its pages are all landscape unless
    `orientation="portrait"`.

    Raises:
        PageError: `split=False` and the map does not fit one page readably.
        RenderError: Graphviz failed or ran out of time.
    """
    options = replace(options or DiagramOptions(quotes=False), preset=preset)
    if output_format == "pptx" and orientation == "auto":
        orientation = "landscape"  # a PPTX has one slide size; paper pages turn to fit it
    graphviz = GraphvizRun(engine, timeout, worker)
    found = paginate(argument_map, options, split=split, orientation=orientation,
                     graphviz=graphviz)  # fmt: skip
    return _deck(argument_map, found, output_format, pictures, graphviz)


def deck_format(path: Path) -> DeckFormat:
    """A deck's format, from its file name.

    >>> deck_format(Path("lesson.pptx"))
    'pptx'

    Raises:
        OutputError: the name is a folder's, or ends in neither .pptx nor .pdf.
    """
    hint = "a deck is .pptx or .pdf; give -o NAME.pptx or NAME.pdf"
    return format_of(path, {".pptx": "pptx", ".pdf": "pdf"}, hint, example="deck.pptx")


def build_deck(
    argument_map: ArgumentMap,
    pages: list[Page],
    output_format: DeckFormat,
    *,
    pictures: bool = False,
    engine: Engine = "embedded",
    timeout: float | None = None,
    worker: Worker | None = None,
) -> bytes:
    """A deck of pages already made."""
    graphviz = GraphvizRun(engine, timeout, worker)
    return _deck(argument_map, pages, output_format, pictures, graphviz)


def _deck(
    argument_map: ArgumentMap,
    pages: list[Page],
    output_format: DeckFormat,
    pictures: bool,
    graphviz: GraphvizRun,
) -> bytes:
    if output_format == "pptx":
        from ._pptx import pptx_deck  # noqa: PLC0415  (python-pptx: only for PPTX)

        return pptx_deck(argument_map, pages, pictures=pictures)
    from ._pdf import title_page  # noqa: PLC0415

    drawings = [page.drawn("pdf", graphviz) for page in pages]
    return join_pdf([title_page(argument_map, pages), *drawings])


__all__ = ["DeckFormat", "build_deck", "deck", "deck_format"]
