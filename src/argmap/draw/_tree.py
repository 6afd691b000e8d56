"""`show`: the argument as an indented tree for the terminal."""

from __future__ import annotations

import textwrap
from collections import deque
from collections.abc import Callable

from ..checks._structure import Structure
from ..model import ArgumentMap, Claim, Holder

_BRANCH, _LAST, _PIPE, _SPACE = "├─ ", "└─ ", "│  ", "   "
_NESTING = 20
"""Levels of indent a part of the tree goes to; deeper reasons continue in a part below."""


def show(argument_map: ArgumentMap, *, width: int = 100, depth: int | None = None) -> str:
    """The argument as a tree: the main conclusion on top, its reasons and objections below.

    Support reads "<= I1 (scheme)", attacks "x O1 rebuts"; a claim reached a second time
    is shown once and then referred to. Lines are wrapped to `width` characters. With
    `depth`, only claims that many steps (inferences or objections) below the main
    conclusion are shown; a claim whose reasons are cut off ends in "...".

    >>> import argmap
    >>> print(show(argmap.load("maps/watchmaker.yaml"), width=60).splitlines()[2])
    C  [conclusion; Main conclusion] The works of nature had an
    """
    structure = Structure.of(argument_map)
    lines = [argument_map.title, "=" * min(len(argument_map.title), width)]
    _Tree(structure, lines, max(width, 40), depth).walk(structure.conclusion)
    return "\n".join(lines)


class _Tree:
    """Prints depth-first with an explicit stack: a long chain cannot overflow Python's."""

    def __init__(
        self, structure: Structure, lines: list[str], width: int, depth: int | None = None
    ) -> None:
        self.structure = structure
        self.lines = lines
        self.width = width
        self.depth = depth
        self.seen: set[str] = set()
        self.themes = {theme.id: theme.label for theme in structure.map.themes}
        self.handlers: dict[str, Callable[[str, str, str], list[tuple[str, str]]]] = {
            "claim": self.claim,
            "support": self.inference,
            "attack": self.objection,
        }

    def emit(self, first: str, rest: str, text: str) -> None:
        # Deep trees keep at least 30 columns of text, however far they are indented.
        width = max(self.width, len(rest) + 30)
        wrapped = textwrap.wrap(text, width=width, initial_indent=first, subsequent_indent=rest)
        self.lines.extend(wrapped or [first.rstrip()])

    def walk(self, claim: Claim) -> None:
        # A part is a heading and the entries below it; each entry: what to print, its
        # id, its two prefixes, and how many steps (inferences or objections) down.
        parts = deque([("", [("claim", claim.id, "", "", 0)])])
        while parts:
            heading, stack = parts.popleft()
            if heading:
                self.lines += ["", heading]
            while stack:
                kind, element_id, first, rest, level = stack.pop()
                children = self.handlers[kind](element_id, first, rest)
                if not (children and kind == "claim"):
                    self.push(stack, children, rest, level + (kind != "claim"))
                elif self.depth is not None and level >= self.depth:
                    self.lines.append(f"{rest}{_LAST}...")  # what lies deeper is left out
                elif len(rest) >= len(_PIPE) * _NESTING:
                    # Deeper reasons start a part of their own, at the left margin: each
                    # line keeps a bounded indent, so the tree is linear in the map.
                    self.lines.append(f"{rest}{_LAST}... continued below, under {element_id}")
                    below: list[tuple[str, str, str, str, int]] = []
                    self.push(below, children, "", level)
                    parts.append((f"{element_id}, continued ({level} steps down):", below))
                else:
                    self.push(stack, children, rest, level)

    @staticmethod
    def push(
        stack: list[tuple[str, str, str, str, int]],
        children: list[tuple[str, str]],
        rest: str,
        level: int,
    ) -> None:
        """Put children on the stack under a line whose continuation prefix is `rest`."""
        for position, (kind, element_id) in reversed(list(enumerate(children))):
            last = position == len(children) - 1
            first, after = (_LAST, _SPACE) if last else (_BRANCH, _PIPE)
            stack.append((kind, element_id, rest + first, rest + after, level))

    def claim(self, claim_id: str, first: str, rest: str) -> list[tuple[str, str]]:
        claim = self.structure.claims[claim_id]
        if claim.id in self.seen:
            self.emit(first, rest + _SPACE, f"{claim.id}  (shown above)")
            return []
        self.seen.add(claim.id)
        tags = [str(claim.role)]
        if claim.unstated:
            tags.append("unstated")
        if claim.holder is Holder.ANALYST:
            tags.append("analyst's")
        elif claim.holder is Holder.REPORTED:
            tags.append(f"reported: {claim.voice}")
        if claim.theme:
            tags.append(self.themes.get(claim.theme, claim.theme))
        children = [("support", step.id) for step in self.structure.support_for.get(claim.id, [])]
        children += [("attack", o.id) for o in self.structure.attacks_on.get(claim.id, [])]
        below = _PIPE if children else _SPACE
        self.emit(first, rest + below, f"{claim.id}  [{'; '.join(tags)}] {claim.text}")
        return children

    def inference(self, inference_id: str, first: str, rest: str) -> list[tuple[str, str]]:
        step = self.structure.inferences[inference_id]
        details = [step.scheme or "no scheme"]
        if len(step.premises) > 1:
            details.append("linked")
        self.emit(first, rest + _PIPE, f"<= {step.id} ({', '.join(details)})")
        children = [("claim", premise) for premise in step.premises]
        return children + [("attack", o.id) for o in self.structure.attacks_on.get(step.id, [])]

    def objection(self, objection_id: str, first: str, rest: str) -> list[tuple[str, str]]:
        objection = self.structure.objections[objection_id]
        kind = self.structure.attack_kind(objection)
        self.emit(first, rest + _PIPE, f"x {objection.id} {kind}")
        children = [("claim", premise) for premise in objection.premises]
        if objection.id in self.seen:  # objections answering each other in a circle
            return children
        self.seen.add(objection.id)
        return children + [
            ("attack", o.id) for o in self.structure.attacks_on.get(objection.id, [])
        ]
