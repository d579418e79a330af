"""Backups in the app: the list, "Back up now" and restoring one (the current file kept aside)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kapnotes.services import ServiceContext
from kapnotes.services import practice as services_practice
from kapnotes.store import Practice, PracticeCorrupt, PracticeError, WrongPassphrase
from kapnotes.store.accounts import database_key_for
from kapnotes.store.backup import BackupInfo, list_backups, verify_file
from kapnotes.ui.common.widgets import action_buttons
from kapnotes.ui.security.backup_model import BackupTableModel, backup_when
from kapnotes.ui.security.widgets import MessageLine, PassphraseField


class RestoreConfirmDialog(QDialog):
    """Explains what a restore does and, for an encrypted practice, asks the backup's passphrase."""

    def __init__(self, info: BackupInfo, practice_file: str, encrypted: bool, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Restore backup — KAPNotes")
        self.setMinimumWidth(460)
        text = QLabel(
            f"Replace the practice with the backup made on {backup_when(info)}?\n\n"
            f"Everything saved after that moment is not in the backup. The current file "
            f"({practice_file}) is not deleted: it is kept aside in the same folder under a "
            "new name, so nothing is lost. KAPNotes then reopens the practice.",
            self,
        )
        text.setWordWrap(True)
        self.passphrase = PassphraseField("passphrase of this backup", self)
        self.passphrase.setVisible(encrypted)
        buttons, self.restore_button = action_buttons(self, "Restore", self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        if encrypted:
            hint = QLabel("The passphrase the practice had when this backup was made:", self)
            hint.setWordWrap(True)
            layout.addWidget(hint)
            layout.addWidget(self.passphrase)
        layout.addWidget(buttons)

    @classmethod
    def ask(cls, info: BackupInfo, practice_file: str, encrypted: bool, parent=None) -> str | None:
        """The passphrase to restore with ("" for an unencrypted practice); None: cancelled."""
        dialog = cls(info, practice_file, encrypted, parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.passphrase.text() if encrypted else ""
        finally:
            dialog.passphrase.clear()
            dialog.deleteLater()


class BackupDialog(QDialog):
    """Lists this practice's backups, makes one now, restores the selected one.

    Restoring closes `practice` (the store restores closed files only) and opens the restored
    file: the caller must switch to `reopened_practice` (also emitted as restored(Path)). When
    reopening fails, `practice_closed` is True and reopened_practice None: ask to unlock again.
    """

    restored = Signal(Path)

    def __init__(
        self, services: ServiceContext, backup_dir: Path | str, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.services = services
        self.practice = services.practice
        self.backup_dir = Path(backup_dir)
        self.reopened_practice: Practice | None = None
        self.kept_aside: Path | None = None
        self.practice_closed = False
        self.setWindowTitle("Backups — KAPNotes")
        self.resize(560, 420)

        where = QLabel(f"Backups are kept in {self.backup_dir}", self)
        where.setObjectName("muted")
        where.setWordWrap(True)
        where.setTextFormat(Qt.TextFormat.PlainText)
        self.model = BackupTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.message = MessageLine(self)
        self.backup_button = QPushButton("Back up now", self)
        self.restore_button = QPushButton("Restore selected…", self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.backup_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(where)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.refresh()

    def refresh(self) -> None:
        """Read the backup folder again."""
        stem = self.practice.path.stem if self.practice.path else None
        self.model.set_rows(list_backups(self.backup_dir, stem))
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(
            not self.practice_closed and self.selected_backup() is not None
        )
        self.backup_button.setEnabled(not self.practice_closed)

    def selected_backup(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.backup(rows[0].row()) if rows else None

    def back_up_now(self) -> None:
        """Write a verified backup and select it in the list."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            made = services_practice.back_up(self.services, self.backup_dir)
        except PracticeError as exc:
            self.message.show_error(str(exc))
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.refresh()
        row = self.model.row_of(made)
        if row >= 0:
            self.table.selectRow(row)
        self.message.show_ok("Backup made and checked.")

    def restore_selected(self) -> None:
        """Confirm, check the backup opens, then put it in place and reopen the practice."""
        info = self.selected_backup()
        if info is None or self.practice.path is None:
            return
        path = self.practice.path
        passphrase = RestoreConfirmDialog.ask(info, path.name, self.practice.is_encrypted, self)
        if passphrase is None:
            return
        user = self.practice.user.name if self.practice.user is not None else None
        try:
            # With accounts: your passphrase opens your slot in the backup's own key file.
            key = database_key_for(info.path, passphrase or None, user)
            verify_file(info.path, key)  # before anything is closed or moved
        except WrongPassphrase:
            self.message.show_error("That passphrase does not open this backup; nothing changed.")
            return
        except PracticeCorrupt:
            self.message.show_error("This backup is damaged; choose another. Nothing changed.")
            return
        except PracticeError as exc:
            self.message.show_error(f"{exc} Nothing changed.")
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.practice_closed = True  # the service closes it before the restore
            restored = services_practice.restore(self.services, info.path, passphrase or None)
            self.reopened_practice, self.kept_aside = restored.practice, restored.kept
        except PracticeError as exc:
            self.message.show_error(f"{exc} Open the practice again to continue.")
            self._update_buttons()
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.restored.emit(path)
        self.accept()
