"""Foreign formats, one module per format with its export and import side by side.

| format  | export                  | import                                   |
| ------- | ----------------------- | ---------------------------------------- |
| AIF     | `aif.export_aif`        | `aif.read_aif` (AIFdb, OVA)              |
| Argdown | `argdown.export_argdown`| `argdown.read_argdown` (`argdown json`)  |
| Mermaid | `mermaid.export_mermaid`| (a drawing: nothing to import)           |
| Kialo   | (Kialo reads no files)  | `kialo.read_kialo`                       |

Importers fill a `Graph`; `_assemble` turns any graph into a checked map with its report.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .._collector import collector_paused
from .._document import Document
from .._issues import InvalidMapError, Issue, UsageError
from .._write import format_of
from ..mapfile._read import MAX_DEPTH, parse_text, read_source_text
from ..model import ArgumentMap
from ..vocabulary import ExportFormat, ImportFormat
from ._assemble import Graph, Imported, Note, assemble

EXPORTS: tuple[ExportFormat, ...] = ("aif", "argdown", "mermaid")
IMPORTS: tuple[ImportFormat, ...] = ("aif", "argdown", "kialo")
SUFFIXES: dict[str, str] = {"aif": ".aif.json", "argdown": ".argdown", "mermaid": ".mmd"}
_NAMES = {"aif": "AIF", "argdown": "Argdown", "kialo": "Kialo"}
MAX_IMPORT_BYTES = 64 * 1024 * 1024
"""Largest foreign file read (64 MiB): AIF spends about 1 KB a claim with its locutions,
so this is some 60,000 claims, imported in a few seconds. Map files stay at 8 MiB."""

__all__ = ["EXPORTS", "IMPORTS", "Imported", "Note", "export", "import_map", "import_text"]


def export(argument_map: ArgumentMap, to: str) -> str:
    """The map in a foreign format, as text: "aif" (JSON), "argdown" or "mermaid".

    >>> import argmap
    >>> argmap.export(argmap.load("maps/watchmaker.yaml"), "mermaid").splitlines()[0]
    'flowchart BT'

    Raises:
        UsageError: an unknown format.
        InvalidMapError: the map does not pass the checker.
    """
    if to not in EXPORTS:
        raise UsageError(f"cannot export to '{to}'; use one of {', '.join(EXPORTS)}")
    with collector_paused():  # many small containers, no garbage cycles
        if to == "aif":
            from .aif import export_aif  # noqa: PLC0415

            return export_aif(argument_map)
        if to == "argdown":
            from .argdown import export_argdown  # noqa: PLC0415

            return export_argdown(argument_map)
        from .mermaid import export_mermaid  # noqa: PLC0415

        return export_mermaid(argument_map)


def import_map(
    path: str | os.PathLike[str], *, format: str | None = None, conclusion: str | None = None
) -> Imported:
    """A map made from a file of another tool: AIF or OVA JSON, Argdown (the JSON that
    `argdown json` writes, or `.argdown` through the Argdown CLI), or a Kialo export.

    The format is `format`, or follows from the extension (`.argdown`, `.txt`) and, for
    `.json`, from the content. `conclusion` names the main conclusion (as the source
    names it) when the file argues for several.

    >>> imported = import_map("tests/data/formats/kialo-uniforms.txt")
    >>> imported.map.title, len(imported.map.claims) > 3
    ('Should schools require uniforms?', True)

    Raises:
        InputError: the file cannot be read (or, for `.argdown`, the Argdown CLI is missing).
        InvalidMapError: the file is not of the format, or holds no argument a map can carry.
        UsageError: an unknown format, or a `conclusion` the file does not have.
    """
    path = Path(path)
    name = os.fspath(path)
    chosen = format or _format_of(path)
    if chosen == "kialo":
        text = read_source_text(path, limit=MAX_IMPORT_BYTES)
        return import_text(text, "kialo", name=name, conclusion=conclusion)
    if chosen == "argdown" and path.suffix.lower() in {".argdown", ".ad", ".md"}:
        from .argdown import run_cli  # noqa: PLC0415

        text = run_cli(read_source_text(path, limit=MAX_IMPORT_BYTES), name)
        return import_text(text, "argdown", name=name, conclusion=conclusion)
    text = read_source_text(path, limit=MAX_IMPORT_BYTES)
    if chosen == "json":
        with collector_paused():
            return _imported(text, None, name, conclusion)
    return import_text(text, chosen, name=name, conclusion=conclusion)


def import_text(
    text: str, format: str, *, name: str = "<import>", conclusion: str | None = None
) -> Imported:
    """Like `import_map`, for the file's text held in memory (`format` is required).

    >>> imported = import_text("Discussion Title: T\\n\\n1. C.\\n1.1. Pro: P.\\n", "kialo")
    >>> [claim.id for claim in imported.map.claims]
    ['C', 'P1']
    """
    if format not in IMPORTS:
        raise UsageError(f"cannot import '{format}'; use one of {', '.join(IMPORTS)}")
    with collector_paused():  # as `load` does: large acyclic structures, no garbage cycles
        return _imported(text, format, name, conclusion)


def _imported(text: str, format: str | None, name: str, conclusion: str | None) -> Imported:
    """The map a file holds; a `format` of None is AIF or Argdown's JSON, by structure."""
    stem = Path(name).stem
    if format == "kialo":
        from .kialo import read_kialo  # noqa: PLC0415

        graph = Graph("Kialo", name, stem)
        read_kialo(text, graph)
        return assemble(graph, conclusion)
    document = _quick_document(text, name)
    format = format or _json_format(document.data)
    graph = Graph(_NAMES[format], name, stem)
    try:
        _read_json(document, format, graph)
    except InvalidMapError:
        # Read again with positions, to say where the problem is (positions cost time:
        # libyaml's events, where json's C parser has none).
        graph = Graph(_NAMES[format], name, stem)
        _read_json(parse_text(text, name=name, json_syntax=True), format, graph)
    return assemble(graph, conclusion)


