"""The reader: one offline HTML page with the diagram beside the source text.

The page holds everything it needs (the SVG Graphviz drew, the styles, the script and
the map's data) and a Content-Security-Policy that lets it load nothing else: it can be
e-mailed, put on a course page or opened from a USB stick. The script and the styles
are files of this package (`reader.js`, `reader.css`), the page's frame is `page.html`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
from html import escape
from importlib import resources
from pathlib import Path
from string import Template

from ..checks._structure import Structure
from ..draw._dot import DiagramOptions
from ..draw._engines import GraphvizRun, Worker
from ..draw._render import Drawing, diagram
from ..mapfile._read import read_source_text
from ..model import ArgumentMap
from ..vocabulary import Engine
from ._data import page_data
from ._source import marked, passages
from ._svg import palette_css, prepared

__all__ = ["OPTIONS", "html", "notebook_html", "page"]

OPTIONS = DiagramOptions(quotes=False, title=False, legend=True)
"""How the reader's diagram is drawn: the quotes are in the text beside it."""


def html(
    argument_map: ArgumentMap, *, engine: Engine = "embedded", timeout: float | None = None
) -> str:
    """The reader for a map: one self-contained HTML page (see docs/reader.md).

    Graphviz's own messages go to the `argmap` logger, as with `render`.

    >>> import argmap
    >>> page_text = html(argmap.load("maps/watchmaker.yaml"))
    >>> page_text.startswith("<!DOCTYPE html>"), "Content-Security-Policy" in page_text
    (True, True)

    Raises:
        RenderError: Graphviz is missing for the engine, failed, or ran out of time.
        InvalidMapError: the map does not pass the checker.
        InputError: the map's source text cannot be read.
    """
    drawn = page(argument_map, engine=engine, timeout=timeout)
    if drawn.messages:
        logging.getLogger("argmap").info("Graphviz: %s", drawn.messages.strip())
    return drawn.data.decode("utf-8")


def page(
    argument_map: ArgumentMap,
    *,
    engine: Engine = "embedded",
    timeout: float | None = None,
    worker: Worker | None = None,
) -> Drawing:
    """Like `html`, the page (UTF-8) with Graphviz's messages beside it (for --verbose);
    `worker`, when given, is a Graphviz worker started ahead."""
    structure = Structure.of(argument_map)
    svg, messages = diagram(argument_map, "svg", options=OPTIONS,
                            graphviz=GraphvizRun(engine, timeout, worker))  # fmt: skip
    source = argument_map.source
    raw = None
    if source is not None and source.path is not None:
        base = argument_map.origin.base_dir if argument_map.origin else Path()
        raw = read_source_text(base / source.path)
    data = page_data(structure)
    found = passages(argument_map, raw) if raw is not None else {}
    data["passages"] = found
    style = _file("reader.css") + "\n" + palette_css()
    script = _file("reader.js")
    values = {
        "title": escape(argument_map.title),
        "csp": _policy(script, style),
        "style": style,
        "script": script,
        "data": _json(data),
        "svg": prepared(svg, structure),
        "source": marked(raw, found) if raw is not None else "",
        "heading": escape(source.title if source else argument_map.title),
        "about": _about(argument_map),
        "has_source": "true" if raw is not None else "false",
    }
    text = Template(_file("page.html")).substitute(values)
    return Drawing(text.encode("utf-8"), messages)


def notebook_html(argument_map: ArgumentMap) -> str:
    """The reader for a notebook cell: the page in a sandboxed frame of its own (scripts
    run, but cannot reach the notebook; its styles stay inside)."""
    return (
        f'<iframe title="argmap reader: {escape(argument_map.title)}" '
        'sandbox="allow-scripts" style="width: 100%; height: 640px; border: 0" '
        f'srcdoc="{escape(html(argument_map))}"></iframe>'
    )


def _file(name: str) -> str:
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def _policy(script: str, style: str) -> str:
    """Nothing may load: no request of any kind; only the page's own script and style run."""
    return "; ".join([
        "default-src 'none'",
        f"script-src '{_digest(script)}'",
        f"style-src '{_digest(style)}'",
        "base-uri 'none'",
        "form-action 'none'",
    ])  # fmt: skip


def _digest(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def _json(data: object) -> str:
    """JSON that cannot end the script element it sits in, nor start a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _about(argument_map: ArgumentMap) -> str:
    """The source's byline after its title ("Title — author · publisher · date · URL"),
    escaped; its URL a link only as the checker accepted it."""
    source = argument_map.source
    if source is None:
        return ""
    parts = [escape(part) for part in (source.author, source.publisher, source.date) if part]
    if source.url:
        link = escape(source.url, quote=True)
        parts.append(f'<a href="{link}" rel="noopener noreferrer nofollow">{link}</a>')
    if not parts:
        return ""
    return f'<span class="am-byline"> — {" · ".join(parts)}</span>'
