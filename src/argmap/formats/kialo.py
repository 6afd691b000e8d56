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
from ._assemble import Graph, Node, Step

_TITLE = re.compile(r"^\s*Discussion Title:\s*(.*)$")
_LINE = re.compile(r"^((?:\d+\.)+)\s+(?:(Pro|Con):\s*)?(.*)$")
_LINK = re.compile(r"^->\s*See\s+((?:\d+\.)+)\s*$")
_KIND: dict[str, Literal["inference", "objection"]] = {"Pro": "inference", "Con": "objection"}
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\(([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\)")


def read_kialo(text: str, graph: Graph) -> None:  # noqa: PLR0912, PLR0915  (one pass per line)
    """Fill `graph` with a Kialo discussion.

    Raises:
        InvalidMapError: the text is not Kialo's export, or its numbering does not hold
            (a number twice, a claim under a missing one, a link to nowhere).
    """
    lines = text.splitlines()
    first = next((n for n, line in enumerate(lines) if line.strip()), None)
    match = _TITLE.match(lines[first]) if first is not None else None
    if first is None or match is None:
        raise _error(graph, 1, "this is not a Kialo export: it does not start 'Discussion Title:'")
    graph.title = match[1].strip() or graph.title
    entries: dict[str, tuple[str | None, str, int]] = {}
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
            entries[key] = (found[2], found[3].strip(), number)
            order.append(key)
            current = key
        elif row.strip() and current is not None:  # a claim's text goes on
            stance, words, start = entries[current]
            entries[current] = (stance, f"{words}\n{row.strip()}", start)
        elif row.strip():
            raise _error(graph, number, "text before the first numbered claim (1. ...)")
    if not order:
        raise _error(graph, first + 1, "the discussion has no claims (1. thesis, 1.1. Pro: ...)")
    thesis = order[0]
    links: list[tuple[str, str, str, int]] = []
    for key in order:
        stance, words, line = entries[key]
        parent = key[: key[:-1].rfind(".") + 1] if key.count(".") > 1 else None
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
    for key, target, stance, line in links:
        if target not in graph.nodes:
            raise _error(
                graph,
                line,
                f"claim {key} links to {target}, which is not a claim of the discussion",
            )
        parent = key[: key[:-1].rfind(".") + 1]
        if stance == "Pro" and _supports(graph, parent, target):
            graph.lost(
                f"the link {key} (-> See {target}): it would make {target} support itself "
                "through a circle",
                [key],
            )
            continue
        step_key = f"{key}/{stance.lower()}"
        graph.steps[step_key] = Step(step_key, _KIND[stance], [target], parent)
    if links:
        graph.choice(
            "links (-> See ...) as the linked claim, used once more as a reason",
            [key for key, *_ in links],
        )
    graph.choice("Pro: an inference to the claim above; Con: an objection against that claim")
    graph.choice(
        "every claim held by the discussion's author (Kialo's export does not say who wrote it)"
    )


def _node(key: str, words: str) -> Node:
    text = re.sub(r"\\([\[\]()*_#\\])", r"\1", words)
    addresses = [m[2] for m in _MARKDOWN_LINK.finditer(text)]
    text = _MARKDOWN_LINK.sub(lambda m: m[1], text)
    fields: dict[str, object] = {}
    if addresses:
        fields["note"] = "Links: " + ", ".join(addresses)
    return Node(key, " ".join(text.split()), fields)


def _supports(graph: Graph, start: str, goal: str) -> bool:
    """Whether `start` supports `goal` through a chain of inferences (so that making
    `goal` a reason for `start` would close a circle)."""
    following: dict[str, list[str]] = defaultdict(list)
    for step in graph.steps.values():
        if step.kind == "inference":
            for premise in step.premises:
                following[premise].append(step.target)
    seen, frontier = {start}, [start]
    while frontier:
        node = frontier.pop()
        if node == goal:
            return True
        for nxt in following[node]:
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    return False


def _error(graph: Graph, line: int, message: str) -> InvalidMapError:
    return InvalidMapError([Issue("not-kialo", message, graph.name, line, 1)])
