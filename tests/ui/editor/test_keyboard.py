"""Every control is reached with Tab in reading order, also rows added while typing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel


def _tab(qtbot):
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    return QApplication.focusWidget()


def test_tab_walks_the_overview_into_the_dosing_table(qtbot, editor):
    ov = editor.overview
    editor.activateWindow()
    ov.start_edit.setFocus()
    # The pre-dose checklist comes between the overview and the dosing table.
    expected = [ov.kind_combo, ov.number_edit, ov.setting_combo, ov.clinicians_edit, ov.intention_edit, editor.checklist.form.fasting]  # fmt: skip
    assert [_tab(qtbot) for _ in expected] == expected
    editor.checklist.form.note.setFocus()
    assert _tab(qtbot) is editor.dosing.table.view


def test_an_added_adverse_event_is_next_in_the_tab_order(qtbot, editor, user):
    user.click(editor.adverse.add_button)
    QApplication.processEvents()  # the tab order is redone on the next event-loop turn
    form = editor.adverse.forms[0]
    assert form.description.hasFocus()
    assert _tab(qtbot) is form.severity
    assert _tab(qtbot) is form.time


def test_a_template_switch_keeps_tab_order_through_the_sections(qtbot, editor, user):
    narrative = editor.narrative
    user.choose(narrative.template_combo, "BIRP")
    QApplication.processEvents()
    narrative.template_combo.setFocus()
    for name in ("Behaviour", "Intervention", "Response", "Plan"):
        assert _tab(qtbot) is narrative.editors[name]


def test_labels_have_buddies_for_their_mnemonics(editor):
    for section in editor.sections:
        for label in section.findChildren(QLabel):
            if "&" in label.text() and label.isVisibleTo(editor):
                assert label.buddy() is not None, label.text()
