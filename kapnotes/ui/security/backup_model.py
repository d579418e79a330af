"""A table model over backup files (date, size, why it was made)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kapnotes.domain.formatting import fmt_datetime
from kapnotes.store.backup import BackupInfo
from kapnotes.ui.common.row_model import Index, RowTableModel
from kapnotes.ui.security.widgets import human_size


def backup_kind(label: str) -> str:
    """Why a backup exists, from its file-name label."""
    if not label:
        return "regular"
    if label == "before-encrypt":
        return "before encryption"
    if label.startswith("before-restore"):
        return "before a restore"
    if label.startswith("before-"):
        return "before an upgrade"
    return label.replace("-", " ")


def backup_when(info: BackupInfo) -> str:
    return fmt_datetime(info.created, seconds=True)


class BackupTableModel(RowTableModel[BackupInfo]):
    """Columns: date, size, kind; newest first as list_backups gives them."""

    WHEN, SIZE, KIND = range(3)
    HEADERS = ("Made on", "Size", "Kind")

    backup = RowTableModel.row

    def row_of(self, path) -> int:
        """The row showing a backup file, or -1."""
        row = self.find_row(lambda info: info.path == path)
        return -1 if row is None else row

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        info = self.row_at(index)
        if info is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.WHEN:
                return backup_when(info)
            if column == self.SIZE:
                return human_size(info.size)
            if column == self.KIND:
                return backup_kind(info.label)
        if role == Qt.ItemDataRole.ToolTipRole:
            return info.path.name
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
