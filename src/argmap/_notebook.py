"""Rich display in Jupyter and IPython: a map shows itself as its diagram.

`argmap/__init__.py` registers these printers by type name when IPython is running, so
nothing here (nor Graphviz) is imported until a map is displayed.
"""

from __future__ import annotations

from ._render import render
from .model import ArgumentMap


def map_bundle(argument_map: ArgumentMap) -> dict[str, str]:
    """A map's display: the reader (as HTML), the diagram as SVG, and a one-line summary
    as plain text.

    >>> import argmap
    >>> bundle = map_bundle(argmap.load("maps/watchmaker.yaml"))
    >>> sorted(bundle), bundle["text/plain"][:40]
    (['image/svg+xml', 'text/html', 'text/plain'], "<ArgumentMap: Paley's watchmaker: the ar")
    """
    from .reader import notebook_html  # noqa: PLC0415

    svg = render(argument_map, "svg").decode("utf-8")
    return {
        "text/html": notebook_html(argument_map),
        "image/svg+xml": svg,
        "text/plain": summary(argument_map),
    }


def summary(argument_map: ArgumentMap) -> str:
    """'<ArgumentMap: TITLE (N claims, N inferences, N objections)>'."""
    counts = (
        f"{len(argument_map.claims)} claims, {len(argument_map.inferences)} inferences, "
        f"{len(argument_map.objections)} objections"
    )
    return f"<ArgumentMap: {argument_map.title} ({counts})>"
