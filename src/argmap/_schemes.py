"""The argumentation-scheme catalogue: Walton's schemes as data, and questions phrased for a map.

The built-in catalogue is `data/schemes.yaml` in the package. A map may name a catalogue
file of its own (`catalogue:`), whose schemes are added to the built-in ones (and
replace a built-in scheme of the same id).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ._issues import InvalidMapError, Issue
from ._read import Document, parse_text, read_file
from .model import ArgumentMap, Inference, SchemeId, Status


class QuestionKind(StrEnum):
    """Who bears the burden when a critical question is asked (Carneades)."""

    ASSUMPTION = "assumption"
    """The proponent must back it when asked."""
    EXCEPTION = "exception"
    """The critic must show it."""


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PremiseForm(_Entry):
    """One premise of a scheme's form."""

    role: str
    form: str


class Question(_Entry):
    """A critical question; `text` may hold {conclusion} and {premises}."""

    id: SchemeId
    kind: QuestionKind
    text: str


class Scheme(_Entry):
    """An argumentation scheme: its premise forms, conclusion form and critical questions."""

    id: SchemeId
    name: str
    premises: list[PremiseForm] = Field(min_length=1)
    conclusion: str
    questions: list[Question] = Field(min_length=1)

    def question(self, question_id: str) -> Question | None:
        """The question with this id, if the scheme has it."""
        return next((q for q in self.questions if q.id == question_id), None)


class _CatalogueFile(_Entry):
    schemes: list[Scheme]


@dataclass(frozen=True)
class PhrasedQuestion:
    """A critical question of one inference, in that inference's own words."""

    scheme: Scheme
    question: Question
    text: str
    status: Status
    by: str | None
    note: str | None


def builtin() -> dict[str, Scheme]:
    """The catalogue shipped with argmap, by scheme id."""
    return dict(_builtin())


@functools.cache
def _builtin() -> tuple[tuple[str, Scheme], ...]:
    text = resources.files("argmap").joinpath("data/schemes.yaml").read_text(encoding="utf-8")
    return tuple(_schemes(parse_text(text, name="argmap/data/schemes.yaml")).items())


def catalogue_for(argument_map: ArgumentMap) -> dict[str, Scheme]:
    """The built-in catalogue plus the map's own, if it names one.

    Raises:
        InputError: the map's catalogue file cannot be read.
        InvalidMapError: it is not a valid catalogue.
    """
    schemes = builtin()
    if argument_map.catalogue:
        base = argument_map.origin.base_dir if argument_map.origin else Path()
        schemes |= _schemes(read_file(base / argument_map.catalogue))
    return schemes


def _schemes(document: Document) -> dict[str, Scheme]:
    try:
        catalogue = _CatalogueFile.model_validate(document.data)
    except ValidationError as error:
        raise InvalidMapError(
            document.issue(
                "invalid-catalogue",
                f"{'.'.join(map(str, detail['loc']))}: {detail['msg']}",
                tuple(detail["loc"]),
            )
            for detail in error.errors()
        ) from None
    schemes: dict[str, Scheme] = {}
    for position, scheme in enumerate(catalogue.schemes):
        if scheme.id in schemes:
            raise InvalidMapError(
                [document.issue("invalid-catalogue", f"scheme '{scheme.id}' is defined twice",
                                ("schemes", position, "id"))]
            )  # fmt: skip
        schemes[scheme.id] = scheme
    return schemes


def phrase(argument_map: ArgumentMap, step: Inference, scheme: Scheme) -> list[PhrasedQuestion]:
    """The scheme's critical questions, filled in with the inference's own claims.

    >>> import argmap
    >>> m = argmap.load("maps/watchmaker.yaml")
    >>> step = next(i for i in m.inferences if i.id == "I4")
    >>> phrase(m, step, builtin()["analogy"])[1].text[:60]
    'Is the point carried over to “The works of nature had an int'
    """
    texts = {claim.id: claim.text for claim in argument_map.claims}
    conclusion = f"\u201c{texts[step.to]}\u201d"
    premises = " and ".join(f"\u201c{texts[p]}\u201d" for p in step.premises)
    phrased = []
    for question in scheme.questions:
        answer = step.questions.get(question.id)
        phrased.append(
            PhrasedQuestion(
                scheme,
                question,
                question.text.format(conclusion=conclusion, premises=premises),
                answer.status if answer else Status.OPEN,
                answer.by if answer else None,
                answer.note if answer else None,
            )
        )
    return phrased


def check_schemes(argument_map: ArgumentMap, issue: object) -> list[Issue]:
    """Scheme and question ids of every inference, against the catalogue."""
    from ._issues import did_you_mean  # noqa: PLC0415

    assert callable(issue)
    schemes = catalogue_for(argument_map)
    elements = {c.id for c in argument_map.claims} | {o.id for o in argument_map.objections}
    found: list[Issue] = []
    for index, step in enumerate(argument_map.inferences):
        scheme = schemes.get(step.scheme) if step.scheme else None
        if step.scheme and scheme is None:
            found.append(issue(
                "unknown-scheme",
                f"inference '{step.id}' names scheme '{step.scheme}', which is not in the "
                f"catalogue{did_you_mean(step.scheme, schemes)}; `argmap schemes` lists them",
                ("inferences", index, "scheme"),
            ))  # fmt: skip
            continue
        for question_id, answer in step.questions.items():
            loc = ("inferences", index, "questions", question_id)
            if scheme is None:
                found.append(issue(
                    "unknown-question",
                    f"inference '{step.id}' answers question '{question_id}' but names no "
                    "scheme; add 'scheme:' to say which questions apply",
                    loc,
                ))  # fmt: skip
            elif scheme.question(question_id) is None:
                ids = [q.id for q in scheme.questions]
                found.append(issue(
                    "unknown-question",
                    f"inference '{step.id}': scheme '{scheme.id}' has no question "
                    f"'{question_id}'{did_you_mean(question_id, ids)}; its questions: "
                    f"{', '.join(ids)}",
                    loc,
                ))  # fmt: skip
            if answer.by is not None and answer.by not in elements:
                found.append(issue(
                    "unknown-id",
                    f"inference '{step.id}', question '{question_id}': 'by: {answer.by}' names "
                    f"no claim or objection{did_you_mean(answer.by, elements)}",
                    (*loc, "by"),
                ))  # fmt: skip
    return found
