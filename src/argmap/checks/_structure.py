"""Derived structure of a map: what supports and attacks what, and the kind of each attack."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum

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
