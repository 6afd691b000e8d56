"""Evaluation: which claims stand, under grounded semantics over the map.

Every claim, inference and objection is labelled IN, OUT or UNDECIDED:

- a claim is IN when it has support (an accepted premise or assumption, a claim given
  with --accept, or an inference into it that is IN) and every objection against it is
  OUT; it is OUT when it is rejected, when an objection against it is IN, or when it
  has no support that could become IN;
- an inference is IN when all its premises are IN and every objection undercutting it
  is OUT; OUT when a premise is OUT or an undercutting objection is IN;
- an objection is IN when all its reasons are IN; OUT when one of them is OUT;
- whatever these rules cannot settle (cycles of attack) is UNDECIDED.

This is the least fixpoint (the grounded labelling). It is computed by propagation with
counters, so each element is decided once: linear in the size of the map.
"""

from __future__ import annotations

import itertools
import time
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

from .._collector import collector_paused
from .._issues import UsageError, brief, did_you_mean
from ..checks._structure import Structure
from ..model import ArgumentMap, Holder, Label, Role

IN, OUT, UNDECIDED = Label.IN, Label.OUT, Label.UNDECIDED
_NESTING = 20
"""Levels of indent a trace goes to."""


_PASSIVE = {
    "undermines": "undermined",
    "rebuts": "rebutted",
    "undercuts": "undercut",
    "replies to": "answered",
}


class EvaluationError(UsageError):
    """--reject or --accept names something that is not a claim of the map."""


@dataclass(frozen=True)
class Evaluation:
    """The labels of one evaluation, and what it assumed."""

    structure: Structure
    labels: dict[str, Label]
    rejected: frozenset[str] = frozenset()
    accepted: frozenset[str] = frozenset()
    set_aside: frozenset[str] = frozenset()
    """Among `rejected`, the analyst's claims a view sets aside (not the reader's choice)."""

    def __repr__(self) -> str:
        """One line: the verdict and the count of each label (not the whole map)."""
        counts = dict.fromkeys(Label, 0)
        for label in self.labels.values():
            counts[label] += 1
        tally = ", ".join(f"{count} {label.upper()}" for label, count in counts.items())
        given = f"; rejected {', '.join(sorted(self.rejected))}" if self.rejected else ""
        return (
            f"<Evaluation of {brief(self.structure.map.title)}: "
            f"{self.structure.conclusion.id} {self.conclusion.upper()} ({tally}){given}>"
        )

    @property
    def conclusion(self) -> Label:
        """The main conclusion's label."""
        return self.labels[self.structure.conclusion.id]

    def based(self, claim_id: str) -> bool:
        """Whether a claim is given (accepted premise, assumption or --accept)."""
        return _based(self.structure, claim_id, self.rejected, self.accepted)

    def why(self, element_id: str) -> str:
        """One line: why the element has its label."""
        return _Reasons(self).why(element_id)

    def trace(self, element_id: str) -> list[str]:
        """The chain that holds an element up or brings it down, as indented lines."""
        return _Reasons(self).trace(element_id)


@dataclass(frozen=True)
class WeakPoints:
    """The result of a search for the smallest sets that bring the conclusion down."""

    sets: list[frozenset[str]]
    complete: bool
    """Every larger set contains one of `sets`, or was tried: nothing was missed."""
    stopped: str = ""
    """Why the search stopped early, when it did."""


SEARCH_SECONDS = 10.0
"""How long a search for smallest sets may run by default (it is exponential)."""


def weak_points(
    argument_map: ArgumentMap,
    *,
    reject: Iterable[str] = (),
    accept: Iterable[str] = (),
    max_size: int = 3,
    budget: int = 20_000,
    seconds: float = SEARCH_SECONDS,
) -> WeakPoints:
    """The smallest sets of premises and assumptions whose rejection makes the conclusion fall.

    "Fall" means no longer IN (OUT, or UNDECIDED). Sets are tried by size, smallest
    first, among the premises and assumptions the conclusion depends on (through support,
    attack and defence); a set containing one already found is skipped, so each set is
    minimal. The search is exponential, so it stops at `max_size` claims, after `budget`
    evaluations or after `seconds`, and says so. `reject` and `accept` are the starting
    point (e.g. the analyst's claims rejected, to weigh the author's argument alone).

    >>> import argmap
    >>> m = argmap.load("maps/watchmaker.yaml")
    >>> result = weak_points(m, reject=["X1", "X2"])
    >>> [sorted(found) for found in result.sets], result.complete
    ([['A1'], ['P1'], ['P2'], ['N1', 'N2']], True)
    """
    structure = Structure.of(argument_map)
    given, taken = frozenset(reject), frozenset(accept)
    if evaluate(argument_map, reject=given, accept=taken).conclusion is not IN:
        return WeakPoints([], True)
    grounds = _grounds(structure, structure.conclusion.id, _given_roles(structure))
    return _smallest_sets(
        structure,
        sorted(grounds - given - taken),
        lambda chosen: (given | chosen, taken),
        Limits(max_size, budget, seconds),
    )


