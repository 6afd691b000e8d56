"""Derived structure of a map: what supports and attacks what, and the kind of each attack."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from .._issues import InvalidMapError
from ..model import ArgumentMap, Claim, Inference, Objection, Role
from ._rules import check_map


class AttackKind(StrEnum):
    """What an objection does, derived from its target (never written by hand)."""

    UNDERMINE = "undermines"
    """Against a premise or assumption."""
    REBUT = "rebuts"
    """Against an intermediate or main conclusion."""
    UNDERCUT = "undercuts"
    """Against an inference: the premises may hold, but do not support the conclusion."""
    REPLY = "replies to"
    """Against another objection: the essay's "critics say X, but Y"."""


@dataclass(frozen=True)
class Structure:
    """Indexes over a checked map, built once in linear time."""

    map: ArgumentMap
    claims: dict[str, Claim] = field(default_factory=dict)
    inferences: dict[str, Inference] = field(default_factory=dict)
    objections: dict[str, Objection] = field(default_factory=dict)
    support_for: dict[str, list[Inference]] = field(default_factory=lambda: defaultdict(list))
    attacks_on: dict[str, list[Objection]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def of(cls, argument_map: ArgumentMap) -> Structure:
        """Index a map that passes the checker.

        Raises:
            InvalidMapError: the map does not; later stages never half-process one.
        """
        if not argument_map.checked:
            issues = [issue for issue in check_map(argument_map) if issue.severity == "error"]
            if issues:
                raise InvalidMapError(issues)
        structure = cls(argument_map)
        structure.claims.update((claim.id, claim) for claim in argument_map.claims)
        structure.inferences.update((step.id, step) for step in argument_map.inferences)
        for inference in argument_map.inferences:
            structure.support_for[inference.to].append(inference)
        structure.objections.update((attack.id, attack) for attack in argument_map.objections)
        for objection in argument_map.objections:
            structure.attacks_on[objection.to].append(objection)
        return structure

    @property
    def conclusion(self) -> Claim:
        """The main conclusion."""
        return next(claim for claim in self.map.claims if claim.role is Role.CONCLUSION)

    def attack_kind(self, objection: Objection) -> AttackKind:
        """Undermine, rebut, undercut or reply, from what the objection targets."""
        if objection.to in self.inferences:
            return AttackKind.UNDERCUT
        if objection.to in self.objections:
            return AttackKind.REPLY
        if self.claims[objection.to].role in (Role.PREMISE, Role.ASSUMPTION):
            return AttackKind.UNDERMINE
        return AttackKind.REBUT

    def claim_about(self, element: str) -> str:
        """The claim an element is about: a claim itself; an inference's conclusion; what
        an objection's target is about (a claim, a step's conclusion, an objection's
        target)."""
        seen = set()
        while element not in self.claims and element not in seen:
            seen.add(element)
            if element in self.inferences:
                element = self.inferences[element].to
            else:
                element = self.objections[element].to
        return element

    def parts(
        self, reasons: Literal["with-steps", "with-targets"], within: frozenset[str] | None = None
    ) -> dict[str, str | None]:
        """Which part (theme) each claim belongs to, the rule that diagrams split by theme
        and sheets about a theme share: a claim's own theme, except for reasons that would
        stand alone there. `within` limits the map to these claims and steps.

        Which reasons move differs on purpose, and `reasons` says which:

        - "with-steps" (a sheet about a theme, which asks about every step into the theme
          with all its reasons): a reason that nothing supports and that supports only
          claims of other parts has no part (it is left out), and goes with each step it is
          a reason of.
        - "with-targets" (pages, which place each claim exactly once and keep an objection
          thread with what it attacks): a claim that gives reasons only for objections
          joins the part of the claim its objection is about.

        >>> from argmap.model import ArgumentMap
        >>> m = ArgumentMap.model_validate({"argmap": 1, "title": "t", "themes": [
        ...     {"id": "a", "label": "A"}, {"id": "b", "label": "B"}], "claims": [
        ...     {"id": "C", "text": "c", "role": "conclusion", "theme": "a"},
        ...     {"id": "P", "text": "p", "role": "premise", "theme": "b"}],
        ...     "inferences": [{"id": "S", "from": ["P"], "to": "C"}]})
        >>> Structure.of(m).parts("with-targets"), Structure.of(m).parts("with-steps")
        ({'C': 'a', 'P': 'b'}, {'C': 'a'})
        """
        claims = [c for c in self.map.claims if within is None or c.id in within]
        part: dict[str, str | None] = {c.id: c.theme for c in claims}
        supporting = {p for s in self.map.inferences for p in s.premises}
        if reasons == "with-steps":
            concluded = {s.to for s in self.map.inferences}
            leads: dict[str, set[str | None]] = {}
            for step in self.map.inferences:
                for premise in step.premises:
                    leads.setdefault(premise, set()).add(self.claims[step.to].theme)
            for claim, themes in leads.items():
                if claim not in concluded and self.claims[claim].theme not in themes:
                    part.pop(claim, None)
            return part
        reasons_only: dict[str, str] = {}
        for objection in self.map.objections:
            for reason in objection.premises:
                if reason not in supporting and (within is None or objection.id in within):
                    reasons_only.setdefault(reason, self.claim_about(objection.id))
        for claim, target in reasons_only.items():
            if claim in part and target in part:
                part[claim] = part[target]
        return part
