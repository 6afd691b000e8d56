"""DOT: the diagram of a checked map as Graphviz source, deterministic and escaped.

All user text reaches DOT through `_text`, which makes it literal inside an HTML-like
label (no markup, no Graphviz escapes such as \\N or \\l). Ids and attribute values are
quoted by `_quote`. Nodes and edges come in file order, so the same map always gives
byte-identical DOT and the analyst's order sets left-to-right placement.
"""

from __future__ import annotations

import functools
import html
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from .._issues import UsageError, defused, did_you_mean
from ..checks._structure import Structure
from ..model import ArgumentMap, Claim, Inference, Label, Objection, Role
from ..vocabulary import Direction
from ._style import (
    FONT,
    FONTSIZE,
    PAGE_TEXT_WIDTH,
    PALETTES,
    QUOTE_WIDTH,
    ROLE_LOOKS,
    SMALL,
    TEXT_WIDTH,
    Palette,
    layout_for,
    look_key,
)

_BACKSLASH = chr(92)
_DEFUSED = _BACKSLASH + "\u2060"


@dataclass(frozen=True)
class DiagramOptions:
    """What to draw and how; every field has a sensible default."""

    theme: str = "light"
    direction: Direction = "BT"
    """Graphviz rank direction; BT puts the main conclusion on top, arrows pointing up."""
    preset: str | None = None
    """A page or slide (see `_style.PRESETS`): the drawing is fitted to it, and split
    into pages when it cannot be drawn there at a readable size (see `pages`)."""
    legend: bool = False
    quotes: bool = True
    schemes: bool = False
    title: bool = True
    transparent: bool = False
    dpi: int | None = None
    hidden: frozenset[str] = field(default_factory=frozenset)
    """Ids drawn invisibly: they keep their place (slide builds reveal them later)."""
    only: frozenset[str] | None = None
    """When set, only these ids are drawn at all (a focus on part of the argument)."""
    open_questions: Mapping[str, int] | None = None
    """Open critical questions by inference, drawn as ?N beside the step."""
    labels: Mapping[str, Label] | None = None
    """An evaluation's labels to draw: OUT struck through and faded, UNDECIDED marked."""
    contrast: Mapping[str, Label] | None = None
    """A second view's labels, written beside `labels` on the claims where they differ
    (the author's view drawn, the critic's beside it)."""
    contrast_name: str = "with the critic's points"
    slots: Mapping[str, str] | None = None
    """Worksheet diagrams: every claim is a box of one fixed size holding only this short
    text (a statement number, a slot letter, a blank), so a skeleton and its filled key
    share one layout, and a large map stays legible on a printed page."""
    plain: bool = False
    """With `slots`: every box drawn alike, without role shapes (a skeleton that gives
    no role away)."""
    text_width: int | None = None
    """Characters per line of claim text [default: 30; on pages 22]."""
    clusters: bool = True
    """Draw themes as clusters; a page of one theme leaves its cluster out (the page's
    title names the theme)."""

    @property
    def fontsize(self) -> float:
        """The size of a claim's text, in points at the drawing's own size (pages scale
        the whole drawing to their floor, never the type alone)."""
        return FONTSIZE

    @property
    def box_text_points(self) -> float:
        """The size of the text in a claim's box (a worksheet's slot text is smaller), in
        points at the drawing's own size: what must stay legible when it is scaled."""
        return self.fontsize * (_SLOT_TEXT if self.slots is not None else 1.0)


@dataclass(frozen=True)
class PageSpec:
    """What a page of the planner adds to a diagram (never a user's choice): its heading,
    its off-page references, its exact size, and how a page too full makes room."""

    heading: tuple[str, str] | None = None
    """A page's title and subtitle, drawn instead of the map's title."""
    heading_size: tuple[float, float] | None = None
    """The heading's fixed width and height (points): a build's frames share one layout
    however long each frame's subtitle is."""
    stubs: tuple[Stub, ...] = ()
    """Off-page references drawn on this page."""
    tight: bool = False
    """Narrower gaps between boxes and ranks: a page's last resort for a step too large
    to read with the usual ones (the type keeps its size)."""
    quote_sheet: tuple[str, ...] = ()
    """A page of quotes instead of a diagram: these claims' quotes, each beside its id
    (the quotes of a step too large to draw with them on one page)."""
    canvas: tuple[float, float, float, float, float] | None = None
    """An exact output size: width, height (points), zoom and the centre (Graphviz's
    viewport)."""


