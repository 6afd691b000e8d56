"""A sheet as one self-contained HTML page, every piece of map text escaped."""

from __future__ import annotations

import html
from functools import cache
from importlib import resources

from .._issues import defused
from ..checks._rules import web_address
from ._blocks import Block, Draw, Entries, Figure, Heading, Lines, Table, Text


def html_page(title: str, blocks: tuple[Block, ...], footer: str, draw: Draw) -> str:
    """A sheet as one self-contained HTML page, its figures drawn inline as SVG."""

    def e(text: str) -> str:
        return html.escape(defused(text))

    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title><style>\n{_css()}</style></head><body>",
        f"<h1>{e(title)}</h1>",
    ]
    for block in blocks:
        match block:
            case Heading(text):
                out.append(f"<h2>{e(text)}</h2>")
            case Text(text, quiet, url):
                link = (
                    f' <a href="{e(url)}" rel="noopener noreferrer nofollow">{e(url)}</a>'
                    if url and web_address(url)
                    else ""
                )
                out.append(f'<p class="{"quiet" if quiet else "body"}">{e(text)}{link}</p>')
            case Entries(entries):
                out.append('<ul class="entries">')
                for entry in entries:
                    detail = (
                        f'<span class="detail">{e(entry.detail)}</span>' if entry.detail else ""
                    )
                    style = f' style="margin-left: {1.5 * entry.indent}em"' if entry.indent else ""
                    out.append(f"<li{style}><b>{e(entry.label)}</b> {e(entry.text)}{detail}</li>")
                out.append("</ul>")
            case Table(header, rows, widths):
                total = sum(widths)
                out.append("<table><colgroup>")
                out += [f'<col style="width: {100 * w / total:.1f}%">' for w in widths]
                out.append("</colgroup><thead><tr>")
                out += [f"<th>{e(h)}</th>" for h in header]
                out.append("</tr></thead><tbody>")
                out += ["<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows]
                out.append("</tbody></table>")
            case Figure(caption):
                svg = draw(block, "svg").decode("utf-8")
                svg = svg[svg.index("<svg") :]  # drop the XML prolog and DOCTYPE
                out.append(f"<figure>{svg}<figcaption>{e(caption)}</figcaption></figure>")
            case Lines(count):
                out.append('<div class="lines">' + "<div></div>" * count + "</div>")
    if footer:
        out.append(f"<footer>{e(footer)}</footer>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


@cache
def _css() -> str:
    """The sheet's styles, a file of the package (`sheet.css`)."""
    return resources.files("argmap.classroom").joinpath("sheet.css").read_text(encoding="utf-8")
