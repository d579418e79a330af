"""Discharge readiness, and the esketamine (Spravato) REMS monitoring answers."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kapnotes.domain.validation import Finding
from kapnotes.domain.vocab import vocabulary
from kapnotes.ui.editor.base import Section, by_prefix
from kapnotes.ui.editor.fields import (
    FieldMessage,
    ValueEdit,
    fill_combo,
    local_error,
    parse_int,
    parse_time,
    select_code,
)

TRISTATE = (("", "—"), ("yes", "Yes"), ("no", "No"))
REMS_QUESTIONS = (
    ("vitals_ok_before", "Vital signs acceptable before administration"),
    ("vitals_ok_end", "Vital signs acceptable at completion"),
    ("sedation", "Sedation"),
    ("dissociation", "Dissociation"),
    ("respiratory_depression", "Respiratory depression"),
)


def _to_code(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _from_code(code: str) -> bool | None:
    return None if not code else code == "yes"


def _tristate(parent: QWidget, name: str) -> QComboBox:
    combo = QComboBox(parent)
    fill_combo(combo, TRISTATE)
    combo.setAccessibleName(name)
    return combo


class DischargeSection(Section):
    """When the client left, which criteria were met, and who they left with."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Discharge", parent)
        self.time_edit = ValueEdit(parse_time, "HH:MM", self)
        self.criteria: dict[str, QCheckBox] = {}
        criteria_box = QVBoxLayout()
        for term in vocabulary("discharge_criteria"):
            box = QCheckBox(term.label, self)
            box.toggled.connect(lambda checked, c=term.code: self._on_criterion(c, checked))
            criteria_box.addWidget(box)
            self.criteria[term.code] = box
        self.released_edit = QLineEdit(self)
        self.released_edit.setPlaceholderText("e.g. partner (name), taxi booked by clinic")
        self.note_edit = QLineEdit(self)
        self.message = FieldMessage(self)
        form = QFormLayout(self)
        form.addRow("Discharge &time:", self.time_edit)
        form.addRow(self.message)
        form.addRow("Criteria met:", criteria_box)
        form.addRow("Released &to:", self.released_edit)
        form.addRow("Discharge &note:", self.note_edit)
        self.time_edit.valueEdited.connect(self._on_time)
        self.released_edit.textEdited.connect(self._on_released)
        self.note_edit.textEdited.connect(self._on_note)

    def fill(self) -> None:
        d = self.loaded.discharge
        self.time_edit.set_value(d.time)
        for code, box in self.criteria.items():
            box.setChecked(bool(d.criteria.get(code)))
        self.released_edit.setText(d.released_to)
        self.note_edit.setText(d.note)

    def _on_time(self) -> None:
        self.write("time", self.time_edit.value(), "discharge")

    def _on_criterion(self, code: str, checked: bool) -> None:
        if self.session is not None and not self._loading:
            self.session.discharge.criteria[code] = checked
            self.emit_edit("discharge")

    def _on_released(self, text: str) -> None:
        self.write("released_to", text, "discharge")

    def _on_note(self, text: str) -> None:
        self.write("note", text, "discharge")

    def local_findings(self) -> list[Finding]:
        if self.time_edit.error:
            return [local_error("discharge.time", "Discharge time", self.time_edit.error)]
        return []

    def show_findings(self, findings: list[Finding]) -> None:
        self.message.show_findings(by_prefix(findings, "discharge"))

    def focus_widget(self, field_name: str) -> QWidget | None:
        return self.time_edit if field_name.startswith("discharge") else None

    def has_data(self) -> bool:
        return bool(self.session and not self.session.discharge.is_empty())


class RemsSection(Section):
    """The REMS Patient Monitoring Form answers the rest of the note does not hold."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Esketamine REMS monitoring", parent)
        hint = QLabel(
            "Dose, lot number and the blood pressure readings come from the Dosing and "
            "Vital signs sections.",
            self,
        )
        hint.setWordWrap(True)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(hint)
        form.addRow(QLabel("Concomitant medications that sedate or raise blood pressure:", self))
        self.concomitant: dict[str, QComboBox] = {}
        for term in vocabulary("rems_concomitant"):
            combo = _tristate(self, term.label)
            combo.currentIndexChanged.connect(lambda _i, c=term.code: self._on_concomitant(c))
            form.addRow(f"    {term.label}:", combo)
            self.concomitant[term.code] = combo
        self.questions: dict[str, QComboBox] = {}
        for name, label in REMS_QUESTIONS:
            combo = _tristate(self, label)
            combo.currentIndexChanged.connect(lambda _i, n=name: self._on_question(n))
            form.addRow(f"{label}:", combo)
            self.questions[name] = combo
        self.monitoring_end_edit = ValueEdit(parse_time, "HH:MM", self)
        self.ready_edit = ValueEdit(parse_int, "min", self)
        # The form names the one clinician who monitored (phone and email from their profile).
        self.monitor_edit = QLineEdit(self)
        self.monitor_edit.setPlaceholderText("the session's first clinician")
        self.monitor_edit.setAccessibleName("Monitoring clinician")
        self.monitor_edit.textEdited.connect(
            lambda text: self._set("monitoring_clinician", text.strip())
        )
        self.message = FieldMessage(self)
        form.addRow("Monitoring &clinician:", self.monitor_edit)
        form.addRow("Monitoring &ended at:", self.monitoring_end_edit)
        form.addRow("Ready to leave &without the 2-hour rule (min):", self.ready_edit)
        form.addRow(self.message)
        self.monitoring_end_edit.valueEdited.connect(
            lambda: self._set("monitoring_end", self.monitoring_end_edit.value())
        )
        self.ready_edit.valueEdited.connect(
            lambda: self._set("ready_to_leave_min", self.ready_edit.value())
        )

    def fill(self) -> None:
        r = self.loaded.rems
        for code, combo in self.concomitant.items():
            select_code(combo, _to_code(r.concomitant.get(code)))
        for name, combo in self.questions.items():
            select_code(combo, _to_code(getattr(r, name)))
        self.monitoring_end_edit.set_value(r.monitoring_end)
        self.ready_edit.set_value(r.ready_to_leave_min)
        self.monitor_edit.setText(r.monitoring_clinician)

    def _on_concomitant(self, code: str) -> None:
        if self.session is not None and not self._loading:
            self.session.rems.concomitant[code] = _from_code(self.concomitant[code].currentData())
            self.emit_edit("rems")

    def _on_question(self, name: str) -> None:
        self._set(name, _from_code(self.questions[name].currentData()))

    def _set(self, name: str, value) -> None:
        self.write(name, value, "rems")

    def local_findings(self) -> list[Finding]:
        out = []
        if self.monitoring_end_edit.error:
            out.append(local_error("rems.monitoring_end", "Monitoring end", self.monitoring_end_edit.error))  # fmt: skip
        if self.ready_edit.error:
            out.append(local_error("rems.ready_to_leave_min", "Ready to leave", self.ready_edit.error))  # fmt: skip
        return out

    def show_findings(self, findings: list[Finding]) -> None:
        self.message.show_findings(by_prefix(findings, "rems"))

    def focus_widget(self, field_name: str) -> QWidget | None:
        if field_name == "rems.ready_to_leave_min":
            return self.ready_edit
        return self.monitoring_end_edit if field_name.startswith("rems") else None

    def has_data(self) -> bool:
        return bool(self.session and self.session.is_esketamine)
