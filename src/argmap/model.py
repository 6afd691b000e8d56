"""The argument model: pydantic classes that say what shape a map has, nothing more.

Following the Argument Interchange Format (AIF), propositions (`Claim`) are nodes and so
is every relation between them (`Inference`, `Objection`). Whether the pieces fit
together (ids that exist, roles that match the structure, quotes found in the source)
is the checker's business, not the model's.
"""

from __future__ import annotations

import datetime
import re
from enum import StrEnum
from pathlib import Path
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

from ._document import Document
from ._issues import brief

FORMAT_VERSION = 1

ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_.\-]*$"
"""What an id looks like: a letter, then letters, digits, '-', '_' or '.'."""

ID_MAX_LENGTH = 64
"""The longest id a map may have."""

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=ID_MAX_LENGTH)]
"""A short, human-typed identifier: a letter, then letters, digits, '-', '_' or '.'."""


def is_id(text: str) -> bool:
    """Whether `text` may be an id of a map, by the same rule as `Id`.

    >>> is_id("P1"), is_id("1P"), is_id("P" * 65)
    (True, False, False)
    """
    return len(text) <= ID_MAX_LENGTH and re.fullmatch(ID_PATTERN, text) is not None


def _one_or_many(value: object) -> object:
    return [value] if isinstance(value, str) else value


IdList = Annotated[
    list[Id],
    # A file may write one id alone (`from: P1`) or a list (`from: [P1, P2]`).
    BeforeValidator(
        _one_or_many, json_schema_input_type=Id | Annotated[list[Id], Field(min_length=1)]
    ),
    Field(min_length=1),
]


class Role(StrEnum):
    """What a claim does in the argument, as the analyst declares it."""

    PREMISE = "premise"
    INTERMEDIATE = "intermediate"
    CONCLUSION = "conclusion"
    ASSUMPTION = "assumption"


ROLE_NAMES = {
    Role.PREMISE: "premise",
    Role.INTERMEDIATE: "intermediate conclusion",
    Role.CONCLUSION: "main conclusion",
    Role.ASSUMPTION: "assumption",
}
"""What each role is called in a sentence (worksheets, keys and grading feedback)."""


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


_DATE_PATTERN = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"

PartialDate = Annotated[
    str,
    # YAML reads `date: 1802` as a number and `date: 2024-03-15` as a date: both are taken.
    BeforeValidator(
        _date_text,
        json_schema_input_type=Annotated[str, StringConstraints(pattern=_DATE_PATTERN)]
        | Annotated[int, Field(ge=1000, le=9999)],
    ),
    StringConstraints(pattern=_DATE_PATTERN),
]
"""A publication date as precise as it is known: `1802`, `2024-03` or `2024-03-15`."""

_NOTE = "Free text: the analyst's comment, shown in reports but not in diagrams."


class Source(_Shape):
    """The text the argument is taken from."""

    title: str = Field(description="The source's title (required).")
    author: str | None = Field(None, description="Who wrote the source.")
    publisher: str | None = Field(None, description="Where it was published.")
    date: PartialDate | None = Field(
        None, description="When it was published, as precise as known: 1802, 2024-03 or 2024-03-15."
    )
    url: str | None = Field(
        None,
        description="The source's web address, http:// or https:// (a link in worksheets).",
    )
    path: str | None = Field(
        None,
        description="The source text file, relative to the map; every quote is checked against it.",
    )


class Theme(_Shape):
    """A part of the argument; themes become clusters in diagrams."""

    id: Id = Field(description="The theme's id, which claims name in their `theme`.")
    label: str = Field(description="The theme's name, shown on its diagram cluster.")
    description: str | None = Field(None, description="What this part of the argument covers.")


class Claim(_Shape):
    """One proposition, in the analyst's words, with the passage it comes from."""

    model_config = ConfigDict(
        # The schema's side of `_voice_means_reported`: with a voice, holder defaults to
        # 'reported' (editors offer that default).
        json_schema_extra={
            "if": {"required": ["voice"], "properties": {"voice": {"type": "string"}}},
            "then": {"properties": {"holder": {"default": "reported"}}},
        }
    )

    id: Id = Field(
        description="A short id typed by hand (P1, threat-funding): a letter, then letters, "
        "digits, '-', '_' or '.'. Claims, inferences and objections share one namespace."
    )
    text: str = Field(description="The proposition, in the analyst's words.")
    role: Role = Field(
        description="What the claim does: premise (a reason given), intermediate (a "
        "conclusion that supports something further), conclusion (the main one; a map has "
        "one) or assumption (a premise the author relies on but never states; no quote)."
    )
    quote: str | None = Field(
        None,
        description="The passage of the source the claim comes from, verbatim (typographic "
        "quotes, dashes and spaces may differ; '...' elides words). Needed for what the "
        "author states or reports when the map has a source text.",
    )
    theme: Id | None = Field(None, description="The id of a declared theme.")
    basis: Basis | None = Field(
        None,
        description="The grounding offered: assertion, statistic, expert-opinion, "
        "unnamed-source, example, common-belief, definition, prediction or value-judgement.",
    )
    holder: Holder = Field(
        Holder.AUTHOR,
        description="Who holds the claim: author (the default), reported (the author reports "
        "someone else's claim; the default when the claim has a voice) or analyst (a critical "
        "reader's own claim, such as the reason behind an objection; no quote).",
    )
    voice: str | None = Field(
        None,
        description="Whose claim the author reports (critics, a recent assessment, a named "
        "official); a claim with a voice is 'holder: reported' unless it says otherwise.",
    )
    unstated: bool = Field(
        False,
        description="true for an intermediate or main conclusion the text never states, "
        "which the analyst reconstructs: no quote, drawn dashed. An unstated premise is an "
        "assumption instead.",
    )
    note: str | None = Field(None, description=_NOTE)

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

    status: Status = Field(
        Status.ANSWERED, description="answered (the default) or open: still to be answered."
    )
    by: Id | None = Field(
        None, description="A claim or objection of the map that answers (or raises) it."
    )
    note: str | None = Field(None, description="The answer, or why the question is open.")


