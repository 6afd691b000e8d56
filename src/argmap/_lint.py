"""Lint: a critical reader's warnings about a valid map, and its statistics.

Warnings are not errors: the map is sound, but these are the places a careful reader
would question. Every pass is linear or near-linear; near-duplicate texts are found
through an index of each claim's rarest words, never by comparing all pairs.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ._issues import Issue, brief, sort_key
from ._read import Loc, issue_at
from ._schemes import catalogue_for
from ._structure import Structure
from .model import ArgumentMap, Basis, Claim, Role

HEDGES = re.compile(
    r"\b(?:(?i:could|might|potentially|possibly|perhaps|some|likely|probably|seems?|appears?)"
    r"|may|(?i:can)(?!['\u2019]t))\b"  # "may" in lower case only (not the month); not "can't"
)
_BASIS_WORDS = {Basis.UNNAMED_SOURCE: "an unnamed source", Basis.ASSERTION: "bare assertion"}
_STOPWORDS = frozenset(
    "a an the and or of in on to for by with as at from is are was were be been being it its "
    "this that these those their they them but so than then which who whom whose".split()
)
_NEGATIONS = frozenset({"not", "no", "never", "nor", "neither", "none", "nothing"})
_SIMILAR = 0.7
_COMMON = 100
"""Claims a word may be shared by and still pair them (keeps the join near-linear)."""
"""Word-set overlap (Jaccard) above which two claims say nearly the same thing."""


@dataclass(frozen=True)
class Analysis:
    """Lint warnings and statistics of one map."""

    warnings: list[Issue]
    statistics: dict[str, object] = field(default_factory=dict)
    map: ArgumentMap | None = field(default=None, repr=False, compare=False)
    """The map analysed (for its diagram in notebooks)."""

    def __repr__(self) -> str:
        """One line: how many warnings of each code."""
        codes = Counter(warning.code for warning in self.warnings)
        found = ", ".join(f"{count} {code}" for code, count in sorted(codes.items()))
        title = f" of {brief(self.map.title)}" if self.map else ""
        count = len(self.warnings)
        return f"<Analysis{title}: {count} warning{'s' if count != 1 else ''}" + (
            f" ({found})>" if found else ">"
        )

    def report(self) -> str:
        """What `argmap analyse` prints: each warning, their count, the statistics."""
        count = len(self.warnings)
        return "\n".join(
            [
                *(f"{warning} (warning)" for warning in self.warnings),
                f"\n{count} warning{'s' if count != 1 else ''}.",
                self.summary(),
            ]
        )

    def summary(self) -> str:
        """The statistics as lines of text."""
        lines = ["Statistics:"]
        for key, value in self.statistics.items():
            text = str(value)
            if isinstance(value, dict) and "id" in value:
                count = value["premises"]
                text = f"{value['id']} ({count} premise{'' if count == 1 else 's'})"
            elif isinstance(value, dict):
                text = ", ".join(f"{count} {name}" for name, count in value.items()) or "none"
            lines.append(f"  {key.replace('_', ' ')}: {text}")
        return "\n".join(lines)


def analyse(argument_map: ArgumentMap) -> Analysis:
    """Warnings a critical reader would raise, and the map's statistics.

    >>> import argmap
    >>> analysis = analyse(argmap.load("maps/iraq-militias.yaml"))
    >>> analysis.statistics["claims"]["conclusion"]
    1
    """
    structure = Structure.of(argument_map)
    linter = _Linter(structure)
    warnings = [
        *linter.weak_bases(),
        *linter.hedges(),
        *linter.quotes(),
        *linter.schemes(),
        *linter.duplicates(),
    ]
    return Analysis(sorted(warnings, key=sort_key), linter.statistics(), argument_map)


class _Linter:
    def __init__(self, structure: Structure) -> None:
        self.structure = structure
        self.map = structure.map
        self.index: dict[str, tuple[str, int]] = {
            claim.id: ("claims", n) for n, claim in enumerate(self.map.claims)
        }
        self.index |= {step.id: ("inferences", n) for n, step in enumerate(self.map.inferences)}

    def warn(self, code: str, message: str, element: str, *fields: str) -> Issue:
        section, position = self.index[element]
        loc: Loc = (section, position, *fields)
        return issue_at(self.map.origin, code, message, loc, severity="warning")

    def weak_bases(self) -> list[Issue]:
        found = []
        for claim in self.map.claims:
            steps = self.structure.support_for.get(claim.id, [])
            if len(steps) != 1 or len(steps[0].premises) != 1:
                continue
            ground = self.structure.claims[steps[0].premises[0]]
            if ground.basis in _BASIS_WORDS:
                found.append(self.warn(
                    "weak-basis",
                    f"'{claim.id}' rests on a single claim, '{ground.id}', offered as "
                    f"{_BASIS_WORDS[ground.basis]}; what else supports it?",
                    claim.id, "id",
                ))  # fmt: skip
        return found

    def hedges(self) -> list[Issue]:
        found = []
        for step in self.map.inferences:
            conclusion = self.structure.claims[step.to]
            if _hedge(conclusion):
                continue
            hedged = [p for p in step.premises if _hedge(self.structure.claims[p])]
            if hedged:
                words = sorted(
                    {
                        w.lower()
                        for p in hedged
                        for w in HEDGES.findall(_words(self.structure.claims[p]))
                    }
                )
                found.append(self.warn(
                    "hedged-premise",
                    f"'{step.to}' is stated without hedging, but its support {step.id} rests on "
                    f"hedged {', '.join(hedged)} ({', '.join(words)}): does the conclusion claim "
                    "more than its premises give?",
                    step.id, "to",
                ))  # fmt: skip
        return found

    def quotes(self) -> list[Issue]:
        """Stated claims with no quote, in a map that has a source to quote (a map of no
        text, an analyst's own argument, has nothing to quote)."""
        if self.map.source is None:
            return []
        return [
            self.warn(
                "no-quote",
                f"'{claim.id}' is stated by the author but has no quote; add the passage "
                "(and a source text) so readers can check it",
                claim.id,
                "id",
            )
            for claim in self.map.claims
            if claim.stated and not claim.quote
        ]

    def schemes(self) -> list[Issue]:
        schemes = catalogue_for(self.map)
        found = []
        for step in self.map.inferences:
            if not step.scheme:
                found.append(self.warn(
                    "no-scheme",
                    f"inference '{step.id}' names no argumentation scheme, so it has no "
                    "critical questions; `argmap schemes` lists them",
                    step.id, "id",
                ))  # fmt: skip
                continue
            scheme = schemes[step.scheme]
            given = len(step.premises) + (1 if step.warrant else 0)
            if given < len(scheme.premises):
                forms = "; ".join(f"{p.role}: {p.form}" for p in scheme.premises)
                found.append(self.warn(
                    "incomplete-scheme",
                    f"inference '{step.id}' ({scheme.id}) gives {len(step.premises)} premise"
                    f"{'s' if len(step.premises) != 1 else ''}"
                    f"{' and a warrant' if step.warrant else ''}, but the scheme's form has "
                    f"{len(scheme.premises)} ({forms}): which premise is unstated?",
                    step.id, "from",
                ))  # fmt: skip
        return found

    def duplicates(self) -> list[Issue]:
        """Pairs of claims whose content words overlap by `_SIMILAR` or more (Jaccard).

        A prefix-filtered similarity join: each claim is indexed by its rarest
        |A| - ceil(t * |A|) + 1 words, and any two claims that reach the threshold must
        share one of them. So no pair is missed, and no two claims are compared unless
        they share a rare word; a word shared by more than `_COMMON` claims pairs none
        by itself (without that bound, a map written in a small vocabulary would be
        compared pair by pair). A claim and an objection's reason against it are never
        duplicates (they differ on purpose), nor are two texts that differ by a negation.
        """
        words = {claim.id: _content_words(claim.text) for claim in self.map.claims}
        frequency = Counter(word for claim_words in words.values() for word in claim_words)
        opposed = {
            frozenset((reason, objection.to))
            for objection in self.map.objections
            for reason in objection.premises
        }
        buckets: dict[str, list[str]] = defaultdict(list)
        for claim_id, claim_words in words.items():
            ordered = sorted(claim_words, key=lambda w: (frequency[w], w))
            prefix = len(ordered) - math.ceil(_SIMILAR * len(ordered)) + 1
            for word in ordered[:prefix]:
                buckets[word].append(claim_id)
        pairs: set[tuple[str, str]] = set()
        for members in buckets.values():
            if len(members) > _COMMON:
                continue
            for left_index, left in enumerate(members):
                for right in members[left_index + 1 :]:
                    a, b = words[left], words[right]
                    if (
                        len(a | b) >= 3
                        and len(a & b) >= _SIMILAR * len(a | b)
                        and (a & _NEGATIONS) == (b & _NEGATIONS)
                        and frozenset((left, right)) not in opposed
                    ):
                        pairs.add((left, right))
        return [
            self.warn(
                "near-duplicate",
                f"'{left}' and '{right}' say nearly the same thing; merge them, or make the "
                "difference explicit",
                right,
                "text",
            )
            for left, right in sorted(pairs)
        ]

    def statistics(self) -> dict[str, object]:
        structure = self.structure
        roles = Counter(str(claim.role) for claim in self.map.claims)
        kinds = Counter(str(structure.attack_kind(o)) for o in self.map.objections)
        widest = max(self.map.inferences, key=lambda step: len(step.premises), default=None)
        return {
            "claims": {role.value: roles.get(role.value, 0) for role in Role},
            "analyst_claims": sum(
                not claim.stated and claim.role is not Role.ASSUMPTION for claim in self.map.claims
            ),
            "inferences": len(self.map.inferences),
            "linked_inferences": sum(len(step.premises) > 1 for step in self.map.inferences),
            "objections": dict(sorted(kinds.items())),
            "depth": _depth(structure),
            "widest_inference": {"id": widest.id, "premises": len(widest.premises)}
            if widest
            else None,
        }


def _words(claim: Claim) -> str:
    return f"{claim.text} {claim.quote or ''}"


def _hedge(claim: Claim) -> bool:
    """Whether the author's own words hedge (assumptions and critics' reasons do not count)."""
    return claim.stated and HEDGES.search(_words(claim)) is not None


def _content_words(text: str) -> frozenset[str]:
    text = re.sub(r"n['\u2019]t\b", " not", text.lower()).replace("cannot", "can not")
    return frozenset(w for w in re.findall(r"\w+", text) if w not in _STOPWORDS)


def _depth(structure: Structure) -> int:
    """The longest chain of inferences from a premise up to the main conclusion."""
    depth: dict[str, int] = {}
    order = [structure.conclusion.id]
    # Claims below the conclusion, parents before children (the support graph is acyclic).
    seen = {structure.conclusion.id}
    for claim_id in order:
        for step in structure.support_for.get(claim_id, []):
            for premise in step.premises:
                if premise not in seen:
                    seen.add(premise)
                    order.append(premise)
    for claim_id in reversed(order):
        steps = structure.support_for.get(claim_id, [])
        depth[claim_id] = max(
            (1 + max(depth.get(p, 0) for p in s.premises) for s in steps), default=0
        )
    return depth[structure.conclusion.id]
