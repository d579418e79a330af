"""The monitoring record's chart: vital signs over the session's clock with their thresholds,
the doses as markers, and the observed effects on the same time axis beneath.

One drawing, so a prescriber sees at a glance what the BP did after each dose and when the
dissociation peaked.
"""

from __future__ import annotations

from datetime import datetime, time

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect
from reportlab.lib import colors

from kapnotes.domain.formatting import label
from kapnotes.domain.records import Session
from kapnotes.domain.settings import VitalThresholds
from kapnotes.domain.vocab import intensity_label
from kapnotes.export import styles as st
from kapnotes.export.charts import label_group, nice_ticks
from kapnotes.export.fonts import BOLD

SERIES = (  # field, legend, colour
    ("systolic", "systolic BP", colors.HexColor("#b03a2e")),
    ("diastolic", "diastolic BP", colors.HexColor("#e07b39")),
    ("heart_rate", "heart rate", colors.HexColor("#2e6da4")),
    ("spo2", "SpO2 %", colors.HexColor("#2a8f5a")),
    ("resp_rate", "resp. rate", colors.HexColor("#7d5ba6")),
)
DOSE_COLOUR = colors.HexColor("#444444")
EFFECT_FILL = ("#ffffff", "#d9e6f2", "#9dbcd9", "#4f7ea8")  # none..severe
LANE = 9  # points per effect lane


def _minutes(when: time, start: time) -> float:
    day = datetime(2000, 1, 1)
    return (datetime.combine(day, when) - datetime.combine(day, start)).total_seconds() / 60


