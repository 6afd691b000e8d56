"""Grading: a student's map against the key, item by item, with feedback to act on.

Given statements are matched by id (the worksheet's numbers). A student's own claims
marked `assumption` are matched to the key's assumptions by what they say (see
`_match_assumptions`). Everything else is compared as sets of relations:

- roles: each key claim's role (assumptions are scored under assumptions);
- supports: each reason-to-claim link, as precision and recall (F1);
- grouping: for each of the key's premise groups whose links the student found,
  whether they are grouped the same way (linked in one inference, or convergent);
- objections: each attack found, by its reasons and target (F1; half credit when it
  targets the claim instead of the step, or the reverse);
- assumptions: the key's unstated premises the student supplied;
- schemes: the scheme of each inference the student grouped as the key does.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from .._issues import Issue, UsageError, visible
from ..analysis._warnings import content_words
from ..model import ROLE_NAMES, ArgumentMap, Claim, Role
from ._report import Grade, Item, Part, Status

WEIGHTS: dict[str, float] = {
    "roles": 25,
    "supports": 30,
    "grouping": 10,
    "objections": 15,
    "assumptions": 10,
    "schemes": 10,
}
"""Default share of each part of the score, in points; a part the key has nothing for
(no objections, say) is left out and the others are scaled up to 100."""

_SIMILAR_ALONE = 0.5
_SIMILAR_IN_PLACE = 0.2


def grade(
    student: ArgumentMap,
    key: ArgumentMap,
    *,
    weights: dict[str, float] | None = None,
    name: str | None = None,
    issues: Iterable[Issue] = (),
    unreadable_roles: Iterable[str] = (),
) -> Grade:
    """Grade a student's map against the key's.

    >>> import argmap
    >>> key = argmap.load("maps/watchmaker.yaml")
    >>> grade(key, key).score
    100.0

    Raises:
        UsageError: a weight names no part of the score, or is negative.
    """
    weights = _weights(weights)
    student_name = name or (student.origin.name if student.origin else student.title)
    grader = _Grader(student, key, weights, frozenset(unreadable_roles))
    return grader.run(student_name, tuple(issues))


def parse_weights(text: str) -> dict[str, float]:
    """`roles=30,schemes=0` as weights (the rest keep their defaults).

    Raises:
        UsageError: not NAME=NUMBER pairs, or a name that is no part of the score.
    """
    weights: dict[str, float] = {}
    for pair in filter(None, (p.strip() for p in text.split(","))):
        name, _, value = pair.partition("=")
        try:
            weights[name.strip()] = float(value)
        except ValueError:
            raise UsageError(
                f"--weights: '{pair}' is not NAME=NUMBER, e.g. 'schemes=0,supports=40'"
            ) from None
    return weights


MAX_WEIGHT = 1_000_000.0
"""The most points one part may be given (the default parts add up to 100)."""


def _weights(given: dict[str, float] | None) -> dict[str, float]:
    weights = dict(WEIGHTS)
    for name, value in (given or {}).items():
        if name not in WEIGHTS:
            raise UsageError(
                f"--weights: '{visible(name)}' is no part of the score; the parts are "
                f"{', '.join(WEIGHTS)}"
            )
        if not math.isfinite(value) or value > MAX_WEIGHT:
            raise UsageError(
                f"--weights: '{name}={value}' is not a number of points; give a number from 0 "
                f"to {MAX_WEIGHT:,.0f}"
            )
        if value < 0:
            raise UsageError(f"--weights: '{name}' is negative; use 0 to leave a part out")
        weights[name] = value
    if not any(weights.values()):
        raise UsageError("--weights: every part is 0, so there is nothing to score")
    return weights


def _stem(word: str) -> str:
    """A crude stem: enough to match 'families' with 'family', and 'eases' with 'eased'.

    >>> [_stem(w) for w in ["families", "eases", "eased", "easing", "ease", "required"]]
    ['family', 'eas', 'eas', 'eas', 'eas', 'requir']
    """
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def similarity(a: str, b: str) -> float:
    """How much two texts say alike: the Dice overlap of their stemmed content words.

    >>> round(similarity("The state can act against the militias",
    ...                  "The Iraqi state is able to act against militias"), 2)
    0.73
    """
    left = {_stem(w) for w in content_words(a)}
    right = {_stem(w) for w in content_words(b)}
    if not left or not right:
        return 0.0
    return 2 * len(left & right) / (len(left) + len(right))


Group = tuple[frozenset[str], str]
"""An inference as its premises and its conclusion."""


@dataclass(frozen=True)
class Answered:
    """The target of a reply: the objection that rests on these reasons."""

    reasons: frozenset[str]


Target = str | Group | Answered
Attack = tuple[frozenset[str], Target]
"""An objection as its reasons and its target: a claim, an inference's group, or the
objection it replies to."""


@dataclass
class _Grader:
    student: ArgumentMap
    key: ArgumentMap
    weights: dict[str, float]
    unreadable_roles: frozenset[str] = frozenset()
    items: list[Item] = field(default_factory=list)

    def run(self, name: str, issues: tuple[Issue, ...]) -> Grade:
        self.key_claims = {c.id: c for c in self.key.claims}
        self.claims: dict[str, Claim] = {}
        for claim in self.student.claims:  # the first of duplicated ids, as the checker says
            self.claims.setdefault(claim.id, claim)
        self.as_key = self.match_assumptions()
        self.student_groups = self.groups(self.student, self.as_key)
        self.key_groups = self.groups(self.key, {})
        graders = {
            "roles": self.roles, "supports": self.supports, "grouping": self.grouping,
            "objections": self.objections, "assumptions": self.assumptions,
            "schemes": self.schemes,
        }  # fmt: skip
        shared = len(self.claims.keys() & self.key_claims.keys())
        if self.key_claims and not shared:
            example = ", ".join(sorted(self.key_claims, key=len)[:3])
            advice = f"name each given statement by its number on the worksheet ({example}, ...)"
            folded = {c.casefold(): c for c in self.key_claims}
            mine = next((c for c in self.claims if c.casefold() in folded), None)
            if mine is not None:
                advice += f"; ids are case-sensitive: write {folded[mine.casefold()]}, not {mine}"
            self.add("roles", "wrong", f"none of your claims has the id of a statement: {advice}")
        elif len(self.claims) >= 4 and 2 * shared < len(self.claims):
            self.add(
                "roles", "wrong",
                f"only {shared} of your {len(self.claims)} claims have the id of a statement of "
                "the key: name each given statement by its number on the worksheet, and check "
                "that the key is the one `argmap exercise` wrote for this worksheet",
            )  # fmt: skip
        parts = [grader() for name, grader in graders.items() if self.weights[name]]
        return Grade(name, tuple(p for p in parts if p is not None), tuple(self.items), issues)

    def add(self, part: str, status: Status, feedback: str) -> None:
        self.items.append(Item(part, status, feedback))

    def part(self, name: str, earned: float, summary: str) -> Part | None:
        weight = self.weights[name]
        return Part(name, weight, earned, summary) if weight else None

    # Matching ----------------------------------------------------------------------------

    def match_assumptions(self) -> dict[str, str]:
        """Student claim id -> key claim id: given ids as they are, plus the student's own
        claims matched to the key's assumptions by text.

        A claim in the student's own words (an assumption, or a premise: the wording is
        right even when the role is not) matches a key assumption when their stemmed
        content words overlap (Dice) by 0.5 or more, or by 0.2 or more when it sits in the
        same place: a reason in a step to the same claim. Best pairs first; each is used
        once.
        """
        mapping = {c: c for c in self.claims if c in self.key_claims}
        key_left = [c for c in self.key.claims if c.role is Role.ASSUMPTION and c.id not in mapping]
        own = [
            c
            for c in self.claims.values()
            if c.id not in self.key_claims and c.role in {Role.ASSUMPTION, Role.PREMISE}
        ]
        places = {
            (p, s.to) for s in self.student.inferences for p in s.premises
        }  # student reason -> the claim its step supports (given ids)
        key_places = {(p, s.to) for s in self.key.inferences for p in s.premises}
        pairs = []
        for mine in own:
            for theirs in key_left:
                score = similarity(mine.text, theirs.text)
                in_place = any(
                    (mine.id, to) in places and (theirs.id, to) in key_places
                    for to in self.key_claims
                )
                threshold = _SIMILAR_IN_PLACE if in_place else _SIMILAR_ALONE
                if score >= threshold:
                    pairs.append((score + in_place, mine.id, theirs.id))
        used: set[str] = set()
        for _, mine_id, theirs_id in sorted(pairs, reverse=True):
            if mine_id not in mapping and theirs_id not in used:
                mapping[mine_id] = theirs_id
                used.add(theirs_id)
        return mapping

    def groups(self, argument_map: ArgumentMap, rename: dict[str, str]) -> dict[str, Group]:
        """Each inference (by id) as its premise group and conclusion, in key ids.

        A reason that names no claim of the map is left out (the checker reports it);
        an inference whose conclusion names none, or with no reason left, is left out.
        """
        claims = {c.id for c in argument_map.claims}
        found = {}
        for step in argument_map.inferences:
            reasons = frozenset(rename.get(p, p) for p in step.premises if p in claims)
            if step.to in claims and reasons and step.id not in found:
                found[step.id] = (reasons, rename.get(step.to, step.to))
        return found

    # Parts -------------------------------------------------------------------------------

    def roles(self) -> Part | None:
        graded = [c for c in self.key.claims if c.role is not Role.ASSUMPTION]
        right = 0
        for claim in graded:
            mine = self.claims.get(claim.id)
            expected = ROLE_NAMES[claim.role]
            if mine is None:
                self.add(
                    "roles", "missed", f"{claim.id} is missing from your map; it is {_a(expected)}"
                )
            elif claim.id in self.unreadable_roles:
                self.add("roles", "wrong", f"{claim.id}: your role could not be read; it is "
                         f"{_a(expected)}")  # fmt: skip
            elif mine.role is claim.role:
                right += 1
                self.add("roles", "correct", f"{claim.id} is {_a(expected)}")
            else:
                self.add(
                    "roles",
                    "wrong",
                    f"{claim.id} is {_a(expected)}, not {_a(ROLE_NAMES[mine.role])}: "
                    f"{_role_hint(claim.role)}",
                )
        if not graded:
            return None
        return self.part("roles", right / len(graded), f"{right} of {len(graded)} roles right")

    def supports(self) -> Part | None:
        key_links = {(p, to) for group, to in self.key_groups.values() for p in group}
        mine = {(p, to) for group, to in self.student_groups.values() for p in group}
        if not key_links:
            return None
        found = key_links & mine
        key_supports = {p: sorted(to for q, to in key_links if q == p) for p, _ in key_links}
        for reason, claim in sorted(key_links - mine):
            self.add("supports", "missed", f"{self.shown(reason)} should support {claim}")
        for reason, claim in sorted(mine - key_links):
            elsewhere = key_supports.get(reason)
            hint = (
                f"in the key it supports {', '.join(elsewhere)}"
                if elsewhere
                else "it is not a statement of the key"
                if reason not in self.key_claims
                else "in the key it supports nothing directly"
            )
            self.add("supports", "extra", f"{self.shown(reason)} does not support {claim}: {hint}")
        for reason, claim in sorted(found):
            self.add("supports", "correct", f"{self.shown(reason)} supports {claim}")
        return self.part("supports", *_f1("links", len(found), len(mine), len(key_links)))

    def grouping(self) -> Part | None:
        mine_links = {(p, to) for group, to in self.student_groups.values() for p in group}
        # Reasons of the student's own that the key does not have (a warrant spelled out,
        # say) do not spoil a group: they cost precision under supports already.
        mine_groups = {
            (frozenset(p for p in group if p in self.key_claims), to)
            for group, to in self.student_groups.values()
        }
        graded = [
            g
            for g in dict.fromkeys(self.key_groups.values())
            if all((p, g[1]) in mine_links for p in g[0])
        ]
        right = 0
        for group, claim in graded:
            reasons = _and(sorted(self.shown(p) for p in group))
            if (group, claim) in mine_groups:
                right += 1
                self.add("grouping", "correct", f"{reasons} grouped right for {claim}")
            elif len(group) > 1 and (wider := self.wider(group, claim, mine_groups)):
                others = _and(sorted(self.shown(p) for p in wider - group))
                self.add(
                    "grouping",
                    "wrong",
                    f"{reasons} support {claim} together, but without {others}: keep "
                    f"{reasons} in one inference, and give {others} an inference of "
                    f"{'its' if len(wider - group) == 1 else 'their'} own",
                )
            elif len(group) > 1:
                self.add(
                    "grouping",
                    "wrong",
                    f"{reasons} work together (linked) to support {claim}: each needs the "
                    f"others, so put them in one inference (from: [{', '.join(sorted(group))}])",
                )
            else:
                reason = next(iter(group))
                self.add(
                    "grouping",
                    "wrong",
                    f"{self.shown(reason)} supports {claim} on its own (convergent): give it "
                    "its own inference instead of linking it with other reasons",
                )
        if not self.key_groups:
            return None
        if not graded:
            return self.part("grouping", 0.0, "no reason group of the key found, to compare")
        return self.part(
            "grouping", right / len(graded), f"{right} of {len(graded)} reason groups right"
        )

    @staticmethod
    def wider(group: frozenset[str], claim: str, mine: set[Group]) -> frozenset[str]:
        """The student's group to the same claim holding all of `group` and more, if any."""
        return next((g for g, to in mine if to == claim and group < g), frozenset())

    def objections(self) -> Part | None:
        key_attacks = [
            attack
            for o in self.key.objections
            if (attack := self.attack(o.premises, o.to, self.key, {}, self.key_groups))
        ]
        if not key_attacks:
            return None
        mine = [
            attack
            for o in self.student.objections
            if (
                attack := self.attack(
                    o.premises, o.to, self.student, self.as_key, self.student_groups
                )
            )
        ]
        credit = 0.0
        matched: set[int] = set()
        for reasons, target in key_attacks:
            best = None
            for index, (my_reasons, my_target) in enumerate(mine):
                if index in matched or not reasons & my_reasons:
                    continue
                if _same(my_target, target):
                    best = (1.0, index)
                    break
                if best is None and _near(my_target, target):
                    best = (0.5, index)
            who = _and(sorted(self.shown(r) for r in reasons))
            if best is None:
                self.add("objections", "missed", f"{who} should object to {_describe(target)}")
                continue
            matched.add(best[1])
            credit += best[0]
            if best[0] == 1:
                self.add("objections", "correct", f"{who} objects to {_describe(target)}")
            else:
                self.add(
                    "objections",
                    "partial",
                    f"{who} objects to {_describe(target)}, not to "
                    f"{_describe(mine[best[1]][1])}: {_attack_hint(target)}",
                )
        for index, (my_reasons, my_target) in enumerate(mine):
            if index not in matched:
                who = _and(sorted(self.shown(r) for r in my_reasons))
                self.add(
                    "objections",
                    "extra",
                    f"{who} against {_describe(my_target)} is not an objection in the key",
                )
        precision = credit / len(mine) if mine else 0.0
        recall = credit / len(key_attacks)
        score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return self.part(
            "objections",
            score,
            f"{credit:g} of {len(key_attacks)} objections found, {len(mine)} drawn",
        )

    def attack(
        self,
        reasons: list[str],
        target: str,
        argument_map: ArgumentMap,
        rename: dict[str, str],
        groups: dict[str, Group],
    ) -> Attack | None:
        """An objection as (reasons, target), the target a claim, a step's group, or the
        objection it replies to (known by that objection's reasons)."""
        claims = {c.id for c in argument_map.claims}
        if not all(r in claims for r in reasons):
            return None
        mapped = frozenset(rename.get(r, r) for r in reasons)
        if target in groups:
            return mapped, groups[target]
        if target in claims:
            return mapped, rename.get(target, target)
        answered = next((o for o in argument_map.objections if o.id == target), None)
        if answered is not None and all(r in claims for r in answered.premises):
            return mapped, Answered(frozenset(rename.get(r, r) for r in answered.premises))
        return None

    def assumptions(self) -> Part | None:
        wanted = [c for c in self.key.claims if c.role is Role.ASSUMPTION]
        if not wanted:
            return None
        by_key = {theirs: mine for mine, theirs in self.as_key.items()}
        credit = 0.0
        for claim in wanted:
            mine_id = by_key.get(claim.id)
            mine = self.claims.get(mine_id) if mine_id else None
            if mine is None:
                self.add(
                    "assumptions",
                    "missed",
                    f"unstated premise not found: \u201c{claim.text}\u201d ({claim.id})",
                )
            elif mine.role is not Role.ASSUMPTION:
                credit += 0.5
                self.add(
                    "assumptions",
                    "partial",
                    f"{claim.id} is an unstated assumption (the text never says it), "
                    f"not {_a(ROLE_NAMES[mine.role])}",
                )
            else:
                credit += 1
                said = "" if mine_id == claim.id else f" (your {mine_id}: \u201c{mine.text}\u201d)"
                self.add("assumptions", "correct", f"found: \u201c{claim.text}\u201d{said}")
        return self.part(
            "assumptions", credit / len(wanted), f"{credit:g} of {len(wanted)} assumptions found"
        )

    def schemes(self) -> Part | None:
        mine = {
            group: step.scheme
            for step in self.student.inferences
            if (group := self.student_groups.get(step.id))
        }
        with_scheme = [s for s in self.key.inferences if s.scheme and s.id in self.key_groups]
        graded = [(s, self.key_groups[s.id]) for s in with_scheme if self.key_groups[s.id] in mine]
        if not with_scheme:
            return None
        if not graded:
            return self.part("schemes", 0.0, "no step of the key found, to compare its scheme")
        right = 0
        for step, group in graded:
            chosen = mine[group]
            reasons = _and(sorted(self.shown(p) for p in group[0]))
            if chosen == step.scheme:
                right += 1
                self.add(
                    "schemes", "correct", f"the step from {reasons} to {group[1]}: {step.scheme}"
                )
            else:
                yours = f"not {chosen}" if chosen else "but names no scheme: add 'scheme:'"
                self.add(
                    "schemes",
                    "wrong",
                    f"the step from {reasons} to {group[1]} argues by {step.scheme}, {yours} "
                    "(`argmap schemes` describes each)",
                )
        return self.part("schemes", right / len(graded), f"{right} of {len(graded)} schemes right")

    def shown(self, claim_id: str) -> str:
        """A key id as the student knows it: their own id for an assumption they wrote."""
        for mine, theirs in self.as_key.items():
            if theirs == claim_id and mine != claim_id:
                return f"{mine} (= {claim_id})"
        return claim_id


