"""The PPTX deck: each page as native, editable shapes placed from Graphviz's layout.

Claims are shapes whose text can be edited, lines are connectors glued to the shapes
they join, and each slide builds click by click in the order of `_build`. Shapes, line
styles and colours are read from the layout (Graphviz's own drawing of the DOT), so
every look the diagram language has appears here without a table of its own.
"""

from __future__ import annotations

import io
import itertools
import math
from collections.abc import Callable, Iterable
from dataclasses import replace

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.dml.line import LineFormat
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE, MSO_SHAPE_TYPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.shapes.autoshape import Shape
from pptx.shapes.connector import Connector
from pptx.slide import Slide
from pptx.text.text import Font, _Paragraph
from pptx.util import Emu, Pt

from .._issues import defused
from ..draw._layout import Edge, Layout, Look, Node, Point, Text
from ..model import ArgumentMap
from ..paging._planner import Page
from ..paging._reveal import build
from ._notes import notes, source_line
from ._xml import add_timing, build_timing, glue, indent, line_end, tab_stops, unstyled

_EMU = 12700  # per point
_SHAPES = {
    "box": MSO_SHAPE.RECTANGLE,
    "rect": MSO_SHAPE.RECTANGLE,
    "rectangle": MSO_SHAPE.RECTANGLE,
    "note": MSO_SHAPE.FOLDED_CORNER,
    "circle": MSO_SHAPE.OVAL,
    "ellipse": MSO_SHAPE.OVAL,
    "oval": MSO_SHAPE.OVAL,
    "point": MSO_SHAPE.OVAL,
    "diamond": MSO_SHAPE.DIAMOND,
}
_SITES = {  # connection sites of DrawingML's preset shapes, as fractions of the box
    MSO_SHAPE.OVAL: [
        (0.5, 0),
        (0.146, 0.146),
        (0, 0.5),
        (0.146, 0.854),
        (0.5, 1),
        (0.854, 0.854),
        (1, 0.5),
        (0.854, 0.146),
    ],
}
_FOUR_SITES = [(0.5, 0), (0, 0.5), (0.5, 1), (1, 0.5)]
_PERIPHERY_GAP = 4.0
"""Graphviz's gap between a node's outlines (points), as drawn for `peripheries=2`."""
_GLUE = 6.0
"""How near (layout points) a connection site must be to a line's end to glue it there."""
_FONT = "DejaVu Sans"
Place = Callable[[float, float], tuple[float, float]]
"""Layout points to slide points."""


def pptx_deck(argument_map: ArgumentMap, pages: list[Page], *, pictures: bool = False) -> bytes:
    """The deck as PPTX bytes: a title slide, then one slide per page.

    With `pictures`, each page is one image (for tools that do not take native shapes).
    """
    deck = Presentation()
    width, height = pages[0].size
    deck.slide_width, deck.slide_height = Emu(round(width * _EMU)), Emu(round(height * _EMU))
    blank = deck.slide_layouts[6]
    _title_slide(deck.slides.add_slide(blank), argument_map, pages)
    for page in pages:
        slide = deck.slides.add_slide(blank)
        if pictures:
            picture = io.BytesIO(page.draw("png"))
            slide.shapes.add_picture(picture, 0, 0, deck.slide_width, deck.slide_height)
        else:
            _native(slide, page)
        _notes(slide, notes(argument_map, page))
    deck.core_properties.title = _clean(argument_map.title)[:255]
    deck.core_properties.author = "argmap"
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _title_slide(slide: Slide, argument_map: ArgumentMap, pages: list[Page]) -> None:
    width, height = pages[0].size
    layout = pages[0].layout
    background = layout.background or "#ffffff"
    _background(slide, background)
    text = _colour_of(layout)
    box = slide.shapes.add_textbox(_pt(width * 0.08), _pt(height * 0.28), _pt(width * 0.84),
                                   _pt(height * 0.5))  # fmt: skip
    frame = box.text_frame
    frame.word_wrap = True
    _paragraph(frame.paragraphs[0], argument_map.title, 30, text, bold=True)
    if argument_map.description:
        _paragraph(frame.add_paragraph(), argument_map.description, 14, text)
    source = source_line(argument_map)
    if source:
        _paragraph(frame.add_paragraph(), source, 12, text)
    plural = "s" if len(pages) != 1 else ""
    _paragraph(frame.add_paragraph(), f"{len(pages)} slide{plural} · made with argmap", 11, text)
    _notes(slide, source or argument_map.title)


