"""What a printable sheet is made of: headings, text, numbered entries, tables, figures
and lines to write on, as plain data that each writer sets in its own format."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..draw._dot import DiagramOptions


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

Draw = Callable[[Figure, str], bytes]
"""How a writer has a figure drawn, in an output format ("svg", "png")."""
