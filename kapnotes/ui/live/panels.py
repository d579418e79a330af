"""Building blocks of the live view: the big clock, the effect keys, one-line entry rows."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from kapnotes.domain.vocab import intensity_label

ERROR_STYLE = "color: #e5484d; font-weight: bold;"


def scaled_font(widget: QWidget, factor: float, bold: bool = False) -> QFont:
    """The widget's font made `factor` times larger (large type for a dim room)."""
    font = QFont(widget.font())
    font.setPointSizeF(max(6.0, font.pointSizeF() * factor))
    font.setBold(bold)
    return font


def muted(label: QLabel) -> QLabel:
    """Secondary text in the palette's placeholder colour (follows light and dark themes)."""
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class EffectKeys(QWidget):
    """Nine big buttons, each showing its key, the effect and the highest intensity so far."""

    pressed = Signal(int)

    def __init__(self, effects: list[tuple[str, str]], parent=None):
        super().__init__(parent)
        self.effects = effects[:9]
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        self.buttons: list[QPushButton] = []
        for i, (_code, label) in enumerate(self.effects):
            button = QPushButton()
            button.setFont(scaled_font(button, 1.35))
            button.setMinimumHeight(64)
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys, not Tab stops
            button.setAccessibleName(f"Key {i + 1}: {label}")
            button.clicked.connect(lambda _c=False, i=i: self.pressed.emit(i))
            grid.addWidget(button, i // 3, i % 3)
            self.buttons.append(button)
        for col in range(3):
            grid.setColumnStretch(col, 1)  # equal keys, whatever the length of their words
        self.show_peaks({})

    def show_peaks(self, peaks: dict[str, int]) -> None:
        """Update each button's intensity line from {effect code: highest intensity}."""
        for i, ((code, label), button) in enumerate(zip(self.effects, self.buttons, strict=True)):
            level = peaks.get(code, 0)
            words = intensity_label(level) if level else "—"
            # "Dissociation / depersonalisation" -> "Dissociation": the key must stay legible.
            button.setText(f"{i + 1}   {label.split(' / ')[0]}\n{words}")
            button.setToolTip(f"Press {i + 1} to log {label}; press again to raise it")


class EntryRow(QWidget):
    """A labelled one-line entry: Enter submits, Esc cancels, an inline error keeps the text."""

    submitted = Signal(str)
    cancelled = Signal()

    def __init__(self, label: str, placeholder: str, parent=None):
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(label)
        self.label.setFont(scaled_font(self.label, 1.2, bold=True))
        self.edit = _EscLineEdit()
        self.edit.setFont(scaled_font(self.edit, 1.35))
        self.edit.setPlaceholderText(placeholder)
        self.edit.setAccessibleName(label.replace("&", ""))
        self.label.setBuddy(self.edit)
        self.edit.returnPressed.connect(lambda: self.submitted.emit(self.edit.text()))
        self.edit.escaped.connect(self.cancelled)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        row.addWidget(self.label)
        row.addWidget(self.edit, 3)
        row.addWidget(self.message, 2)

    def show_error(self, text: str) -> None:
        """A clear message beside the line; the typed text stays for fixing."""
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(text)
        self.message.show()

    def clear_message(self) -> None:
        self.message.hide()
        self.message.setText("")


class _EscLineEdit(QLineEdit):
    escaped = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() == Qt.Key.Key_Escape:
            self.escaped.emit()
        else:
            super().keyPressEvent(event)
