"""Problems a user can cause: the `Issue` record and the `ArgmapError` tree."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


_UNSAFE = r"\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff"
"""Characters map text may hold but no output shows as they are: control characters (C0
but tab and newline, DEL, C1: terminal escape sequences, bells, NULs), the line and
paragraph separators (line breaks to YAML and JavaScript, not to an editor),
bidirectional overrides and isolates (text that reads other than it is), non-characters."""
_UNPRINTABLE = re.compile(rf"[{_UNSAFE}\ud800-\udfff]")
_UNPRINTABLE_LINES = re.compile(rf"[\t\n{_UNSAFE}\ud800-\udfff]")
LEFT_OUT = re.compile(rf"[{_UNSAFE}]")
"""The characters `visible` leaves out, and YAML writes escaped."""


def visible(text: str, *, lines: bool = True) -> str:
    r"""Text safe to print: the characters of `_UNSAFE` shown as escapes (newlines and
    tabs too unless `lines`), and the bytes of a file name that are not UTF-8 (which
    Python holds as lone surrogates) as the bytes they are.

    >>> visible("a\x1b[2Jb\u202ec"), visible("one\ntwo", lines=False)
    ('a\\x1b[2Jb\\u202ec', 'one\\ntwo')
    >>> visible("bad\udcff.yaml")
    'bad\\xff.yaml'
    """
    pattern = _UNPRINTABLE if lines else _UNPRINTABLE_LINES
    return pattern.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match[0])
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return match[0].encode("unicode_escape", "backslashreplace").decode("ascii")


def defused(text: str) -> str:
    r"""Map text for a file (a diagram, a sheet, a key): the characters of `_UNSAFE` left
    out, and those that break a line made spaces.

    >>> defused("a\x1b[2Jb\u202ec\u2028d")
    'a[2Jbc d'
    """
    return LEFT_OUT.sub(lambda m: " " if m[0].isspace() else "", text)


def json_text(data: object) -> str:
    r"""Data as indented JSON that is safe to print and still JSON: the characters of
    `_UNSAFE` (and lone surrogates) written as \u escapes, all others as themselves.

    >>> print(json_text({"title": "caf\u00e9\x9b"}))
    {
      "title": "café\u009b"
    }
    """
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def brief(text: str, limit: int = 60) -> str:
    """A text for a one-line repr: shortened, defused, quoted.

    >>> brief("Smoking"), brief("x" * 70)[-6:]
    ("'Smoking'", "x...'")
    """
    return repr(visible(text if len(text) <= limit else text[: limit - 3] + "..."))


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem found in a map, with a stable code and where it is.

    >>> print(Issue("unknown-id", "inference I1 names 'P9'", "m.yaml", 4, 11))
    m.yaml:4:11: unknown-id: inference I1 names 'P9'
    """

    code: str
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    severity: Severity = "error"

    def __str__(self) -> str:
        where = self.file or "<map>"
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        return visible(f"{where}: {self.code}: {self.message}", lines=False)

    def to_dict(self) -> dict[str, object]:
        """The issue as plain JSON-ready data."""
        return asdict(self)


class ArgmapError(Exception):
    """Root of every error argmap raises on purpose."""

    exit_code = 1


class InputError(ArgmapError):
    """A file could not be read at all (missing, a directory, binary, too large, ...)."""

    exit_code = 2

    def __init__(self, issue: Issue) -> None:
        super().__init__(str(issue))
        self.issue = issue


class UsageError(ArgmapError):
    """An option names something the map does not have (exit status 2)."""

    exit_code = 2


MAX_ISSUES = 1000
"""Problems reported of one map at most; the rest are counted in one last issue."""


class InvalidMapError(ArgmapError):
    """A map was read but has problems; `issues` holds them, in the order of the file.

    Past `MAX_ISSUES`, the first are kept and one last `too-many-issues` issue counts
    the others (`more` are problems known to exist but not made into issues at all);
    `count` is the number of problems in all; `advice`, if any, is what to do first.
    """

    advice: str | None = None

    def __init__(self, issues: Iterable[Issue], *, more: int = 0) -> None:
        ordered = sorted(issues, key=sort_key)
        self.issues = ordered[:MAX_ISSUES]
        more += len(ordered) - len(self.issues)
        if more:
            self.issues.append(
                Issue(
                    "too-many-issues",
                    f"and {more:,} more problem{'s' if more != 1 else ''}; fix these first",
                    self.issues[-1].file if self.issues else None,
                )
            )
        count = self.count = len(ordered) + more
        lines = "\n".join(str(issue) for issue in self.issues)
        super().__init__(f"{count:,} problem{'s' if count != 1 else ''} in the map:\n{lines}")


def sort_key(issue: Issue) -> tuple[str, int, int, str]:
    """Order issues by file and position, then code."""
    return (issue.file or "", issue.line or 0, issue.column or 0, issue.code)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' (did you mean 'x'?)' hint for a mistyped name, or '' when nothing is close.

    >>> did_you_mean("P01", ["P1", "C1"])
    " (did you mean 'P1'?)"
    """
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.5)
    return f" (did you mean '{close[0]}'?)" if close else ""