def turning_points(
    argument_map: ArgumentMap,
    *,
    reject: Iterable[str] = (),
    accept: Iterable[str] = (),
    max_size: int = 3,
    budget: int = 20_000,
    seconds: float = SEARCH_SECONDS,
) -> WeakPoints:
    """The smallest sets of the analyst's claims whose acceptance brings the conclusion down.

    The search starts from the author's argument on its own terms (every claim the
    analyst holds set aside) and lets the smallest sets of them stand, as `weak_points`
    rejects the smallest sets of premises; a set is found when the main conclusion is no
    longer IN. `reject` and `accept` apply throughout.

    >>> import argmap
    >>> m = argmap.load("maps/watchmaker.yaml")
    >>> [sorted(found) for found in turning_points(m).sets]
    [['X1'], ['X2']]
    """
    structure = Structure.of(argument_map)
    given, taken = frozenset(reject), frozenset(accept)
    analyst = analyst_claims(structure) - given - taken
    if evaluate(argument_map, reject=given | analyst, accept=taken).conclusion is not IN:
        return WeakPoints([], True)
    grounds = _grounds(structure, structure.conclusion.id, analyst)
    return _smallest_sets(
        structure,
        sorted(grounds),
        lambda chosen: (given | (analyst - chosen), taken),
        Limits(max_size, budget, seconds),
    )


@dataclass(frozen=True)
class Limits:
    """Bounds of an exponential search: set size, evaluations and seconds."""

    max_size: int = 3
    budget: int = 20_000
    seconds: float = SEARCH_SECONDS


def _smallest_sets(
    structure: Structure,
    candidates: list[str],
    scenario: Callable[[frozenset[str]], tuple[frozenset[str], frozenset[str]]],
    limits: Limits,
) -> WeakPoints:
    """The minimal sets of candidates, smallest first, whose scenario (what it rejects and
    accepts) leaves the main conclusion not IN; each set's supersets are skipped."""
    found: list[frozenset[str]] = []
    spent = 0
    deadline = time.monotonic() + limits.seconds
    for size in range(1, min(limits.max_size, len(candidates)) + 1):
        for subset in itertools.combinations(candidates, size):
            chosen = frozenset(subset)
            if any(known <= chosen for known in found):
                continue
            if spent >= limits.budget:
                stopped = f"the budget of {limits.budget:,} evaluations ran out at sets of {size}"
                return WeakPoints(found, False, stopped)
            if spent % 64 == 0 and time.monotonic() > deadline:
                stopped = f"the time limit of {limits.seconds:g} s ran out at sets of {size}"
                return WeakPoints(found, False, stopped)
            spent += 1
            # The ids are checked and the structure built once, above: only propagate here.
            rejected, accepted = scenario(chosen)
            with collector_paused():
                labels = _Propagation(structure, rejected, accepted).run()
            if labels[structure.conclusion.id] is not IN:
                found.append(chosen)
    # Larger sets need no trying when each of them contains a set already found.
    larger = itertools.combinations(candidates, limits.max_size + 1)
    untried = any(
        index == limits.budget or not any(known <= set(subset) for known in found)
        for index, subset in enumerate(itertools.islice(larger, limits.budget + 1))
    )
    if limits.max_size < len(candidates) and untried:
        stopped = f"sets of more than {limits.max_size} claims were not tried"
        return WeakPoints(found, False, stopped)
    return WeakPoints(found, True)


def analyst_claims(structure: Structure) -> frozenset[str]:
    """The claims the analyst holds: the critic's points, set aside in the author's view."""
    return frozenset(c.id for c in structure.map.claims if c.holder is Holder.ANALYST)


def _given_roles(structure: Structure) -> set[str]:
    return {
        claim.id for claim in structure.map.claims if claim.role in (Role.PREMISE, Role.ASSUMPTION)
    }


def _grounds(structure: Structure, goal: str, wanted: Collection[str]) -> set[str]:
    """The claims among `wanted` that a claim's label depends on, through any chain of
    support, attack and defence (an attack on one of its attackers defends it)."""
    grounds: set[str] = set()
    stack, seen = [goal], {goal}
    while stack:
        element = stack.pop()
        below: list[str] = [o.id for o in structure.attacks_on.get(element, [])]
        if element in structure.claims:
            if element in wanted:
                grounds.add(element)
            below += [step.id for step in structure.support_for.get(element, [])]
        elif element in structure.inferences:
            below += structure.inferences[element].premises
        else:
            below += structure.objections[element].premises
        for other in below:
            if other not in seen:
                seen.add(other)
                stack.append(other)
    return grounds


