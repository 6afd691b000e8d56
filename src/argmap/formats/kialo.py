"""Kialo's text export: import a discussion. (Kialo reads no files, so no export.)

The export starts `Discussion Title: ...`, then numbers every claim by its place in the
tree: `1. thesis`, `1.1. Pro: ...`, `1.1.1. Con: ...`; a claim used in two places is a
link, `1.2.3. Con: -> See 1.1.`. A Pro becomes an inference from the claim to the one it
is under, a Con an objection against it, the thesis the main conclusion (the first, in a
discussion with several: `--conclusion 2.` takes the second). Kialo escapes
parentheses and brackets with backslashes and writes Markdown links; argmap keeps the
words of a link in the text and its address in the note.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Literal

from .._issues import InvalidMapError, Issue
from ..checks._rules import strongly_connected
from ._assemble import Graph, Node, Step

_NEWLINE = re.compile(r"\r\n|\r|\n")
"""Line ends; other separators (U+2028, U+0085, form feed...) are spaces in a claim."""
_TITLE = re.compile(r"^\s*Discussion Title:\s*(.*)$")
_LINE = re.compile(r"^((?:\d+\.)+)\s+(?:(Pro|Con):\s*)?(.*)$")
_LINK = re.compile(r"^->\s*See\s+((?:\d+\.)+)\s*$")
_KIND: dict[str, Literal["inference", "objection"]] = {"Pro": "inference", "Con": "objection"}
_ESCAPE = re.compile(r"\\([\[\]()*_#\\])")
# A Markdown link, [words](address): its words hold no unescaped bracket and its address
# no space, so that each character is scanned a bounded number of times (a run of '['
# costs no more than its length).
_MARKUP = re.compile(
    _ESCAPE.pattern + r"|\[((?:\\[\s\S]|[^\\\[\]])*)\]"
    r"\(((?:\\[\s\S]|[^\\()\s]|\((?:\\[\s\S]|[^\\()\s])*\))*)\)"
)
_SEARCH_BUDGET = 2_000_000
"""Most steps spent looking for circles that links close (a tangle of links in circles
is refused past it, rather than searched for minutes)."""


def read_kialo(text: str, graph: Graph) -> None:  # noqa: PLR0912, PLR0915  (one pass per line)
    """Fill `graph` with a Kialo discussion.

    Raises:
        InvalidMapError: the text is not Kialo's export, or its numbering does not hold
            (a number twice, a claim under a missing one, a link to nowhere).
    """
    lines = _NEWLINE.split(text)
    first = next((n for n, line in enumerate(lines) if line.strip()), None)
    match = _TITLE.match(lines[first]) if first is not None else None
    if first is None or match is None:
        raise _error(graph, 1, "this is not a Kialo export: it does not start 'Discussion Title:'")
    graph.title = match[1].strip() or graph.title
    entries: dict[str, tuple[str | None, list[str], int]] = {}
    order: list[str] = []
    current: str | None = None
    for number, row in enumerate(lines[first + 1 :], start=first + 2):
        found = _LINE.match(row)
        if found:
            key = found[1]
            if key in entries:
                raise _error(
                    graph, number,
                    f"claim {key} appears twice (first on line {entries[key][2]}); each number "
                    "is one claim",
                )  # fmt: skip
            entries[key] = (found[2], [found[3].strip()], number)
            order.append(key)
            current = key
        elif row.strip() and current is not None:  # a claim's text goes on
            entries[current][1].append(row.strip())
        elif row.strip():
            raise _error(graph, number, "text before the first numbered claim (1. ...)")
    if not order:
        raise _error(graph, first + 1, "the discussion has no claims (1. thesis, 1.1. Pro: ...)")
    thesis = order[0]
    links: list[tuple[str, str, str, int]] = []
    for key in order:
        stance, parts, line = entries[key]
        words = "\n".join(parts)
        parent = _parent(key) if key.count(".") > 1 else None
        if parent is None and stance is not None:
            raise _error(
                graph, line, f"thesis {key} says '{stance}:', but a thesis is under nothing"
            )
        if parent is not None and parent not in entries:
            raise _error(
                graph, line, f"claim {key} is under {parent}, which is not in the discussion"
            )
        if parent is not None and stance is None:
            raise _error(graph, line, f"claim {key} says neither 'Pro:' nor 'Con:'")
        link = _LINK.match(words)
        if link:
            links.append((key, link[1], stance or "", line))
            continue
        graph.nodes[key] = _node(key, words)
        if parent is not None and stance is not None:
            step_key = f"{key}/{stance.lower()}"
            graph.steps[step_key] = Step(step_key, _KIND[stance], [key], parent)
    graph.conclusion = thesis
    theses = [key for key in order if key.count(".") == 1]
    if len(theses) > 1:
        graph.choice(
            f"the first of {len(theses)} theses as the main conclusion (import again with "
            f"--conclusion for another: {', '.join(theses[1:10])})",
            [thesis],
        )
    _link(graph, links)
    if links:
        graph.choice(
            "links (-> See ...) as the linked claim, used once more as a reason",
            [key for key, *_ in links],
        )
    graph.choice("Pro: an inference to the claim above; Con: an objection against that claim")
    graph.choice(
        "every claim held by the discussion's author (Kialo's export does not say who wrote it)"
    )


def _link(graph: Graph, links: list[tuple[str, str, str, int]]) -> None:
    """A step for each link (`key`, `target`, `stance`, `line`), in the file's order; a Pro
    link that would make a claim support itself through a circle is left out and said.

    Only links inside a circle of the whole discussion can close one, so only they are
    searched, within their circle, for a path of support from the claim they are under
    to the claim they link to.
    """
    following: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for step in graph.steps.values():
        if step.kind == "inference":
            following[step.premises[0]].append((step.target, step.key))
    everything = {key: list(steps) for key, steps in following.items()}
    for key, target, stance, line in links:
        if target not in graph.nodes:
            raise _error(
                graph,
                line,
                f"claim {key} links to {target}, which is not a claim of the discussion",
            )
        if stance == "Pro":
            everything.setdefault(target, []).append((_parent(key), key))
    circle = {
        member: number
        for number, members in enumerate(strongly_connected(graph.nodes, everything))
        for member in members
    }
    budget = _SEARCH_BUDGET
    for key, target, stance, line in links:
        parent = _parent(key)
        if stance == "Pro" and circle[parent] == circle[target]:
            found, spent = _supports(following, parent, target, circle, budget)
            budget -= spent
            if found:
                graph.lost(
                    f"the link {key} (-> See {target}): it would make {target} support itself "
                    "through a circle",
                    [key],
                )
                continue
            if budget < 0:
                raise _error(
                    graph,
                    line,
                    f"the links (-> See ...) close more circles of support than argmap sorts "
                    f"out (the search stopped at link {key}); remove the links that make a "
                    "claim support itself",
                )
        step_key = f"{key}/{stance.lower()}"
        graph.steps[step_key] = Step(step_key, _KIND[stance], [target], parent)
        if stance == "Pro":
            following[target].append((parent, step_key))


def _parent(key: str) -> str:
    """The number of the claim `key` is under: 1.2. for 1.2.3."""
    return key[: key[:-1].rfind(".") + 1]


def _node(key: str, words: str) -> Node:
    addresses: list[str] = []

    def plain(markup: re.Match[str]) -> str:
        if markup[1] is not None:  # an escaped character
            return markup[1]
        addresses.append(_ESCAPE.sub(r"\1", markup[3]))
        return _ESCAPE.sub(r"\1", markup[2])

    text = _MARKUP.sub(plain, words)
    fields: dict[str, object] = {}
    if addresses:
        fields["note"] = "Links: " + ", ".join(addresses)
    return Node(key, " ".join(text.split()), fields)


def _supports(
    following: dict[str, list[tuple[str, str]]],
    start: str,
    goal: str,
    circle: dict[str, int],
    budget: int,
) -> tuple[bool, int]:
    """Whether `start` supports `goal` through a chain of inferences inside their circle
    (so that making `goal` a reason for `start` would close it), and the steps searched:
    past `budget` of them, the search gives up (False)."""
    seen, frontier, spent = {start}, [start], 0
    while frontier and spent <= budget:
        node = frontier.pop()
        if node == goal:
            return True, spent
        for nxt, _ in following[node]:
            spent += 1
            if nxt not in seen and circle[nxt] == circle[goal]:
                seen.add(nxt)
                frontier.append(nxt)
    return False, spent


def _error(graph: Graph, line: int, message: str) -> InvalidMapError:
    return InvalidMapError([Issue("not-kialo", message, graph.name, line, 1)])
