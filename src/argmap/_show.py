"""`show`: the argument as an indented tree for the terminal."""

from __future__ import annotations

import textwrap

from ._structure import Structure
from .model import ArgumentMap, Claim, Holder

_BRANCH, _LAST, _PIPE, _SPACE = "├─ ", "└─ ", "│  ", "   "


def show(argument_map: ArgumentMap, *, width: int = 100) -> str:
    """The argument as a tree: the main conclusion on top, its reasons and objections below.

    Support reads "<= I1 (scheme)", attacks "x O1 rebuts"; a claim reached a second time
    is shown once and then referred to. Lines are wrapped to `width` characters.

    >>> import argmap
    >>> print(show(argmap.load("maps/watchmaker.yaml"), width=60).splitlines()[2])
    C  [conclusion; Main conclusion] The works of nature had an
    """
    structure = Structure.of(argument_map)
    lines = [argument_map.title, "=" * min(len(argument_map.title), width)]
    _Tree(structure, lines, max(width, 40)).claim(structure.conclusion, "", "")
    return "\n".join(lines)


class _Tree:
    def __init__(self, structure: Structure, lines: list[str], width: int) -> None:
        self.structure = structure
        self.lines = lines
        self.width = width
        self.seen: set[str] = set()
        self.themes = {theme.id: theme.label for theme in structure.map.themes}

    def emit(self, first: str, rest: str, text: str) -> None:
        wrapped = textwrap.wrap(
            text,
            width=self.width,
            initial_indent=first,
            subsequent_indent=rest,
            break_long_words=True,
        )
        self.lines.extend(wrapped or [first.rstrip()])

    def claim(self, claim: Claim, first: str, rest: str) -> None:
        tags = [str(claim.role)]
        if claim.holder is Holder.ANALYST:
            tags.append("analyst's")
        if claim.theme:
            tags.append(self.themes.get(claim.theme, claim.theme))
        if claim.id in self.seen:
            self.emit(first, rest + _SPACE, f"{claim.id}  (shown above)")
            return
        self.seen.add(claim.id)
        children = [("support", step.id) for step in self.structure.support_for.get(claim.id, [])]
        children += [
            ("attack", attack.id) for attack in self.structure.attacks_on.get(claim.id, [])
        ]
        self.emit(
            first,
            rest + (_PIPE if children else _SPACE),
            f"{claim.id}  [{'; '.join(tags)}] {claim.text}",
        )
        self.children(children, rest)

    def children(self, children: list[tuple[str, str]], rest: str) -> None:
        for position, (kind, element_id) in enumerate(children):
            last = position == len(children) - 1
            first, deeper = rest + (_LAST if last else _BRANCH), rest + (_SPACE if last else _PIPE)
            if kind == "support":
                self.inference(element_id, first, deeper)
            elif kind == "attack":
                self.objection(element_id, first, deeper)
            else:
                self.claim(self.structure.claims[element_id], first, deeper)

    def inference(self, inference_id: str, first: str, rest: str) -> None:
        step = self.structure.inferences[inference_id]
        details = [step.scheme or "no scheme"]
        if len(step.premises) > 1:
            details.append("linked")
        self.emit(first, rest + _PIPE, f"<= {step.id} ({', '.join(details)})")
        children = [("claim", premise) for premise in step.premises]
        children += [("attack", attack.id) for attack in self.structure.attacks_on.get(step.id, [])]
        self.children(children, rest)

    def objection(self, objection_id: str, first: str, rest: str) -> None:
        objection = self.structure.objections[objection_id]
        self.emit(first, rest + _PIPE, f"x {objection.id} {self.structure.attack_kind(objection)}")
        self.children([("claim", premise) for premise in objection.premises], rest)
