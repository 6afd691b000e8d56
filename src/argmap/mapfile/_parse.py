"""Turn a read `Document` into an `ArgumentMap`, or into issues that say what to fix."""

from __future__ import annotations

import copy
import difflib
from dataclasses import dataclass, replace
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .._document import Document, Loc, Pos
from .._issues import MAX_ISSUES, InvalidMapError, Issue, did_you_mean
from ..model import Answer, ArgumentMap, Claim, Inference, Objection, Scenario, Source, Theme
from ._hints import field_hint

_SECTIONS: dict[str, tuple[type[BaseModel], str]] = {
    "claims": (Claim, "claim"),
    "inferences": (Inference, "inference"),
    "objections": (Objection, "objection"),
    "themes": (Theme, "theme"),
    "scenarios": (Scenario, "scenario"),
}

_ONE_ID = {"to", "theme", "by"}
"""Fields that name one element; a list there is a common slip."""

_TYPE_NAMES = {
    "string_type": "text",
    "list_type": "a list",
    "model_type": "a mapping of fields",
    "dict_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "bool_type": "true or false",
}


def build_map(document: Document) -> ArgumentMap:
    """Validate a document's shape and return the map it describes.

    Raises:
        InvalidMapError: every shape problem at once (missing or unknown fields, wrong types).
    """
    if document.data is None:
        raise InvalidMapError(
            [document.issue("empty-map", "the map is empty; start it with 'argmap: 1'")]
        )
    try:
        argument_map = file_model(document.data)
    except ValidationError as error:
        details, more = _first_details(document.data, error)
        raise InvalidMapError(_issues(document, details), more=more) from None
    argument_map._origin = document
    return argument_map


def _first_details(data: object, error: ValidationError) -> tuple[list[ErrorDetails], int]:
    """The first `MAX_ISSUES` of a validation's errors, and how many more there are.

    Listing millions of errors (8 MiB of `claims: [1, 1, ...]`) takes gigabytes, so past
    the limit the map is validated again with each list cut to its first items: that
    gives the errors of those items, which are the first errors of the map's.
    """
    count = error.error_count()
    if count <= MAX_ISSUES or not isinstance(data, dict):
        return error.errors(), 0
    cut = {
        key: value[:MAX_ISSUES] if isinstance(value, list) else value for key, value in data.items()
    }
    details = _details(cut)[:MAX_ISSUES]
    return details, count - len(details)


def file_model(data: object) -> ArgumentMap:
    """The map that data read from a file describes, fields named as the format names them
    (`from`, not the Python attribute `premises`), as the JSON Schema says.

    Raises:
        ValidationError: the data does not have a map's shape.
    """
    return ArgumentMap.model_validate(data, by_name=False)


def _issues(document: Document, details: list[ErrorDetails]) -> list[Issue]:
    """One issue per mistake: a field written under another name is not also missing."""
    meant = {
        (tuple(detail["loc"][:-1]), _unknown(tuple(detail["loc"]))[1])
        for detail in details
        if detail["type"] == "extra_forbidden"
    }
    return [
        _issue(document, detail)
        for detail in details
        if detail["type"] != "missing"
        or (tuple(detail["loc"][:-1]), str(detail["loc"][-1])) not in meant
    ]


