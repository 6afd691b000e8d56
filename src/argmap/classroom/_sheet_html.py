"""A sheet as one self-contained HTML page, every piece of map text escaped."""

from __future__ import annotations

import html

from .._issues import defused
from ..checks._rules import web_address
from ._blocks import Block, Draw, Entries, Figure, Heading, Lines, Table, Text

_CSS = """
body { font: 11pt/1.45 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #1f2328;
       max-width: 52em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.5em; margin-bottom: .2em; } h2 { font-size: 1.15em; margin-top: 1.6em;
       border-bottom: 1px solid #d0d7de; padding-bottom: .2em; }
.quiet { color: #57606a; font-size: .9em; }
ul.entries { list-style: none; padding: 0; } ul.entries li { margin: .35em 0; }
ul.entries .detail { display: block; color: #57606a; font-size: .9em; font-style: italic; }
table { border-collapse: collapse; width: 100%; margin: .5em 0; }
th, td { border: 1px solid #8c959f; padding: .3em .5em; text-align: left;
         vertical-align: top; } td:empty::after { content: "\\00a0"; } td { height: 1.6em; }
th { background: #f0f2f4; }
figure { margin: 1em 0; } figure svg { max-width: 100%; height: auto; }
figcaption { color: #57606a; font-size: .9em; }
.lines div { border-bottom: 1px solid #8c959f; height: 2em; }
footer { margin-top: 2em; color: #57606a; font-size: .85em; }
@media print { body { margin: 0; max-width: none; } figure, table, li { break-inside: avoid; }
               h2 { break-after: avoid; } }
"""


def html_page(title: str, blocks: tuple[Block, ...], footer: str, draw: Draw) -> str:
    """A sheet as one self-contained HTML page, its figures drawn inline as SVG."""

    def e(text: str) -> str:
        return html.escape(defused(text))

    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title><style>{_CSS}</style></head><body>",
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
