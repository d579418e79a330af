"""Start-up: the practice file is damaged. Offer the newest backup; never delete anything."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from kapnotes.ui.security.widgets import human_size

if TYPE_CHECKING:
    from kapnotes.store.backup import BackupInfo


def long_date(info: BackupInfo) -> str:
    """ "Tuesday 24 November 2026 at 09:12": plain words for the newest backup."""
    return f"{info.created:%A} {info.created.day} {info.created:%B %Y} at {info.created:%H:%M}"


class CorruptPracticeDialog(QDialog):
    """Says the file is damaged; `chosen` is the backup to restore (None: quit)."""

    def __init__(self, path: Path | str, backup_dir: Path | str, parent: QWidget | None = None):
        super().__init__(parent)
        self.path = Path(path)
        self.backup_dir = Path(backup_dir)
        self.chosen: Path | None = None
        # Imported when shown: the app's start (which imports this module) must not wait for it.
        from kapnotes.store.backup import list_backups

        backups = list_backups(self.backup_dir, self.path.stem)
        self.newest = backups[0] if backups else None
        self.setWindowTitle("The practice file is damaged — KAPNotes")
        self.setMinimumWidth(500)

        heading = QLabel(f"“{self.path.name}” is damaged and cannot be opened.", self)
        font = heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        heading.setFont(font)
        heading.setWordWrap(True)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        explain = QLabel(
            "This can happen after a crash, a power cut, a full disk or a failing drive. "
            "Nothing has been changed or deleted. Restoring a backup keeps the damaged file "
            "aside under a new name, so it can still be examined later.",
            self,
        )
        explain.setWordWrap(True)
        if self.newest is not None:
            newest_text = (
                f"The newest backup is from {long_date(self.newest)} "
                f"({human_size(self.newest.size)}). Anything saved after that is not in it."
            )
        else:
            newest_text = f"No backup of this practice was found in {self.backup_dir}."
        self.newest_label = QLabel(newest_text, self)
        self.newest_label.setWordWrap(True)
        self.newest_label.setTextFormat(Qt.TextFormat.PlainText)

        buttons = QDialogButtonBox(self)
        self.restore_button = buttons.addButton(
            "Restore newest backup", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.choose_button = buttons.addButton(
            "Choose another backup…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.quit_button = buttons.addButton("Quit", QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.setEnabled(self.newest is not None)
        self.restore_button.setDefault(self.newest is not None)
        self.restore_button.clicked.connect(self._restore_newest)
        self.choose_button.clicked.connect(self._choose)
        self.quit_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(explain)
        layout.addWidget(self.newest_label)
        layout.addStretch(1)
        layout.addWidget(buttons)

    def _restore_newest(self) -> None:
        if self.newest is not None:
            self.chosen = self.newest.path
            self.accept()

    def _choose(self) -> None:
        start = self.backup_dir if self.backup_dir.is_dir() else self.path.parent
        name, _filter = QFileDialog.getOpenFileName(
            self,
            "Choose a backup to restore",
            str(start),
            "KAPNotes practices (*.kapnotes);;All files (*)",
        )
        if name and Path(name) != self.path:
            self.chosen = Path(name)
            self.accept()

    @classmethod
    def ask(
        cls, path: Path | str, backup_dir: Path | str, parent: QWidget | None = None
    ) -> Path | None:
        """The backup file to restore (the caller restores and reopens), or None to quit."""
        dialog = cls(path, backup_dir, parent)
        try:
            dialog.exec()
            return dialog.chosen
        finally:
            dialog.deleteLater()
