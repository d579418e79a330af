"""The look of every KAPNotes PDF: page size, type sizes, colours and table styles.

Sober on purpose: a clinical document is filed and faxed, so black text, thin rules, one
accent colour and light shading for flags.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import TableStyle

from kapnotes.export.fonts import BODY, BOLD, ITALIC, register_fonts

PAGE_SIZE = LETTER
MARGIN_X = 0.7 * inch
MARGIN_TOP = 0.85 * inch
MARGIN_BOTTOM = 0.8 * inch
CONTENT_WIDTH = PAGE_SIZE[0] - 2 * MARGIN_X

INK = colors.HexColor("#1b1b1b")
MUTED = colors.HexColor("#5b6470")
ACCENT = colors.HexColor("#1f4e79")
RULE = colors.HexColor("#b8c2cc")
HEADER_FILL = colors.HexColor("#e8eef4")
CAUTION_FILL = colors.HexColor("#fff1c2")
URGENT_FILL = colors.HexColor("#f9d0cc")
URGENT_INK = colors.HexColor("#9b1c1c")
MISSING_INK = colors.HexColor("#b42318")


@dataclass(frozen=True)
class Styles:
    """The paragraph styles used by the documents."""

    title: ParagraphStyle
    subtitle: ParagraphStyle
    h2: ParagraphStyle
    h2_loose: ParagraphStyle
    h3: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_right: ParagraphStyle
    cell_small: ParagraphStyle
    cell_small_bold: ParagraphStyle
    label: ParagraphStyle
    flag: ParagraphStyle
    missing: ParagraphStyle
    italic: ParagraphStyle
    flag_small: ParagraphStyle
    missing_small: ParagraphStyle


@cache
def styles() -> Styles:
    """The shared styles (fonts registered on first use)."""
    register_fonts()
    base = ParagraphStyle("body", fontName=BODY, fontSize=9.5, leading=12.5, textColor=INK)
    cell = ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5)
    cell_small = ParagraphStyle("cell_small", parent=base, fontSize=7.5, leading=9.2)
    return Styles(
        title=ParagraphStyle(
            "title", parent=base, fontName=BOLD, fontSize=16, leading=20, textColor=ACCENT
        ),
        subtitle=ParagraphStyle("subtitle", parent=base, fontSize=9, leading=12, textColor=MUTED),
        h2=ParagraphStyle(
            "h2",
            parent=base,
            fontName=BOLD,
            fontSize=11.5,
            leading=14,
            textColor=ACCENT,
            spaceBefore=10,
            spaceAfter=4,
            keepWithNext=1,
        ),
        h2_loose=ParagraphStyle(
            "h2_loose",
            parent=base,
            fontName=BOLD,
            fontSize=11.5,
            leading=14,
            textColor=ACCENT,
            spaceBefore=10,
            spaceAfter=4,
        ),
        h3=ParagraphStyle(
            "h3",
            parent=base,
            fontName=BOLD,
            fontSize=9.5,
            spaceBefore=4,
            spaceAfter=2,
            keepWithNext=1,
        ),
        body=base,
        small=ParagraphStyle("small", parent=base, fontSize=8, leading=10),
        muted=ParagraphStyle("muted", parent=base, fontSize=8, leading=10, textColor=MUTED),
        cell=cell,
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=BOLD),
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        cell_small=cell_small,
        cell_small_bold=ParagraphStyle("cell_small_bold", parent=cell_small, fontName=BOLD),
        label=ParagraphStyle(
            "label", parent=cell, fontName=BOLD, textColor=MUTED, alignment=TA_LEFT
        ),
        flag=ParagraphStyle("flag", parent=cell, textColor=URGENT_INK),
        missing=ParagraphStyle("missing", parent=cell, fontName=ITALIC, textColor=MISSING_INK),
        italic=ParagraphStyle("italic", parent=base, fontName=ITALIC),
        flag_small=ParagraphStyle("flag_small", parent=cell_small, textColor=URGENT_INK),
        missing_small=ParagraphStyle(
            "missing_small", parent=cell_small, fontName=ITALIC, textColor=MISSING_INK
        ),
    )


def grid_table_style(header_rows: int = 1) -> TableStyle:
    """Thin horizontal rules, a shaded header row, text aligned to the top of each cell."""
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if header_rows:
        commands += [
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL),
            ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, ACCENT),
        ]
    return TableStyle(commands)


def field_table_style() -> TableStyle:
    """Label/value pairs: labels muted on the left, no header."""
    return TableStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ]
    )
