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
import re
from collections.abc import Callable, Iterable

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.dml.line import LineFormat
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE, MSO_SHAPE_TYPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.shapes.autoshape import Shape
from pptx.slide import Slide
from pptx.text.text import Font, _Paragraph
from pptx.util import Emu, Pt

from .._build import build
from .._layout import Edge, Layout, Look, Node, Text
from .._pages import Page
from ..model import ArgumentMap
from ._notes import notes, source_line
from ._xml import add_timing, build_timing, glue, indent, line_end

_EMU = 12700  # per point
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\u2060]")
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
    for edge in layout.edges:
        if edge.visible and edge.tail in shapes and edge.head in shapes:
            _connector(slide, edge, shapes[edge.tail], shapes[edge.head], at, zoom)
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
        for text in line:
            run = paragraph.add_run()
            run.text = _clean(text.text)
            _font(run.font, text, zoom)


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
        for text in line:
            run = paragraph.add_run()
            run.text = _clean(text.text)
            _font(run.font, text, zoom)


def _connector(  # noqa: PLR0917
    slide: Slide,
    edge: Edge,
    tail: Shape,
    head: Shape,
    at: Place,
    zoom: float,
) -> None:
    start = at(*edge.points[0]) if edge.points else None
    finish = at(*(edge.end or edge.points[-1])) if edge.points else None
    begin, begin_site = _site(tail, start)
    end, end_site = _site(head, finish)
    line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, _pt(begin[0]), _pt(begin[1]),
                                      _pt(end[0]), _pt(end[1]))  # fmt: skip
    # Glued by hand: python-pptx's begin_connect knows four sites, and an oval has eight.
    glue(line._element, tail.shape_id, begin_site, head.shape_id, end_site)
    line.name = f"{edge.tail}->{edge.head}"
    _stroke(line.line, edge.look, zoom)
    line_end(line.line._get_or_add_ln(), edge.arrowhead)


def _site(shape: Shape, near: tuple[float, float] | None) -> tuple[tuple[float, float], int]:
    """The connection site of a shape nearest a point (slide points), and its index."""
    left, top = shape.left / _EMU, shape.top / _EMU
    width, height = shape.width / _EMU, shape.height / _EMU
    sites = _FOUR_SITES
    if shape.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE:
        sites = _SITES.get(shape.auto_shape_type, _FOUR_SITES)
    points = [(left + fx * width, top + fy * height) for fx, fy in sites]
    if near is None:
        return points[0], 0
    index = min(range(len(points)), key=lambda n: math.dist(points[n], near))
    return points[index], index


def _animate(slide: Slide, page: Page) -> None:
    steps = build(page.map, page.shown, page.part.claims)
    step_of: dict[str, int] = {}
    for number, step in enumerate(steps):
        for element in step.reveal:
            step_of[element] = number
    for stub in page.options.stubs:
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
    """Text as PPTX can hold it: no control characters (XML forbids them) and no word
    joiners (the DOT's defusing of backslashes, invisible anyway)."""
    return _CONTROL.sub("", text)
