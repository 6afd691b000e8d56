"""Rich display in Jupyter and IPython: maps, evaluations, views, analyses and diagrams
show themselves as their diagram (SVG) with their text beside it.

`argmap/__init__.py` registers these printers by type name when IPython is running, so
nothing here (nor Graphviz) is imported until something is displayed. A printer returns
a MIME bundle; a frontend shows the richest entry it can (Jupyter the SVG, a terminal
IPython the text). `repr()` stays one line: the bundles carry the long text.
"""

from __future__ import annotations

import base64
import functools
from dataclasses import dataclass
from typing import Literal

from .._issues import ArgmapError, brief
from ..analysis._evaluate import Evaluation
from ..analysis._views import Views, report, views_report
from ..analysis._warnings import Analysis
from ..draw._dot import DiagramOptions
from ..draw._render import drawn_views
from ..mapfile._catalogue import open_questions
from ..model import ArgumentMap
from ..paging._files import render
from ..vocabulary import Engine

Bundle = dict[str, str]


@dataclass(frozen=True)
class Diagram:
    """A map's drawing, with `argmap.render`'s options, that a notebook displays.

    >>> import argmap
    >>> m = argmap.load("maps/watchmaker.yaml")
    >>> argmap.Diagram(m, options=argmap.DiagramOptions(theme="dark"), focus_on="C")
    <Diagram of "Paley's watchmaker: the argument from design": svg, focus C>
    """

    map: ArgumentMap
    format: Literal["svg", "png"] = "svg"
    engine: Engine = "embedded"
    options: DiagramOptions | None = None
    focus_on: str | None = None
    depth: int = 1
    timeout: float | None = None

    @functools.cached_property
    def data(self) -> bytes:
        """The drawing (made once, on first use).

        Raises:
            InvalidMapError, RenderError, UsageError: as `argmap.render` does.
        """
        return render(
            self.map, self.format, engine=self.engine, options=self.options,
            focus_on=self.focus_on, depth=self.depth, timeout=self.timeout,
        )  # fmt: skip

    def __repr__(self) -> str:
        focus = f", focus {self.focus_on}" if self.focus_on else ""
        return f"<Diagram of {brief(self.map.title)}: {self.format}{focus}>"


def diagram_bundle(diagram: Diagram, text: str | None = None) -> Bundle:
    """A diagram's display: the drawing, and `text` (default: its repr) for text frontends.

    A map that cannot be drawn (it has problems, Graphviz failed) shows why, as text.
    """
    plain = text if text is not None else repr(diagram)
    try:
        data = diagram.data
    except ArgmapError as error:
        return {"text/plain": f"{plain}\n(no diagram: {error})"}
    if diagram.format == "png":
        return {"image/png": base64.b64encode(data).decode("ascii"), "text/plain": plain}
    return {"image/svg+xml": data.decode("utf-8"), "text/plain": plain}


def map_bundle(argument_map: ArgumentMap) -> Bundle:
    """A map's display: the reader (`argmap html`, in a sandboxed frame), its diagram as
    SVG, and its one-line summary as plain text.

    >>> import argmap
    >>> bundle = map_bundle(argmap.load("maps/watchmaker.yaml"))
    >>> sorted(bundle), bundle["text/plain"].startswith("<ArgumentMap ")
    (['image/svg+xml', 'text/html', 'text/plain'], True)
    """
    from ..reader import notebook_html  # noqa: PLC0415  (the reader's files, on demand)

    # Jupyter shows text/html before image/svg+xml, and the SVG stays for other frontends.
    bundle = diagram_bundle(Diagram(argument_map), repr(argument_map))
    if "image/svg+xml" not in bundle:  # it cannot be drawn: the text says why
        return bundle
    return {"text/html": notebook_html(argument_map), **bundle}


def evaluation_bundle(evaluation: Evaluation) -> Bundle:
    """An evaluation's display: the map drawn with its labels, and the report of
    `argmap evaluate --view critic` (or with the rejections it was made with)."""
    options = DiagramOptions(labels=evaluation.labels)
    return diagram_bundle(Diagram(evaluation.structure.map, options=options), report(evaluation))


def views_bundle(both: Views) -> Bundle:
    """Both views' display: the author's view drawn, the critic's labels beside it where
    they differ (as `render --evaluate`), and the side-by-side report of `argmap evaluate`."""
    options = drawn_views(DiagramOptions(), both)
    return diagram_bundle(Diagram(both.author.structure.map, options=options), views_report(both))


def analysis_bundle(analysis: Analysis) -> Bundle:
    """An analysis's display: the map with each step's scheme and its open critical
    questions (as `render --schemes --questions`), and the warnings and statistics."""
    if analysis.map is None:  # an Analysis built by hand has no map to draw
        return {"text/plain": analysis.report()}
    marks = open_questions(analysis.map)
    options = DiagramOptions(schemes=True, open_questions=marks)
    return diagram_bundle(Diagram(analysis.map, options=options), analysis.report())