def _issue(document: Document, detail: ErrorDetails) -> Issue:
    loc: Loc = tuple(detail["loc"])
    where = _element(document.data, loc)
    kind = detail["type"]
    field = str(loc[-1]) if loc and isinstance(loc[-1], str) else None
    value = detail.get("input")
    if kind == "missing":
        owner = _element(document.data, loc[:-1])
        return document.issue("missing-field", f"{owner} has no '{field}'; add it", loc[:-1])
    if kind == "extra_forbidden":
        owner, allowed = _element(document.data, loc[:-1]), _fields(_model_at(loc[:-1])[0])
        return document.issue(
            "unknown-field",
            f"{owner} has an unknown field '{field}'{_unknown(loc)[0]}; allowed fields: "
            f"{', '.join(allowed)}",
            loc,
            key=True,
        )
    if loc == ("argmap",):
        found = f"version '{value}', text," if isinstance(value, str) else f"version {value}"
        return document.issue(
            "unsupported-version",
            f"format {found} is not supported; this argmap reads 'argmap: 1' (a number)",
            loc,
        )
    if kind == "too_short":
        needs = "one claim" if loc == ("claims",) else "one id"
        return document.issue("invalid-value", f"{where} is empty; it needs at least {needs}", loc)
    if kind in ("enum", "literal_error"):
        expected = detail.get("ctx", {}).get("expected", "")
        hint = did_you_mean(str(value), expected.replace("'", "").replace(" or ", ", ").split(", "))
        return document.issue(
            "invalid-value", f"{where}: '{value}' is not allowed{hint}; use {expected}", loc
        )
    if (kind == "string_pattern_mismatch" and field in ("id", "theme", "to")) or _is_ref(loc):
        return document.issue(
            "invalid-id",
            f"{where}: '{value}' is not a valid id; start with a letter and use only letters, "
            "digits, '-', '_' and '.' (at most 64 characters)",
            loc,
        )
    if kind == "string_pattern_mismatch" and field == "date":
        return document.issue(
            "invalid-value",
            f"{where}: '{value}' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD",
            loc,
        )
    if kind == "string_pattern_mismatch" and field == "scheme":
        from ._catalogue import builtin, scheme_hint  # noqa: PLC0415  (read only for this)

        return document.issue(
            "invalid-value",
            f"{where}: '{value}' is not a scheme id{scheme_hint(str(value), builtin())}; a map "
            "names a scheme by its kebab-case id, such as 'expert-opinion' (`argmap schemes` "
            "lists them)",
            loc,
        )
    if kind in _TYPE_NAMES:
        fix = "; put text in quotes" if kind == "string_type" else ""
        if kind == "string_type" and isinstance(value, list) and field in _ONE_ID:
            fix = f"; '{field}' takes one id: write {field}: {value[0] if value else 'ID'}"
        expected = _TYPE_NAMES[kind]
        if kind == "list_type" and field == "from":
            expected = "one id or a list of ids"
        return document.issue(
            "wrong-type", f"{where} should be {expected}, not {_describe(value)}{fix}", loc
        )
    return document.issue("invalid-value", f"{where}: {detail['msg']}", loc)


def _is_ref(loc: Loc) -> bool:
    return len(loc) >= 2 and loc[-2] == "from" and isinstance(loc[-1], int)


def _unknown(loc: Loc) -> tuple[str, str | None]:
    """For an unknown field at `loc`: the hint to give, and the field it stands for. By
    meaning first (`kind` on a claim means `role`: no typo to correct), else by spelling."""
    model, element = _model_at(loc[:-1])
    meaning = field_hint(element, str(loc[-1]))
    if meaning:
        return f": {meaning.text}", meaning.means
    close = difflib.get_close_matches(str(loc[-1]), _fields(model), n=1, cutoff=0.5)
    return (f" (did you mean '{close[0]}'?)", close[0]) if close else ("", None)


def _model_at(loc: Loc) -> tuple[type[BaseModel], str]:
    """The model of the mapping at a location, and the kind of element it is."""
    if loc == ("source",):
        return Source, "source"
    if len(loc) == 4 and loc[0] == "inferences" and loc[2] == "questions":
        return Answer, "answer"
    if loc and isinstance(loc[0], str) and loc[0] in _SECTIONS:
        return _SECTIONS[loc[0]]
    return ArgumentMap, "map"


def _fields(model: type[BaseModel]) -> list[str]:
    """A model's field names, as written in files."""
    return [info.alias or name for name, info in model.model_fields.items()]


def _element(data: object, loc: Loc) -> str:
    """A reader's name for what `loc` points into: "claim 'P1' field 'text'", "source"..."""
    if not loc:
        return "the map"
    head, rest = loc[0], loc[1:]
    name = f"'{head}'"
    if head == "source":
        name = "source"
    elif isinstance(head, str) and head in _SECTIONS and rest and isinstance(rest[0], int):
        item = _get(data, (head, rest[0]))
        element_id = item.get("id") if isinstance(item, dict) else None
        kind = _SECTIONS[head][1]
        name = f"{kind} '{element_id}'" if isinstance(element_id, str) else f"{kind} #{rest[0] + 1}"
        rest = rest[1:]
    for part in rest:
        name += f", item {part + 1}" if isinstance(part, int) else f", field '{part}'"
    return name


def _get(data: object, loc: Loc) -> object:
    for part in loc:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def _describe(value: object) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text '{value[:40]}'"
    return type(value).__name__


_LISTS = {"claims", "inferences", "objections", "themes", "scenarios"}
_OPTIONAL = {"quote", "theme", "basis", "holder", "note", "scheme", "warrant", "questions"}


