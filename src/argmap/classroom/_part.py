"""The part of a map a sheet is about: a theme's claims with the steps into them, or
the claims around one claim."""

from __future__ import annotations

from .._issues import UsageError, did_you_mean
from ..checks._structure import Structure
from ..model import ArgumentMap


def sheet_part(
    argument_map: ArgumentMap, theme: str | None, focus: str | None, depth: int
) -> frozenset[str] | None:
    """The ids of the part a sheet is about: a theme's (see `theme_part`), or those
    within `depth` steps of a claim (see `render --focus`); None for the whole map.

    Raises:
        UsageError: no such theme or claim, or a theme with no claims.
    """
    if focus is not None:
        from ..draw._dot import focus as around  # noqa: PLC0415

        return frozenset(around(argument_map, focus, depth))
    if theme is None:
        return None
    themes = [t.id for t in argument_map.themes]
    if theme not in themes:
        known = ", ".join(themes) or "none"
        raise UsageError(
            f"--theme {theme}: no such theme{did_you_mean(theme, themes)}; the map's themes: "
            f"{known}"
        )
    part = theme_part(Structure.of(argument_map), theme)
    if not part:
        raise UsageError(f"--theme {theme}: no claim of the map has this theme")
    return part


def theme_part(index: Structure, theme: str | None) -> frozenset[str]:
    """A theme's claims, the steps into them with all their reasons, and the attacks on
    those claims and steps with their reasons (neighbours from other parts too): what a
    diagram of the theme shows, and what a sheet about it asks. Empty when no claim has
    the theme.

    Which claims are the theme's own is `Structure.parts`' rule for sheets: a reason that
    only supports claims of other parts, and is supported by nothing, is drawn with the
    step it belongs to, not alone in its own part; its attackers go with it.
    """
    argument_map = index.map
    parts = index.parts("with-steps")
    moved = {c.id for c in argument_map.claims if c.id not in parts}
    own = {c for c, part in parts.items() if part == theme}
    keep = set(own)
    for step in argument_map.inferences:
        if step.to in own:
            keep |= {step.id, *step.premises}
    for objection in argument_map.objections:
        target = objection.to
        if target in own or (target in keep and (target not in index.claims or target in moved)):
            keep |= {objection.id, *objection.premises}
    # A claim whose every link went elsewhere (a critic's point against a moved reason,
    # say) is drawn there, not alone here.
    linked = {s.to for s in argument_map.inferences if s.id in keep}
    linked |= {end for s in argument_map.inferences if s.id in keep for end in s.premises}
    linked |= {o.to for o in argument_map.objections if o.id in keep}
    linked |= {end for o in argument_map.objections if o.id in keep for end in o.premises}
    keep = {e for e in keep if e not in index.claims or e in linked}
    return frozenset(keep) if own else frozenset()
