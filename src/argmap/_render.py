"""`render` and `frames`: a checked map drawn as SVG, PNG, PDF or DOT."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ._dot import DiagramOptions, focus, to_dot
from ._engines import Engine, Worker, run
from ._issues import UsageError
from .model import ArgumentMap, Role

if TYPE_CHECKING:  # pages and evaluations are imported where they are drawn (start-up)
    from ._build import Step
    from ._pages import Orientation, Page, PageFormat
    from ._views import ViewChoice, Views

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
        from ._pages import join_pdf, paginate  # noqa: PLC0415

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
    from ._evaluate import evaluate  # noqa: PLC0415
    from ._views import views  # noqa: PLC0415

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
    """What each frame of a build of the whole map hides, in the order of `argmap frames`
    and the decks: reasons before what they support, each objection after what it
    attacks, the last frame hiding nothing. Every frame draws the whole map, hidden
    elements invisibly, so each element keeps its place from first frame to last.

    >>> import argmap
    >>> steps = frame_steps(argmap.load("maps/watchmaker.yaml"))
    >>> "W" in steps[0], "C" in steps[0], steps[-1]
    (False, True, frozenset())
    """
    hidden, found = set(_elements(argument_map)), []
    for step in whole_build(argument_map):
        hidden -= step.reveal
        found.append(frozenset(hidden))
    return found


def whole_build(argument_map: ArgumentMap) -> list[Step]:
    """The steps of a build of the whole map (what each reveals, and its title), from
    its main conclusions down, as `frame_steps` orders them."""
    from ._build import build  # noqa: PLC0415

    conclusion = [claim.id for claim in argument_map.claims if claim.role is Role.CONCLUSION]
    return build(argument_map, frozenset(_elements(argument_map)), tuple(conclusion))


def _elements(argument_map: ArgumentMap) -> list[str]:
    ids = [claim.id for claim in argument_map.claims]
    ids += [step.id for step in argument_map.inferences]
    return ids + [objection.id for objection in argument_map.objections]


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
    from ._pages import paginate  # noqa: PLC0415

    options = replace(options or DiagramOptions(), preset=preset)
    if focus_on is not None:
        options = replace(options, only=frozenset(focus(argument_map, focus_on, depth)))
    return paginate(argument_map, options, split=split, orientation=orientation,
                    engine=engine, timeout=timeout, worker=worker)  # fmt: skip


def page_files(
    target: Path,
    found: list[Page],
    output_format: PageFormat,
    *,
    fragments: bool = False,
    scale: float = 1.0,
    engine: Engine = "embedded",
    timeout: float | None = None,
    worker: Worker | None = None,
) -> list[tuple[Path, bytes, str]]:
    """Each page's file, drawing and label, all drawn before anything is written: one PDF
    of all pages, or one SVG or PNG per page (`NAME-01.png`, ...) when there are several.
    With `fragments`, SVG groups carry reveal.js fragment classes in build order."""
    from ._build import build  # noqa: PLC0415
    from ._build import fragments as with_fragments  # noqa: PLC0415
    from ._pages import join_pdf  # noqa: PLC0415

    if output_format == "pdf":
        drawings = [page.draw("pdf", engine=engine, timeout=timeout, worker=worker)
                    for page in found]  # fmt: skip
        plural = "s" if len(found) > 1 else ""
        return [(target, join_pdf(drawings), f"{len(found)} page{plural}")]
    files = []
    for page in found:
        data = page.draw(output_format, engine=engine, scale=scale, timeout=timeout,
                         worker=worker)  # fmt: skip
        if fragments:
            data = with_fragments(data, build(page.map, page.shown, page.part.claims))
        name = target if len(found) == 1 else numbered(target, page.number)
        files.append((name, data, page.label))
    return files


def frame_files(
    folder: Path,
    stem: str,
    found: list[Page],
    output_format: PageFormat,
    *,
    scale: float = 1.0,
    engine: Engine = "embedded",
    timeout: float | None = None,
    worker: Worker | None = None,
) -> list[tuple[Path, bytes, str]]:
    """A build of every page as numbered frames (`NAME-01.png`, ...), each titled with
    the page and the step it shows; all drawn before anything is written."""
    from ._build import frames  # noqa: PLC0415

    files: list[tuple[Path, bytes, str]] = []
    for page in found:
        for frame, title in frames(page):
            data = frame.draw(output_format, engine=engine, scale=scale, timeout=timeout,
                              worker=worker)  # fmt: skip
            number = len(files) + 1
            files.append((folder / f"{stem}-{number:02d}.{output_format}", data,
                          f"{page.label} · {title}"))  # fmt: skip
    return files


def whole_fragments(argument_map: ArgumentMap, svg: bytes, options: DiagramOptions) -> bytes:
    """Fragment classes for a drawing of the whole map (or its focus), in build order."""
    from ._build import build  # noqa: PLC0415
    from ._build import fragments as with_fragments  # noqa: PLC0415

    ids = [claim.id for claim in argument_map.claims]
    ids += [step.id for step in argument_map.inferences]
    ids += [objection.id for objection in argument_map.objections]
    shown = frozenset(i for i in ids if options.only is None or i in options.only)
    conclusion = [claim.id for claim in argument_map.claims if claim.role is Role.CONCLUSION]
    return with_fragments(svg, build(argument_map, shown, tuple(conclusion)))


def numbered(target: Path, number: int) -> Path:
    """`slide.png` -> `slide-03.png`."""
    return target.with_name(f"{target.stem}-{number:02d}{target.suffix}")
