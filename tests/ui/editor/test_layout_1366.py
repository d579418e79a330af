"""The editor at clinic-laptop width: nothing squeezed out of sight."""

from __future__ import annotations

from PySide6.QtCore import Qt

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
    assert editor.scroll_area.horizontalScrollBar().maximum() == 0


def test_adverse_event_and_a_long_own_tag_fit_the_note_column(qtbot, editor, practice, clinic, user):  # fmt: skip
    editor.resize(700, 740)
    user.click(editor.adverse.add_button)
    tag = "Reconnecting with my grandmother's garden in Aleppo"
    user.type_into(editor.themes.tag_edit, tag)
    qtbot.keyClick(editor.themes.tag_edit, Qt.Key.Key_Return)
    editor.flush()
    stored = practice.get_session(clinic["session_id"])
    assert [t.theme for t in stored.themes] == [tag]
    assert len(stored.adverse_events) == 1
    box = next(b for b in editor.themes.boxes.values() if b.toolTip() == tag)
    assert box.text().endswith("…")
    qtbot.waitUntil(
        lambda: editor.scroll_area.widget().width() <= editor.scroll_area.viewport().width()
    )
    assert editor.scroll_area.horizontalScrollBar().maximum() == 0


def test_every_vocabulary_theme_is_shown_whole(editor):
    from kapnotes.domain.vocab import vocabulary

    for term in vocabulary("themes"):
        assert editor.themes.boxes[term.code].text() == term.label
