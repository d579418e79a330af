"""A read-only table model over audit trail entries (never any note text: the trail holds none)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt

from kapnotes.domain.formatting import fmt_datetime
from kapnotes.store.audit import AuditEntry
from kapnotes.ui.common.row_model import Index, RowTableModel

ACTION_LABELS = {
    "open": "opened the practice",
    "create": "created",
    "change": "changed",
    "delete": "deleted",
    "sign": "signed",
    "addendum": "added an addendum",
    "export": "exported",
    "print": "printed",
    "backup": "backed up",
    "restore": "restored a backup",
    "failed_unlock": "failed unlock",
    "passphrase": "changed the passphrase",
    "encrypt": "encrypted the practice",
}


def action_label(action: str) -> str:
    """A plain-words label for an action code (unknown codes shown as they are)."""
    return ACTION_LABELS.get(action, action.replace("_", " "))


class AuditTableModel(RowTableModel[AuditEntry]):
    """Columns: #, time, who, action, client, session, record, fields, detail."""

    ID, TIME, ACTOR, ACTION, CLIENT, SESSION, RECORD, FIELDS, DETAIL = range(9)
    HEADERS = ("#", "Time", "Who", "Action", "Client", "Session", "Record", "Fields", "Detail")

    def __init__(self, parent: QObject | None = None, client_names: dict[int, str] | None = None):
        super().__init__(parent)
        self._client_names = dict(client_names or {})

    def set_client_names(self, names: dict[int, str]) -> None:
        self._client_names = dict(names)
        self.columns_changed(self.CLIENT, self.CLIENT, [Qt.ItemDataRole.DisplayRole])

    entry = RowTableModel.row

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        entry = self.row_at(index)
        if entry is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.ACTION:
            return entry.action
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.ID, self.SESSION):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return entry.id
        return None

    def _display(self, entry: AuditEntry, column: int) -> str | None:
        if column == self.ID:
            return str(entry.id)
        if column == self.TIME:
            return fmt_datetime(entry.time, seconds=True)
        if column == self.ACTOR:
            return entry.actor
        if column == self.ACTION:
            return action_label(entry.action)
        if column == self.CLIENT:
            if entry.client_id is None:
                return ""
            return self._client_names.get(entry.client_id, f"client {entry.client_id}")
        if column == self.SESSION:
            return "" if entry.session_id is None else str(entry.session_id)
        if column == self.RECORD:
            return entry.record
        if column == self.FIELDS:
            return ", ".join(entry.fields)
        if column == self.DETAIL:
            return entry.detail
        return None
