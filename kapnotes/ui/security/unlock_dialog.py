"""Signing in at start-up: your name and your own passphrase (or, for a practice from before
accounts, the practice's passphrase)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from kapnotes.store.errors import PracticeCorrupt, PracticeError, WrongPassphrase
from kapnotes.ui.security.throttle import FailureThrottle
from kapnotes.ui.security.widgets import MessageLine, PassphraseField
from kapnotes.ui.security.worker import BackgroundCall

if TYPE_CHECKING:
    from kapnotes.store import Practice

WRONG = "Wrong passphrase."


def _open(path: Path, passphrase: str, user: str | None = None):
    # Imported on the first attempt (in the opener's thread), not before the dialog is painted:
    # the store with sqlite-utils and SQLCipher is a third of the start.
    from kapnotes.store import open_practice

    return open_practice(path, passphrase, user=user)


def _user_names(path: Path) -> list[str]:
    from kapnotes.store.slot_names import user_names  # no store, no crypto (see _open)

    return user_names(path)


class UnlockDialog(QDialog):
    """Passphrase prompt for one practice file; `practice` holds the opened Practice on accept."""

    def __init__(
        self,
        path: Path | str,
        parent: QWidget | None = None,
        *,
        throttle: FailureThrottle | None = None,
    ):
        super().__init__(parent)
        self.path = Path(path)
        self.practice: Practice | None = None
        self.last_error: PracticeError | None = None
        self.throttle = throttle or FailureThrottle()
        self.throttle.setParent(self)
        self.users = _user_names(self.path)
        self.setWindowTitle(("Sign in" if self.users else "Unlock practice") + " — KAPNotes")
        self.setMinimumWidth(420)

        name = html.escape(self.path.name, quote=False)
        heading = QLabel(
            f"Sign in to <b>{name}</b>: pick your name, enter your own passphrase"
            if self.users
            else f"Enter the passphrase of <b>{name}</b>",
            self,
        )
        heading.setTextFormat(Qt.TextFormat.RichText)
        folder = QLabel(str(self.path.parent), self)
        folder.setObjectName("muted")
        folder.setTextFormat(Qt.TextFormat.PlainText)
        folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.passphrase = PassphraseField(parent=self)
        self.message = MessageLine(self)
        self.user_combo = QComboBox(self)
        self.user_combo.addItems(self.users)
        self.user_combo.setAccessibleName("Your name")
        form = QFormLayout()
        if self.users:
            form.addRow("&Name:", self.user_combo)
        else:
            self.user_combo.hide()
        form.addRow("&Passphrase:", self.passphrase)

        self.buttons = QDialogButtonBox(self)
        self.open_button = self.buttons.addButton("Open", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.open_button.setDefault(True)
        self.buttons.accepted.connect(self.try_open)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(folder)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.throttle.tick.connect(self._show_countdown)
        self.throttle.waitStarted.connect(lambda _ms: self._show_countdown())
        self.throttle.released.connect(self._end_wait)
        self.opener = BackgroundCall(self)
        self.opener.finished.connect(self._opened)
        self.passphrase.setFocus()

    # -- opening ---------------------------------------------------------------------------
    def try_open(self) -> None:
        """Open the practice with the typed passphrase (on a pool thread); explain failures."""
        if self.throttle.waiting or self.opener.busy:
            return
        text = self.passphrase.text()
        if not text:
            self.message.show_error("Type the passphrase.")
            self.passphrase.setFocus()
            return
        self._set_checking(True)
        path = self.path
        user = self.user_combo.currentText() or None
        self.opener.start(lambda: _open(path, text, user))

    def _set_checking(self, checking: bool) -> None:
        self.open_button.setEnabled(not checking)
        self.open_button.setText("Checking…" if checking else "Open")
        self.passphrase.setEnabled(not checking)
        if checking:
            self.message.show_note("Checking the passphrase…")
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        else:
            QApplication.restoreOverrideCursor()

    def _opened(self, practice: object, error: object) -> None:
        self._set_checking(False)
        if isinstance(error, WrongPassphrase):
            self.last_error = error
            self._wrong()
            return
        if isinstance(error, PracticeCorrupt):
            # The caller offers a backup (CorruptPracticeDialog): ask() re-raises this.
            self.last_error = error
            self.passphrase.clear()
            self.done(QDialog.DialogCode.Rejected)
            return
        if isinstance(error, PracticeError):
            self.last_error = error
            self.message.show_error(str(error))
            self.passphrase.setFocus()
            return
        if isinstance(error, BaseException):
            raise error  # a bug, not a user error: the application's exception hook reports it
        from kapnotes.store import Practice

        assert isinstance(practice, Practice)
        if practice.user is None:  # with accounts the key slots count and audit failures
            from kapnotes.services.practice import failed_unlocks

            failed_unlocks(practice, self.throttle.failures, "before this opening")
        self.throttle.reset()
        self.passphrase.clear()
        self.practice = practice
        self.accept()

    def _wrong(self) -> None:
        self.passphrase.clear()
        self.passphrase.setFocus()
        self.throttle.record_failure()
        if not self.throttle.waiting:
            self.message.show_error(WRONG)

    def _show_countdown(self) -> None:
        seconds = self.throttle.seconds_left()
        if not seconds:
            return
        self.open_button.setEnabled(False)
        self.open_button.setText(f"Open ({seconds} s)")
        self.message.show_error(f"{WRONG} Wait {seconds} s before the next try.")

    def _end_wait(self) -> None:
        self.open_button.setEnabled(True)
        self.open_button.setText("Open")
        self.message.show_error(f"{WRONG} You can try again now.")
        self.passphrase.setFocus()

    def reject(self) -> None:
        if self.opener.busy:
            return  # the answer is a few seconds away at most; it must not be lost
        self.passphrase.clear()
        super().reject()

    @classmethod
    def ask(cls, path: Path | str, parent: QWidget | None = None) -> Practice | None:
        """The opened Practice, or None when cancelled.

        Raises PracticeCorrupt when the file turns out damaged, so the caller can offer a backup
        (CorruptPracticeDialog); every other problem is explained inside the dialog.
        """
        dialog = cls(path, parent)
        try:
            dialog.exec()
            if dialog.practice is None and isinstance(dialog.last_error, PracticeCorrupt):
                raise dialog.last_error
            return dialog.practice
        finally:
            dialog.deleteLater()