@dataclass(frozen=True)
class Stub:
    """An off-page reference: a small box on a drawn claim's line that names the claims
    at the line's other end and the page they are on."""

    name: str
    """The DOT node's name (starts with an underscore: no map id can clash with it)."""
    claim: str
    """The drawn claim the line leaves from or comes into."""
    names: tuple[str, ...]
    text: str
    """The named claim's text, shortened (when it names one)."""
    pages: tuple[int, ...]
    outward: bool
    """True when the claim supports or attacks what the stub names; False when what the
    stub names supports or attacks the claim."""
    attack: bool


_SLOT_TEXT = 0.85
"""A worksheet slot's text, against a claim's."""


def to_dot(argument_map: ArgumentMap, options: DiagramOptions | None = None) -> str:
    """The map's diagram as DOT source.

    >>> import argmap
    >>> dot = to_dot(argmap.load("maps/watchmaker.yaml"))
    >>> dot.splitlines()[0]
    'digraph argmap {'
    """
    return page_dot(argument_map, options or DiagramOptions(), PageSpec())


def page_dot(argument_map: ArgumentMap, options: DiagramOptions, page: PageSpec) -> str:
    """The DOT of a diagram on a page: `to_dot`'s, with what the page adds."""
    return _Builder(Structure.of(argument_map), options, page).build().source()


def focus(argument_map: ArgumentMap, claim_id: str, depth: int) -> set[str]:
    """Ids within `depth` steps of a claim: its reasons, what it supports, and attacks.

    One step from a claim reaches each inference into or out of it, together with all of
    that inference's premises and its conclusion (linked premises stay together), and
    each objection against or from it, with the objection's reasons and target.

    >>> import argmap
    >>> sorted(focus(argmap.load("maps/watchmaker.yaml"), "W", 1))
    ['A1', 'C', 'I1', 'I4', 'N', 'O1', 'P1', 'P2', 'W', 'X1']
    """
    structure = Structure.of(argument_map)
    if claim_id not in structure.claims:
        hint = did_you_mean(claim_id, structure.claims)
        raise UsageError(f"--focus {claim_id}: no such claim{hint}")
    # Each claim's steps, found once: every inference and objection it is an end of.
    touching: dict[str, list[Inference | Objection]] = defaultdict(list)
    steps: list[Inference | Objection] = [*argument_map.inferences, *argument_map.objections]
    for step in steps:
        for end in {step.to, *step.premises}:
            touching[end].append(step)
    keep = {claim_id}
    frontier = {claim_id}
    for _ in range(depth):
        if not frontier:  # nothing new was reached: a larger depth adds nothing
            break
        reached: set[str] = set()
        for element in frontier:
            for step in touching[element]:
                reached.update((step.id, step.to, *step.premises))
        # Attacks on a kept inference come with it: an undercut is part of that step.
        for step_id in reached & structure.inferences.keys():
            for objection in structure.attacks_on.get(step_id, []):
                reached.update((objection.id, *objection.premises))
        frontier = reached - keep
        keep |= reached
    return keep


