"""The argumentation-scheme catalogue: Walton's schemes as data, and questions phrased for a map.

The built-in catalogue is `data/schemes.yaml` in the package. A map may name a catalogue
file of its own (`catalogue:`), whose schemes are added to the built-in ones (and
replace a built-in scheme of the same id).
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .._document import Document
from .._issues import InvalidMapError, Issue
from ..model import ArgumentMap, Inference, SchemeId, Status
from ._read import parse_text, read_file


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
    """A critical question; `text` may hold {conclusion}, {premises} and the scheme's
    premise roles ({goal}, {major}, ...)."""

    id: SchemeId
    kind: QuestionKind
    text: str


class Scheme(_Entry):
    """An argumentation scheme: its premise forms, conclusion form and critical questions."""

    id: SchemeId
    name: str
    aliases: list[str] = []
    """Other names it goes by ("argument from authority"), recognised in messages; a map
    still names the scheme by its id."""
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
            roles = {form.role for form in scheme.premises}
            fields = placeholders(question.text)
            if fields is None or not fields or fields - {*_PLACEHOLDERS, *roles}:
                allowed = ", ".join("{" + name + "}" for name in [*_PLACEHOLDERS, *sorted(roles)])
                used = ", ".join("{" + f + "}" for f in sorted(fields or ())) or "none"
                problems.append(document.issue(
                    "invalid-catalogue",
                    f"question '{question.id}' of scheme '{scheme.id}' must use only the "
                    f"placeholders {allowed} (at least one), each as a plain {{name}}; "
                    + ("it has a brace that opens or closes no placeholder"
                       if fields is None else f"it uses {used}")
                    + " (write {{ and }} for literal braces)",
                    (*loc, "text"),
                ))  # fmt: skip
    if problems:
        raise InvalidMapError(problems)
    return schemes


_PLACEHOLDERS = ("conclusion", "premises")
_FIELD = re.compile(r"\{\{|\}\}|\{([a-z][a-z0-9-]*)\}")


def placeholders(text: str) -> set[str] | None:
    """The `{name}` placeholders of a question text, or None when a brace is stray (a
    literal brace is written doubled). Only plain names: no format specs, no indexing.

    >>> sorted(placeholders("Is {goal} {{really}} wanted, given {conclusion}?") or ())
    ['conclusion', 'goal']
    >>> placeholders("{conclusion:>9}") is None
    True
    """
    if "{" in _FIELD.sub("", text) or "}" in _FIELD.sub("", text):
        return None
    return {match[1] for match in _FIELD.finditer(text) if match[1]}


def fill(text: str, values: dict[str, str]) -> str:
    """A question text with its placeholders filled (checked by `placeholders` first).

    >>> fill("Is {goal} {{really}} wanted?", {"goal": "peace"})
    'Is peace {really} wanted?'
    """
    return _FIELD.sub(lambda m: values[m[1]] if m[1] else m[0][0], text)


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

    values = {"conclusion": name(step.to), "premises": " and ".join(map(name, step.premises))}
    # A role the inference does not assign is played by the premises it leaves unassigned
    # (or, when it assigns none, by all of them).
    assigned = {claim_id for claim_ids in step.roles.values() for claim_id in claim_ids}
    rest = [p for p in step.premises if p not in assigned] or list(step.premises)
    for form in scheme.premises:
        values[form.role] = " and ".join(map(name, step.roles.get(form.role, rest)))
    phrased = []
    for question in scheme.questions:
        answer = step.questions.get(question.id)
        phrased.append(
            PhrasedQuestion(
                scheme,
                question,
                fill(question.text, values),
                answer.status if answer else Status.OPEN,
                answer.by if answer else None,
                answer.note if answer else None,
            )
        )
    return phrased


_FILLER = frozenset(
    "a an the argument arguments argumentation by from of to appeal scheme schema".split()
)


def _name_key(name: str) -> str:
    """A scheme's name as people write it, reduced to what tells schemes apart:
    'Argument from Expert Opinion' -> 'expert-opinion'."""
    words = re.findall(r"[a-z0-9]+", name.lower())
    while words and words[0] in _FILLER:
        words.pop(0)
    while words and words[-1] in _FILLER:
        words.pop()
    return "-".join(words)


def _names(scheme: Scheme) -> set[str]:
    """Every reduced name a scheme is known by: its id, its name with and without what is
    in parentheses, what is in them ('inference to the best explanation'), its aliases."""
    inner = re.findall(r"\(([^)]*)\)", scheme.name)
    plain = re.sub(r"\([^)]*\)", " ", scheme.name)
    names = {scheme.id, scheme.name, plain, *inner, *scheme.aliases}
    return {key for key in map(_name_key, names) if key}


def scheme_hint(name: str, schemes: dict[str, Scheme]) -> str:
    """A ' (did you mean ...?)' for a scheme written by its name, another name or a typo
    of its id; '' when no scheme is close.

    >>> scheme_hint("Argument from Analogy", builtin())
    " (did you mean 'analogy', the argument from analogy?)"
    >>> scheme_hint("appeal to authority", builtin())
    " (did you mean 'expert-opinion', the argument from expert opinion?)"
    """
    index: dict[str, list[str]] = {}
    for scheme in schemes.values():
        for key in sorted(_names(scheme)):
            index.setdefault(key, []).append(scheme.id)
    key = _name_key(name)
    found = (
        index.get(key)
        or [
            scheme_id
            for known in index
            if known.startswith(f"{key}-")
            for scheme_id in index[known]
        ]
        or next(
            (index[close] for close in difflib.get_close_matches(key, index, n=1, cutoff=0.6)),
            [],
        )
    )
    choices = [schemes[scheme_id] for scheme_id in dict.fromkeys(found)]
    if not choices:
        return ""
    named = " or ".join(f"'{s.id}', the {s.name[0].lower()}{s.name[1:]}" for s in choices)
    return f" (did you mean {named}?)"


def check_schemes(argument_map: ArgumentMap, issue: Callable[..., Issue]) -> list[Issue]:
    """Scheme, role and question ids of every inference, against the catalogue."""
    from .._issues import did_you_mean  # noqa: PLC0415

    schemes = catalogue_for(argument_map)
    elements = {c.id for c in argument_map.claims} | {o.id for o in argument_map.objections}
    found: list[Issue] = []
    for index, step in enumerate(argument_map.inferences):
        scheme = schemes.get(step.scheme) if step.scheme else None
        if step.scheme and scheme is None:
            found.append(issue(
                "unknown-scheme",
                f"inference '{step.id}' names scheme '{step.scheme}', which is not in the "
                f"catalogue{scheme_hint(step.scheme, schemes)}; `argmap schemes` lists them",
                ("inferences", index, "scheme"),
            ))  # fmt: skip
            continue
        found += _role_issues(step, index, scheme, issue, elements)
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


def _role_issues(
    step: Inference,
    index: int,
    scheme: Scheme | None,
    issue: Callable[..., Issue],
    elements: set[str],
) -> list[Issue]:
    """An inference's `roles`: the scheme's role names, each given premises of the step.
    A hint names only premises that are claims of the map: a premise that names nothing
    is reported at 'from', where the fix is."""
    from .._issues import did_you_mean  # noqa: PLC0415

    found: list[Issue] = []
    names = [form.role for form in scheme.premises] if scheme else []
    for role, claim_ids in step.roles.items():
        loc = ("inferences", index, "roles", role)
        if scheme is None:
            found.append(issue(
                "unknown-role",
                f"inference '{step.id}' assigns role '{role}' but names no scheme; add "
                "'scheme:' to say which roles its premises play",
                loc,
            ))  # fmt: skip
            continue
        if role not in names:
            found.append(issue(
                "unknown-role",
                f"inference '{step.id}': scheme '{scheme.id}' has no premise role "
                f"'{role}'{did_you_mean(role, names)}; its roles: {', '.join(names)}",
                loc,
            ))  # fmt: skip
        known = [premise for premise in step.premises if premise in elements]
        for position, claim_id in enumerate(claim_ids):
            if claim_id not in step.premises:
                found.append(issue(
                    "unknown-id",
                    f"inference '{step.id}' gives role '{role}' to '{claim_id}', which is not "
                    f"one of its premises{did_you_mean(claim_id, known)}; its premises: "
                    f"{', '.join(step.premises)}",
                    (*loc, position) if len(claim_ids) > 1 else loc,
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
    from .._issues import UsageError, did_you_mean  # noqa: PLC0415

    steps = argument_map.inferences
    if inference is not None:
        steps = [step for step in steps if step.id == inference]
        if not steps:
            ids = [step.id for step in argument_map.inferences]
            raise UsageError(
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


def schemes_report(argument_map: ArgumentMap | None = None) -> str:
    """The text `argmap schemes` prints: the built-in catalogue, plus the map's own.

    >>> schemes_report().splitlines()[0]
    'abduction: Abductive argument (inference to the best explanation)'

    Raises:
        InputError: the map's catalogue file cannot be read.
        InvalidMapError: it is not a valid catalogue.
    """
    return catalogue_report(builtin() if argument_map is None else catalogue_for(argument_map))


def catalogue_report(schemes: dict[str, Scheme]) -> str:
    """The text `argmap schemes` prints: each scheme with its form and questions."""
    lines = []
    for scheme in sorted(schemes.values(), key=lambda s: s.id):
        lines.append(f"{scheme.id}: {scheme.name}")
        lines += [f"    {premise.role}: {premise.form}" for premise in scheme.premises]
        lines.append(f"    so: {scheme.conclusion}")
        lines += [f"    ? {q.id} ({q.kind}): {q.text}" for q in scheme.questions]
    return "\n".join(lines)
