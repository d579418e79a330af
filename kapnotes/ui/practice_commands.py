"""Practice-wide commands of the main window: files, security, settings, help (a mixin)."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from kapnotes import __version__, config
from kapnotes.store import PracticeError, encrypt_practice, open_practice
from kapnotes.ui.actions import shortcut_list
from kapnotes.ui.practice_open import explain, open_interactively
from kapnotes.ui.security import (
    AuditViewer,
    BackupDialog,
    ChangePassphraseDialog,
    LockController,
    NewPracticeDialog,
)
from kapnotes.ui.settings_dialog import SettingsDialog


class PracticeCommands:
    """Mixin for MainWindow: open/new practice, passphrase, backup, lock, audit, settings."""

    def wire_security(self) -> None:
        """Connect the lock; a plain practice can be encrypted, an encrypted one re-keyed."""
        if self.practice.is_encrypted:
            self.menu_actions["encrypt"].setEnabled(False)
        else:
            self.menu_actions["change_passphrase"].setEnabled(False)
        self.lock_controller = LockController(
            self, self.practice, before_lock=self.editor.flush, parent=self
        )
        # Unlocking re-enables what locking disabled; selection-based states come after.
        self.lock_controller.unlocked.connect(self.update_actions)
        # Whoever signed in on the lock screen now acts (Switch user).
        self.lock_controller.unlocked.connect(self.fill_clinicians)
        self.menu_actions["switch_user"].setEnabled(self.practice.user is not None)

    # -- files -----------------------------------------------------------------------------
    def new_practice(self) -> None:
        """Create a new, empty practice (with a passphrase) and switch to it."""
        self.editor.flush()
        practice = NewPracticeDialog.ask(self.data_dir, self)
        if practice is not None:
            self.practiceOpened.emit(practice)

    def open_practice(self) -> None:
        """Open another practice file (asking for its passphrase) and switch to it."""
        self.editor.flush()
        path, _f = QFileDialog.getOpenFileName(
            self,
            "Open practice",
            str(self.data_dir),
            "KAPNotes practice (*.kapnotes);;All files (*)",  # fmt: skip
        )
        if not path:
            return
        if self.practice.path and Path(path).resolve() == Path(self.practice.path).resolve():
            return
        practice = open_interactively(Path(path), self, self.data_dir)
        if practice is not None:
            self.practiceOpened.emit(practice)

    # -- security --------------------------------------------------------------------------
    def lock(self) -> None:
        """Ctrl+L: save, then cover the notes until the passphrase is typed again."""
        self.editor.flush()
        if self.lock_controller is not None:
            self.lock_controller.lock()

    def switch_user(self) -> None:
        """Ctrl+Shift+L: save and lock; a colleague picks their name and signs in."""
        self.lock()

    def change_passphrase(self) -> None:
        self.editor.flush()
        ChangePassphraseDialog(self.practice, self).exec()

    def encrypt_practice(self) -> None:
        """Encrypt a plain practice file in place; a copy of the original goes to the backups."""
        if self.practice.path is None:
            QMessageBox.information(
                self, "Encrypt", "A practice kept in memory cannot be encrypted."
            )
            return
        from kapnotes.ui.encrypt_dialog import EncryptPracticeDialog

        path = Path(self.practice.path)
        passphrase = EncryptPracticeDialog.ask(path.name, self)
        if not passphrase:
            return
        self.editor.flush()
        self.practice.close()  # the store converts closed files only
        try:
            kept = encrypt_practice(path, passphrase)
            practice = open_practice(path, passphrase)
            practice.record_event("encrypt", detail=f"original kept as {kept.name}")
        except PracticeError as exc:
            explain(self, path, exc)
            practice = open_interactively(path, self, self.data_dir)
            if practice is not None:
                self.practiceOpened.emit(practice)
            return
        QMessageBox.information(
            self,
            "Encrypt",
            f"The practice is now encrypted.\n\nThe original was kept aside at:\n{kept}",
        )
        self.practiceOpened.emit(practice)

    def backup_restore(self) -> None:
        """Backups: list, back up now, restore (after a restore the window switches to it)."""
        self.editor.flush()
        dialog = BackupDialog(self.practice, config.backup_dir(self.data_dir), self)
        dialog.exec()
        reopened = getattr(dialog, "reopened_practice", None)
        if reopened is not None:
            self.practiceOpened.emit(reopened)
        elif getattr(dialog, "practice_closed", False) and self.practice.path is not None:
            # The restored file needs its passphrase (it may differ from the current one).
            practice = open_interactively(Path(self.practice.path), self, self.data_dir)
            if practice is not None:
                self.practiceOpened.emit(practice)

    def show_audit_trail(self) -> None:
        AuditViewer(self.practice, self).exec()

    def show_ledger(self) -> None:
        """Ctrl+Shift+K: stock on hand, lots and entries of the controlled-substance ledger."""
        from kapnotes.ui.ledger.window import LedgerWindow

        self.editor.flush()
        LedgerWindow(self.practice, self).exec()

    # -- settings and help -----------------------------------------------------------------
    def edit_settings(self) -> bool:
        """Ctrl+,: the settings dialog; the editor and clinician list follow the saved settings."""
        self.editor.flush()
        dialog = SettingsDialog(self.practice, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.editor.reload_settings()
        self.fill_clinicians()
        self.refresh_practice_label()
        reload = getattr(self.lock_controller, "reload_settings", None)
        if callable(reload):
            reload()
        return True

    def show_shortcuts(self) -> None:
        rows = "".join(
            f"<tr><td><b>{html.escape(key)}</b></td><td>{html.escape(what)}</td></tr>"
            for key, what in shortcut_list()
        )
        QMessageBox.information(self, "Keyboard shortcuts", f"<table cellspacing=6>{rows}</table>")

    def show_about(self) -> None:
        where = html.escape(str(self.practice.path or ""))
        QMessageBox.about(
            self,
            "About KAPNotes",
            f"<b>KAPNotes {__version__}</b>"
            "<p>Offline session notes for ketamine-assisted psychotherapy. No network, no "
            f"telemetry.</p><p>Practice file: {where}<br>Log file: "
            f"{html.escape(str(config.log_path(self.data_dir)))}</p>",
        )