class _Builder:
    def __init__(self, structure: Structure, options: DiagramOptions, page: PageSpec) -> None:
        self.structure = structure
        self.map = structure.map
        self.options = options
        self.page = page
        self.palette: Palette = PALETTES[options.theme]
        self.fontsize = options.fontsize
        self.themes = {theme.id: theme for theme in self.map.themes}
        self.positions = {claim.id: n for n, claim in enumerate(self.map.claims, 1)}

    def build(self) -> _Graph:
        palette, options, page = self.palette, self.options, self.page
        graph = _Graph("digraph argmap")
        # Worksheets and pages are drawn tighter: they must fit a sheet or a slide.
        sheet = options.slots is not None
        nodesep = "0.12" if sheet or page.tight else "0.25" if options.preset else "0.35"
        ranksep = "0.2" if page.tight else "0.35" if sheet or options.preset else "0.45"
        graph.attr(
            rankdir=options.direction,
            bgcolor="transparent" if options.transparent else palette.background,
            fontname=FONT,
            fontcolor=palette.text,
            nodesep=nodesep,
            ranksep=ranksep,
            newrank="true",
            compound="true",
            pad="0.3",
            labelloc="t",
            fontsize=str(self.fontsize * 1.4),
        )
        self.sized(graph)
        graph.attr("node", fontname=FONT, fontsize=str(self.fontsize), fontcolor=palette.text)
        graph.attr("edge", color=palette.support, arrowsize="0.8", penwidth="1.4", fontname=FONT)
        if page.quote_sheet:
            self.quotes(graph, page.quote_sheet)
            return graph
        members: dict[str | None, list[str]] = {}
        for claim in self.map.claims:
            members.setdefault(claim.theme, []).append(claim.id)
        # A junction sits in its claims' cluster when they all share a theme.
        for step in self.map.inferences:
            members.setdefault(self.shared_theme(step.to, *step.premises), []).append(step.id)
        for objection in self.map.objections:
            members.setdefault(self.shared_theme(objection.to, *objection.premises), []).append(
                objection.id
            )
        only = self.options.only
        crossings = self.crossings(members)
        for theme_id, all_ids in members.items():
            ids = all_ids if only is None else [element for element in all_ids if element in only]
            if not ids:
                continue
            if theme_id is None or not options.clusters:
                self.elements(graph, ids)
                self.stubs(graph, ids)
                continue
            with graph.subgraph(name=f"cluster_{theme_id}") as cluster:
                theme = self.themes[theme_id]
                hidden = all(element in options.hidden for element in ids)
                cluster.attr(
                    label=_bold(theme.label),
                    style="invis" if hidden else "rounded,filled",
                    fillcolor=palette.cluster,
                    color=palette.cluster_border,
                    fontcolor=palette.muted,
                    fontsize=str(self.fontsize * 1.15),
                    labeljust="l",
                    labelloc=self.label_side(*crossings.get(theme_id, (0, 0))),
                    margin="8" if options.preset else "14",
                )
                self.elements(cluster, ids)
                self.stubs(cluster, ids)
        if options.legend:
            self.legend(graph)
        return graph

    def sized(self, graph: _Graph) -> None:
        """The graph's size settings (layout bounds, a page's exact size, dpi) and title."""
        options, page = self.options, self.page
        drawn = len(self.map.claims) if options.only is None else len(options.only)
        if layout := layout_for(drawn):
            graph.attr(**layout)
        if page.canvas:
            width, height, zoom, x, y = page.canvas
            graph.attr(viewport=f"{width:g},{height:g},{zoom:.6g},{x:g},{y:g}", margin="0")
        if options.dpi:
            graph.attr(dpi=str(options.dpi))
        if page.heading:
            graph.attr(label=self.heading(*page.heading))
        elif options.title:
            graph.attr(label=_bold(self.map.title))

    def crossings(
        self, members: Mapping[str | None, list[str]]
    ) -> dict[str | None, tuple[int, int]]:
        """For each theme's cluster, how many drawn lines leave it and how many come in."""
        where = {element: theme for theme, ids in members.items() for element in ids}
        drawn = self.options.only
        lines: list[tuple[str, str]] = []
        steps: list[Inference | Objection] = [*self.map.inferences, *self.map.objections]
        for step in steps:
            lines += [(end, step.id) for end in step.premises]
            lines.append((step.id, step.to))
        count: dict[str | None, list[int]] = defaultdict(lambda: [0, 0])
        for tail, head in lines:
            if drawn is not None and not (tail in drawn and head in drawn):
                continue
            if where.get(tail) != where.get(head):
                count[where.get(tail)][0] += 1
                count[where.get(head)][1] += 1
        return {theme: (out, into) for theme, (out, into) in count.items()}

    def label_side(self, leaving: int, entering: int) -> str:
        """Where a cluster's title goes: on the side fewer of its lines cross (lines
        leave a cluster towards the conclusion and come in from the far side), on the far
        side when as many cross each. Graphviz flips a cluster's label with the rank
        direction, so "b" is the conclusion's side both upwards (BT) and downwards (TB);
        left to right, lines cross the sides and the title stays on top."""
        if self.options.direction == "LR":
            return "t"
        return "b" if leaving < entering else "t"

    def shared_theme(self, *ids: str) -> str | None:
        """The theme all these claims (or the claims of these inferences and objections,
        replies included) share, if they share one."""
        themes: set[str | None] = set()
        stack, seen = list(ids), set(ids)
        while stack:
            element = stack.pop()
            if element in self.structure.claims:
                themes.add(self.structure.claims[element].theme)
                continue
            step = self.structure.inferences.get(element) or self.structure.objections[element]
            for end in (step.to, *step.premises):
                if end not in seen:  # objections may answer each other in a circle
                    seen.add(end)
                    stack.append(end)
        return themes.pop() if len(themes) == 1 else None

    def elements(self, graph: _Graph, ids: list[str]) -> None:
        for element in ids:
            if self.options.only is not None and element not in self.options.only:
                continue
            if element in self.structure.claims:
                self.claim(graph, self.structure.claims[element])
            elif element in self.structure.inferences:
                self.inference(graph, element)
            else:
                self.objection(graph, element)

    @property
    def text_width(self) -> int:
        if self.options.text_width:
            return self.options.text_width
        return PAGE_TEXT_WIDTH if self.options.preset else TEXT_WIDTH

    def heading(self, title: str, subtitle: str) -> str:
        size = ""
        if self.page.heading_size:
            width, height = self.page.heading_size
            size = f' FIXEDSIZE="TRUE" WIDTH="{width:.0f}" HEIGHT="{height:.0f}"'
        table = f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2"{size}>'
        shown = _text(title).strip()
        rows = f"<TR><TD>{f'<B>{shown}</B>' if shown else ' '}</TD>"  # 2.43 refuses <B></B>
        if subtitle:  # Graphviz 2.43 refuses an empty <FONT>
            sub = (
                f'<FONT POINT-SIZE="{SMALL}" COLOR="{self.palette.muted}">{_text(subtitle)}</FONT>'
            )
            # A tight page keeps the subtitle on the title's line: one row less.
            rows += (
                f'<TD VALIGN="BOTTOM">{sub}</TD>' if self.page.tight else f"</TR><TR><TD>{sub}</TD>"
            )
        return f"<{table}{rows}</TR></TABLE>>"

    def quotes(self, graph: _Graph, ids: tuple[str, ...]) -> None:
        """A quote sheet: one table, a row per claim (its id, then its quote)."""
        rows = []
        for claim_id in ids:
            claim = self.structure.claims[claim_id]
            quote = _wrap(f"\u201c{claim.quote or ''}\u201d", QUOTE_SHEET_WIDTH)
            rows.append(
                f'<TR><TD ALIGN="LEFT" VALIGN="TOP"><B>{_text(claim.id)}</B></TD>'
                f'<TD ALIGN="LEFT" BALIGN="LEFT"><I>{quote}</I></TD></TR>'
            )
        table = '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="8" CELLPADDING="0">'
        graph.node("_quotes", label=f"<{table}{''.join(rows)}</TABLE>>", shape="plaintext")

    def stubs(self, graph: _Graph, ids: list[str]) -> None:
        """The off-page references hanging on these claims."""
        drawn = set(ids)
        for stub in self.page.stubs:
            if stub.claim not in drawn:
                continue
            names = ", ".join(_text(name) for name in stub.names)
            pad = "".join(_FIGURE * max(0, 2 - len(str(page))) for page in stub.pages)
            pages = ", ".join(str(page) for page in stub.pages)
            where = f"page{'s' if len(stub.pages) > 1 else ''} {pages}{pad}"
            text = f"<BR/>{_text(stub.text)}" if stub.text else ""
            label = (
                f'<<FONT POINT-SIZE="{SMALL}" COLOR="{self.palette.muted}"><B>{names}</B> · '
                f"{where}{text}</FONT>>"
            )
            look = {"shape": "box", "style": "rounded,dashed", "color": self.palette.muted,
                    "margin": "0.08,0.04"}  # fmt: skip
            graph.node(stub.name, label=label, **(look | self.visible(stub.claim)))
            line = (
                self.attack() | {"arrowsize": "1"}
                if stub.attack
                else {"color": self.palette.support}
            )
            ends = (stub.claim, stub.name) if stub.outward else (stub.name, stub.claim)
            graph.edge(*ends, **(line | self.visible(stub.claim)))

    def visible(self, *ids: str) -> dict[str, str]:
        return {"style": "invis"} if any(i in self.options.hidden for i in ids) else {}

    def claim(self, graph: _Graph, claim: Claim) -> None:
        kind = look_key(claim)
        look = ROLE_LOOKS[kind]
        attrs = {
            "shape": look.shape,
            "style": look.style,
            "penwidth": str(look.penwidth),
            "fillcolor": self.palette.fill[kind],
            "color": self.palette.border[kind],
            "margin": "0.12,0.08",
        }
        if look.peripheries != 1:
            attrs["peripheries"] = str(look.peripheries)
        if self.verdict(claim.id) is Label.OUT:
            attrs |= {"fillcolor": self.palette.background, "color": self.palette.muted}
        attrs |= self.visible(claim.id)
        slots = self.options.slots
        if slots is not None:
            graph.node(self.name(claim.id), **(attrs | self.slot(slots.get(claim.id, ""))))
            return
        graph.node(claim.id, label=self.label(claim, look.caption), **attrs)

    def name(self, element: str) -> str:
        """A node's name in the DOT. In a worksheet diagram a claim is named by its slot,
        not its id: SVG keeps node names (as tooltips), and a skeleton must not tell
        which statement goes where. The name is the claim's place in the map, the same for
        a skeleton and its filled key, so that both get one layout; its leading underscore
        keeps it apart from every id a map can have (ids start with a letter), as the
        legend's names are."""
        if self.options.slots is None or element not in self.structure.claims:
            return element
        return f"_slot{self.positions[element]}"

    def slot(self, text: str) -> dict[str, str]:
        """A worksheet box: fixed size, so its text never moves anything."""
        attrs = {"label": _text(text), "fixedsize": "true", "width": "0.8", "height": "0.4",
                 "fontsize": f"{self.fontsize * _SLOT_TEXT:g}", "margin": "0"}  # fmt: skip
        if self.options.plain:
            attrs |= {"shape": "box", "style": "rounded,filled", "penwidth": "1.4",
                      "fillcolor": self.palette.background, "color": self.palette.text}  # fmt: skip
        return attrs

    def verdict(self, element: str) -> Label | None:
        labels = self.options.labels
        return labels.get(element) if labels is not None else None

    def contrast(self, element: str) -> str:
        """The second view's label, where it differs from the one drawn."""
        other = (self.options.contrast or {}).get(element)
        if other is None or other is self.verdict(element):
            return ""
        return f" · {_text(self.options.contrast_name)}: <B>{other.upper()}</B>"

    def label(self, claim: Claim, caption: str) -> str:
        small = SMALL
        width = self.text_width
        if claim.voice:
            caption += f" ({claim.voice})"
        narrow = width < TEXT_WIDTH
        if narrow:  # a narrow box: its header on two or three lines
            wrapped = _wrap(caption, round(width * 1.3)).removesuffix(_BREAK)
            header = f"<B>{_text(claim.id)}</B>" + (_BREAK if width <= 16 else "  ") + wrapped
        else:
            header = f"<B>{_text(claim.id)}</B>  {_text(caption)}"
        if claim.basis:
            header += (_BREAK if narrow else " · ") + _text(str(claim.basis))
        body = _wrap(claim.text, width)
        if claim.role is Role.CONCLUSION:
            body = f"<B>{body}</B>"
        verdict = self.verdict(claim.id)
        if verdict is not None:
            gap = _BREAK if narrow else "  "
            header = f"<B>{verdict.upper()}</B>{self.contrast(claim.id)}{gap}" + header
        if verdict is Label.OUT:
            body = f'<S><FONT COLOR="{self.palette.muted}">{body}</FONT></S>'
        elif verdict is Label.UNDECIDED:
            body = f"<I>{body}</I>"
        rows = [
            f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="{small:g}" '
            f'COLOR="{self.palette.muted}">{header}</FONT></TD></TR>',
            f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{body}</TD></TR>',
        ]
        if self.options.quotes and claim.quote:
            quote = _wrap(f"\u201c{claim.quote}\u201d", round(width * QUOTE_WIDTH / TEXT_WIDTH))
            rows.append(
                f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="{small:g}" '
                f'COLOR="{self.palette.muted}"><I>{quote}</I></FONT></TD></TR>'
            )
        table = '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="1">'
        return f"<{table}{''.join(rows)}</TABLE>>"

    def inference(self, graph: _Graph, step_id: str) -> None:
        step = self.structure.inferences[step_id]
        hidden = self.visible(step.id, step.to, *step.premises)
        attrs = self.junction()
        if self.verdict(step.id) is Label.OUT:  # a step that fails is drawn hollow
            attrs |= {"fillcolor": self.palette.background, "color": self.palette.muted}
        elif self.verdict(step.id) is Label.UNDECIDED:  # half-way: a grey dot
            attrs |= {"fillcolor": self.palette.muted, "color": self.palette.muted}
        notes = []
        if self.options.schemes and step.scheme:
            notes.append(f"<I>{_text(step.scheme)}</I>")
        open_count = (self.options.open_questions or {}).get(step.id, 0)
        if open_count:
            notes.append(f'<B><FONT COLOR="{self.palette.attack}">?{open_count}</FONT></B>')
        # Notes label the line to the conclusion: Graphviz places an edge's label in the
        # layout like a node, clear of other lines and boxes (an xlabel is not); the
        # label's cell keeps a gap on each side, so two steps' notes never run together.
        label = (
            {"label": f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">'
                      f'<TR><TD WIDTH="4"> </TD><TD>{" ".join(notes)}</TD>'
                      f'<TD WIDTH="14"> </TD></TR></TABLE>>',
             "fontsize": str(SMALL), "fontcolor": self.palette.muted}
            if notes
            else {}
        )  # fmt: skip
        graph.node(step.id, **(attrs | hidden))
        for premise in step.premises:
            if self.drawn(premise):
                graph.edge(self.name(premise), step.id, **({"arrowhead": "none"} | hidden))
        if self.drawn(step.to):
            graph.edge(step.id, self.name(step.to), **(label | hidden))

    def objection(self, graph: _Graph, objection_id: str) -> None:
        objection = self.structure.objections[objection_id]
        hidden = self.visible(objection.id, objection.to, *objection.premises)
        # A beaten objection is drawn thin and grey: its attack does not land.
        beaten = (
            {"color": self.palette.muted, "penwidth": "1"}
            if self.verdict(objection.id) is Label.OUT
            else {}
        )
        graph.node(objection.id, **(self.marker() | beaten | hidden))
        line = {"style": "dashed", "color": self.palette.attack, "arrowhead": "none"}
        for reason in objection.premises:
            if self.drawn(reason):
                graph.edge(self.name(reason), objection.id, **(line | beaten | hidden))
        port = {}
        rivals = self.structure.attacks_on.get(objection.to, [])
        if objection.to in self.structure.inferences and len(rivals) > 1:
            # Two or more undercuts end on the dot's sides, one side each, so their bars
            # never merge; one alone comes straight at the dot.
            port = {"headport": _SIDES[rivals.index(objection) % len(_SIDES)]}
        if self.drawn(objection.to):
            graph.edge(
                objection.id, self.name(objection.to), **(self.attack() | port | beaten | hidden)
            )

    def drawn(self, element: str) -> bool:
        """Whether an element is on this drawing (a line to one that is not would make
        Graphviz draw a stray node of its own; a page's stub stands for it instead)."""
        return self.options.only is None or element in self.options.only

    def junction(self) -> dict[str, str]:
        """An inference: a small filled dot that linked premises meet in."""
        colour = self.palette.support
        return {"shape": "circle", "style": "filled", "width": "0.14", "fixedsize": "true",
                "label": "", "color": colour, "fillcolor": colour}  # fmt: skip

    def marker(self) -> dict[str, str]:
        """An objection: a small hollow diamond on the dashed attack line."""
        return {"shape": "diamond", "style": "filled", "width": "0.22", "height": "0.22",
                "fixedsize": "true", "label": "", "color": self.palette.attack,
                "fillcolor": self.palette.background, "penwidth": "2"}  # fmt: skip

    def attack(self) -> dict[str, str]:
        """The line from an objection to what it attacks, ending in a bar."""
        return {"style": "dashed", "color": self.palette.attack, "arrowhead": "tee",
                "arrowsize": "1.6", "penwidth": "2"}  # fmt: skip

    def kinds(self) -> list[str]:
        """The kinds of claim the legend explains: the four roles always, the others
        (unstated steps, reported voices, critic's reasons) where the map has them."""
        present = {look_key(claim) for claim in self.map.claims}
        basic = {"premise", "intermediate", "conclusion", "assumption"}
        return [key for key in ROLE_LOOKS if key in basic or key in present]

    def legend(self, graph: _Graph) -> None:
        palette = self.palette
        with graph.subgraph(name="cluster__legend") as legend:
            legend.attr(
                label="<<B>Legend</B>>",
                style="rounded",
                color=palette.cluster_border,
                fontcolor=palette.muted,
                rank="sink",
            )
            previous = None
            for key in self.kinds():
                look = ROLE_LOOKS[key]
                name = f"_legend_{key}"
                legend.node(
                    name,
                    label=_text(look.caption),
                    shape=look.shape,
                    style=look.style,
                    penwidth=str(look.penwidth),
                    peripheries=str(look.peripheries),
                    fillcolor=palette.fill[key],
                    color=palette.border[key],
                    fontsize=str(SMALL),
                )
                if previous:
                    legend.edge(previous, name, style="invis")
                previous = name
            words = {"shape": "plaintext", "fontsize": str(SMALL)}
            legend.node("_legend_step", **self.junction())
            legend.node("_legend_supported", label="supports", **words)
            legend.edge("_legend_step", "_legend_supported")
            legend.node("_legend_attack", **self.marker())
            legend.node("_legend_attacked", label="attacks", **words)
            legend.edge("_legend_attack", "_legend_attacked", **self.attack())


