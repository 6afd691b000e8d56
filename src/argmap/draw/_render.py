"""One diagram of a checked map drawn as SVG, PNG, PDF or DOT, and the options that
draw its focus, its evaluation and its open questions."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .._write import format_of
from ..model import ArgumentMap
from ..vocabulary import DrawingFormat as OutputFormat
from ..vocabulary import ViewChoice
from ._dot import DiagramOptions, focus, to_dot
from ._engines import EMBEDDED, GraphvizRun, checked_timeout

if TYPE_CHECKING:  # evaluations are imported where they are drawn (start-up)
    from ..analysis._views import Views


def default_timeout(argument_map: ArgumentMap) -> float:
    """Seconds a layout may take: generous, and growing with the map (30 s + 10 ms/claim)."""
    return 30.0 + 0.01 * len(argument_map.claims)


_DRAWINGS: dict[str, OutputFormat] = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".dot": "dot"}


def drawing_format(output: Path | None, chosen: OutputFormat | None = None) -> OutputFormat:
    """What `render` writes: the format chosen, else the output's extension's, else SVG.

    >>> drawing_format(Path("map.png")), drawing_format(None)
    ('png', 'svg')

    Raises:
        OutputError: the output is a folder, or its extension names no drawing.
    """
    if chosen is not None:
        return chosen
    if output is None or str(output) == "-":
        return "svg"
    hint = "use .svg, .png, .pdf or .dot, or give --format"
    return format_of(output, _DRAWINGS, hint, example="map.svg")


class Drawing(NamedTuple):
    """A drawing (or the reader's page), with Graphviz's own messages beside it (font
    warnings and the like), which the public functions log and `--verbose` prints."""

    data: bytes
    messages: str = ""


def diagram(
    argument_map: ArgumentMap,
    output_format: OutputFormat = "svg",
    *,
    options: DiagramOptions | None = None,
    focus_on: str | None = None,
    depth: int = 1,
    graphviz: GraphvizRun = EMBEDDED,
) -> Drawing:
    """One diagram of the map (its focus, when given), with Graphviz's messages beside it.
    A preset's pages are drawn a layer up, by the page planner."""
    options = focused(argument_map, options or DiagramOptions(), focus_on, depth)
    dot = to_dot(argument_map, options)
    if output_format == "dot":
        return Drawing(dot.encode("utf-8"))
    drawing, messages = graphviz.draw(dot, output_format)
    if output_format == "svg":
        # Graphviz names an external DTD; nothing in an argmap SVG should point outside it.
        drawing = _DOCTYPE.sub(b"", drawing, count=1)
    return Drawing(drawing, messages)


_DOCTYPE = re.compile(rb"<!DOCTYPE[^>]*>\s*")


def focused(
    argument_map: ArgumentMap, options: DiagramOptions, focus_on: str | None, depth: int = 1
) -> DiagramOptions:
    """Options that draw only the part of the map around `focus_on` (`depth` steps), or
    the options as they are without a focus.

    Raises:
        UsageError: `focus_on` names no claim.
    """
    if focus_on is None:
        return options
    return replace(options, only=frozenset(focus(argument_map, focus_on, depth)))


def timeout_for(argument_map: ArgumentMap, given: float | None) -> float | None:
    """A layout's timeout: the one given (0: none), or the map's default.

    Raises:
        UsageError: a timeout that cannot be waited (see `checked_timeout`).
    """
    if given is None:
        return default_timeout(argument_map)
    return checked_timeout(given) if given else None


def labelled(
    argument_map: ArgumentMap,
    options: DiagramOptions,
    view: ViewChoice = "both",
    *,
    reject: Iterable[str] = (),
    accept: Iterable[str] = (),
) -> DiagramOptions:
    """Diagram options that draw an evaluation: one view, or (`both`) the author's view
    drawn with the critic's labels beside it where they differ."""
    from ..analysis._evaluate import evaluate  # noqa: PLC0415
    from ..analysis._views import views  # noqa: PLC0415

    if view == "critic":
        labels = evaluate(argument_map, reject=reject, accept=accept).labels
        return replace(options, labels=labels)
    both = views(argument_map, reject=reject, accept=accept, max_size=1, seconds=1)
    if view == "both":
        return drawn_views(options, both)
    return replace(options, labels=both.author.labels)


def annotated(
    argument_map: ArgumentMap,
    options: DiagramOptions,
    *,
    questions: bool = False,
    evaluated: bool = False,
    view: ViewChoice = "both",
    reject: Iterable[str] = (),
    accept: Iterable[str] = (),
) -> DiagramOptions:
    """Options that also draw open critical questions (`questions`) and an evaluation
    (`evaluated`, or implied by claims to `reject` or `accept`; see `labelled`)."""
    if questions:
        from ..mapfile._catalogue import open_questions  # noqa: PLC0415

        options = replace(options, open_questions=open_questions(argument_map))
    reject, accept = tuple(reject), tuple(accept)
    if evaluated or reject or accept:
        options = labelled(argument_map, options, view, reject=reject, accept=accept)
    return options


def drawn_views(options: DiagramOptions, both: Views) -> DiagramOptions:
    """Options that draw both views: the author's labels, with the critic's beside them
    where they differ (when the map has critic's points at all)."""
    contrast = both.critic.labels if both.analyst else None
    return replace(options, labels=both.author.labels, contrast=contrast)
