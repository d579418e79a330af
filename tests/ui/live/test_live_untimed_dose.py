"""A dose recorded without a time (e.g. typed in the editor) must not let a booster start the clock."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kapnotes.domain.records import Administration
from kapnotes.ui.live.timeline_model import DETAIL, MINUTES, TIME


def _edit_time(qtbot, view, row: int, text: str) -> None:
    """F2 on the time cell, type, Enter — as a user corrects an entry."""
    view.timeline_view.setFocus()
    view.timeline_view.setCurrentIndex(view.model.index(row, TIME))
    qtbot.keyClick(view.timeline_view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not view.timeline_view, "no cell editor opened"
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not editor)


def _row(view, detail: str) -> int:
    return next(r for r in range(view.model.rowCount()) if view.model.entry(r).detail == detail)


def _untimed_dose(practice, sid):
    s = practice.get_session(sid)
    s.administrations.append(Administration(None, "im", 50.0))
    practice.save_session(s)


def test_untimed_first_dose_does_not_time_from_the_booster(
    qtbot, practice, session_id, open_view, clock, press, type_text
):
    _untimed_dose(practice, session_id)
    clock.advance(35)  # 10:30
    view = open_view(session_id)
    assert "Not dosed yet" not in view.caption.text()
    assert "no time" in view.caption.text()
    press("B")
    type_text("20")
    press("Return")
    clock.advance(5)
    view.refresh_clock()
    # Before the fix the clock read 0:05:00 "since the first dose at 10:30" (the booster).
    assert view.elapsed.text() == "—:—"
    assert view.reminder.isHidden()
    assert "give it a time" in view.next_label.text()
    assert view.model.index(_row(view, "20 mg · IM injection"), MINUTES).data() == ""

    # Giving the first dose its time starts the clock from it.
    _edit_time(qtbot, view, _row(view, "50 mg · IM injection"), "10:00")
    assert [a.time for a in practice.get_session(session_id).administrations] == [
        time(10, 0),
        time(10, 30),
    ]
    assert view.elapsed.text() == "0:35:00"
    assert "10:00" in view.caption.text()
    booster = _row(view, "20 mg · IM injection")
    assert view.model.index(booster, MINUTES).data() == "+30 min"
    assert view.model.index(booster, DETAIL).data().startswith("20 mg")


def test_a_session_of_another_day_says_so_without_stale_reminders(
    practice, dosed_session_id, open_view, clock
):
    clock.advance(24 * 60)  # the next morning
    view = open_view(dosed_session_id)
    # It read "Vitals check before discharge (+120 min) due 1315 min ago".
    assert view.reminder.isHidden()
    assert "not today" in view.caption.text()
    assert view.elapsed.text() == "—:—"
