"""Small input helpers shared by the editor sections: parsing, message labels, colours.

Typed text that cannot be turned into a value stays in its widget; the parse error becomes a
finding (level "error") so it shows next to the field and in the findings bar, and the last
good value is what gets stored.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, time
from typing import Generic, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from kapnotes.domain.formatting import fmt_plain_number, fmt_time
from kapnotes.domain.validation import ERROR, Finding

# Flag and error colours are translucent so they read on the light and the dark palette.
CAUTION_BG = QColor(255, 176, 0, 110)
URGENT_BG = QColor(230, 40, 40, 120)
ERROR_BG = QColor(230, 40, 40, 90)
ERROR_FG = "#e0463c"
WARNING_FG = "#c27c00"

V = TypeVar("V", time, date, int, float)  # what a ValueEdit holds: its parser's result


class ParseError(ValueError):
    """Typed text that is not a value of the field's kind (the message is shown to the user)."""


def parse_time(text: str) -> time | None:
    """'9:05', '09:05' or '0905' -> time; '' -> None; anything else raises ParseError."""
    text = text.strip()
    if not text:
        return None
    digits = text.replace(".", ":").replace("h", ":")
    if ":" not in digits and digits.isdigit() and len(digits) in (3, 4):
        digits = f"{digits[:-2]}:{digits[-2:]}"
    try:
        hours, minutes = (int(p) for p in digits.split(":"))
        return time(hours, minutes)
    except (ValueError, TypeError):
        raise ParseError("is not a time (use HH:MM, e.g. 09:30)") from None


def parse_int(text: str) -> int | None:
    """A whole number or None for empty text; ParseError otherwise."""
    text = text.strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise ParseError("is not a whole number") from None


def parse_float(text: str) -> float | None:
    """A number (comma or point as decimal mark) or None for empty text; ParseError otherwise."""
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ParseError("is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ParseError("is not a number")
    return value


def parse_date(text: str) -> date | None:
    """'2027-06-01' -> date; '' -> None; anything else raises ParseError.

    A typed field, not a QDateEdit: QDateEdit's section-by-section typing turned 2027-06-01
    into 2026-06-01 without a word (the year it could not take kept its old value), and its
    arrow keys and wheel stepped the date. Here the text is the date, or an error beside it.
    """
    text = text.strip()
    if not text:
        return None
    problem = "is not a date (use YYYY-MM-DD, e.g. 2026-06-01)"
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):  # fromisoformat also takes 20260601
        raise ParseError(problem)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ParseError(problem) from None


class ValueEdit(QLineEdit, Generic[V]):
    """A line edit for a date, a time or a number: keeps bad text on screen and reports why."""

    valueEdited = Signal()

    def __init__(
        self,
        parser: Callable[[str], V | None],
        placeholder: str = "",
        parent=None,
        check: Callable[[V | None], str | None] | None = None,
    ):
        super().__init__(parent)
        self._parser: Callable[[str], V | None] = parser
        # `check` says why a value that parsed is impossible (domain.validation.value_problem):
        # it is refused like unreadable text, kept on screen with the reason, never stored.
        self._check: Callable[[V | None], str | None] | None = check
        self._value: V | None = None
        # The value when the user came into the field: text left unreadable or impossible
        # falls back to it, never to a half-typed step on the way ("000" read as 00:00
        # while typing "00000" was stored although the screen said "not a time").
        self._entered: V | None = None
        self.error: str | None = None
        self.refused = False  # the error is an impossible value, not unreadable text
        self.setPlaceholderText(placeholder)
        self.setMaximumWidth(110)
        self.textEdited.connect(self._on_text)

    def set_value(self, value: V | None) -> None:
        self._value = self._entered = value
        self.error = None
        self.refused = False
        if isinstance(value, time):
            self.setText(fmt_time(value))
        elif isinstance(value, date):  # ISO always (fmt_date can print "Day N" in a PDF)
            self.setText(value.isoformat())
        elif isinstance(value, int | float):
            self.setText(fmt_plain_number(value))
        else:
            self.setText("")

    def value(self) -> V | None:
        """The last value that parsed (bad text keeps the previous good value)."""
        return self._value

    def _on_text(self, text: str) -> None:
        self.refused = False
        try:
            value = self._parser(text)
        except ParseError as exc:
            self.error, self._value = str(exc), self._entered
        else:
            problem = self._check(value) if self._check is not None else None
            if problem:
                self.error, self.refused, self._value = problem, True, self._entered
            else:
                self._value, self.error = value, None
        self.valueEdited.emit()

    def mark_saved(self) -> None:
        """The value now stored: unreadable text typed later falls back to it."""
        if not self.error:
            self._entered = self._value

    def focusInEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if not self.error:
            self._entered = self._value  # a new edit starts from what is there now
        super().focusInEvent(event)


class FieldMessage(QLabel):
    """The findings about one field, shown right under or beside it (hidden when none)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.hide()

    def show_findings(self, findings: Iterable[Finding]) -> None:
        findings = list(findings)
        if not findings:
            self.clear()
            self.hide()
            return
        worst = ERROR if any(f.is_error for f in findings) else "warning"
        colour = ERROR_FG if worst == ERROR else WARNING_FG
        lines = [("✖ " if f.is_error else "⚠ ") + f.message for f in findings]
        self.setText("\n".join(lines))
        self.setStyleSheet(f"color: {colour};")
        self.show()


def local_error(field: str, label: str, problem: str) -> Finding:
    """A finding for text that could not be turned into a value (kept on screen, not stored)."""
    return Finding(ERROR, field, f"{label}: the text typed {problem}; kept on screen, not saved.", "not_a_value")  # fmt: skip


def refused_error(field: str, problem: str) -> Finding:
    """A finding for a value that is impossible (kept on screen, refused, not stored)."""
    return Finding(ERROR, field, f"{problem} Kept on screen, not saved.", "impossible_value")


def edit_error(field: str, label: str, edit: ValueEdit) -> Finding | None:
    """The finding for a ValueEdit's current error (unreadable or impossible), or None."""
    if not edit.error:
        return None
    return refused_error(field, edit.error) if edit.refused else local_error(field, label, edit.error)  # fmt: skip


def fill_combo(combo: QComboBox, items: Iterable[tuple[str, str]]) -> None:
    """Replace a combo's items with (code, label) pairs; the code is the item data."""
    combo.blockSignals(True)
    combo.clear()
    for code, label in items:
        combo.addItem(label, code)
    combo.blockSignals(False)


def select_code(combo: QComboBox, code: str | None) -> None:
    """Select the item with this code, adding it (shown as itself) when it is unknown."""
    combo.blockSignals(True)
    index = combo.findData(code)
    if index < 0 and code is not None:
        combo.addItem(str(code), code)
        index = combo.count() - 1
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)


def tristate_items() -> list[tuple[object, str]]:
    return [(None, "—"), (True, "Yes"), (False, "No")]
