"""A map file's data before validation, and issues placed where its values stand.

Every stage that reports a problem in a file (the model, the checker, the analysis, the
importers) places it through a `Document`, so the type lives at the root, below them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ._issues import Issue, Severity

Loc = tuple[str | int, ...]
Pos = tuple[int, int]


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
