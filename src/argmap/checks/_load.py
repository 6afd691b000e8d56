"""The `load` stage: a file in, a valid `ArgumentMap` out, or every problem at once."""

from __future__ import annotations

import os
from bisect import bisect_right

from .._collector import collector_paused
from .._document import Document
from .._issues import InvalidMapError, Issue
from ..mapfile._parse import build_map, salvage
from ..mapfile._read import parse_text, read_file
from ..model import ArgumentMap
from ._rules import check_map


def load(path: str | os.PathLike[str]) -> ArgumentMap:
    """Read, validate and check a map file (YAML, or JSON by its `.json` extension).

    >>> argument_map = load("maps/iraq-militias.yaml")
    >>> argument_map.source.publisher
    'The Jerusalem Post'

    Raises:
        InputError: the file cannot be read (missing, a directory, binary, too large).
        InvalidMapError: the map has problems; its `issues` lists every one.
    """
    with collector_paused():
        return accept(_built(read_file(path)))


def loads(text: str, *, name: str = "<map>", json_syntax: bool = False) -> ArgumentMap:
    """Like `load`, for map text held in memory; a source path is taken from the current folder.

    >>> loads("argmap: 1\\ntitle: t\\nclaims: [{id: C, text: c, role: conclusion}]")
    Traceback (most recent call last):
    argmap._issues.InvalidMapError: 1 problem in the map:
    <map>:3:33: unsupported-conclusion: main conclusion 'C' is reached by no inference; \
add an inference with 'to: C'
    """
    with collector_paused():
        return accept(_built(parse_text(text, name=name, json_syntax=json_syntax)))


def accept(argument_map: ArgumentMap, *, quotes: bool = True) -> ArgumentMap:
    """The map, once the checker finds no error (its quotes unchecked without `quotes`)."""
    issues = check_map(argument_map, quotes=quotes)
    errors = [i for i in issues if i.severity == "error"]
    if errors:
        raise InvalidMapError(errors)
    argument_map._checked = True  # what is left, the caller chose to accept
    return argument_map


def _built(document: Document) -> ArgumentMap:
    """The document's map. With shape problems (a wrong type, an unknown field), the
    checker's problems with the rest of the map come with them: every problem at once,
    not an unknown id found only once a scheme is fixed."""
    try:
        return build_map(document)
    except InvalidMapError as error:
        if error.issues[-1].code == "too-many-issues":
            raise
        raise InvalidMapError([*error.issues, *_sense(document, error.issues)]) from None


def _sense(document: Document, shape: list[Issue]) -> list[Issue]:
    """The checker's errors in a map with shape problems, read without what is broken.

    Only when every element could be kept (a broken optional field is left out, a
    broken text or role patched), and none in an element that was patched: its problems
    could come of the patch (a quote left out is no missing quote)."""
    read = salvage(document)
    data = document.data
    if read.map is None or not isinstance(data, dict):
        return []
    starts: list[int] = []  # the first line of each element, in every list of the map
    for section in ("claims", "inferences", "objections", "themes", "scenarios"):
        items = data.get(section)
        kept = getattr(read.map, section)
        if isinstance(items, list) and len(items) != len(kept):
            return []  # an element left out: what names it would seem unknown
        starts += [
            position[0]
            for index in range(len(kept))
            if (position := document.positions.get((section, index)))
        ]
    starts.sort()

    def element(line: int | None) -> int:
        return bisect_right(starts, line or 0)

    patched = {element(issue.line) for issue in shape}
    return [
        issue
        for issue in check_map(read.map)
        if issue.severity == "error" and element(issue.line) not in patched
    ]
