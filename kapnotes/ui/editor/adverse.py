"""Adverse events: what happened, how bad, when, what was done, and how it ended."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kapnotes.domain.records import AdverseEvent
from kapnotes.domain.validation import Finding
from kapnotes.domain.vocab import vocabulary
from kapnotes.ui.editor.base import WHOLE, Section, by_prefix
from kapnotes.ui.editor.fields import (
    FieldMessage,
    ValueEdit,
    fill_combo,
    local_error,
    parse_time,
    select_code,
)


class AdverseEventForm(QFrame):
    """One adverse event; edits go straight into its record."""

    changed = Signal()
    removeRequested = Signal(object)

    def __init__(self, event: AdverseEvent, number: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.record = event
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.description = QLineEdit(event.description, self)
        self.description.setPlaceholderText("What happened")
        self.severity = QComboBox(self)
        fill_combo(self.severity, ((t.code, t.label) for t in vocabulary("severities")))
        select_code(self.severity, event.severity)
        self.time = ValueEdit(parse_time, "HH:MM", self)
        self.time.set_value(event.time)
        self.time.setAccessibleName("Adverse event time")
        self.interventions: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        for i, term in enumerate(vocabulary("interventions")):
            box = QCheckBox(term.label, self)
            box.setChecked(term.code in event.interventions)
            box.toggled.connect(self._on_edit)
            # Two columns: three made the form wider than the note column at 1366 px.
            grid.addWidget(box, i // 2, i % 2)
            self.interventions[term.code] = box
        self.outcome = QLineEdit(event.outcome, self)
        self.outcome.setPlaceholderText("e.g. resolved within 15 min")
        self.remove_button = QPushButton("Remove this event", self)
        self.message = FieldMessage(self)
        top = QHBoxLayout()
        top.addWidget(self.severity)
        top.addWidget(QLabel("at", self))
        top.addWidget(self.time)
        top.addStretch(1)
        top.addWidget(self.remove_button)
        form = QFormLayout(self)
        form.addRow(f"Event {number}, &what happened:", self.description)
        form.addRow("Se&verity, time:", top)
        label = form.labelForField(top)
        if isinstance(label, QLabel):  # the row label's Alt+V focuses the severity
            label.setBuddy(self.severity)
        form.addRow("Interventions:", grid)
        form.addRow("O&utcome:", self.outcome)
        form.addRow(self.message)
        self.description.textEdited.connect(self._on_edit)
        self.severity.currentIndexChanged.connect(self._on_edit)
        self.time.valueEdited.connect(self._on_edit)
        self.outcome.textEdited.connect(self._on_edit)
        self.remove_button.clicked.connect(lambda: self.removeRequested.emit(self))

    def _on_edit(self, *args) -> None:
        e = self.record
        e.description = self.description.text()
        e.severity = self.severity.currentData()
        e.time = self.time.value()
        # Keep interventions the vocabulary does not know (entered elsewhere) untouched.
        known = set(self.interventions)
        e.interventions = [c for c in e.interventions if c not in known] + [
            c for c, box in self.interventions.items() if box.isChecked()
        ]
        e.outcome = self.outcome.text()
        self.changed.emit()


class AdverseEventsSection(Section):
    """The session's adverse events, each in its own small form."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Adverse events", parent)
        self.forms: list[AdverseEventForm] = []
        self.forms_layout = QVBoxLayout()
        self.empty_label = QLabel("None recorded.", self)
        self.add_button = QPushButton("Add adverse &event", self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_label)
        layout.addLayout(self.forms_layout)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.add_event)

    def fill(self) -> None:
        self._rebuild()

    def _rebuild(self) -> None:
        for form in self.forms:
            self.forms_layout.removeWidget(form)
            form.hide()
            form.deleteLater()
        self.forms = []
        for i, event in enumerate(self.loaded.adverse_events):
            form = AdverseEventForm(event, i + 1, self)
            form.changed.connect(lambda: self.emit_edit(WHOLE))
            form.removeRequested.connect(self._remove)
            self.forms_layout.addWidget(form)
            self.forms.append(form)
        self.empty_label.setVisible(not self.forms)
        self.rebuilt.emit()
        if self.read_only:
            self.set_read_only(True)

    def add_event(self) -> None:
        """Add an empty event and put the cursor in its description."""
        if self.read_only or self.session is None:
            return
        self.session.adverse_events.append(AdverseEvent(description=""))
        self._rebuild()
        self.forms[-1].description.setFocus()
        self.emit_edit(WHOLE)

    def _remove(self, form: AdverseEventForm) -> None:
        if self.read_only or self.session is None:
            return
        self.session.adverse_events.remove(form.record)
        self._rebuild()
        self.add_button.setFocus()
        self.emit_edit(WHOLE)

    def local_findings(self) -> list[Finding]:
        return [
            local_error(f"adverse_events[{i}].time", f"Adverse event {i + 1} time", f.time.error)
            for i, f in enumerate(self.forms)
            if f.time.error
        ]

    def show_findings(self, findings: list[Finding]) -> None:
        for i, form in enumerate(self.forms):
            form.message.show_findings(by_prefix(findings, f"adverse_events[{i}]"))

    def focus_widget(self, field_name: str) -> QWidget | None:
        for i, form in enumerate(self.forms):
            if field_name.startswith(f"adverse_events[{i}]"):
                return form.time if field_name.endswith(".time") else form.description
        return None

    def has_data(self) -> bool:
        return bool(self.session and self.session.adverse_events)
