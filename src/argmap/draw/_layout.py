"""Layout: Graphviz's own placement of a diagram, read back as coordinates.

Graphviz lays a DOT graph out and reports where everything went in its JSON output
(`-Tjson`, the same with both engines): the bounding box, each node's centre, size and
drawing operations (xdot: pen and fill colours, line style, every line of text with its
size), each edge's spline and arrowhead, each cluster's box and label. Pages fit and
check these; the PPTX deck draws native shapes from them. Coordinates are Graphviz
points (1/72 inch), origin bottom left, y up.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ._engines import EMBEDDED, GraphvizRun, RenderError

Point = tuple[float, float]


@dataclass(frozen=True)
class Text:
    """One line of text as Graphviz placed it: baseline start, size, face and colour."""

    x: float
    y: float
    width: float
    text: str
    size: float
    colour: str
    bold: bool = False
    italic: bool = False
    align: str = "l"


@dataclass(frozen=True)
class Look:
    """Pen, fill and line style of a drawn element, from its xdot operations."""

    pen: str = "#000000"
    fill: str | None = None
    width: float = 1.0
    dashed: bool = False
    dotted: bool = False


@dataclass(frozen=True)
class Node:
    """A node: centre, size (points), shape, style words, look and text lines."""

    name: str
    x: float
    y: float
    width: float
    height: float
    shape: str
    style: frozenset[str]
    look: Look
    texts: tuple[Text, ...] = ()
    outlines: int = 1
    """How many outlines Graphviz drew: 2 for a double border (a reported voice)."""

    @property
    def visible(self) -> bool:
        """False for a node drawn invisibly (a build hides it until later)."""
        return "invis" not in self.style


@dataclass(frozen=True)
class Edge:
    """An edge: its ends (node names), spline points, arrowhead kind and look."""

    tail: str
    head: str
    points: tuple[Point, ...]
    arrowhead: str
    look: Look
    visible: bool = True
    end: Point | None = None
    """The arrow's tip, when Graphviz drew an arrowhead."""
    texts: tuple[Text, ...] = ()
    head_polygon: tuple[Point, ...] = ()
    """The arrowhead as Graphviz drew it (a triangle, or a tee's bar)."""


@dataclass(frozen=True)
class Cluster:
    """A cluster's box and label."""

    name: str
    x0: float
    y0: float
    x1: float
    y1: float
    look: Look
    texts: tuple[Text, ...] = ()
    visible: bool = True
    rounded: bool = True


@dataclass(frozen=True)
class Layout:
    """A whole laid-out graph."""

    width: float
    height: float
    background: str | None
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: tuple[Edge, ...] = ()
    clusters: tuple[Cluster, ...] = ()
    texts: tuple[Text, ...] = ()
    """The graph's own label (a page's title)."""
    label_size: tuple[float, float] = (0.0, 0.0)
    """The graph label's width and height in points."""

    def all_texts(self) -> list[Text]:
        """Every line of text drawn: title, cluster labels, nodes, edge labels."""
        found = list(self.texts)
        for cluster in self.clusters:
            found += cluster.texts if cluster.visible else ()
        for node in self.nodes.values():
            found += node.texts if node.visible else ()
        for edge in self.edges:
            found += edge.texts if edge.visible else ()
        return found

    def smallest_text(self) -> float:
        """The smallest font size drawn (points of the layout), 0 for a drawing without text."""
        return min((text.size for text in self.all_texts() if text.text.strip()), default=0.0)


def lay_out(dot: str, graphviz: GraphvizRun = EMBEDDED) -> Layout:
    """Lay out DOT with Graphviz and read the result.

    >>> layout = lay_out('digraph { a -> b }')
    >>> sorted(layout.nodes), [(e.tail, e.head) for e in layout.edges]
    (['a', 'b'], [('a', 'b')])

    Raises:
        RenderError: Graphviz failed or ran out of time.
    """
    data, _ = graphviz.draw(dot, "json")
    try:
        graph = json.loads(data)
    except ValueError as error:
        raise RenderError(f"Graphviz gave a layout argmap cannot read: {error}") from None
    return read(graph)