_BREAK = '<BR ALIGN="LEFT"/>'
QUOTE_SHEET_WIDTH = 64
"""Characters per line of a quote sheet: quotes there are drawn in claim-sized type."""
_SIDES = ("w", "e", "sw", "se", "nw", "ne")
_FIGURE = "\u2007"  # a space as wide as a digit: page numbers keep their width
_PLAIN_ID = re.compile(r"([a-zA-Z_][a-zA-Z0-9_]*|-?(\.[0-9]+|[0-9]+(\.[0-9]*)?))$")
_KEYWORDS = frozenset({"node", "edge", "graph", "digraph", "subgraph", "strict"})


def _quote(value: str) -> str:
    """A DOT id or attribute value: an HTML-like label as it is, a plain word or number
    bare, anything else in double quotes (with its quotes escaped).

    >>> _quote("I1"), _quote("0.35"), _quote("rounded,filled"), _quote('say "hi"')
    ('I1', '0.35', '"rounded,filled"', '"say \\\\"hi\\\\""')
    """
    if value.startswith("<") and value.endswith(">"):
        return value
    return _quote_plain(value)


@functools.lru_cache(maxsize=4096)
def _quote_plain(value: str) -> str:
    """`_quote` for values that are not HTML-like labels: few, and each used many times."""
    if _PLAIN_ID.match(value) and value.lower() not in _KEYWORDS:
        return value
    return '"' + value.replace('"', '\\"') + '"'


