"""A witness's sign-in inside an entry dialog: who (another active user) and their passphrase.
The witness signs in for this one entry; the session stays the signed-in user's."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

from kapnotes.domain.users import User
from kapnotes.ui.security.widgets import PassphraseField

NOBODY = "— no witness —"


class WitnessBox(QWidget):
    """A name (users other than the signed-in one) and a passphrase field."""

    def __init__(self, users: list[User], me: str, optional: bool = False, parent=None):
        super().__init__(parent)
        self.name = QComboBox(self)
        if optional:
            self.name.addItem(NOBODY, "")
        for u in users:
            if u.active and u.name != me:
                self.name.addItem(u.signature_line(), u.name)
        self.passphrase = PassphraseField("the witness types their passphrase", self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.name, 2)
        layout.addWidget(self.passphrase, 3)
        self.name.currentIndexChanged.connect(self._enable)
        self._enable()

    def _enable(self) -> None:
        self.passphrase.setEnabled(bool(self.name.currentData()))

    def value(self) -> tuple[str, str] | None:
        """(name, passphrase), or None when no witness is chosen."""
        name = self.name.currentData()
        return (name, self.passphrase.text()) if name else None

    def clear_passphrase(self) -> None:
        self.passphrase.clear()


def witnesses_of(boxes: list[WitnessBox]) -> list[tuple[str, str]]:
    return [v for v in (b.value() for b in boxes) if v is not None]
