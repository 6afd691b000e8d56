"""A sheet as Markdown, every piece of map text made literal."""

from __future__ import annotations

import re

from .._issues import defused
from ..checks._rules import web_address
from ._blocks import Block, Entries, Figure, Heading, Lines, Table, Text

_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
_MD_LIST = re.compile(r"^(\d+)([.)])")


def md_literal(text: str) -> str:
    """Map text made literal in Markdown: no emphasis, links, HTML, entities or table
    breaks, and no list or heading when it starts a line.

    >>> print(md_literal("1. <b>*Not*</b> a [link](javascript:x) | & so on"))
    1\\. \\<b\\>\\*Not\\*\\</b\\> a \\[link\\](javascript:x) \\| \\& so on
    """
    text = _MD_INLINE.sub(r"\\\1", " ".join(defused(text).split()))
    if _MD_LIST.match(text):
        return _MD_LIST.sub(r"\1\\\2", text, count=1)
    return "\\" + text if text[:1] in {"#", "+", "-", "=", ">"} else text


def markdown(title: str, blocks: tuple[Block, ...], footer: str, figure_names: list[str]) -> str:
    """A sheet's blocks as Markdown; figures are linked as `figure_names`."""
    out = [f"# {md_literal(title)}", ""]
    names = iter(figure_names)
    for block in blocks:
        match block:
            case Heading(text):
                out += [f"## {md_literal(text)}", ""]
            case Text(text, quiet, url):
                link = f" <{url}>" if url and web_address(url) else ""
                out += [(f"*{md_literal(text)}*" if quiet else md_literal(text)) + link, ""]
            case Entries(entries):
                for entry in entries:
                    label = f"**{md_literal(entry.label)}** " if entry.label else ""
                    out.append(f"{'  ' * entry.indent}- {label}{md_literal(entry.text)}")
                    if entry.detail:
                        out.append(f"{'  ' * entry.indent}  <br>*{md_literal(entry.detail)}*")
                out.append("")
            case Table(header, rows):
                out.append("| " + " | ".join(md_literal(h) for h in header) + " |")
                out.append("|" + "---|" * len(header))
                out += ["| " + " | ".join(md_literal(c) or " " for c in row) + " |" for row in rows]
                out.append("")
            case Figure(caption):
                name = next(names, "")
                out += [f"![{md_literal(caption)}]({name})", "", f"*{md_literal(caption)}*", ""]
            case Lines(count):
                out += ["> " + "_" * 60 + "  " for _ in range(count)] + [""]
    if footer:
        out += ["---", "", f"*{md_literal(footer)}*", ""]
    return "\n".join(out)
