"""Practice-wide commands of the main window: files, security, settings, help.

Encryption, backups, restore, passphrase and settings go through the services; a command that
replaces the practice (open, new, encrypt, restore) hands the new one to `replace_practice`,
and the app swaps windows.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from kapnotes import config
from kapnotes.domain.records import Client
from kapnotes.services import ServiceContext
from kapnotes.services import practice as practice_services
from kapnotes.store import Practice, PracticeError
from kapnotes.ui.security import LockController
from kapnotes.ui.window.actions import shortcut_list
from kapnotes.ui.window.practice_open import explain, open_interactively


class PracticeController:
    """What the File, Edit > Settings, View > Audit trail and Help menus do."""

    def __init__(
        self,
        services: ServiceContext,
        parent: QWidget,
        data_dir: Path,
        lock_controller: LockController,
        replace_practice: Callable[[Practice], None],
        qsettings: QSettings,
        current_client: Callable[[], Client | None],
    ):
        self.services = services
        self.qsettings = qsettings
        self.current_client = current_client
        self.parent = parent
        self.data_dir = Path(data_dir)
        self.lock_controller = lock_controller
        self.replace_practice = replace_practice

    @property
    def practice(self) -> Practice:
        return self.services.practice

    def _reopen(self, path: Path) -> None:
        """Ask for the file again (its passphrase may have changed); switch to it if opened."""
        practice = open_interactively(path, self.parent, self.data_dir)
        if practice is not None:
            self.replace_practice(practice)

    # -- files -----------------------------------------------------------------------------
    def export_data(self) -> None:
        """File > Export…: the practice or the selected client, in a format others read."""
        from kapnotes.ui.transfer import ExportDialog  # on first use

        self.services.save_pending()
        dialog = ExportDialog(self.services, self.current_client(), self.qsettings, self.parent)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()

    def import_data(self) -> None:
        """File > Import…: a KAPNotes JSON file, previewed before anything is added."""
        from kapnotes.ui.transfer import ImportDialog  # on first use

        self.services.save_pending()
        dialog = ImportDialog(self.services, self.qsettings, self.parent)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()

    def new_practice(self) -> None:
        """Create a new, empty practice (with a passphrase) and switch to it."""
        self.services.save_pending()
        from kapnotes.ui.security import NewPracticeDialog  # on first use

        practice = NewPracticeDialog.ask(self.data_dir, self.parent)
        if practice is not None:
            self.replace_practice(practice)

    def open_practice(self) -> None:
        """Open another practice file (asking for its passphrase) and switch to it."""
        self.services.save_pending()
        path, _f = QFileDialog.getOpenFileName(
            self.parent,
            "Open practice",
            str(self.data_dir),
            "KAPNotes practice (*.kapnotes);;All files (*)",  # fmt: skip
        )
        if not path:
            return
        if self.practice.path and Path(path).resolve() == Path(self.practice.path).resolve():
            return
        practice = open_interactively(Path(path), self.parent, self.data_dir)
        if practice is not None:
            self.replace_practice(practice)

    # -- security --------------------------------------------------------------------------
    def lock(self) -> None:
        """Ctrl+L: save, then cover the notes until the passphrase is typed again."""
        self.lock_controller.lock()

    def switch_user(self) -> None:
        """Ctrl+Shift+L: save and lock; a colleague picks their name and signs in with their own
        passphrase (the lock screen switches the practice's user through the services)."""
        self.lock_controller.lock()

    def change_passphrase(self) -> None:
        from kapnotes.ui.security import ChangePassphraseDialog  # on first use

        ChangePassphraseDialog(self.services, self.parent).exec()

    def encrypt_practice(self) -> None:
        """Encrypt a plain practice file in place; a copy of the original goes to the backups."""
        if self.practice.path is None:
            QMessageBox.information(
                self.parent, "Encrypt", "A practice kept in memory cannot be encrypted."
            )
            return
        path = Path(self.practice.path)
        from kapnotes.ui.security.encrypt_dialog import EncryptPracticeDialog

        passphrase = EncryptPracticeDialog.ask(path.name, self.parent)
        if not passphrase:
            return
        try:
            encrypted = practice_services.encrypt(self.services, passphrase)
        except PracticeError as exc:
            explain(self.parent, path, exc)
            self._reopen(path)
            return
        QMessageBox.information(
            self.parent,
            "Encrypt",
            f"The practice is now encrypted.\n\nThe original was kept aside at:\n{encrypted.kept}",
        )
        self.replace_practice(encrypted.practice)

    def backup_restore(self) -> None:
        """Backups: list, back up now, restore (after a restore the window switches to it)."""
        from kapnotes.ui.security import BackupDialog  # on first use

        dialog = BackupDialog(self.services, config.backup_dir(self.data_dir), self.parent)
        dialog.exec()
        if dialog.reopened_practice is not None:
            self.replace_practice(dialog.reopened_practice)
        elif dialog.practice_closed and self.practice.path is not None:
            # The restored file needs its passphrase (it may differ from the current one).
            self._reopen(Path(self.practice.path))

    def show_audit_trail(self) -> None:
        from kapnotes.ui.security import AuditViewer  # on first use

        AuditViewer(self.practice, self.parent).exec()

    def show_rems_forms(self) -> None:
        """View > REMS forms: the 7-day clock of every esketamine session's form."""
        from kapnotes.ui.documents.rems_forms import RemsFormsDialog  # on first use

        self.services.save_pending()
        RemsFormsDialog(self.services, self.parent).exec()

    def show_ledger(self) -> None:
        """Ctrl+Shift+K: stock on hand, lots and entries of the controlled-substance ledger."""
        from kapnotes.ui.ledger.window import LedgerWindow  # on first use

        self.services.save_pending()
        LedgerWindow(self.services, self.parent).exec()

    # -- settings and help -----------------------------------------------------------------
    def edit_settings(self) -> bool:
        """Ctrl+,: the settings dialog; views follow the saved settings (change notification)."""
        from kapnotes.ui.settings.dialog import SettingsDialog  # on first use

        dialog = SettingsDialog(self.services, self.parent)
        return dialog.exec() == QDialog.DialogCode.Accepted

    def show_shortcuts(self) -> None:
        rows = "".join(
            f"<tr><td><b>{html.escape(key)}</b></td><td>{html.escape(what)}</td></tr>"
            for key, what in shortcut_list()
        )
        QMessageBox.information(
            self.parent, "Keyboard shortcuts", f"<table cellspacing=6>{rows}</table>"
        )

    def show_about(self) -> None:
        from kapnotes.ui.window.about_dialog import AboutDialog  # on first use

        AboutDialog(self.data_dir, self.practice.path, self.parent).exec()
