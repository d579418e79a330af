"""Opening a practice from the app: passphrase prompt, clear reasons, never overwriting."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from kapnotes import config
from kapnotes.store.errors import PracticeCorrupt, PracticeError, WrongPassphrase
from kapnotes.ui.security import CorruptPracticeDialog, UnlockDialog

if TYPE_CHECKING:
    from kapnotes.store import Practice

SQLITE_HEADER = b"SQLite format 3\x00"


def looks_encrypted(path: Path) -> bool:
    """A cheap look before the store is imported: an existing, writable, binary file of a
    page or more that is not plain SQLite. Such a file goes straight to the unlock dialog,
    which is then painted before the store is even loaded; the store itself still decides
    (a file that is not a practice after all gets its reason from the dialog)."""
    try:
        if not path.is_file() or not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):  # fmt: skip
            return False
        with open(path, "rb") as fh:
            head = fh.read(512)
        if path.stat().st_size < 1024 or head.startswith(SQLITE_HEADER):
            return False
    except OSError:
        return False
    printable = sum(1 for b in head if 32 <= b < 127 or b in (9, 10, 13))
    return printable < 0.9 * len(head)


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
    # Loaded once a practice is open (services, store): the dialog is painted without them.
    from kapnotes.ui.security.accounts_dialogs import FirstPassphraseDialog

    if practice is not None and not FirstPassphraseDialog.required(practice, parent):
        practice.close()  # a temporary passphrase opens nothing until it is replaced
        return None
    return practice


def _offer_backup(path: Path, exc: PracticeCorrupt, parent: QWidget | None, data_dir: Path) -> Practice | None:  # fmt: skip
    backup = CorruptPracticeDialog.ask(path, config.backup_dir(data_dir), parent)
    if backup is None:
        return None
    return restore_with_passphrase(Path(backup), path, parent)


def restore_with_passphrase(backup: Path, path: Path, parent: QWidget | None) -> Practice | None:
    """Put a backup in place of a damaged file (which is kept aside, never deleted) through the
    restore service (audited in the restored practice); the restored practice, opened, or None
    after saying why."""
    from kapnotes.services.practice import restore_file

    passphrase: str | None = None
    while True:
        try:
            restored = restore_file(backup, path, passphrase)
        except WrongPassphrase:
            passphrase, ok = QInputDialog.getText(
                parent, "Restore backup", f"Passphrase of the backup {backup.name}:",
                QLineEdit.EchoMode.Password,
            )  # fmt: skip
            if not ok:
                return None
            continue
        except PracticeError as exc:
            explain(parent, path, exc)
            return None
        log.warning("restored a backup over a damaged practice (damaged file kept aside)")
        if restored.kept is not None:
            QMessageBox.information(
                parent,
                "Backup restored",
                f"The backup was restored. The damaged file was kept at:\n{restored.kept}",  # fmt: skip
            )
        return restored.practice


def open_interactively(
    path: Path,
    parent: QWidget | None,
    data_dir: Path,
    *,
    offer_backup: bool = True,
    defer_check: bool = False,
) -> Practice | None:
    """Open a practice file, asking for its passphrase when it is encrypted.

    Returns None (after saying why in a dialog) when it cannot be opened or the user cancels.
    defer_check: quick_check runs in the background (the app's start; kapnotes/store/integrity.py).
    """
    path = Path(path)
    try:
        if looks_encrypted(path):
            return _unlock(path, parent)
        from kapnotes.store import open_practice

        try:
            return open_practice(path, defer_check=defer_check)
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
    from kapnotes.store import demo, open_practice
    from kapnotes.store.demo_accounts import DEMO_ADMIN

    practice = open_practice(path, config.DEMO_PASSPHRASE, create=True, user=DEMO_ADMIN)
    try:
        # Fictional data: the Emergency access sheet may live in the data folder.
        from kapnotes.ui.security.emergency_sheet import SHEET_NAME, write_sheet

        write_sheet(practice, path.parent / SHEET_NAME)
        demo.build_demo(practice)
    except BaseException:
        practice.close()
        raise
    return practice
