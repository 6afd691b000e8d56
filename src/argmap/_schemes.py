"""The argumentation-scheme catalogue: Walton's schemes as data, and questions phrased for a map.

The built-in catalogue is `data/schemes.yaml` in the package. A map may name a catalogue
file of its own (`catalogue:`), whose schemes are added to the built-in ones (and
replace a built-in scheme of the same id).
"""

from __future__ import annotations

import functools
import re
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
    problems = []
    for position, scheme in enumerate(catalogue.schemes):
        if scheme.id in schemes:
            problems.append(document.issue(
                "invalid-catalogue", f"scheme '{scheme.id}' is defined twice; keep one",
                ("schemes", position, "id"),
            ))  # fmt: skip
        schemes[scheme.id] = scheme
        seen: set[str] = set()
        for number, question in enumerate(scheme.questions):
            loc = ("schemes", position, "questions", number)
            if question.id in seen:
                problems.append(document.issue(
                    "invalid-catalogue",
                    f"scheme '{scheme.id}' has two questions '{question.id}'; give each its own id",
                    (*loc, "id"),
                ))  # fmt: skip
            seen.add(question.id)
            try:
                fields = set(placeholders(question.text))
            except ValueError as error:
                problems.append(document.issue(
                    "invalid-catalogue",
                    f"question '{question.id}' of scheme '{scheme.id}': {error}",
                    (*loc, "text"),
                ))  # fmt: skip
                continue
            if fields - _PLACEHOLDERS or not fields:
                problems.append(document.issue(
                    "invalid-catalogue",
                    f"question '{question.id}' of scheme '{scheme.id}' must use {{conclusion}} "
                    f"or {{premises}} and no other placeholder; it uses "
                    f"{', '.join('{' + f + '}' for f in sorted(fields)) or 'none'} "
                    "(write {{ and }} for literal braces)",
                    (*loc, "text"),
                ))  # fmt: skip
    if problems:
        raise InvalidMapError(problems)
    return schemes


_PLACEHOLDERS = {"conclusion", "premises"}
_TOKEN = re.compile(r"\{\{|\}\}|\{(\w+)\}|\{[^{}]*\}?|\}")
"""What a question text's braces may form: {{ or }} (a brace), {name}, or else a fault."""


def placeholders(text: str) -> list[str]:
    """The `{name}` placeholders of a question text, in order.

    Only plain names: no format specification or conversion (`{conclusion:>9}`,
    `{conclusion!r}`), which a catalogue has no use for and which could make filling a
    question in fail or take any amount of memory.

    >>> placeholders("Is {premises} so? {{not this}}")
    ['premises']
    >>> try:
    ...     placeholders("Is {conclusion:d} so?")
    ... except ValueError as error:
    ...     print(error)
    '{conclusion:d}' is not a placeholder: write {conclusion} or {premises} ({{ or }}: a brace)
    """
    names = []
    for match in _TOKEN.finditer(text):
        if match[0] in ("{{", "}}"):
            continue
        if match[1] is None:
            raise ValueError(
                f"'{match[0][:40]}' is not a placeholder: write {{conclusion}} or "
                "{premises} ({{ or }}: a brace)"
            )
        names.append(match[1])
    return names


def fill(text: str, values: dict[str, str]) -> str:
    """A question text with its placeholders filled in (one `placeholders` accepts).

    >>> fill("Is {conclusion} so, {{really}}?", {"conclusion": "C"})
    'Is C so, {really}?'
    """
    braces = {"{{": "{", "}}": "}"}
    return _TOKEN.sub(lambda m: braces.get(m[0]) or values.get(m[1] or "", m[0]), text)


