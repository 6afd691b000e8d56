"""Read a map file into plain data, remembering the line and column of every value.

This is the only stage besides the writers that touches the file system. YAML is read
event by event (never recursively), so duplicate keys, aliases and deep nesting are
caught with their positions before any data is built from them.
"""

from __future__ import annotations

import bisect
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ._hints import colon_hint
from ._issues import InputError, InvalidMapError, Issue, Severity

MAX_BYTES = 8 * 1024 * 1024
"""Largest map file read, in bytes (8 MiB: a 10,000-claim map with quotes is about 3 MiB)."""

MAX_DEPTH = 32
"""Deepest nesting of mappings and lists accepted (a map needs 4)."""

Loc = tuple[str | int, ...]
Pos = tuple[int, int]

_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}


@dataclass(frozen=True)
class Document:
    """A map file's data before validation, with where each value stands in the file."""

    name: str
    """The file name to show in messages."""
    data: object
    base_dir: Path
    """Folder that paths inside the map (the source text) are relative to."""
    positions: dict[Loc, Pos] = field(default_factory=dict)
    """Line and column (1-based) of each value, by its path in the data."""
    key_positions: dict[Loc, Pos] = field(default_factory=dict)
    """Line and column of each mapping key, by the path of its value."""

    def issue(
        self,
        code: str,
        message: str,
        loc: Loc = (),
        *,
        key: bool = False,
        severity: Severity = "error",
    ) -> Issue:
        """An issue placed at `loc` (or the nearest enclosing value that has a position)."""
        line, column = self.position(loc, key=key) or (1, 1)
        return Issue(code, message, self.name, line, column, severity)

    def position(self, loc: Loc, *, key: bool = False) -> Pos | None:
        """Where the value at `loc` is, falling back to its closest enclosing value."""
        if key and loc in self.key_positions:
            return self.key_positions[loc]
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.positions:
                return self.positions[loc[:end]]
        return None


def issue_at(
    document: Document | None,
    code: str,
    message: str,
    loc: Loc = (),
    *,
    key: bool = False,
    severity: Severity = "error",
) -> Issue:
    """An issue placed in the file a map came from; unplaced for a map built in code."""
    if document is None:
        return Issue(code, message, severity=severity)
    return document.issue(code, message, loc, key=key, severity=severity)


def read_file(path: str | os.PathLike[str]) -> Document:
    """Read a YAML or JSON map file.

    Raises:
        InputError: the file cannot be read as text (missing, a directory, binary, too large).
        InvalidMapError: the text is not well-formed YAML/JSON, or repeats a key.
    """
    path = Path(path)
    name = os.fspath(path)
    raw = _read_bytes(path, name)
    text = _decode(raw, name)
    return parse_text(text, name=name, base_dir=path.parent, json_syntax=path.suffix == ".json")


def parse_text(
    text: str, *, name: str = "<map>", base_dir: Path | None = None, json_syntax: bool = False
) -> Document:
    """Parse map text (YAML, or JSON when `json_syntax`) into a `Document`.

    >>> parse_text("argmap: 1\\ntitle: x\\n").positions[("title",)]
    (2, 8)
    """
    base = base_dir if base_dir is not None else Path()
    data = _check_json(text, name) if json_syntax else None
    builder = _Builder(name)
    try:
        builder.run(text)
    except InvalidMapError as error:
        if not json_syntax or error.issues[0].code != "yaml-syntax":
            raise
        # Valid JSON that YAML 1.1 cannot read (surrogate-pair escapes such as
        # \ud83d\ude00): keep JSON's reading, without positions.
        return Document(name, data, base)
    return Document(name, builder.root, base, builder.positions, builder.key_positions)


def read_source_text(path: Path, *, limit: int = MAX_BYTES) -> str:
    """Read a source text (the article a map quotes, or another tool's file), as UTF-8.

    Raises:
        InputError: missing, unreadable, binary, not UTF-8, or over `limit` bytes.
    """
    name = os.fspath(path)
    return _decode(_read_bytes(path, name, limit), name)


def _input_error(code: str, name: str, message: str) -> InputError:
    return InputError(Issue(code, message, name))


def _read_bytes(path: Path, name: str, limit: int = MAX_BYTES) -> bytes:
    try:
        if path.is_dir():
            raise _input_error("not-a-file", name, "is a directory, not a file; give a file's path")
        size = path.stat().st_size
        if size > limit:
            raise _input_error(
                "too-large",
                name,
                f"is {size:,} bytes; argmap reads files of at most {limit:,} bytes "
                "(split the map, or check that this is the right file)",
            )
        with path.open("rb") as handle:
            return handle.read(limit + 1)
    except FileNotFoundError:
        raise _input_error("file-not-found", name, "no such file; check the path") from None
    except PermissionError:
        raise _input_error(
            "unreadable", name, "permission denied; make the file readable (chmod +r)"
        ) from None
    except OSError as error:
        raise _input_error("unreadable", name, f"cannot be read: {error.strerror}") from None


