"""Signing makes the whole note read-only; corrections go in addenda with time and author."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
)

from kapnotes.domain.records import AdverseEvent, ScaleScore, ThemeTag
from kapnotes.domain.settings import Clinician
from kapnotes.ui.editor.signing import SignDialog


def _press_sign_shortcut(qtbot, editor):
    editor.activateWindow()
    editor.overview.intention_edit.setFocus()
    qtbot.keyClick(
        editor.overview.intention_edit,
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )


def test_signing_makes_every_editor_read_only(qtbot, editor, user, practice, clinic, monkeypatch, new_session):  # fmt: skip
    sid = new_session(
        kind="dosing",
        adverse_events=[AdverseEvent("Dizzy", "mild")],
        themes=[ThemeTag("grief", "")],
        scales=[ScaleScore("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 0])],
    )
    editor.load_session(sid)
    user.click(editor.dosing.table.add_button)
    user.edit_cell(editor.dosing.table, 0, 3, "30")
    user.click(editor.vitals.table.add_button)
    user.edit_cell(editor.vitals.table, 0, 2, "120")
    user.type_into(editor.narrative.editors["Note"], "Calm session.")
    asked = []

    def ask(clinicians, parent=None):
        asked.append([c.name for c in clinicians])
        return clinicians[0]

    monkeypatch.setattr(SignDialog, "ask", staticmethod(ask))
    with qtbot.waitSignal(editor.sessionChanged, timeout=3000) as changed:
        _press_sign_shortcut(qtbot, editor)
    assert changed.args == [sid]
    assert asked == [["Ana Ruiz"]]
    stored = practice.get_session(sid)
    assert (stored.signed_by, stored.signed_credentials) == ("Ana Ruiz", "MD")
    assert stored.narrative == {"Note": "Calm session."}
    assert stored.administrations[0].mg == 30

    # Rows of the draft that were replaced on reload go away on the next event-loop turn.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    for section in editor.sections:
        for w in section.findChildren(QLineEdit) + section.findChildren(QPlainTextEdit):
            assert w.isReadOnly(), (section.title(), w.accessibleName())
        for w in section.findChildren(QAbstractSpinBox):
            assert w.isReadOnly()
        for w in section.findChildren(QComboBox):
            assert not w.isEnabled() or not w.isVisibleTo(editor), section.title()
        for w in section.findChildren(QAbstractButton):
            if w.accessibleName().startswith("Show or hide"):
                continue  # folding a scale's items changes the view, not the note
            assert not w.isEnabled() or not w.isVisibleTo(editor), (section.title(), w.text())
    for table in (editor.dosing.table, editor.vitals.table):
        assert table.view.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
        assert not table.model.flags(table.model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    assert all(box.isReadOnly() for box in editor.scales.editor.form("phq9").inputs)
    assert not editor.sign_button.isEnabled()
    assert not editor.live_button.isEnabled()

    # Typing at a signed note changes nothing on screen or in the store.
    user.type_into(editor.narrative.editors["Note"], " More")
    user.click(editor.dosing.table.add_button)
    editor.flush()
    assert editor.narrative.editors["Note"].toPlainText() == "Calm session."
    assert practice.get_session(sid).narrative == {"Note": "Calm session."}
    assert editor.dosing.model.rowCount() == 1


def test_an_addendum_is_stored_and_listed_under_the_note(qtbot, editor, user, practice, clinic, monkeypatch):  # fmt: skip
    settings = practice.settings()
    settings.clinicians.append(Clinician("Sam Ode", "LMFT"))
    practice.save_settings(settings)
    editor.reload_settings()
    monkeypatch.setattr(SignDialog, "ask", staticmethod(lambda clinicians, parent=None: clinicians[0]))  # fmt: skip
    user.click(editor.sign_button)
    panel = editor.signature
    assert panel.add_box.isVisible()
    assert "Signed by Ana Ruiz, MD" in panel.signature_label.text()
    user.type_into(panel.text_edit, "Dose was 35 mg, not 30 mg.")
    user.choose(panel.author_combo, "Sam Ode, LMFT")
    asked = []

    def confirm(parent, title, text, *args):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", confirm)
    with qtbot.waitSignal(editor.saved, timeout=3000):
        user.click(panel.add_button)
    assert "permanent" in asked[0]  # an addendum cannot be undone: confirmed first
    actors = {e.action: e.actor for e in practice.audit_entries(client_id=clinic["client"].id)}
    assert (actors["sign"], actors["addendum"]) == ("Ana Ruiz", "Sam Ode")
    [addendum] = practice.get_session(clinic["session_id"]).addenda
    assert (addendum.text, addendum.author) == ("Dose was 35 mg, not 30 mg.", "Sam Ode, LMFT")
    assert panel.text_edit.toPlainText() == ""
    [label] = panel.addendum_labels
    assert "Sam Ode, LMFT" in label.text() and "Dose was 35 mg" in label.text()


def test_signing_without_clinician_profiles_points_to_settings(qtbot, editor, practice, clinic, monkeypatch):  # fmt: skip
    settings = practice.settings()
    settings.clinicians = []
    practice.save_settings(settings)
    editor.reload_settings()
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: told.append(text))  # fmt: skip
    monkeypatch.setattr(SignDialog, "ask", staticmethod(lambda *a, **k: 1 / 0))
    _press_sign_shortcut(qtbot, editor)
    assert told and "Settings" in told[0]
    assert not practice.get_session(clinic["session_id"]).is_signed


def test_a_cancelled_signing_leaves_the_draft_editable(editor, user, practice, clinic, monkeypatch):
    monkeypatch.setattr(SignDialog, "ask", staticmethod(lambda *a, **k: None))
    user.click(editor.sign_button)
    assert not practice.get_session(clinic["session_id"]).is_signed
    assert not editor.overview.intention_edit.isReadOnly()


def test_a_note_with_errors_is_not_signed(editor, user, practice, clinic, monkeypatch):
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warned.append(text))  # fmt: skip
    monkeypatch.setattr(SignDialog, "ask", staticmethod(lambda c, parent=None: c[0]))
    user.click(editor.dosing.table.add_button)
    user.edit_cell(editor.dosing.table, 0, 3, "-1")
    user.click(editor.sign_button)
    assert warned and "error" in warned[0]
    assert not practice.get_session(clinic["session_id"]).is_signed


def test_sign_dialog_offers_the_clinicians(qtbot):
    dialog = SignDialog([Clinician("Ana Ruiz", "MD"), Clinician("Sam Ode", "LMFT")])
    qtbot.addWidget(dialog)
    assert [dialog.combo.itemText(i) for i in range(dialog.combo.count())] == [
        "Ana Ruiz, MD",
        "Sam Ode, LMFT",
    ]
    dialog.combo.setCurrentIndex(1)
    assert dialog.chosen().name == "Sam Ode"


def test_an_unfinished_addendum_stays_with_its_note(editor, user, practice, clinic, new_session, monkeypatch):  # fmt: skip
    monkeypatch.setattr(SignDialog, "ask", staticmethod(lambda c, parent=None: c[0]))
    user.click(editor.sign_button)
    other = new_session(kind="integration")
    practice.sign_session(other, "Ana Ruiz", "MD")
    user.type_into(editor.signature.text_edit, "Half a correction")
    editor.load_session(other)
    assert editor.signature.text_edit.toPlainText() == ""
    editor.load_session(clinic["session_id"])
    assert editor.signature.text_edit.toPlainText() == "Half a correction"
    assert practice.get_session(other).addenda == []
