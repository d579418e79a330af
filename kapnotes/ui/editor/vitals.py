"""Vital signs: a time series, flagged values coloured with the reason in a tooltip."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kapnotes.domain.records import VitalSign
from kapnotes.domain.validation import Finding
from kapnotes.ui.editor.base import WHOLE, Section, by_prefix
from kapnotes.ui.editor.fields import FieldMessage
from kapnotes.ui.editor.models import VitalsModel
from kapnotes.ui.editor.tables import RecordTable


class VitalsSection(Section):
    """Blood pressure, heart rate, SpO2, respiration and sedation over the session."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Vital signs", parent)
        self.model = VitalsModel(self)
        self.table = RecordTable(self.model, "reading", self)
        self.table.add_button.setText("Add &reading")
        hint = QLabel(
            "Usual points: before dosing, about 40 min after, and before discharge. "
            "Amber = caution, red = urgent (hover a value for why).",
            self,
        )
        hint.setWordWrap(True)
        self.message = FieldMessage(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        self.table.add_button.clicked.connect(self.add_reading)
        self.model.edited.connect(self._on_table)

    def fill(self) -> None:
        self.model.set_thresholds(self.ctx.settings.vitals)
        self.model.set_rows(self.session.vitals)
        self.table.fit_rows()

    def add_reading(self) -> None:
        """Append a reading ("before dosing" for the first one) and start editing its time."""
        if self.read_only or self.session is None:
            return
        last = self.session.vitals[-1] if self.session.vitals else None
        record = VitalSign(
            time=None,
            phase="during" if last else "pre",
            sedation_scale=last.sedation_scale if last else "moaas",
        )
        row = self.model.insert_record(record)
        self.table.fit_rows()
        self.table.start_editing(row, 0)

    def _on_table(self) -> None:
        if self.session is None or self._loading:
            return
        self.session.vitals[:] = self.model.records()
        self.table.fit_rows()
        self.emit_edit(WHOLE)

    def local_findings(self) -> list[Finding]:
        return self.model.local_findings()

    def show_findings(self, findings: list[Finding]) -> None:
        self.model.set_findings(findings)
        self.message.show_findings(by_prefix(findings, "vitals"))

    def focus_widget(self, field_name: str) -> QWidget | None:
        if field_name.startswith("vitals"):
            self.table.select_field(field_name)
            return self.table.view
        return None

    def has_data(self) -> bool:
        return bool(self.session and self.session.vitals)

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.table.set_read_only(read_only)
