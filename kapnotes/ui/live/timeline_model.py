"""The running timeline of a live session as a Qt table model over plain TimelineEntry rows."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTableView

from kapnotes.ui.common.row_model import Index, RowTableModel
from kapnotes.ui.live.capture import TimelineEntry

TIME, MINUTES, WHAT, DETAIL, FLAG = range(5)
HEADERS = ("Time", "After dose", "Entry", "Detail", "Flag")
EDITABLE = {TIME, DETAIL}
# Flag colours chosen to read on both light and dark table backgrounds.
LEVEL_COLOURS = {"urgent": QColor("#e5484d"), "caution": QColor("#d99a00")}

EditFn = Callable[[TimelineEntry, int, str], bool]
TextFn = Callable[[TimelineEntry, int], str]


class TimelineModel(RowTableModel[TimelineEntry]):
    """Rows of captured entries; edits go to `on_edit` (which saves) when the note is a draft."""

    HEADERS = HEADERS

    def __init__(self, parent=None):
        super().__init__(parent)
        self._on_edit: EditFn | None = None
        self._edit_text: TextFn | None = None

    def set_editing(self, on_edit: EditFn | None, edit_text: TextFn | None = None) -> None:
        """Allow corrections through `on_edit`, or none (signed notes) with None."""
        self._on_edit, self._edit_text = on_edit, edit_text
        self.columns_changed(0, FLAG)

    entry = RowTableModel.row

    # -- Qt model API ----------------------------------------------------------------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._on_edit is not None and index.column() in EDITABLE:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        e, col = self.row_at(index), index.column()
        if e is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(e, col)
        if role == Qt.ItemDataRole.EditRole:
            if col == TIME:
                return f"{e.time:%H:%M}" if e.time else ""
            if col == DETAIL and self._edit_text is not None:
                return self._edit_text(e, col)
            return self._display(e, col)
        if role == Qt.ItemDataRole.ForegroundRole and e.level and col in (DETAIL, FLAG):
            return QBrush(LEVEL_COLOURS.get(e.level, LEVEL_COLOURS["caution"]))
        if role == Qt.ItemDataRole.ToolTipRole and col in (DETAIL, FLAG) and e.flag:
            return e.flag
        if role == Qt.ItemDataRole.ToolTipRole and col in (WHAT, DETAIL):
            return e.what if col == WHAT else e.detail
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self._display(e, TIME)} {e.what}: {e.detail}. {e.flag}".strip()
        return None

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if (
            role != Qt.ItemDataRole.EditRole
            or not index.isValid()
            or self._on_edit is None
            or index.column() not in EDITABLE
        ):
            return False
        # The callback saves and re-reads the session, which resets this model on success.
        return self._on_edit(self._rows[index.row()], index.column(), str(value))

    @staticmethod
    def _display(e: TimelineEntry, col: int) -> str:
        if col == TIME:
            return f"{e.time:%H:%M}" if e.time else "—"
        if col == MINUTES:
            if e.minutes is None:
                return ""
            return f"+{e.minutes} min" if e.minutes >= 0 else f"{e.minutes} min"
        if col == WHAT:
            return e.what
        if col == DETAIL:
            return e.detail
        # The level only: the full message is the tooltip and shows under the vitals line.
        return f"⚠ {e.level}" if e.flag else ""


def show_rows(view: QTableView, model: TimelineModel, rows: list[TimelineEntry], *, keep_selection: bool) -> None:  # fmt: skip
    """Put new rows in the timeline. The model is reset on every save: with keep_selection (a
    correction) the entry the user had selected stays selected, so a Delete or another F2 acts
    on it, not on nothing; otherwise nothing stays selected (a stray Delete cannot remove an
    entry the user is not looking at) and the newest entry is scrolled into view."""
    current = view.currentIndex()
    ref = model.entry(current.row()).ref if current.isValid() and keep_selection else None
    model.set_rows(rows)
    row = next((i for i, e in enumerate(rows) if ref is not None and e.ref == ref), None)
    if row is not None:
        view.selectRow(row)
        view.setCurrentIndex(model.index(row, current.column()))
        view.scrollTo(model.index(row, 0))
    else:
        view.scrollToBottom()
