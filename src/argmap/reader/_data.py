"""What the reader's script knows of a map: its elements, as JSON-ready data.

Everything the page shows of an element comes from here (texts, captions, schemes,
critical questions in the inference's own words, the build order of present mode); the
script only arranges it. Labels are not here: the script computes them, with the same
rules as `argmap.evaluate` (tested to agree).
"""

from __future__ import annotations

from ..checks._structure import Structure
from ..draw._style import ROLE_LOOKS, look_key
from ..mapfile._catalogue import catalogue_for, phrase
from ..model import ArgumentMap, Claim, Holder, Role
from ..paging._files import whole_build

_HOLDERS = {
    Holder.AUTHOR: "the author",
    Holder.REPORTED: "a voice the author reports",
    Holder.ANALYST: "the analyst (a critic's point)",
}


def page_data(structure: Structure) -> dict[str, object]:
    """The map as the reader's script reads it.

    >>> import argmap
    >>> data = page_data(Structure.of(argmap.load("maps/watchmaker.yaml")))
    >>> data["conclusion"], data["claims"][0]["id"], data["claims"][0]["caption"]
    ('C', 'P1', 'premise')
    """
    argument_map = structure.map
    themes = {theme.id: theme.label for theme in argument_map.themes}
    return {
        "title": argument_map.title,
        "conclusion": structure.conclusion.id,
        "themes": [
            {"id": theme.id, "label": theme.label, "description": theme.description}
            for theme in argument_map.themes
        ],
        "claims": [_claim(claim, themes) for claim in argument_map.claims],
        "inferences": _inferences(argument_map),
        "objections": [
            {
                "id": objection.id,
                "from": list(objection.premises),
                "to": objection.to,
                "kind": str(structure.attack_kind(objection)),
                "note": objection.note,
            }
            for objection in argument_map.objections
        ],
        "frames": frames(argument_map),
    }


def _claim(claim: Claim, themes: dict[str, str]) -> dict[str, object]:
    look = look_key(claim)
    return {
        "id": claim.id,
        "text": claim.text,
        "role": str(claim.role),
        "given": claim.role in (Role.PREMISE, Role.ASSUMPTION),
        "look": look,
        "caption": ROLE_LOOKS[look].caption,
        "theme": claim.theme,
        "themeLabel": themes.get(claim.theme or ""),
        "basis": str(claim.basis) if claim.basis else None,
        "holder": str(claim.holder),
        "holderText": claim.voice if claim.holder is Holder.REPORTED and claim.voice else
        _HOLDERS[claim.holder],
        "analyst": claim.holder is Holder.ANALYST,
        "quote": claim.quote,
        "note": claim.note,
    }  # fmt: skip


def _inferences(argument_map: ArgumentMap) -> list[dict[str, object]]:
    schemes = catalogue_for(argument_map)
    found: list[dict[str, object]] = []
    for step in argument_map.inferences:
        scheme = schemes.get(step.scheme) if step.scheme else None
        questions = [
            {
                "id": phrased.question.id,
                "kind": str(phrased.question.kind),
                "text": phrased.text,
                "status": str(phrased.status),
                "by": phrased.by,
                "note": phrased.note,
            }
            for phrased in (phrase(argument_map, step, scheme) if scheme else [])
        ]
        found.append({
            "id": step.id,
            "from": list(step.premises),
            "to": step.to,
            "scheme": step.scheme,
            "schemeName": scheme.name if scheme else None,
            "warrant": step.warrant,
            "note": step.note,
            "roles": {role: list(ids) for role, ids in step.roles.items()},
            "questions": questions,
        })  # fmt: skip
    return found


def frames(argument_map: ArgumentMap) -> list[dict[str, object]]:
    """Present mode's steps, in the build order of `argmap frames` and the decks (the
    library's `frame_steps`): what each step reveals (not what it hides, which would
    grow with the square of the map), and a title naming what it adds."""
    return [
        {"reveal": sorted(step.reveal), "title": step.title} for step in whole_build(argument_map)
    ]
