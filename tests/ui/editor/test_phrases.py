"""Phrases: a shortcut expands with Ctrl+;, the picker filters as you type."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kapnotes.domain.phrases import parse_lines, phrases_from
from kapnotes.services import ServiceContext
from kapnotes.ui.editor.phrases import insert_phrase

PHRASES = phrases_from([["sp", "Safety plan agreed."], ["nau", "Nausea; ondansetron given."]])


def test_a_typed_shortcut_expands_in_the_note(qtbot, editor, practice, clinic):
    note = editor.narrative.editors[next(iter(editor.narrative.editors))]
    note.setFocus()
    qtbot.keyClicks(note, "Reviewed. sp")
    assert insert_phrase(note, PHRASES)
    assert note.toPlainText() == "Reviewed. Safety plan agreed."
    editor.flush()
    assert "Safety plan agreed." in practice.get_session(clinic["session_id"]).narrative_text()


def test_the_picker_filters_as_you_type_and_inserts_the_choice(qtbot, editor):
    intention = editor.overview.intention_edit
    intention.setFocus()
    qtbot.keyClicks(intention, "Before: ")

    def pick(picker):
        assert picker.list.count() == 2
        qtbot.keyClicks(picker.filter, "ondan")  # words of the text match too
        assert picker.list.count() == 1
        qtbot.keyClick(picker.filter, Qt.Key.Key_Down)
        return True

    assert insert_phrase(intention, PHRASES, pick)
    assert intention.toPlainText() == "Before: Nausea; ondansetron given."


def test_phrase_lines_are_checked():
    pairs, problems = parse_lines("sp = Safety plan.\nbad line\nsp = twice\ntwo words = x")
    assert pairs == [["sp", "Safety plan."]] and len(problems) == 3


def test_sections_show_the_template_prompts_and_settings_change_them(qtbot, editor, practice, user):
    from kapnotes.ui.settings.dialog import SettingsDialog

    user.choose(editor.narrative.template_combo, "SOAP")
    assert "next session" in editor.narrative.editors["Plan"].placeholderText().lower()
    dialog = SettingsDialog(ServiceContext(practice))
    qtbot.addWidget(dialog)
    dialog.phrases_page.prompts.setPlainText("Plan = Dose next time? Homework?")
    dialog.phrases_page.edit.setPlainText("xx = Extra phrase.")
    dialog.accept()
    assert practice.settings().phrases == [["xx", "Extra phrase."]]
    editor.reload_settings()
    editor.reload()
    assert editor.narrative.editors["Plan"].placeholderText() == "Dose next time? Homework?"
    assert editor.narrative.editors["Subjective"].placeholderText() == ""
