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


def test_a_stray_delete_after_a_capture_removes_nothing(
    qtbot, practice, dosed_session_id, open_view, press
):
    view = open_view(dosed_session_id)
    press("1")
    press("Delete")
    s = practice.get_session(dosed_session_id)
    assert len(s.administrations) == 1 and len(s.effects) == 1
    assert not view.timeline_view.selectionModel().hasSelection()
