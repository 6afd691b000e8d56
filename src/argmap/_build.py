"""Builds: the order a presenter reveals a page in, as frames and as SVG fragments.

A page is revealed step by step: each inference with its premises after the steps that
argue for those premises, each objection right after what it attacks. Every frame draws
the whole page and hides what is still to come, so nothing moves from frame to frame.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace

from ._pages import Page
from ._structure import Structure
from ._style import SMALL
from .model import ArgumentMap

_SVG = "http://www.w3.org/2000/svg"


@dataclass(frozen=True)
class Step:
    """One click of a build: what it reveals (element ids) and what it says."""

    reveal: frozenset[str]
    title: str


def build(argument_map: ArgumentMap, shown: frozenset[str], claims: tuple[str, ...]) -> list[Step]:
    """The steps revealing `shown` (a page's elements), the reasons before what they
    support, each objection after what it attacks.

    >>> import argmap
    >>> m = argmap.load("maps/watchmaker.yaml")
    >>> everything = frozenset(c.id for c in m.claims) | {"I1", "I2", "I3", "I4", "O1", "O2"}
    >>> [step.title for step in build(m, everything, ("C",))][:2]
    ['P1, P2 support W', 'N1 supports N']
    """
    structure = Structure.of(argument_map)
    order: list[str] = []
    visited: set[str] = set()

    def attacks(target: str) -> None:
        """The objections against something already revealed, each after its reasons."""
        for objection in structure.attacks_on.get(target, []):
            if objection.id in shown and objection.id not in visited:
                visited.add(objection.id)
                for reason in objection.premises:
                    visit(reason)
                order.append(objection.id)
                for reason in objection.premises:
                    attacks(reason)
                attacks(objection.id)

    def visit(claim: str) -> None:
        """The steps into a claim, each after the steps into its premises; objections
        follow what they attack once it is revealed (a premise with no reasons of its
        own appears with the step it is a premise of)."""
        if claim in visited:
            return
        visited.add(claim)
        revealed = False
        for step in structure.support_for.get(claim, []):
            if step.id in shown and step.id not in visited:
                visited.add(step.id)
                for premise in step.premises:
                    visit(premise)
                order.append(step.id)
                revealed = True
                for premise in step.premises:
                    attacks(premise)
                attacks(step.id)
        if revealed:
            attacks(claim)

    for claim in claims:
        visit(claim)
        attacks(claim)
    for unreached in argument_map.claims:  # what no step of the page reaches
        if unreached.id in shown:
            visit(unreached.id)
            attacks(unreached.id)
    return _steps(structure, order, shown)


def _steps(structure: Structure, order: list[str], shown: frozenset[str]) -> list[Step]:
    """Each step (inference or objection) in order, with what it newly reveals and a
    title; what no step reveals appears with the first."""
    steps: list[Step] = []
    revealed: set[str] = set()
    for element in order:
        if element in structure.inferences:
            inference = structure.inferences[element]
            ends = [e for e in (*inference.premises, inference.to) if e in shown]
            verb = "supports" if len(inference.premises) == 1 else "support"
            title = f"{', '.join(inference.premises)} {verb} {inference.to}"
        else:
            objection = structure.objections[element]
            ends = [e for e in objection.premises if e in shown]
            kind = structure.attack_kind(objection)
            target = objection.to
            if target in structure.inferences:
                target = f"the step to {structure.inferences[target].to}"
            title = f"{', '.join(objection.premises)} {kind} {target}"
        new = {element, *ends} - revealed
        revealed |= new
        steps.append(Step(frozenset(new), title))
    rest = frozenset(shown - revealed)
    if not steps:
        return [Step(rest, "the whole page")]
    return [replace(steps[0], reveal=steps[0].reveal | rest), *steps[1:]]


def frames(page: Page) -> list[tuple[Page, str]]:
    """A page's build: one page per step, each hiding what is still to come, with the
    same layout and size (the heading keeps its size; only its subtitle changes)."""
    steps = build(page.map, page.shown, page.part.claims)
    width, height = page.layout.label_size
    # Figures a subtitle of the heading's width holds, in the small type.
    room = max(20, int(width / (SMALL * 0.62)))
    where = f"page {page.number}/{page.count} · " if page.count > 1 else ""
    found = []
    revealed: set[str] = set()
    for number, step in enumerate(steps, 1):
        revealed |= step.reveal
        subtitle = f"{where}step {number}/{len(steps)}: {step.title}"
        if len(subtitle) > room:
            subtitle = subtitle[: room - 1].rstrip() + "…"
        options = replace(
            page.options,
            hidden=frozenset(page.shown - revealed),
            heading=(page.title, subtitle),
            heading_size=(width, height),
        )
        found.append((replace(page, options=options), step.title))
    return found


def fragments(svg: bytes, steps: list[Step]) -> bytes:  # noqa: PLR0912
    """An SVG whose groups carry class="fragment" and data-fragment-index in build
    order (reveal.js and Quarto reveal them click by click); the first step's elements
    are shown from the start."""
    ET.register_namespace("", _SVG)
    ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    root = ET.fromstring(svg)  # noqa: S314  (Graphviz's own SVG, no DTD or entities)
    index: dict[str, int] = {}
    for number, step in enumerate(steps):
        for element in step.reveal:
            index[element] = number
    stubs_of: dict[str, str] = {}
    groups = list(root.iter(f"{{{_SVG}}}g"))
    titles = {}
    for group in groups:
        title = group.find(f"{{{_SVG}}}title")
        if title is not None and title.text:
            titles[id(group)] = title.text.replace("&#45;", "-")
    for group in groups:
        kind, name = group.get("class"), titles.get(id(group), "")
        if kind == "edge" and "->" in name:
            tail, head = name.split("->", 1)
            if tail.startswith("_stub"):
                stubs_of[tail] = head
            elif head.startswith("_stub"):
                stubs_of[head] = tail
    for group in groups:
        kind, name = group.get("class"), titles.get(id(group), "")
        if kind == "node":
            reveal_at = index.get(stubs_of.get(name, name))
        elif kind == "edge" and "->" in name:
            ends = [stubs_of.get(end, end) for end in name.split("->", 1)]
            known = [index[end] for end in ends if end in index]
            reveal_at = max(known) if known else None
        else:
            continue
        if reveal_at:  # the first step is there from the start
            group.set("class", f"{kind} fragment")
            group.set("data-fragment-index", str(reveal_at))
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' + body