def phrase(
    argument_map: ArgumentMap, step: Inference, scheme: Scheme, *, by_id: bool = False
) -> list[PhrasedQuestion]:
    """The scheme's critical questions, filled in with the inference's own claims (their
    texts, or with `by_id` their ids, where the claims are shown beside the questions).

    >>> import argmap
    >>> m = argmap.load("maps/watchmaker.yaml")
    >>> step = next(i for i in m.inferences if i.id == "I4")
    >>> phrase(m, step, builtin()["analogy"])[1].text[:60]
    'Is the point carried over to “The works of nature had an int'
    """
    texts = {claim.id: claim.text for claim in argument_map.claims}

    def name(claim_id: str) -> str:
        return claim_id if by_id else f"\u201c{texts[claim_id]}\u201d"

    conclusion = name(step.to)
    premises = " and ".join(name(p) for p in step.premises)
    phrased = []
    for question in scheme.questions:
        answer = step.questions.get(question.id)
        phrased.append(
            PhrasedQuestion(
                scheme,
                question,
                fill(question.text, {"conclusion": conclusion, "premises": premises}),
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


def open_questions(argument_map: ArgumentMap) -> dict[str, int]:
    """How many critical questions are still open, by inference id (those with a scheme)."""
    schemes = catalogue_for(argument_map)
    counts = {}
    for step in argument_map.inferences:
        scheme = schemes.get(step.scheme) if step.scheme else None
        if scheme is not None:
            counts[step.id] = sum(
                q.id not in step.questions or step.questions[q.id].status is Status.OPEN
                for q in scheme.questions
            )
    return counts


def questions_report(
    argument_map: ArgumentMap, inference: str | None = None, *, open_only: bool = False
) -> str:
    """The text `argmap questions` prints: each inference's critical questions, phrased.

    Raises:
        ArgmapError: `inference` names no inference of the map.
    """
    from ._evaluate import EvaluationError  # noqa: PLC0415
    from ._issues import did_you_mean  # noqa: PLC0415

    steps = argument_map.inferences
    if inference is not None:
        steps = [step for step in steps if step.id == inference]
        if not steps:
            ids = [step.id for step in argument_map.inferences]
            raise EvaluationError(
                f"--inference {inference}: no such inference{did_you_mean(inference, ids)}"
            )
    schemes = catalogue_for(argument_map)
    texts = {claim.id: claim.text for claim in argument_map.claims}
    lines: list[str] = []
    total = still_open = 0
    for step in steps:
        scheme = schemes.get(step.scheme) if step.scheme else None
        lines.append(f"{step.id}: {', '.join(step.premises)} => {step.to}  ({texts[step.to]})")
        if scheme is None:
            lines += ["  no scheme named, so no critical questions: add 'scheme:'", ""]
            continue
        lines.append(f"  {scheme.name} ({scheme.id})")
        for phrased in phrase(argument_map, step, scheme):
            total += 1
            is_open = phrased.status is Status.OPEN
            still_open += is_open
            if open_only and not is_open:
                continue
            mark = "OPEN    " if is_open else "answered"
            lines.append(
                f"  [{mark}] {phrased.question.id} ({phrased.question.kind}): {phrased.text}"
            )
            by = f"{'raised' if is_open else 'answered'} by {phrased.by}" if phrased.by else ""
            if phrased.note and phrased.by and phrased.by in phrased.note:
                by = ""  # the note names it already
            answer = ": ".join(filter(None, [by, phrased.note]))
            if answer:
                lines.append(f"             {answer}")
        lines.append("")
    lines.append(f"{still_open} of {total} critical questions open.")
    return "\n".join(lines)


def catalogue_report(schemes: dict[str, Scheme]) -> str:
    """The text `argmap schemes` prints: each scheme with its form and questions."""
    lines = []
    for scheme in sorted(schemes.values(), key=lambda s: s.id):
        lines.append(f"{scheme.id}: {scheme.name}")
        lines += [f"    {premise.role}: {premise.form}" for premise in scheme.premises]
        lines.append(f"    so: {scheme.conclusion}")
        lines += [f"    ? {q.id} ({q.kind}): {q.text}" for q in scheme.questions]
    return "\n".join(lines)