class Inference(_Shape):
    """A support step: linked premises `from` together support the claim `to`."""

    id: Id = Field(description="A short id typed by hand (I1): unique among all elements.")
    premises: IdList = Field(
        alias="from",
        description="The claim or claims that give the reason: one id, or a list of linked "
        "premises that only work together. Reasons that work alone get an inference each "
        "(convergent).",
    )
    to: Id = Field(description="The one claim this step supports.")
    scheme: SchemeId | None = Field(
        None,
        description="The argumentation scheme, by id (expert-opinion, cause-to-effect, "
        "analogy, practical-reasoning, ...; `argmap schemes` lists them); it brings the "
        "critical questions.",
    )
    warrant: str | None = Field(
        None, description="The general rule that licenses the step from premises to conclusion."
    )
    note: str | None = Field(None, description=_NOTE)
    roles: dict[SchemeId, IdList] = Field(
        {},
        description="Which premise plays each of the scheme's premise roles ({goal: W1, "
        "action: S1}), so that a critical question about one role names that premise alone.",
    )
    questions: dict[SchemeId, Answer] = Field(
        {},
        description="Answers to the scheme's critical questions, by question id; a question "
        "not recorded is open.",
    )


class Objection(_Shape):
    """An attack: claims `from` against a claim, an inference or another objection `to`.

    Its kind (undermine, rebut, undercut, reply) follows from the target; see
    `Structure.attack_kind`.
    """

    id: Id = Field(description="A short id typed by hand (O1): unique among all elements.")
    premises: IdList = Field(
        alias="from",
        description="The claim or claims that make the objection (often the analyst's "
        "reasons): one id or a list.",
    )
    to: Id = Field(
        description="What it attacks, by id: a premise or assumption (it undermines), an "
        "intermediate or main conclusion (it rebuts), an inference (it undercuts) or another "
        "objection (it replies). The kind follows from the target."
    )
    note: str | None = Field(None, description=_NOTE)


class Scenario(_Shape):
    """An expected outcome: rejecting (or accepting) some claims gives these labels."""

    id: Id = Field(description="The scenario's id.")
    note: str | None = Field(None, description="What the scenario shows.")
    reject: list[Id] = Field([], description="Claims rejected in this scenario.")
    accept: list[Id] = Field([], description="Claims accepted as given in this scenario.")
    expect: dict[Id, Label] = Field(
        min_length=1,
        description="The label expected of each element named: in, out or undecided; "
        "`argmap validate` checks them.",
    )


def _not_boolean(value: object) -> object:
    if isinstance(value, bool):  # True == 1 to Python, but `argmap: true` names no version
        raise ValueError("a boolean is not a format version")  # noqa: TRY004  (pydantic's)
    return value


class ArgumentMap(_Shape):
    """A whole argument map, as written in a map file."""

    argmap: Annotated[Literal[1], BeforeValidator(_not_boolean)] = Field(
        description="Format version of the map file: 1."
    )
    title: str = Field(description="The map's title.")
    description: str | None = Field(None, description="A longer description of the map.")
    source: Source | None = Field(None, description="The text the argument is taken from.")
    themes: list[Theme] = Field(
        [], description="The parts of the argument; each becomes a cluster in diagrams."
    )
    claims: list[Claim] = Field(
        min_length=1, description="The propositions: premises, conclusions and assumptions."
    )
    inferences: list[Inference] = Field(
        [], description="Support steps: from one or more claims to one claim."
    )
    objections: list[Objection] = Field(
        [], description="Attacks on claims, inferences or other objections."
    )
    scenarios: list[Scenario] = Field(
        [], description="Expected outcomes of evaluation, checked by `argmap validate`."
    )
    catalogue: str | None = Field(
        None,
        description="The analyst's own scheme catalogue file, relative to the map; it adds "
        "to the built-in one.",
    )

    _origin: Document | None = PrivateAttr(default=None)
    _checked: bool = PrivateAttr(default=False)

    def __repr__(self) -> str:
        """One line (the whole map would be tens of kilobytes): its title and sizes.

        >>> ArgumentMap.model_validate({"argmap": 1, "title": "Smoking", "claims": [
        ...     {"id": "C", "text": "c", "role": "conclusion"}]})
        <ArgumentMap 'Smoking': 1 claim, 0 inferences, 0 objections>
        """
        counts = ", ".join(
            f"{len(items)} {name}{'s' if len(items) != 1 else ''}"
            for name, items in (
                ("claim", self.claims),
                ("inference", self.inferences),
                ("objection", self.objections),
            )
        )
        return f"<ArgumentMap {brief(self.title)}: {counts}>"

    __str__ = __repr__  # print(map) too: pydantic's str() is the same dump without brackets

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

    def to_data(self) -> dict[str, object]:
        """The map as plain data in the file format (what `ArgumentMap.model_validate` reads).

        >>> claim = {"id": "C", "text": "c", "role": "conclusion"}
        >>> m = ArgumentMap.model_validate({"argmap": 1, "title": "t", "claims": [claim]})
        >>> m.to_data()["claims"]
        [{'id': 'C', 'text': 'c', 'role': 'conclusion'}]
        """
        return self.model_dump(mode="json", by_alias=True, exclude_defaults=True)
