"""Hints for the mistakes new users make, where a spelling suggestion cannot help.

- a field named by its meaning in another tool or in plain words (`kind` on a claim,
  `type` on an objection): the table is data, `data/field-hints.yaml`;
- a text that YAML cuts at a colon ("mapping values are not allowed here").

The scheme names people write ("argument from analogy") are recognised by the catalogue,
which knows them (`_schemes.scheme_hint`).
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import NamedTuple

import yaml


class FieldHint(NamedTuple):
    """What to tell a user who wrote a field that does not exist."""

    text: str
    means: str | None
    """The field they meant, when there is one."""


@functools.cache
def _table() -> dict[str, dict[str, FieldHint]]:
    """The hint for each guessed field name, by element kind ('claim', 'inference', ...)."""
    text = resources.files("argmap").joinpath("data/field-hints.yaml").read_text("utf-8")
    table: dict[str, dict[str, FieldHint]] = {}
    for element, entries in yaml.safe_load(text).items():
        for entry in entries:
            for guess in entry["guesses"]:
                hint = FieldHint(entry["hint"], entry.get("means"))
                table.setdefault(element, {})[_folded(guess)] = hint
    return table


def field_hint(element: str, field: str) -> FieldHint | None:
    """What to say of an unknown field by its meaning, or None when the table has nothing.

    >>> field_hint("claim", "Kind")
    FieldHint(text="what a claim does is its 'role': premise, intermediate, conclusion or \
assumption", means='role')
    >>> field_hint("claim", "qoute") is None
    True
    """
    return _table().get(element, {}).get(_folded(field))


def guessed_fields() -> dict[str, dict[str, FieldHint]]:
    """The whole table: by element kind, each guessed name (folded) and its hint."""
    return _table()


def _folded(name: str) -> str:
    return re.sub(r"[\s_]+", "-", name.strip().lower())


_KEY = re.compile(r"^(\s*(?:-\s+)?)([^\s:#\"'][^:#]*?):\s+(\S.*?)\s*$")
"""A block mapping line: indentation (and a list dash), its key, and the rest of the line."""


def colon_hint(text: str, index: int) -> str:
    """What to do where YAML reports "mapping values are not allowed here" at `index`.

    Most often a plain text holds ': ', which YAML takes for the start of a new key: the
    fix is to quote the text, shown with the line's own key and value.

    >>> print(colon_hint("title: t\\ntext: Iraq: a threat\\n", 19))
    the text after 'text:' holds ": ", which YAML reads as a new key; put the whole text \
in quotes: text: "Iraq: a threat"
    """
    start = text.rfind("\n", 0, index) + 1
    end = text.find("\n", index)
    line = text[start : end if end >= 0 else len(text)].rstrip("\r")
    found = _KEY.match(line)
    if found and start + found.end(2) < index:  # a key before the colon YAML stopped at
        key, value = found[2].strip(), found[3]
        return (
            f"the text after '{key}:' holds \": \", which YAML reads as a new key; put the "
            f"whole text in quotes: {key}: {_quoted(_shortened(value))}"
        )
    return (
        "a key is indented deeper than the one above it: align it with its neighbours, "
        "or, if the text of the line above goes on here, put that text in quotes"
    )


def unclosed_quote_hint(text: str, line: int) -> str | None:
    """What to do where YAML expected a key on `line` (0-based) just after a line whose
    quoted text never closes: the quote then runs on into the next line, and what follows
    its end cannot be read. None when the line above is not such a line.

    >>> print(unclosed_quote_hint('text: "A threat\\nquote: "A"\\n', 1))
    line 1 opens a quoted text and does not close it; close it on that line: text: "A threat"
    """
    lines = text.splitlines()
    above = next((n for n in range(min(line, len(lines)) - 1, -1, -1) if lines[n].strip()), None)
    if above is None:
        return None
    found = _KEY.match(lines[above].rstrip("\r"))
    if not found:
        return None
    key, value = found[2].strip(), found[3]
    mark = value[0]
    if mark not in "\"'" or (len(value) > 1 and value.endswith(mark)):
        return None
    return (
        f"line {above + 1} opens a quoted text and does not close it; close it on that line: "
        f"{key}: {_shortened(value)}{mark}"
    )


def _shortened(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 3].rstrip() + "..."


def _quoted(value: str) -> str:
    """The value as a YAML quoted text: double quotes where nothing needs escaping in them,
    else single quotes (where only a quote itself is doubled)."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"
