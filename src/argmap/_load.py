"""The `load` stage: a file in, a valid `ArgumentMap` out, or every problem at once."""

from __future__ import annotations

import os

from ._check import check_map
from ._collector import collector_paused
from ._issues import InvalidMapError
from ._parse import build_map
from ._read import parse_text, read_file
from .model import ArgumentMap


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
        return _checked(build_map(read_file(path)))


def loads(text: str, *, name: str = "<map>", json_syntax: bool = False) -> ArgumentMap:
    """Like `load`, for map text held in memory; a source path is taken from the current folder.

    >>> loads("argmap: 1\\ntitle: t\\nclaims: [{id: C, text: c, role: conclusion}]")
    Traceback (most recent call last):
    argmap._issues.InvalidMapError: 1 problem in the map:
    <map>:3:33: unsupported-conclusion: main conclusion 'C' is reached by no inference; \
add an inference with 'to: C'
    """
    with collector_paused():
        return _checked(build_map(parse_text(text, name=name, json_syntax=json_syntax)))


def _checked(argument_map: ArgumentMap, *, quotes: bool = True) -> ArgumentMap:
    """The map, once the checker finds no error (its quotes unchecked without `quotes`)."""
    issues = check_map(argument_map, quotes=quotes)
    errors = [i for i in issues if i.severity == "error"]
    if errors:
        raise InvalidMapError(errors)
    argument_map._checked = True  # what is left, the caller chose to accept
    return argument_map
