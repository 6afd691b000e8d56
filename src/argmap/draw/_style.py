"""The diagram language as data: palettes, role shapes and page presets (plain tables)."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Claim, Holder, Role


@dataclass(frozen=True)
class Palette:
    """Colours of one diagram theme."""

    background: str
    text: str
    muted: str
    cluster: str
    cluster_border: str
    fill: dict[str, str]
    border: dict[str, str]
    support: str
    attack: str


_PLAIN_KINDS = (
    "premise", "intermediate", "conclusion", "assumption", "reported", "unstated",
    "unstated-conclusion",
)  # fmt: skip

# Okabe-Ito hues (blue, orange, reddish purple, vermillion), told apart by colour-blind
# readers; roles differ by shape and line weight as well, so colour is never the only cue.
PALETTES: dict[str, Palette] = {
    "light": Palette(
        background="white",
        text="#1A1A1A",
        muted="#555555",
        cluster="#F4F6F8",
        cluster_border="#C9D1D9",
        fill={
            "premise": "#EAF3FB",
            "intermediate": "#D2E7F7",
            "conclusion": "#FFE9C2",
            "assumption": "#FFFFFF",
            "analyst": "#F9E1EE",
            "reported": "#E3F4EE",
            "unstated": "#FFFFFF",
            "unstated-conclusion": "#FFF6E6",
        },
        border={
            "premise": "#0072B2",
            "intermediate": "#0072B2",
            "conclusion": "#B36B00",
            "assumption": "#555555",
            "analyst": "#A0457A",
            "reported": "#007A58",
            "unstated": "#0072B2",
            "unstated-conclusion": "#B36B00",
        },
        support="#333333",
        attack="#D55E00",
    ),
    "dark": Palette(
        background="#16181D",
        text="#F2F2F2",
        muted="#B8B8B8",
        cluster="#22262E",
        cluster_border="#3A414D",
        fill={
            "premise": "#1D3650",
            "intermediate": "#24496B",
            "conclusion": "#5C4312",
            "assumption": "#16181D",
            "analyst": "#4A2238",
            "reported": "#17382E",
            "unstated": "#16181D",
            "unstated-conclusion": "#2E2410",
        },
        border={
            "premise": "#56B4E9",
            "intermediate": "#56B4E9",
            "conclusion": "#E69F00",
            "assumption": "#B8B8B8",
            "analyst": "#CC79A7",
            "reported": "#3DC29A",
            "unstated": "#56B4E9",
            "unstated-conclusion": "#E69F00",
        },
        support="#D9D9D9",
        attack="#FF8C42",
    ),
    "print": Palette(
        background="white",
        text="black",
        muted="#404040",
        cluster="#F2F2F2",
        cluster_border="#9A9A9A",
        fill=dict.fromkeys(_PLAIN_KINDS, "white") | {"analyst": "#E6E6E6"},
        border=dict.fromkeys((*_PLAIN_KINDS, "analyst"), "black"),
        support="black",
        attack="black",
    ),
}


@dataclass(frozen=True)
class RoleLook:
    """How a role is drawn, independent of colour."""

    shape: str
    style: str
    penwidth: float
    caption: str
    peripheries: int = 1


ROLE_LOOKS: dict[str, RoleLook] = {
    "premise": RoleLook("box", "rounded,filled", 1.2, "premise"),
    "intermediate": RoleLook("box", "rounded,filled", 2.4, "intermediate conclusion"),
    "conclusion": RoleLook("box", "filled", 4.0, "MAIN CONCLUSION"),
    "assumption": RoleLook("box", "rounded,dashed,filled", 1.6, "unstated assumption"),
    "unstated": RoleLook("box", "rounded,dashed,filled", 2.4, "unstated step"),
    "unstated-conclusion": RoleLook("box", "dashed,filled", 4.0, "MAIN CONCLUSION, unstated"),
    "reported": RoleLook("box", "rounded,filled", 1.2, "reported", peripheries=2),
    "analyst": RoleLook("note", "filled", 1.2, "critic's reason"),
}
"""Looks by kind of claim (see `look_key`): what the author states, by role; what the
analyst reconstructs (dashed); a voice the author reports (a double border); the
analyst's own reasons (a note)."""


def look_key(claim: Claim) -> str:
    """Which of `ROLE_LOOKS` (and of a palette's colours) a claim is drawn with.

    >>> from argmap.model import Claim
    >>> look_key(Claim(id="T6", text="t", role="premise", voice="a recent assessment"))
    'reported'
    """
    if claim.holder is Holder.ANALYST:
        return "analyst"
    if claim.holder is Holder.REPORTED:
        return "reported"
    if claim.unstated:
        return "unstated-conclusion" if claim.role is Role.CONCLUSION else "unstated"
    return str(claim.role)


@dataclass(frozen=True)
class Preset:
    """A slide or paper page: its size, margin and the smallest type that reads on it.

    Sizes are in points (1/72 inch), as PDF pages and PowerPoint slides measure them. A
    PNG has `PIXELS_PER_POINT` pixels per point, so a 960x540 pt slide is 1920x1080 px.
    """

    width: float
    height: float
    margin: float
    claim_text: float
    """The floor for claim text, in points of the page."""
    any_text: float
    """The floor for every other text (captions, quotes, labels)."""
    slide: bool


PIXELS_PER_POINT = 2.0

PRESETS: dict[str, Preset] = {
    # On a 1920x1080 slide claim text is at least 22 px and no text under 16 px.
    "slide-16x9": Preset(960, 540, 16, 11, 8, slide=True),
    "slide-4x3": Preset(720, 540, 16, 11, 8, slide=True),  # 1440x1080 px
    # On paper claim text is at least 9 pt and no text under 7 pt.
    "a4": Preset(595, 842, 36, 9, 7, slide=False),
    "letter": Preset(612, 792, 36, 9, 7, slide=False),
}

FONTSIZE = 14.0
"""Claim text in the DOT; pages scale the whole drawing, never the type alone."""
SMALL = 11
"""Captions, quotes and labels: Graphviz takes an HTML label's POINT-SIZE as a whole
number, and 11/14 keeps the floors' proportions (16/22 on slides, 7/9 on paper)."""
FONT = "DejaVu Sans,Liberation Sans,Arial,Helvetica,sans-serif"
TEXT_WIDTH = 30
"""Characters per line of a claim's text; the box grows in height, never past its text."""
QUOTE_WIDTH = 38
PAGE_TEXT_WIDTH = 22
"""On pages (slides, paper) boxes are narrower: a step's premises side by side must fit."""
NARROW_TEXT_WIDTHS = (22, 30, 40, 16, 20)
"""Widths a page tries, in turn, for a part that does not fit: wider boxes are shorter,
narrower ones let more premises stand side by side."""


LARGE = 2_000
"""From this many drawn elements on, Graphviz's crossing minimisation is bounded."""


def layout_for(elements: int) -> dict[str, str]:
    """Graphviz settings by the size of the drawing: none for maps up to `LARGE` elements;
    above, `mclimit` scales down the passes of crossing minimisation (the one stage of
    the layout that grows faster than the map, and the one that made a 10,000-claim map
    take minutes), to `LARGE / elements` of the default and no less than 5%. Shapes,
    lines and clusters are untouched: only the search for fewer crossings is shorter.

    >>> layout_for(500), layout_for(10_000)
    ({}, {'mclimit': '0.2'})
    """
    if elements <= LARGE:
        return {}
    return {"mclimit": f"{max(LARGE / elements, 0.05):.2g}"}
