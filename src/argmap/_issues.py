"""Problems a user can cause: the `Issue` record and the `ArgmapError` tree."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNPRINTABLE_LINES = re.compile(_UNPRINTABLE.pattern.replace("\\x0b", "\\x0a-\\x0b"))


def visible(text: str, *, lines: bool = True) -> str:
    r"""Text safe to print: control characters (terminal escape sequences, bells, NULs)
    and bidirectional overrides shown as escapes, newlines too unless `lines`.

    >>> visible("a\x1b[2Jb\u202ec"), visible("one\ntwo", lines=False)
    ('a\\x1b[2Jb\\u202ec', 'one\\ntwo')
    """
    pattern = _UNPRINTABLE if lines else _UNPRINTABLE_LINES
    return pattern.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), text)


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


class InvalidMapError(ArgmapError):
    """A map was read but has problems; `issues` holds every one of them."""

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues = sorted(issues, key=sort_key)
        count = len(self.issues)
        lines = "\n".join(str(issue) for issue in self.issues)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the map:\n{lines}")


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
