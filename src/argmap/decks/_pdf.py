"""The PDF deck's title page (reportlab; the pages themselves are Graphviz's PDFs)."""

from __future__ import annotations

import io

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, Paragraph

from ..classroom._sheet_pdf import pdf_fonts, pdf_text
from ..model import ArgumentMap
from ..paging._planner import Page
from ._notes import source_line


def title_page(argument_map: ArgumentMap, pages: list[Page]) -> bytes:
    """A page of the deck's size with the map's title, description, source and contents."""
    regular = pdf_fonts()  # the worksheets' Bitstream Vera, shipped with reportlab
    bold = f"{regular}-Bold"
    width, height = pages[0].size
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(width, height), invariant=True)
    canvas.setTitle(argument_map.title)
    canvas.setAuthor("argmap")
    scale = min(width, height) / 540
    title = ParagraphStyle("title", fontName=bold, fontSize=26 * scale, leading=31 * scale)
    body = ParagraphStyle("body", fontName=regular, fontSize=12 * scale, leading=15 * scale,
                          spaceBefore=6 * scale)  # fmt: skip
    small = ParagraphStyle("small", parent=body, fontSize=9 * scale, leading=11 * scale,
                           spaceBefore=1)  # fmt: skip
    story = [Paragraph(pdf_text(argument_map.title), title)]
    if argument_map.description:
        story.append(Paragraph(pdf_text(argument_map.description), body))
    if source_line(argument_map):
        story.append(Paragraph(pdf_text(source_line(argument_map)), body))
    if len(pages) > 1:
        story.append(Paragraph("Pages", body))
        story += [Paragraph(pdf_text(page.label), small) for page in pages[:40]]
        if len(pages) > 40:
            story.append(Paragraph(f"… and {len(pages) - 40} more", small))
    margin = 48 * scale
    Frame(margin, margin, width - 2 * margin, height - 2 * margin).addFromList(story, canvas)
    canvas.showPage()
    canvas.save()
    return out.getvalue()
