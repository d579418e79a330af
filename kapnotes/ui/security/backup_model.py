"""A table model over backup files (date, size, why it was made)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from kapnotes.store.backup import BackupInfo
from kapnotes.ui.security.widgets import human_size

Index = QModelIndex | QPersistentModelIndex


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
    return info.created.strftime("%Y-%m-%d %H:%M:%S")


class BackupTableModel(QAbstractTableModel):
    """Columns: date, size, kind; newest first as list_backups gives them."""

    WHEN, SIZE, KIND = range(3)
    HEADERS = ("Made on", "Size", "Kind")

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[BackupInfo] = []

    def set_rows(self, rows: list[BackupInfo]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def backup(self, row: int) -> BackupInfo:
        return self._rows[row]

    def row_of(self, path) -> int:
        """The row showing a backup file, or -1."""
        for row, info in enumerate(self._rows):
            if info.path == path:
                return row
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        info = self._rows[index.row()]
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
