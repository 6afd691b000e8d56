"""A map on pages and in builds: `render` (a preset's pages, or one diagram), `pages`,
their files, and the frames and fragments of a build in reveal order."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .._issues import UsageError
from .._write import OutputError, Outputs
from ..draw._dot import DiagramOptions
from ..draw._engines import EMBEDDED, GraphvizRun, Worker
from ..draw._render import diagram, focused
from ..model import ArgumentMap, Role
from ..vocabulary import DrawingFormat as OutputFormat
from ..vocabulary import Engine, Orientation, PageFormat

if TYPE_CHECKING:  # the planner and the reveal order load when pages are drawn (start-up)
    from ._planner import Page
    from ._reveal import Step


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
    graphviz = GraphvizRun(engine, timeout)
    options = focused(argument_map, options or DiagramOptions(), focus_on, depth)
    if options.preset and format != "dot":
        from ._planner import join_pdf, paginate  # noqa: PLC0415

        found = paginate(argument_map, options, graphviz=graphviz)
        if len(found) > 1 and format != "pdf":
            raise UsageError(
                f"the map needs {len(found)} {options.preset} pages to stay readable; draw "
                "them with argmap.pages() (each page's .draw()), or ask for a PDF"
            )
        return join_pdf([page.drawn(format, graphviz) for page in found])
    drawing, messages = diagram(argument_map, format, options=options, graphviz=graphviz)
    if messages:
        logging.getLogger("argmap").info("Graphviz: %s", messages.strip())
    return drawing


@dataclass(frozen=True)
class Drawn:
    """What `render` drew: its files (each with a label), Graphviz's own messages, and
    what to say after the files (a PDF's pages, and pages drawn below the type floor)."""

    files: list[tuple[Path, bytes, str]]
    paged: bool = False
    """Drawn on a preset's pages (each file labelled with its pages)."""
    messages: str = ""
    notes: list[str] = field(default_factory=list)

    def write(self, inputs: Iterable[Path] = ()) -> None:
        """Write every file, or none (never over one of the `inputs`).

        Raises:
            OutputError: a file cannot be written (see `Outputs`).
        """
        with Outputs(inputs) as outputs:
            for name, data, _ in self.files:
                outputs.add(name, data)


def drawn_files(
    argument_map: ArgumentMap,
    target: Path,
    output_format: OutputFormat,
    *,
    options: DiagramOptions,
    focus_on: str | None = None,
    depth: int = 1,
    split: bool = True,
    orientation: Orientation = "auto",
    fragments: bool = False,
    scale: float = 1.0,
    graphviz: GraphvizRun = EMBEDDED,
) -> Drawn:
    """`argmap render`: the drawing, or with a preset its pages (one PDF, or a file per
    page), all drawn before anything is written. `target` '-' is one drawing to print.

    Raises:
        OutputError: fragments asked of a format other than SVG, or several pages of '-'.
        PageError, RenderError, UsageError: see `pages` and `render`.
    """
    if fragments and output_format != "svg":
        raise OutputError("--fragments needs SVG output (-o NAME.svg)")
    options = focused(argument_map, options, focus_on, depth)
    if options.preset and output_format != "dot":
        from ._planner import paginate, unreadable  # noqa: PLC0415

        if str(target) == "-" and output_format != "pdf":
            raise OutputError("-o -: a preset may give several pages; give a file name")
        found = paginate(argument_map, options, split=split, orientation=orientation,
                         graphviz=graphviz)  # fmt: skip
        files = page_files(target, found, output_format, graphviz, fragments=fragments,
                           scale=scale)  # fmt: skip
        named = [f"  {page.label}" for page in found] if output_format == "pdf" else []
        warned = [f"argmap: warning: {warning}" for warning in unreadable(found)]
        return Drawn(files, paged=True, notes=named + warned)
    data, messages = diagram(argument_map, output_format, options=options, graphviz=graphviz)
    if fragments:
        data = whole_fragments(argument_map, data, options)
    return Drawn([(target, data, output_format)], messages=messages)


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
    from ._reveal import build  # noqa: PLC0415

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
    from ._planner import paginate  # noqa: PLC0415

    options = focused(argument_map, replace(options or DiagramOptions(), preset=preset),
                      focus_on, depth)  # fmt: skip
    return paginate(argument_map, options, split=split, orientation=orientation,
                    graphviz=GraphvizRun(engine, timeout, worker))  # fmt: skip


def page_files(
    target: Path,
    found: list[Page],
    output_format: PageFormat,
    graphviz: GraphvizRun,
    *,
    fragments: bool = False,
    scale: float = 1.0,
) -> list[tuple[Path, bytes, str]]:
    """Each page's file, drawing and label, all drawn before anything is written: one PDF
    of all pages, or one SVG or PNG per page (`NAME-01.png`, ...) when there are several.
    With `fragments`, SVG groups carry reveal.js fragment classes in build order."""
    from ._planner import join_pdf  # noqa: PLC0415
    from ._reveal import build  # noqa: PLC0415
    from ._reveal import fragments as with_fragments  # noqa: PLC0415

    if output_format == "pdf":
        drawings = [page.drawn("pdf", graphviz) for page in found]
        plural = "s" if len(found) > 1 else ""
        return [(target, join_pdf(drawings), f"{len(found)} page{plural}")]
    files = []
    for page in found:
        data = page.drawn(output_format, graphviz, scale=scale)
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
    graphviz: GraphvizRun,
    *,
    scale: float = 1.0,
) -> list[tuple[Path, bytes, str]]:
    """A build of every page as numbered frames (`NAME-01.png`, ...), each titled with
    the page and the step it shows; all drawn before anything is written."""
    from ._reveal import frames  # noqa: PLC0415

    files: list[tuple[Path, bytes, str]] = []
    for page in found:
        for frame, title in frames(page):
            data = frame.drawn(output_format, graphviz, scale=scale)
            number = len(files) + 1
            files.append((folder / f"{stem}-{number:02d}.{output_format}", data,
                          f"{page.label} · {title}"))  # fmt: skip
    return files