def _f1(what: str, found: int, drawn: int, wanted: int) -> tuple[float, str]:
    precision = found / drawn if drawn else 0.0
    recall = found / wanted
    score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return score, (
        f"{found} of {wanted} {what} found, {drawn - found} extra "
        f"(precision {precision:.0%}, recall {recall:.0%})"
    )


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _same(mine: Target, key: Target) -> bool:
    """Whether two targets are one: the same claim, steps to the same claim that share a
    reason (a step the student drew with a reason missing is still that step), or
    objections that share a reason."""
    if isinstance(mine, Answered) and isinstance(key, Answered):
        return bool(mine.reasons & key.reasons)
    if isinstance(mine, Answered) or isinstance(key, Answered):
        return False
    if isinstance(mine, str) or isinstance(key, str):
        return mine == key
    return mine[1] == key[1] and bool(mine[0] & key[0])


def _near(mine: Target, key: Target) -> bool:
    """Whether an attack hits next to the key's target: the claim instead of the step into
    it, one of the step's reasons instead of the step, one of an objection's reasons
    instead of the objection, or the reverse of any."""

    def ends(target: Target) -> set[str]:
        if isinstance(target, Answered):
            return set(target.reasons)
        return {target} if isinstance(target, str) else {target[1], *target[0]}

    return bool(ends(mine) & ends(key)) and _kind(mine) != _kind(key)


def _kind(target: Target) -> str:
    return (
        "reply" if isinstance(target, Answered) else "claim" if isinstance(target, str) else "step"
    )


def _describe(target: Target) -> str:
    if isinstance(target, Answered):
        return f"the objection from {_and(sorted(target.reasons))}"
    if isinstance(target, str):
        return target
    return f"the step from {_and(sorted(target[0]))} to {target[1]}"


def _attack_hint(target: Target) -> str:
    if isinstance(target, Answered):
        return (
            "it answers the objection, not a claim, so it targets the objection (a reply: "
            "'to: <objection id>')"
        )
    if isinstance(target, str):
        return "it denies the claim itself, so it targets the claim (a rebuttal or undermining)"
    return (
        "it questions whether the reasons support the claim, not the claim itself, so it "
        "targets the inference (an undercut: 'to: <inference id>')"
    )


def _role_hint(role: Role) -> str:
    return {
        Role.PREMISE: "the author offers it as a reason without arguing for it",
        Role.INTERMEDIATE: "it is argued for, and in turn supports a further claim",
        Role.CONCLUSION: "it is what the whole argument is for",
        Role.ASSUMPTION: "the text never states it",
    }[role]
