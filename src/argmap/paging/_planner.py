"""Pages: a diagram fitted to a slide or a sheet of paper, split where it cannot be read.

A page is a size (a preset of `_style.PRESETS`) and the part of the map it shows. Each
part is laid out by Graphviz once, then scaled to the page: never stretched, never above
the preset's type floor. A map that cannot be drawn on one page at that size is split,
by theme, then by sub-argument: a claim with the reasons for it, each deeper reason on a
page of its own when they do not fit together. A step (an inference with all its
premises) is never cut. Where a line leaves the page, a stub names the claims at its
other end and the page they are on. The split is deterministic: the same map and preset
give the same pages.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from .._issues import ArgmapError
from ..checks._structure import Structure
from ..draw._dot import DiagramOptions, PageSpec, Stub, page_dot
from ..draw._engines import EMBEDDED, GraphvizRun, Worker
from ..draw._layout import Layout, lay_out
from ..draw._style import (
    FONTSIZE,
    NARROW_TEXT_WIDTHS,
    PAGE_TEXT_WIDTH,
    PIXELS_PER_POINT,
    PRESETS,
    Preset,
)
from ..model import ArgumentMap, Inference, Objection, Role
from ..vocabulary import Engine, Orientation, PageFormat

MAX_ENLARGEMENT = 1.6
"""A small map is enlarged to at most this many times the smallest readable size: big
enough to read from the back of a room, not so big that one box fills a slide."""
_PLACEHOLDER = 88
"""The page number written in stubs and headings while the split is being decided (two
digits, as wide as most real numbers)."""
_SLACK = 1.03


class PageError(ArgmapError):
    """The map cannot be put on pages as asked (too large for one page with no split)."""

    exit_code = 1


@dataclass(frozen=True)
class Part:
    """What one page presents: the claims it is the home of, and the steps it draws."""

    title: str
    claims: tuple[str, ...]
    steps: tuple[str, ...]
    quotes: bool = True
    """False for a step too large to draw with its claims' quotes on one page: it is
    drawn without them, and quote sheets follow it."""
    quoting: tuple[str, ...] = ()
    """A quote sheet: the claims whose quotes the page lists (it draws no diagram)."""
    clusters: bool = True
    """False for a step too wide to draw with its themes' clusters around its claims."""
    brief: bool = False
    """True for a step too large to draw otherwise: its off-page stubs name claims and
    pages only, without a claim's text."""
    tight: bool = False
    """True for a step too large to draw even so: narrower gaps between its boxes."""


@dataclass(frozen=True)
class Page:
    """A page of a map: its part, the layout of its drawing and how that fits the page."""

    number: int
    count: int
    title: str
    preset: str
    landscape: bool
    part: Part
    shown: frozenset[str]
    """Every element drawn in full on this page (steps and all their ends)."""
    map: ArgumentMap
    options: DiagramOptions
    """What the page draws (its elements) and how."""
    spec: PageSpec
    """What the page adds to the diagram (its heading, stubs and exact size)."""
    layout: Layout
    zoom: float
    readable: bool

    @property
    def label(self) -> str:
        """How the page is reported: 'page 2/6: The threat (part 1)'."""
        return f"page {self.number}/{self.count}: {self.title}"

    @property
    def size(self) -> tuple[float, float]:
        """Width and height in points."""
        return page_size(PRESETS[self.preset], self.landscape)

    @property
    def claim_text(self) -> float:
        """Claim text as drawn on the page, in points."""
        return FONTSIZE * self.zoom

    @property
    def smallest_text(self) -> float:
        """The smallest text drawn on the page, in points."""
        return self.layout.smallest_text() * self.zoom

    def dot(self, output_format: PageFormat, *, scale: float = 1.0) -> str:
        """The page's DOT, sized exactly for the format (PNG pixels: 2 per point x scale)."""
        return page_dot(self.map, self.drawing_options(output_format, scale), self.spec)

    def drawing_options(self, output_format: PageFormat, scale: float = 1.0) -> DiagramOptions:
        """The options that draw this page in the format (Graphviz's dpi scales SVG and
        PDF too, so only PNG gets one)."""
        dpi = round(72 * PIXELS_PER_POINT * scale) if output_format == "png" else None
        return replace(self.options, dpi=dpi)

    def draw(
        self,
        output_format: PageFormat,
        *,
        engine: Engine = "embedded",
        scale: float = 1.0,
        timeout: float | None = None,
        worker: Worker | None = None,
    ) -> bytes:
        """The page as SVG, PNG or PDF bytes, exactly the page's size."""
        return self.drawn(output_format, GraphvizRun(engine, timeout, worker), scale=scale)

    def drawn(
        self, output_format: PageFormat, graphviz: GraphvizRun, *, scale: float = 1.0
    ) -> bytes:
        """Like `draw`, with Graphviz run as `graphviz` says."""
        drawing, _ = graphviz.draw(self.dot(output_format, scale=scale), output_format)
        return _strip_doctype(drawing) if output_format == "svg" else drawing


