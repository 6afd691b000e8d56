"""Speaker notes: each claim on a page with its quote, and the source."""

from __future__ import annotations

from ..model import ArgumentMap
from ..paging._planner import Page


def source_line(argument_map: ArgumentMap) -> str:
    """The source as one line: title, author, publisher, date, address."""
    source = argument_map.source
    if source is None:
        return ""
    parts = [source.title, source.author, source.publisher, source.date, source.url]
    return "Source: " + ", ".join(part for part in parts if part)


def notes(argument_map: ArgumentMap, page: Page) -> str:
    """A page's speaker notes: its claims in map order, each with its quote."""
    lines = [page.label, ""]
    listed = page.shown | set(page.part.quoting)
    for claim in argument_map.claims:
        if claim.id not in listed:
            continue
        lines.append(f"{claim.id} ({claim.role}): {claim.text}")
        if claim.quote:
            lines.append(f"    \u201c{claim.quote}\u201d")
    source = source_line(argument_map)
    if source:
        lines += ["", source]
    return "\n".join(lines)
