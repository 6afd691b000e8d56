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
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .._document import Document, Loc, Pos
from .._issues import InputError, InvalidMapError, Issue
from ._hints import colon_hint, unclosed_quote_hint

MAX_BYTES = 8 * 1024 * 1024
"""Largest map file read, in bytes (8 MiB: a 10,000-claim map with quotes is about 3 MiB)."""

MAX_DEPTH = 32
"""Deepest nesting of mappings and lists accepted (a map needs 4)."""

_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}


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
    builder = _DocumentBuilder(name)
    if not json_syntax:
        builder.run(text)
        return Document(name, builder.root, base, builder.positions, builder.key_positions)
    reading = _check_json(text, name)
    read, shortened = _yaml_escapes(text)
    lone = _LONE_ESCAPE.search(read)
    if lone:  # what is left is half a pair: JSON reads it, but it is no character
        line, column = _Lines(text, shortened).at(lone.start(1))
        raise InvalidMapError(
            [
                Issue(
                    "json-syntax",
                    f"{lone[1]} is half of a surrogate pair, which is no character; write "
                    "the character itself (or both halves of its pair)",
                    name,
                    line,
                    column,
                )
            ]
        )
    try:
        builder.run(text, read, shortened)
    except InvalidMapError as error:
        if error.issues[0].code != "yaml-syntax":
            raise
        # Valid JSON that YAML 1.1 still cannot read (a key of over 1,024 characters):
        # JSON's reading, without positions, under the same rules.
        return Document(name, _within_limits(reading, name), base)
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


