"""Issue 12 in the editor: nothing changes by accident, the impossible is refused on screen,
plans are plans, signed notes look signed, the layout stays put while typing."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from kapnotes.domain.records import Administration, Session
from kapnotes.ui.editor.signing import SignDialog

ROLE = Qt.ItemDataRole


def stored(practice, clinic) -> Session:
    return practice.get_session(clinic["session_id"])


def test_a_mistyped_date_is_kept_with_an_error_and_never_replaced(qtbot, editor, user, practice, clinic):  # fmt: skip
    field = editor.overview.date_edit
    user.replace_text(field, "2027-06-01")  # QDateEdit stored this as 2026-06-01
    editor.flush()
    assert stored(practice, clinic).date == date(2027, 6, 1)
    assert "in the future" in editor.overview.date_message.text()  # a warning, not a block
    user.replace_text(field, "2026-13-01")
    editor.flush()
    assert field.text() == "2026-13-01"
    assert "not a date" in editor.overview.date_message.text()
    assert stored(practice, clinic).date == date(2027, 6, 1)  # the last good date, unchanged


def test_the_down_arrow_in_the_date_changes_nothing(qtbot, editor, user, practice, clinic):
    field = editor.overview.date_edit
    field.setFocus()
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown):
        qtbot.keyClick(field, key)
    assert field.text() == "2026-11-20"
    assert not editor.autosave.pending


def test_a_session_before_consent_or_course_start_warns_beside_the_date(qtbot, editor, user):
    user.replace_text(editor.overview.date_edit, "2026-09-15")  # consent 10-01, course 11-01
    text = editor.overview.date_message.text()
    assert "before the client's consent" in text and "before the course start" in text


def test_changing_the_kind_asks_first_when_sections_hold_content(qtbot, editor, user, practice, clinic, monkeypatch):  # fmt: skip
    user.click(editor.dosing.table.add_button)
    user.edit_cell(editor.dosing.table, 0, 3, "75")
    editor.flush()
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes]
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a: asked.append(a[2]) or answers.pop(0))
    combo = editor.overview.kind_combo
    assert combo.currentData() == "dosing" and combo.itemData(combo.currentIndex() + 1) == "integration"  # fmt: skip
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # one arrow press to Integration
    assert "Dosing" in asked[0]
    assert editor.overview.kind_combo.currentData() == "dosing"  # cancelled: unchanged
    editor.flush()
    assert stored(practice, clinic).kind == "dosing"
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    editor.flush()
    after = stored(practice, clinic)
    assert after.kind == "integration" and after.administrations[0].mg == 75  # nothing lost
    assert editor.dosing.isVisible()  # a section holding content stays on the note


def test_impossible_vitals_are_refused_in_the_cell_and_not_stored(qtbot, editor, user, practice, clinic):  # fmt: skip
    table = editor.vitals.table
    user.click(table.add_button)
    user.edit_cell(table, 0, 2, "120")
    user.edit_cell(table, 0, 2, "300")
    user.edit_cell(table, 0, 5, "101")
    assert table.model.index(0, 2).data() == "300"
    assert "impossible" in editor.vitals.message.text()
    editor.flush()
    v = stored(practice, clinic).vitals[0]
    assert (v.systolic, v.spo2) == (120, None)


def test_a_negative_dose_over_a_good_one_keeps_the_total(qtbot, editor, user, practice, clinic):
    table = editor.dosing.table
    user.click(table.add_button)
    user.edit_cell(table, 0, 0, "10:05")
    user.edit_cell(table, 0, 3, "30")
    user.edit_cell(table, 0, 3, "-20")
    assert "Total: 30 mg" in editor.dosing.totals_label.text()
    editor.flush()
    assert stored(practice, clinic).administrations[0].mg == 30


def test_clearing_a_stored_dose_keeps_the_administration(qtbot, editor, user, practice, clinic):
    table = editor.dosing.table
    user.click(table.add_button)
    user.edit_cell(table, 0, 0, "10:05")
    user.edit_cell(table, 0, 3, "30")
    editor.flush()
    user.edit_cell(table, 0, 3, " ")  # a row without a dose is not stored: it must not vanish
    editor.flush()
    assert [a.mg for a in stored(practice, clinic).administrations] == [30]
    assert "delete its row" in table.model.data(table.model.index(0, 3), ROLE.ToolTipRole)


def test_the_session_number_shows_and_clears(qtbot, editor, user, practice, clinic):
    assert stored(practice, clinic).number == 1
    assert editor.overview.number_edit.text() == "1"  # the merge once showed every number blank
    user.replace_text(editor.overview.number_edit, "")
    qtbot.keyClick(editor.overview.number_edit, Qt.Key.Key_Delete)  # the selection goes
    editor.flush()
    assert stored(practice, clinic).number is None


def test_impossible_minutes_are_refused_beside_the_field(qtbot, editor, user, practice, clinic):
    edit = editor.dosing.timing_edits["onset_min"]
    user.replace_text(edit, "-5")
    assert "impossible" in editor.dosing.timing_message.text()
    editor.flush()
    assert stored(practice, clinic).dosing.onset_min is None


def test_a_planned_dose_shows_as_planned_and_one_key_gives_or_drops_it(qtbot, editor, user, practice, clinic):  # fmt: skip
    s = stored(practice, clinic)
    s.kind = "dosing"
    s.administrations = [
        Administration(None, "im", 50.0, planned=True),
        Administration(None, "im", 25.0, planned=True),
    ]
    practice.save_session(s)
    editor.reload()
    model, view = editor.dosing.model, editor.dosing.table.view
    assert model.index(0, 0).data() == "planned" and model.index(0, 0).data(ROLE.FontRole).italic()  # fmt: skip
    assert editor.dosing.plan_box.isVisible()
    assert "No dose given yet" in editor.dosing.totals_label.text()
    view.setFocus()
    view.setCurrentIndex(model.index(1, 3))
    qtbot.keyClick(view, Qt.Key.Key_Delete)  # dropped: it was not given
    view.setCurrentIndex(model.index(0, 3))
    qtbot.keyClick(view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)  # given
    assert not model.record(0).planned  # given: it counts from now on
    QApplication.processEvents()
    user.edit_cell(editor.dosing.table, 0, 0, "10:10")  # the time it was given
    editor.flush()
    [dose] = stored(practice, clinic).administrations
    assert (dose.planned, dose.mg, dose.time) == (False, 50.0, time(10, 10))
    assert "Total: 50 mg" in editor.dosing.totals_label.text()
    assert not editor.dosing.plan_box.isVisible()


def test_a_new_row_is_given_by_the_person_acting(qtbot, editor, user, practice, clinic):
    practice.actor = "Ana Ruiz"
    editor.reload()
    user.click(editor.dosing.table.add_button)
    assert editor.dosing.model.record(0).given_by == "Ana Ruiz"


def test_a_cell_editor_has_a_visible_frame(qtbot, editor, user):
    table = editor.vitals.table
    user.click(table.add_button)
    editor_widget = QApplication.focusWidget()
    assert isinstance(editor_widget, QLineEdit) and table.view.isAncestorOf(editor_widget)
    assert editor_widget.hasFrame() and editor_widget.autoFillBackground()


def test_a_signed_note_looks_read_only_and_says_how_to_add(qtbot, editor, user, practice, clinic, monkeypatch):  # fmt: skip
    monkeypatch.setattr(SignDialog, "ask", staticmethod(lambda clinicians, parent=None: clinicians[0]))  # fmt: skip
    user.click(editor.sign_button)
    banner = editor.header.signed_banner
    assert banner.isVisible() and "addendum" in banner.text()
    assert not editor.sign_button.isVisible()
    assert not editor.dosing.table.add_button.isVisible()  # no edit affordances
    assert not editor.overview.start_edit.hasFrame()
    user.click(editor.header.addendum_button)
    assert editor.signature.text_edit.hasFocus()
    user.type_into(editor.signature.text_edit, "Correction.")
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Cancel)
    user.click(editor.signature.add_button)
    assert stored(practice, clinic).addenda == []  # not confirmed: not stored
    assert editor.signature.text_edit.toPlainText() == "Correction."  # and not lost


def test_the_findings_box_keeps_its_height_while_typing(qtbot, editor, user):
    bar = editor.findings_bar
    top = editor.scroll_area.geometry().top()
    heights = set()
    field = editor.overview.start_edit
    field.setFocus()
    field.selectAll()
    for ch in "2x1:3":  # errors come and go while typing
        qtbot.keyClicks(field, ch)
        QApplication.processEvents()
        heights.add(bar.height())
        assert editor.scroll_area.geometry().top() == top  # the form never moves down
    assert len(heights) == 1
