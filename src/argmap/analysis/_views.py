"""Evaluation views: the two questions a reader asks of a map, answered side by side.

- **The author's argument on its own terms**: every claim the analyst holds (the
  critic's points) is set aside, so only what the source says and the analyst's
  reconstruction of it (assumptions, unstated steps) count.
- **What the critic's points do**: everything stands, the analyst's claims too; and the
  smallest sets of the analyst's claims whose acceptance brings the main conclusion down.

Both use the same grounded semantics (`evaluate`); `--reject` and `--accept` apply to both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal

from .._issues import brief, json_text
from ..checks._structure import Structure
from ..model import ArgumentMap, Holder, Label, Role
from ..vocabulary import ViewChoice
from ._evaluate import (
    IN,
    SEARCH_SECONDS,
    Evaluation,
    WeakPoints,
    analyst_claims,
    evaluate,
    turning_points,
    weak_points,
)

ViewName = Literal["author", "critic"]
VIEWS: tuple[ViewName, ...] = ("author", "critic")


@dataclass(frozen=True)
class Views:
    """The author's view and the critic's, with what separates them."""

    author: Evaluation
    """The author's argument on its own terms: the analyst's claims set aside."""
    critic: Evaluation
    """With the critic's points standing."""
    turning: WeakPoints
    """The smallest sets of the analyst's claims whose acceptance brings the conclusion
    down (searched from the author's view)."""
    analyst: frozenset[str]
    """The claims the analyst holds."""

    def __repr__(self) -> str:
        """One line: the main conclusion in each view, and the critic's smallest sets."""
        conclusion = self.author.structure.conclusion.id
        sets = " / ".join("+".join(sorted(found)) for found in self.turning.sets) or "none"
        return (
            f"<Views of {brief(self.author.structure.map.title)}: {conclusion} "
            f"{self.author.conclusion.upper()} on the author's terms, "
            f"{self.critic.conclusion.upper()} with the critic's points (brought down by: "
            f"{sets})>"
        )

    def view(self, name: ViewName) -> Evaluation:
        """One view by name: 'author' or 'critic'."""
        return self.author if name == "author" else self.critic

    def to_data(self, names: Iterable[ViewName] = VIEWS) -> dict[str, object]:
        """The views as JSON-ready data: labels and the explanation of every label.

        >>> import argmap
        >>> data = views(argmap.load("maps/watchmaker.yaml")).to_data()
        >>> data["views"]["author"]["conclusion"], data["views"]["critic"]["conclusion"]
        ('in', 'out')
        """
        structure = self.author.structure
        data: dict[str, object] = {
            "conclusion": structure.conclusion.id,
            "rejected": sorted(self.critic.rejected),
            "accepted": sorted(self.author.accepted),
            "analyst_claims": sorted(self.analyst),
        }
        shown: dict[str, object] = {}
        for name in names:
            evaluation = self.view(name)
            entry: dict[str, object] = {
                "description": _DESCRIPTIONS[name],
                "conclusion": evaluation.conclusion.value,
                "labels": {key: label.value for key, label in evaluation.labels.items()},
                "explanations": {key: evaluation.why(key) for key in evaluation.labels},
            }
            if name == "critic":
                entry["smallest_sets"] = [sorted(found) for found in self.turning.sets]
                entry["smallest_sets_complete"] = self.turning.complete
            shown[name] = entry
        data["views"] = shown
        return data


_DESCRIPTIONS: dict[ViewName, str] = {
    "author": "the author's argument on its own terms: the analyst's claims set aside",
    "critic": "with the critic's points: the analyst's claims stand too",
}


