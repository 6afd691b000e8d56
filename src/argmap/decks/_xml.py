"""The raw DrawingML and PresentationML that python-pptx has no API for, in one place:
arrowheads on connectors, glue, indents, no theme styles, and a slide's click-by-click build
(its timing tree)."""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree
from pptx.oxml.ns import qn

_ENDS = {"normal": "triangle", "tee": "oval", "none": None}
"""Graphviz arrowheads as DrawingML line ends: DrawingML has no bar (tee), so an attack
ends in a dot, which stays apart from a support's triangle."""


def line_end(line_xml: etree._Element, arrowhead: str) -> None:
    """Give a shape's `<a:ln>` the line end for a Graphviz arrowhead (at the head)."""
    kind = _ENDS.get(arrowhead, "triangle")
    if kind is None:
        return
    for old in line_xml.findall(qn("a:tailEnd")):
        line_xml.remove(old)
    end = etree.SubElement(line_xml, qn("a:tailEnd"))
    end.set("type", kind)
    end.set("w", "lg")  # DrawingML sizes line ends by the line's width: large is
    end.set("len", "lg")  # about Graphviz's arrowhead on argmap's thin lines


def unstyled(shape_xml: etree._Element) -> None:
    """Drop a shape's theme style reference (`<p:style>`): python-pptx's shapes take the
    default theme's shadow and accent colours from it, and every look argmap draws is
    set on the shape itself."""
    for style in shape_xml.findall(qn("p:style")):
        shape_xml.remove(style)


def indent(paragraph: etree._Element, emu: int) -> None:
    """Indent a paragraph (`<a:p>`) from its text box's left edge: each line of a
    Graphviz label starts where Graphviz put it."""
    if emu > 0:
        properties = paragraph.find(qn("a:pPr"))
        if properties is None:
            properties = etree.Element(qn("a:pPr"))
            paragraph.insert(0, properties)
        properties.set("marL", str(emu))


def tab_stops(paragraph: etree._Element, positions: list[int]) -> None:
    """Left tab stops at these distances (EMU) from a paragraph's indent."""
    if not positions:
        return
    properties = paragraph.find(qn("a:pPr"))
    if properties is None:
        properties = etree.Element(qn("a:pPr"))
        paragraph.insert(0, properties)
    stops = etree.SubElement(properties, qn("a:tabLst"))
    for position in positions:
        etree.SubElement(stops, qn("a:tab"), pos=str(position), algn="l")


def glue(connector: etree._Element, begin: tuple[int, int] | None,
         end: tuple[int, int] | None) -> None:  # fmt: skip
    """Glue a connector's ends to connection sites of shapes (shape id, site index), so
    that moving a shape in PowerPoint or Impress drags the line along; an end given as
    None stays where it is drawn."""
    properties = connector.find(f"{qn('p:nvCxnSpPr')}/{qn('p:cNvCxnSpPr')}")
    assert properties is not None  # python-pptx makes every connector with one
    for old in list(properties):
        properties.remove(old)
    for kind, site in (("a:stCxn", begin), ("a:endCxn", end)):
        if site is not None:
            etree.SubElement(properties, qn(kind), id=str(site[0]), idx=str(site[1]))


def build_timing(clicks: Sequence[Sequence[int]]) -> etree._Element:
    """A `<p:timing>` that makes each click's shapes (by shape id) appear together, one
    click after another; shapes in no click are on the slide from the start.

    >>> timing = build_timing([[4, 5], [6]])
    >>> [t.get("spid") for t in timing.iter(qn("p:spTgt"))]
    ['4', '5', '6']
    """
    ids = iter(range(1, 1_000_000))
    timing = etree.Element(qn("p:timing"))
    root = _ctn(etree.SubElement(etree.SubElement(timing, qn("p:tnLst")), qn("p:par")), ids,
                dur="indefinite", restart="never", nodeType="tmRoot")  # fmt: skip
    sequence = etree.SubElement(_child(root), qn("p:seq"), concurrent="1", nextAc="seek")
    main = _ctn(sequence, ids, dur="indefinite", nodeType="mainSeq")
    steps = _child(main)
    for click in clicks:
        outer = _ctn(etree.SubElement(steps, qn("p:par")), ids, fill="hold")
        _condition(outer, "indefinite")
        inner = _ctn(etree.SubElement(_child(outer), qn("p:par")), ids, fill="hold")
        _condition(inner, "0")
        effects = _child(inner)
        for number, shape_id in enumerate(click):
            effect = _ctn(etree.SubElement(effects, qn("p:par")), ids, presetID="1",
                          presetClass="entr", presetSubtype="0", fill="hold", grpId="0",
                          nodeType="clickEffect" if number == 0 else "withEffect")  # fmt: skip
            _condition(effect, "0")
            setter = etree.SubElement(_child(effect), qn("p:set"))
            behaviour = etree.SubElement(setter, qn("p:cBhvr"))
            _condition(_ctn(behaviour, ids, dur="1", fill="hold"), "0")
            target = etree.SubElement(behaviour, qn("p:tgtEl"))
            etree.SubElement(target, qn("p:spTgt"), spid=str(shape_id))
            names = etree.SubElement(behaviour, qn("p:attrNameLst"))
            etree.SubElement(names, qn("p:attrName")).text = "style.visibility"
            etree.SubElement(etree.SubElement(setter, qn("p:to")), qn("p:strVal"), val="visible")
    for kind, event in (("p:prevCondLst", "onPrev"), ("p:nextCondLst", "onNext")):
        condition = etree.SubElement(etree.SubElement(sequence, qn(kind)), qn("p:cond"),
                                     evt=event, delay="0")  # fmt: skip
        etree.SubElement(etree.SubElement(condition, qn("p:tgtEl")), qn("p:sldTgt"))
    builds = etree.SubElement(timing, qn("p:bldLst"))
    for click in clicks:
        for shape_id in click:
            etree.SubElement(builds, qn("p:bldP"), spid=str(shape_id), grpId="0")
    return timing


def add_timing(slide_xml: etree._Element, timing: etree._Element) -> None:
    """Put a timing tree where the schema wants it: after `<p:clrMapOvr>` (or the
    transition), before `<p:extLst>`."""
    for old in slide_xml.findall(qn("p:timing")):
        slide_xml.remove(old)
    anchor = None
    for name in ("p:transition", "p:clrMapOvr", "p:cSld"):
        anchor = slide_xml.find(qn(name))
        if anchor is not None:
            break
    assert anchor is not None
    anchor.addnext(timing)


def _ctn(parent: etree._Element, ids: object, **attributes: str) -> etree._Element:
    node = etree.SubElement(parent, qn("p:cTn"), id=str(next(ids)))  # type: ignore[call-overload]
    for key, value in attributes.items():
        node.set(key, value)
    return node


def _child(ctn: etree._Element) -> etree._Element:
    return etree.SubElement(ctn, qn("p:childTnLst"))


def _condition(ctn: etree._Element, delay: str) -> None:
    conditions = ctn.find(qn("p:stCondLst"))
    if conditions is None:
        conditions = etree.Element(qn("p:stCondLst"))
        ctn.insert(0, conditions)
    etree.SubElement(conditions, qn("p:cond"), delay=delay)