def _decode(raw: bytes, name: str) -> str:
    for bom, encoding in _BOMS.items():
        if raw.startswith(bom):
            raise _input_error(
                "not-utf8", name, f"is {encoding}-encoded; save it as UTF-8 (without BOM)"
            )
    if b"\x00" in raw:
        if _looks_utf16(raw):
            raise _input_error("not-utf8", name, "looks UTF-16-encoded; save it as UTF-8")
        raise _input_error("binary-file", name, "contains NUL bytes: it is a binary file, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise InputError(
            Issue(
                "not-utf8",
                f"byte 0x{raw[error.start]:02x} is not UTF-8; save the file as UTF-8",
                name,
                line,
                column,
            )
        ) from None


def _looks_utf16(raw: bytes) -> bool:
    """Text in UTF-16 without a byte-order mark: every other byte NUL, the rest printable."""
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        printable = sum(char.isprintable() or char.isspace() for char in text)
        if len(text) >= 8 and printable >= 0.95 * len(text):
            return True
    return False


def _check_json(text: str, name: str) -> object:
    """Strict JSON's reading of the text; faults carry json's own position.

    Duplicate keys are left for the YAML reading, which knows where they are.
    """

    def refuse_constant(constant: str) -> object:
        raise InvalidMapError(
            [
                Issue(
                    "json-syntax", f"{constant} is not JSON; write a number or a string", name, 1, 1
                )
            ]
        )

    try:
        return json.loads(text, parse_constant=refuse_constant)
    except json.JSONDecodeError as error:
        raise InvalidMapError(
            [Issue("json-syntax", f"{error.msg}; fix the JSON", name, error.lineno, error.colno)]
        ) from None
    except RecursionError:
        raise InvalidMapError(
            [Issue("too-deep", f"nesting is deeper than {MAX_DEPTH} levels", name, 1, 1)]
        ) from None