def _notes(slide: Slide, text: str) -> None:
    frame = slide.notes_slide.notes_text_frame
    assert frame is not None  # python-pptx's default notes master has a notes placeholder
    frame.text = _clean(text)


def _native(slide: Slide, page: Page) -> None:
    layout = page.layout
    width, height = page.size
    zoom = page.zoom
    cx, cy = layout.width / 2, layout.height / 2

    def at(x: float, y: float) -> tuple[float, float]:
        return width / 2 + (x - cx) * zoom, height / 2 - (y - cy) * zoom

    _background(slide, layout.background or "#ffffff")
    for cluster in layout.clusters:
        if not cluster.visible:
            continue
        x0, y1 = at(cluster.x0, cluster.y1)
        x1, y0 = at(cluster.x1, cluster.y0)
        kind = MSO_SHAPE.ROUNDED_RECTANGLE if cluster.rounded else MSO_SHAPE.RECTANGLE
        shape = slide.shapes.add_shape(kind, _pt(x0), _pt(y1), _pt(x1 - x0), _pt(y0 - y1))
        shape.name = cluster.name
        _corner(shape, 6 * zoom, x1 - x0, y0 - y1)
        _look(shape, cluster.look, zoom)
        shape.text_frame.text = ""
        _texts(slide, cluster.texts, at, zoom)
    _texts(slide, layout.texts, at, zoom)
    shapes: dict[str, Shape] = {}
    for node in layout.nodes.values():
        if node.visible:
            shapes[node.name] = _node(slide, node, at, zoom)
    boxes = {name: _box(shape) for name, shape in shapes.items()}
    for edge in layout.edges:
        if edge.visible and edge.tail in shapes and edge.head in shapes:
            _connector(slide, edge, shapes[edge.tail], shapes[edge.head], at, zoom, boxes)
    for drawn in slide.shapes:
        unstyled(drawn._element)
    _animate(slide, page)


def _node(slide: Slide, node: Node, at: Place, zoom: float) -> Shape:
    x, y = at(node.x - node.width / 2, node.y + node.height / 2)
    w, h = node.width * zoom, node.height * zoom
    kind = _SHAPES.get(node.shape)
    if kind is MSO_SHAPE.RECTANGLE and "rounded" in node.style:
        kind = MSO_SHAPE.ROUNDED_RECTANGLE
    if kind is None:  # plaintext, none: only text
        shape = slide.shapes.add_textbox(_pt(x), _pt(y), _pt(w), _pt(h))
    else:
        shape = slide.shapes.add_shape(kind, _pt(x), _pt(y), _pt(w), _pt(h))
        _corner(shape, 6 * zoom, w, h)
        _look(shape, node.look, zoom)
        if node.outlines > 1:  # a double border: a second outline inside, as Graphviz's
            gap = _PERIPHERY_GAP * zoom
            inner = slide.shapes.add_shape(kind, _pt(x + gap), _pt(y + gap),
                                           _pt(w - 2 * gap), _pt(h - 2 * gap))  # fmt: skip
            inner.name = node.name
            _corner(inner, 6 * zoom, w - 2 * gap, h - 2 * gap)
            _look(inner, replace(node.look, fill=None), zoom)
    shape.name = node.name
    _fill_text(shape, node, zoom)
    return shape


