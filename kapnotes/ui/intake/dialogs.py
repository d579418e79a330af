"""The eligibility decision (a prescriber signs with their passphrase), the consent capture
(the client signs on the pad, the clinician witnesses and signs as themselves) and the
withdrawal of a consent. Refusals (a therapist deciding, an empty signature, a wrong
passphrase) show their message in the dialog and keep everything typed and drawn."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kapnotes.domain.intake import (
    DECISIONS,
    WITH_PRECAUTIONS,
    ConsentRecord,
    EligibilityDecision,
)
from kapnotes.domain.records import Client
from kapnotes.services import ServiceContext
from kapnotes.services import intake as intake_service
from kapnotes.store import Practice, PracticeError, WrongPassphrase
from kapnotes.ui.common.widgets import action_buttons, calendar_date, column, to_date
from kapnotes.ui.intake.signature_pad import SignaturePad
from kapnotes.ui.security.widgets import MessageLine, PassphraseField, sign_or_say


class _SignerFields:
    """Who signs: with accounts the signed-in user's passphrase, else a name and credentials."""

    def __init__(self, practice: Practice, form: QFormLayout, parent: QWidget, role: str):
        self.practice = practice
        self.passphrase: PassphraseField | None = None
        self.name: QComboBox | None = None
        self.credentials: QLineEdit | None = None
        user = practice.user
        if user is not None:
            form.addRow(f"{role}:", QLabel(f"{user.signature_line()} (key {user.fingerprint})"))
            self.passphrase = PassphraseField("your passphrase", parent)
            form.addRow("&Passphrase:", self.passphrase)
        else:
            name = self.name = QComboBox(parent)
            name.setEditable(True)
            for c in practice.settings().clinicians:
                name.addItem(c.name, c.credentials)
            credentials = self.credentials = QLineEdit(parent)
            name.currentIndexChanged.connect(
                lambda _i: credentials.setText(name.currentData() or "")
            )
            credentials.setText(name.currentData() or "")
            form.addRow(f"{role} &name:", name)
            form.addRow("&Credentials:", credentials)

    def kwargs(self, name_key: str) -> dict:
        if self.passphrase is not None:
            return {"passphrase": self.passphrase.text()}
        assert self.name is not None and self.credentials is not None  # no accounts: both shown
        return {name_key: self.name.currentText(), "credentials": self.credentials.text()}

    def clear_secret(self) -> None:
        if self.passphrase is not None:
            self.passphrase.clear()


