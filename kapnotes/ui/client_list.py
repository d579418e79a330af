"""The client list: a table model over Client rows and a proxy that filters as you type."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont

from kapnotes.domain.records import Client

NAME, CHART = range(2)
HEADERS = ("Name", "Chart")
CLIENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ARCHIVED_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


class ClientListModel(QAbstractTableModel):
    """Clients as rows (name, chart); archived ones are kept and shown in italics."""

    def __init__(self, clients: list[Client] | None = None, parent=None):
        super().__init__(parent)
        self._rows: list[Client] = list(clients or [])

    def set_clients(self, clients: list[Client]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(clients)
        self.endResetModel()

    def client_at(self, row: int) -> Client:
        return self._rows[row]

    def row_of(self, client_id: int) -> int | None:
        """The row holding a client id, or None."""
        for i, c in enumerate(self._rows):
            if c.id == client_id:
                return i
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        client = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = client.name if index.column() == NAME else client.chart
            if role == Qt.ItemDataRole.ToolTipRole and client.archived:
                return f"{text} (archived)"
            return text
        if role == CLIENT_ID_ROLE:
            return client.id
        if role == ARCHIVED_ROLE:
            return client.archived
        if role == Qt.ItemDataRole.FontRole and client.archived:
            font = QFont()
            font.setItalic(True)
            return font
        return None


class ClientFilterProxy(QSortFilterProxyModel):
    """Keeps rows whose name or chart contains the typed text; hides archived unless asked."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._needle = ""
        self._show_archived = False
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def _refilter(self, change) -> None:
        # Qt 6.9+ wants begin/endFilterChange around the change; older Qt has invalidateFilter.
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateFilter()

    def set_filter_text(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "_needle", text.strip().casefold()))

    def set_show_archived(self, show: bool) -> None:
        self._refilter(lambda: setattr(self, "_show_archived", bool(show)))

    @property
    def show_archived(self) -> bool:
        return self._show_archived

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if model is None:
            return False
        name_index = model.index(source_row, NAME, source_parent)
        if model.data(name_index, ARCHIVED_ROLE) and not self._show_archived:
            return False
        if not self._needle:
            return True
        name = str(model.data(name_index) or "").casefold()
        chart = str(model.data(model.index(source_row, CHART, source_parent)) or "").casefold()
        return self._needle in name or self._needle in chart
