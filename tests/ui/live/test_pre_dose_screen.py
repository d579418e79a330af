"""Live mode opens on the pre-dose checklist before the first dose; Start saves it."""

from __future__ import annotations

from PySide6.QtCore import Qt


def test_live_mode_starts_on_the_checklist_and_start_saves_it(qtbot, practice, session_id, open_view):  # fmt: skip
    view = open_view(session_id)
    screen = view.pre_dose_screen
    assert screen is not None and screen.isVisible()
    assert screen.geometry() == view.rect()
    assert "No signed eligibility decision" in screen.form.status_labels["eligibility_signed"].text()  # fmt: skip
    qtbot.keyClicks(screen.form.fasting, "5")
    screen.form.checks["no_driving_acknowledged"].setChecked(True)
    assert "not checked" in screen.summary.text()
    qtbot.mouseClick(screen.start_button, Qt.MouseButton.LeftButton)
    stored = practice.get_session(session_id).checklist
    assert stored.fasting_hours == 5 and stored.no_driving_acknowledged
    assert not screen.isVisible() and not view.session.administrations


def test_a_bad_fasting_count_keeps_the_screen_and_the_text(qtbot, practice, session_id, open_view):
    view = open_view(session_id)
    screen = view.pre_dose_screen
    qtbot.keyClicks(screen.form.fasting, "-2")
    assert "cannot be negative" in screen.summary.text()
    qtbot.keyClicks(screen.form.fasting, "x")
    qtbot.mouseClick(screen.start_button, Qt.MouseButton.LeftButton)
    assert screen.isVisible() and screen.form.fasting.text() == "-2x"
    assert practice.get_session(session_id).checklist is None


def test_a_dosed_session_opens_on_the_timeline(qtbot, dosed_session_id, open_view):
    assert open_view(dosed_session_id).pre_dose_screen is None
