"""The client page's Intake tab: the eligibility decision and who made it, consent status with
reminders, and the structured intake (saved as it is typed, like a note's draft)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kapnotes.domain.intake import (
    ABSOLUTE,
    SEXES,
    Intake,
    blank_intake,
    consent_reminders,
    latest_decision,
)
from kapnotes.domain.records import Client
from kapnotes.services import ServiceContext
from kapnotes.services import intake as intake_service
from kapnotes.store import PracticeError
from kapnotes.ui.common.widgets import calendar_date

ANSWERS = (("not_assessed", "Not assessed"), ("no", "No"), ("yes", "Yes"))
SEX_LABELS = {"": "—", "female": "Female", "male": "Male", "intersex": "Intersex", "not_stated": "Not stated"}  # fmt: skip
TEXT_FIELDS = (
    ("medical_history", "&Medical history"),
    ("psychiatric_history", "Ps&ychiatric history"),
    ("prior_experience", "Prior &ketamine / psychedelics"),
)
LINE_FIELDS = (
    ("emergency_contact", "&Emergency contact"),
    ("responsible_adult", "&Responsible adult (ride home)"),
    ("baseline_scales", "&Baseline scales"),
)
SAVE_DELAY_MS = 600


def decision_text(client: Client | None) -> tuple[str, bool]:
    """The line the client page shows for eligibility, and whether it is a warning."""
    if client is None:
        return "", False
    d = latest_decision(client.eligibility)
    if d is None:
        return "⚠ No eligibility decision signed by a prescriber", True
    signed = " (signed with key)" if d.signature else ""
    return f"{d.label} — {d.who()}, {d.decided_at:%Y-%m-%d}{signed}", not d.allows_dosing


class IntakeTab(QWidget):
    """Shows and edits one client's intake; emits `changed` after a decision or consent."""

    changed = Signal()

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        # Typed intake is stored before any action, a lock or closing, as the note's is.
        ctx.pending_edits.append(self.flush)
        self.practice = ctx.practice  # reads; every write goes through services.intake
        self.client: Client | None = None
        self._filling = False
        self._stale = True  # the form shows another client than `client` (filled when shown)
        self.decision_label = QLabel(self)
        self.decision_label.setWordWrap(True)
        self.decision_label.setObjectName("eligibilityLine")
        self.consent_label = QLabel(self)
        self.consent_label.setWordWrap(True)
        self.reminders = QLabel(self)
        self.reminders.setWordWrap(True)
        self.reminders.setObjectName("warningBanner")
        self.decide_button = QPushButton("&Decide eligibility…", self)
        self.consent_button = QPushButton("Record &consent…", self)
        self.withdraw_button = QPushButton("&Withdraw consent…", self)
        self.status = QLabel(self)
        self.status.setObjectName("muted")
        buttons = QGridLayout()
        buttons.addWidget(self.decide_button, 0, 0)
        buttons.addWidget(self.consent_button, 0, 1)
        buttons.addWidget(self.withdraw_button, 1, 1)

        self.answers: dict[str, QComboBox] = {}
        self.notes: dict[str, QLineEdit] = {}
        self.items_box = QGroupBox("Contraindications", self)
        self.items_grid = QGridLayout(self.items_box)
        self.items_grid.setVerticalSpacing(2)
        self.sex = QComboBox(self)
        for code in SEXES:
            self.sex.addItem(SEX_LABELS[code], code)
        self.completed = calendar_date(self)
        self.texts = {k: QPlainTextEdit(self) for k, _l in TEXT_FIELDS}
        for edit in self.texts.values():
            edit.setFixedHeight(54)
            edit.setTabChangesFocus(True)
        self.lines = {k: QLineEdit(self) for k, _l in LINE_FIELDS}
        form = QFormLayout()
        form.addRow("Completed &on:", self.completed)
        form.addRow("&Sex:", self.sex)
        for key, label in LINE_FIELDS:
            form.addRow(f"{label}:", self.lines[key])
        for key, label in TEXT_FIELDS:
            form.addRow(f"{label}:", self.texts[key])

        content = QWidget(self)
        column = QVBoxLayout(content)
        column.addWidget(self.decision_label)
        column.addWidget(self.consent_label)
        column.addWidget(self.reminders)
        column.addLayout(buttons)
        column.addLayout(form)
        column.addWidget(self.items_box)
        column.addWidget(self.status)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save)
        self.sex.currentIndexChanged.connect(self._edited)
        self.completed.dateChanged.connect(self._edited)
        for w in self.lines.values():
            w.textEdited.connect(self._edited)
        for text_edit in self.texts.values():
            text_edit.textChanged.connect(self._edited)
        self.decide_button.clicked.connect(self.decide)
        self.consent_button.clicked.connect(self.record_consent)
        self.withdraw_button.clicked.connect(self.withdraw)
        self.show_client(None)

    # -- showing -----------------------------------------------------------------------------
    def show_client(self, client: Client | None) -> None:
        """Show a client (pending intake edits of the previous one are saved first).

        The form is filled while it is in sight, else when next shown: a hidden tab's thirty
        contraindication rows cost every client switch a repaint for nothing."""
        self.flush()
        self.client = client
        self._stale = not self.isVisible()
        if not self._stale:
            self._refill()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self._stale:
            self._refill()
        super().showEvent(event)

    def _refill(self) -> None:
        self._stale = False
        self._filling = True
        try:
            self._fill()
        finally:
            self._filling = False

    def _fill(self) -> None:
        c = self.client
        self.setEnabled(c is not None)
        text, warn = decision_text(c)
        self.decision_label.setText(f"Eligibility: {text}" if c else "")
        self.decision_label.setStyleSheet("color: #b42318; font-weight: bold;" if warn else "font-weight: bold;")  # fmt: skip
        intake = (c.intake if c else None) or blank_intake()
        if c is not None:
            active = [x for x in c.consents if not x.withdrawn]
            latest = active[-1] if active else None
            self.consent_label.setText(
                f"Consent: {latest.name}, signed {latest.signed_on:%Y-%m-%d}, witnessed by {latest.witness}"  # fmt: skip
                if latest else "Consent: none recorded on screen"
                + (f" (consent date on file: {c.consent_date:%Y-%m-%d})" if c.consent_date else "")
            )  # fmt: skip
            settings = self.practice.settings()
            reminders = consent_reminders(c.consents, self.practice.latest_template_versions(), date.today(), settings.consent_valid_days)  # fmt: skip
            self.reminders.setText("\n".join(f"⚠ {r}" for r in reminders))
            self.reminders.setVisible(bool(reminders))
            self.withdraw_button.setEnabled(latest is not None)
        self._fill_items(intake)
        self.sex.setCurrentIndex(max(0, self.sex.findData(intake.sex)))
        day = intake.completed_on or date.today()
        self.completed.setDate(QDate(day.year, day.month, day.day))
        for key, edit in self.lines.items():
            edit.setText(getattr(intake, key))
        for key, text_edit in self.texts.items():
            text_edit.setPlainText(getattr(intake, key))
        self.status.setText("" if c is None or c.intake else "Intake not started: edits are saved as you type.")  # fmt: skip

    def _fill_items(self, intake: Intake) -> None:
        while self.items_grid.count():
            taken = self.items_grid.takeAt(0)
            w = taken.widget() if taken is not None else None
            if w is not None:
                w.deleteLater()
        self.answers, self.notes = {}, {}
        for row, item in enumerate(intake.items):
            label = QLabel(item.label + (" *" if item.kind == ABSOLUTE else ""), self.items_box)
            label.setWordWrap(True)
            label.setToolTip("Absolute contraindication" if item.kind == ABSOLUTE else "Relative contraindication")  # fmt: skip
            combo = QComboBox(self.items_box)
            for code, text in ANSWERS:
                combo.addItem(text, code)
            combo.setCurrentIndex(max(0, combo.findData(item.answer)))
            combo.setAccessibleName(item.label)
            note = QLineEdit(item.note, self.items_box)
            note.setPlaceholderText("note")
            combo.currentIndexChanged.connect(self._edited)
            note.textEdited.connect(self._edited)
            self.items_grid.addWidget(label, row, 0)
            self.items_grid.addWidget(combo, row, 1)
            self.items_grid.addWidget(note, row, 2)
            self.answers[item.item], self.notes[item.item] = combo, note
        self.items_grid.setColumnStretch(0, 2)
        self.items_grid.setColumnStretch(2, 2)
        self.items_box.setTitle("Contraindications (* absolute)")

    # -- editing -----------------------------------------------------------------------------
    def intake(self) -> Intake:
        """The intake as on screen."""
        base = (self.client.intake if self.client else None) or blank_intake()
        for item in base.items:
            if item.item in self.answers:
                item.answer = self.answers[item.item].currentData()
                item.note = self.notes[item.item].text()
        d = self.completed.date()
        return Intake(
            items=base.items,
            sex=self.sex.currentData() or "",
            completed_on=date(d.year(), d.month(), d.day()),
            **{k: e.text() for k, e in self.lines.items()},
            **{k: e.toPlainText() for k, e in self.texts.items()},
        )

    def _edited(self, *_args) -> None:
        if not self._filling and self.client is not None:
            self.status.setText("Saving…")
            self._timer.start()

    def flush(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self.save()

    def save(self) -> bool:
        if self.client is None or self._stale:  # the form shows another client's intake
            return True
        intake = self.intake()
        client_id = self.client.id
        assert client_id is not None  # a saved client
        try:
            intake_service.save_intake(self.ctx, client_id, intake, origin=self)
        except PracticeError as exc:
            self.status.setText(f"Not saved: {exc} (your entries are kept on screen)")
            return False
        self.client.intake = intake
        self.status.setText("Intake saved.")
        return True

    # -- actions -----------------------------------------------------------------------------
    def _reload(self) -> None:
        assert self.client is not None and self.client.id is not None  # after a dialog on it
        self.client = self.practice.get_client(self.client.id)
        self.show_client(self.client)
        self.changed.emit()

    def decide(self) -> None:
        if self.client is None or not self.save():
            return
        from kapnotes.ui.intake.dialogs import EligibilityDialog  # on first use

        dialog = EligibilityDialog(self.ctx, self.client, self)
        if dialog.exec():
            self._reload()

    def record_consent(self) -> None:
        if self.client is None:
            return
        self.flush()
        from kapnotes.ui.intake.dialogs import ConsentDialog  # on first use

        dialog = ConsentDialog(self.ctx, self.client, self)
        if dialog.exec():
            self._reload()

    def withdraw(self) -> None:
        active = [x for x in (self.client.consents if self.client else []) if not x.withdrawn]
        if not active:
            return
        consent_id = active[-1].id
        assert consent_id is not None  # a saved consent
        from kapnotes.ui.intake.dialogs import WithdrawDialog  # on first use

        dialog = WithdrawDialog(self.ctx, consent_id, active[-1].name, self)
        if dialog.exec():
            self._reload()


__all__ = ["IntakeTab", "decision_text"]
