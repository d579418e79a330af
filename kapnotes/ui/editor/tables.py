"""A record table with Add / Remove buttons, combo-box editing for coded columns, and the
section base that keeps such a table and its session list in step."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kapnotes.ui.common.row_model import Index
from kapnotes.ui.editor.base import EDIT_TRIGGERS, WHOLE, Section
from kapnotes.ui.editor.models import Column, RecordTableModel


class FramedDelegate(QStyledItemDelegate):
    """The default cell editor with a visible frame and its own background: Qt's frameless
    line edit over the cell could not be told apart from the cell being shown."""

    def createEditor(self, parent, option, index):
        editor = super().createEditor(parent, option, index)
        frame(editor)
        return editor


def frame(editor: QWidget) -> None:
    if isinstance(editor, QLineEdit):
        editor.setFrame(True)
    editor.setAutoFillBackground(True)
    editor.setObjectName("cellEditor")


class ChoiceDelegate(FramedDelegate):
    """Edits a coded column with a combo box of (code, label) choices."""

    def __init__(self, column: Column, parent=None):
        super().__init__(parent)
        self.column = column

    def createEditor(self, parent, option, index):
        combo = QComboBox(parent)
        for code, label in self.column.choices:
            combo.addItem(label, code)
        frame(combo)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if not isinstance(editor, QComboBox):  # createEditor makes combo boxes only
            return
        code = index.data(Qt.ItemDataRole.EditRole)
        found = editor.findData(code)
        if found < 0 and code:
            editor.addItem(str(code), code)
            found = editor.count() - 1
        editor.setCurrentIndex(max(found, 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class RecordTable(QWidget):
    """A table view over a RecordTableModel plus Add and Remove buttons under it."""

    def __init__(self, model: RecordTableModel, noun: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.view = QTableView(self)
        self.view.setModel(model)
        self.view.setAccessibleName(f"{noun.capitalize()} table")
        # Tab leaves the table (arrows move between cells) so the form stays keyboard-navigable.
        self.view.setTabKeyNavigation(False)
        self.view.setEditTriggers(EDIT_TRIGGERS)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setMinimumHeight(80)
        self.view.setItemDelegate(FramedDelegate(self.view))
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for i, col in enumerate(model.COLUMNS):
            if col.kind == "choice":
                self.view.setItemDelegateForColumn(i, ChoiceDelegate(col, self.view))
        self.add_button = QPushButton(f"&Add {noun}", self)
        self.remove_button = QPushButton(f"Remove {noun}", self)
        self.remove_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addLayout(buttons)
        self.view.selectionModel().currentChanged.connect(self._update_buttons)
        model.modelReset.connect(self._update_buttons)
        model.rowsInserted.connect(self._update_buttons)
        model.rowsRemoved.connect(self._update_buttons)
        self.remove_button.clicked.connect(self.remove_current)

    def fit_rows(self) -> None:
        """Show all rows without an inner scroll bar (the editor itself scrolls)."""
        self.view.resizeColumnsToContents()
        header = self.view.horizontalHeader().height()
        rows = sum(self.view.rowHeight(r) for r in range(self.model.rowCount()))
        self.view.setFixedHeight(max(80, header + rows + 2 * self.view.frameWidth() + 24))

    def start_editing(self, row: int, column: int = 0) -> None:
        index = self.model.index(row, column)
        self.view.setCurrentIndex(index)
        self.view.setFocus()
        self.view.edit(index)

    def select_field(self, field_name: str) -> bool:
        """Make the cell a finding names ("vitals[1].diastolic") current; False if none."""
        head = self.model.PREFIX + "["
        if not field_name.startswith(head):
            return False
        number, _, attr = field_name[len(head) :].partition("]")
        attr = attr.lstrip(".")
        columns = [c.attr for c in self.model.COLUMNS]
        if not number.isdigit() or int(number) >= self.model.rowCount():
            return False
        column = columns.index(attr) if attr in columns else 0
        self.view.setCurrentIndex(self.model.index(int(number), column))
        return True

    def remove_current(self) -> None:
        index = self.view.currentIndex()
        if index.isValid() and not self.model.read_only:
            self.model.remove_record(index.row())

    def set_read_only(self, read_only: bool) -> None:
        self.model.read_only = read_only
        self.add_button.setEnabled(not read_only)
        self._update_buttons()

    def _update_buttons(self, *args) -> None:
        has = self.view.currentIndex().isValid() and self.model.rowCount() > 0
        self.remove_button.setEnabled(has and not self.model.read_only)


class TableSection(Section):
    """A section around one RecordTable that edits the session list named `ATTR`."""

    ATTR = ""  # the session's list the table shows, e.g. "vitals"
    model: RecordTableModel
    table: RecordTable

    def connect_table(self) -> None:
        """Wire Add and model edits (call once `model` and `table` exist)."""
        self.table.add_button.clicked.connect(self.add_row)
        self.model.edited.connect(self._on_table)

    def new_record(self, last: Any) -> Any:
        """The record Add appends, given the last one (None for the first)."""
        raise NotImplementedError

    def add_row(self) -> None:
        """Append a new record and start editing its first cell."""
        if self.read_only or self.session is None:
            return
        records = getattr(self.session, self.ATTR)
        row = self.model.insert_record(self.new_record(records[-1] if records else None))
        self.table.fit_rows()
        self.table.start_editing(row, 0)

    def table_changed(self) -> None:
        """What else follows an edit of the table (the table's height by default)."""
        self.table.fit_rows()

    def _on_table(self) -> None:
        if self.session is None or self._loading:
            return
        getattr(self.session, self.ATTR)[:] = self.model.records()
        self.table_changed()
        self.emit_edit(WHOLE)

    def focus_widget(self, field_name: str) -> QWidget | None:
        if field_name.startswith(self.model.PREFIX):
            self.table.select_field(field_name)
            return self.table.view
        return None

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.table.set_read_only(read_only)
