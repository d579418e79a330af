"""Changing the passphrase (re-key) and encrypting a plain practice from the app."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from security_helpers import MARKER, PASSPHRASE

from kapnotes.domain.records import Client
from kapnotes.services import ServiceContext
from kapnotes.store import WrongPassphrase, keyslots, open_practice
from kapnotes.ui.security.change_passphrase import ChangePassphraseDialog

NEW = "copper kettle meadow 7"


def _dialog(qtbot, practice, throttle=None):
    dialog = ChangePassphraseDialog(ServiceContext(practice), throttle=throttle)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _type_new(qtbot, dialog, new=NEW):
    qtbot.keyClicks(dialog.passphrases.first.edit, new)
    qtbot.keyClicks(dialog.passphrases.second.edit, new)


def test_change_passphrase_then_reopen_with_the_new_one(qtbot, encrypted_path):
    practice = open_practice(encrypted_path, PASSPHRASE)
    dialog = _dialog(qtbot, practice)
    assert dialog.windowTitle().startswith("Change passphrase")
    qtbot.keyClicks(dialog.current.edit, PASSPHRASE)
    _type_new(qtbot, dialog)
    with qtbot.waitSignal(dialog.checker.finished):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert practice.audit_entries(action="passphrase")
    practice.close()
    with pytest.raises(WrongPassphrase):
        open_practice(encrypted_path, PASSPHRASE)
    with open_practice(encrypted_path, NEW) as reopened:
        assert reopened.find_client("C-001").name == MARKER


def test_a_wrong_current_passphrase_changes_nothing(qtbot, encrypted_practice, fast_throttle):
    dialog = _dialog(qtbot, encrypted_practice, fast_throttle)
    qtbot.keyClicks(dialog.current.edit, "not it at all")
    _type_new(qtbot, dialog)
    with qtbot.waitSignal(dialog.checker.finished):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.message.text() == "The current passphrase is wrong."
    assert dialog.current.text() == ""
    # With accounts the failure is counted in the user's key slot (audited at the next
    # successful sign-in), so the slow-down survives a restart.
    slots = keyslots.load(encrypted_practice.path)
    assert slots.slots[encrypted_practice.user.name].failures == 1
    assert not encrypted_practice.audit_entries(action="passphrase")


def test_the_new_passphrase_must_differ_and_be_strong(qtbot, encrypted_practice):
    dialog = _dialog(qtbot, encrypted_practice)
    qtbot.keyClicks(dialog.current.edit, PASSPHRASE)
    _type_new(qtbot, dialog, PASSPHRASE)
    assert not dialog.ok_button.isEnabled()
    assert "same as the current" in dialog.problem()
    dialog.passphrases.clear()
    _type_new(qtbot, dialog, "abc")
    assert not dialog.ok_button.isEnabled()


def test_a_plain_practice_gets_the_encrypt_mode(qtbot, practice):
    practice.save_client(Client(name=MARKER, chart="C-001"))
    path = practice.path
    assert path.read_bytes()[:6] == b"SQLite"
    dialog = _dialog(qtbot, practice)
    assert dialog.encrypt_mode
    assert dialog.windowTitle().startswith("Encrypt this practice")
    assert not dialog.current.isVisible()
    _type_new(qtbot, dialog)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    reopened = dialog.reopened_practice
    try:
        assert reopened.is_encrypted
        assert reopened.find_client("C-001").name == MARKER
        assert reopened.audit_entries(action="encrypt")
    finally:
        reopened.close()
    assert path.read_bytes()[:6] != b"SQLite"
    assert dialog.kept_aside is not None and dialog.kept_aside.exists()
    with open_practice(path, NEW) as again:
        assert again.is_encrypted