def evaluate(
    argument_map: ArgumentMap, *, reject: Iterable[str] = (), accept: Iterable[str] = ()
) -> Evaluation:
    """Label every claim, inference and objection IN, OUT or UNDECIDED.

    >>> import argmap
    >>> m = argmap.load("maps/watchmaker.yaml")
    >>> evaluate(m).conclusion, evaluate(m, reject=["X1", "X2"]).conclusion
    (<Label.OUT: 'out'>, <Label.IN: 'in'>)

    Raises:
        EvaluationError: a rejected or accepted id is not a claim of the map.
        InvalidMapError: the map does not pass the checker.
    """
    structure = Structure.of(argument_map)
    rejected, accepted = frozenset(reject), frozenset(accept)
    problems = [
        f"{option} {claim_id}: {_not_a_claim(structure, claim_id)}"
        for option, ids in (("--reject", rejected), ("--accept", accepted))
        for claim_id in sorted(ids - structure.claims.keys())
    ]
    problems += [
        f"{claim_id} is both rejected and accepted; choose one"
        for claim_id in sorted(rejected & accepted)
    ]
    if problems:
        raise EvaluationError("; ".join(problems))
    with collector_paused():
        labels = _Propagation(structure, rejected, accepted).run()
    return Evaluation(structure, labels, rejected, accepted)


def _not_a_claim(structure: Structure, element: str) -> str:
    if element in structure.inferences or element in structure.objections:
        kind = "an inference" if element in structure.inferences else "an objection"
        return f"{element} is {kind}; only claims can be rejected or accepted"
    return f"no claim with that id{did_you_mean(element, structure.claims)}"


def _based(
    structure: Structure, claim_id: str, rejected: frozenset[str], accepted: frozenset[str]
) -> bool:
    if claim_id in rejected:
        return False
    role = structure.claims[claim_id].role
    return claim_id in accepted or role in (Role.PREMISE, Role.ASSUMPTION)


@dataclass
class _Counts:
    """How many of an element's supports (or premises) and attackers are IN and OUT."""

    supports: int = 0
    supports_in: int = 0
    supports_out: int = 0
    attackers: int = 0
    attackers_in: int = 0
    attackers_out: int = 0


@dataclass
class _Propagation:
    structure: Structure
    rejected: frozenset[str]
    accepted: frozenset[str]
    labels: dict[str, Label] = field(default_factory=dict)
    counts: dict[str, _Counts] = field(default_factory=lambda: defaultdict(_Counts))
    # Who hears of an element's label, and as what: "support" or "attacker".
    listeners: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))

    def run(self) -> dict[str, Label]:
        structure = self.structure
        for step in structure.map.inferences:
            self.listen(step.id, step.to, "support")
            for premise in step.premises:
                self.listen(premise, step.id, "support")
        for objection in structure.map.objections:
            self.listen(objection.id, objection.to, "attacker")
            for reason in objection.premises:
                self.listen(reason, objection.id, "support")
        pending = [*structure.claims, *structure.inferences, *structure.objections]
        while pending:
            element = pending.pop()
            if element in self.labels:
                continue
            label = self.decide(element)
            if label is UNDECIDED:
                continue
            self.labels[element] = label
            for listener, relation in self.listeners[element]:
                counts = self.counts[listener]
                if relation == "support":
                    counts.supports_in += label is IN
                    counts.supports_out += label is OUT
                else:
                    counts.attackers_in += label is IN
                    counts.attackers_out += label is OUT
                if listener not in self.labels:
                    pending.append(listener)
        every = [*structure.claims, *structure.inferences, *structure.objections]
        return {element: self.labels.get(element, UNDECIDED) for element in every}

    def listen(self, source: str, listener: str, relation: str) -> None:
        self.listeners[source].append((listener, relation))
        counts = self.counts[listener]
        if relation == "support":
            counts.supports += 1
        else:
            counts.attackers += 1

    def decide(self, element: str) -> Label:
        counts = self.counts[element]
        attacked = counts.attackers_in > 0
        unattacked = counts.attackers_out == counts.attackers
        if element in self.structure.claims:
            if element in self.rejected or attacked:
                return OUT
            based = _based(self.structure, element, self.rejected, self.accepted)
            if (based or counts.supports_in) and unattacked:
                return IN
            if not based and counts.supports_out == counts.supports:
                return OUT
            return UNDECIDED
        # Inferences need all premises; objections all reasons (and have no attackers).
        if counts.supports_out or attacked:
            return OUT
        if counts.supports_in == counts.supports and unattacked:
            return IN
        return UNDECIDED


