"""The client list: a table model over Client rows and a proxy that filters as you type."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont

from kapnotes.domain.records import Client
from kapnotes.ui.common.row_model import Index, RowTableModel

NAME, CHART = range(2)
HEADERS = ("Name", "Chart")
CLIENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ARCHIVED_ROLE = Qt.ItemDataRole.UserRole + 2


class ClientListModel(RowTableModel[Client]):
    """Clients as rows (name, chart); archived ones are kept and shown in italics."""

    HEADERS = HEADERS

    set_clients = RowTableModel.set_rows
    client_at = RowTableModel.row

    def row_of(self, client_id: int) -> int | None:
        """The row holding a client id, or None."""
        return self.find_row(lambda c: c.id == client_id)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        client = self.row_at(index)
        if client is None:
            return None
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

    def _refilter(self, change: Callable[[], None]) -> None:
        # begin/endFilterChange around the change (Qt 6.10+, the floor in pyproject): Qt then
        # knows which rows were shown before; invalidateFilter() is on its way out (Qt 6.13).
        self.beginFilterChange()
        change()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

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