def _fill_text(shape: Shape, node: Node, zoom: float) -> None:
    frame = shape.text_frame
    frame.word_wrap = False
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    lines = _lines(node.texts)
    if not lines:
        frame.text = ""
        return
    frame.vertical_anchor = MSO_ANCHOR.TOP
    top = node.y + node.height / 2
    left = node.x - node.width / 2
    first = lines[0]
    spacing = [first[0].size * 1.2] + [
        previous[0].y - line[0].y for previous, line in itertools.pairwise(lines)
    ]
    frame.margin_top = _pt(max(0.0, (top - first[0].y) * zoom - 0.8 * spacing[0] * zoom))
    start = min(t.x for line in lines for t in line)
    frame.margin_left = _pt(max(0.0, (start - left) * zoom))
    for number, (line, gap) in enumerate(zip(lines, spacing, strict=True)):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        paragraph.line_spacing = Pt(max(gap, line[0].size) * zoom)
        paragraph.alignment = PP_ALIGN.LEFT
        indent(paragraph._p, round((line[0].x - start) * zoom * _EMU))
        _runs(paragraph, line, line[0].x, zoom)


def _runs(paragraph: _Paragraph, line: list[Text], start: float, zoom: float) -> None:
    """A line's texts as runs; a text Graphviz put further along the line (a table's
    next column) starts at a tab stop where Graphviz put it."""
    stops = []
    for number, text in enumerate(line):
        previous = line[number - 1]
        if number and text.x > previous.x + previous.width + text.size * 0.5:
            stops.append(round((text.x - start) * zoom * _EMU))
            tab = paragraph.add_run()
            tab.text = "\t"
            _font(tab.font, text, zoom)
        run = paragraph.add_run()
        run.text = _clean(text.text)
        _font(run.font, text, zoom)
    tab_stops(paragraph._p, stops)


def _lines(texts: Iterable[Text]) -> list[list[Text]]:
    """Text operations grouped into lines (one baseline), top to bottom."""
    lines: list[list[Text]] = []
    for text in texts:
        if lines and abs(lines[-1][0].y - text.y) < 0.5:
            lines[-1].append(text)
        else:
            lines.append([text])
    return lines


def _texts(slide: Slide, texts: Iterable[Text], at: Place, zoom: float) -> None:
    """Free text (a title, a cluster's label) as a text box over its lines."""
    lines = _lines(texts)
    if not lines:
        return
    x0 = min(t.x for line in lines for t in line)
    x1 = max(t.x + t.width for line in lines for t in line)
    top = lines[0][0].y + lines[0][0].size * 0.9
    bottom = lines[-1][0].y - lines[-1][0].size * 0.3
    x, y = at(x0, top)
    box = slide.shapes.add_textbox(_pt(x), _pt(y), _pt((x1 - x0) * zoom + 4),
                                   _pt((top - bottom) * zoom))  # fmt: skip
    frame = box.text_frame
    frame.word_wrap = False
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    for number, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        paragraph.alignment = PP_ALIGN.LEFT
        indent(paragraph._p, round((line[0].x - x0) * zoom * _EMU))
        _runs(paragraph, line, line[0].x, zoom)


def _connector(  # noqa: PLR0917
    slide: Slide,
    edge: Edge,
    tail: Shape,
    head: Shape,
    at: Place,
    zoom: float,
    boxes: dict[str, Box],
) -> None:
    """A line as Graphviz drew it: a straight connector glued to both shapes, from
    where Graphviz starts the line to the arrow's tip; where that straight line would
    cross another box, Graphviz's own curve instead (not glued: a connector is straight
    or bent, never a free curve)."""
    if not edge.points:
        return
    curve = [at(*point) for point in _bezier(edge.points)]
    if edge.end:
        curve.append(at(*edge.end))
    start, finish = curve[0], curve[-1]
    others = [box for name, box in boxes.items() if name not in {edge.tail, edge.head}]
    if any(_crosses(start, finish, box) for box in others):
        builder = slide.shapes.build_freeform(start[0] * 100, start[1] * 100, scale=_EMU / 100)
        builder.add_line_segments([(x * 100, y * 100) for x, y in curve[1:]], close=False)
        curved = builder.convert_to_shape()
        curved.fill.background()
        line: Shape | Connector = curved
        before = curve[-2]
    else:
        line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, _pt(start[0]), _pt(start[1]),
                                          _pt(finish[0]), _pt(finish[1]))  # fmt: skip
        # Glued by hand: python-pptx's begin_connect knows four sites, and an oval has
        # eight. An end is glued only where a site is where Graphviz ends the line:
        # Impress moves a glued end onto its site, and lines into one box would pile up.
        glue(line._element, _site(tail, start, zoom), _site(head, finish, zoom))
        before = start
    line.name = f"{edge.tail}->{edge.head}"
    _stroke(line.line, edge.look, zoom)
    if edge.arrowhead == "tee":  # DrawingML's line ends have no bar: drawn as a shape
        _bar(slide, line.name, before, finish, edge, zoom)
    else:
        line_end(line.line._get_or_add_ln(), edge.arrowhead)