def _attributes(attrs: Mapping[str, str], label: str | None = None) -> str:
    """An attribute list: `label` first, then the rest sorted by name."""
    listed = _listed(tuple(attrs.items()))
    if label is None:
        return listed
    return f"label={_quote(label)} {listed}" if listed else f"label={_quote(label)}"


@functools.lru_cache(maxsize=4096)
def _listed(items: tuple[tuple[str, str], ...]) -> str:
    """Attributes other than labels repeat from node to node: each list is quoted once."""
    return " ".join(f"{key}={_quote(value)}" for key, value in sorted(items))


class _Graph:
    """The DOT statements of a graph or cluster, in the order they are added.

    A small writer of its own, not the `graphviz` package's `Digraph`: quoting every
    statement through that package was about half of argmap's own time on large maps.
    The output has the same layout (attributes sorted, `label` first), so diagrams are
    byte-identical to what it produced.
    """

    def __init__(self, head: str, depth: int = 1) -> None:
        self.head = head
        self.depth = depth
        self.lines: list[str] = []

    def attr(self, kind: str | None = None, **attrs: str) -> None:
        """Graph attributes, or defaults for every `node` or `edge` after this line."""
        listed = _attributes(attrs)
        self.lines.append(f"{self.tab}{kind} [{listed}]" if kind else f"{self.tab}{listed}")

    def node(self, name: str, label: str | None = None, **attrs: str) -> None:
        self.lines.append(f"{self.tab}{_quote(name)} [{_attributes(attrs, label)}]")

    def edge(self, tail: str, head: str, **attrs: str) -> None:
        edge = f"{self.tab}{_quote(tail)} -> {_quote(head)}"
        self.lines.append(f"{edge} [{_attributes(attrs)}]" if attrs else edge)

    @contextmanager
    def subgraph(self, name: str) -> Iterator[_Graph]:
        cluster = _Graph(f"subgraph {_quote(name)}", self.depth + 1)
        yield cluster
        self.lines += [f"{self.tab}{cluster.head} {{", *cluster.lines, f"{self.tab}}}"]

    @property
    def tab(self) -> str:
        return "\t" * self.depth

    def source(self) -> str:
        return "\n".join([f"{self.head} {{", *self.lines, "}"]) + "\n"


