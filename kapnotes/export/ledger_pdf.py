"""The ledger's reports as PDF: the balances at both ends of the range, then each section.

A two-year administration log runs to thousands of rows: cells that fit their column are
drawn as plain strings (no Paragraph layout), only longer or non-Latin text wraps.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.pagesizes import landscape
from reportlab.lib.units import inch
from reportlab.platypus import LongTable, Spacer

from kapnotes.export import styles as st
from kapnotes.export.blocks import heading, note_line
from kapnotes.export.fonts import BODY, BOLD
from kapnotes.export.ledger_report import (
    BALANCE_COLUMNS,
    LedgerReport,
    Section,
    balance_rows,
    drug_total_rows,
)
from kapnotes.export.page import ExportedPdf, PageInfo, build_pdf
from kapnotes.export.text import para

FONT_SIZE = 7.5
CHAR_WIDTH = FONT_SIZE * 0.55  # an average Latin character of the body font, in points
# Landscape: the log's nine or ten columns fit without wrapping dates and numbers.
PAGE = landscape(st.PAGE_SIZE)
WIDTH = PAGE[0] - 2 * st.MARGIN_X


def _cell(text: str, width: float):
    if text.isascii() and len(text) * CHAR_WIDTH <= width - 6:
        return text
    return para(text, st.styles().cell_small)


def table(
    columns: list[str], rows: list[list[str]], widths: list[float], totals: int = 0
) -> LongTable:
    total = sum(widths)
    col_widths = [WIDTH * w / total for w in widths]
    bold = st.styles().cell_small_bold
    data = [[para(c, bold) for c in columns]]
    data += [[_cell(v, w) for v, w in zip(r, col_widths, strict=True)] for r in rows]
    t = LongTable(data, colWidths=col_widths, repeatRows=1, hAlign="LEFT")
    style = st.grid_table_style(1)
    style.add("FONT", (0, 1), (-1, -1), BODY, FONT_SIZE)
    style.add("FONT", (0, 0), (-1, 0), BOLD, FONT_SIZE)
    style.add("TOPPADDING", (0, 0), (-1, -1), 1.5)
    style.add("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)
    if totals:  # the last rows sum the lots above them
        style.add("FONT", (0, -totals), (-1, -1), BOLD, FONT_SIZE)
        style.add("LINEABOVE", (0, -totals), (-1, -totals), 0.8, st.ACCENT)
    t.setStyle(style)
    return t


def _section(section: Section) -> list:
    story = [heading(section.title, keep=False)]
    if section.rows:
        story.append(table(section.columns, section.rows, section.widths))
    else:
        story.append(note_line("No entries in this range."))
    return story


def export_ledger_pdf(report: LedgerReport, out: Path | str | BinaryIO) -> ExportedPdf:
    """Write the report; the running header names the report and its range."""
    s = st.styles()
    printed = datetime.now().replace(microsecond=0)
    story = [
        para(report.title, s.title),
        para(
            f"{report.practice_name} · {report.range_text} · printed "
            f"{printed.isoformat(sep=' ', timespec='minutes')}",
            s.subtitle,
        ),  # fmt: skip
        Spacer(1, 0.12 * inch),
        heading("Balances at the start and end of the range"),
        table(
            BALANCE_COLUMNS,
            balance_rows(report) + drug_total_rows(report),
            [0.9, 2.2, 1.0, 1.0, 1.0, 1.0, 0.9, 1.0],
            totals=len(drug_total_rows(report)),
        )
        if report.balances
        else note_line("No lots in this range."),
        note_line(
            "Balances are the sums of the ledger's entries (21 CFR 1304.22(c)); quantities "
            "in mg, containers at the lot's strength and fill."
        ),
    ]
    for section in report.sections:
        story += _section(section)
    info = PageInfo(running_header=f"{report.title} · {report.range_text}", printed=printed)
    return build_pdf(
        out, story, info, title=report.title, author=report.practice_name, pagesize=PAGE
    )
