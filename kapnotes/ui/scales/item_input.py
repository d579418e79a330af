"""One scale item's entry box: a digit (or Y/N) sets the value, blank means missing."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QIntValidator, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QToolTip, QWidget

_CLEAR_KEYS = {Qt.Key.Key_Backspace, Qt.Key.Key_Delete, Qt.Key.Key_Space, Qt.Key.Key_Minus}


class ItemInput(QLineEdit):
    """An item value box. Short ranges (0–3, 0–5, yes/no) take one key that replaces the value;
    wide ranges (0–100) are typed as numbers. Blank is missing, never zero."""

    valueChanged = Signal()

    def __init__(self, low: int, high: int, yes_no: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.low, self.high, self.yes_no = low, high, yes_no
        # One keystroke per item is what makes entry fast; only 0-100 scales need typing.
        self.single_key = yes_no or high <= 9
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if self.single_key:
            self.setMaxLength(3)
            self.setPlaceholderText("y/n" if yes_no else "–")
            self.setToolTip(
                "Y or 1 = yes, N or 0 = no; Backspace clears"
                if yes_no
                else f"Type {low}–{high}; Backspace clears (blank = missing)"
            )
        else:
            self.setMaxLength(len(str(high)))
            self.setValidator(QIntValidator(low, high, self))
            self.setPlaceholderText("–")
            self.setToolTip(f"Type {low}–{high}; blank = missing")
        # A stored value this form cannot show as valid (out of range, from an older version or
        # an import) is kept as it was until the user types over it: nothing is lost silently.
        self._raw: int | None = None
        self._hint = self.toolTip()
        self._setting = False
        self.textChanged.connect(self._text_changed)
        self.setFixedWidth(self.fontMetrics().horizontalAdvance("0000") + 24)

    def value(self) -> int | None:
        """The item value, or None when blank (missing) or out of range."""
        text = self.text().strip().lower()
        if self.yes_no:
            return {"yes": 1, "no": 0}.get(text)
        if not text.isdigit():
            return None
        number = int(text)
        return number if self.low <= number <= self.high else None

    def set_value(self, value: int | None) -> None:
        """Show a stored value; one out of range shows as typed, counts as missing, is kept."""
        self._setting = True
        try:
            valid = (
                isinstance(value, int | float)
                and not isinstance(value, bool)
                and self.low <= value <= self.high
            )
            if value is None:
                self.setText("")
            elif not valid:
                self.setText(str(value)[:8])
            elif self.yes_no:
                self.setText("Yes" if value else "No")
            else:
                self.setText(str(int(value)) if float(value).is_integer() else str(value))
        finally:
            self._setting = False
        self._raw = value if value is not None and not valid else None
        self.setToolTip(
            f"Stored value {value!s:.8} is outside {self.low}–{self.high}: counted as missing"
            if self._raw is not None
            else self._hint
        )

    def stored_value(self) -> int | None:
        """What to save: the value typed, or an unreadable stored value left untouched."""
        return self._raw if self._raw is not None else self.value()

    def refusal(self, text: str) -> str:
        """What a refused key is told: the values this item takes."""
        if self.yes_no:
            return f"“{text}” is not an answer here: Y (yes), N (no), Backspace clears."
        return f"“{text}” is not a value here: type {self.low}–{self.high}; Backspace clears."

    def _text_changed(self, _text: str) -> None:
        if not self._setting:
            if self._raw is not None:
                self._raw = None
                self.setToolTip(self._hint)
            self.valueChanged.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if not self.single_key or self.isReadOnly():
            super().keyPressEvent(event)
            return
        key, text = event.key(), event.text().lower()
        if key in _CLEAR_KEYS:
            self.setText("")
        elif self.yes_no and text in ("y", "1"):
            self.setText("Yes")
        elif self.yes_no and text in ("n", "0"):
            self.setText("No")
        elif not self.yes_no and text.isdigit() and self.low <= int(text) <= self.high:
            self.setText(text)
        elif text and text.isprintable():
            # Out-of-range digits and letters are refused rather than half-typed, and say so:
            # a silent refusal looked like an answer entered (and left the item missing).
            event.accept()
            QToolTip.showText(self.mapToGlobal(QPoint(0, self.height())), self.refusal(text), self)
        else:
            super().keyPressEvent(event)