# libyaml's parser, when PyYAML was built with it (its wheels are), is 30 times faster;
# the events, marks and errors are the same.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_YAML = "tag:yaml.org,2002:"
_STR = f"{_YAML}str"
_PLAIN_TAGS = {None, "!", f"{_YAML}map", f"{_YAML}seq"}
_SCALAR_TAGS = {f"{_YAML}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}


def _short(tag: str | None) -> str:
    return str(tag).replace(_YAML, "!!")


_YAML_ONLY_BREAKS = re.compile("[\u2028\u2029\x85]")
"""Characters YAML 1.1 counts as line breaks and editors do not."""


class _Lines:
    """Line and column as an editor shows them (only newlines break lines), by offset."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def position(self, mark: Any) -> Pos:
        line = bisect.bisect_right(self.starts, mark.index)
        return line, mark.index - self.starts[line - 1] + 1


class _Builder:
    """Builds plain data from YAML events, with positions, refusing what maps never need.

    One loop with local state: it runs once per event of a file that may hold a few
    hundred thousand, so it stays flat (no method call per event but for scalars).
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.root: object = None
        self.positions: dict[Loc, Pos] = {}
        self.key_positions: dict[Loc, Pos] = {}
        self.text = ""

    def fail(self, code: str, message: str, mark: Any) -> InvalidMapError:
        """An error at a mark (libyaml's and PyYAML's marks differ in type, not in shape)."""
        line, column = _Lines(self.text).position(mark) if mark else (None, None)
        return InvalidMapError([Issue(code, message, self.name, line, column)])

    def run(self, text: str) -> None:
        loader: yaml.SafeLoader | None = None
        self.text = text
        try:
            loader = _Loader(text)
            self.build(loader)
        except yaml.reader.ReaderError as error:
            line = text.count("\n", 0, error.position) + 1
            column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
            character = f"character U+{error.character:04X}"
            raise InvalidMapError(
                [
                    Issue(
                        "yaml-syntax",
                        f"{character} is not allowed in YAML; remove it",
                        self.name,
                        line,
                        column,
                    )
                ]
            ) from None
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            problem = error.problem or error.context or "cannot be parsed"
            if error.context and error.context_mark and "end of stream" in problem:
                # An unclosed quote or bracket: where it opens is where to look.
                mark = error.context_mark
                problem = (
                    f"{error.context.removeprefix('while scanning ')} opens here, never closed"
                )
            elif (
                error.context
                and error.context_mark
                and mark
                and error.context_mark.line != mark.line
            ):
                where = (
                    f"line {error.context_mark.line + 1}, column {error.context_mark.column + 1}"
                )
                problem = f"{problem} ({error.context} that opens at {where})"
            if "nesting depth" in problem:  # libyaml's own limit, far above ours
                raise self.fail(
                    "too-deep", f"nesting is deeper than {MAX_DEPTH} levels", mark
                ) from None
            if "Unicode character escape" in problem:  # JSON-style surrogate pairs: \ud83d...
                problem += " (YAML takes no surrogate pairs: write the character itself)"
            fix = "fix the YAML syntax"
            if "mapping values are not allowed" in problem and mark:  # most often a colon
                fix = colon_hint(self.text, mark.index)
            raise self.fail("yaml-syntax", f"{problem}; {fix}", mark) from None
        finally:
            if loader is not None:
                loader.dispose()

    def build(self, loader: yaml.SafeLoader) -> None:  # noqa: PLR0912, PLR0915  (one flat loop)
        positions, key_positions = self.positions, self.key_positions
        # The open containers, their paths, and for mappings the pending key and its position.
        containers: list[dict[object, object] | list[object]] = []
        locs: list[Loc] = []
        keys: list[tuple[object, Pos] | None] = []
        documents = 0
        lines = _Lines(self.text) if _YAML_ONLY_BREAKS.search(self.text) else None
        resolvers = loader.yaml_implicit_resolvers  # by first character: bools, numbers, nulls
        while loader.check_event():
            event = loader.get_event()  # type: ignore[no-untyped-call]
            kind = type(event)
            mark = event.start_mark
            if kind is yaml.ScalarEvent:
                text = event.value
                if containers and keys[-1] is None and isinstance(containers[-1], dict):
                    value: object = text  # a key, as written: 'on', '1' and '~' stay text
                elif event.tag is None and (event.style or (text and text[0] not in resolvers)):
                    value = text  # quoted, or plain text no resolver could claim
                else:
                    value = self.scalar(loader, event)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if event.tag not in _PLAIN_TAGS:
                    raise self.fail(
                        "yaml-tag", f"tag {_short(event.tag)} is not allowed in a map", mark
                    )
                if len(containers) >= MAX_DEPTH:
                    raise self.fail(
                        "too-deep",
                        f"nesting is deeper than {MAX_DEPTH} levels; a map needs no more than 4",
                        mark,
                    )
                value = {} if kind is yaml.MappingStartEvent else []
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                containers.pop()
                locs.pop()
                keys.pop()
                continue
            elif kind is yaml.AliasEvent:
                raise self.fail(
                    "yaml-alias",
                    f"aliases (*{event.anchor}) are not allowed in a map; write the value out",
                    mark,
                )
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise self.fail(
                        "yaml-syntax",
                        "a map file holds one YAML document; remove the second '---' document",
                        mark,
                    )
                continue
            else:
                continue
            pos = lines.position(mark) if lines else (mark.line + 1, mark.column + 1)
            # Place the value: at the root, in a list, as a mapping key, or as its value.
            loc: Loc
            if not containers:
                self.root, loc = value, ()
            else:
                container = containers[-1]
                if isinstance(container, list):
                    loc = (*locs[-1], len(container))
                    container.append(value)
                elif keys[-1] is None:
                    if isinstance(value, dict | list):
                        raise self.fail("yaml-syntax", "a mapping key must be a plain value", mark)
                    if value in container:
                        first = key_positions[(*locs[-1], str(value))][0]
                        raise self.fail(
                            "duplicate-key",
                            f"key '{value}' appears twice in the same mapping (first on line "
                            f"{first}); keep one",
                            mark,
                        )
                    keys[-1] = (value, pos)
                    continue
                else:
                    key, key_pos = keys[-1]
                    keys[-1] = None
                    loc = (*locs[-1], str(key))
                    container[key] = value
                    key_positions[loc] = key_pos
            positions[loc] = pos
            if isinstance(value, dict | list):
                containers.append(value)
                locs.append(loc)
                keys.append(None)

    def scalar(self, loader: yaml.SafeLoader, event: yaml.ScalarEvent) -> object:
        tag = event.tag
        if tag is None or tag == "!":
            tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
        elif tag not in _SCALAR_TAGS:
            raise self.fail(
                "yaml-tag", f"tag {_short(tag)} is not allowed in a map", event.start_mark
            )
        construct = loader.yaml_constructors.get(tag)
        if tag == _STR or construct is None:  # '=' and '<<' resolve to tags with no value
            return event.value
        try:
            return construct(loader, yaml.ScalarNode(tag, event.value))
        except (ValueError, KeyError, IndexError, TypeError):
            kind = _short(tag).removeprefix("!!")
            raise self.fail(
                "invalid-value",
                f"'{event.value}' is read as a {kind} but is not a valid one; "
                "put it in quotes to keep it as text",
                event.start_mark,
            ) from None
