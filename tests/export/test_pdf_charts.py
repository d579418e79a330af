"""Course summary charts read as a prescriber reads them: labelled axes, legible bands."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from pdf_records import make_client, make_course, make_course_sessions, pdf_text, squash

from kapnotes.domain.records import ScaleScore
from kapnotes.export import charts
from kapnotes.export.course_pdf import export_course_pdf
from kapnotes.export.fonts import register_fonts

PRINTED = datetime(2024, 9, 1, 9, 0)


def _text(tmp_path, sessions, client=None) -> str:
    out = tmp_path / "c.pdf"
    export_course_pdf(client or make_client(), make_course(), sessions, out, printed=PRINTED)
    return "".join(pdf_text(out))


@pytest.mark.parametrize("n", [2, 8, 9, 12, 14, 17, 18, 19, 40, 101, 200])
@pytest.mark.parametrize("plot_width", [381.0, 457.0])
def test_date_labels_never_touch(n, plot_width):
    # Weekly sessions, then a long gap, then a cluster: a long course's real shape.
    days = [date(2024, 1, 1) + timedelta(days=7 * i) for i in range(n // 2)]
    days += [date(2025, 6, 1) + timedelta(days=2 * i) for i in range(n - n // 2)]
    xs = charts.date_positions(days, 44, plot_width)
    picks = charts.label_positions(xs)
    assert picks[0] == 0 and picks[-1] == n - 1
    gaps = [xs[b] - xs[a] for a, b in zip(picks, picks[1:], strict=False)]
    assert not gaps or min(gaps) >= 36  # a date label is ~32 points wide


def test_long_course_axes_are_spaced_by_date():
    days = [date(2024, 1, 1), date(2024, 1, 8), date(2024, 7, 8)]
    xs = charts.date_positions(days, 0, 400)
    # 7 days and 182 days apart: the gaps on paper keep that proportion.
    assert (xs[2] - xs[1]) / (xs[1] - xs[0]) == pytest.approx(182 / 7)
    assert charts.date_positions([date(2024, 1, 1)] * 2, 0, 100) == [25.0, 75.0]


def test_a_partial_total_is_drawn_hollow_and_labelled(tmp_path):
    sessions = make_course_sessions(4)
    sessions[0].scales = [ScaleScore("phq9", [3, 3, 3, 3, 3, 3, 3, None, 0])]  # 21 from 8 items
    text = squash(_text(tmp_path, sessions))
    assert "21partial" in text
    drawing = charts.line_chart("t", [(date(2024, 1, 1), 21), (date(2024, 1, 8), 19)], y_max=27, partial=[True, False])  # fmt: skip
    circles = [c for c in drawing.contents if c.__class__.__name__ == "Circle"]
    assert (
        circles[0].fillColor == charts.colors.white and circles[1].fillColor != charts.colors.white
    )


def test_band_labels_stay_apart_and_inside_the_plot():
    register_fonts()
    # C-SSRS-like thin bands and a long PCL-5 band name.
    spans = [(10, 14, "negative"), (14, 18, "low"), (18, 22, "moderate"), (22, 26, "high")]
    spans += [(26, 90, "probable PTSD (cut-off 31–33) with a long clinic note")]
    lines = charts._band_label_lines(spans, 80, 10, 90)
    ys = sorted(y for y, _ in lines)
    assert all(b - a >= charts.BAND_LEADING - 0.01 for a, b in zip(ys, ys[1:], strict=False))
    assert ys[0] >= 10 and ys[-1] + charts.BAND_SIZE <= 90 + 0.01
    words = " ".join(text for _, text in lines)
    assert "probable PTSD (cut-off" in words and "31–33)" in words


def test_charts_name_their_axes_and_mean_scales(tmp_path):
    sessions = make_course_sessions(8)
    sessions[1].scales = [ScaleScore("ebi", [60, 70, 50, 40, 80, 90])]
    text = _text(tmp_path, sessions)
    assert "session date" in text and "total score" in text and "mg/kg" in text
    assert "EBI (mean of items) across the course" in text


def test_one_phq9_is_a_baseline_not_a_failed_response(tmp_path):
    sessions = make_course_sessions(3)  # PHQ-9 only on the first session once the rest is cleared
    for s in sessions[1:]:
        s.scales = []
    text = squash(_text(tmp_path, sessions))
    assert squash("Response not yet: one complete PHQ-9 so far") in text
    assert squash("Remission not yet") in text
    assert squash("Change from baseline —") in text


def test_dosing_sessions_without_a_weight_are_explained_not_dropped_silently(tmp_path):
    client = make_client()
    client.weights = []
    text = _text(tmp_path, make_course_sessions(6), client)
    assert "3 dosing session(s) not shown: no weight on file" in text


def test_session_counts_are_those_of_the_progress_tab(tmp_path):
    sessions = make_course_sessions(6)
    sessions[1].administrations = []  # a dosing session whose doses are not entered yet
    text = _text(tmp_path, sessions)
    assert "6 (3 with dosing)" in text


def test_mg_per_kg_reads_the_same_in_the_table_and_on_the_chart(tmp_path):
    sessions = make_course_sessions(4)
    client = make_client()
    client.weights[0].kg = 50.0
    sessions[1].administrations[0].mg = 185.0  # 3.70 mg/kg
    text = _text(tmp_path, sessions, client)
    assert text.count("3.70") >= 2 and "3.7 " not in text
