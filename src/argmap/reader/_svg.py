"""The diagram as the page holds it: Graphviz's SVG, its elements named for the script.

Graphviz names each node group by its DOT name (a `<title>`): for a claim, inference or
objection that is the element's id. Each such group gets `data-id`, a class for its kind
and look, a tab stop and an ARIA label; each edge its two ends; each theme cluster its
theme. The colours Graphviz drew (the light palette) become CSS variables, so that the
page's light and dark themes come from the same palette tables as every diagram.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..checks._structure import Structure
from ..draw._style import PALETTES, Palette, look_key

_SVG = "http://www.w3.org/2000/svg"
_XLINK = "http://www.w3.org/1999/xlink"
ET.register_namespace("", _SVG)
ET.register_namespace("xlink", _XLINK)
_TITLE = f"{{{_SVG}}}title"
_G = f"{{{_SVG}}}g"


def prepared(svg: bytes, structure: Structure) -> str:
    """Graphviz's SVG made ready for the page (see the module's docstring)."""
    root = ET.fromstring(svg)  # noqa: S314  (Graphviz's output, from escaped DOT)
    for attribute in ("width", "height"):
        root.attrib.pop(attribute, None)
    root.set("id", "am-svg")
    root.set("role", "group")
    root.set("aria-label", "Diagram of the argument: select a claim, inference or objection")
    root.set("focusable", "false")
    for group in root.iter(_G):
        title = group.find(_TITLE)
        name = title.text or "" if title is not None else ""
        kind = group.get("class")
        if kind == "node" and title is not None:
            _node(group, title, name, structure)
        elif kind == "edge" and "->" in name:
            tail, head = name.split("->", 1)
            group.set("data-from", tail)
            group.set("data-to", head)
            attack = tail in structure.objections or head in structure.objections
            group.set("class", "edge am-attack" if attack else "edge am-support")
        elif kind == "cluster" and name.startswith("cluster_") and name != "cluster__legend":
            group.set("data-theme", name.removeprefix("cluster_"))
            group.set("class", "cluster am-theme")
    return ET.tostring(root, encoding="unicode")


def _node(group: ET.Element, title: ET.Element, name: str, structure: Structure) -> None:
    if name in structure.claims:
        claim = structure.claims[name]
        kind, look = "claim", look_key(claim)
        label = f"{name}, {claim.role}: {claim.text}"
    elif name in structure.inferences:
        step = structure.inferences[name]
        kind, look = "inference", "inference"
        label = f"inference {name}: {', '.join(step.premises)} support {step.to}"
    elif name in structure.objections:
        objection = structure.objections[name]
        kind, look = "objection", "objection"
        label = f"objection {name}: {', '.join(objection.premises)} "
        label += f"{structure.attack_kind(objection)} {objection.to}"
    else:  # the legend's samples
        return
    group.set("class", f"node am-el am-{kind} am-k-{look}")
    group.set("data-id", name)
    group.set("tabindex", "0")
    group.set("role", "button")
    group.set("aria-label", label)
    title.text = label


def palette_css() -> str:
    """CSS variables for the light and dark palettes, and the rules that turn each colour
    Graphviz drew (from the light palette) into its variable.

    >>> css = palette_css()
    >>> '[fill="#eaf3fb" i]' in css and "--am-background:" in css
    True
    """
    light, dark = PALETTES["light"], PALETTES["dark"]
    pairs = _pairs(light, dark)
    names = {value: f"--am-c{number}" for number, value in enumerate(dict(pairs))}
    roles = {
        "background": (light.background, dark.background),
        "text": (light.text, dark.text),
        "muted": (light.muted, dark.muted),
        "support": (light.support, dark.support),
        "attack": (light.attack, dark.attack),
        "cluster": (light.cluster, dark.cluster),
        "cluster-border": (light.cluster_border, dark.cluster_border),
    }
    light_vars = [f"--am-{role}: {one};" for role, (one, _) in roles.items()]
    light_vars += [f"{names[value]}: {value};" for value in names]
    dark_vars = [f"--am-{role}: {two};" for role, (_, two) in roles.items()]
    dark_vars += [f"{names[value]}: {other};" for value, other in dict(pairs).items()]
    rules = [
        f'#am-svg [{attribute}="{value}" i] {{ {attribute}: var({name}); }}'
        for value, name in names.items()
        for attribute in ("fill", "stroke")
    ]
    return "\n".join([
        f":root {{ {' '.join(light_vars)} }}",
        f':root[data-theme="dark"] {{ {" ".join(dark_vars)} }}',
        "@media (prefers-color-scheme: dark) {",
        f'  :root:not([data-theme="light"]) {{ {" ".join(dark_vars)} }}',
        "}",
        "@media print {",
        f"  :root, :root[data-theme] {{ {' '.join(light_vars)} }}",
        "}",
        *rules,
    ])  # fmt: skip


def _pairs(light: Palette, dark: Palette) -> list[tuple[str, str]]:
    """(light colour, dark colour) for every colour of the palettes, as Graphviz writes
    them (lower case); a light colour that two roles share must share its dark one too."""
    pairs = [
        (light.background, dark.background),
        (light.text, dark.text),
        (light.muted, dark.muted),
        (light.cluster, dark.cluster),
        (light.cluster_border, dark.cluster_border),
        (light.support, dark.support),
        (light.attack, dark.attack),
        *((light.fill[key], dark.fill[key]) for key in light.fill),
        *((light.border[key], dark.border[key]) for key in light.border),
    ]
    lowered = [(one.lower(), two.lower()) for one, two in pairs]
    chosen: dict[str, str] = {}
    for one, two in lowered:
        if chosen.setdefault(one, two) != two:
            raise ValueError(f"the light colour {one} has two dark colours; give them apart")
    return list(chosen.items())
