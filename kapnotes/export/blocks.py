"""Building blocks shared by the documents: headings, label/value grids and data tables.

Every cell is a Paragraph made from the typed text, so long values wrap inside their column
instead of running over the page edge.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, Paragraph, Table

from kapnotes.export import styles as st
from kapnotes.export.text import para

Cell = str | Flowable


def heading(text: str, *, keep: bool = True) -> Paragraph:
    """A section heading that stays with what follows it (keep=False before a long table,
    which may then start on the same page and split)."""
    s = st.styles()
    return para(text, s.h2 if keep else s.h2_loose)


def cell(value: Cell, style=None) -> Flowable:
    """A table cell from text (escaped, font fallback) or an already built flowable."""
    if isinstance(value, Flowable):
        return value
    return para(str(value), style or st.styles().cell)


def fields_table(
    pairs: Sequence[tuple[str, Cell]], *, columns: int = 2, width: float | None = None
) -> Table:
    """Label/value pairs laid out in `columns` columns, reading left to right."""
    s = st.styles()
    width = width or st.CONTENT_WIDTH
    # One column: a fixed label width, so long values get the rest of the line.
    label_w = 0.36 * width / columns if columns > 1 else 0.25 * width
    value_w = width / columns - label_w
    rows: list[list[Flowable | str]] = []
    row: list[Flowable | str] = []
    for label_text, value in pairs:
        row += [cell(label_text, s.label), cell(value, s.cell)]
        if len(row) == 2 * columns:
            rows.append(row)
            row = []
    if row:
        rows.append(row + [""] * (2 * columns - len(row)))
    if not rows:
        rows = [[""] * (2 * columns)]
    table = Table(rows, colWidths=[label_w, value_w] * columns, hAlign="LEFT")
    table.setStyle(st.field_table_style())
    return table


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[float],
    *,
    shading: Sequence[tuple[int, int, object]] = (),
    repeat_header: bool = True,
    style=None,
) -> Table:
    """A table with a shaded header row repeated on every page it spans.

    `widths` are fractions of the content width; `shading` lists (column, row, colour) to
    fill, row counted from the first data row.
    """
    s = st.styles()
    total = sum(widths)
    col_widths = [st.CONTENT_WIDTH * w / total for w in widths]
    body = style or s.cell
    head = s.cell_small_bold if style is s.cell_small else s.cell_bold
    data = [[cell(h, head) for h in header]]
    data += [[cell(v, body) for v in r] for r in rows]
    table = Table(data, colWidths=col_widths, repeatRows=1 if repeat_header else 0, hAlign="LEFT")
    style = st.grid_table_style(1)
    for col, row, colour in shading:
        style.add("BACKGROUND", (col, row + 1), (col, row + 1), colour)
    table.setStyle(style)
    return table


def note_line(text: str, style=None) -> Paragraph:
    """A line of small muted text (explanations under tables)."""
    return para(text, style or st.styles().muted)
