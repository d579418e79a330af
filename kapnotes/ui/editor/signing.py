"""Signing a note (with the signing clinician chosen from the practice's profiles) and addenda."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kapnotes.domain.dose_tiers import needs_units_reason
from kapnotes.domain.formatting import fmt_datetime
from kapnotes.domain.records import Addendum, Session
from kapnotes.domain.session_safety import incomplete_items
from kapnotes.domain.settings import Clinician
from kapnotes.domain.signatures import AWAITING_COSIGN
from kapnotes.domain.validation import Finding
from kapnotes.services import ServiceContext
from kapnotes.services.sessions import add_addendum, save_draft, sign
from kapnotes.store import Practice, PracticeError


def clinician_combo(clinicians: list[Clinician], parent: QWidget) -> QComboBox:
    combo = QComboBox(parent)
    for i, c in enumerate(clinicians):
        combo.addItem(c.signature(), i)
    return combo


class SignDialog(QDialog):
    """Confirm signing: who signs, and that the note becomes read-only."""

    def __init__(self, clinicians: list[Clinician], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Sign note")
        self.clinicians = clinicians
        self.combo = clinician_combo(clinicians, self)
        text = QLabel(
            "Once signed, this note can no longer be changed. Corrections are added as "
            "addenda, with their time and author.",
            self,
        )
        text.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        self.sign_button = buttons.addButton("Sign note", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Signing clinician:", self.combo)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def chosen(self) -> Clinician:
        return self.clinicians[self.combo.currentData()]

    @classmethod
    def ask(cls, clinicians: list[Clinician], parent: QWidget | None = None) -> Clinician | None:
        """The clinician who signs, or None when the user cancels."""
        dialog = cls(clinicians, parent)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None


class SignaturePanel(QGroupBox):
    """The signature block, the addenda under the note, and the box to add one."""

    addendumRequested = Signal(str, object)  # text, Clinician

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Signature and addenda", parent)
        self.signature_label = QLabel(self)
        self.signature_label.setWordWrap(True)
        self.addenda_layout = QVBoxLayout()
        self.addendum_labels: list[QLabel] = []
        self.add_box = QGroupBox("Add an addendum (corrections and additions)", self)
        self.text_edit = QPlainTextEdit(self.add_box)
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setFixedHeight(80)
        self.text_edit.setAccessibleName("Addendum text")
        self.author_combo = QComboBox(self.add_box)
        self.author_combo.setAccessibleName("Addendum author")
        self.add_button = QPushButton("Add a&ddendum", self.add_box)
        self.no_clinicians = QLabel(
            "No clinician profiles yet: add them in Settings (Ctrl+,) to sign and add addenda.",
            self,
        )
        self.no_clinicians.setWordWrap(True)
        row = QHBoxLayout()
        author = QLabel("A&uthor:", self.add_box)
        author.setBuddy(self.author_combo)
        row.addWidget(author)
        row.addWidget(self.author_combo, 1)
        row.addWidget(self.add_button)
        box_layout = QVBoxLayout(self.add_box)
        box_layout.addWidget(self.text_edit)
        box_layout.addLayout(row)
        layout = QVBoxLayout(self)
        layout.addWidget(self.signature_label)
        layout.addLayout(self.addenda_layout)
        layout.addWidget(self.no_clinicians)
        layout.addWidget(self.add_box)
        self.clinicians: list[Clinician] = []
        # Addendum text typed but not added yet, per session, kept while switching notes.
        self._drafts: dict[int | None, str] = {}
        self._shown_id: int | None = None
        self.add_button.clicked.connect(self._on_add)

    def show_session(
        self, session: Session, clinicians: list[Clinician], awaiting_cosign: bool = False
    ) -> None:
        """Signature line, addenda and (for signed notes) the addendum box."""
        if session.id != self._shown_id:
            typed = self.text_edit.toPlainText()
            if typed:
                self._drafts[self._shown_id] = typed
            self.text_edit.setPlainText(self._drafts.pop(session.id, ""))
            self._shown_id = session.id
        notes = [s for s in session.signatures if s.addendum_id is None]
        if session.is_signed and notes:
            # "Electronically signed by NAME, CREDENTIALS, at TIME · key FINGERPRINT", or
            # "Signed elsewhere: not verifiable here" for an imported note.
            lines = [s.line(fmt_datetime(s.signed_at)) for s in notes]
            if awaiting_cosign:
                lines.append(AWAITING_COSIGN)
            self.signature_label.setText(
                "\n".join(lines) + "\nThis note is read-only; add corrections as addenda."
            )
        elif session.is_signed:
            who = session.signed_by + (
                f", {session.signed_credentials}" if session.signed_credentials else ""
            )
            declared = "".join(
                f"\n{line}"
                for line in (
                    f"Reason for a dose above “check the units”: {session.units_reason}"
                    if session.units_reason
                    else "",
                    session.incomplete_ack,
                )
                if line
            )
            self.signature_label.setText(
                f"Signed by {who} on {session.signed_at:%Y-%m-%d at %H:%M}. "
                f"This note is read-only; add corrections as addenda.{declared}"
            )
        else:
            self.signature_label.setText("Draft: not signed yet. Sign with Ctrl+Shift+S.")
        for label in self.addendum_labels:
            self.addenda_layout.removeWidget(label)
            label.hide()
            label.deleteLater()
        signed = {s.addendum_id: s for s in session.signatures if s.addendum_id is not None}
        self.addendum_labels = [self._addendum_label(a, signed.get(a.id)) for a in session.addenda]
        for label in self.addendum_labels:
            self.addenda_layout.addWidget(label)
        self.clinicians = list(clinicians)
        self.author_combo.clear()
        for i, c in enumerate(self.clinicians):
            self.author_combo.addItem(c.signature(), i)
        self.add_box.setVisible(session.is_signed and bool(self.clinicians))
        self.no_clinicians.setVisible(not self.clinicians)

    def _addendum_label(self, addendum: Addendum, signature=None) -> QLabel:
        label = QLabel(self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setText(f"Addendum, {addendum.time:%Y-%m-%d %H:%M}, {addendum.author}:\n{addendum.text}")  # fmt: skip
        if signature is not None:
            label.setText(f"{label.text()}\n({signature.line(fmt_datetime(signature.signed_at))})")
        label.setObjectName("addendum")
        return label

    def _on_add(self) -> None:
        text = self.text_edit.toPlainText().strip()
        if not text or not self.clinicians:
            self.text_edit.setFocus()
            return
        self.addendumRequested.emit(text, self.clinicians[self.author_combo.currentData()])

    def addendum_stored(self) -> None:
        self.text_edit.clear()


def sign_note(
    parent: QWidget,
    services: ServiceContext,
    session_id: int,
    findings: list[Finding],
    clinicians: list[Clinician],
) -> bool:
    """Check, confirm (choosing the clinician) and sign a saved draft; True when signed."""
    errors = [f for f in findings if f.is_error]
    if errors:
        QMessageBox.warning(
            parent,
            "Sign note",
            f"This note has {len(errors)} error(s) to correct before signing:\n\n"
            + "\n".join(f"• {f.message}" for f in errors[:8]),
        )
        return False
    if services.practice.user is not None:
        # Accounts: the signed-in user signs, with their passphrase typed again (no names to
        # pick from: switch user to sign as someone else).
        if not _signing_declarations(parent, services, session_id, findings):
            return False
        return _sign_with_passphrase(parent, services, session_id, cosign=False)
    if not clinicians:
        QMessageBox.information(
            parent,
            "Sign note",
            "No clinician profiles are set up yet. Add the clinicians who sign notes "
            "(name and credentials) in Settings (Ctrl+,), then sign again.",
        )
        return False
    if not _signing_declarations(parent, services, session_id, findings):
        return False
    clinician = SignDialog.ask(clinicians, parent)
    if clinician is None:
        return False
    try:
        sign(services, session_id, clinician)
    except PracticeError as exc:
        QMessageBox.warning(parent, "Sign note", f"The note was not signed: {exc}")
        return False
    return True


def acknowledgement_text(missing: list[str]) -> str:
    """The line that prints with the signature of an incomplete dosing note."""
    return "Signed without " + ", ".join(missing) + " (acknowledged by the signer)."


def confirm_incomplete(parent: QWidget, missing: list[str]) -> bool:
    """Ask the signer to acknowledge what the dosing note lacks; True to sign anyway."""
    answer = QMessageBox.question(
        parent,
        "Sign an incomplete dosing note",
        "This dosing note lacks:\n\n"
        + "\n".join(f"• {m}" for m in missing)
        + "\n\nSign it anyway? The acknowledgement prints with the signature.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


def _signing_declarations(
    parent: QWidget, services: ServiceContext, session_id: int, findings: list[Finding]
) -> bool:
    """Ask for what the rule set needs before a signature and store it on the draft: a typed
    reason for a dose above "check the units", and the acknowledgement of what a dosing note
    lacks. Both print with the signature and go in the "sign" audit entry."""
    session = services.practice.get_session(session_id)
    changes: dict[str, str] = {}
    if needs_units_reason(findings) and not session.units_reason.strip():
        dose = next(f.message for f in findings if f.code == "dose_check_units")
        reason = UnitsReasonDialog.ask(dose, parent)
        if not reason:
            return False
        changes["units_reason"] = reason
    missing = incomplete_items(session)
    ack = acknowledgement_text(missing) if missing else ""
    if ack and session.incomplete_ack != ack:
        if not confirm_incomplete(parent, missing):
            return False
        changes["incomplete_ack"] = ack
    elif not ack and session.incomplete_ack:
        changes["incomplete_ack"] = ""  # completed since: nothing left to acknowledge
    if changes:
        try:
            save_draft(services, session_id, changes)
        except PracticeError as exc:
            QMessageBox.warning(parent, "Sign note", f"The note was not signed: {exc}")
            return False
    return True


class UnitsReasonDialog(QDialog):
    """A dose above "check the units": the signer types why it is right."""

    def __init__(self, finding: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Check the units")
        text = QLabel(
            f"{finding}\n\nType why this dose is right. The reason prints with the signature "
            "and is recorded in the audit trail.",
            self,
        )
        text.setWordWrap(True)
        self.reason_edit = QPlainTextEdit(self)
        self.reason_edit.setAccessibleName("Reason for the dose")
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setFixedHeight(70)
        buttons = QDialogButtonBox(self)
        self.ok_button = buttons.addButton("Continue", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button.setEnabled(False)
        self.reason_edit.textChanged.connect(
            lambda: self.ok_button.setEnabled(bool(self.reason().strip()))
        )
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.reason_edit)
        layout.addWidget(buttons)

    def reason(self) -> str:
        return self.reason_edit.toPlainText().strip()

    @classmethod
    def ask(cls, finding: str, parent: QWidget | None = None) -> str:
        """The typed reason, or "" when the user cancels."""
        dialog = cls(finding, parent)
        return dialog.reason() if dialog.exec() == QDialog.DialogCode.Accepted else ""


def cosign_note(parent: QWidget, services: ServiceContext, session_id: int) -> bool:
    """A prescriber co-signs a signed note, typing their passphrase again; True when done."""
    return _sign_with_passphrase(parent, services, session_id, cosign=True)


def _sign_with_passphrase(parent: QWidget, services: ServiceContext, session_id: int, *, cosign: bool) -> bool:  # fmt: skip
    # Loaded when a note is signed: the accounts dialogs are not part of the open window.
    from kapnotes.ui.security.accounts_dialogs import SignWithPassphraseDialog

    dialog = SignWithPassphraseDialog(services, session_id, cosign=cosign, parent=parent)
    try:
        dialog.exec()
        return dialog.signed
    finally:
        dialog.deleteLater()


def shortcut_taken(window: QWidget, key: QKeySequence, mine: QAction) -> bool:
    """True when another action of the window already answers to `key`."""
    actions = set(window.actions())
    for widget in window.findChildren(QWidget):
        actions.update(widget.actions())
    return any(a is not mine and a.shortcut() == key for a in actions)


def changed_elsewhere(practice: Practice, session: Session) -> bool:
    """True when the stored session differs from the one shown (another view saved it)."""
    if session.id is None:
        return False  # never stored: nothing else can have changed it
    try:
        stored = practice.get_session(session.id)
    except PracticeError:
        return False
    return dataclasses.replace(stored, updated_at=None) != dataclasses.replace(session, updated_at=None)  # fmt: skip


def add_addendum_confirmed(parent: QWidget, services: ServiceContext, session: Session, text: str, author: Clinician) -> bool:  # fmt: skip
    """Ask, then add a permanent addendum to a signed note (the session takes the stored
    addenda and signatures); False when declined or refused (said in a dialog)."""
    answer = QMessageBox.question(
        parent,
        "Add addendum",
        f"Add this addendum by {author.signature()}?\n\nAn addendum is permanent: once "
        "added it cannot be changed or removed.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    if answer != QMessageBox.StandardButton.Yes or session.id is None:
        return False
    try:
        add_addendum(services, session.id, text, author)
        fresh = services.practice.get_session(session.id)
        session.addenda, session.signatures = fresh.addenda, fresh.signatures
    except PracticeError as exc:
        QMessageBox.warning(parent, "Add addendum", f"The addendum was not stored: {exc}")
        return False
    return True
