"""`render` and `frames`: a checked map drawn as SVG, PNG, PDF or DOT."""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import Literal

from ._dot import DiagramOptions, focus, to_dot
from ._engines import Engine, Worker, run
from ._issues import UsageError
from ._pages import Orientation, Page, join_pdf, paginate
from .model import ArgumentMap

OutputFormat = Literal["svg", "png", "pdf", "dot"]


def default_timeout(argument_map: ArgumentMap) -> float:
    """Seconds a layout may take: generous, and growing with the map (30 s + 10 ms/claim)."""
    return 30.0 + 0.01 * len(argument_map.claims)


def render(
    argument_map: ArgumentMap,
    format: OutputFormat = "svg",  # the name users expect, though it shadows a builtin
    *,
    engine: Engine = "embedded",
    options: DiagramOptions | None = None,
    focus_on: str | None = None,
    depth: int = 1,
    timeout: float | None = None,
) -> bytes:
    """Draw a map as SVG, PNG, PDF or DOT bytes.

    Graphviz's own messages (font warnings and the like) go to the `argmap` logger.
    With `options.preset`, the drawing is exactly the preset's page; a map that needs
    several pages to stay readable gives a multi-page PDF (other formats: see `pages`).

    >>> import argmap
    >>> render(argmap.load("maps/watchmaker.yaml"), format="svg")[:5]
    b'<?xml'

    Raises:
        RenderError: Graphviz is missing for the engine, failed, or ran out of time.
        InvalidMapError: the map does not pass the checker.
        UsageError: `focus_on` names no claim.
    """
    drawing, messages = draw(
        argument_map, format, engine=engine, options=options, focus_on=focus_on, depth=depth,
        timeout=timeout,
    )  # fmt: skip
    if messages:
        logging.getLogger("argmap").info("Graphviz: %s", messages.strip())
    return drawing


def draw(
    argument_map: ArgumentMap,
    output_format: OutputFormat = "svg",
    *,
    engine: Engine = "embedded",
    options: DiagramOptions | None = None,
    focus_on: str | None = None,
    depth: int = 1,
    timeout: float | None = None,
    worker: Worker | None = None,
) -> tuple[bytes, str]:
    """Like `render`, returning Graphviz's messages beside the drawing (for --verbose);
    `worker`, when given, is a Graphviz worker started ahead (its engine is used)."""
    options = options or DiagramOptions()
    if focus_on is not None:
        options = replace(options, only=frozenset(focus(argument_map, focus_on, depth)))
    if options.preset and output_format != "dot":
        found = paginate(argument_map, options, engine=engine, timeout=timeout, worker=worker)
        if len(found) > 1 and output_format != "pdf":
            raise UsageError(
                f"the map needs {len(found)} {options.preset} pages to stay readable; draw "
                "them with argmap.pages() (each page's .draw()), or ask for a PDF"
            )
        drawings = [page.draw(output_format, engine=engine, timeout=timeout, worker=worker)
                    for page in found]  # fmt: skip
        return join_pdf(drawings), ""
    dot = to_dot(argument_map, options)
    if output_format == "dot":
        return dot.encode("utf-8"), ""
    drawing, messages = run(dot, output_format, engine, timeout=timeout, worker=worker)
    if output_format == "svg":
        # Graphviz names an external DTD; nothing in an argmap SVG should point outside it.
        drawing = _DOCTYPE.sub(b"", drawing, count=1)
    return drawing, messages


_DOCTYPE = re.compile(rb"<!DOCTYPE[^>]*>\s*")


def pages(
    argument_map: ArgumentMap,
    preset: str = "slide-16x9",
    *,
    options: DiagramOptions | None = None,
    split: bool = True,
    orientation: Orientation = "auto",
    engine: Engine = "embedded",
    focus_on: str | None = None,
    depth: int = 1,
    timeout: float | None = None,
    worker: Worker | None = None,
) -> list[Page]:
    """The map on pages of a preset, split by theme and sub-argument where one page
    would not be readable; each page's `.draw(format)` gives its exact-size drawing.

    >>> import argmap
    >>> [page.label for page in pages(argmap.load("maps/watchmaker.yaml"), "a4")]
    ["page 1/1: Paley's watchmaker: the argument from design"]

    Raises:
        PageError: `split=False` and the map does not fit one page readably.
        UsageError: unknown preset, or `focus_on` names no claim.
        RenderError: Graphviz failed or ran out of time.
    """
    options = replace(options or DiagramOptions(), preset=preset)
    if focus_on is not None:
        options = replace(options, only=frozenset(focus(argument_map, focus_on, depth)))
    return paginate(argument_map, options, split=split, orientation=orientation,
                    engine=engine, timeout=timeout, worker=worker)  # fmt: skip
