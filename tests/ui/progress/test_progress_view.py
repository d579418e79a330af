"""The progress view shows the numbers of course_progress: the same function as the PDF."""

from __future__ import annotations

from datetime import date

from kapnotes.domain.progress import course_progress
from kapnotes.domain.records import Client, Course
from kapnotes.ui.progress import ProgressView


def _view(qtbot, practice) -> ProgressView:
    view = ProgressView(practice)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    return view


def test_charts_draw_the_numbers_of_course_progress(qtbot, practice, course):
    client_id, course_id, ids = course
    view = _view(qtbot, practice)
    view.show_course(client_id, course_id)
    expected = course_progress(
        practice.load_sessions(course_id=course_id), practice.get_client(client_id)
    )
    assert view.progress.scale_series == expected.scale_series
    assert [v for _, v in view.charts["phq9"].points] == [19, 15, 12, 8, 6, 4]
    assert view.charts["phq9"].bands[0] == (0.0, 4.0, "minimal")
    assert view.charts["phq9"].y_max == 27
    assert [v for _, v in view.charts["gad7"].points] == [13, 8, 4]
    assert [round(v, 2) for _, v in view.charts["dose"].points] == [0.5, 0.6, 0.7, 0.7, 0.8, 0.8]
    assert [v for _, v in view.charts["dissociation"].points] == [1, 2, 3, 3, 2, 3]
    themes = dict(view.charts["themes"].items)
    assert [n for _, n in view.charts["themes"].items] == [3, 3, 2, 2, 1, 1, 1]
    assert themes["Self-compassion"] == 3
    assert view.charts["phq9"].points[0][0] == "#1 02 Feb"


def test_outcome_response_and_remission(qtbot, practice, course):
    client_id, course_id, _ = course
    view = _view(qtbot, practice)
    view.show_course(client_id, course_id)
    assert view.outcome.text() == (
        "PHQ-9 19 at baseline, 4 latest (79% lower). Response (≥ 50% fall). Remission (PHQ-9 < 5)."
    )
    assert view.outcome_badge.text().startswith("Remission")
    assert not view.outcome_badge.isHidden()
    assert (
        "GAD-7: 13 at baseline, 4 latest (69 % lower)"
        in view.findChild(type(view.outcome), "other_changes").text()
    )


def test_safety_flag_stands_out_on_the_client_page(qtbot, practice, course):
    client_id, course_id, _ = course
    view = _view(qtbot, practice)
    view.show_course(client_id, course_id)
    texts = [b.text() for b in view.flag_badges if not b.isHidden()]
    assert len(texts) == 1
    assert "02 Feb 2026" in texts[0] and "item 9" in texts[0]


def test_missing_weight_is_not_a_zero_dose(qtbot, practice, course):
    client_id, course_id, _ = course
    client = practice.get_client(client_id)
    client.weights = []
    practice.save_client(client)
    view = _view(qtbot, practice)
    view.show_course(client_id, course_id)
    assert [v for _, v in view.charts["dose"].points] == [None] * 6


def test_all_sessions_and_an_empty_course(qtbot, practice, course):
    client_id, _course_id, _ = course
    view = _view(qtbot, practice)
    view.show_course(client_id, None)
    assert "all sessions" in view.title.text()
    assert len(view.charts["phq9"].points) == 6
    empty = practice.save_course(Course(client_id, start_date=date(2026, 6, 1)))
    view.show_course(client_id, empty)
    assert view.message.text() == "No sessions in this course yet." and view.charts == {}
    other = practice.save_client(Client(chart="X", name="No Scales"))
    view.show_course(other, None)
    assert not view.message.isHidden()


def test_unknown_client_shows_a_message(qtbot, practice):
    view = _view(qtbot, practice)
    view.show_course(999, None)
    assert "999" in view.message.text()


def test_charts_paint_without_error(qtbot, practice, course):
    client_id, course_id, _ = course
    view = _view(qtbot, practice)
    view.show_course(client_id, course_id)
    for chart in view.charts.values():
        image = chart.grab()
        assert not image.isNull() and image.height() >= chart.minimumHeight()


