"""Impossible or unreadable input shows a message next to the field and loses nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kapnotes.domain.records import Administration, VitalSign
from kapnotes.store import PracticeError
from kapnotes.ui.editor.fields import ERROR_BG

ROLE = Qt.ItemDataRole


def test_diastolic_not_below_systolic_is_an_error_and_still_saved(qtbot, editor, user, practice, clinic):  # fmt: skip
    vitals = editor.vitals
    user.click(vitals.table.add_button)
    for column, text in ((0, "09:05"), (2, "120"), (3, "130")):
        user.edit_cell(vitals.table, 0, column, text)
    diastolic = vitals.model.index(0, 3)
    assert diastolic.data(ROLE.BackgroundRole) == ERROR_BG
    assert "must be lower than systolic" in diastolic.data(ROLE.ToolTipRole)
    assert vitals.message.isVisible() and "lower than systolic" in vitals.message.text()
    assert "1 error" in editor.findings_bar.summary.text()
    with qtbot.waitSignal(editor.saved, timeout=5000):
        user.type_into(editor.overview.intention_edit, "Rest")
    stored = practice.get_session(clinic["session_id"]).vitals
    assert (stored[0].systolic, stored[0].diastolic) == (120, 130)


def test_negative_dose_is_refused_kept_on_screen_and_never_stored(qtbot, editor, user, practice, clinic):  # fmt: skip
    dosing = editor.dosing
    user.click(dosing.table.add_button)
    user.edit_cell(dosing.table, 0, 3, "-5")
    assert dosing.model.index(0, 3).data() == "-5"  # what was typed stays on screen
    assert dosing.model.index(0, 3).data(ROLE.BackgroundRole) == ERROR_BG
    assert "a dose is more than 0 mg" in dosing.table_message.text()
    assert "not saved" in dosing.table_message.text()
    editor.flush()
    assert practice.get_session(clinic["session_id"]).administrations == []


def test_text_in_a_number_cell_stays_on_screen_and_the_rest_is_saved(qtbot, editor, user, practice, clinic):  # fmt: skip
    vitals = editor.vitals
    user.click(vitals.table.add_button)
    user.edit_cell(vitals.table, 0, 2, "132")
    user.edit_cell(vitals.table, 0, 2, "13O")  # a letter O instead of a zero
    user.edit_cell(vitals.table, 0, 4, "71")
    cell = vitals.model.index(0, 2)
    assert cell.data() == "13O"
    assert cell.data(ROLE.BackgroundRole) == ERROR_BG
    assert "not a whole number" in cell.data(ROLE.ToolTipRole)
    assert "not a whole number" in vitals.message.text()
    editor.flush()
    stored = practice.get_session(clinic["session_id"]).vitals[0]
    assert (stored.systolic, stored.heart_rate) == (132, 71)  # last good value kept
    user.edit_cell(vitals.table, 0, 2, "130")
    assert cell.data(ROLE.BackgroundRole) is None
    editor.flush()
    assert practice.get_session(clinic["session_id"]).vitals[0].systolic == 130


def test_a_dose_row_without_mg_waits_on_screen_while_the_rest_saves(qtbot, editor, user, practice, clinic):  # fmt: skip
    dosing = editor.dosing
    user.click(dosing.table.add_button)
    user.edit_cell(dosing.table, 0, 3, "35")
    user.click(dosing.table.add_button)
    user.edit_cell(dosing.table, 1, 4, "right deltoid")  # no dose yet
    assert "missing" in dosing.table_message.text()
    editor.flush()
    assert [a.mg for a in practice.get_session(clinic["session_id"]).administrations] == [35]
    assert dosing.model.rowCount() == 2
    user.edit_cell(dosing.table, 1, 3, "15")
    editor.flush()
    assert [(a.mg, a.site) for a in practice.get_session(clinic["session_id"]).administrations] == [
        (35, ""),
        (15, "right deltoid"),
    ]


def test_unreadable_minutes_and_times_keep_their_text(qtbot, editor, user, practice, clinic):
    onset = editor.dosing.timing_edits["onset_min"]
    user.type_into(onset, "ten")
    user.type_into(editor.dosing.lot_edit, "L-1")
    user.replace_text(editor.overview.start_edit, "25:99")
    assert onset.text() == "ten"
    assert "not a whole number" in editor.dosing.timing_message.text()
    assert "not a time" in editor.overview.start_message.text()
    editor.flush()
    s = practice.get_session(clinic["session_id"])
    assert s.dosing.lot_number == "L-1"
    assert s.dosing.onset_min is None
    assert s.start_time is not None  # the earlier good start time is kept
    assert editor.overview.start_edit.text() == "25:99"


def test_peak_before_onset_is_shown_next_to_the_timings(editor, user):
    user.type_into(editor.dosing.timing_edits["onset_min"], "20")
    user.type_into(editor.dosing.timing_edits["peak_min"], "10")
    assert "comes before onset" in editor.dosing.timing_message.text()


def test_a_store_failure_is_shown_and_retried_without_losing_text(qtbot, editor, user, practice, clinic, monkeypatch):  # fmt: skip
    real = practice.save_draft
    calls = {"n": 0}

    def failing_once(session_id, **changes):
        calls["n"] += 1
        if calls["n"] == 1:
            raise PracticeError("The practice file is busy.")
        return real(session_id, **changes)

    monkeypatch.setattr(practice, "save_draft", failing_once)
    intention = editor.overview.intention_edit
    user.type_into(intention, "Let go")
    editor.flush()
    assert editor.error_banner.isVisible()
    assert "could not be saved" in editor.error_banner.text()
    assert intention.toPlainText() == "Let go"
    assert practice.get_session(clinic["session_id"]).intention == ""
    with qtbot.waitSignal(editor.saved, timeout=5000):
        user.type_into(intention, " of control")
    assert not editor.error_banner.isVisible()
    assert practice.get_session(clinic["session_id"]).intention == "Let go of control"


def test_warnings_do_not_block_saving(qtbot, editor, user, practice, clinic, new_session):
    sid = new_session(
        kind="dosing",
        administrations=[Administration(None, "im", 120.0)],
        vitals=[VitalSign(None, 150, 95, phase="pre")],
    )
    editor.load_session(sid)
    assert any("mg/kg is outside" in f.message for f in editor.findings)
    with qtbot.waitSignal(editor.saved, timeout=5000):
        user.type_into(editor.overview.intention_edit, "Calm")
    assert practice.get_session(sid).intention == "Calm"
