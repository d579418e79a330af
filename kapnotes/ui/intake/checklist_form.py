"""The pre-dose checklist as a form: used by the session editor and live mode's first screen.

Every item may stay unchecked (a finding, never a block). A fasting hour count that is not a
number keeps its text in the field with a message beside it; a negative or implausible one is
kept too and the message says why (kapnotes.domain.checklist.fasting_problem).
"""

from __future__ import annotations

import math

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from kapnotes.domain.checklist import (
    CHECKS,
    PREGNANCY_TEST,
    TODAY_MEDICATIONS,
    PreDoseChecklist,
    fasting_problem,
)

# Shorter labels on screen (the full wording is the tooltip and prints on the note).
SHORT = {
    "transport_arranged": "Transport arranged, by:",
    "no_driving_acknowledged": "No driving until tomorrow, acknowledged",
}


def parse_hours(text: str) -> float | None:
    """Hours typed as "6", "6.5" or "6,5"; "" is None; anything else raises ValueError."""
    text = text.strip().replace(",", ".").removesuffix("h").strip()
    if not text:
        return None
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _buddy_label(text: str, parent: QWidget, buddy: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setBuddy(buddy)
    return label


class ChecklistForm(QWidget):
    """Edits a PreDoseChecklist; emits `changed` after each edit (not while filling)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._filling = False
        self._value = PreDoseChecklist()
        self.fasting = QLineEdit(self)
        self.fasting.setPlaceholderText("hours since solid food")
        self.fasting.setMaximumWidth(160)
        self.fasting.setAccessibleName("Fasting hours")
        self.fasting_message = QLabel(self)
        self.fasting_message.setObjectName("fieldMessage")
        self.fasting_message.setStyleSheet("color: #b42318;")
        self.checks: dict[str, QCheckBox] = {}
        for attr, text in CHECKS.items():
            self.checks[attr] = QCheckBox(SHORT.get(attr, text), self)
            self.checks[attr].setToolTip(text)
        self.transport_by = QLineEdit(self)
        self.transport_by.setPlaceholderText("who takes the client home")
        self.transport_by.setAccessibleName("Transport by")
        self.pregnancy = QComboBox(self)
        for code, text in PREGNANCY_TEST.items():
            self.pregnancy.addItem(text, code)
        self.pregnancy.setAccessibleName("Pregnancy test")
        self.meds: dict[str, QCheckBox] = {k: QCheckBox(v, self) for k, v in TODAY_MEDICATIONS.items()}  # fmt: skip
        self.meds_note = QLineEdit(self)
        self.meds_note.setPlaceholderText("what, how much, when")
        self.status_labels: dict[str, QLabel] = {
            "consent_current": QLabel(self), "eligibility_signed": QLabel(self),
        }  # fmt: skip
        for label in (*self.status_labels.values(), self.fasting_message):
            label.setWordWrap(True)
            label.setMinimumWidth(40)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText("anything else checked before the dose")

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(4)
        row = 0
        fasting_row = QHBoxLayout()
        fasting_row.addWidget(self.fasting)
        fasting_row.addWidget(self.fasting_message, 1)
        grid.addWidget(_buddy_label("&Fasting (hours):", self, self.fasting), row, 0)
        grid.addLayout(fasting_row, row, 1)
        for attr, box in self.checks.items():
            row += 1
            grid.addWidget(box, row, 0)
            if attr == "transport_arranged":
                grid.addWidget(self.transport_by, row, 1)
            elif attr in self.status_labels:
                grid.addWidget(self.status_labels[attr], row, 1)
        row += 1
        grid.addWidget(_buddy_label("Pregnancy &test:", self, self.pregnancy), row, 0)
        grid.addWidget(self.pregnancy, row, 1)
        row += 1
        meds_grid = QGridLayout()
        for i, box in enumerate(self.meds.values()):
            meds_grid.addWidget(box, i // 2, i % 2)
        grid.addWidget(QLabel("Taken today:", self), row, 0)
        grid.addLayout(meds_grid, row, 1)
        row += 1
        grid.addWidget(_buddy_label("Medication &details:", self, self.meds_note), row, 0)
        grid.addWidget(self.meds_note, row, 1)
        row += 1
        grid.addWidget(_buddy_label("&Other:", self, self.note), row, 0)
        grid.addWidget(self.note, row, 1)
        grid.setColumnStretch(1, 1)

        self.fasting.textEdited.connect(self._edited)
        for w in (self.transport_by, self.meds_note, self.note):
            w.textEdited.connect(self._edited)
        for box in (*self.checks.values(), *self.meds.values()):
            box.toggled.connect(self._edited)
        self.pregnancy.currentIndexChanged.connect(self._edited)

    # -- values ------------------------------------------------------------------------------
    def set_value(self, checklist: PreDoseChecklist | None) -> None:
        self._filling = True
        try:
            c = checklist or PreDoseChecklist()
            self._value = c
            self.fasting.setText("" if c.fasting_hours is None else f"{c.fasting_hours:g}")
            for attr, box in self.checks.items():
                box.setChecked(bool(getattr(c, attr)))
            self.transport_by.setText(c.transport_by)
            self.pregnancy.setCurrentIndex(max(0, self.pregnancy.findData(c.pregnancy_test)))
            for key, box in self.meds.items():
                box.setChecked(bool(c.medications_today.get(key)))
            self.meds_note.setText(c.medications_note)
            self.note.setText(c.note)
            self._show_fasting_message()
        finally:
            self._filling = False

    def value(self) -> PreDoseChecklist:
        """The checklist as on screen; unreadable fasting text keeps the last readable value."""
        try:
            hours = parse_hours(self.fasting.text())
        except ValueError:
            hours = self._value.fasting_hours
        self._value = PreDoseChecklist(
            fasting_hours=hours,
            transport_by=self.transport_by.text(),
            pregnancy_test=self.pregnancy.currentData() or "",
            medications_today={k: True for k, box in self.meds.items() if box.isChecked()},
            medications_note=self.meds_note.text(),
            note=self.note.text(),
            **{attr: box.isChecked() for attr, box in self.checks.items()},
        )
        return self._value

    def fasting_text_error(self) -> str | None:
        """Why the fasting text cannot be read, or None."""
        try:
            parse_hours(self.fasting.text())
        except ValueError:
            return f"Fasting hours: “{self.fasting.text()}” is not a number of hours."
        return None

    def set_status(self, consent: str, eligibility: str) -> None:
        """What the client's record says, beside the two items the clinician confirms."""
        self.status_labels["consent_current"].setText(consent)
        self.status_labels["eligibility_signed"].setText(eligibility)

    def set_read_only(self, read_only: bool) -> None:
        for w in (self.fasting, self.transport_by, self.meds_note, self.note):
            w.setReadOnly(read_only)
        for box in (*self.checks.values(), *self.meds.values(), self.pregnancy):
            box.setEnabled(not read_only)

    # -- reactions ---------------------------------------------------------------------------
    def _show_fasting_message(self) -> None:
        message = self.fasting_text_error()
        if message is None:
            try:
                message = fasting_problem(parse_hours(self.fasting.text()))
            except ValueError:
                message = None
        self.fasting_message.setText(message or "")

    def _edited(self, *_args) -> None:
        if self._filling:
            return
        self._show_fasting_message()
        self.changed.emit()


def client_status(client, day) -> tuple[str, str]:
    """("consent: …", "eligibility: …") lines from the client's record for a session day."""
    from kapnotes.domain.intake import current_consent, decision_on

    if client is None:
        return "", ""
    consent = current_consent(client.consents, day)
    if consent is not None:
        consent_text = f"On file: {consent.name}, signed {consent.signed_on:%Y-%m-%d}"
    elif client.consent_date is not None and not client.consents:
        consent_text = f"Consent date on file: {client.consent_date:%Y-%m-%d} (paper)"
    else:
        consent_text = "⚠ No current consent on file"
    decision = decision_on(client.eligibility, day)
    if decision is None:
        elig_text = "⚠ No signed eligibility decision"
    else:
        mark = "" if decision.allows_dosing else "⚠ "
        elig_text = f"{mark}{decision.label} — {decision.who()}, {decision.decided_at:%Y-%m-%d}"
    return consent_text, elig_text