def _num(value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        return None
    return float(value)


def _time_ticks(span: float) -> float:
    for step in (5, 10, 15, 30, 60, 120, 240):
        if span / step <= 10:
            return step
    return 480


def flowsheet_chart(
    session: Session, thresholds: VitalThresholds | None = None, width: float = st.CONTENT_WIDTH
) -> Drawing:
    """Vitals over clock time with threshold lines and dose markers; effects in lanes below."""
    t = thresholds or VitalThresholds()
    timed_vitals = [v for v in session.vitals if v.time is not None]
    doses = [a for a in session.given() if a.time is not None]
    effects = sorted({e.effect for e in session.effects if e.time is not None and e.intensity > 0})
    lanes = len(effects)
    plot_h = 130
    left, right, bottom = 40, 78, 28 + lanes * LANE + (14 if lanes else 0)
    height = bottom + plot_h + 26
    d = Drawing(width, height)
    d.add(label_group(0, height - 11, "Vital signs over the session, with the practice's thresholds", 8.5, font=BOLD, colour=st.ACCENT))  # fmt: skip
    pw = width - left - right
    times = [v.time for v in timed_vitals] + [a.time for a in doses]
    times += [e.time for e in session.effects if e.time is not None]
    if session.discharge.time is not None:
        times.append(session.discharge.time)
    if not times:
        d.add(label_group(left + pw / 2, bottom + plot_h / 2, "no timed vital signs or doses", 8, anchor="middle", colour=st.MUTED))  # fmt: skip
        return d
    start, end = min(times), max(times)
    span = max(_minutes(end, start), 30.0)

    def xpos(when: time) -> float:
        return left + pw * _minutes(when, start) / span

    top_value = max([200.0] + [_num(getattr(v, f)) or 0 for v in timed_vitals for f, _l, _c in SERIES])  # fmt: skip
    y_ticks = nice_ticks(top_value)
    y_max = y_ticks[-1]

    def ypos(value: float) -> float:
        return bottom + plot_h * max(0.0, min(value, y_max)) / y_max

    d.add(Rect(left, bottom, pw, plot_h, fillColor=None, strokeColor=st.RULE, strokeWidth=0.5))
    for v in y_ticks:
        d.add(label_group(left - 4, ypos(v) - 2.5, f"{v:g}", 6.3, anchor="end", colour=st.MUTED))
    # Threshold lines: dashed, labelled at the right edge.
    limits = [
        (t.systolic_urgent, f"systolic {t.systolic_urgent} urgent", SERIES[0][2]),
        (t.diastolic_urgent, f"diastolic {t.diastolic_urgent} urgent", SERIES[1][2]),
        (t.hr_high, f"HR {t.hr_high}", SERIES[2][2]),
        (t.spo2_urgent, f"SpO2 {t.spo2_urgent} urgent", SERIES[3][2]),
    ]
    used: list[float] = []
    for value, text, colour in sorted(limits):
        y = ypos(value)
        d.add(Line(left, y, left + pw, y, strokeColor=colour, strokeWidth=0.6, strokeDashArray=[3, 2]))  # fmt: skip
        ly = max([y - 2.5] + [u + 7 for u in used if abs(u - (y - 2.5)) < 7])
        used.append(ly)
        d.add(label_group(left + pw + 3, ly, text, 5.8, colour=colour))
    # Doses: a vertical marker and the amount.
    label_rows: list[float] = []  # right end of the last label on each row
    for a in sorted(doses, key=lambda a: a.time):
        x = xpos(a.time)
        d.add(Line(x, bottom, x, bottom + plot_h, strokeColor=DOSE_COLOUR, strokeWidth=0.7))
        text = f"{a.mg:g} mg"
        # Doses minutes apart (esketamine devices) stack their labels instead of overlapping.
        row = next((i for i, end in enumerate(label_rows) if x + 1.5 > end + 2), len(label_rows))
        if row == len(label_rows):
            label_rows.append(0.0)
        label_rows[row] = x + 1.5 + len(text) * 3.4
        d.add(label_group(x + 1.5, bottom + plot_h - 8 - 7 * row, text, 6, colour=DOSE_COLOUR))
    # Each vital as a line with its points.
    for field, _legend, colour in SERIES:
        pts = [(xpos(v.time), ypos(n)) for v in timed_vitals if (n := _num(getattr(v, field))) is not None]  # fmt: skip
        if len(pts) > 1:
            d.add(PolyLine([c for p in pts for c in p], strokeColor=colour, strokeWidth=1))
        radius = 1.8 if len(pts) <= 60 else 0.9
        for x, y in pts:
            d.add(Circle(x, y, radius, fillColor=colour, strokeColor=None))
    # Legend on one line under the title.
    x = left
    for _field, legend, colour in SERIES:
        d.add(Rect(x, height - 22, 6, 3, fillColor=colour, strokeColor=None))
        d.add(label_group(x + 8, height - 23, legend, 6.2, colour=st.INK))
        x += 14 + len(legend) * 3.3
    d.add(Line(x, height - 20.5, x + 6, height - 20.5, strokeColor=DOSE_COLOUR, strokeWidth=0.7))
    d.add(label_group(x + 8, height - 23, "dose", 6.2))
    # Time axis (clock time).
    step = _time_ticks(span)
    m = 0.0
    while m <= span + 0.01:
        x = left + pw * m / span
        minutes = int(_minutes(start, time(0, 0)) + m)
        text = f"{(minutes // 60) % 24:02d}:{minutes % 60:02d}"
        d.add(Line(x, bottom, x, bottom - 2.5, strokeColor=st.MUTED, strokeWidth=0.5))
        d.add(label_group(x, bottom - 9, text, 6.2, anchor="middle", colour=st.MUTED))
        m += step
    # Effects: one lane each, a dot at each timed observation shaded by intensity.
    for i, code in enumerate(effects):
        y = bottom - 22 - i * LANE
        d.add(label_group(left - 4, y - 2, label("effects", code).split(" / ")[0], 6, anchor="end"))  # fmt: skip
        d.add(Line(left, y, left + pw, y, strokeColor=st.RULE, strokeWidth=0.3))
        for e in session.effects:
            if e.effect == code and e.time is not None and e.intensity > 0:
                fill = colors.HexColor(EFFECT_FILL[min(max(e.intensity, 0), 3)])
                d.add(Circle(xpos(e.time), y, 3, fillColor=fill, strokeColor=DOSE_COLOUR, strokeWidth=0.4))  # fmt: skip
    if lanes:
        d.add(label_group(left + pw + 3, bottom - 24, "effects: darker =", 5.8, colour=st.MUTED))
        d.add(label_group(left + pw + 3, bottom - 31, f"more intense ({intensity_label(3)})", 5.8, colour=st.MUTED))  # fmt: skip
    return d