def views(
    argument_map: ArgumentMap,
    *,
    reject: Iterable[str] = (),
    accept: Iterable[str] = (),
    max_size: int = 3,
    seconds: float = SEARCH_SECONDS,
) -> Views:
    """Evaluate a map both ways: the author's argument alone, and with the critic's points.

    >>> import argmap
    >>> both = views(argmap.load("maps/watchmaker.yaml"))
    >>> both.author.conclusion, both.critic.conclusion, [sorted(s) for s in both.turning.sets]
    (<Label.IN: 'in'>, <Label.OUT: 'out'>, [['X1'], ['X2']])

    Raises:
        EvaluationError: a rejected or accepted id is not a claim of the map.
        InvalidMapError: the map does not pass the checker.
    """
    rejected, accepted = frozenset(reject), frozenset(accept)
    critic = evaluate(argument_map, reject=rejected, accept=accepted)
    analyst = analyst_claims(critic.structure)
    aside = analyst - accepted - rejected
    author = replace(
        evaluate(argument_map, reject=rejected | aside, accept=accepted), set_aside=aside
    )
    turning = turning_points(
        argument_map, reject=rejected, accept=accepted, max_size=max_size, seconds=seconds
    )
    return Views(author, critic, turning, analyst)


def report(evaluation: Evaluation, weak: WeakPoints | None = None, *, heading: str = "") -> str:
    """One view as text: the verdict, its trace, and the other labels."""
    structure = evaluation.structure
    lines = [
        f"Evaluation of: {structure.map.title}",
        heading or "Premises, assumptions and the analyst's claims stand unless rejected.",
        _given(evaluation),
        "",
        *_verdict(evaluation),
    ]
    intermediates = _intermediates(structure)
    if intermediates:
        lines += ["", "Intermediate conclusions:"]
    for claim_id in intermediates:
        label = evaluation.labels[claim_id]
        lines.append(f"  {claim_id:<6} {label.upper():<9} {evaluation.why(claim_id)}")
    if structure.map.objections:
        lines += ["", "Objections:"]
    for objection in structure.map.objections:
        label = evaluation.labels[objection.id]
        kind = structure.attack_kind(objection)
        lines.append(f"  {objection.id:<6} {label.upper():<9} {kind} {objection.to}")
    lines += ["", f"Claims: {_counts(evaluation)}"]
    if weak is not None:
        lines += ["", *_weak_lines(evaluation, weak)]
    return "\n".join(lines)


def views_report(both: Views, weak: WeakPoints | None = None) -> str:
    """Both views side by side: each verdict with its trace, then a table of the labels
    that differ, and the critic's points that turn the verdict."""
    author, critic = both.author, both.critic
    structure = author.structure
    if not both.analyst:
        heading = "The map has no critic's points, so the author's view is the only one."
        return report(critic, weak, heading=heading)
    count = len(both.analyst)
    points = f"{count} claim{'s' if count != 1 else ''} ({_list(sorted(both.analyst))})"
    lines = [
        f"Evaluation of: {structure.map.title}",
        _given(author),
        "",
        f"1. The author's argument on its own terms (the analyst's {points} set aside):",
        *(f"   {line}" for line in _verdict(author)),
        "",
        f"2. With the critic's points (the analyst's {points} standing):",
        *(f"   {line}" for line in _verdict(critic)),
        "",
        *(f"   {line}" for line in _turning_lines(both)),
    ]
    rows = [
        *((claim_id, "") for claim_id in _intermediates(structure)),
        *((o.id, f"{structure.attack_kind(o)} {o.to}") for o in structure.map.objections),
    ]
    lines += ["", f"{'':<8}{'author':<10}{'critic':<10}why, with the critic's points"]
    for element, what in rows:
        first, second = author.labels[element], critic.labels[element]
        why = critic.why(element) if first is not second else "the same in both"
        why = f"{what}: {why}" if what else why
        lines.append(f"  {element:<6}{first.upper():<10}{second.upper():<10}{why}")
    lines += [
        "",
        f"Claims, author's view: {_counts(author)}",
        f"Claims, critic's view: {_counts(critic)}",
    ]
    if weak is not None:
        lines += ["", *_weak_lines(author, weak)]
    return "\n".join(lines)


