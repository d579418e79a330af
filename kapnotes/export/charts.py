"""Charts for the course summary, drawn with reportlab.graphics (vector, no Qt, no images).

Drawn by hand from shapes rather than with reportlab's chart widgets, so severity bands,
sparse labels for long courses and user-typed labels (any script) are under our control.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from kapnotes.domain.formatting import fmt_axis_date
from kapnotes.export import styles as st
from kapnotes.export.fonts import BODY, BOLD, font_runs
from kapnotes.export.text import visual_order

BAND_COLOURS = ["#e3f1e0", "#f3f5d8", "#fcefd2", "#fbe0cc", "#f7d0cc", "#efc2c2"]
LINE_COLOUR = st.ACCENT
BAR_COLOUR = colors.HexColor("#4f7ea8")


@dataclass(frozen=True)
class Band:
    """A shaded range of a scale: low..high inclusive, with its name."""

    low: float
    high: float
    label: str


def label_group(
    x: float,
    y: float,
    text: str,
    size: float = 7,
    *,
    font: str = BODY,
    anchor: str = "start",
    colour=st.INK,
) -> Group:
    """A text label with per-character font fallback (clinic-typed labels may be any script)."""
    runs = font_runs(visual_order(text), font)
    width = sum(stringWidth(run, name, size) for name, run in runs)
    if anchor == "end":
        x -= width
    elif anchor == "middle":
        x -= width / 2
    group = Group()
    for name, run in runs:
        group.add(String(x, y, run, fontName=name, fontSize=size, fillColor=colour))
        x += stringWidth(run, name, size)
    return group


def _fit(text: str, width: float, size: float) -> str:
    """Shorten a label with an ellipsis so it fits `width` points."""
    if stringWidth(text, BODY, size) <= width:
        return text
    while text and stringWidth(text + "…", BODY, size) > width:
        text = text[:-1]
    return text + "…"


BAND_SIZE = 6.5
BAND_LEADING = 7.5


def _wrap(text: str, width: float, size: float, lines: int) -> list[str]:
    """Words onto at most `lines` lines of `width` points; the last is shortened if need be."""
    out: list[str] = []
    words = text.split()
    while words and len(out) < lines:
        line = words.pop(0)
        while words and stringWidth(f"{line} {words[0]}", BODY, size) <= width:
            line += " " + words.pop(0)
        out.append(line)
    if words:
        out[-1] = out[-1] + " " + " ".join(words)
    return [_fit(line, width, size) for line in out]


def _band_label_lines(
    spans: Sequence[tuple[float, float, str]], width: float, low: float, high: float
) -> list[tuple[float, str]]:
    """Baselines and text of the band names beside the plot: each centred on its band,
    wrapped onto two lines when long, and pushed apart so that thin bands never overlap."""
    blocks = []  # [bottom, top, lines], bands lowest first
    for y0, y1, name in spans:
        lines = _wrap(name, width, BAND_SIZE, 2 if y1 - y0 >= 2 * BAND_LEADING else 1)
        h = len(lines) * BAND_LEADING
        blocks.append([(y0 + y1) / 2 - h / 2, (y0 + y1) / 2 + h / 2, lines])
    floor = low
    for block in blocks:  # bottom up: no block below the plot or over the one beneath it
        shift = max(0.0, floor - block[0])
        block[0] += shift
        block[1] += shift
        floor = block[1]
    ceiling = high
    for block in reversed(blocks):  # top down: none above the plot or over the one above
        shift = max(0.0, block[1] - ceiling)
        block[0] -= shift
        block[1] -= shift
        ceiling = block[0]
    out = []
    for _bottom, top, lines in blocks:
        for k, line in enumerate(lines):
            out.append((top - (k + 1) * BAND_LEADING + 1.8, line))
    return out


def axis_title(x: float, y: float, text: str) -> Group:
    """A small axis caption, turned to run up the y axis."""
    group = label_group(0, 0, text, 6.3, anchor="middle", colour=st.MUTED)
    group.transform = (0, 1, -1, 0, x, y)  # 90° anticlockwise about (x, y)
    return group


def _axis_titles(
    d: Drawing, left: float, bottom: float, pw: float, ph: float, y_title: str, x_title: str
) -> None:
    """What each axis measures: up the y axis, and under the dates of the x axis."""
    if y_title:
        d.add(axis_title(7, bottom + ph / 2, y_title))
    if x_title:
        d.add(label_group(left + pw / 2, 2, x_title, 6.3, anchor="middle", colour=st.MUTED))


TICK_SPACING = 40  # points between date labels: "28 Nov 26" is ~32 points wide


def date_positions(dates: Sequence[date], left: float, width: float) -> list[float]:
    """x of each point, spaced by date (a two-month gap looks like one); points on one day,
    or a single point, are spread evenly instead."""
    n = len(dates)
    span = (max(dates) - min(dates)).days if dates else 0
    if n <= 1 or span <= 0:
        return [left + width * (i + 0.5) / max(n, 1) for i in range(n)]
    pad = min(width * 0.04, 14)
    first = min(dates)
    return [left + pad + (width - 2 * pad) * (d - first).days / span for d in dates]


def label_positions(xs: Sequence[float], spacing: float = TICK_SPACING) -> list[int]:
    """Which points get a date label: the first and the last, and between them any point at
    least `spacing` from the labels on both sides, so labels never overlap."""
    if not xs:
        return []
    picks = [0]
    for i in range(1, len(xs) - 1):
        if xs[i] - xs[picks[-1]] >= spacing and xs[-1] - xs[i] >= spacing:
            picks.append(i)
    if len(xs) > 1 and xs[-1] - xs[picks[-1]] >= spacing * 0.9:
        picks.append(len(xs) - 1)
    elif len(xs) > 1:
        picks[-1] = len(xs) - 1 if len(picks) > 1 else picks[-1]
    return picks


def nice_ticks(top: float, most: int = 6) -> list[float]:
    """Round tick values from 0 to at least `top` (0, 5, 10 ... rather than 6.75, 13.5)."""
    if top <= 0:
        return [0.0, 1.0]
    for step in (0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 20, 25, 50, 100):
        if top / step <= most - 1:
            break
    n = int(top / step + 0.999999)
    return [round(step * k, 6) for k in range(n + 1)]


def line_chart(
    title: str,
    points: Sequence[tuple[date, float]],
    *,
    y_max: float,
    bands: Sequence[Band] = (),
    width: float = st.CONTENT_WIDTH,
    height: float = 150,
    unit: str = "",
    y_title: str = "score",
    x_title: str = "session date",
    partial: Sequence[bool] = (),
) -> Drawing:
    """A score across the course, one point per session placed by date, bands shaded behind.

    `partial[i]` marks a total from partial items: drawn hollow and labelled "partial".
    """
    d = Drawing(width, height)
    left, right, bottom, top = 44, 86 if bands else 10, 30, 18
    pw, ph = width - left - right, height - bottom - top
    d.add(label_group(0, height - 11, title, 8.5, font=BOLD, colour=st.ACCENT))
    _axis_titles(d, left, bottom, pw, ph, y_title, x_title)
    y_max = max(y_max, max((p[1] for p in points), default=0)) or 1

    def ypos(v: float) -> float:
        return bottom + ph * min(max(v, 0), y_max) / y_max

    spans = []
    for i, band in enumerate(bands):
        y0, y1 = ypos(band.low), ypos(min(band.high + (1 if i < len(bands) - 1 else 0), y_max))
        fill = colors.HexColor(BAND_COLOURS[min(i, len(BAND_COLOURS) - 1)])
        d.add(Rect(left, y0, pw, y1 - y0, fillColor=fill, strokeColor=None))
        spans.append((y0, y1, band.label))
    for y, line in _band_label_lines(spans, right - 6, bottom, bottom + ph):
        d.add(label_group(left + pw + 4, y, line, BAND_SIZE, colour=st.MUTED))
    d.add(Rect(left, bottom, pw, ph, fillColor=None, strokeColor=st.RULE, strokeWidth=0.5))
    for v in nice_ticks(y_max):
        if v > y_max:
            break
        y = ypos(v)
        d.add(Line(left - 3, y, left, y, strokeColor=st.MUTED, strokeWidth=0.5))
        d.add(label_group(left - 5, y - 2.5, f"{v:g}{unit}", 6.5, anchor="end", colour=st.MUTED))
    if not points:
        d.add(
            label_group(
                left + pw / 2,
                bottom + ph / 2,
                "no scores entered",
                8,
                anchor="middle",
                colour=st.MUTED,
            )
        )
        return d
    n = len(points)
    xs = date_positions([p[0] for p in points], left, pw)

    def xpos(i: int) -> float:
        return xs[i]

    is_partial = [bool(partial[i]) if i < len(partial) else False for i in range(n)]
    coords = []
    for i, (_, v) in enumerate(points):
        coords += [xpos(i), ypos(v)]
    if n > 1:
        d.add(PolyLine(coords, strokeColor=LINE_COLOUR, strokeWidth=1.2))
    radius = 2.2 if n <= 40 else 1.2
    for i, (_, v) in enumerate(points):
        hollow = is_partial[i]
        d.add(
            Circle(
                xpos(i),
                ypos(v),
                radius + (0.4 if hollow else 0),
                fillColor=colors.white if hollow else LINE_COLOUR,
                strokeColor=LINE_COLOUR if hollow else colors.white,
                strokeWidth=0.9 if hollow else 0.4,
            )
        )
    for i in label_positions(xs):
        x = xpos(i)
        d.add(Line(x, bottom, x, bottom - 3, strokeColor=st.MUTED, strokeWidth=0.5))
        d.add(
            label_group(
                x,
                bottom - 11,
                fmt_axis_date(points[i][0]),
                6.3,
                anchor="middle",
                colour=st.MUTED,
            )
        )
    if n <= 30:
        last_end = -1e9
        for i, (_, v) in enumerate(points):
            text = f"{v:g} partial" if is_partial[i] else f"{v:g}"
            half = stringWidth(text, BODY, 6) / 2
            # Points close in time share the space: a value whose label would overlap the
            # previous one is left to the line (partial totals are always labelled).
            if xpos(i) - half < last_end + 2 and not is_partial[i]:
                continue
            d.add(label_group(xpos(i), ypos(v) + 4, text, 6, anchor="middle"))
            last_end = xpos(i) + half
    else:
        for i, (_, v) in enumerate(points):
            if is_partial[i]:  # even on a long course a partial total is never unlabelled
                d.add(label_group(xpos(i), ypos(v) + 4, "partial", 5.5, anchor="middle"))
    return d


def bar_chart(
    title: str,
    points: Sequence[tuple[date, float]],
    *,
    width: float = st.CONTENT_WIDTH,
    height: float = 130,
    reference: tuple[float, float] | None = None,
    y_title: str = "",
    x_title: str = "session date",
) -> Drawing:
    """One bar per session (e.g. dose in mg/kg), a shaded reference range if given."""
    d = Drawing(width, height)
    left, right, bottom, top = 44, 10, 30, 18
    pw, ph = width - left - right, height - bottom - top
    d.add(label_group(0, height - 11, title, 8.5, font=BOLD, colour=st.ACCENT))
    _axis_titles(d, left, bottom, pw, ph, y_title, x_title)
    ticks = nice_ticks(
        max([p[1] for p in points] + ([reference[1]] if reference else []) + [0.1]) * 1.1
    )
    y_max = ticks[-1]

    def ypos(v: float) -> float:
        return bottom + ph * v / y_max

    if reference:
        y0, y1 = ypos(reference[0]), ypos(reference[1])
        d.add(Rect(left, y0, pw, y1 - y0, fillColor=colors.HexColor("#eef3f8"), strokeColor=None))
    d.add(Rect(left, bottom, pw, ph, fillColor=None, strokeColor=st.RULE, strokeWidth=0.5))
    for v in ticks:
        d.add(label_group(left - 5, ypos(v) - 2.5, f"{v:g}", 6.5, anchor="end", colour=st.MUTED))
    if not points:
        d.add(
            label_group(
                left + pw / 2,
                bottom + ph / 2,
                "no dosing sessions with a weight on file",
                8,
                anchor="middle",
                colour=st.MUTED,
            )
        )
        return d
    n = len(points)
    xs = date_positions([p[0] for p in points], left, pw)
    gaps = [b - a for a, b in zip(xs, xs[1:], strict=False) if b > a]
    slot = min(gaps) if gaps else pw / n
    bar = max(min(slot * 0.7, 28), 0.6)
    for i, (_, v) in enumerate(points):
        x = xs[i] - bar / 2
        d.add(Rect(x, bottom, bar, ypos(v) - bottom, fillColor=BAR_COLOUR, strokeColor=None))
        if n <= 30:
            d.add(label_group(x + bar / 2, ypos(v) + 3, f"{v:.2f}", 6, anchor="middle"))
    for i in label_positions(xs):
        d.add(
            label_group(
                xs[i],
                bottom - 11,
                fmt_axis_date(points[i][0]),
                6.3,
                anchor="middle",
                colour=st.MUTED,
            )
        )
    return d


def horizontal_bars(
    title: str,
    items: Sequence[tuple[str, int]],
    *,
    width: float = st.CONTENT_WIDTH,
    row: float = 13,
    label_width: float = 150,
) -> Drawing:
    """How often each item came up (e.g. integration themes), most frequent first."""
    height = 20 + row * max(len(items), 1)
    d = Drawing(width, height)
    d.add(label_group(0, height - 11, title, 8.5, font=BOLD, colour=st.ACCENT))
    if not items:
        d.add(label_group(0, height - 26, "no themes recorded", 8, colour=st.MUTED))
        return d
    top = max(count for _, count in items) or 1
    pw = width - label_width - 30
    for i, (name, count) in enumerate(items):
        y = height - 20 - row * (i + 1) + 3
        d.add(
            label_group(label_width - 6, y + 1.5, _fit(name, label_width - 8, 7), 7, anchor="end")
        )
        d.add(
            Rect(label_width, y, pw * count / top, row - 4, fillColor=BAR_COLOUR, strokeColor=None)
        )
        d.add(label_group(label_width + pw * count / top + 4, y + 1.5, str(count), 7))
    return d
