"""Live mode's first screen for a dosing session not yet dosed: the pre-dose checklist.

It covers the live view until the clinician starts (the checklist is saved with whatever is
unchecked: those are findings, never blocks) or skips it for now. The view's elapsed-time
clock only starts with the first dose, so nothing is timed while this screen shows.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kapnotes.domain.checklist import PreDoseChecklist, checklist_rules
from kapnotes.domain.records import Session
from kapnotes.store import Practice
from kapnotes.ui.intake.checklist_form import ChecklistForm, client_status


def needs_checklist(session) -> bool:
    """A draft dosing session with no dose and no checklist yet opens on the checklist."""
    return (
        session.kind == "dosing"
        and not session.is_signed
        and not session.administrations
        and session.checklist is None
    )


# The live view's save: apply a change to the re-read session and save it (None: not saved,
# the message went to the second argument).
ApplyChange = Callable[[Callable[[Session], None], Callable[[str], None]], object]


class PreDoseScreen(QFrame):
    """The checklist over the whole live view; Start saves it, Skip hides it."""

    def __init__(
        self,
        view: QWidget,
        session: Session,
        apply: ApplyChange,
        timeline_view: QWidget,
        client=None,
    ):
        super().__init__(view)
        self.view = view
        self._apply_change = apply
        self._timeline_view = timeline_view
        self.setObjectName("preDoseScreen")
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        self.setFont(font)
        title = QLabel("Before the first dose: pre-dose checklist", self)
        big = QFont(font)
        big.setPointSizeF(font.pointSizeF() * 1.5)
        big.setBold(True)
        title.setFont(big)
        who = QLabel(self)
        name = f"{client.name} · chart {client.chart} · " if client is not None else ""
        who.setText(f"{name}session of {session.date:%d %b %Y}")
        self.form = ChecklistForm(self)
        self.form.set_status(*client_status(client, session.date))
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.start_button = QPushButton("&Start session", self)
        self.start_button.setDefault(True)
        self.skip_button = QPushButton("S&kip for now", self)
        self.skip_button.setToolTip("The note will show “Pre-dose checklist not done”.")
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.start_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(48, 32, 48, 32)
        box.addWidget(title)
        box.addWidget(who)
        box.addSpacing(12)
        box.addWidget(self.form)
        box.addStretch(1)
        box.addLayout(buttons)
        self.form.changed.connect(self._update_summary)
        self.start_button.clicked.connect(self.start)
        self.skip_button.clicked.connect(self.close_screen)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.start)
        self.started = False
        view.installEventFilter(self)
        self.setGeometry(view.rect())
        self._update_summary()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.view and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.view.rect())
        return False

    def _update_summary(self) -> None:
        gaps = [r for r in checklist_rules(self.form.value(), "dosing") if r[3] == "checklist_gap"]
        errors = [r[2] for r in checklist_rules(self.form.value(), "dosing") if r[0] == "error"]
        if errors:
            self.summary.setText(errors[0])
        elif gaps:
            self.summary.setText(f"{len(gaps)} item(s) not checked: they will show as findings.")
        else:
            self.summary.setText("Every item checked.")

    def start(self) -> None:
        """Save the checklist as it is (unchecked items included) and show the live view."""
        checklist: PreDoseChecklist = self.form.value()

        def change(s: Session) -> None:
            s.checklist = checklist

        fasting_error = self.form.fasting_text_error()
        if fasting_error:
            self.summary.setText(fasting_error)
            self.form.fasting.setFocus()
            return
        if self._apply_change(change, self.summary.setText) is None:
            return  # not saved: the message says why and the screen keeps what was typed
        self.started = True
        self.close_screen()

    def close_screen(self) -> None:
        self.view.removeEventFilter(self)
        self.hide()
        self._timeline_view.setFocus()
        self.deleteLater()


def show_checklist_first(
    view: QWidget,
    session: Session,
    practice: Practice,
    apply: ApplyChange,
    timeline_view: QWidget,
) -> PreDoseScreen | None:
    """Cover a live view with the checklist when its session needs one (else None); the
    caller keeps the screen (as the view's `pre_dose_screen`)."""
    if not needs_checklist(session):
        return None
    try:
        client = practice.get_client(session.client_id)
    except Exception:  # noqa: BLE001 (the screen works without the client's details)
        client = None
    screen = PreDoseScreen(view, session, apply, timeline_view, client)
    screen.show()
    screen.raise_()
    screen.form.fasting.setFocus(Qt.FocusReason.OtherFocusReason)
    return screen
