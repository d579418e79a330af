"""Opening a practice from the app: passphrase prompt, clear reasons, never overwriting."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from kapnotes import config
from kapnotes.store import Practice, PracticeCorrupt, PracticeError, WrongPassphrase, open_practice
from kapnotes.store.demo_accounts import DEMO_ADMIN
from kapnotes.ui.security import CorruptPracticeDialog, UnlockDialog
from kapnotes.ui.security.accounts_dialogs import SHEET_NAME, FirstPassphraseDialog, write_sheet

log = logging.getLogger("kapnotes")


def explain(parent: QWidget | None, path: Path, exc: Exception) -> None:
    """Why a practice could not be opened: the store's one-line message, never a traceback."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Cannot open practice")
    box.setText(f"The practice {path.name} could not be opened.")
    box.setInformativeText(f"{exc}\n\nNothing was changed in the file.")
    box.exec()


def _unlock(path: Path, parent: QWidget | None) -> Practice | None:
    practice = UnlockDialog.ask(path, parent)
    if practice is not None and not FirstPassphraseDialog.required(practice, parent):
        practice.close()  # a temporary passphrase opens nothing until it is replaced
        return None
    return practice


def _offer_backup(path: Path, exc: PracticeCorrupt, parent: QWidget | None, data_dir: Path) -> Practice | None:  # fmt: skip
    backup = CorruptPracticeDialog.ask(path, config.backup_dir(data_dir), parent)
    if backup is None:
        return None
    passphrase = restore_with_passphrase(Path(backup), path, parent)
    if passphrase is False:
        return None
    if passphrase:
        try:
            return open_practice(path, passphrase)
        except PracticeError:
            pass  # e.g. the passphrase changed since that backup: ask as usual
    # The restored file is opened like any other, but a second failure is only explained.
    return open_interactively(path, parent, data_dir, offer_backup=False)


def restore_with_passphrase(backup: Path, path: Path, parent: QWidget | None) -> str | None | bool:
    """Put a backup in place of a damaged file (which is kept aside, never deleted).

    Returns the passphrase that verified the backup (None for a plain one), False on failure.
    """
    from kapnotes.store.backup import restore_backup

    passphrase: str | None = None
    while True:
        try:
            aside = restore_backup(backup, path, passphrase)
        except WrongPassphrase:
            passphrase, ok = QInputDialog.getText(
                parent, "Restore backup", f"Passphrase of the backup {backup.name}:",
                QLineEdit.EchoMode.Password,
            )  # fmt: skip
            if not ok:
                return False
            continue
        except PracticeError as exc:
            explain(parent, path, exc)
            return False
        log.warning("restored a backup over a damaged practice (damaged file kept aside)")
        if aside is not None:
            QMessageBox.information(
                parent,
                "Backup restored",
                f"The backup was restored. The damaged file was kept at:\n{aside}",  # fmt: skip
            )
        return passphrase


def open_interactively(
    path: Path, parent: QWidget | None, data_dir: Path, *, offer_backup: bool = True
) -> Practice | None:
    """Open a practice file, asking for its passphrase when it is encrypted.

    Returns None (after saying why in a dialog) when it cannot be opened or the user cancels.
    """
    path = Path(path)
    try:
        try:
            return open_practice(path)
        except WrongPassphrase:
            # Encrypted (PassphraseRequired): ask, with the unlock dialog's own retries.
            return _unlock(path, parent)
    except PracticeCorrupt as exc:
        log.warning("practice could not be opened: %s", type(exc).__name__)
        if offer_backup:
            return _offer_backup(path, exc, parent, data_dir)
        explain(parent, path, exc)
        return None
    except PracticeError as exc:
        log.warning("practice could not be opened: %s", type(exc).__name__)
        explain(parent, path, exc)
        return None


def create_demo(path: Path) -> Practice:
    """A new demo practice with fictional clients (encrypted with the documented passphrase)."""
    from kapnotes.store import demo

    practice = open_practice(path, config.DEMO_PASSPHRASE, create=True, user=DEMO_ADMIN)
    try:
        # Fictional data: the Emergency access sheet may live in the data folder.
        write_sheet(practice, path.parent / SHEET_NAME)
        demo.build_demo(practice)
    except BaseException:
        practice.close()
        raise
    return practice
