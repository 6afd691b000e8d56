"""The argument model: pydantic classes that say what shape a map has, nothing more.

Following the Argument Interchange Format (AIF), propositions (`Claim`) are nodes and so
is every relation between them (`Inference`, `Objection`). Whether the pieces fit
together (ids that exist, roles that match the structure, quotes found in the source)
is the checker's business, not the model's.
"""

from __future__ import annotations

import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, StringConstraints

from ._read import Document

FORMAT_VERSION = 1

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_.\-]*$", max_length=64),
]
"""A short, human-typed identifier: a letter, then letters, digits, '-', '_' or '.'."""


def _one_or_many(value: object) -> object:
    return [value] if isinstance(value, str) else value


IdList = Annotated[list[Id], BeforeValidator(_one_or_many), Field(min_length=1)]


class Role(StrEnum):
    """What a claim does in the argument, as the analyst declares it."""

    PREMISE = "premise"
    INTERMEDIATE = "intermediate"
    CONCLUSION = "conclusion"
    ASSUMPTION = "assumption"


class Holder(StrEnum):
    """Who holds a claim: the source's author, or the analyst reading it critically."""

    AUTHOR = "author"
    ANALYST = "analyst"


class Basis(StrEnum):
    """The kind of grounding a claim is offered with (Rationale's basis boxes)."""

    ASSERTION = "assertion"
    STATISTIC = "statistic"
    EXPERT_OPINION = "expert-opinion"
    UNNAMED_SOURCE = "unnamed-source"
    EXAMPLE = "example"
    COMMON_BELIEF = "common-belief"
    DEFINITION = "definition"
    PREDICTION = "prediction"
    VALUE_JUDGEMENT = "value-judgement"


class Label(StrEnum):
    """An evaluation's verdict on a claim, inference or objection.

    Its value is what a map file writes (`expect: {C: out}`); printed, it reads as every
    output shows it:

    >>> Label.OUT, str(Label.OUT), f"{Label.IN:>4}"
    (<Label.OUT: 'out'>, 'OUT', '  IN')
    """

    IN = "in"
    OUT = "out"
    UNDECIDED = "undecided"

    def __str__(self) -> str:
        return self.value.upper()

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


class Status(StrEnum):
    """Whether a critical question has been answered."""

    ANSWERED = "answered"
    OPEN = "open"


class _Shape(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, str_strip_whitespace=True
    )


def _date_text(value: object) -> object:
    return str(value) if isinstance(value, datetime.date | int) else value


PartialDate = Annotated[
    str,
    BeforeValidator(_date_text),
    StringConstraints(pattern=r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"),
]
"""A publication date as precise as it is known: `1802`, `2024-03` or `2024-03-15`."""


class Source(_Shape):
    """The text the argument is taken from."""

    title: str
    author: str | None = None
    publisher: str | None = None
    date: PartialDate | None = None
    url: str | None = None
    path: str | None = None
    """Source text file, relative to the map; quotes are checked against it."""


class Theme(_Shape):
    """A part of the argument; themes become clusters in diagrams."""

    id: Id
    label: str
    description: str | None = None


class Claim(_Shape):
    """One proposition, in the analyst's words, with the passage it comes from."""

    id: Id
    text: str
    role: Role
    quote: str | None = None
    theme: Id | None = None
    basis: Basis | None = None
    holder: Holder = Holder.AUTHOR
    note: str | None = None

    @property
    def stated(self) -> bool:
        """True for what the source's author says outright (not assumed, not the analyst's)."""
        return self.holder is Holder.AUTHOR and self.role is not Role.ASSUMPTION


SchemeId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")]


class Answer(_Shape):
    """The state of one critical question of an inference."""

    status: Status = Status.ANSWERED
    by: Id | None = None
    """A claim or objection of the map that answers (or raises) it."""
    note: str | None = None


class Inference(_Shape):
    """A support step: linked premises `from` together support the claim `to`."""

    id: Id
    premises: IdList = Field(alias="from")
    to: Id
    scheme: SchemeId | None = None
    warrant: str | None = None
    note: str | None = None
    questions: dict[SchemeId, Answer] = {}
    """Critical questions of the scheme, by question id, with their answers."""


class Objection(_Shape):
    """An attack: claims `from` against a claim or an inference `to`.

    Its kind (undermine, rebut, undercut) follows from the target; see `analysis`.
    """

    id: Id
    premises: IdList = Field(alias="from")
    to: Id
    note: str | None = None


class Scenario(_Shape):
    """An expected outcome: rejecting (or accepting) some claims gives these labels."""

    id: Id
    note: str | None = None
    reject: list[Id] = []
    accept: list[Id] = []
    expect: dict[Id, Label] = Field(min_length=1)


class ArgumentMap(_Shape):
    """A whole argument map, as written in a map file."""

    argmap: Literal[1] = Field(description="Format version of the map file.")
    title: str
    description: str | None = None
    source: Source | None = None
    themes: list[Theme] = []
    claims: list[Claim] = Field(min_length=1)
    inferences: list[Inference] = []
    objections: list[Objection] = []
    scenarios: list[Scenario] = []
    catalogue: str | None = None
    """The analyst's own scheme catalogue file, relative to the map; adds to the built-in one."""

    _origin: Document | None = PrivateAttr(default=None)
    _checked: bool = PrivateAttr(default=False)

    @property
    def origin(self) -> Document | None:
        """The file the map was read from (name, folder, positions), if it was read from one."""
        return self._origin

    @property
    def checked(self) -> bool:
        """True when the checker's last verdict on this map found no error (`load` checks)."""
        return self._checked

    def files(self) -> list[Path]:
        """The files the map comes from: its own file (when it was read from one), its
        source text and its scheme catalogue, paths as the map names them (relative to the
        map's folder). No output of argmap is ever written over one of them.

        >>> m = ArgumentMap.model_validate({"argmap": 1, "title": "t", "catalogue": "s.yaml",
        ...     "claims": [{"id": "C", "text": "c", "role": "conclusion"}]})
        >>> [str(path) for path in m.files()]
        ['s.yaml']
        """
        base = self._origin.base_dir if self._origin else Path()
        files = [Path(self._origin.name)] if self._origin else []
        if self.source and self.source.path:
            files.append(base / self.source.path)
        if self.catalogue:
            files.append(base / self.catalogue)
        return files

    def _repr_svg_(self) -> str:
        """The diagram, for Jupyter and other rich displays."""
        from ._render import render  # noqa: PLC0415  (drawing imports Graphviz: only on demand)

        return render(self, "svg").decode("utf-8")

    def to_data(self) -> dict[str, object]:
        """The map as plain data in the file format (what `ArgumentMap.model_validate` reads).

        >>> claim = {"id": "C", "text": "c", "role": "conclusion"}
        >>> m = ArgumentMap.model_validate({"argmap": 1, "title": "t", "claims": [claim]})
        >>> m.to_data()["claims"]
        [{'id': 'C', 'text': 'c', 'role': 'conclusion'}]
        """
        return self.model_dump(mode="json", by_alias=True, exclude_defaults=True)
