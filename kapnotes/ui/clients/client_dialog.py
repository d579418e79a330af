"""Create or edit a client: identity, weight history, indication, medications, screening."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from datetime import date

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kapnotes.domain.formatting import fmt_date, fmt_plain_number
from kapnotes.domain.records import Client, WeightEntry
from kapnotes.domain.validation import (
    ERROR,
    WEIGHT_KG_RANGE,
    Finding,
    validate_client,
    value_problem,
)
from kapnotes.domain.vocab import vocabulary
from kapnotes.services import ServiceContext
from kapnotes.services.clients import save_client
from kapnotes.store import PracticeError
from kapnotes.ui.clients.screening_widget import ScreeningChecklist
from kapnotes.ui.common.row_model import Index, RowTableModel
from kapnotes.ui.common.widgets import DateField, FindingsLabel, ok_cancel_buttons


class WeightModel(RowTableModel[WeightEntry]):
    """The weight history, newest first: date weighed and kg."""

    HEADERS = ("Date weighed", "kg")

    def __init__(self, parent: QObject | None = None, weights: Iterable[WeightEntry] = ()):
        super().__init__(parent, sorted(weights, key=lambda w: w.measured_on, reverse=True))

    def weights(self) -> list[WeightEntry]:
        return sorted(self._rows, key=lambda w: w.measured_on)

    def add(self, entry: WeightEntry) -> None:
        self.set_rows(sorted([*self._rows, entry], key=lambda w: w.measured_on, reverse=True))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        w = self.row_at(index)
        if w is None or role != Qt.ItemDataRole.DisplayRole:
            return None
        return fmt_date(w.measured_on) if index.column() == 0 else fmt_plain_number(w.kg)


class ClientDialog(QDialog):
    """A client form; OK is disabled only while there is an error, and says which."""

    def __init__(self, services: ServiceContext, client: Client | None = None, parent=None):
        super().__init__(parent)
        self.services = services
        self.practice = services.practice
        self.original = client
        self.client: Client = copy.deepcopy(client) if client else Client(chart="", name="")
        self.setWindowTitle("Edit client" if client else "New client")
        self.resize(640, 560)
        c = self.client

        self.name_edit = QLineEdit(c.name)
        self.name_edit.setPlaceholderText("name or pseudonym")
        self.chart_edit = QLineEdit(c.chart)
        self.dob_edit = DateField(c.dob)
        self.pronouns_edit = QLineEdit(c.pronouns)
        self.pronouns_edit.setPlaceholderText("e.g. she/her")
        self.indication_combo = QComboBox()
        self.indication_combo.addItem("—", "")
        for term in vocabulary("indications"):
            self.indication_combo.addItem(term.label, term.code)
        if c.indication and self.indication_combo.findData(c.indication) < 0:
            self.indication_combo.addItem(c.indication, c.indication)
        self.indication_combo.setCurrentIndex(max(0, self.indication_combo.findData(c.indication)))
        self.consent_edit = DateField(c.consent_date)
        self.medications_edit = QPlainTextEdit(c.medications)
        self.medications_edit.setPlaceholderText(
            "e.g. lamotrigine 200 mg (blunts ketamine); no benzodiazepines"
        )
        self.medications_edit.setTabChangesFocus(True)
        self.medications_edit.setFixedHeight(70)
        self.notes_edit = QPlainTextEdit(c.notes)
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(60)
        self.sex_combo = QComboBox()
        for text, code in (("— not recorded", ""), ("Female", "female"), ("Male", "male"), ("Other", "other")):  # fmt: skip
            self.sex_combo.addItem(text, code)
        self.sex_combo.setCurrentIndex(max(0, self.sex_combo.findData(c.sex)))
        self.sex_combo.setToolTip("The esketamine REMS Patient Monitoring Form asks for it.")
        # Safe Harbor covers relatives, employers and household members too.
        self.redact_edit = QPlainTextEdit(c.redact_names)
        self.redact_edit.setPlaceholderText(
            "Other names to remove from de-identified documents, one a line: family, partner, employer, town…"  # fmt: skip
        )
        self.redact_edit.setAccessibleName("Other names to redact")
        self.redact_edit.setTabChangesFocus(True)
        self.redact_edit.setFixedHeight(56)

        details = QWidget()
        form = QFormLayout(details)
        form.addRow("&Name:", self.name_edit)
        form.addRow("&Chart number:", self.chart_edit)
        form.addRow("&Date of birth:", self.dob_edit)
        form.addRow("&Pronouns:", self.pronouns_edit)
        form.addRow("Se&x:", self.sex_combo)
        form.addRow("&Indication:", self.indication_combo)
        form.addRow("&Medications of note:", self.medications_edit)
        form.addRow("C&onsent on file (date):", self.consent_edit)
        form.addRow("No&tes:", self.notes_edit)
        form.addRow("Other names to &redact:", self.redact_edit)

        self.tabs = QTabWidget()
        self.tabs.addTab(details, "Details")
        self.tabs.addTab(self._weight_tab(), "Weight")
        self.screening = ScreeningChecklist(c.screening)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.screening)
        self.tabs.addTab(scroll, "Screening")

        self.findings_label = FindingsLabel()
        self.buttons = ok_cancel_buttons(self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.findings_label)
        layout.addWidget(self.buttons)

        for edit in (self.name_edit, self.chart_edit, self.dob_edit, self.consent_edit):
            edit.textChanged.connect(self.revalidate)
        self.revalidate()
        self.name_edit.setFocus()

    def _weight_tab(self) -> QWidget:
        page = QWidget()
        self.weight_model = WeightModel(self, self.client.weights)
        self.weight_view = QTableView()
        self.weight_view.setModel(self.weight_model)
        self.weight_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.weight_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.weight_view.verticalHeader().hide()
        self.kg_spin = QDoubleSpinBox()
        self.kg_spin.setRange(0, WEIGHT_KG_RANGE[1])  # 0 shows "—": nothing typed yet
        self.kg_spin.setDecimals(1)
        self.kg_spin.setSuffix(" kg")
        self.kg_spin.setSpecialValueText("—")
        self.weighed_edit = DateField(date.today())
        self.add_weight_button = QPushButton("&Add weight")
        self.add_weight_button.clicked.connect(self.add_weight)
        self.remove_weight_button = QPushButton("&Remove selected")
        self.remove_weight_button.clicked.connect(self.remove_weight)
        row = QHBoxLayout()
        row.addWidget(self.kg_spin)
        row.addWidget(self.weighed_edit)
        row.addWidget(self.add_weight_button)
        row.addWidget(self.remove_weight_button)
        form = QFormLayout()
        form.addRow("New weight and date:", row)
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(self.weight_view, 1)
        return page

    # -- weights ---------------------------------------------------------------------------
    def _weight_date(self) -> date | str:
        """The date typed for a new weight, or the message saying why there is none."""
        problem = self.weighed_edit.problem()
        when = self.weighed_edit.date_value()
        if problem or when is None:
            # Without its date a weight cannot be placed in the history (mg/kg by date).
            return f"Weight date: {problem or 'enter the date weighed (YYYY-MM-DD)'}"
        return when

    def add_weight(self) -> None:
        """Add the typed weight to the history (a problem shows in the findings line)."""
        when = self._weight_date()
        kg = self.kg_spin.value()
        impossible = value_problem("kg", kg) if kg > 0 else "Enter a weight above 0 kg first."
        if isinstance(when, str) or impossible:
            msg = when if isinstance(when, str) else (impossible or "")
            self.findings_label.show_findings([Finding(ERROR, "weight", msg, "weight_input")])
            return
        self.weight_model.add(WeightEntry(self.kg_spin.value(), when))
        self.kg_spin.setValue(0)
        self.revalidate()

    def remove_weight(self) -> None:
        for index in sorted(self.weight_view.selectionModel().selectedRows(), reverse=True):
            self.weight_model.remove(index.row())
        self.revalidate()

    # -- validation and result ---------------------------------------------------------------
    def _collect(self) -> tuple[Client, list[Finding]]:
        found: list[Finding] = []
        c = copy.deepcopy(self.client)
        c.name = self.name_edit.text().strip()
        c.chart = self.chart_edit.text().strip()
        c.pronouns = self.pronouns_edit.text().strip()
        c.indication = self.indication_combo.currentData() or ""
        c.medications = self.medications_edit.toPlainText()
        c.notes = self.notes_edit.toPlainText()
        c.sex = self.sex_combo.currentData() or ""
        c.redact_names = self.redact_edit.toPlainText()
        for label, field, attr in (
            ("Date of birth", self.dob_edit, "dob"),
            ("Consent date", self.consent_edit, "consent_date"),
        ):
            problem = field.problem()
            if problem:
                found.append(Finding(ERROR, attr, f"{label}: {problem}", "date_format"))
                setattr(c, attr, None)
            else:
                setattr(c, attr, field.date_value())
        c.weights = self.weight_model.weights()
        if self.kg_spin.value() > 0:
            # A weight typed but not added with "Add weight" is kept, not dropped on OK.
            when = self._weight_date()
            if isinstance(when, str):
                found.append(Finding(ERROR, "weight", when, "weight_input"))
            else:
                c.weights = [w for w in c.weights if w.measured_on != when]
                c.weights.append(WeightEntry(self.kg_spin.value(), when))
        c.screening = self.screening.items()
        found += validate_client(c)
        if c.chart:
            other = self.practice.find_client(c.chart)
            if other is not None and other.id != c.id:
                found.append(Finding(ERROR, "client.chart", f"Chart number {c.chart} is already used by another client.", "chart_taken"))  # fmt: skip
        return c, found

    def revalidate(self) -> list[Finding]:
        """Re-check the form; OK stays enabled unless there is an error."""
        _client, found = self._collect()
        self.findings_label.show_findings(found)
        self.ok_button.setEnabled(not any(f.is_error for f in found))
        return found

    def accept(self) -> None:
        """Save the client; a store problem is shown and the dialog stays open with the text."""
        client, found = self._collect()
        if any(f.is_error for f in found):
            self.findings_label.show_findings(found)
            return
        try:
            save_client(self.services, client)
        except PracticeError as exc:
            self.findings_label.show_findings([Finding(ERROR, "client", str(exc), "store")])
            return
        self.client = client
        super().accept()
