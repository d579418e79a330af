"""Pieces shared by the security dialogs: a passphrase field, a strength meter, a message line,
and signing with a typed passphrase."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kapnotes.domain.passphrase import PassphraseStrength, passphrase_strength
from kapnotes.store import PracticeError, WrongPassphrase

# Meter colours by score: red, red, amber, green, green (readable on light and dark themes).
_METER_COLOURS = ("#c62828", "#c62828", "#d08a00", "#2e7d32", "#1b5e20")


class PassphraseField(QWidget):
    """A masked line edit with a Show/Hide button; `edit` is the QLineEdit tests type into."""

    textChanged = Signal(str)
    returnPressed = Signal()

    def __init__(self, placeholder: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setPlaceholderText(placeholder)
        # No predictive text or auto-capitals: an input method must not learn the passphrase.
        self.edit.setInputMethodHints(
            Qt.InputMethodHint.ImhSensitiveData
            | Qt.InputMethodHint.ImhNoPredictiveText
            | Qt.InputMethodHint.ImhNoAutoUppercase
        )
        self.toggle = QToolButton(self)
        self.toggle.setText("Show")
        self.toggle.setCheckable(True)
        self.toggle.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.toggle.setToolTip("Show or hide what is typed")
        self.toggle.toggled.connect(self._set_visible_text)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.toggle)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self.textChanged)
        self.edit.returnPressed.connect(self.returnPressed)

    def _set_visible_text(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.edit.setEchoMode(mode)
        self.toggle.setText("Hide" if shown else "Show")

    def text(self) -> str:
        return self.edit.text()

    def clear(self) -> None:
        """Empty the field and mask it again (a shown passphrase never stays on screen)."""
        self.edit.clear()
        self.toggle.setChecked(False)

    def setReadOnly(self, read_only: bool) -> None:  # noqa: N802 - mirrors QLineEdit
        self.edit.setReadOnly(read_only)


class StrengthMeter(QWidget):
    """A five-step bar with the label ("fair", "strong"…) and the hint of passphrase_strength."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 4)
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(8)
        self.label = QLabel(self)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setObjectName("muted")
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.hint.setMinimumHeight(self.hint.fontMetrics().lineSpacing() * 2 + 2)
        top = QHBoxLayout()
        top.setSpacing(10)
        top.addWidget(self.bar, 1)
        top.addWidget(self.label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        self.strength = passphrase_strength("")
        self.update_for("")

    def update_for(self, text: str) -> PassphraseStrength:
        """Score the text and show the result; returns it."""
        self.strength = passphrase_strength(text)
        score = self.strength.score
        # An empty bar still shows one red step once something is typed, so it never looks unused.
        self.bar.setValue(max(score, 1) if text else 0)
        colour = _METER_COLOURS[score]
        self.bar.setStyleSheet(f"QProgressBar::chunk {{ background: {colour}; }}")
        self.label.setText(f"Strength: {self.strength.label}" if text else "Strength: —")
        self.hint.setText(self.strength.hint)
        self.setAccessibleDescription(f"{self.label.text()}. {self.strength.hint}")
        return self.strength


class MessageLine(QLabel):
    """A message under a form: an error (red), a note or an all-clear (green).

    It keeps room for `lines` lines even when empty, so a message appearing later neither
    squeezes the form nor makes the dialog jump.
    """

    def __init__(self, parent: QWidget | None = None, lines: int = 2):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setMinimumHeight(self.fontMetrics().lineSpacing() * lines + 2)

    def _dark(self) -> bool:
        return self.palette().color(QPalette.ColorRole.Window).lightness() < 128

    def show_error(self, text: str) -> None:
        # The same reds as the themes' QLabel#fieldError, readable on either background.
        self._show(text, "fieldError", "#ff8a80" if self._dark() else "#b00020")

    def show_note(self, text: str) -> None:
        self._show(text, "muted", "")

    def show_ok(self, text: str) -> None:
        self._show(text, "fieldOk", "#81c784" if self._dark() else "#1b5e20")

    def _show(self, text: str, name: str, colour: str) -> None:
        self.setObjectName(name)
        # The theme stylesheet may not be loaded (tests, early start-up): colour it ourselves.
        self.setStyleSheet(f"color: {colour};" if colour else "")
        self.setText(text)

    def clear_message(self) -> None:
        self.clear()


def human_size(size: int) -> str:
    """Bytes as "812 KB" / "3.4 MB" for backup lists."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def sign_or_say(
    message: MessageLine,
    sign: Callable[[], object],
    *,
    wrong: str,
    refused: str,
    forget: Callable[[], None],
) -> PracticeError | None:
    """Run a call that signs with a typed passphrase. None when it was done; else the refusal,
    already said on the message line (a wrong passphrase in the words `wrong`, any other as
    "`refused`: why"). Either way `forget` clears the typed passphrase: one try, never kept."""
    try:
        sign()
    except WrongPassphrase as exc:
        message.show_error(wrong)
        return exc
    except PracticeError as exc:
        message.show_error(f"{refused}: {exc}")
        return exc
    finally:
        forget()
    return None
