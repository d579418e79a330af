"""Small widgets shared by the dialogs: date fields, inline validation messages, the button row
and the column a dialog is laid out in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kapnotes.domain.formatting import fmt_date
from kapnotes.domain.validation import Finding


def to_date(qdate: QDate) -> date:
    """A QDate as a Python date (QDate.toPython() is typed as returning any object)."""
    return date(qdate.year(), qdate.month(), qdate.day())


def calendar_date(parent: QWidget, day: date | QDate | None = None) -> QDateEdit:
    """A date picked from a calendar popup, shown as YYYY-MM-DD; set to `day` when given."""
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    if isinstance(day, date):
        day = QDate(day.year, day.month, day.day)
    if day is not None:
        edit.setDate(day)
    return edit


def parse_date(text: str) -> date | None:
    """A date from YYYY-MM-DD; raises ValueError with a plain message when it is not one."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError("Use the form YYYY-MM-DD, e.g. 2024-03-01.") from None


class DateField(QLineEdit):
    """A date typed as YYYY-MM-DD (empty allowed); `valueChanged` after every edit."""

    valueChanged = Signal()

    def __init__(self, value: date | None = None, parent: QWidget | None = None):
        super().__init__(fmt_date(value, missing=""), parent)
        self.setPlaceholderText("YYYY-MM-DD")
        self.setMaxLength(10)
        self.setClearButtonEnabled(True)
        self.textChanged.connect(lambda _t: self.valueChanged.emit())

    def date_value(self) -> date | None:
        """The typed date; raises ValueError for text that is not a date."""
        return parse_date(self.text())

    def set_date(self, value: date | None) -> None:
        self.setText(fmt_date(value, missing=""))

    def problem(self) -> str | None:
        """Why the text is not a date, or None."""
        try:
            self.date_value()
        except ValueError as exc:
            return str(exc)
        return None


class FindingsLabel(QLabel):
    """Validation findings under a form: errors in red, warnings in amber; hidden when none."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.hide()

    def show_findings(self, findings: list[Finding]) -> None:
        """Show errors first; the object name picks the colour from the theme stylesheet."""
        if not findings:
            self.clear()
            self.hide()
            return
        ordered = sorted(findings, key=lambda f: not f.is_error)
        self.setObjectName("fieldError" if ordered[0].is_error else "fieldWarning")
        self.style().unpolish(self)  # the theme's stylesheet colours by object name
        self.style().polish(self)
        self.setText(
            "\n".join(("Error: " if f.is_error else "Note: ") + f.message for f in ordered)
        )
        self.show()


def ok_cancel_buttons(dialog: QDialog) -> QDialogButtonBox:
    """An OK / Cancel button row wired to the dialog's accept() and reject()."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def action_buttons(
    dialog: QDialog, action: str, on_action: Callable[[], None]
) -> tuple[QDialogButtonBox, QPushButton]:
    """The row of a dialog that checks before it closes: an action button that runs
    `on_action` (which accepts, or says beside the form why not) and Cancel, which rejects."""
    buttons = QDialogButtonBox(dialog)
    button = buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(on_action)
    buttons.rejected.connect(dialog.reject)
    return buttons, button


STRETCH = None  # in column(): the room left over goes here


def column(parent: QWidget, *parts: QWidget | QLayout | None) -> QVBoxLayout:
    """The parent's layout: its widgets and layouts top to bottom (STRETCH for a stretch)."""
    layout = QVBoxLayout(parent)
    for part in parts:
        if part is None:
            layout.addStretch(1)
        elif isinstance(part, QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part)
    return layout