def _read_json(document: Document, format: str, graph: Graph) -> None:
    if document.data is None:
        raise InvalidMapError([Issue("empty-file", "the file is empty", document.name)])
    if format == "aif":
        from .aif import read_aif  # noqa: PLC0415

        read_aif(document, graph)
    else:
        from .argdown import read_argdown  # noqa: PLC0415

        read_argdown(document, graph)


class _RefusedError(ValueError):
    """JSON that the careful reader must see (a repeated key, NaN): it says precisely why."""


def _quick_document(text: str, name: str) -> Document:
    """The JSON read by json's C parser, without positions, when it is plain: no repeated
    key, no NaN, nesting within MAX_DEPTH. Anything else is read by `parse_text`, whose
    message names the line and column."""

    def pairs(items: list[tuple[str, object]]) -> dict[str, object]:
        data = dict(items)
        if len(data) != len(items):
            raise _RefusedError
        return data

    def refuse(constant: str) -> object:
        raise _RefusedError(constant)

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_constant=refuse)
    except (ValueError, RecursionError):
        return parse_text(text, name=name, json_syntax=True)
    stack: list[tuple[object, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return parse_text(text, name=name, json_syntax=True)
        if isinstance(value, dict):
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
    return Document(name, data, Path())


_READS = {".argdown": "argdown", ".ad": "argdown", ".txt": "kialo", ".json": "json", ".aif": "json"}
"""The format an extension names: JSON is AIF's, OVA's or Argdown's (`_json_format` tells)."""


def _format_of(path: Path) -> str:
    return format_of(
        path, _READS, "name a .json (AIF, OVA or Argdown's JSON), .argdown or .txt (Kialo) "
        "file, or give --from", error=UsageError,
    )  # fmt: skip


def _json_format(data: object) -> str:
    """Argdown's JSON (a mapping of 'statements' and no AIF 'nodes'), else AIF.

    >>> _json_format({"arguments": {}, "statements": {}}), _json_format({"nodes": []})
    ('argdown', 'aif')
    """
    if isinstance(data, dict) and isinstance(data.get("statements"), dict) and "nodes" not in data:
        return "argdown"
    return "aif"
