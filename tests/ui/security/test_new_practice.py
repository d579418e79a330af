"""Creating an encrypted practice: strength meter, confirmation, no overwriting."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog
from security_helpers import PASSPHRASE

from kapnotes.store import WrongPassphrase, open_practice
from kapnotes.ui.security.new_practice import NewPracticeDialog

SQLITE_HEADER = b"SQLite format 3\x00"


@pytest.fixture(autouse=True)
def sheet_saved_to(tmp_path, monkeypatch):
    """The save dialog for the Emergency access sheet (modal): answered with a path."""
    target = tmp_path / "sheet" / "emergency-access.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "PDF"))
    )
    return target


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
        assert reopened.user.is_admin

        assert reopened.settings().practice_name == "Riverside KAP"
    try:
        open_practice(path, "another passphrase here")
    except WrongPassphrase:
        pass
    else:
        raise AssertionError("a wrong passphrase opened the new practice")


def test_the_emergency_access_sheet_is_saved_before_the_practice_opens(
    qtbot, tmp_path, sheet_saved_to
):
    import subprocess

    dialog = _dialog(qtbot, tmp_path)
    dialog.user_name.setText("")
    qtbot.keyClicks(dialog.user_name, "Dr. Ada Lind")
    qtbot.keyClicks(dialog.credentials, "MD")
    _fill(qtbot, dialog, "Lind KAP", PASSPHRASE, PASSPHRASE)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    practice = dialog.practice
    try:
        assert practice.user.name == "Dr. Ada Lind" and practice.user.credentials == "MD"
        text = subprocess.run(
            ["pdftotext", "-layout", str(sheet_saved_to), "-"], capture_output=True, text=True
        ).stdout
        key = practice.recovery_key().upper()
        grouped = " ".join(key[i : i + 4] for i in range(0, 64, 4))
        assert "Emergency access" in text and "Lind KAP" in text
        assert f"Recovery key: {grouped}" in text
        assert practice.user.fingerprint in text
    finally:
        practice.close()


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