def page_size(preset: Preset, landscape: bool) -> tuple[float, float]:
    """A preset's width and height in points, turned when landscape.

    >>> page_size(PRESETS["a4"], landscape=True)
    (842, 595)
    """
    short, long = sorted((preset.width, preset.height))
    if preset.slide:
        return preset.width, preset.height
    return (long, short) if landscape else (short, long)


def fit(layout: Layout, preset: Preset, landscape: bool, slack: float = 1.0) -> tuple[float, bool]:
    """The zoom that fits a layout inside the page's margins, and whether the page then
    meets the type floor (claim text and every other text; times `slack`)."""
    width, height = page_size(preset, landscape)
    room = min(
        (width - 2 * preset.margin) / max(layout.width, 1.0),
        (height - 2 * preset.margin) / max(layout.height, 1.0),
    )
    smallest = layout.smallest_text() or FONTSIZE
    needed = max(preset.claim_text / FONTSIZE, preset.any_text / smallest)
    zoom = min(room, needed * MAX_ENLARGEMENT)
    return zoom, zoom >= needed * slack * (1 - 1e-9)


def paginate(
    argument_map: ArgumentMap,
    options: DiagramOptions,
    *,
    split: bool = True,
    orientation: Orientation = "auto",
    graphviz: GraphvizRun = EMBEDDED,
) -> list[Page]:
    """The pages of a map for `options.preset`: one when it fits, else split.

    >>> import argmap
    >>> options = DiagramOptions(preset="slide-16x9", quotes=False)
    >>> [page.label for page in paginate(argmap.load("maps/watchmaker.yaml"), options)]
    ["page 1/1: Paley's watchmaker: the argument from design"]

    Raises:
        UsageError: the preset is unknown.
        PageError: `split` is False and the map does not fit one page readably.
        RenderError: Graphviz failed or ran out of time.
    """
    if options.preset not in PRESETS:
        from .._issues import UsageError  # noqa: PLC0415

        raise UsageError(f"unknown preset {options.preset!r}; choose one of {', '.join(PRESETS)}")
    planner = _Planner(Structure.of(argument_map), options, orientation, graphviz)
    parts = planner.parts(split)
    return planner.pages(parts)


