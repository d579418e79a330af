"""Creating an encrypted practice: strength meter, confirmation, no overwriting."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from security_helpers import PASSPHRASE

from kapnotes.store import WrongPassphrase, open_practice
from kapnotes.ui.security.new_practice import NewPracticeDialog

SQLITE_HEADER = b"SQLite format 3\x00"


def _dialog(qtbot, directory):
    dialog = NewPracticeDialog(directory)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _fill(qtbot, dialog, name, first, second):
    qtbot.keyClicks(dialog.practice_name, name)
    qtbot.keyClicks(dialog.passphrases.first.edit, first)
    qtbot.keyClicks(dialog.passphrases.second.edit, second)


def test_creates_an_encrypted_practice_with_its_name(qtbot, tmp_path):
    dialog = _dialog(qtbot, tmp_path)
    _fill(qtbot, dialog, "Riverside KAP", PASSPHRASE, PASSPHRASE)
    assert dialog.create_button.isEnabled()
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    dialog.practice.close()
    path = tmp_path / "practice.kapnotes"
    assert path.read_bytes()[:16] != SQLITE_HEADER
    assert path.stat().st_mode & 0o077 == 0
    with open_practice(path, PASSPHRASE) as reopened:
        assert reopened.is_encrypted
        assert reopened.settings().practice_name == "Riverside KAP"
    try:
        open_practice(path, "another passphrase here")
    except WrongPassphrase:
        pass
    else:
        raise AssertionError("a wrong passphrase opened the new practice")


def test_the_meter_follows_the_passphrase_and_create_waits_for_fair(qtbot, tmp_path):
    dialog = _dialog(qtbot, tmp_path)
    qtbot.keyClicks(dialog.practice_name, "Riverside KAP")
    meter = dialog.passphrases.meter
    qtbot.keyClicks(dialog.passphrases.first.edit, "password1")
    assert meter.label.text() == "Strength: very weak"
    assert "common" in meter.hint.text()
    qtbot.keyClicks(dialog.passphrases.second.edit, "password1")
    assert not dialog.create_button.isEnabled()
    for field in (dialog.passphrases.first.edit, dialog.passphrases.second.edit):
        field.clear()
        qtbot.keyClicks(field, "short1!")
    assert not dialog.create_button.isEnabled()
    assert "10 characters" in dialog.message.text()
    for field in (dialog.passphrases.first.edit, dialog.passphrases.second.edit):
        field.clear()
        qtbot.keyClicks(field, PASSPHRASE)
    assert meter.label.text() == "Strength: strong"
    assert meter.bar.value() == 4
    assert dialog.create_button.isEnabled()


def test_create_waits_until_the_two_passphrases_match(qtbot, tmp_path):
    dialog = _dialog(qtbot, tmp_path)
    _fill(qtbot, dialog, "Riverside KAP", PASSPHRASE, PASSPHRASE[:-1])
    assert not dialog.create_button.isEnabled()
    assert dialog.passphrases.match.text() == "The two passphrases do not match yet."
    qtbot.keyClicks(dialog.passphrases.second.edit, PASSPHRASE[-1])
    assert dialog.passphrases.match.text() == "The two passphrases match."
    assert dialog.create_button.isEnabled()


def test_an_existing_file_is_never_overwritten(qtbot, tmp_path):
    existing = tmp_path / "practice.kapnotes"
    existing.write_bytes(b"precious")
    dialog = _dialog(qtbot, tmp_path)
    _fill(qtbot, dialog, "Riverside KAP", PASSPHRASE, PASSPHRASE)
    assert not dialog.create_button.isEnabled()
    assert "already exists" in dialog.message.text()
    dialog.file_name.clear()
    qtbot.keyClicks(dialog.file_name, "second")
    assert dialog.create_button.isEnabled()
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    dialog.practice.close()
    assert existing.read_bytes() == b"precious"
    assert (tmp_path / "second.kapnotes").exists()


def test_the_practice_name_is_required(qtbot, tmp_path):
    dialog = _dialog(qtbot, tmp_path)
    _fill(qtbot, dialog, "", PASSPHRASE, PASSPHRASE)
    assert not dialog.create_button.isEnabled()
    assert "practice name" in dialog.message.text()


def test_cancel_creates_nothing(qtbot, tmp_path):
    dialog = _dialog(qtbot, tmp_path)
    _fill(qtbot, dialog, "Riverside KAP", PASSPHRASE, PASSPHRASE)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.practice is None
    assert not (tmp_path / "practice.kapnotes").exists()
    assert dialog.passphrases.text() == ""
