"""The audit trail viewer: who did what and when, filtered, with a check of the hash chain."""

from __future__ import annotations

from datetime import datetime, time

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kapnotes.store import Practice, PracticeError
from kapnotes.store.audit import ACTIONS
from kapnotes.ui.common.widgets import calendar_date, to_date
from kapnotes.ui.security.audit_model import AuditTableModel, action_label
from kapnotes.ui.security.widgets import MessageLine

LIMIT = 1000
EARLIEST = QDate(2000, 1, 1)  # shown as "the beginning": the "from" filter is off


class AuditViewer(QDialog):
    """Audit entries filtered by client, action and dates; "Verify chain" checks every hash."""

    def __init__(self, practice: Practice, parent: QWidget | None = None):
        super().__init__(parent)
        self.practice = practice
        self.setWindowTitle("Audit trail — KAPNotes")
        self.resize(980, 560)

        clients = practice.list_clients(include_archived=True)
        names = {
            c.id: f"{c.name} ({c.chart})" if c.chart else c.name
            for c in clients
            if c.id is not None
        }
        self.model = AuditTableModel(self, names)

        self.client_combo = QComboBox(self)
        self.client_combo.addItem("All clients", None)
        for client_id, label in sorted(names.items(), key=lambda item: item[1].lower()):
            self.client_combo.addItem(label, client_id)
        self.action_combo = QComboBox(self)
        self.action_combo.addItem("All actions", None)
        for action in ACTIONS:
            self.action_combo.addItem(action_label(action), action)
        self.from_date = self._date_edit(EARLIEST, "the beginning")
        self.to_date = self._date_edit(QDate.currentDate(), "")
        self.verify_button = QPushButton("Verify chain", self)
        self.verify_button.setToolTip(
            "Recompute every entry's hash: an entry changed or deleted outside KAPNotes shows here"
        )

        filters = QHBoxLayout()
        for text, widget in (
            ("Client:", self.client_combo),
            ("Action:", self.action_combo),
            ("From:", self.from_date),
            ("To:", self.to_date),
        ):
            caption = QLabel(text, self)
            caption.setBuddy(widget)
            filters.addWidget(caption)
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.verify_button)

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(AuditTableModel.DETAIL, QHeaderView.ResizeMode.Stretch)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("muted")
        self.verify_message = MessageLine(self, lines=1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.verify_message)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)

        self.client_combo.currentIndexChanged.connect(self.refresh)
        self.action_combo.currentIndexChanged.connect(self.refresh)
        self.from_date.dateChanged.connect(self.refresh)
        self.to_date.dateChanged.connect(self.refresh)
        self.verify_button.clicked.connect(self.verify)
        self.refresh()

    def _date_edit(self, value: QDate, special: str) -> QDateEdit:
        edit = calendar_date(self)
        edit.setMinimumDate(EARLIEST)
        if special:
            edit.setSpecialValueText(special)
        edit.setDate(value)
        return edit

    def filters(self) -> dict:
        """The store filter arguments the widgets say (dates as whole days, both inclusive)."""
        since = None
        if self.from_date.date() != EARLIEST:
            since = datetime.combine(to_date(self.from_date.date()), time.min)
        until = datetime.combine(to_date(self.to_date.date()), time(23, 59, 59))
        return {
            "client_id": self.client_combo.currentData(),
            "action": self.action_combo.currentData(),
            "since": since,
            "until": until,
        }

    def refresh(self) -> None:
        """Read the matching entries again (newest first)."""
        try:
            rows = self.practice.audit_entries(**self.filters(), limit=LIMIT)
        except PracticeError as exc:
            self.verify_message.show_error(str(exc))
            return
        self.model.set_rows(rows)
        if len(rows) >= LIMIT:
            self.count_label.setText(f"Showing the newest {LIMIT} matching entries.")
        else:
            self.count_label.setText(
                f"{len(rows)} matching entr{'y' if len(rows) == 1 else 'ies'}."
            )

    def verify(self) -> None:
        """Check the whole chain and say the result; select the first broken entry if shown."""
        try:
            check = self.practice.verify_audit()
        except PracticeError as exc:
            self.verify_message.show_error(str(exc))
            return
        if check.ok:
            self.verify_message.show_ok(f"Audit trail intact: {check.checked} entries checked.")
            return
        self.verify_message.show_error(
            f"Audit trail broken at entry {check.first_broken_id}: {check.message}"
        )
        row = self.model.find_row(lambda entry: entry.id == check.first_broken_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        # Enter in a filter must not close the dialog.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return
        super().keyPressEvent(event)
