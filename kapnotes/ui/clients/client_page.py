"""The selected client: details, warnings in plain sight, courses, and the course's sessions."""

from __future__ import annotations

from datetime import date
from typing import Protocol, cast

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kapnotes.domain.formatting import fmt_date, fmt_plain_number
from kapnotes.domain.records import Client, Course
from kapnotes.domain.scales import score
from kapnotes.domain.vocab import vocabulary
from kapnotes.services.changes import Changes
from kapnotes.services.context import ServiceContext
from kapnotes.store import Practice, PracticeError
from kapnotes.ui.clients.session_list import SESSION_ID_ROLE, SessionListModel
from kapnotes.ui.common.changes import ChangeHub
from kapnotes.ui.intake.intake_tab import IntakeTab, decision_text

RECENT_SESSIONS_FOR_SAFETY = 3
EXPORT_COLUMNS = 3


def consent_text(c: Client, today: date) -> str:
    """The consent on file: the current signed one, a withdrawal, or the legacy date."""
    active = [x for x in c.consents if not x.withdrawn]
    if active:
        return f"{active[-1].name}, {active[-1].signed_on.isoformat()}"
    withdrawn_on = c.consents[-1].withdrawn_on if c.consents else None
    if withdrawn_on is not None:  # every consent is withdrawn
        return f"⚠ withdrawn {withdrawn_on.isoformat()}"
    return c.consent_date.isoformat() if c.consent_date else "no consent on file"


def _label() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _banner(name: str) -> QLabel:
    label = _label()
    label.setObjectName(name)
    label.hide()
    return label


class CourseView(Protocol):
    """The Progress tab's view (built lazily by the window, so charts load on first show)."""

    def show_course(self, client_id: int, course_id: int | None) -> None: ...


