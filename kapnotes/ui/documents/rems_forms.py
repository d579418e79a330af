"""View > REMS forms: every esketamine session's Patient Monitoring Form on its 7-day clock
(overdue first), and recording when and how one was submitted."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kapnotes.domain.rems import METHODS
from kapnotes.services import ServiceContext, rems
from kapnotes.store import PracticeError
from kapnotes.store.rems import RemsForm
from kapnotes.ui.common.row_model import Index, RowTableModel
from kapnotes.ui.common.widgets import DateField

SESSION_DATE, CHART, CLIENT, DUE, STATUS = range(5)
OVERDUE_FG = "#c0392b"


def status_text(form: RemsForm) -> str:
    """ "Overdue by 3 days", "due in 2 days", "submitted 2026-05-03 (online, RX-1)"."""
    st = form.status
    if st.state == "submitted":
        last = form.session.rems_submissions[-1]
        extra = f", {last.confirmation}" if last.confirmation else ""
        return f"submitted {last.submitted_on.isoformat()} ({last.method}{extra})"
    if st.state == "overdue":
        return f"overdue by {-st.days_left} day{'s' if st.days_left != -1 else ''}"
    return "due today" if st.days_left == 0 else f"due in {st.days_left} day{'s' if st.days_left != 1 else ''}"  # fmt: skip


class RemsFormsModel(RowTableModel[RemsForm]):
    """One row per esketamine session's form."""

    HEADERS = ("Session date", "Chart", "Client", "Due", "Status")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        form = self.row_at(index)
        if form is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                SESSION_DATE: form.session.date.isoformat(),
                CHART: form.client.chart,
                CLIENT: form.client.name,
                DUE: form.status.due.isoformat(),
                STATUS: status_text(form),
            }.get(column)
        if role == Qt.ItemDataRole.ForegroundRole and form.status.state == "overdue":
            return QBrush(QColor(OVERDUE_FG))
        return None


class RemsFormsDialog(QDialog):
    """The forms due, overdue and (optionally) submitted; select one to record its submission."""

    def __init__(self, services: ServiceContext, parent: QWidget | None = None, today: date | None = None):  # fmt: skip
        super().__init__(parent)
        self.services = services
        self.practice = services.practice
        self.today = today or date.today()
        self.setWindowTitle("REMS forms")
        self.resize(760, 480)
        self.model = RemsFormsModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(STATUS, QHeaderView.ResizeMode.Stretch)
        self.view.setAccessibleName("REMS forms")
        self.show_submitted = QCheckBox("Show &submitted forms too", self)
        self.show_submitted.toggled.connect(self.refresh)
        self.summary = QLabel(self)
        intro = QLabel(
            "The SPRAVATO REMS Patient Monitoring Form is due 7 days after each esketamine "
            "session. Export it from File > Export REMS record, submit it, then record it here.",
            self,
        )
        intro.setWordWrap(True)

        box = QGroupBox("Record a submission of the selected form", self)
        self.date_edit = DateField(self.today, box)
        self.method_combo = QComboBox(box)
        for method in METHODS:
            self.method_combo.addItem(method.capitalize(), method)
        self.confirmation_edit = QLineEdit(box)
        self.confirmation_edit.setPlaceholderText("confirmation number")
        self.record_button = QPushButton("&Record submission", box)
        self.record_button.clicked.connect(self.record_selected)
        self.message = QLabel(box)
        self.message.setWordWrap(True)
        form = QFormLayout(box)
        form.addRow("Submitted &on:", self.date_edit)
        form.addRow("&Method:", self.method_combo)
        form.addRow("&Confirmation:", self.confirmation_edit)
        row = QHBoxLayout()
        row.addWidget(self.record_button)
        row.addWidget(self.message, 1)
        form.addRow(row)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.show_submitted)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)
        layout.addWidget(box)
        layout.addWidget(buttons)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.refresh()

    def refresh(self) -> None:
        """Reload the forms from the practice (overdue first)."""
        forms = self.practice.rems_forms(
            self.today, pending_only=not self.show_submitted.isChecked()
        )
        self.model.set_rows(forms)
        for column in (SESSION_DATE, CHART, CLIENT, DUE):
            self.view.resizeColumnToContents(column)
        overdue = sum(f.status.state == "overdue" for f in forms)
        due = sum(f.status.state == "due" for f in forms)
        self.summary.setText(f"{overdue} overdue, {due} due" if forms else "No REMS forms due.")
        if forms:
            self.view.selectRow(0)
        self._update_buttons()

    def selected(self) -> RemsForm | None:
        index = self.view.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def _update_buttons(self) -> None:
        self.record_button.setEnabled(self.selected() is not None)

    def record_selected(self) -> bool:
        """Store the typed submission for the selected form; problems show beside the button."""
        form = self.selected()
        if form is None or form.session.id is None:  # forms are read from stored sessions
            return False
        problem = self.date_edit.problem()
        when = self.date_edit.date_value()
        if problem or when is None:
            self.message.setText(f"Submission date: {problem or 'required'}")
            return False
        try:
            rems.record_submission(
                self.services,
                form.session.id,
                when,
                self.method_combo.currentData(),
                self.confirmation_edit.text(),
                today=self.today,
            )
        except PracticeError as exc:
            self.message.setText(str(exc))  # what was typed stays in the fields
            return False
        self.message.setText(f"Recorded: session of {form.session.date.isoformat()} submitted.")
        self.confirmation_edit.clear()
        self.refresh()
        return True