def _text(text: str) -> str:
    """User text made literal for an HTML-like label.

    XML-escaped, `defused` (no control characters or bidirectional overrides), and each
    backslash followed by an invisible word joiner (U+2060): Graphviz expands escapes
    such as backslash-N (the node's name) even inside HTML-like labels, and even when
    written as a character reference, so the sequence itself must be broken.
    """
    return html.escape(defused(text), quote=True).replace(_BACKSLASH, _DEFUSED)


def _bold(text: str) -> str:
    """A bold HTML-like label, or an empty plain one for text with nothing to show
    (Graphviz 2.43, still common, refuses an empty <B></B> as a syntax error).

    >>> _bold("Threat"), _bold("\x07")
    ('<<B>Threat</B>>', '')
    """
    shown = _text(text).strip()
    return f"<<B>{shown}</B>>" if shown else ""


def _wrap(text: str, width: int) -> str:
    """Text wrapped to lines of `width` characters (long words cut), escaped, joined.

    A greedy fill, as textwrap's, by one regular expression per width: each line is the
    longest run of at most `width` characters that ends before a space, or, for a word
    longer than a line, its next `width` characters. Escaped once for the whole label (a
    newline survives `_text`, and no line holds one).

    >>> _wrap("a bb ccc dddddddd e", 4).split(_BREAK)
    ['a bb', 'ccc', 'dddd', 'dddd', 'e', '']
    """
    lines = _lines(width).findall(" ".join(defused(text).split()))
    return _text("\n".join(lines or [""])).replace("\n", _BREAK) + _BREAK


@functools.cache
def _lines(width: int) -> re.Pattern[str]:
    return re.compile(rf"\S.{{0,{width - 1}}}(?=\s|$)|\S{{1,{width}}}")
