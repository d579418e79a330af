"""Straight after opening, the number keys log effects (focus is not in a text field)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from kapnotes.ui.live import LiveSessionView


def test_number_keys_work_right_after_opening(qtbot, practice, dosed_session_id, clock, press):
    view = LiveSessionView(practice, dosed_session_id, clock=clock)
    qtbot.addWidget(view)
    with qtbot.waitActive(view):
        view.show()
        view.activateWindow()
    # Focus went to the first text field, the vitals line: "1" typed a digit there.
    assert QApplication.focusWidget() is view.timeline_view
    press("1")
    assert [e.effect for e in practice.get_session(dosed_session_id).effects] == [
        view.effect_codes[0]
    ]
    assert view.vitals_row.edit.text() == ""