Box = tuple[float, float, float, float]
"""A shape's left, top, right and bottom, in slide points."""


def _box(shape: Shape) -> Box:
    left, top = shape.left / _EMU, shape.top / _EMU
    return left, top, left + shape.width / _EMU, top + shape.height / _EMU


def _crosses(start: tuple[float, float], finish: tuple[float, float], box: Box) -> bool:
    """Whether a straight line passes through a box (shrunk a little: touching is not
    crossing), by Liang and Barsky's clipping."""
    left, top, right, bottom = box[0] + 1, box[1] + 1, box[2] - 1, box[3] - 1
    if left >= right or top >= bottom:
        return False
    dx, dy = finish[0] - start[0], finish[1] - start[1]
    low, high = 0.0, 1.0
    for p, q in ((-dx, start[0] - left), (dx, right - start[0]),
                 (-dy, start[1] - top), (dy, bottom - start[1])):  # fmt: skip
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return False
    return True


def _bezier(points: tuple[Point, ...], steps: int = 8) -> list[Point]:
    """Graphviz's cubic B-spline (a start point, then three points per segment) as a
    polyline fine enough to look curved."""
    found = [points[0]]
    for n in range(1, len(points) - 2, 3):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points[n - 1 : n + 3]
        for step in range(1, steps + 1):
            t = step / steps
            u = 1 - t
            found.append((
                u**3 * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t**3 * x3,
                u**3 * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t**3 * y3,
            ))  # fmt: skip
    return found


def _bar(  # noqa: PLR0917
    slide: Slide,
    name: str,
    before: tuple[float, float],
    tip: tuple[float, float],
    edge: Edge,
    zoom: float,
) -> None:
    """A tee's bar across the line's end, of the size Graphviz drew it."""
    sides = sorted(
        math.dist(a, b) for a, b in itertools.pairwise((*edge.head_polygon, edge.head_polygon[0]))
    ) if len(edge.head_polygon) >= 3 else [3.0, 16.0]  # fmt: skip
    thick, long = sides[0] * zoom, sides[-1] * zoom
    length = math.dist(before, tip) or 1.0
    ux, uy = (tip[0] - before[0]) / length, (tip[1] - before[1]) / length  # along the line
    px, py = -uy, ux  # across it
    centre = (tip[0] - ux * thick / 2, tip[1] - uy * thick / 2)
    corners = [
        (centre[0] + sx * px * long / 2 + sy * ux * thick / 2,
         centre[1] + sx * py * long / 2 + sy * uy * thick / 2)
        for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1))
    ]  # fmt: skip
    builder = slide.shapes.build_freeform(corners[0][0] * 100, corners[0][1] * 100,
                                          scale=_EMU / 100)  # fmt: skip
    builder.add_line_segments([(x * 100, y * 100) for x, y in corners[1:]], close=True)
    bar = builder.convert_to_shape()
    bar.name = name
    bar.fill.solid()
    bar.fill.fore_color.rgb = _rgb(edge.look.pen)
    bar.line.fill.background()