_NOT_FILES = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def _read_bytes(path: Path, name: str, limit: int = MAX_BYTES) -> bytes:
    """A regular file's bytes. Anything else is refused before it is read: a pipe or a
    device would block, or never end. The file is opened without blocking, so that a
    pipe with no writer cannot hang the check either."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise _input_error("file-not-found", name, "no such file; check the path") from None
    except PermissionError:
        raise _input_error(
            "unreadable", name, "permission denied; make the file readable (chmod +r)"
        ) from None
    except OSError as error:
        raise _input_error("unreadable", name, f"cannot be read: {error.strerror}") from None
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise _input_error("not-a-file", name, "is a directory, not a file; give a file's path")
        if not stat.S_ISREG(info.st_mode):
            kind = _NOT_FILES.get(stat.S_IFMT(info.st_mode), "not a regular file")
            raise _input_error(
                "not-a-file", name, f"is {kind}, not a regular file; give a file's path"
            )
        if info.st_size > limit:
            raise _input_error(
                "too-large",
                name,
                f"is {info.st_size:,} bytes; argmap reads files of at most {limit:,} "
                "bytes (split the map, or check that this is the right file)",
            )
        chunks = []
        while chunk := os.read(descriptor, limit + 1):
            chunks.append(chunk)
            if sum(map(len, chunks)) > limit:  # grown since fstat: enough to refuse it
                break
        return b"".join(chunks)
    except OSError as error:
        raise _input_error("unreadable", name, f"cannot be read: {error.strerror}") from None
    finally:
        os.close(descriptor)


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
    """Text in UTF-16 without a byte-order mark: NUL bytes at every other place (at least
    one character in four from the first 256: spaces, digits, line ends), the rest
    printable. One stray NUL in UTF-8 text is no UTF-16."""
    for encoding, high in (("utf-16-le", 1), ("utf-16-be", 0)):
        if raw[high::2].count(0) * 8 < len(raw):
            continue
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        printable = sum(char.isprintable() or char.isspace() for char in text)
        if len(text) >= 8 and printable >= 0.95 * len(text):
            return True
    return False


@dataclass(frozen=True)
class _JsonReading:
    """Strict JSON's reading of a text, and what the YAML reading reports (with its
    position) but a reading without positions must refuse itself."""

    data: object = None
    duplicate: str | None = None
    """A key that appears twice in one mapping."""
    too_long: bool = False
    """A number has more digits than Python reads."""


def _check_json(text: str, name: str) -> _JsonReading:
    """Strict JSON's reading of the text; faults carry json's own position."""
    duplicates: list[str] = []

    def refuse_constant(constant: str) -> object:
        raise InvalidMapError(
            [
                Issue(
                    "json-syntax", f"{constant} is not JSON; write a number or a string", name, 1, 1
                )
            ]
        )

    def mapping(pairs: list[tuple[str, object]]) -> dict[str, object]:
        result = dict(pairs)
        if len(result) < len(pairs) and not duplicates:
            seen: set[str] = set()
            duplicates.extend(key for key, _ in pairs if key in seen or seen.add(key))  # type: ignore[func-returns-value]
        return result

    try:
        data = json.loads(text, parse_constant=refuse_constant, object_pairs_hook=mapping)
    except json.JSONDecodeError as error:
        raise InvalidMapError(
            [Issue("json-syntax", f"{error.msg}; fix the JSON", name, error.lineno, error.colno)]
        ) from None
    except RecursionError:
        raise InvalidMapError(
            [Issue("too-deep", f"nesting is deeper than {MAX_DEPTH} levels", name, 1, 1)]
        ) from None
    except ValueError:  # a number past Python's limit on digits
        return _JsonReading(too_long=True)
    return _JsonReading(data, duplicates[0] if duplicates else None)


_PAIR_ESCAPE = re.compile(
    r"(?<!\\)((?:\\\\)*)\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})"
)
"""A JSON escape of a character beyond U+FFFF as a surrogate pair (\\ud83d\\ude00), after
an even number of backslashes (so the backslash is not itself escaped)."""


_LONE_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*(\\u[dD][89a-fA-F][0-9a-fA-F]{2})")
"""A surrogate escape, once the pairs are written as one escape: half a pair."""


def _yaml_escapes(text: str) -> tuple[str, list[int]]:
    """JSON text as YAML 1.1 reads it the same: each surrogate-pair escape, which YAML
    refuses, written as the one \\U escape of its character (two characters shorter).

    Returns the text and where each shortened escape ends in it, so that positions can
    be given in the file as written.
    """
    ends: list[int] = []
    shift = 0

    def single(match: re.Match[str]) -> str:
        nonlocal shift
        high, low = int(match[2], 16), int(match[3], 16)
        code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        replacement = f"{match[1]}\\U{code:08X}"
        ends.append(match.start() - shift + len(replacement))
        shift += len(match[0]) - len(replacement)
        return replacement

    return _PAIR_ESCAPE.sub(single, text), ends


def _within_limits(reading: _JsonReading, name: str) -> object:
    """JSON's reading of a map held to the rules of the YAML reading: no duplicate key,
    no number too long to read, and the nesting limit."""

    def refuse(code: str, message: str) -> InvalidMapError:
        return InvalidMapError([Issue(code, message, name, 1, 1)])

    if reading.duplicate is not None:
        raise refuse(
            "duplicate-key",
            f"key '{reading.duplicate[:80]}' appears twice in the same mapping; keep one",
        )
    if reading.too_long:
        raise refuse("invalid-value", "a number has more digits than argmap reads; shorten it")
    stack = [(reading.data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                raise refuse("too-deep", f"nesting is deeper than {MAX_DEPTH} levels")
            items = list(value.values()) if isinstance(value, dict) else value
            stack += [(item, depth + 1) for item in items]
    return reading.data


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
    """Line and column as an editor shows them (only newlines break lines), by offset.

    `shortened` are the offsets, in the text YAML read, where an escape two characters
    shorter than the file's ends (see `_yaml_escapes`).
    """

    def __init__(self, text: str, shortened: list[int] | None = None) -> None:
        self.starts = [0] + [match.end() for match in re.finditer("\n", text)]
        self.shortened = shortened or []

    def position(self, mark: Any) -> Pos:
        return self.at(mark.index)

    def at(self, index: int) -> Pos:
        index += 2 * bisect.bisect_right(self.shortened, index)
        line = bisect.bisect_right(self.starts, index)
        return line, index - self.starts[line - 1] + 1


class _DocumentBuilder:
    """Builds plain data from YAML events, with positions, refusing what maps never need.

    One loop with local state: it runs once per event of a file that may hold a few
    hundred thousand, so it stays flat (no method call per event but for scalars).
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.root: object = None
        self.positions: dict[Loc, Pos] = {}
        self.key_positions: dict[Loc, Pos] = {}
        self.lines = _Lines("")
        self.text = ""

    def fail(self, code: str, message: str, mark: Any) -> InvalidMapError:
        """An error at a mark (libyaml's and PyYAML's marks differ in type, not in shape)."""
        line, column = self.lines.position(mark) if mark else (None, None)
        return InvalidMapError([Issue(code, message, self.name, line, column)])

    def run(self, text: str, read: str | None = None, shortened: list[int] | None = None) -> None:
        """Build the data of `text`, from `read` if given: the text as YAML is to read it,
        with escapes `shortened` where it differs (see `_yaml_escapes`)."""
        loader: yaml.SafeLoader | None = None
        self.lines = _Lines(text, shortened)
        self.text = text if read is None else read  # what YAML's marks index into
        exact = not shortened and not _YAML_ONLY_BREAKS.search(text)
        try:
            loader = _Loader(text if read is None else read)
            self.build(loader, exact)
        except yaml.reader.ReaderError as error:
            line, column = self.lines.at(error.position)
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
            elif "expected" in problem and mark:  # a quote left open runs into the next line
                fix = unclosed_quote_hint(self.text, mark.line) or fix
            raise self.fail("yaml-syntax", f"{problem}; {fix}", mark) from None
        finally:
            if loader is not None:
                loader.dispose()

    def build(self, loader: yaml.SafeLoader, exact: bool) -> None:  # noqa: PLR0912, PLR0915
        """One flat loop over the events; `exact` when YAML's own lines and columns are
        the file's (no YAML-only line breaks, no shortened escapes)."""
        positions, key_positions = self.positions, self.key_positions
        # The open containers, their paths, and for mappings the pending key and its position.
        containers: list[dict[object, object] | list[object]] = []
        locs: list[Loc] = []
        keys: list[tuple[object, Pos] | None] = []
        documents = 0
        lines = None if exact else self.lines
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
        elif tag != _STR and tag != loader.resolve(yaml.ScalarNode, event.value, (True, False)):  # type: ignore[no-untyped-call]
            # An explicit tag on a value not of its form (`!!timestamp hello`): PyYAML's
            # constructors assume the form its resolver checked, and fail in any way.
            raise self.invalid(tag, event)
        construct = loader.yaml_constructors.get(tag)
        if tag == _STR or construct is None:  # '=' and '<<' resolve to tags with no value
            return event.value
        try:
            return construct(loader, yaml.ScalarNode(tag, event.value))
        except (ValueError, KeyError, IndexError, TypeError, OverflowError):
            raise self.invalid(tag, event) from None

    def invalid(self, tag: str, event: yaml.ScalarEvent) -> InvalidMapError:
        kind = _short(tag).removeprefix("!!")
        shown = event.value if len(event.value) <= 40 else event.value[:39] + "\u2026"
        return self.fail(
            "invalid-value",
            f"'{shown}' is read as {'an' if kind[0] in 'aeiou' else 'a'} {kind} but is not a "
            "valid one; put it in quotes to keep it as text",
            event.start_mark,
        )
