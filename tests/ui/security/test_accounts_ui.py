"""Accounts in the window: sign-in with your name and passphrase, Switch user on the lock
screen, signing with the passphrase typed again, the forced change at first sign-in."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from security_helpers import PASSPHRASE

from kapnotes.domain.records import Administration, Session
from kapnotes.domain.users import Role
from kapnotes.services import ServiceContext
from kapnotes.store import open_practice
from kapnotes.ui.editor.signing import SignaturePanel
from kapnotes.ui.security.accounts_dialogs import FirstPassphraseDialog, SignWithPassphraseDialog
from kapnotes.ui.security.lock import LockController
from kapnotes.ui.security.unlock_dialog import UnlockDialog

TESS = "therapist own passphrase"


@pytest.fixture
def clinic(encrypted_path):
    with open_practice(encrypted_path, PASSPHRASE) as p:
        p.add_user("Tess Moreau", Role.THERAPIST, TESS, credentials="LCSW", temporary=False)
    return encrypted_path


def _click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_sign_in_picks_a_name_and_that_users_passphrase(qtbot, clinic, fast_throttle):
    dialog = UnlockDialog(clinic, throttle=fast_throttle)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle().startswith("Sign in")
    names = [dialog.user_combo.itemText(i) for i in range(dialog.user_combo.count())]
    assert names[1] == "Tess Moreau" and dialog.user_combo.isVisibleTo(dialog)
    dialog.user_combo.setCurrentText("Tess Moreau")
    qtbot.keyClicks(dialog.passphrase.edit, PASSPHRASE)  # the admin's: not hers
    with qtbot.waitSignal(dialog.opener.finished):
        _click(qtbot, dialog.open_button)
    assert dialog.practice is None and "Wrong passphrase" in dialog.message.text()
    qtbot.keyClicks(dialog.passphrase.edit, TESS)
    with qtbot.waitSignal(dialog.opener.finished):
        _click(qtbot, dialog.open_button)
    assert dialog.practice is not None
    assert dialog.practice.user.name == "Tess Moreau"
    entry = dialog.practice.audit_entries(action="failed_unlock")[0]
    assert entry.actor == "Tess Moreau" and "1 failed sign-in" in entry.detail
    dialog.practice.close()


def test_switch_user_on_the_lock_screen(qtbot, clinic, fast_throttle):
    from security_helpers import NotesWindow

    window = NotesWindow()
    qtbot.addWidget(window)
    window.show()
    practice = open_practice(clinic, PASSPHRASE)
    ctrl = LockController(window, practice, lambda: None, throttle=fast_throttle)
    try:
        with qtbot.waitSignal(ctrl.locked):
            ctrl.lock()
        screen = ctrl.screens[0]
        assert screen.user_combo.isVisibleTo(screen)
        assert screen.user_combo.currentText() == practice.user.name
        screen.user_combo.setCurrentText("Tess Moreau")
        qtbot.keyClicks(screen.passphrase.edit, TESS)
        with qtbot.waitSignal(ctrl.unlocked, timeout=10_000):
            _click(qtbot, screen.unlock_button)
        assert practice.user.name == "Tess Moreau" and practice.actor == "Tess Moreau"
        assert practice.audit_entries(limit=1)[0].action == "sign_in"
        assert practice.verify_audit().ok
    finally:
        ctrl.stop()
        practice.close()


def test_signing_asks_the_signers_passphrase_and_shows_the_signature(qtbot, clinic):
    practice = open_practice(clinic, TESS, user="Tess Moreau")
    try:
        client = practice.list_clients()[0]
        note = Session(client.id, None, date(2026, 3, 1),
                       administrations=[Administration(None, "im", 30.0)])  # fmt: skip
        practice.save_session(note)
        dialog = SignWithPassphraseDialog(ServiceContext(practice), note.id, cosign=False)
        qtbot.addWidget(dialog)
        assert dialog.windowTitle() == "Sign note"
        qtbot.keyClicks(dialog.passphrase.edit, PASSPHRASE)
        _click(qtbot, dialog.ok_button)
        assert not dialog.signed and "Wrong passphrase" in dialog.message.text()
        assert not practice.get_session(note.id).is_signed
        qtbot.keyClicks(dialog.passphrase.edit, TESS)
        _click(qtbot, dialog.ok_button)
        assert dialog.signed
        signed = practice.get_session(note.id)
        panel = SignaturePanel()
        qtbot.addWidget(panel)
        panel.show_session(signed, [])
        text = panel.signature_label.text()
        assert "Electronically signed by Tess Moreau, LCSW, at" in text
        assert practice.user.fingerprint in text
    finally:
        practice.close()


def test_a_temporary_passphrase_must_be_changed_at_first_sign_in(qtbot, clinic):
    with open_practice(clinic, PASSPHRASE) as p:
        p.reset_passphrase("Tess Moreau", "temporary 12345")
    practice = open_practice(clinic, "temporary 12345", user="Tess Moreau")
    try:
        dialog = FirstPassphraseDialog(practice)
        qtbot.addWidget(dialog)
        qtbot.keyClicks(dialog.passphrases.first.edit, "mine, and only mine 7")
        qtbot.keyClicks(dialog.passphrases.second.edit, "mine, and only mine 7")
        _click(qtbot, dialog.ok_button)
        assert dialog.result() == dialog.DialogCode.Accepted
        assert not practice.user.must_change_passphrase
    finally:
        practice.close()
    open_practice(clinic, "mine, and only mine 7", user="Tess Moreau").close()


def test_switching_to_a_temporary_passphrase_asks_for_a_new_one(
    qtbot, clinic, fast_throttle, monkeypatch
):
    from security_helpers import NotesWindow

    with open_practice(clinic, PASSPHRASE) as p:
        p.reset_passphrase("Tess Moreau", "temporary 12345")
    answers = [False, True]  # the forced-change dialog (modal): declined, then done
    monkeypatch.setattr(
        FirstPassphraseDialog, "required",
        classmethod(lambda cls, practice, parent=None: answers.pop(0)),
    )  # fmt: skip
    window = NotesWindow()
    qtbot.addWidget(window)
    window.show()
    practice = open_practice(clinic, PASSPHRASE)
    ctrl = LockController(window, practice, lambda: None, throttle=fast_throttle)
    try:
        ctrl.lock()
        screen = ctrl.screens[0]
        screen.user_combo.setCurrentText("Tess Moreau")
        qtbot.keyClicks(screen.passphrase.edit, "temporary 12345")
        with qtbot.waitSignal(ctrl.checker.finished, timeout=10_000):
            _click(qtbot, screen.unlock_button)
        assert ctrl.is_locked and "Choose your own passphrase" in screen.message.text()
        qtbot.keyClicks(screen.passphrase.edit, "temporary 12345")
        with qtbot.waitSignal(ctrl.unlocked, timeout=10_000):
            _click(qtbot, screen.unlock_button)
        assert practice.user.name == "Tess Moreau"
    finally:
        ctrl.stop()
        practice.close()
