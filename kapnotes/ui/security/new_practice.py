"""Creating a new, encrypted practice: file name, practice name and a strong passphrase."""

from __future__ import annotations

import getpass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from kapnotes.config import DATABASE_NAME
from kapnotes.domain.passphrase import MIN_LENGTH
from kapnotes.services import ServiceContext
from kapnotes.services.accounts import update_user
from kapnotes.services.practice import save_settings
from kapnotes.store import Practice, PracticeError, open_practice
from kapnotes.ui.common.widgets import STRETCH, action_buttons, column
from kapnotes.ui.security.emergency_sheet import save_emergency_sheet
from kapnotes.ui.security.widgets import MessageLine, PassphraseField, StrengthMeter

SUFFIX = ".kapnotes"
_BAD_NAME_CHARS = set('/\\:*?"<>|\x00')


def file_name_problem(directory: Path, name: str) -> str | None:
    """Why a file name cannot be used for a new practice in `directory`, or None."""
    name = name.strip()
    if not name:
        return "Type a file name."
    if name in (".", "..") or any(ch in _BAD_NAME_CHARS for ch in name):
        return 'A file name cannot contain / \\ : * ? " < > |.'
    if (directory / with_suffix(name)).exists():
        return f"{with_suffix(name)} already exists in this folder: choose another name."
    return None


def with_suffix(name: str) -> str:
    """The file name with .kapnotes added when it has no suffix of its own."""
    name = name.strip()
    return name if "." in name.lstrip(".") else name + SUFFIX


class PassphrasePair(QWidget):
    """New passphrase + confirmation + strength meter; `problem()` says what is still missing."""

    MISMATCH = "Type the same passphrase in both fields."

    def __init__(self, parent: QWidget | None = None, label: str = "Passphrase:"):
        super().__init__(parent)
        self.first = PassphraseField(f"at least {MIN_LENGTH} characters", self)
        self.second = PassphraseField("type it again", self)
        self.meter = StrengthMeter(self)
        self.match = MessageLine(self, lines=1)
        self.form = form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(label, self.first)
        form.addRow("", self.meter)
        form.addRow("Confirm:", self.second)
        form.addRow("", self.match)
        self.first.textChanged.connect(self._refresh)
        self.second.textChanged.connect(self._refresh)

    def _refresh(self) -> None:
        self.meter.update_for(self.first.text())
        second = self.second.text()
        if not second:
            self.match.clear_message()
        elif second == self.first.text():
            self.match.show_ok("The two passphrases match.")
        else:
            self.match.show_error("The two passphrases do not match yet.")

    def problem(self) -> str | None:
        """Why the passphrase cannot be used yet, or None when it can."""
        first = self.first.text()
        if len(first) < MIN_LENGTH:
            return f"The passphrase needs at least {MIN_LENGTH} characters."
        if not self.meter.strength.acceptable:
            return "Choose a stronger passphrase (at least “fair”)."
        if self.second.text() != first:
            return self.MISMATCH
        return None

    def text(self) -> str:
        return self.first.text()

    def clear(self) -> None:
        self.first.clear()
        self.second.clear()


class NewPracticeDialog(QDialog):
    """Creates an encrypted practice; `practice` holds it (open) once accepted."""

    def __init__(self, directory: Path | str, parent: QWidget | None = None):
        super().__init__(parent)
        self.directory = Path(directory)
        self.practice: Practice | None = None
        self.setWindowTitle("New practice — KAPNotes")
        self.setMinimumWidth(480)

        intro = QLabel(
            "Client notes are encrypted with this passphrase. Nobody can open the practice "
            "without it, and it cannot be recovered if forgotten: keep it somewhere safe.",
            self,
        )
        intro.setWordWrap(True)
        folder = QLabel(f"Folder: {self.directory}", self)
        folder.setObjectName("muted")
        folder.setTextFormat(Qt.TextFormat.PlainText)
        folder.setWordWrap(True)
        self.file_name = QLineEdit(DATABASE_NAME, self)
        self.practice_name = QLineEdit(self)
        self.practice_name.setPlaceholderText("e.g. Riverside KAP Clinic")
        self.user_name = QLineEdit(getpass.getuser(), self)
        self.user_name.setToolTip("You are the first admin: you add your colleagues as users")
        self.credentials = QLineEdit(self)
        self.credentials.setPlaceholderText("MD, NP, LCSW…")
        self.passphrases = PassphrasePair(self, "Your passphrase:")
        self.message = MessageLine(self)
        form = QFormLayout()
        form.addRow("File name:", self.file_name)
        form.addRow("Practice name:", self.practice_name)
        form.addRow("Your name:", self.user_name)
        form.addRow("Credentials:", self.credentials)

        self.buttons, self.create_button = action_buttons(self, "Create", self.create_practice)
        column(self, intro, folder, form, self.passphrases, self.message, STRETCH, self.buttons)

        for field in (self.file_name, self.practice_name):
            field.textChanged.connect(self._refresh)
        self.passphrases.first.textChanged.connect(self._refresh)
        self.passphrases.second.textChanged.connect(self._refresh)
        self._refresh()
        self.practice_name.setFocus()

    def problem(self) -> str | None:
        """What still stops Create (shown under the form), or None."""
        name_problem = file_name_problem(self.directory, self.file_name.text())
        if name_problem:
            return name_problem
        if not self.practice_name.text().strip():
            return "Type the practice name (it prints on every note)."
        if not self.user_name.text().strip():
            return "Type your name (you sign in with it and sign notes as it)."
        return self.passphrases.problem()

    def _refresh(self) -> None:
        problem = self.problem()
        self.create_button.setEnabled(problem is None)
        # Say what is missing once the user has started on the passphrase; a mismatch is
        # already said under the confirmation field.
        started = self.passphrases.text() or self.file_name.text() != DATABASE_NAME
        if problem and started and problem != PassphrasePair.MISMATCH:
            self.message.show_note(problem)
        else:
            self.message.clear_message()

    @property
    def path(self) -> Path:
        return self.directory / with_suffix(self.file_name.text())

    def create_practice(self) -> None:
        """Create the encrypted file and save the practice name into its settings."""
        problem = self.problem()
        if problem:
            self.message.show_error(problem)
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        practice = None
        try:
            practice = open_practice(
                self.path, self.passphrases.text(), create=True, user=self.user_name.text()
            )
            settings = practice.settings()
            settings.practice_name = self.practice_name.text().strip()
            services = ServiceContext(practice)
            save_settings(services, settings)
            if self.credentials.text().strip():
                update_user(services, practice.user.name, credentials=self.credentials.text())
        except PracticeError as exc:
            if practice is not None:
                practice.close()  # the file stays (never deleted); the user can open it later
            self.message.show_error(str(exc))
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.passphrases.clear()
        save_emergency_sheet(practice, self, self.directory)
        self.practice = practice
        self.accept()

    def reject(self) -> None:
        self.passphrases.clear()
        super().reject()

    @classmethod
    def ask(cls, directory: Path | str, parent: QWidget | None = None) -> Practice | None:
        """The new, open Practice, or None when cancelled."""
        dialog = cls(directory, parent)
        try:
            dialog.exec()
            return dialog.practice
        finally:
            dialog.deleteLater()
