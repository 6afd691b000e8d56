"""Decks: the pages of a map as a PowerPoint deck (PPTX) or one multi-page PDF.

>>> import argmap
>>> data = deck(argmap.load("maps/watchmaker.yaml"), "pdf")
>>> data[:5]
b'%PDF-'
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

from .._write import format_of
from ..draw._dot import DiagramOptions
from ..draw._engines import GraphvizRun, RenderError, Worker, checked_timeout
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
    limit: float | None = None,
) -> bytes:
    """A deck of the map's pages: a title slide, then each page (split as `pages` does).

    PPTX pages are native shapes (claims with editable text, glued connectors, a
    click-by-click build, speaker notes with the quotes); `pictures=True` puts each page
    in as one image instead. PDF pages are Graphviz's own drawings, exactly the preset's
    size. Quotes are left off the slides by default (they are in the speaker notes).
    A PPTX has one slide size: on paper presets its pages are all landscape unless
    `orientation="portrait"`.

    `timeout` bounds each layout, `limit` the whole deck, in seconds: None gives the
    map's default (`default_limit`), 0 no limit.

    Raises:
        PageError: `split=False` and the map does not fit one page readably.
        RenderError: Graphviz failed, or a layout or the whole deck ran out of time.
    """
    options = replace(options or DiagramOptions(quotes=False), preset=preset)
    if output_format == "pptx" and orientation == "auto":
        orientation = "landscape"  # a PPTX has one slide size; paper pages turn to fit it
    bound = default_limit(argument_map) if limit is None else checked_timeout(limit) or None
    deadline = None if bound is None else time.monotonic() + bound
    graphviz = GraphvizRun(engine, timeout, worker, deadline)
    try:
        found = paginate(argument_map, options, split=split, orientation=orientation,
                         graphviz=graphviz)  # fmt: skip
        return _deck(argument_map, found, output_format, pictures, graphviz)
    except RenderError:
        if deadline is None or time.monotonic() < deadline:
            raise
        raise RenderError(
            f"the deck took over {bound:g} s in all, its limit: give more seconds with "
            "--limit (0: no limit), or choose a larger --preset, which needs fewer pages"
        ) from None


def default_limit(argument_map: ArgumentMap) -> float:
    """Seconds a whole deck may take by default: 120 s, and 0.1 s more for each claim.

    >>> import argmap
    >>> default_limit(argmap.load("maps/watchmaker.yaml"))
    121.0
    """
    return 120.0 + 0.1 * len(argument_map.claims)


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
