"""`render` and `frames`: a checked map drawn as SVG, PNG, PDF or DOT."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Literal

from ._dot import DiagramOptions, focus, hidden_ids, to_dot
from ._engines import Engine, Worker, run
from ._evaluate import evaluate
from ._views import ViewChoice, Views, views
from .model import ArgumentMap, Role

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
    dot = to_dot(argument_map, options)
    if output_format == "dot":
        return dot.encode("utf-8"), ""
    drawing, messages = run(dot, output_format, engine, timeout=timeout, worker=worker)
    if output_format == "svg":
        # Graphviz names an external DTD; nothing in an argmap SVG should point outside it.
        drawing = _DOCTYPE.sub(b"", drawing, count=1)
    return drawing, messages


_DOCTYPE = re.compile(rb"<!DOCTYPE[^>]*>\s*")


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
    if view == "critic":
        labels = evaluate(argument_map, reject=reject, accept=accept).labels
        return replace(options, labels=labels)
    both = views(argument_map, reject=reject, accept=accept, max_size=1, seconds=1)
    if view == "both":
        return drawn_views(options, both)
    return replace(options, labels=both.author.labels)


def drawn_views(options: DiagramOptions, both: Views) -> DiagramOptions:
    """Options that draw both views: the author's labels, with the critic's beside them
    where they differ (when the map has critic's points at all)."""
    contrast = both.critic.labels if both.analyst else None
    return replace(options, labels=both.author.labels, contrast=contrast)


def frame_steps(argument_map: ArgumentMap) -> list[frozenset[str]]:
    """What each slide of a build hides: one theme more per slide, the conclusion last.

    Every frame draws the whole map, hidden elements invisibly, so each element keeps the
    same place from the first slide to the last.
    """
    order = [theme.id for theme in argument_map.themes]
    conclusion_theme = next(
        (claim.theme for claim in argument_map.claims if claim.role is Role.CONCLUSION), None
    )
    order = [theme for theme in order if theme != conclusion_theme]
    steps = []
    shown: set[str] = set()
    for theme in order:
        shown |= {claim.id for claim in argument_map.claims if claim.theme == theme}
        shown |= _connections(argument_map, shown)
        steps.append(hidden_ids(argument_map, shown))
    steps.append(frozenset())
    return [step for position, step in enumerate(steps) if step or position == len(steps) - 1]


def _connections(argument_map: ArgumentMap, claims: set[str]) -> set[str]:
    """Inferences and objections whose every end is among the shown claims (or steps)."""
    shown = set(claims)
    for step in argument_map.inferences:
        if step.to in shown and all(premise in shown for premise in step.premises):
            shown.add(step.id)
    for objection in argument_map.objections:
        if objection.to in shown and all(reason in shown for reason in objection.premises):
            shown.add(objection.id)
    return shown - claims
