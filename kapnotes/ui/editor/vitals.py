"""Vital signs: a time series, flagged values coloured with the reason in a tooltip."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kapnotes.domain.records import VitalSign
from kapnotes.domain.validation import Finding
from kapnotes.ui.editor.base import by_prefix
from kapnotes.ui.editor.fields import FieldMessage
from kapnotes.ui.editor.models import VitalsModel
from kapnotes.ui.editor.tables import RecordTable, TableSection


class VitalsSection(TableSection):
    """Blood pressure, heart rate, SpO2, respiration and sedation over the session."""

    ATTR = "vitals"
    model: VitalsModel

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
        self.connect_table()

    def fill(self) -> None:
        self.model.set_thresholds(self.ctx.settings.vitals)
        self.model.set_rows(self.loaded.vitals)
        self.table.fit_rows()

    def new_record(self, last: VitalSign | None) -> VitalSign:
        """A reading ("before dosing" for the first one, the last one's sedation scale)."""
        return VitalSign(
            time=None,
            phase="during" if last else "pre",
            sedation_scale=last.sedation_scale if last else "moaas",
        )

    def local_findings(self) -> list[Finding]:
        return self.model.local_findings()

    def show_findings(self, findings: list[Finding]) -> None:
        self.model.set_findings(findings)
        self.message.show_findings(by_prefix(findings, "vitals"))

    def has_data(self) -> bool:
        return bool(self.session and self.session.vitals)
