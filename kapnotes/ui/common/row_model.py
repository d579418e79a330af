"""The one table-model base: a list of plain rows (records, summaries, hits, clinicians).

Subclasses name their columns with constants, set `HEADERS` and write `data()`; this class
holds the rows and answers the parts of the Qt model API that only depend on their count.
Editable tables (the editor's doses and vitals) build on it too, in ui/editor/models.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex


class RowTableModel(QAbstractTableModel, Generic[T]):
    """One row per item of a plain list; one column per entry of `HEADERS`."""

    HEADERS: tuple[str, ...] = ()
    ROW_NUMBERS = False  # True: the vertical header numbers the rows 1, 2, 3 ...

    # parent first, as in QAbstractTableModel, so Model(parent) keeps meaning what it means in Qt.
    def __init__(self, parent: QObject | None = None, rows: Iterable[T] = ()):
        super().__init__(parent)
        self._rows: list[T] = list(rows)

    # -- rows ------------------------------------------------------------------------------
    def set_rows(self, rows: Iterable[T]) -> None:
        """Replace every row (views keep no stale indexes: this is a model reset)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[T]:
        """A copy of the rows, in display order."""
        return list(self._rows)

    def row(self, i: int) -> T:
        """The item on row i (IndexError when there is none)."""
        return self._rows[i]

    def find_row(self, predicate: Callable[[T], bool]) -> int | None:
        """The first row whose item satisfies the predicate, or None."""
        return next((i for i, item in enumerate(self._rows) if predicate(item)), None)

    def row_at(self, index: Index) -> T | None:
        """The item an index points into, or None for an invalid or stale index."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]

    def replace(self, row: int, item: T) -> None:
        """Put item on row `row` in place of what was there (no such row: nothing happens)."""
        if 0 <= row < len(self._rows):
            self._rows[row] = item
            self.dataChanged.emit(
                self.index(row, 0), self.index(row, max(len(self.HEADERS) - 1, 0))
            )

    def remove(self, row: int) -> None:
        """Take row `row` out (no such row: nothing happens)."""
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def columns_changed(self, first: int, last: int, roles: list[int] | None = None) -> None:
        """Tell views that columns first..last of every row show something new."""
        # For a change of how rows are shown (names, editability), not of the rows themselves.
        if self._rows:
            bottom = self.index(len(self._rows) - 1, last)
            self.dataChanged.emit(self.index(0, first), bottom, roles or [])

    # -- Qt model API ----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> str | None:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if self.ROW_NUMBERS else None
        return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
