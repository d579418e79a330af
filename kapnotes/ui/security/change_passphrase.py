"""Changing the passphrase of an encrypted practice, or encrypting a plain one."""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from kapnotes.services import ServiceContext
from kapnotes.services import practice as services_practice
from kapnotes.services.practice import failed_unlocks
from kapnotes.store import Practice, PracticeError, open_practice
from kapnotes.ui.common.widgets import action_buttons
from kapnotes.ui.security.new_practice import PassphrasePair
from kapnotes.ui.security.throttle import FailureThrottle
from kapnotes.ui.security.verify import passphrase_opens
from kapnotes.ui.security.widgets import MessageLine, PassphraseField
from kapnotes.ui.security.worker import BackgroundCall


class ChangePassphraseDialog(QDialog):
    """Re-key an encrypted practice; for a plain one, the "Encrypt this practice" mode.

    Encrypting needs the file closed, so in that mode the dialog closes `practice` and opens the
    file again: the caller must switch to `reopened_practice` whenever it is not None (also after
    a failed conversion, when it is the same plain file reopened). `kept_aside` is where the
    store kept the original (an encrypted backup).
    """

    def __init__(
        self,
        services: ServiceContext,
        parent: QWidget | None = None,
        *,
        throttle: FailureThrottle | None = None,
    ):
        super().__init__(parent)
        self.services = services
        self.practice = practice = services.practice
        self.encrypt_mode = not practice.is_encrypted
        self.reopened_practice: Practice | None = None
        self.kept_aside: Path | None = None
        self.throttle = throttle or FailureThrottle()
        self.throttle.setParent(self)
        self.setMinimumWidth(480)

        self.current = PassphraseField(parent=self)
        self.passphrases = PassphrasePair(
            self, "Passphrase:" if self.encrypt_mode else "New passphrase:"
        )
        self.message = MessageLine(self)
        layout = QVBoxLayout(self)
        if self.encrypt_mode:
            self.setWindowTitle("Encrypt this practice — KAPNotes")
            name = practice.path.name if practice.path else "this practice"
            intro = QLabel(
                f"{name} is stored unencrypted: anyone who gets this computer or its disk can "
                "read the notes. Choose a passphrase to encrypt it. Without the passphrase the "
                "practice cannot be opened, and it cannot be recovered if forgotten.",
                self,
            )
            self.current.hide()
        else:
            self.setWindowTitle("Change passphrase — KAPNotes")
            intro = QLabel(
                "Backups made before the change keep the old passphrase: keep a note of it "
                "for as long as you keep them.",
                self,
            )
            # One form for the three fields, so their labels line up.
            self.passphrases.form.insertRow(0, "Current passphrase:", self.current)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.passphrases)
        layout.addWidget(self.message)
        layout.addStretch(1)

        label = "Encrypt" if self.encrypt_mode else "Change passphrase"
        self.buttons, self.ok_button = action_buttons(self, label, self.apply)
        layout.addWidget(self.buttons)

        self.checker = BackgroundCall(self)
        self.checker.finished.connect(self._current_checked)
        for field in (self.current, self.passphrases.first, self.passphrases.second):
            field.textChanged.connect(self._refresh)
        self.throttle.waitStarted.connect(lambda _ms: self._refresh())
        self.throttle.tick.connect(lambda _s: self._refresh())
        self.throttle.released.connect(self._refresh)
        self._refresh()
        (self.passphrases.first if self.encrypt_mode else self.current).setFocus()

    def problem(self) -> str | None:
        """What still stops the change, or None."""
        if not self.encrypt_mode and not self.current.text():
            return "Type the current passphrase."
        problem = self.passphrases.problem()
        if problem:
            return problem
        if not self.encrypt_mode and self.passphrases.text() == self.current.text():
            return "The new passphrase is the same as the current one."
        return None

    def _refresh(self) -> None:
        waiting = self.throttle.seconds_left()
        ready = self.problem() is None and not waiting and not self.checker.busy
        self.ok_button.setEnabled(ready)
        if waiting:
            self.message.show_error(
                f"The current passphrase is wrong. Wait {waiting} s before trying again."
            )

    def apply(self) -> None:
        """Check the current passphrase (re-key mode) or encrypt the file (encrypt mode)."""
        problem = self.problem()
        if problem or self.throttle.waiting or self.checker.busy:
            if problem:
                self.message.show_error(problem)
            return
        if self.encrypt_mode:
            self._encrypt()
            return
        self.ok_button.setEnabled(False)
        self.message.show_note("Checking the current passphrase…")
        practice, current = self.practice, self.current.text()
        self.checker.start(lambda: passphrase_opens(practice, current))

    def _current_checked(self, ok: object, error: object) -> None:
        if isinstance(error, PracticeError):
            self.message.show_error(str(error))
            self._refresh()
            return
        if isinstance(error, BaseException):
            raise error  # a bug, not a user error: the application's exception hook reports it
        if not ok:
            if self.practice.user is None:  # with accounts the key slot counts failures
                failed_unlocks(self.practice, 1, "when changing the passphrase")
            self.current.clear()
            self.current.setFocus()
            self.throttle.record_failure()
            if not self.throttle.waiting:
                self.message.show_error("The current passphrase is wrong.")
            self._refresh()
            return
        self.throttle.reset()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            services_practice.change_passphrase(self.services, self.passphrases.text())
        except PracticeError as exc:
            self.message.show_error(str(exc))
            self._refresh()
            return
        finally:
            QApplication.restoreOverrideCursor()
        self._clear_fields()
        self.accept()

    def _encrypt(self) -> None:
        path = self.practice.path
        if path is None:
            self.message.show_error("An in-memory practice has no file to encrypt.")
            return
        new = self.passphrases.text()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            replaced = services_practice.encrypt(self.services, new)
        except PracticeError as exc:
            self.message.show_error(str(exc))
            # A failed conversion leaves the plain file as it was: open it again.
            with contextlib.suppress(PracticeError):
                self.reopened_practice = self.practice = open_practice(path)
            return
        else:
            self.reopened_practice, self.kept_aside = replaced.practice, replaced.kept
        finally:
            QApplication.restoreOverrideCursor()
        self._clear_fields()
        self.accept()

    def _clear_fields(self) -> None:
        self.current.clear()
        self.passphrases.clear()

    def reject(self) -> None:
        if self.checker.busy:
            return  # the check ends within seconds; its answer must not arrive to a dead dialog
        self._clear_fields()
        super().reject()
