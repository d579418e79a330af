"""Building blocks shared by the documents: headings, label/value grids and data tables.

Every cell is a Paragraph made from the typed text, so long values wrap inside their column
instead of running over the page edge.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table

from kapnotes.export import styles as st
from kapnotes.export.text import markup, para

Cell = str | Flowable


MIN_AFTER_HEADING = 54  # points: a heading needs room for the start of its section below


class Heading(Paragraph):
    """A heading that never ends a page alone: it moves to the next page unless the start of
    what follows fits under it (a short table or block whole, the header and first rows of a
    long table, the first lines of a paragraph). Unlike keepWithNext it does not drag a long
    table along, so a 30-row table starts under its heading and splits instead of leaving a
    page half blank. `link_headings` tells each heading what follows it."""

    following: list[Flowable] = []

    def wrap(self, avail_width, avail_height):
        width, height = super().wrap(avail_width, avail_height)
        canv = getattr(self, "canv", None)
        needed = max(MIN_AFTER_HEADING, sum(_start_height(f, avail_width, canv) for f in self.following))  # fmt: skip
        # The heading's own space after it, and a little slack for rounding, come first.
        room = avail_height - height - self.style.spaceAfter - 4
        if room < min(needed, st.PAGE_SIZE[1] * 0.45):
            return width, avail_height + 1  # does not fit here: the frame moves it on
        return width, height

    def split(self, avail_width, avail_height):
        return []  # a heading is one piece: it moves whole


def _start_height(f: Flowable, width: float, canv) -> float:
    """The height of the part of `f` that must sit under its heading."""
    _w, height = f.wrapOn(canv, width, 100_000) if canv is not None else f.wrap(width, 100_000)
    if isinstance(f, KeepTogether):
        return f._H  # its wrap() answers "split me"; the height it measured is kept here
    if isinstance(f, RowKeepingTable):
        header = f.repeatRows if isinstance(f.repeatRows, int) else len(f.repeatRows)
        rows = len(f._cellvalues) - header
        if rows >= 2 * MIN_ROWS:
            return sum(f._rowHeights[: header + MIN_ROWS])
        return height
    if isinstance(f, Paragraph):
        return min(height, 3 * f.style.leading)
    return height


def link_headings(story: list[Flowable]) -> None:
    """Give each Heading the flowables that start its section (a key line kept with its next
    flowable counts with it)."""
    for i, f in enumerate(story):
        if isinstance(f, Heading):
            following = story[i + 1 : i + 2]
            if following and getattr(following[0], "keepWithNext", 0):
                following = story[i + 1 : i + 3]
            f.following = following


def heading(text: str, *, keep: bool = True) -> Paragraph:
    """A section heading that never ends a page (see Heading). keep=False is the same: both
    let what follows start on the heading's page and split."""
    s = st.styles()
    return Heading(markup(text, s.h2_loose.fontName), s.h2_loose)


@cache
def _h3_loose() -> ParagraphStyle:
    return ParagraphStyle("h3_loose", parent=st.styles().h3, keepWithNext=0)


def sub_heading(text: str) -> Paragraph:
    """A sub-heading (a note section's name, an addendum's title) that never ends a page and
    does not drag a long first paragraph along with it."""
    return Heading(markup(text, _h3_loose().fontName), _h3_loose())


def block_heading(text: str) -> Paragraph:
    """A heading inside a KeepTogether block (the block itself keeps it with its text)."""
    return para(text, st.styles().h2_loose)


def keep_with_previous(story: list[Flowable], block: list[Flowable], limit: float = 300) -> None:
    """Append `block` so it never starts a page alone: it is kept with the flowable before it
    when that one is small enough to move along (a heading, a short table, a paragraph)."""
    if story:
        _w, height = story[-1].wrap(st.CONTENT_WIDTH, 10_000)
        if height <= limit:
            # One flat group: a KeepTogether inside another measures as "infinitely tall"
            # (reportlab's way of asking to be split) and would push everything to a new page.
            story[-1] = KeepTogether(_flat([story[-1], *block]))
            return
    story.extend(block)


def _flat(flowables: list[Flowable]) -> list[Flowable]:
    out: list[Flowable] = []
    for f in flowables:
        out += _flat(f._content) if isinstance(f, KeepTogether) else [f]
    return out


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


MIN_ROWS = 2  # a table split leaves at least this many data rows on each page


class RowKeepingTable(Table):
    """A table that splits across pages without leaving a lone row on either side."""

    def split(self, avail_width, avail_height):
        parts = super().split(avail_width, avail_height)
        if len(parts) != 2:
            return parts
        header = self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows)
        rows = len(self._cellvalues) - header
        if rows < 2 * MIN_ROWS:
            return []  # too short to split well: it moves whole
        first = len(parts[0]._cellvalues) - header
        if first < MIN_ROWS:
            return []  # one row at a page foot: start on the next page instead
        second = len(parts[1]._cellvalues) - header
        if second < MIN_ROWS:
            # Give the next page some company: split earlier, by the last rows' height.
            shorter = avail_height - sum(self._rowHeights[-(MIN_ROWS - second) - 1 :]) - 1
            return super().split(avail_width, shorter) if shorter > 0 else []
        return parts


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
    table = RowKeepingTable(
        data, colWidths=col_widths, repeatRows=1 if repeat_header else 0, hAlign="LEFT"
    )
    style = st.grid_table_style(1)
    for col, row, colour in shading:
        style.add("BACKGROUND", (col, row + 1), (col, row + 1), colour)
    table.setStyle(style)
    return table


def note_line(text: str, style=None) -> Paragraph:
    """A line of small muted text (explanations under tables)."""
    return para(text, style or st.styles().muted)