def _site(shape: Shape, near: tuple[float, float], zoom: float) -> tuple[int, int] | None:
    """The shape's id and its connection site at a point (slide points), if one is
    there (within a few points)."""
    left, top = shape.left / _EMU, shape.top / _EMU
    width, height = shape.width / _EMU, shape.height / _EMU
    sites = _FOUR_SITES
    if shape.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE:
        sites = _SITES.get(shape.auto_shape_type, _FOUR_SITES)
    points = [(left + fx * width, top + fy * height) for fx, fy in sites]
    index = min(range(len(points)), key=lambda n: math.dist(points[n], near))
    if math.dist(points[index], near) > _GLUE * zoom:
        return None
    return shape.shape_id, index


def _animate(slide: Slide, page: Page) -> None:
    steps = build(page.map, page.shown, page.part.claims)
    step_of: dict[str, int] = {}
    for number, step in enumerate(steps):
        for element in step.reveal:
            step_of[element] = number
    for stub in page.spec.stubs:
        if stub.claim in step_of:
            step_of[stub.name] = step_of[stub.claim]
    clicks: list[list[int]] = [[] for _ in steps]
    for shape in slide.shapes:
        name = shape.name
        if "->" in name:
            ends = name.split("->", 1)
            number = max(step_of.get(end, 0) for end in ends)
        else:
            number = step_of.get(name, 0)
        if number:
            clicks[number].append(shape.shape_id)
    clicks = [click for click in clicks[1:] if click]
    if clicks:
        add_timing(slide._element, build_timing(clicks))


def _look(shape: Shape, look: Look, zoom: float) -> None:
    fill = shape.fill
    if look.fill and look.fill != "none":
        fill.solid()
        fill.fore_color.rgb = _rgb(look.fill)
    else:
        fill.background()
    _stroke(shape.line, look, zoom)


def _stroke(line: LineFormat, look: Look, zoom: float) -> None:
    if look.pen == "none":
        line.fill.background()
        return
    line.color.rgb = _rgb(look.pen)
    line.width = _pt(max(look.width * zoom, 0.5))
    if look.dashed:
        line.dash_style = MSO_LINE_DASH_STYLE.DASH
    elif look.dotted:
        line.dash_style = MSO_LINE_DASH_STYLE.ROUND_DOT


def _font(font: Font, text: Text, zoom: float) -> None:
    font.size = Pt(round(text.size * zoom, 1))
    font.name = _FONT
    font.bold = text.bold
    font.italic = text.italic
    font.color.rgb = _rgb(text.colour)


def _paragraph(paragraph: _Paragraph, text: str, size: float, colour: str, *,
               bold: bool = False) -> None:  # fmt: skip
    run = paragraph.add_run()
    run.text = _clean(text)
    run.font.size = Pt(size)
    run.font.name = _FONT
    run.font.bold = bold
    run.font.color.rgb = _rgb(colour)


def _background(slide: Slide, colour: str) -> None:
    if colour and colour != "none":
        fill = slide.background.fill
        fill.solid()
        fill.fore_color.rgb = _rgb(colour)


def _colour_of(layout: Layout) -> str:
    return layout.texts[0].colour if layout.texts else "#1a1a1a"


def _corner(shape: Shape, radius: float, width: float, height: float) -> None:
    if (
        shape.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE
        and shape.auto_shape_type == MSO_SHAPE.ROUNDED_RECTANGLE
    ):
        shape.adjustments[0] = min(0.5, radius / max(min(width, height), 1))


def _rgb(colour: str) -> RGBColor:
    value = colour.lstrip("#")
    if len(value) != 6:
        value = {"white": "ffffff", "black": "000000"}.get(colour.lower(), "000000")
    colour_type: Callable[[int, int, int], RGBColor] = RGBColor  # python-pptx leaves it untyped
    return colour_type(int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def _pt(points: float) -> Emu:
    return Emu(round(points * _EMU))


def _clean(text: str) -> str:
    """Text for the deck as for every file (`defused`: no control character, which XML
    forbids, no bidi control, no line separator), and no word joiner (the DOT's defusing
    of backslashes, invisible anyway)."""
    return defused(text).replace("\u2060", "")
