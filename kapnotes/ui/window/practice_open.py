"""Opening a practice from the app: passphrase prompt, clear reasons, never overwriting."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from kapnotes import config
from kapnotes.services.practice import restore_file
from kapnotes.store import Practice, PracticeCorrupt, PracticeError, WrongPassphrase, open_practice
from kapnotes.ui.security import CorruptPracticeDialog, UnlockDialog

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
    return UnlockDialog.ask(path, parent)


def _offer_backup(path: Path, exc: PracticeCorrupt, parent: QWidget | None, data_dir: Path) -> Practice | None:  # fmt: skip
    backup = CorruptPracticeDialog.ask(path, config.backup_dir(data_dir), parent)
    if backup is None:
        return None
    return restore_with_passphrase(Path(backup), path, parent)


def restore_with_passphrase(backup: Path, path: Path, parent: QWidget | None) -> Practice | None:
    """Put a backup in place of a damaged file (which is kept aside, never deleted) through the
    restore service (audited in the restored practice); the restored practice, opened, or None
    after saying why."""
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

    practice = open_practice(path, config.DEMO_PASSPHRASE, create=True)
    try:
        demo.build_demo(practice)
    except BaseException:
        practice.close()
        raise
    return practice