class ClientPage(QWidget):
    """Shows one client; emits sessionSelected when the chosen session changes."""

    sessionSelected = Signal(object)  # int | None
    courseChanged = Signal(object)  # int | None

    def __init__(
        self, practice: Practice, parent: QWidget | None = None, *,
        changes: ChangeHub | None = None, services: ServiceContext | None = None,
    ):  # fmt: skip
        """With `changes`, the page refreshes itself after every write to what it shows."""
        super().__init__(parent)
        self.practice = practice
        if changes is not None:
            changes.changed.connect(self._on_changes)
        self.client: Client | None = None
        self.courses: list[Course] = []
        self.heading = _label()
        self.heading.setObjectName("clientHeading")
        self.fields = {
            name: _label()
            for name in (
                "chart",
                "dob",
                "pronouns",
                "weight",
                "indication",
                "medications",
                "consent",
                "eligibility",
            )
        }
        # Two columns of facts keep the session list tall on a 768-px-high screen.
        form = QGridLayout()
        form.setHorizontalSpacing(8)
        form.setVerticalSpacing(2)
        for i, (title, key) in enumerate(
            (
                ("Chart:", "chart"),
                ("Born:", "dob"),
                ("Pronouns:", "pronouns"),
                ("Weight:", "weight"),
                ("Indication:", "indication"),
                ("Consent:", "consent"),
            )
        ):
            row, col = divmod(i, 2)
            form.addWidget(QLabel(title), row, col * 2)
            form.addWidget(self.fields[key], row, col * 2 + 1)
        form.addWidget(QLabel("Medications:"), 3, 0)
        form.addWidget(self.fields["medications"], 3, 1, 1, 3)
        # The eligibility decision and who made it (kapnotes.ui.intake): in plain sight.
        form.addWidget(QLabel("Eligibility:"), 4, 0)
        form.addWidget(self.fields["eligibility"], 4, 1, 1, 3)
        form.setColumnStretch(1, 1)
        form.setColumnStretch(3, 1)
        self.screening_banner = _banner("warningBanner")
        self.safety_banner = _banner("safetyBanner")

        self.course_combo = QComboBox()
        self.course_combo.setMinimumContentsLength(18)
        self.course_combo.currentIndexChanged.connect(self._course_picked)
        course_label = QLabel("C&ourse:")
        course_label.setBuddy(self.course_combo)
        self.course_buttons = QHBoxLayout()
        self.course_buttons.setSpacing(2)
        course_row = QHBoxLayout()
        course_row.addWidget(course_label)
        course_row.addWidget(self.course_combo, 1)
        # Buttons on their own rows keep this column narrow: at 1366 px the note needs the room.
        self.course_buttons.addStretch(1)

        self.session_model = SessionListModel(self)
        self.session_view = QTableView()
        self.session_view.setModel(self.session_model)
        self.session_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.session_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.session_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.session_view.setAlternatingRowColors(True)
        self.session_view.verticalHeader().hide()
        self.session_view.setTabKeyNavigation(False)  # Tab moves on to the note; arrows pick
        self.session_view.setWordWrap(False)
        header = self.session_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # No stretched last section: it would be at least the 100 px default wide and push the
        # Safety column out of sight at 1366 px.
        header.setStretchLastSection(False)
        self.session_view.selectionModel().currentRowChanged.connect(self._session_picked)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.session_view, "&Sessions")
        # Intake writes go through the window's services (a page of its own in tests).
        self.intake_view = IntakeTab(services or ServiceContext(practice))
        self.tabs.addTab(self.intake_view, "&Intake")
        self.intake_view.changed.connect(self._intake_changed)
        self.progress_view: QWidget | None = None
        self._progress_shown_for: tuple[int, int | None] | None = None
        self.export_buttons = QGridLayout()
        self.export_buttons.setSpacing(2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.screening_banner)
        layout.addWidget(self.safety_banner)
        layout.addLayout(course_row)
        layout.addLayout(self.course_buttons)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(self.export_buttons)
        self.show_client(None)

    # -- wiring from the window --------------------------------------------------------------
    def add_course_action(self, action) -> None:
        """A button for a window action next to the course chooser."""
        self.course_buttons.insertWidget(self.course_buttons.count() - 1, self._tool_button(action))

    def add_export_action(self, action) -> None:
        """A button for a window action under the session list."""
        n = self.export_buttons.count()
        button = self._tool_button(action)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.export_buttons.addWidget(button, n // EXPORT_COLUMNS, n % EXPORT_COLUMNS)

    @staticmethod
    def _tool_button(action) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        return button

    def set_progress_view(self, view: QWidget) -> None:
        """Add the course progress charts as a second tab."""
        self.progress_view = view
        self.tabs.addTab(view, "&Progress")
        self.tabs.currentChanged.connect(lambda _i: self.refresh_progress())

    # -- showing ---------------------------------------------------------------------------
    @property
    def course_id(self) -> int | None:
        return self.course_combo.currentData()

    @property
    def session_id(self) -> int | None:
        index = self.session_view.currentIndex()
        return index.data(SESSION_ID_ROLE) if index.isValid() else None

    def show_client(self, client_id: int | None, course_id: int | None = None) -> None:
        """Load a client (None clears the page) and select a course (default: the latest)."""
        self.client = self.practice.get_client(client_id) if client_id is not None else None
        self._fill_details()
        self.intake_view.show_client(self.client)
        self._fill_courses(course_id)

    def _on_changes(self, changes: Changes) -> None:
        """The client shown was changed: reload it; one of its sessions: reload what shows it
        (the list only when one of its rows reads differently: autosave writes often)."""
        if self.client is None or changes.origin is self.intake_view:
            return  # the intake tab's own autosave: it shows what it saved
        shown = [sid for sid in changes.sessions if self.session_model.row_of(sid) is not None]
        if self.client.id in changes.clients:
            self.refresh_client()
        elif any(self._row_is_stale(sid) for sid in shown):
            self.refresh_sessions()
        elif not shown:
            return
        self._progress_shown_for = None  # drawn again now if in sight, else when next shown
        self.refresh_progress()

    def _row_is_stale(self, session_id: int) -> bool:
        stored = self.practice.list_sessions(session_id=session_id)
        row = self.session_model.row_of(session_id)
        return not stored or row is None or self.session_model.summary_at(row) != stored[0]

    def refresh_client(self) -> None:
        """Reload the client's details and courses, keeping the course and session chosen."""
        if self.client is None:
            return
        course_id, session_id = self.course_id, self.session_id
        self.show_client(self.client.id, course_id)
        if session_id is not None:
            self.select_session(session_id)

    def _fill_details(self) -> None:
        c = self.client
        for label in self.fields.values():
            label.clear()
        self.screening_banner.hide()
        self.safety_banner.hide()
        if c is None:
            self.heading.setText("No client selected")
            return
        self.heading.setText(c.name + ("  (archived)" if c.archived else ""))
        today = date.today()
        self.fields["chart"].setText(c.chart)
        if c.dob:
            self.fields["dob"].setText(f"{fmt_date(c.dob)} (age {c.age_on(today)})")
        self.fields["pronouns"].setText(c.pronouns)
        if c.weights:
            latest = max(c.weights, key=lambda w: w.measured_on)
            self.fields["weight"].setText(
                f"{fmt_plain_number(latest.kg)} kg on {fmt_date(latest.measured_on)}"
            )
        else:
            self.fields["weight"].setText("no weight on file (mg/kg cannot be computed)")
        self.fields["indication"].setText(vocabulary("indications").label(c.indication) if c.indication else "")  # fmt: skip
        self.fields["medications"].setText(c.medications)
        self.fields["consent"].setText(consent_text(c, today))
        text, warn = decision_text(c)
        self.fields["eligibility"].setText(text)
        self.fields["eligibility"].setStyleSheet("color: #b42318;" if warn else "")
        positives = c.screening_positives()
        if positives:
            screening = vocabulary("screening")
            lines = [
                f"⚠ {screening.label(s.item)}" + (f" — {s.note}" if s.note else "")
                for s in positives
            ]
            self.screening_banner.setText("Screening answered yes:\n" + "\n".join(lines))
            self.screening_banner.show()

    def _intake_changed(self) -> None:
        """A decision or consent was signed: the details line and the notes' findings."""
        self.client = self.intake_view.client
        self._fill_details()
        self.refresh_sessions()

    def _fill_courses(self, course_id: int | None) -> None:
        self.course_combo.blockSignals(True)
        self.course_combo.clear()
        client_id = self.client.id if self.client else None
        self.courses = self.practice.list_courses(client_id) if client_id is not None else []
        purposes, statuses = vocabulary("course_purposes"), vocabulary("course_statuses")
        for course in self.courses:
            title = course.title or purposes.label(course.purpose)
            start = fmt_date(course.start_date, missing="no start date")
            self.course_combo.addItem(f"{title} — {start} ({statuses.label(course.status)})", course.id)  # fmt: skip
        if self.client is not None:
            self.course_combo.addItem("All sessions of this client", None)
        wanted = self.course_combo.findData(course_id) if course_id is not None else -1
        if wanted < 0:
            wanted = max(0, len(self.courses) - 1)
        self.course_combo.setCurrentIndex(wanted if self.course_combo.count() else -1)
        self.course_combo.blockSignals(False)
        self._course_picked()

    def _course_picked(self, _index: int = -1) -> None:
        self.refresh_sessions()
        self.courseChanged.emit(self.course_id)
        self._progress_shown_for = None
        self.refresh_progress()

    def refresh_progress(self, force: bool = False) -> None:
        """Draw the progress charts, only while their tab is shown (they load every session)."""
        view = self.progress_view
        client_id = self.client.id if self.client else None
        if view is None or client_id is None or self.tabs.currentWidget() is not view:
            return
        wanted = (client_id, self.course_id)
        if force or wanted != self._progress_shown_for:
            cast(CourseView, view).show_course(*wanted)
            self._progress_shown_for = wanted

    def refresh_sessions(self, select_id: int | None = None) -> None:
        """Reload the session list of the chosen course; keeps or sets the selected session."""
        keep = select_id if select_id is not None else self.session_id
        summaries = []
        if self.client is not None:
            if self.course_id is not None:
                summaries = self.practice.list_sessions(course_id=self.course_id)
            else:
                summaries = self.practice.list_sessions(client_id=self.client.id)
        self.session_model.set_sessions(summaries, self.client)
        self._update_safety(summaries)
        row = self.session_model.row_of(keep) if keep is not None else None
        if row is None and summaries:
            row = len(summaries) - 1
        if row is not None:
            self._select_row(row)
        else:
            self.sessionSelected.emit(None)

    def _select_row(self, row: int) -> None:
        index = self.session_model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows  # fmt: skip
        self.session_view.selectionModel().setCurrentIndex(index, flags)
        self.session_view.scrollTo(index)
        # currentRowChanged does not fire when the row index stays the same after a reset
        self.sessionSelected.emit(self.session_id)

    def select_session(self, session_id: int) -> bool:
        """Select a session of the shown course; True when it is there."""
        row = self.session_model.row_of(session_id)
        if row is None:
            return False
        self._select_row(row)
        return True

    def select_course(self, course_id: int | None) -> None:
        index = self.course_combo.findData(course_id)
        if index >= 0 and index != self.course_combo.currentIndex():
            self.course_combo.setCurrentIndex(index)

    def _session_picked(self, current, _previous) -> None:
        self.sessionSelected.emit(current.data(SESSION_ID_ROLE) if current.isValid() else None)

    def _update_safety(self, summaries) -> None:
        """Safety flags of the most recent scale scores (PHQ-9 item 9, positive C-SSRS)."""
        flags: dict[str, str] = {}
        for summary in reversed(summaries[-RECENT_SESSIONS_FOR_SAFETY:]):
            try:
                session = self.practice.get_session(summary.id)
            except PracticeError:
                continue
            for s in session.scales:
                if s.scale not in flags:
                    flags[s.scale] = score(s).safety_flag or ""
        shown = [f"⚠ {text}" for text in flags.values() if text]
        self.safety_banner.setVisible(bool(shown))
        self.safety_banner.setText("Safety (latest scores):\n" + "\n".join(shown) if shown else "")
