"""Mermaid: a map as a flowchart for Markdown (GitHub, GitLab, Obsidian). Export only.

The diagram language follows argmap's own: the main conclusion on top in a heavy box,
intermediate conclusions in heavier boxes than premises, what the analyst reconstructs
dashed, a reported voice double-bordered, the analyst's own reasons as flags; inferences
are small circles that linked premises meet in; objections are hexagons on dashed lines
ending in a cross. Themes are subgraphs. Every label is escaped character by character
(Mermaid's `#NNN;` codes), so no text can become Mermaid syntax, Markdown or HTML.
"""

from __future__ import annotations

from ..checks._structure import Structure
from ..draw._style import PALETTES, ROLE_LOOKS, look_key
from ..model import ArgumentMap

_PLAIN = frozenset(" ,.?'")
_SHAPES = {
    "premise": ('("', '")'),
    "intermediate": ('("', '")'),
    "assumption": ('("', '")'),
    "unstated": ('("', '")'),
    "conclusion": ('["', '"]'),
    "unstated-conclusion": ('["', '"]'),
    "reported": ('[["', '"]]'),
    "analyst": ('>"', '"]'),
}


def label(text: str) -> str:
    """Text as a Mermaid label: letters, digits and a few marks as they are, every other
    character as its `#NNN;` code; control characters become spaces.

    >>> label('A "quote" <b>#1</b>; end')
    'A #34;quote#34; #60;b#62;#35;1#60;#47;b#62;#59; end'
    """
    out = []
    for char in text:
        if char.isalnum() or char in _PLAIN:
            out.append(char)
        elif ord(char) < 32 or 127 <= ord(char) < 160:
            out.append(" ")
        else:
            out.append(f"#{ord(char)};")
    return "".join(out)


def export_mermaid(argument_map: ArgumentMap) -> str:  # noqa: PLR0912  (one pass per kind)
    """The map as a Mermaid flowchart.

    >>> import argmap
    >>> print(export_mermaid(argmap.load("maps/watchmaker.yaml")).splitlines()[0])
    flowchart BT
    """
    structure = Structure.of(argument_map)
    palette = PALETTES["light"]
    names: dict[str, str] = {}
    for number, claim in enumerate(argument_map.claims):
        names[claim.id] = f"c{number}"
    for number, inference in enumerate(argument_map.inferences):
        names[inference.id] = f"i{number}"
    for number, objection in enumerate(argument_map.objections):
        names[objection.id] = f"o{number}"
    lines = ["flowchart BT"]
    by_theme: dict[str | None, list[str]] = {}
    for claim in argument_map.claims:
        opening, closing = _SHAPES[look_key(claim)]
        text = label(f"{claim.id}: {' '.join(claim.text.split())}")  # Mermaid wraps it
        node = f"{names[claim.id]}{opening}{text}{closing}:::{look_key(claim)}"
        by_theme.setdefault(claim.theme, []).append(node)
    lines += [f"  {node}" for node in by_theme.pop(None, [])]
    for number, theme in enumerate(argument_map.themes):
        members = by_theme.get(theme.id)
        if not members:
            continue
        lines.append(f'  subgraph g{number}["{label(theme.label)}"]')
        lines += [f"    {node}" for node in members]
        lines.append("  end")
    for inference in argument_map.inferences:
        lines.append(f'  {names[inference.id]}(("{label(inference.id)}")):::inference')
    for objection in argument_map.objections:
        lines.append(f'  {names[objection.id]}{{{{"{label(objection.id)}"}}}}:::objection')
    links = 0
    attacks = []
    for inference in argument_map.inferences:
        for premise in inference.premises:
            lines.append(f"  {names[premise]} --- {names[inference.id]}")
            links += 1
        lines.append(f"  {names[inference.id]} --> {names[inference.to]}")
        links += 1
    for objection in argument_map.objections:
        attack = str(structure.attack_kind(objection))
        for premise in objection.premises:
            lines.append(f"  {names[premise]} -.- {names[objection.id]}")
            attacks.append(links)
            links += 1
        lines.append(f'  {names[objection.id]} -. "{label(attack)}" .-x {names[objection.to]}')
        attacks.append(links)
        links += 1
    for kind, look in ROLE_LOOKS.items():
        dashed = ",stroke-dasharray:6 4" if "dashed" in look.style else ""
        lines.append(
            f"  classDef {kind} fill:{palette.fill[kind]},stroke:{palette.border[kind]},"
            f"stroke-width:{look.penwidth:g}px,color:{palette.text}{dashed}"
        )
    lines.append(
        f"  classDef inference fill:{palette.support},stroke:{palette.support},color:white"
    )
    lines.append(f"  classDef objection fill:white,stroke:{palette.attack},color:{palette.attack}")
    if attacks:
        lines.append(
            f"  linkStyle {','.join(map(str, attacks))} stroke:{palette.attack},stroke-width:2px"
        )
    return "\n".join(lines) + "\n"