def join_pdf(documents: list[bytes]) -> bytes:
    """PDF documents joined page after page (pypdf), deterministic for the same input."""
    if len(documents) == 1:
        return documents[0]
    from pypdf import PdfReader, PdfWriter  # noqa: PLC0415  (only for multi-page PDF)

    writer = PdfWriter()
    for document in documents:
        for sheet in PdfReader(io.BytesIO(document)).pages:
            writer.add_page(sheet)
    writer.add_metadata({"/Producer": "argmap"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _pad(*numbers: int) -> str:
    """Figure spaces (as wide as a digit) that make page numbers two digits wide, so a
    page measured with placeholder numbers keeps its layout with the real ones."""
    return "".join("\u2007" * max(0, 2 - len(str(number))) for number in numbers)


def _strip_doctype(svg: bytes) -> bytes:
    start = svg.find(b"<!DOCTYPE")
    if start < 0:
        return svg
    end = svg.index(b">", start) + 1
    return svg[:start] + svg[end:].lstrip()


class _Planner:
    """Decides the parts of a map for a preset, measuring each on its real layout."""

    def __init__(
        self,
        structure: Structure,
        options: DiagramOptions,
        orientation: Orientation,
        graphviz: GraphvizRun,
    ) -> None:
        self.structure = structure
        self.map = structure.map
        self.options = options
        self.preset = PRESETS[str(options.preset)]
        self.orientation = orientation
        self.graphviz = graphviz
        universe = options.only
        self.claims = [c.id for c in self.map.claims if universe is None or c.id in universe]
        steps: list[Inference | Objection] = [*self.map.inferences, *self.map.objections]
        self.steps = [s.id for s in steps if universe is None or s.id in universe]
        self.universe = frozenset(self.claims) | frozenset(self.steps)
        self.order = {element: n for n, element in enumerate([*self.claims, *self.steps])}
        self.ends: dict[str, tuple[str, ...]] = {}
        for step in steps:
            if step.id in self.universe:
                ends = (*step.premises, step.to, *self.whole(step.to))
                self.ends[step.id] = tuple(e for e in dict.fromkeys(ends) if e in self.universe)
        self.group = structure.parts("with-targets", self.universe)
        self.assigned: dict[str, int] | None = None

    def whole(self, target: str) -> list[str]:
        """What an attack on `target` brings with it: the whole step it undercuts (its
        premises and conclusion), or the objection it replies to with that one's reasons
        and target (further up a chain of replies, stubs name what is elsewhere)."""
        if target in self.structure.claims:
            return []
        step = self.structure.inferences.get(target) or self.structure.objections[target]
        return [*step.premises, step.to]

    # --- what belongs where -------------------------------------------------------

    def steps_at(self, claims: Iterable[str]) -> list[str]:
        """The steps whose home is one of these claims, in map order."""
        home = set(claims)
        return [step for step in self.steps if self.structure.claim_about(step) in home]

    def shown(self, part: Part) -> frozenset[str]:
        if part.quoting:
            return frozenset()
        shown = set(part.claims) | set(part.steps)
        for step in part.steps:
            shown.update(self.ends[step])
        return frozenset(shown)

    # --- measuring ----------------------------------------------------------------

    def diagram(
        self, part: Part, page: int, count: int, title: str, width: int
    ) -> tuple[DiagramOptions, PageSpec]:
        shown = self.shown(part)
        # A tight page keeps its subtitle on the title's line, so without the map's title.
        where = "" if part.tight else f" · {self.map.title}"
        subtitle = f"page {page}/{count}{where}{_pad(page, count)}" if count > 1 else ""
        themes = {self.structure.claims[c].theme for c in shown if c in self.structure.claims}
        options = replace(
            self.options,
            only=shown,
            quotes=self.options.quotes and part.quotes,
            clusters=self.options.clusters and part.clusters and len(themes) > 1,
            text_width=width,
        )
        spec = PageSpec(
            heading=(title, subtitle),
            stubs=tuple(self.stubs(shown, width, part.brief)),
            tight=part.tight,
            quote_sheet=part.quoting,
        )
        return options, spec

    @functools.cache  # noqa: B019  (one planner per call of paginate)
    def measure(self, part: Part) -> tuple[Layout, float, bool, bool, int]:
        """The part's layout, zoom, whether it reads, whether landscape, and the text
        width that gave them (the first of the narrow widths that reads)."""
        fixed = self.options.text_width or (PAGE_TEXT_WIDTH if part.quoting else None)
        widths = (fixed,) if fixed else NARROW_TEXT_WIDTHS
        best: tuple[Layout, float, bool, bool, int] | None = None
        for width in widths:
            layout = self.layout(*self.diagram(part, _PLACEHOLDER, _PLACEHOLDER, part.title, width))
            # Measured with placeholder page numbers: a small margin keeps the page
            # readable with the real ones.
            zoom, readable, turned = self.best_fit(layout, slack=_SLACK)
            if best is None or (readable, zoom) > (best[2], best[1]):
                best = (layout, zoom, readable, turned, width)
            if readable:
                break
        assert best is not None
        return best

    def layout(self, options: DiagramOptions, spec: PageSpec) -> Layout:
        return lay_out(page_dot(self.map, options, spec), self.graphviz)

    def best_fit(self, layout: Layout, slack: float = 1.0) -> tuple[float, bool, bool]:
        turns = {"auto": (False, True), "portrait": (False,), "landscape": (True,)}
        choices = [(*fit(layout, self.preset, turned, slack), turned) for turned in
                   (turns[self.orientation] if not self.preset.slide else (False,))]  # fmt: skip
        zoom, readable, turned = max(choices, key=lambda choice: (choice[1], choice[0]))
        return zoom, readable, turned

    def fits(self, part: Part) -> bool:
        return self.measure(part)[2]

    # --- splitting ----------------------------------------------------------------

    def parts(self, split: bool) -> list[Part]:
        whole = Part(self.map.title, tuple(self.claims), tuple(self.steps))
        for candidate in (whole, replace(whole, clusters=False)):  # one page, if it can be
            if self.fits(candidate):
                return [candidate]
        if not split:
            _, zoom, _, _, _ = self.measure(whole)
            needed = self.preset.claim_text / FONTSIZE
            unit = "px" if self.preset.slide else "pt"
            factor = PIXELS_PER_POINT if self.preset.slide else 1.0
            raise PageError(
                f"the map does not fit one {self.options.preset} page at a readable size: "
                f"claim text would be {FONTSIZE * zoom * factor:.1f} {unit}, and needs at least "
                f"{FONTSIZE * needed * factor:.0f} {unit}; leave out --no-split to split it "
                f"into pages, or draw part of it with --focus ID"
            )
        parts: list[Part] = []
        for key, title in self.group_order():
            members = [c for c in self.claims if self.group[c] == key]
            found = self.pack(members, title)
            if len(found) > 1:
                found = [replace(p, title=f"{title} (part {n})") for n, p in enumerate(found, 1)]
            parts += found
        return [apart for part in parts for apart in self.quotes_apart(part)]

    def quotes_apart(self, part: Part) -> list[Part]:
        """A part as it reads: itself when it fits. A step too large to read on one page
        is drawn, by the first of these that reads: without its themes' clusters; with
        brief stubs as well; without its quotes (which follow on sheets of their own, as
        many as they need); without quotes and clusters; without all three; and with
        narrower gaps between its boxes. When none reads, the last is drawn, smaller,
        and reported."""
        if self.fits(part):
            return [part]
        tries = [replace(part, clusters=False), replace(part, clusters=False, brief=True)]
        if self.options.quotes:
            bare = replace(part, quotes=False)
            tries += [
                bare,
                replace(bare, clusters=False),
                replace(bare, clusters=False, brief=True),
            ]
        tries.append(replace(tries[-1], tight=True))
        chosen = next((trial for trial in tries if self.fits(trial)), tries[-1])
        return [chosen, *self.quote_sheets(part, chosen)] if not chosen.quotes else [chosen]

    def quote_sheets(self, part: Part, drawn: Part) -> list[Part]:
        """Sheets with the quotes of the claims a page draws without them."""
        quoted = [
            c for c in self.claims if c in self.shown(drawn) and self.structure.claims[c].quote
        ]
        title = f"{part.title}: quotes"
        sheets: list[list[str]] = []
        for claim in quoted:
            if sheets and self.fits(Part(f"{title} (8/8)", (), (), quoting=(*sheets[-1], claim))):
                sheets[-1].append(claim)
            else:
                sheets.append([claim])
        titles = [f"{title} ({n}/{len(sheets)})" for n in range(1, len(sheets) + 1)]
        if len(sheets) == 1:
            titles = [title]
        return [
            Part(title, (), (), quoting=tuple(sheet))
            for title, sheet in zip(titles, sheets, strict=True)
        ]

    def group_order(self) -> list[tuple[str | None, str]]:
        """Themes in the map's order, claims without one, and the conclusion's last."""
        present = set(self.group.values())
        labels = {theme.id: theme.label for theme in self.map.themes}
        order: list[str | None] = [t.id for t in self.map.themes if t.id in present]
        if None in present:
            order.append(None)
        conclusion = next((c.id for c in self.map.claims if c.role is Role.CONCLUSION), None)
        last = self.group.get(conclusion) if conclusion else None
        if last in order and (last is not None or None in present):
            order.remove(last)
            order.append(last)
        return [(key, labels.get(key, self.map.title) if key else self.map.title) for key in order]

    def part(self, title: str, claims: Iterable[str]) -> Part:
        ordered = sorted(set(claims), key=self.order.__getitem__)
        return Part(title, tuple(ordered), tuple(self.steps_at(ordered)))

    def pack(self, claims: list[str], title: str, *, leaves: bool = True) -> list[Part]:
        """Parts for these claims: all on one page if they fit, else sub-argument by
        sub-argument. `leaves=False` drops claims that carry no step of their own (they
        are drawn already, as reasons on the page of what they support)."""
        whole = self.part(title, claims)
        if not leaves and not whole.steps:
            return []
        if self.fits(whole):
            return [whole]
        chunks = self.sub_arguments(claims)
        if len(chunks) > 1:
            return self.merge(chunks, title, leaves)
        # One sub-argument: its top claim with as many of the reasons below it, each
        # with everything under it, as fit; the others on pages of their own.
        root = chunks[0][0]
        below = self.sub_arguments([c for c in claims if c != root])
        top, rest = [root], []
        for chunk in below:
            if self.fits(self.part(title, [*top, *chunk])):
                top += chunk
            else:
                rest.append(chunk)
        head = self.pack_top(root, title) if top == [root] else [self.part(title, top)]
        return head + self.merge(rest, title, leaves=False)

    def merge(self, chunks: list[list[str]], title: str, leaves: bool) -> list[Part]:
        """Sub-arguments put together on pages in order, as many to a page as fit."""
        found: list[Part] = []
        current: list[str] = []
        if not leaves:  # a reason with no step of its own is drawn with what it supports
            chunks = [chunk for chunk in chunks if self.steps_at(chunk)]
        for chunk in chunks:
            if current and self.fits(self.part(title, [*current, *chunk])):
                current += chunk
                continue
            if current:
                found += self.pack(current, title, leaves=leaves)
            current = list(chunk)
        if current:
            found += self.pack(current, title, leaves=leaves)
        return found

    def sub_arguments(self, claims: list[str]) -> list[list[str]]:
        """The claims grouped by sub-argument: each top claim (one that nothing among
        them rests on) first, then everything below it in map order."""
        members = set(claims)
        children: dict[str, list[str]] = {c: [] for c in claims}
        has_parent: set[str] = set()
        for step in self.steps_at(claims):
            top = self.structure.claim_about(step)
            for end in self.ends[step]:
                if end in members and end != top and end not in children[top]:
                    children[top].append(end)
                    has_parent.add(end)
        roots = [c for c in claims if c not in has_parent] or claims[:1]
        seen: set[str] = set()
        chunks = []
        for root in roots:
            chunk: list[str] = []
            stack = [root]
            while stack:
                claim = stack.pop()
                if claim in seen:
                    continue
                seen.add(claim)
                chunk.append(claim)
                stack += reversed(children[claim])
            chunks.append([root, *sorted(chunk[1:], key=self.order.__getitem__)])
        leftover = [c for c in claims if c not in seen]  # in a cycle of attacks only
        if leftover:
            chunks.append(leftover)
        return chunks

    def pack_top(self, root: str, title: str) -> list[Part]:
        """A claim with the steps into it: on one page if they fit, else as many pages as
        they need, each step whole (a step too large for any page gets one of its own)."""
        steps = self.steps_at([root])
        whole = Part(title, (root,), tuple(steps))
        if self.fits(whole) or len(steps) <= 1:
            return [whole]
        found: list[Part] = []
        current: list[str] = []
        for step in steps:
            trial = Part(title, (root,), (*current, step))
            if current and not self.fits(trial):
                found.append(Part(title, (root,), tuple(current)))
                current = [step]
            else:
                current.append(step)
        found.append(Part(title, (root,), tuple(current)))
        return found

    # --- pages and stubs ----------------------------------------------------------

    def pages(self, parts: list[Part]) -> list[Page]:
        assigned: dict[str, int] = {}
        for number, part in enumerate(parts, 1):  # a quote sheet has no claims or steps
            for element in (*part.claims, *part.steps):
                assigned.setdefault(element, number)
        for number, part in enumerate(parts, 1):
            for element in self.shown(part):
                assigned.setdefault(element, number)
        self.assigned = assigned
        pages = []
        for number, part in enumerate(parts, 1):
            text_width = self.measure(part)[4]
            diagram, spec = self.diagram(part, number, len(parts), part.title, text_width)
            layout = self.layout(diagram, spec)
            zoom, readable, landscape = self.best_fit(layout)
            width, height = page_size(self.preset, landscape)
            centre = (layout.width / 2, layout.height / 2)
            spec = replace(spec, canvas=(width, height, zoom, *centre))
            pages.append(
                Page(
                    number,
                    len(parts),
                    part.title,
                    str(self.options.preset),
                    landscape,
                    part,
                    self.shown(part),
                    self.map,
                    diagram,
                    spec,
                    layout,
                    zoom,
                    readable,
                )
            )
        return pages

    def page_of(self, element: str, pages: set[int]) -> int:
        """The page an element is drawn on; while the split is being decided, a distinct
        two-digit placeholder for each element (as long as the most pages could be)."""
        if self.assigned:
            return self.assigned.get(element, _PLACEHOLDER)
        return _PLACEHOLDER - len(pages)

    def stubs(self, shown: frozenset[str], width: int, brief: bool = False) -> Iterator[Stub]:
        """One stub per drawn element, direction and kind of line, naming the claims at
        the other ends and their pages (and, unless `brief`, a lone claim's text)."""
        found: dict[tuple[str, bool, bool], tuple[list[str], set[int]]] = {}
        for tail, head, attack in self.lines():
            if (tail in shown) == (head in shown):
                continue
            drawn, other = (tail, head) if tail in shown else (head, tail)
            names, pages = found.setdefault((drawn, drawn == tail, attack), ([], set()))
            names += [name for name in self.far_claims(drawn, other) if name not in names]
            pages.add(self.page_of(other, pages))
        for number, ((drawn, outward, attack), (names, pages)) in enumerate(
            sorted(found.items(), key=lambda item: (self.order[item[0][0]], item[0][1:]))
        ):
            lone = len(names) == 1 and not brief
            text = self.structure.claims[names[0]].text if lone else ""
            short = text if len(text) <= width else text[: width - 1].rstrip() + "…"
            listed = tuple(names[:3]) + (("…",) if len(names) > 3 else ())
            shown_pages = tuple(sorted(pages))
            if len(shown_pages) > 3:
                shown_pages = (*shown_pages[:2], shown_pages[-1])
            yield Stub(f"_stub{number}", drawn, listed, short, shown_pages, outward, attack)

    @functools.cached_property
    def _lines(self) -> list[tuple[str, str, bool]]:
        lines = []
        for step in self.map.inferences:
            if step.id in self.universe:
                lines += [(p, step.id, False) for p in step.premises if p in self.universe]
                lines += [(step.id, step.to, False)] if step.to in self.universe else []
        for objection in self.map.objections:
            if objection.id in self.universe:
                lines += [(r, objection.id, True) for r in objection.premises if r in self.universe]
                lines += (
                    [(objection.id, objection.to, True)] if objection.to in self.universe else []
                )
        return lines

    def lines(self) -> list[tuple[str, str, bool]]:
        """Every line of the full diagram, as (tail element, head element, is an attack)."""
        return self._lines

    def far_claims(self, drawn: str, other: str) -> list[str]:
        """The claims a stub names for a line from `drawn` to the undrawn `other`."""
        if other in self.structure.claims:
            return [other]
        if other in self.structure.inferences:
            step = self.structure.inferences[other]
            return [step.to] if drawn in step.premises else list(step.premises)
        objection = self.structure.objections[other]
        if drawn in objection.premises:
            return [self.structure.claim_about(other)]
        return list(objection.premises)


def unreadable(pages: list[Page]) -> list[str]:
    """Warnings for pages below the type floor: a single step too large for any page."""
    return [
        f"{page.label}: a step is too large to draw at a readable size on one page "
        f"(claim text {page.claim_text:.1f} pt); it is drawn whole, smaller"
        for page in pages
        if not page.readable
    ]
