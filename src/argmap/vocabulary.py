"""The words argmap's options take: one list for each choice, shared by the library's
signatures and the command line's options (which show and check them as they are here).

Each is a `Literal`, so a type checker holds callers to it; `choices` lists one.
Importing this module imports nothing else of argmap's (the command line reads it when
it starts).

>>> from argmap.vocabulary import Palette, choices
>>> choices(Palette)
('light', 'dark', 'print')
"""

from __future__ import annotations

from typing import Any, Literal, get_args

Palette = Literal["light", "dark", "print"]
"""A diagram's colours: colour-blind safe, for dark slides, or greyscale."""
Direction = Literal["BT", "TB", "LR"]
"""Graphviz's rank direction: BT puts the main conclusion on top."""
PresetName = Literal["slide-16x9", "slide-4x3", "a4", "letter"]
"""A page size: two slides and two sheets of paper."""
Orientation = Literal["auto", "portrait", "landscape"]
"""How a sheet of paper is turned; auto picks what fits the drawing better."""
Engine = Literal["embedded", "dot"]
"""Graphviz inside argmap, or the `dot` executable on PATH."""
DrawingFormat = Literal["svg", "png", "pdf", "dot"]
"""What `render` writes."""
PageFormat = Literal["svg", "png", "pdf"]
"""What a page is written as (DOT has no pages)."""
ViewChoice = Literal["both", "author", "critic"]
"""Which evaluation views to show."""
ExerciseKind = Literal["structure", "roles", "missing-premise", "critical-questions", "evaluate"]
"""What a worksheet asks."""
Paper = Literal["a4", "letter"]
"""Paper for PDF worksheets."""
GradeFormat = Literal["text", "markdown", "json"]
"""How a grade is reported."""
DeckFormat = Literal["pptx", "pdf"]
"""What a deck is written as."""
ExportFormat = Literal["aif", "argdown", "mermaid"]
"""Formats argmap writes for other tools."""
ImportFormat = Literal["aif", "argdown", "kialo"]
"""Formats argmap reads from other tools."""
ReportFormat = Literal["text", "json"]
"""How a command reports: lines for people, or JSON for scripts."""
WatchedCommand = Literal["render", "deck", "html"]
"""The commands `watch` can rerun: those that write one output file."""


def choices(vocabulary: Any) -> tuple[str, ...]:
    """The words of one of this module's vocabularies, in order.

    >>> choices(Engine)
    ('embedded', 'dot')
    """
    return get_args(vocabulary)
