"""Builds: the order a presenter reveals a page in, as frames and as SVG fragments.

A page is revealed step by step: each inference with its premises after the steps that
argue for those premises, each objection right after what it attacks. Every frame draws
the whole page and hides what is still to come, so nothing moves from frame to frame.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace

from ..checks._structure import Structure
from ..draw._style import SMALL
from ..model import ArgumentMap
from ._planner import Page

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
    starts = [*claims, *(claim.id for claim in argument_map.claims if claim.id in shown)]
    return _steps(structure, _order(structure, shown, starts), shown)


def _order(structure: Structure, shown: frozenset[str], starts: list[str]) -> list[str]:
    """The steps and objections of `shown` in reveal order, from each claim of `starts`:
    the steps into a claim, each after the steps into its premises, then the objections
    against what they revealed, each after its reasons (a premise with no reasons of its
    own appears with the step it is a premise of).

    Depth-first with an explicit stack of tasks, so that a chain of any length cannot
    overflow Python's stack; each task is (what to do, element, the claim it serves).
    """
    order: list[str] = []
    visited: set[str] = set()
    revealed: set[str] = set()  # claims that a step of the page reveals
    tasks = [
        task
        for start in reversed(starts)
        for task in (("attacks", start, ""), ("visit", start, ""))
    ]
    while tasks:
        kind, element, claim = tasks.pop()
        todo: list[tuple[str, str, str]] = []
        if kind == "visit" and element not in visited:
            visited.add(element)
            todo = [("step", step.id, element) for step in structure.support_for.get(element, [])]
            todo.append(("revealed", element, ""))
        elif kind == "revealed" and element in revealed:
            todo = [("attacks", element, "")]
        elif kind == "attacks":
            todo = [("objection", o.id, "") for o in structure.attacks_on.get(element, [])]
        elif kind in ("step", "objection") and element in shown and element not in visited:
            visited.add(element)
            revealed.add(claim)  # for an objection, "": no claim
            premises = (
                structure.inferences[element].premises
                if kind == "step"
                else structure.objections[element].premises
            )
            todo = [("visit", premise, "") for premise in premises]
            todo.append(("emit", element, ""))
            todo += [("attacks", premise, "") for premise in (*premises, element)]
        elif kind == "emit":
            order.append(element)
        tasks.extend(reversed(todo))
    return order


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
        options = replace(page.options, hidden=frozenset(page.shown - revealed))
        spec = replace(page.spec, heading=(page.title, subtitle), heading_size=(width, height))
        found.append((replace(page, options=options, spec=spec), step.title))
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