def test_switching_course_leaves_no_old_labels_painted(qtbot, practice, course):
    """The old course's widgets were only deleteLater'd: until the event loop ran they still
    painted under the new ones (overlapping headings on the Progress tab)."""
    from PySide6.QtWidgets import QLabel

    client_id, course_id, _ = course
    view = _view(qtbot, practice)
    view.show_course(client_id, course_id)
    old = [w for w in view.widget().findChildren(QLabel) if w.isVisibleTo(view.widget())]
    other = practice.save_client(Client(chart="X", name="No Scales"))
    view.show_course(other, None)
    still = [w for w in old if w.isVisibleTo(view.widget()) and w not in (view.title, view.message)]
    assert still == []


def test_score_line_stands_out_on_dark_bands(qtbot, qapp):
    """In the dark theme the score line was Highlight blue, barely visible on the bands."""
    from PySide6.QtGui import QColor

    from kapnotes.domain.progress import scale_bands
    from kapnotes.ui.common.theme import apply_theme
    from kapnotes.ui.progress.charts import LineChart

    apply_theme(qapp, "dark")
    try:
        chart = LineChart("PHQ-9", [("#1", 12), ("#2", 12), ("#3", 12)], 27, scale_bands("phq9"))
        qtbot.addWidget(chart)
        chart.resize(700, 220)
        image = chart.grab().toImage()
        r = chart.plot_rect()
        y = round(r.bottom() - r.height() * 12 / 27)
        x = round(r.left() + r.width() * 2 / 6)  # midway between the first two points
        band = QColor(image.pixel(x, y - 12)).lightness()
        line = max(QColor(image.pixel(x, y + dy)).lightness() for dy in (-1, 0, 1))
        assert line - band > 80
    finally:
        apply_theme(qapp, "light")


def test_a_partial_score_is_marked_on_its_chart(qtbot, practice, course):
    """A PHQ-9 with items missing was drawn like a complete total (a low, 'minimal' point)."""
    from kapnotes.domain.records import ScaleScore

    client_id, course_id, ids = course
    s = practice.get_session(ids[-1])
    s.scales = [ScaleScore("phq9", [1, 1, None, None, None, None, None, None, 0])]
    practice.save_session(s)
    view = _view(qtbot, practice)
    view.show_course(client_id, course_id)
    chart = view.charts["phq9"]
    assert chart.partial == {len(chart.points) - 1}
    assert "items missing" in chart.title
    assert "no later score" not in view.outcome.text()  # five complete PHQ-9s remain


def test_fits_the_client_page_column_without_side_scrolling(qtbot, practice, course):
    """At 1366×768 the Progress tab is ~440 px wide: the unwrapped title made the page 700+ px
    wide, so the outcome sentence and the charts' band labels were cut off at the right."""
    from PySide6.QtWidgets import QApplication

    client_id, course_id, _ = course
    c = practice.get_client(client_id)
    c.name = "Maximiliane Oberhauser-Lindqvist"
    practice.save_client(c)
    view = _view(qtbot, practice)
    view.resize(440, 600)
    view.show_course(client_id, course_id)
    assert view.widget().minimumSizeHint().width() <= view.viewport().width()
    QApplication.processEvents()  # the scroll area lays out on the next event-loop turn
    assert view.horizontalScrollBar().maximum() == 0


def test_x_labels_never_crowd_at_the_end():
    """4 sessions in a narrow chart drew #1, #5 and #7: the last two labels overlapped."""
    from kapnotes.ui.progress.charts import label_ticks

    assert label_ticks(4, 3) == [0, 3]
    for n in range(2, 40):
        for wanted in range(2, 10):
            picks = label_ticks(n, wanted)
            assert picks[0] == 0 and picks[-1] == n - 1 and len(picks) <= max(wanted, 2)
            if n > wanted:
                step = -(-(n - 1) // (wanted - 1))
                assert all(b - a >= step for a, b in zip(picks, picks[1:], strict=False))
