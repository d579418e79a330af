"""The editor at clinic-laptop width: nothing squeezed out of sight."""

from __future__ import annotations

from kapnotes.domain.records import EffectObservation


def test_effect_onset_times_show_whole(qtbot, editor, practice, clinic):
    session = practice.get_session(clinic["session_id"])
    session.effects = [EffectObservation("dissociation", 2, time=None)]
    practice.save_session(session)
    editor.resize(700, 740)  # the note column of the main window at 1366 px
    editor.load_session(clinic["session_id"])
    row = editor.effects.rows["dissociation"]
    qtbot.keyClicks(row.time, "09:35")
    assert row.time.text() == "09:35"
    assert row.time.width() >= row.time.fontMetrics().horizontalAdvance("09:35")
    assert editor.scroll.horizontalScrollBar().maximum() == 0
