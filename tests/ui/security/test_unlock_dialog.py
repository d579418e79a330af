"""The unlock dialog: right and wrong passphrases, the slow-down, other errors, damaged files."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel
from security_helpers import PASSPHRASE

from kapnotes.store import PracticeCorrupt
from kapnotes.ui.security.unlock_dialog import UnlockDialog


def _dialog(qtbot, path, throttle=None):
    dialog = UnlockDialog(path, throttle=throttle)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _attempt(qtbot, dialog, text):
    qtbot.keyClicks(dialog.passphrase.edit, text)
    with qtbot.waitSignal(dialog.opener.finished):
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)


def test_the_right_passphrase_opens_the_practice(qtbot, encrypted_path):
    dialog = _dialog(qtbot, encrypted_path)
    assert dialog.passphrase.edit.echoMode() == dialog.passphrase.edit.EchoMode.Password
    _attempt(qtbot, dialog, PASSPHRASE)
    assert dialog.result() == QDialog.DialogCode.Accepted
    practice = dialog.practice
    try:
        assert practice.is_encrypted
        assert practice.settings().practice_name == "Riverside KAP"
        assert not practice.audit_entries(action="failed_unlock")
    finally:
        practice.close()


def test_the_dialog_names_the_practice_file(qtbot, encrypted_path):
    dialog = _dialog(qtbot, encrypted_path)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert any(encrypted_path.name in text for text in texts)


def test_a_wrong_passphrase_says_so_clears_the_field_and_keeps_focus(qtbot, encrypted_path):
    dialog = _dialog(qtbot, encrypted_path)
    _attempt(qtbot, dialog, "not the passphrase")
    assert dialog.isVisible()
    assert dialog.message.isVisible()
    assert dialog.message.text() == "Wrong passphrase."
    assert dialog.passphrase.text() == ""
    assert dialog.focusWidget() is dialog.passphrase.edit
    assert dialog.open_button.isEnabled()


def test_show_toggle_reveals_and_hides_the_passphrase(qtbot, encrypted_path):
    dialog = _dialog(qtbot, encrypted_path)
    edit = dialog.passphrase.edit
    qtbot.mouseClick(dialog.passphrase.toggle, Qt.MouseButton.LeftButton)
    assert edit.echoMode() == edit.EchoMode.Normal
    qtbot.mouseClick(dialog.passphrase.toggle, Qt.MouseButton.LeftButton)
    assert edit.echoMode() == edit.EchoMode.Password


def test_an_empty_passphrase_is_not_tried(qtbot, encrypted_path):
    dialog = _dialog(qtbot, encrypted_path)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Type the passphrase."
    assert not dialog.opener.busy


def test_repeated_failures_make_the_user_wait_then_allow_again(
    qtbot, encrypted_path, fast_throttle
):
    dialog = _dialog(qtbot, encrypted_path, fast_throttle)
    for _ in range(2):
        _attempt(qtbot, dialog, "wrong guess")
        assert dialog.open_button.isEnabled()
    _attempt(qtbot, dialog, "wrong guess")
    assert not dialog.open_button.isEnabled()
    assert "s)" in dialog.open_button.text()
    assert "Wait" in dialog.message.text()
    # A click while waiting does nothing.
    qtbot.keyClicks(dialog.passphrase.edit, PASSPHRASE)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert not dialog.opener.busy and dialog.practice is None
    with qtbot.waitSignal(fast_throttle.released):
        pass
    assert dialog.open_button.isEnabled()
    assert dialog.open_button.text() == "Open"
    with qtbot.waitSignal(dialog.opener.finished):
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    practice = dialog.practice
    try:
        failed = practice.audit_entries(action="failed_unlock")
        assert len(failed) == 1
        assert "3 failed sign-in(s)" in failed[0].detail  # counted in the key slot
    finally:
        practice.close()


def test_the_wait_doubles_up_to_the_cap(fast_throttle):
    delays = [fast_throttle.delay_for(n) for n in range(1, 8)]
    assert delays == [0, 0, 60, 120, 200, 200, 200]


def test_a_missing_file_is_explained_in_the_dialog(qtbot, tmp_path):
    dialog = _dialog(qtbot, tmp_path / "gone.kapnotes")
    _attempt(qtbot, dialog, PASSPHRASE)
    assert dialog.isVisible()
    assert "gone.kapnotes" in dialog.message.text()
    assert "Traceback" not in dialog.message.text()


def test_a_file_that_is_not_a_practice_is_explained(qtbot, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("shopping list\n" * 200)
    dialog = _dialog(qtbot, path)
    _attempt(qtbot, dialog, PASSPHRASE)
    assert dialog.isVisible()
    assert "not a KAPNotes practice" in dialog.message.text()


def _damage(path):
    data = bytearray(path.read_bytes())
    for offset in range(4096 + 200, min(len(data), 4096 * 3), 7):
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def test_ask_hands_a_damaged_file_to_the_caller(qtbot, encrypted_path, monkeypatch):
    _damage(encrypted_path)

    def run(dialog):
        dialog.show()
        qtbot.keyClicks(dialog.passphrase.edit, PASSPHRASE)
        with qtbot.waitSignal(dialog.opener.finished):
            qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(UnlockDialog, "exec", run)
    with pytest.raises(PracticeCorrupt):
        UnlockDialog.ask(encrypted_path)
    assert encrypted_path.exists()


def test_ask_returns_none_when_cancelled(qtbot, encrypted_path, monkeypatch):
    def run(dialog):
        dialog.show()
        qtbot.keyClicks(dialog.passphrase.edit, "half typed")
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        return dialog.result()

    monkeypatch.setattr(UnlockDialog, "exec", run)
    assert UnlockDialog.ask(encrypted_path) is None


def test_a_practice_open_in_another_copy_is_explained(qtbot, encrypted_path):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from kapnotes.store import open_practice\n"
            "p = open_practice(sys.argv[1], sys.argv[2])\n"
            "print('open', flush=True)\n"
            "sys.stdin.read()\n",
            str(encrypted_path),
            PASSPHRASE,
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        dialog = _dialog(qtbot, encrypted_path)
        _attempt(qtbot, dialog, PASSPHRASE)
        assert dialog.isVisible() and dialog.practice is None
        assert "another KAPNotes" in dialog.message.text()
        assert dialog.throttle.failures == 0  # not a wrong passphrase
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def test_wrong_passphrases_before_the_right_one_are_audited(qtbot, encrypted_path, monkeypatch):
    monkeypatch.setattr("kapnotes.store.crypto.sleep", lambda seconds: None)
    dialog = _dialog(qtbot, encrypted_path)
    _attempt(qtbot, dialog, "first wrong guess")
    _attempt(qtbot, dialog, "second wrong guess")
    _attempt(qtbot, dialog, PASSPHRASE)
    practice = dialog.practice
    try:
        entries = practice.audit_entries(action="failed_unlock")
        assert [e.detail for e in entries] == [
            f"2 failed sign-in(s) as {practice.user.name} before this one"
        ]
        assert "guess" not in str(practice.audit_entries())
    finally:
        practice.close()
