"""File > Encrypt this practice…: choose the passphrase for a plain practice file."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from kapnotes.ui.common.widgets import ok_cancel_buttons
from kapnotes.ui.security.new_practice import PassphrasePair
from kapnotes.ui.security.widgets import MessageLine


class EncryptPracticeDialog(QDialog):
    """A new passphrase typed twice, with the strength hint; OK only once it is usable."""

    def __init__(self, file_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Encrypt this practice — KAPNotes")
        self.setMinimumWidth(460)
        intro = QLabel(
            f"{file_name} is stored without encryption. Choose a passphrase: it will be needed "
            "every time the practice is opened or unlocked, and it cannot be recovered if lost."
        )
        intro.setWordWrap(True)
        self.pair = PassphrasePair(self)
        self.message = MessageLine(self)
        self.buttons = ok_cancel_buttons(self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Encrypt")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.pair)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def accept(self) -> None:
        problem = self.pair.problem()
        if problem:
            self.message.show_error(problem)
            return
        super().accept()

    @classmethod
    def ask(cls, file_name: str, parent: QWidget | None = None) -> str | None:
        """The chosen passphrase, or None when cancelled."""
        dialog = cls(file_name, parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.pair.text()
        finally:
            dialog.pair.clear()
            dialog.deleteLater()
