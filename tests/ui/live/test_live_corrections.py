"""Correcting and removing timeline entries from the keyboard; signed notes are read-only."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kapnotes.domain.records import EffectObservation, VitalSign
from kapnotes.ui.live.timeline_model import DETAIL, TIME, TimelineModel


def _select(view, what: str) -> int:
    for row in range(view.model.rowCount()):
        if view.model.entry(row).what.startswith(what):
            view.timeline_view.setCurrentIndex(view.model.index(row, 0))
            view.timeline_view.selectRow(row)
            view.timeline_view.setFocus()
            return row
    raise AssertionError(f"no {what} row")


def _edit_cell(qtbot, view, row: int, column: int, text: str) -> None:
    """F2 on a cell, replace its text, Enter — as a user corrects an entry."""
    view.timeline_view.setCurrentIndex(view.model.index(row, column))
    qtbot.keyClick(view.timeline_view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not view.timeline_view, "no cell editor opened"
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits on the next event-loop turn, then gives focus back to the table.
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not editor)


def _with_entries(practice, sid):
    s = practice.get_session(sid)
    s.effects.append(EffectObservation("anxiety", 2, time(10, 12)))
    s.vitals.append(VitalSign(time(10, 40), 130, 85, 80, 97))
    s.narrative = {"Note": "Arrived calm.\n[10:30] asked for the eye mask"}
    practice.save_session(s)


def test_correct_an_effect_intensity_and_time(qtbot, practice, dosed_session_id, open_view):
    _with_entries(practice, dosed_session_id)
    view = open_view(dosed_session_id)
    row = _select(view, "Anxiety")
    _edit_cell(qtbot, view, row, DETAIL, "severe")
    row = _select(view, "Anxiety")
    _edit_cell(qtbot, view, row, TIME, "10:14")
    effect = practice.get_session(dosed_session_id).effects[0]
    assert (effect.intensity, effect.time) == (3, time(10, 14))


def test_correct_a_vitals_line_and_a_note(qtbot, practice, dosed_session_id, open_view):
    _with_entries(practice, dosed_session_id)
    view = open_view(dosed_session_id)
    _edit_cell(qtbot, view, _select(view, "Vitals"), DETAIL, "138/88 82 96")
    _edit_cell(qtbot, view, _select(view, "Note"), DETAIL, "asked for the eye mask and a blanket")
    s = practice.get_session(dosed_session_id)
    assert (s.vitals[0].systolic, s.vitals[0].diastolic, s.vitals[0].time) == (
        138,
        88,
        time(10, 40),
    )
    assert s.narrative["Note"] == "Arrived calm.\n[10:30] asked for the eye mask and a blanket"


def test_a_bad_correction_says_why_and_changes_nothing(
    qtbot, practice, dosed_session_id, open_view
):
    _with_entries(practice, dosed_session_id)
    view = open_view(dosed_session_id)
    _edit_cell(qtbot, view, _select(view, "Vitals"), DETAIL, "300/88 82 96")
    assert "Systolic BP 300 is impossible" in view.timeline_message.text()
    assert practice.get_session(dosed_session_id).vitals[0].systolic == 130


def test_delete_key_removes_the_selected_entry(qtbot, practice, dosed_session_id, open_view):
    _with_entries(practice, dosed_session_id)
    view = open_view(dosed_session_id)
    _select(view, "Note")
    qtbot.keyClick(view.timeline_view, Qt.Key.Key_Delete)
    _select(view, "Anxiety")
    qtbot.keyClick(view.timeline_view, Qt.Key.Key_Delete)
    s = practice.get_session(dosed_session_id)
    assert s.narrative["Note"] == "Arrived calm." and s.effects == []
    assert len(s.administrations) == 1 and len(s.vitals) == 1


def test_signed_note_is_read_only(qtbot, practice, dosed_session_id, open_view, press):
    _with_entries(practice, dosed_session_id)
    practice.sign_session(dosed_session_id, "Dr Example", "MD")
    view = open_view(dosed_session_id)
    assert "read-only" in view.signed_banner.text()
    assert view.vitals_row.isHidden()
    press("1", "N", "B")
    _select(view, "Anxiety")
    qtbot.keyClick(view.timeline_view, Qt.Key.Key_Delete)
    assert not view.model.flags(view.model.index(0, DETAIL)) & Qt.ItemFlag.ItemIsEditable
    s = practice.get_session(dosed_session_id)
    assert len(s.effects) == 1 and len(s.administrations) == 1
    assert view.note_row.isHidden() and view.booster_row.isHidden()


def test_signing_elsewhere_while_open_keeps_the_typed_line(
    practice, dosed_session_id, open_view, press, type_text
):
    view = open_view(dosed_session_id)
    press("V")
    type_text("128/82 76 98")
    practice.sign_session(dosed_session_id, "Dr Example")
    press("Return")
    assert "signed" in view.vitals_row.message.text()
    assert view.vitals_row.edit.text() == "128/82 76 98"
    assert practice.get_session(dosed_session_id).vitals == []


def test_escape_closes_the_note_line_without_losing_it(
    practice, dosed_session_id, open_view, press, type_text
):
    view = open_view(dosed_session_id)
    press("N")
    type_text("half a thought")
    press("Escape")
    assert view.note_row.isHidden()
    press("N")
    assert view.note_row.edit.text() == "half a thought"


def test_timeline_model_passes_the_model_tester(
    qtmodeltester, practice, dosed_session_id, open_view
):
    _with_entries(practice, dosed_session_id)
    view = open_view(dosed_session_id)
    assert view.model.rowCount() == 4
    qtmodeltester.check(view.model)
    qtmodeltester.check(TimelineModel())


def test_closing_with_a_typed_line_asks_and_can_stay_open(
    qtbot, practice, dosed_session_id, open_view, press, type_text, monkeypatch, questions
):
    from PySide6.QtWidgets import QMessageBox

    view = open_view(dosed_session_id)
    press("V")
    type_text("128/82 76")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    view.close()
    assert view.isVisible() and view.vitals_row.edit.text() == "128/82 76"


def test_reload_shows_what_the_editor_saved(practice, dosed_session_id, open_view):
    view = open_view(dosed_session_id)
    s = practice.get_session(dosed_session_id)
    s.effects.append(EffectObservation("nausea", 2, time(10, 30)))
    practice.save_session(s)
    view.reload()
    assert [view.model.entry(r).what for r in range(view.model.rowCount())] == ["Dose", "Nausea"]
    assert "moderate" in view.effect_keys.buttons[4].text()


def test_after_a_correction_the_same_entry_stays_selected(
    qtbot, practice, dosed_session_id, open_view
):
    """The save resets the timeline model: the selection used to vanish, so Delete right after
    a correction did nothing (and a second F2 opened no editor)."""
    _with_entries(practice, dosed_session_id)
    view = open_view(dosed_session_id)
    row = _select(view, "Anxiety")
    _edit_cell(qtbot, view, row, DETAIL, "severe")
    current = view.timeline_view.currentIndex()
    assert current.isValid() and view.model.entry(current.row()).what.startswith("Anxiety")
    qtbot.keyClick(view.timeline_view, Qt.Key.Key_Delete)
    assert [e.effect for e in practice.get_session(dosed_session_id).effects] == []
