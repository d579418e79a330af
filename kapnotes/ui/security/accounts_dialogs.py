"""Account dialogs: saving the Emergency access sheet, the forced passphrase change at first
sign-in, and signing a note with your passphrase typed again."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QWidget,
)

from kapnotes.services import ServiceContext, accounts
from kapnotes.store import Practice, PracticeError
from kapnotes.ui.common.widgets import action_buttons, column
from kapnotes.ui.security.emergency_sheet import SHEET_NAME, save_emergency_sheet, write_sheet
from kapnotes.ui.security.new_practice import PassphrasePair
from kapnotes.ui.security.widgets import MessageLine, PassphraseField, sign_or_say

__all__ = ["SHEET_NAME", "save_emergency_sheet", "write_sheet"]


class PassphrasePrompt(QDialog):
    """One passphrase field with a message line: signing, the forced change."""

    def __init__(self, title: str, text: str, action: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        intro = QLabel(text, self)
        intro.setWordWrap(True)
        self.passphrase = PassphraseField("your passphrase", self)
        self.message = MessageLine(self)
        self.form = QFormLayout()
        self.form.addRow("&Passphrase:", self.passphrase)
        self.buttons, self.ok_button = action_buttons(self, action, self.try_accept)
        column(self, intro, self.form, self.message, self.buttons)
        self.passphrase.setFocus()

    def try_accept(self) -> None:
        self.accept()


class SignWithPassphraseDialog(PassphrasePrompt):
    """Sign (or co-sign) a note as the signed-in user: their passphrase typed again."""

    def __init__(self, services: ServiceContext, session_id: int, cosign: bool, parent=None):
        user = services.practice.user
        verb = "Co-sign" if cosign else "Sign"
        super().__init__(
            f"{verb} note",
            f"{verb} as <b>{user.signature_line()}</b> (key {user.fingerprint}).<br>"
            "Once signed, this note can no longer be changed; corrections are added as "
            "addenda. Type your passphrase to sign.",
            f"{verb} note",
            parent,
        )
        self.services, self.session_id, self.cosign = services, session_id, cosign
        self.signed = False

    def try_accept(self) -> None:
        text = self.passphrase.text()
        if not text:
            self.message.show_error("Type your passphrase.")
            return
        sign = accounts.cosign if self.cosign else accounts.sign
        refusal = sign_or_say(
            self.message,
            lambda: sign(self.services, self.session_id, text),
            forget=self.passphrase.clear,
            wrong="Wrong passphrase: the note was not signed.",
            refused="The note was not signed",
        )
        if refusal is None:
            self.signed = True
            self.accept()


class FirstPassphraseDialog(QDialog):
    """At the first sign-in with a temporary passphrase: choose your own (cannot be skipped)."""

    def __init__(self, practice: Practice, parent: QWidget | None = None):
        super().__init__(parent)
        self.practice = practice
        self.setWindowTitle("Choose your passphrase — KAPNotes")
        self.setMinimumWidth(460)
        intro = QLabel(
            f"Welcome, {practice.user.name}. An admin gave you a temporary passphrase: choose "
            "your own now. Nobody else, admins included, will know it.",
            self,
        )
        intro.setWordWrap(True)
        self.passphrases = PassphrasePair(self, "New passphrase:")
        self.message = MessageLine(self)
        buttons, self.ok_button = action_buttons(self, "Save passphrase", self.try_accept)
        column(self, intro, self.passphrases, self.message, buttons)

    def try_accept(self) -> None:
        problem = self.passphrases.problem()
        if problem:
            self.message.show_error(problem)
            return
        try:
            # At open time no window (and so no change feed) exists yet: a context of its own.
            accounts.choose_first_passphrase(ServiceContext(self.practice), self.passphrases.text())
        except PracticeError as exc:
            self.message.show_error(str(exc))
            return
        self.passphrases.clear()
        self.accept()

    @classmethod
    def required(cls, practice: Practice, parent: QWidget | None = None) -> bool:
        """True when the practice may open: no change was due, or it was made."""
        if practice.user is None or not practice.user.must_change_passphrase:
            return True
        dialog = cls(practice, parent)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()