def evaluation_report(
    argument_map: ArgumentMap,
    *,
    view: ViewChoice = "both",
    reject: Iterable[str] = (),
    accept: Iterable[str] = (),
    weak: bool = False,
    max_size: int = 3,
    seconds: float = SEARCH_SECONDS,
    json_output: bool = False,
) -> str:
    """What `argmap evaluate` prints: both views side by side (or one), as text or JSON.

    With `weak`, the weak points (premises and assumptions whose rejection brings the
    conclusion down) are searched in the author's view, or in the critic's when that is
    the one view asked for.

    >>> import argmap
    >>> print(evaluation_report(argmap.load("maps/watchmaker.yaml")).splitlines()[3])
    1. The author's argument on its own terms (the analyst's 2 claims (X1, X2) set aside):
    """
    both = views(argument_map, reject=reject, accept=accept, max_size=max_size, seconds=seconds)
    weighed = both.critic if view == "critic" else both.author
    weakest = (
        weak_points(
            argument_map,
            reject=weighed.rejected,
            accept=weighed.accepted,
            max_size=max_size,
            seconds=seconds,
        )
        if weak
        else None
    )
    if json_output:
        data = both.to_data(VIEWS if view == "both" else (view,))
        if weakest is not None:
            data["weak_points"] = {
                "view": "critic" if view == "critic" else "author",
                "sets": [sorted(found) for found in weakest.sets],
                "complete": weakest.complete,
                "stopped": weakest.stopped,
            }
        return json_text(data)
    if view == "both":
        return views_report(both, weakest)
    return report(weighed, weakest, heading=f"The view {_DESCRIPTIONS[view]}.")


def _verdict(evaluation: Evaluation) -> list[str]:
    conclusion = evaluation.structure.conclusion.id
    return [
        f"Main conclusion {conclusion} is {evaluation.conclusion.upper()}: "
        f"{evaluation.why(conclusion)}.",
        *evaluation.trace(conclusion)[1:],
    ]


def _turning_lines(both: Views) -> list[str]:
    structure = both.author.structure
    conclusion = structure.conclusion.id
    if both.author.conclusion is not IN:
        return [f"(The critic's points need not bring {conclusion} down: it does not stand "
                "on the author's terms.)"]  # fmt: skip
    lines = [f"The smallest sets of the critic's points that bring {conclusion} down:"]
    for number, found in enumerate(both.turning.sets, start=1):
        lines.append(f"  {number}. {_described(structure, found)}")
    if not both.turning.sets:
        lines.append(f"  none: {conclusion} stands against every set tried.")
    if not both.turning.complete:
        lines.append(f"  (the search stopped early: {both.turning.stopped}; see --max-size)")
    return lines


def _weak_lines(evaluation: Evaluation, weak: WeakPoints) -> list[str]:
    structure = evaluation.structure
    conclusion = structure.conclusion.id
    lines = [f"Weak points of {conclusion}: the smallest sets of premises and assumptions "
             "whose rejection makes it fall (OUT or UNDECIDED):"]  # fmt: skip
    if evaluation.conclusion is not IN:
        lines.append(f"  none to find: {conclusion} does not stand as it is.")
    for number, found in enumerate(weak.sets, start=1):
        lines.append(f"  {number}. {_described(structure, found)}")
    if evaluation.conclusion is IN and not weak.sets:
        lines.append("  none found.")
    if not weak.complete:
        lines.append(f"  (the search stopped early: {weak.stopped}; see --max-size)")
    return lines


def _described(structure: Structure, found: frozenset[str]) -> str:
    names = " + ".join(sorted(found))
    texts = " / ".join(structure.claims[claim_id].text for claim_id in sorted(found))
    return f"{names}: {texts}"


def _given(evaluation: Evaluation) -> str:
    rejected = ", ".join(sorted(evaluation.rejected - evaluation.set_aside)) or "none"
    accepted = ", ".join(sorted(evaluation.accepted)) or "none"
    return f"Rejected: {rejected}. Accepted: {accepted}."


def _intermediates(structure: Structure) -> list[str]:
    return [
        c.id
        for c in structure.map.claims
        if c.role is Role.INTERMEDIATE and c.holder is not Holder.ANALYST
    ]


def _counts(evaluation: Evaluation) -> str:
    counts = dict.fromkeys(Label, 0)
    for claim_id in evaluation.structure.claims.keys() - evaluation.set_aside:
        counts[evaluation.labels[claim_id]] += 1
    text = ", ".join(f"{n} {label.upper()}" for label, n in counts.items())
    aside = len(evaluation.set_aside)
    return text + (f" (and the analyst's {aside} set aside)" if aside else "")


def _list(ids: list[str]) -> str:
    return ", ".join(ids) if len(ids) <= 8 else f"{', '.join(ids[:8])}, ..."