@dataclass(frozen=True)
class Salvage:
    """What could be read of a map with problems (see `salvage`)."""

    map: ArgumentMap | None
    issues: list[Issue]
    unreadable_roles: frozenset[str] = frozenset()
    """Claims kept although their role could not be read (graded as wrong)."""
    left_out: bool = False
    """Whether some element or field was left out."""


def salvage(document: Document) -> Salvage:
    """The map with what is broken left out or patched, and the issues that say why.

    For grading, where what can be read still earns credit. A claim with a readable id
    is kept: a broken optional field is dropped, a broken text replaced and a broken role
    recorded as unreadable, so that links to the claim still count. An inference,
    objection, theme or scenario with a broken required field is left out, and so is a
    broken or unknown top-level field such as `source`. Positions still point into the
    file. The map is None when nothing safe remains: no readable claim, or a broken
    title or format version.
    """
    try:
        return Salvage(build_map(document), [])
    except InvalidMapError as error:
        issues = list(error.issues)
    if not isinstance(document.data, dict) or issues[-1].code == "too-many-issues":
        return Salvage(None, issues)  # too broken to be worth patching
    data = copy.deepcopy(document.data)
    drop: dict[str, set[int]] = {}
    roles: set[str] = set()
    details = _details(data)
    in_items = [d for d in details if _item_loc(tuple(d["loc"]))]
    for detail in details:  # broken top-level fields first: items are patched knowing them
        if not _item_loc(loc := tuple(detail["loc"])) and loc:
            data.pop(str(loc[0]), None)  # then 'title' or 'argmap' missing fails below
    for detail in in_items:
        loc = tuple(detail["loc"])
        section, index = str(loc[0]), int(loc[1])
        item = data[section][index]
        field = loc[2] if len(loc) > 2 else None
        if not isinstance(item, dict) or field is None or field in {"id", "from", "to"}:
            drop.setdefault(section, set()).add(index)
        elif field in _OPTIONAL or detail["type"] == "extra_forbidden":
            item.pop(str(field), None)
        elif section == "claims" and field == "text":
            item["text"] = "(this text could not be read)"  # not empty: no second issue
        elif section == "claims" and field == "role":
            item["role"] = _implied_role(data, item.get("id"))
            roles.add(str(item.get("id")))
        else:
            drop.setdefault(section, set()).add(index)
    for section, indexes in drop.items():
        data[section] = [item for i, item in enumerate(data[section]) if i not in indexes]
    try:
        argument_map = file_model(data)
    except ValidationError:
        return Salvage(None, issues)
    argument_map._origin = replace(
        document,
        positions=_shifted(document.positions, drop),
        key_positions=_shifted(document.key_positions, drop),
    )
    return Salvage(argument_map, issues, frozenset(roles), left_out=True)


def _item_loc(loc: Loc) -> bool:
    """Whether a location is inside an item of one of the map's lists."""
    return len(loc) >= 2 and loc[0] in _LISTS and isinstance(loc[1], int)


def _implied_role(data: dict[str, Any], claim_id: object) -> str:
    """The role a claim's place implies (a stand-in for one that cannot be read, so that
    the checker does not complain of a role the student never wrote)."""
    steps = [s for s in data.get("inferences") or [] if isinstance(s, dict)]
    concluded = any(s.get("to") == claim_id for s in steps)
    reasons: list[list[object]] = [
        s["from"] if isinstance(s.get("from"), list) else [s.get("from")] for s in steps
    ]
    supports = any(claim_id in group for group in reasons)
    return "intermediate" if concluded and supports else "conclusion" if concluded else "premise"


def _shifted(positions: dict[Loc, Pos], drop: dict[str, set[int]]) -> dict[Loc, Pos]:
    """Positions re-indexed for lists with items left out (theirs are forgotten)."""
    shifted = {}
    for loc, position in positions.items():
        if len(loc) >= 2 and loc[0] in drop and isinstance(loc[1], int):
            if loc[1] in drop[str(loc[0])]:
                continue
            before = sum(index < loc[1] for index in drop[str(loc[0])])
            shifted[(loc[0], loc[1] - before, *loc[2:])] = position
        else:
            shifted[loc] = position
    return shifted


def _details(data: object) -> list[ErrorDetails]:
    try:
        file_model(data)
    except ValidationError as error:
        return error.errors()
    return []
