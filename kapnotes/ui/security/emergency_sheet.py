"""The Emergency access sheet from the app: written for the demo, saved by the person who
creates a practice before it opens (kapnotes/export/recovery_sheet.py draws it)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from kapnotes.store import Practice

SHEET_NAME = "emergency-access.pdf"


def write_sheet(practice: Practice, target: Path) -> Path:
    """The practice's Emergency access sheet (recovery key, first admin's fingerprint)."""
    from kapnotes.export.recovery_sheet import write_practice_sheet  # reportlab: load late

    return write_practice_sheet(practice, target)


def save_emergency_sheet(practice: Practice, parent: QWidget | None, folder: Path) -> Path:
    """Make the person save the Emergency access sheet before the practice opens: the save
    dialog comes back until a file is written."""
    while True:
        name, _filter = QFileDialog.getSaveFileName(
            parent, "Save the Emergency access sheet (print it, then lock it away)",
            str(folder / SHEET_NAME), "PDF (*.pdf)",
        )  # fmt: skip
        if name:
            try:
                return write_sheet(practice, Path(name))
            except OSError as exc:
                QMessageBox.warning(parent, "Emergency access", f"Not saved: {exc.strerror}")
                continue
        QMessageBox.information(
            parent, "Emergency access",
            "Save the Emergency access sheet first: its recovery key is the only way into the "
            "practice if every passphrase is lost. Print it, lock it away, delete the file.",
        )  # fmt: skip