class _Reasons:
    """Explanations, built from the labels on demand: every reason that settles a label."""

    def __init__(self, evaluation: Evaluation) -> None:
        self.evaluation = evaluation
        self.structure = evaluation.structure
        self.labels = evaluation.labels

    def why(self, element: str) -> str:
        return self.explain(element)[0]

    def causes(self, element: str) -> list[str]:
        return self.explain(element)[1]

    def explain(self, element: str) -> tuple[str, list[str]]:
        """A sentence saying why the element has its label, and the elements it rests on."""
        structure, labels = self.structure, self.labels
        label = labels[element]
        attackers = [o.id for o in structure.attacks_on.get(element, [])]
        standing = [o for o in attackers if labels[o] is IN]
        beaten = [o for o in attackers if labels[o] is OUT]
        open_ = [o for o in attackers if labels[o] is UNDECIDED]
        if element in structure.claims:
            supports = [step.id for step in structure.support_for.get(element, [])]
            parts = supports
            given = self.evaluation.based(element)
        else:
            parts = list(
                structure.inferences[element].premises
                if element in structure.inferences
                else structure.objections[element].premises
            )
            given = False
        if label is UNDECIDED:
            open_parts = [p for p in parts if labels[p] is UNDECIDED]
            return (
                "it depends on a cycle of attacks that the rules cannot settle"
                + (f" (through {_names(open_ + open_parts)})" if open_ + open_parts else ""),
                open_ + open_parts,
            )
        if element in structure.claims and element in self.evaluation.rejected:
            aside = element in self.evaluation.set_aside
            return ("set aside: the analyst's claim" if aside else "rejected"), []
        reasons: list[str] = []
        causes: list[str] = []
        if standing:
            kind = _PASSIVE[structure.attack_kind(structure.objections[standing[0]])]
            reasons.append(f"{kind} by {_names(standing)}, which {_verb(standing, 'stand')}")
            causes += standing
        reason, grounds = self.grounds(element, label, parts, given)
        if reason:
            reasons.append(reason)
            causes += grounds
        if label is IN and beaten:
            reasons.append(f"{_names(beaten)}, against it, {_verb(beaten, 'fails', 'fail')}")
            causes += beaten
        return "; ".join(reasons), causes

    def grounds(
        self, element: str, label: Label, parts: list[str], given: bool
    ) -> tuple[str, list[str]]:
        """What an element's own support (or premises) says about its label."""
        labels = self.labels
        failing = [p for p in parts if labels[p] is OUT]
        if element not in self.structure.claims:
            if label is IN:
                return f"{_names(parts)} {_verb(parts, 'stand')}", parts
            if failing:
                return (
                    f"{_names(failing)} {_verb(failing, 'does not stand', 'do not stand')}",
                    failing,
                )
            return "", []
        if label is OUT and not given:
            if not parts:
                return "no inference supports it", []
            if len(failing) < len(parts):  # a support holds: only its attackers bring it down
                return "", []
            plural = "s" if len(failing) > 1 else ""
            return f"its support{plural} {_names(failing)} {_verb(failing, 'fail')}", failing
        if label is IN and given:
            role = self.structure.claims[element].role
            return (
                "accepted" if element in self.evaluation.accepted else f"given: {_a(str(role))}"
            ), []
        if label is IN:
            holding = next(p for p in parts if labels[p] is IN)
            return f"supported by {holding}, which holds", [holding]
        return "", []

    def trace(self, element: str) -> list[str]:
        lines: list[str] = []
        seen: set[str] = set()
        stack = [(element, 0)]
        while stack:
            node, depth = stack.pop()
            text = self.structure.claims[node].text if node in self.structure.claims else ""
            # The indent stops growing at _NESTING levels, so a deep chain's trace is
            # linear in its length; deeper lines name their depth instead.
            indent = "  " * min(depth, _NESTING) + (f"[depth {depth}] " if depth > _NESTING else "")
            head = f"{indent}{node} {self.labels[node].upper()}: {self.why(node)}"
            if node in seen:
                lines.append(f"{head} (see above)")
                continue
            seen.add(node)
            lines.append(f"{head}" + (f"  [{text}]" if text else ""))
            stack.extend((child, depth + 1) for child in reversed(self.causes(node)))
        return lines


def _names(ids: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return ids[0] if len(ids) == 1 else f"{', '.join(ids[:-1])} and {ids[-1]}"


def _verb(ids: list[str], singular: str, plural: str | None = None) -> str:
    """The verb agreeing with a list: 'stands'/'both stand'/'all stand'."""
    if len(ids) == 1:
        return singular + ("s" if plural is None else "")
    return plural or f"{'both' if len(ids) == 2 else 'all'} {singular}"


def _a(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"
