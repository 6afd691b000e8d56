"""The source text as the reader shows it: written as it is, every quote marked.

A quote's passage is found by the checker's own matching (`_quotes.SourceText`), in the
normalised text, and mapped back to the text as written (`_quotes.offsets`), so the page
marks exactly what the checker accepted.
"""

from __future__ import annotations

import itertools
from html import escape

from ..checks._quotes import SourceText, offsets
from ..model import ArgumentMap


def passages(argument_map: ArgumentMap, raw: str) -> dict[str, list[tuple[int, int]]]:
    """Each quoted claim's passage in `raw`: the spans of its fragments, in order.

    >>> import argmap
    >>> m = argmap.load("maps/iraq-militias.yaml")
    >>> raw = (m.origin.base_dir / m.source.path).read_text()
    >>> start, end = passages(m, raw)["T1"][0]
    >>> raw[start:end][:40]
    'These groups, often referred to as “Popu'
    """
    text, spans = offsets(raw)
    source = SourceText.of(raw)
    assert source.text == text, "offsets() and normalise() disagree"
    found: dict[str, list[tuple[int, int]]] = {}
    for claim in argument_map.claims:
        located = source.locate(claim.quote) if claim.quote else None
        if located:
            found[claim.id] = [(spans[start][0], spans[end - 1][1]) for start, end in located]
    return found


def marked(raw: str, found: dict[str, list[tuple[int, int]]]) -> str:
    """The text as HTML, each quoted passage in a `<mark>` that names its claims (several
    where passages overlap), everything escaped.

    >>> marked("a <b> c", {"Q": [(2, 5)]})
    'a <mark class="am-q" data-claims="Q">&lt;b&gt;</mark> c'
    """
    cuts = {0, len(raw)}
    for spans in found.values():
        for start, end in spans:
            cuts |= {start, end}
    points = sorted(cuts)
    place = {point: index for index, point in enumerate(points)}
    covering: dict[int, list[str]] = {}
    for claim_id, spans in found.items():
        for start, end in spans:
            for point in points[place[start] : place[end]]:
                covering.setdefault(point, []).append(claim_id)
    parts = []
    for start, end in itertools.pairwise(points):
        piece = escape(raw[start:end], quote=False)
        claims = covering.get(start)
        if claims:
            names = " ".join(dict.fromkeys(claims))
            piece = f'<mark class="am-q" data-claims="{names}">{piece}</mark>'
        parts.append(piece)
    return "".join(parts)
