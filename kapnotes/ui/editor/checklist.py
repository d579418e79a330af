"""The pre-dose checklist section of a dosing session's note (kapnotes.ui.intake form)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kapnotes.domain.validation import ERROR, Finding
from kapnotes.ui.editor.base import Section, by_prefix
from kapnotes.ui.intake.checklist_form import ChecklistForm, client_status


class ChecklistSection(Section):
    """Fasting, transport, no driving, vitals, pregnancy test, today's medications, intention,
    consent, eligibility. The first edit creates the session's checklist."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Pre-dose checklist", parent)
        self.form = ChecklistForm(self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #8a5a00;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.message)
        self.form.changed.connect(self._changed)

    def fill(self) -> None:
        s = self.loaded
        self.form.set_value(s.checklist)
        self.form.set_status(*client_status(self.ctx.client, s.date))

    def _changed(self) -> None:
        if self.session is None or self._loading:
            return
        self.write("checklist", self.form.value())

    def local_findings(self) -> list[Finding]:
        message = self.form.fasting_text_error()
        if message is None:
            return []
        return [Finding(ERROR, "checklist.fasting_hours", message, "fasting_text")]

    def show_findings(self, findings: list[Finding]) -> None:
        mine = [f for f in by_prefix(findings, "checklist") if f.field != "checklist.fasting_hours"]
        gaps = sum(1 for f in mine if f.code == "checklist_gap")
        other = [f.message for f in mine if f.code != "checklist_gap"]
        text = f"{gaps} item(s) not checked — findings, never a block." if gaps else ""
        self.message.setText("\n".join(x for x in (text, *other) if x))

    def focus_widget(self, field_name: str) -> QWidget | None:
        if field_name == "checklist.fasting_hours":
            return self.form.fasting
        attr = field_name.removeprefix("checklist.")
        if attr in self.form.checks:
            return self.form.checks[attr]
        return self.form.fasting if field_name.startswith("checklist") else None

    def has_data(self) -> bool:
        return self.session is not None and self.session.checklist is not None

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.form.set_read_only(read_only)