class EligibilityDialog(QDialog):
    """Eligible / eligible with precautions (text) / not eligible, signed by a prescriber."""

    def __init__(self, ctx: ServiceContext, client: Client, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.client = ctx, client
        self.decision: EligibilityDecision | None = None
        practice = self.practice = ctx.practice
        self.setWindowTitle(f"Eligibility decision — {client.name}")
        self.setMinimumWidth(520)
        self.choices = QButtonGroup(self)
        choice_box = QVBoxLayout()
        for i, (code, text) in enumerate(DECISIONS.items()):
            button = QRadioButton(text, self)
            button.setProperty("code", code)
            self.choices.addButton(button, i)
            choice_box.addWidget(button)
        self.choices.buttons()[0].setChecked(True)
        self.precautions = QPlainTextEdit(self)
        self.precautions.setPlaceholderText(
            "the precautions, e.g. BP every 15 min; hold if > 160/100"
        )
        self.precautions.setFixedHeight(60)
        self.note = QPlainTextEdit(self)
        self.note.setFixedHeight(60)
        form = QFormLayout()
        form.addRow("Decision:", choice_box)
        form.addRow("&Precautions:", self.precautions)
        form.addRow("&Note:", self.note)
        self.signer = _SignerFields(practice, form, self, "Prescriber")
        self.message = MessageLine(self)
        buttons, self.sign_button = action_buttons(self, "Sign decision", self.try_accept)
        intro = QLabel(
            "A prescriber decides whether the client may be dosed, from the intake. The decision "
            "is signed with the prescriber's own key and can no longer be changed; a later "
            "decision supersedes it.",
            self,
        )
        intro.setWordWrap(True)
        column(self, intro, form, self.message, buttons)
        user = practice.user
        if user is not None and not user.can_prescribe:
            self.message.show_error(
                f"{user.name} is a {user.role}: an eligibility decision needs a prescriber "
                "(switch user to a prescriber to sign it)."
            )

    def chosen(self) -> str:
        button = self.choices.checkedButton()
        assert button is not None  # the group is exclusive and starts with one checked
        return button.property("code")

    def try_accept(self) -> None:
        client_id = self.client.id
        assert client_id is not None  # a saved client

        def decide() -> None:
            self.decision = intake_service.decide_eligibility(
                self.ctx, client_id, self.chosen(), self.precautions.toPlainText().strip(),
                self.note.toPlainText().strip(), **self.signer.kwargs("name"),
            )  # fmt: skip

        refusal = sign_or_say(
            self.message,
            decide,
            forget=self.signer.clear_secret,
            wrong="Wrong passphrase: the decision was not signed.",
            refused="Not signed",
        )
        if refusal is None:
            self.accept()
        elif not isinstance(refusal, WrongPassphrase) and self.chosen() == WITH_PRECAUTIONS:
            self.precautions.setFocus()


class ConsentDialog(QDialog):
    """The consent text, the client's signature on the pad, the witness's signature."""

    def __init__(self, ctx: ServiceContext, client: Client, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.client = ctx, client
        self.consent: ConsentRecord | None = None
        practice = self.practice = ctx.practice
        self.setWindowTitle(f"Informed consent — {client.name}")
        self.templates = practice.consent_templates()
        latest = practice.latest_template_versions()
        self.template_combo = QComboBox(self)
        for t in self.templates:
            suffix = "" if latest.get(t.title) == t.version else " (older version)"
            self.template_combo.addItem(f"{t.name}{suffix}", (t.title, t.version))
        newest = [i for i, t in enumerate(self.templates) if latest.get(t.title) == t.version]
        if newest:
            self.template_combo.setCurrentIndex(newest[-1])
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setMinimumHeight(120)
        self.date = calendar_date(self, date.today())
        self.pad = SignaturePad(self)
        self.pad.setFixedHeight(170)
        clear = QPushButton("C&lear signature", self)
        clear.clicked.connect(self.pad.clear)
        form = QFormLayout()
        form.addRow("&Template:", self.template_combo)
        form.addRow("&Date:", self.date)
        witness = QFormLayout()
        self.signer = _SignerFields(practice, witness, self, "Witness")
        self.message = MessageLine(self)
        buttons, _record = action_buttons(self, "Record consent", self.try_accept)
        pad_row = QHBoxLayout()
        pad_row.addWidget(QLabel("The client signs here:", self))
        pad_row.addStretch(1)
        pad_row.addWidget(clear)
        layout = column(self, form, self.text, pad_row, self.pad, witness, self.message, buttons)
        layout.setStretchFactor(self.text, 1)
        self.template_combo.currentIndexChanged.connect(self._show_text)
        self._show_text()
        if not self.templates:
            self.message.show_error(
                "No consent template yet: add one in Settings (Consent templates) first."
            )

    def _show_text(self, _index: int = -1) -> None:
        data = self.template_combo.currentData()
        found = next((t for t in self.templates if data and (t.title, t.version) == data), None)
        self.text.setPlainText(found.text if found else "")

    def try_accept(self) -> None:
        data = self.template_combo.currentData()
        if data is None:
            self.message.show_error("Choose a consent template (Settings holds them).")
            return
        client_id = self.client.id
        assert client_id is not None  # a saved client

        def record() -> None:
            self.consent = intake_service.record_consent(
                self.ctx, client_id, data[0], data[1], self.pad.strokes(),
                to_date(self.date.date()), **self.signer.kwargs("witness"),
            )  # fmt: skip

        refusal = sign_or_say(
            self.message,
            record,
            forget=self.signer.clear_secret,
            wrong="Wrong passphrase: the consent was not recorded.",
            refused="Not recorded",
        )
        if refusal is None:
            self.accept()


class WithdrawDialog(QDialog):
    """The date the client withdrew a consent, and how (a note)."""

    def __init__(self, ctx: ServiceContext, consent_id: int, name: str, parent=None):
        super().__init__(parent)
        self.ctx, self.consent_id = ctx, consent_id
        self.withdrawn: ConsentRecord | None = None
        self.setWindowTitle(f"Withdraw consent — {name}")
        self.date = calendar_date(self, date.today())
        self.note = QLineEdit(self)
        self.note.setPlaceholderText("e.g. by phone to the front desk")
        self.message = MessageLine(self)
        form = QFormLayout()
        form.addRow("Withdrawn &on:", self.date)
        form.addRow("&How:", self.note)
        buttons, _record = action_buttons(self, "Record withdrawal", self.try_accept)
        column(self, form, self.message, buttons)

    def try_accept(self) -> None:
        try:
            self.withdrawn = intake_service.withdraw_consent(
                self.ctx, self.consent_id, to_date(self.date.date()), self.note.text().strip()
            )
        except PracticeError as exc:
            self.message.show_error(f"Not recorded: {exc}")
            return
        self.accept()
