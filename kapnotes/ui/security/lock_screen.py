"""The opaque unlock screen laid over a window while KAPNotes is locked."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kapnotes.ui.security.widgets import MessageLine, PassphraseField

PANEL_WIDTH = 360


class LockScreen(QWidget):
    """Covers its parent window (below `top`, e.g. the menu bar) with an unlock form.

    It paints a solid background, so nothing of the window shows through, and keeps Tab inside
    itself so the keyboard cannot reach the widgets it covers.
    """

    unlockRequested = Signal(str)

    def __init__(
        self,
        window: QWidget,
        practice_name: str,
        *,
        encrypted: bool,
        top: QWidget | None = None,
        users: list[str] | None = None,
        current: str | None = None,
    ):
        super().__init__(window)
        self.setObjectName("lockScreen")
        self.encrypted = encrypted
        self._top = top
        self.setAutoFillBackground(True)
        # A fully opaque background even if a theme gave the window colour some transparency.
        palette = self.palette()
        colour = palette.color(QPalette.ColorRole.Window)
        colour.setAlpha(255)
        palette.setColor(QPalette.ColorRole.Window, colour)
        self.setPalette(palette)

        self.title = QLabel("KAPNotes is locked", self)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.practice_label = QLabel(practice_name, self)
        self.practice_label.setTextFormat(Qt.TextFormat.PlainText)
        self.practice_label.setObjectName("muted")
        if encrypted:
            explain = "Client details are hidden. Enter the practice passphrase to continue."
        else:
            explain = (
                "Client details are hidden. This practice is not encrypted, so no passphrase "
                "is asked: encrypt it to protect the notes on this computer."
            )
        self.explain = QLabel(explain, self)
        self.explain.setWordWrap(True)
        self.explain.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.passphrase = PassphraseField("passphrase", self)
        self.passphrase.setVisible(encrypted)
        # With accounts: who signs in (a colleague may take over: "Switch user").
        self.user_combo = QComboBox(self)
        self.user_combo.setAccessibleName("Your name")
        self.user_combo.addItems(users or [])
        if current and current in (users or []):
            self.user_combo.setCurrentText(current)
        self.user_combo.setVisible(bool(users))
        if users:
            self.explain.setText(
                "Client details are hidden. Pick your name and enter your own passphrase."
            )
        self.unlock_button = QPushButton("Unlock", self)
        self.unlock_button.setMinimumWidth(120)
        self.unlock_button.setDefault(True)
        self.unlock_button.setAutoDefault(True)
        self.message = MessageLine(self)
        self.message.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)

        # A fixed-width panel in the middle: wrapped text gets its full height at any window size.
        panel = QWidget(self)
        panel.setFixedWidth(PANEL_WIDTH)
        column = QVBoxLayout(panel)
        column.setSpacing(8)
        for label in (self.title, self.practice_label, self.explain):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            column.addWidget(label)
        column.addSpacing(6)
        column.addWidget(self.user_combo)
        column.addWidget(self.passphrase)
        column.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(panel)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addLayout(row)
        layout.addStretch(3)

        self.unlock_button.clicked.connect(self._request)
        self.passphrase.returnPressed.connect(self._request)
        window.installEventFilter(self)
        self._follow()

    def _request(self) -> None:
        if self.unlock_button.isEnabled():
            self.unlockRequested.emit(self.passphrase.text())

    # -- covering the window ---------------------------------------------------------------
    def covered_rect(self) -> QRect:
        """The parent's whole area below `top` (the menu bar stays usable for Quit)."""
        parent = self.parentWidget()
        rect = parent.rect() if parent is not None else self.rect()
        if self._top is not None and self._top.isVisible():
            rect.setTop(self._top.geometry().bottom() + 1)
        return rect

    def _follow(self) -> None:
        self.setGeometry(self.covered_rect())
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.parentWidget() and event.type() in (
            QEvent.Type.Resize,
            QEvent.Type.LayoutRequest,
            QEvent.Type.ChildAdded,
        ):
            self._follow()
        return False

    def detach(self) -> None:
        """Stop covering (unlock): remove the filter and delete the screen."""
        parent = self.parentWidget()
        if parent is not None:
            parent.removeEventFilter(self)
        self.passphrase.clear()
        self.hide()
        self.setParent(None)  # gone from the window now, deleted once control returns to Qt
        self.deleteLater()

    # -- keyboard stays inside -------------------------------------------------------------
    def focus_chain(self) -> list[QWidget]:
        chain = [self.passphrase.edit] if self.encrypted else []
        users = [self.user_combo] if self.user_combo.isVisibleTo(self) else []
        return [*chain, self.unlock_button, *users]

    def user_name(self) -> str:
        return self.user_combo.currentText()

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002, N802 - Qt API
        chain = self.focus_chain()
        current = self.focusWidget()
        position = chain.index(current) if current in chain else -1
        step = 1 if next else -1
        chain[(position + step) % len(chain)].setFocus(Qt.FocusReason.TabFocusReason)
        return True

    def focus_field(self) -> None:
        self.focus_chain()[0].setFocus(Qt.FocusReason.OtherFocusReason)

    # -- feedback ----------------------------------------------------------------------------
    def show_error(self, text: str) -> None:
        self.message.show_error(text)

    def set_waiting(self, seconds: int) -> None:
        """Disable Unlock with a countdown (0: enable again)."""
        self.unlock_button.setEnabled(seconds == 0)
        self.unlock_button.setText(f"Unlock ({seconds} s)" if seconds else "Unlock")
