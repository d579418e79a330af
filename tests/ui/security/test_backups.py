"""Backups in the app, restoring one, and the damaged-file dialog at start-up."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel
from security_helpers import MARKER, PASSPHRASE

from kapnotes.domain.records import Client
from kapnotes.services import ServiceContext
from kapnotes.store.backup import BackupInfo, backup_now, list_backups
from kapnotes.ui.security.backup_dialog import BackupDialog, RestoreConfirmDialog
from kapnotes.ui.security.backup_model import BackupTableModel
from kapnotes.ui.security.corrupt_dialog import CorruptPracticeDialog


@pytest.fixture
def backup_dir(tmp_path):
    return tmp_path / "backups"


def _dialog(qtbot, practice, backup_dir):
    dialog = BackupDialog(ServiceContext(practice), backup_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_backup_model_passes_the_model_tester(qtmodeltester, tmp_path):
    model = BackupTableModel()
    model.set_rows(
        [
            BackupInfo(tmp_path / "a.kapnotes", datetime(2026, 11, 24, 9, 0), 3_500_000),
            BackupInfo(
                tmp_path / "b.kapnotes", datetime(2026, 11, 23, 9, 0), 812, "before-encrypt"
            ),
        ]
    )
    qtmodeltester.check(model, force_py=True)
    assert model.index(0, BackupTableModel.SIZE).data() == "3.3 MB"
    assert model.index(1, BackupTableModel.KIND).data() == "before encryption"


def test_back_up_now_lists_the_new_backup(qtbot, encrypted_practice, backup_dir):
    dialog = _dialog(qtbot, encrypted_practice, backup_dir)
    assert dialog.model.rowCount() == 0
    assert not dialog.restore_button.isEnabled()
    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    assert dialog.model.rowCount() == 1
    made = list_backups(backup_dir)[0]
    assert made.path.exists() and made.path.read_bytes()[:6] != b"SQLite"
    assert dialog.selected_backup() == made
    assert dialog.restore_button.isEnabled()
    assert dialog.message.text() == "Backup made and checked."
    assert encrypted_practice.audit_entries(action="backup")


def test_restore_brings_back_the_backup_and_keeps_the_current_file(
    qtbot, encrypted_path, backup_dir, monkeypatch
):
    from kapnotes.store import open_practice

    practice = open_practice(encrypted_path, PASSPHRASE)
    backup_now(practice, backup_dir)
    practice.save_client(Client(name="Added After Backup", chart="C-099"))
    dialog = _dialog(qtbot, practice, backup_dir)
    dialog.table.selectRow(0)
    asked = []
    monkeypatch.setattr(
        RestoreConfirmDialog, "ask", lambda *args, **kw: asked.append(args) or PASSPHRASE
    )
    with qtbot.waitSignal(dialog.restored) as signal:
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert asked
    assert signal.args == [encrypted_path]
    assert dialog.result() == QDialog.DialogCode.Accepted
    reopened = dialog.reopened_practice
    try:
        assert reopened.find_client("C-001").name == MARKER
        assert reopened.find_client("C-099") is None
        assert reopened.audit_entries(action="restore")
    finally:
        reopened.close()
    assert dialog.kept_aside.exists()
    with open_practice(dialog.kept_aside, PASSPHRASE) as aside:
        assert aside.find_client("C-099") is not None


def test_a_wrong_backup_passphrase_changes_nothing(
    qtbot, encrypted_practice, backup_dir, monkeypatch
):
    backup_now(encrypted_practice, backup_dir)
    dialog = _dialog(qtbot, encrypted_practice, backup_dir)
    dialog.table.selectRow(0)
    monkeypatch.setattr(RestoreConfirmDialog, "ask", lambda *args, **kw: "not the passphrase")
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert "does not open this backup" in dialog.message.text()
    assert dialog.reopened_practice is None and not dialog.practice_closed
    assert encrypted_practice.find_client("C-001").name == MARKER  # still open and usable


def test_cancelling_the_confirmation_changes_nothing(
    qtbot, encrypted_practice, backup_dir, monkeypatch
):
    backup_now(encrypted_practice, backup_dir)
    dialog = _dialog(qtbot, encrypted_practice, backup_dir)
    dialog.table.selectRow(0)
    monkeypatch.setattr(RestoreConfirmDialog, "ask", lambda *args, **kw: None)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and not dialog.practice_closed


def test_the_confirmation_explains_the_current_file_is_kept(qtbot, tmp_path):
    info = BackupInfo(tmp_path / "clinic-x.kapnotes", datetime(2026, 11, 20, 8, 15), 4096)
    confirm = RestoreConfirmDialog(info, "clinic.kapnotes", True)
    qtbot.addWidget(confirm)
    confirm.show()
    text = " ".join(label.text() for label in confirm.findChildren(QLabel))
    assert "2026-11-20 08:15:00" in text
    assert "is not deleted" in text and "kept aside" in text
    assert confirm.passphrase.isVisible()
    plain = RestoreConfirmDialog(info, "clinic.kapnotes", False)
    qtbot.addWidget(plain)
    plain.show()
    assert not plain.passphrase.isVisible()


def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for offset in range(4096 + 200, min(len(data), 4096 * 3), 7):
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def _corrupt_dialog(qtbot, path, backup_dir):
    dialog = CorruptPracticeDialog(path, backup_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_damaged_file_dialog_offers_the_newest_backup(qtbot, encrypted_practice, backup_dir):
    backup_now(encrypted_practice, backup_dir)
    newest = backup_now(encrypted_practice, backup_dir)
    path = encrypted_practice.path
    encrypted_practice.close()
    _damage(path)
    dialog = _corrupt_dialog(qtbot, path, backup_dir)
    assert "damaged" in dialog.windowTitle()
    assert f"The newest backup is from {datetime.now():%A}" in dialog.newest_label.text()
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.chosen == newest
    assert path.exists()  # never deletes anything


def test_the_damaged_file_dialog_can_choose_another_backup_or_quit(
    qtbot, encrypted_practice, backup_dir, monkeypatch
):
    older = backup_now(encrypted_practice, backup_dir)
    backup_now(encrypted_practice, backup_dir)
    path = encrypted_practice.path
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(older), ""))
    dialog = _corrupt_dialog(qtbot, path, backup_dir)
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    assert dialog.chosen == older
    quitting = _corrupt_dialog(qtbot, path, backup_dir)
    qtbot.mouseClick(quitting.quit_button, Qt.MouseButton.LeftButton)
    assert quitting.chosen is None
    assert quitting.result() == QDialog.DialogCode.Rejected


def test_without_backups_there_is_nothing_to_restore(qtbot, tmp_path, backup_dir):
    dialog = _corrupt_dialog(qtbot, tmp_path / "clinic.kapnotes", backup_dir)
    assert not dialog.restore_button.isEnabled()
    assert "No backup" in dialog.newest_label.text()
