"""The argument model: pydantic classes that say what shape a map has, nothing more.

Following the Argument Interchange Format (AIF), propositions (`Claim`) are nodes and so
is every relation between them (`Inference`, `Objection`). Whether the pieces fit
together (ids that exist, roles that match the structure, quotes found in the source)
is the checker's business, not the model's.
"""

from __future__ import annotations

import datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    model_validator,
)

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
    """Who holds a claim: the source's author, a voice the author reports, or the analyst."""

    AUTHOR = "author"
    """The source's author asserts it."""
    REPORTED = "reported"
    """The author reports it as someone else's (critics, an assessment, an official): quoted,
    but not the author's own claim; `voice` says whose it is."""
    ANALYST = "analyst"
    """A critical reader's own claim, such as the reason behind an objection (unquoted)."""


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
    """An evaluation's verdict on a claim, inference or objection."""

    IN = "in"
    OUT = "out"
    UNDECIDED = "undecided"


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
    voice: str | None = None
    """Whose claim the author reports ("critics", "a recent assessment"); a claim with a
    voice is held by that voice (`holder: reported`) unless the map says otherwise."""
    unstated: bool = False
    """The text never states it: the analyst reconstructs a step the author skips (an
    intermediate conclusion, or the main one), so it has no quote and is drawn dashed."""
    note: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _voice_means_reported(cls, data: object) -> object:
        if isinstance(data, dict) and data.get("voice") is not None and "holder" not in data:
            return {**data, "holder": Holder.REPORTED.value}
        return data

    @property
    def stated(self) -> bool:
        """True for what the source says outright (the author's own claims and the voices it
        reports), as opposed to what the analyst assumes, reconstructs or objects."""
        return (
            self.holder is not Holder.ANALYST
            and self.role is not Role.ASSUMPTION
            and not self.unstated
        )

    @property
    def implicit(self) -> bool:
        """True for the analyst's reading of the author's argument: an unstated assumption
        or an unstated intermediate conclusion (drawn dashed, never as a critic's note)."""
        return self.holder is Holder.AUTHOR and (self.role is Role.ASSUMPTION or self.unstated)


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
    roles: dict[SchemeId, IdList] = {}
    """Which premise plays each of the scheme's premise roles (`goal: W1`), so that a
    critical question about one role names that premise alone."""
    questions: dict[SchemeId, Answer] = {}
    """Critical questions of the scheme, by question id, with their answers."""


class Objection(_Shape):
    """An attack: claims `from` against a claim, an inference or another objection `to`.

    Its kind (undermine, rebut, undercut, reply) follows from the target; see
    `Structure.attack_kind`.
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

    def to_data(self) -> dict[str, object]:
        """The map as plain data in the file format (what `ArgumentMap.model_validate` reads).

        >>> claim = {"id": "C", "text": "c", "role": "conclusion"}
        >>> m = ArgumentMap.model_validate({"argmap": 1, "title": "t", "claims": [claim]})
        >>> m.to_data()["claims"]
        [{'id': 'C', 'text': 'c', 'role': 'conclusion'}]
        """
        return self.model_dump(mode="json", by_alias=True, exclude_defaults=True)
