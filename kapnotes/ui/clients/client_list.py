"""The client list: a table model over Client rows, a proxy that filters as you type, and the
main window's left pane that shows them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

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


class ClientListPane(QWidget):
    """The left pane of the main window: the filter, the client list and Show archived."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = ClientListModel(parent=self)
        self.proxy = ClientFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter: name or chart")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.set_filter_text)
        self.show_archived = QCheckBox("Show archived")
        self.view = view = QTableView()
        view.setModel(self.proxy)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().hide()
        # Tab leaves the list (arrows pick a client): cell-by-cell Tab trapped the keyboard here
        # and switched the client at every press.
        view.setTabKeyNavigation(False)
        view.setSortingEnabled(True)
        view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        header = view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        # Size the chart column from the rows in view, not from the first 1,000 (Qt's default
        # measured every client of a large practice at each reset: a sixth of the start).
        header.setResizeContentsPrecision(0)
        self.setMinimumWidth(200)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 6)
        label = QLabel("C&lients")
        label.setBuddy(self.filter_edit)
        layout.addWidget(label)
        layout.addWidget(self.filter_edit)
        layout.addWidget(view, 1)
        layout.addWidget(self.show_archived)