def read(graph: dict[str, Any]) -> Layout:
    """A Layout from Graphviz's JSON output (already parsed; its values are JSON's)."""
    x0, y0, x1, y1 = _floats(str(graph.get("bb", "0,0,0,0")))
    background = _look(graph.get("_draw_")).fill
    objects = graph.get("objects", [])
    assert isinstance(objects, list)
    names: dict[int, str] = {}
    nodes: dict[str, Node] = {}
    clusters: list[Cluster] = []
    for item in objects:
        gvid, name = int(item["_gvid"]), str(item["name"])
        names[gvid] = name
        style = frozenset(word.strip() for word in str(item.get("style", "")).split(","))
        if "nodes" in item or "bb" in item:  # a subgraph
            if name.startswith("cluster") and "bb" in item:
                cx0, cy0, cx1, cy1 = _floats(str(item["bb"]))
                clusters.append(
                    Cluster(
                        name,
                        cx0,
                        cy0,
                        cx1,
                        cy1,
                        _look(item.get("_draw_")),
                        _texts(item.get("_ldraw_")),
                        "invis" not in style,
                        "rounded" in style,
                    )
                )
            continue
        x, y = _floats(str(item.get("pos", "0,0")))
        nodes[name] = Node(
            name=name,
            x=x,
            y=y,
            width=float(item.get("width", 0)) * 72,
            height=float(item.get("height", 0)) * 72,
            shape=str(item.get("shape", "ellipse")),
            style=style,
            look=_look(item.get("_draw_")),
            texts=_texts(item.get("_ldraw_")),
            outlines=sum(op.get("op") in _OUTLINES for op in item.get("_draw_", [])),
        )
    edges = []
    for item in graph.get("edges", []):
        points, end = _spline(str(item.get("pos", "")))
        edge_style = str(item.get("style", ""))
        edges.append(
            Edge(
                tail=names[int(item["tail"])],
                head=names[int(item["head"])],
                points=points,
                arrowhead=str(item.get("arrowhead", "normal")),
                look=_look(item.get("_draw_")),
                visible="invis" not in edge_style,
                end=end,
                texts=_texts(item.get("_ldraw_")) + _texts(item.get("_xldraw_")),
                head_polygon=_polygon(item.get("_hdraw_")),
            )
        )
    return Layout(
        width=x1 - x0,
        height=y1 - y0,
        background=background,
        nodes=nodes,
        edges=tuple(edges),
        clusters=tuple(clusters),
        texts=_texts(graph.get("_ldraw_")),
        label_size=(float(graph.get("lwidth", 0)) * 72, float(graph.get("lheight", 0)) * 72),
    )


_OUTLINES = frozenset("pPbBeE")
"""xdot operations that draw a shape's outline: polygon, bezier, ellipse (filled or not)."""


def _polygon(operations: object) -> tuple[Point, ...]:
    """The first filled polygon among xdot operations (an arrowhead's shape)."""
    for op in operations if isinstance(operations, list) else ():
        if op.get("op") == "P":
            return tuple((float(x), float(y)) for x, y in op["points"])
    return ()


def _floats(text: str) -> list[float]:
    return [float(part) for part in text.replace(" ", ",").split(",") if part]


def _spline(pos: str) -> tuple[tuple[Point, ...], Point | None]:
    """Graphviz's edge `pos`: optional `s,x,y` and `e,x,y` ends, then the spline points."""
    points: list[Point] = []
    end = None
    for part in pos.split():
        fields = part.split(",")
        if fields[0] == "e":
            end = (float(fields[1]), float(fields[2]))
        elif fields[0] != "s":
            points.append((float(fields[0]), float(fields[1])))
    return tuple(points), end


def _look(operations: object) -> Look:
    """Pen colour, fill colour, line width and dashes from xdot drawing operations."""
    pen, fill, width, dashed, dotted = "#000000", None, 1.0, False, False
    for op in operations if isinstance(operations, list) else ():
        kind = op.get("op")
        if kind == "c":
            pen = _colour(op.get("color", "#000000"))
        elif kind == "C":
            fill = _colour(op.get("color", "#ffffff"))
        elif kind == "S":
            style = str(op.get("style", ""))
            if style.startswith("setlinewidth("):
                width = float(style[len("setlinewidth(") : -1])
            dashed = dashed or style == "dashed"
            dotted = dotted or style == "dotted"
    return Look(pen, fill, width, dashed, dotted)


def _colour(value: str) -> str:
    """xdot colours are #rrggbb or #rrggbbaa; a fully transparent one reads as none."""
    value = value.lower()
    if len(value) == 9:
        return "none" if value.endswith("00") else value[:7]
    return value


def _texts(operations: object) -> tuple[Text, ...]:
    texts = []
    size, colour, flags = 14.0, "#000000", 0
    for op in operations if isinstance(operations, list) else ():
        kind = op.get("op")
        if kind == "F":
            size = float(op["size"])
        elif kind == "c":
            colour = _colour(op.get("color", "#000000"))
        elif kind == "t":
            flags = int(op.get("fontchar", 0))
        elif kind == "T":
            x, y = op["pt"]
            texts.append(
                Text(
                    float(x),
                    float(y),
                    float(op.get("width", 0)),
                    str(op["text"]),
                    size,
                    colour,
                    bool(flags & 1),
                    bool(flags & 2),
                    str(op.get("align", "l")),
                )
            )
    return tuple(texts)