def frame_build(
    argument_map: ArgumentMap,
    folder: Path,
    stem: str,
    output_format: PageFormat,
    *,
    preset: str = "slide-16x9",
    options: DiagramOptions | None = None,
    orientation: Orientation = "auto",
    scale: float = 1.0,
    graphviz: GraphvizRun = EMBEDDED,
) -> Drawn:
    """`argmap frames`: every page's build as numbered frames in `folder` (see
    `frame_files`), all drawn before anything is written; its note says what was made.

    Raises:
        OutputError: `folder` is a file.
        PageError, RenderError, UsageError: see `pages`.
    """
    from ._planner import paginate  # noqa: PLC0415

    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: is a file; give a folder for the frames")
    options = replace(options or DiagramOptions(), preset=preset)
    found = paginate(argument_map, options, orientation=orientation, graphviz=graphviz)
    files = frame_files(folder, stem, found, output_format, graphviz, scale=scale)
    last = f" ... {files[-1][0].name}" if len(files) > 1 else ""
    plural = "s" if len(found) > 1 else ""
    note = (f"wrote {files[0][0]}{last} ({len(files)} frames, {len(found)} page{plural}; "
            f"first: {files[0][2]})")  # fmt: skip
    return Drawn(files, paged=True, notes=[note])


def whole_fragments(argument_map: ArgumentMap, svg: bytes, options: DiagramOptions) -> bytes:
    """Fragment classes for a drawing of the whole map (or its focus), in build order."""
    from ._reveal import build  # noqa: PLC0415
    from ._reveal import fragments as with_fragments  # noqa: PLC0415

    ids = [claim.id for claim in argument_map.claims]
    ids += [step.id for step in argument_map.inferences]
    ids += [objection.id for objection in argument_map.objections]
    shown = frozenset(i for i in ids if options.only is None or i in options.only)
    conclusion = [claim.id for claim in argument_map.claims if claim.role is Role.CONCLUSION]
    return with_fragments(svg, build(argument_map, shown, tuple(conclusion)))


def numbered(target: Path, number: int) -> Path:
    """`slide.png` -> `slide-03.png`."""
    return target.with_name(f"{target.stem}-{number:02d}{target.suffix}")
