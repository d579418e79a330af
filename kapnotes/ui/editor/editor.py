"""The session editor: header, findings bar and every section of a note in one scroll area.

Edits go straight into the loaded Session record, are validated at once, and are written by
the autosave controller after a pause, on leaving a field, and on flush(). There is no Save
button. A signed note is shown read-only; corrections go in addenda.
"""

from __future__ import annotations

from datetime import datetime

import shiboken6
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kapnotes.domain.ledger import lot_findings
from kapnotes.domain.records import Session
from kapnotes.domain.settings import Clinician
from kapnotes.domain.signatures import addendum_authors, awaits_cosign, may_cosign
from kapnotes.domain.validation import Finding, validate_session
from kapnotes.services import ServiceContext
from kapnotes.services.changes import Changes
from kapnotes.store import Practice, PracticeError
from kapnotes.ui.common.application import application
from kapnotes.ui.common.changes import ChangeHub
from kapnotes.ui.editor.autosave import AutosaveController
from kapnotes.ui.editor.base import WHOLE, EditorContext, Section
from kapnotes.ui.editor.fields import ValueEdit
from kapnotes.ui.editor.findings import FindingsBar
from kapnotes.ui.editor.header import EditorHeader
from kapnotes.ui.editor.note_sections import NoteSections
from kapnotes.ui.editor.signing import (
    add_addendum_confirmed,
    changed_elsewhere,
    cosign_note,
    shortcut_taken,
    sign_note,
)
from kapnotes.ui.editor.taborder import apply_chain, focus_chain

SIGN_SHORTCUT = "Ctrl+Shift+S"
LIST_FIELDS = {"date", "number", "kind", WHOLE}  # edits that change the session list's columns


class SessionEditor(QWidget):
    """Edit one session of the practice; autosaves, validates, signs and takes addenda."""

    saved = Signal(object)  # datetime of the last save
    sessionChanged = Signal(int)  # a save or signing changed what session lists show
    liveRequested = Signal(int)  # the user asked for live mode on this session

    def __init__(
        self,
        practice: Practice,
        parent: QWidget | None = None,
        *,
        services: ServiceContext | None = None,
        changes: ChangeHub | None = None,
    ):
        """`services` and `changes` are the window's (the editor writes through the first and
        follows the second); on its own the editor makes a context of its own."""
        super().__init__(parent)
        self.practice = practice
        self.services = services or ServiceContext(practice)
        self.changes = changes or ChangeHub(self.services.feed, self)
        self.changes.changed.connect(self._on_changes)
        self.ctx = EditorContext(None, practice.settings())
        self._session: Session | None = None
        self.findings: list[Finding] = []
        self._list_dirty = False
        self.autosave = AutosaveController(self.services, self, self.ctx.settings.autosave_ms, self)
        self.autosave.saved.connect(self._on_saved)

        self.header = EditorHeader(self)
        self.autosave.failed.connect(self.header.show_failure)
        self.title_label, self.status_label = self.header.title_label, self.header.status_label
        self.live_button, self.sign_button = self.header.live_button, self.header.sign_button
        self.error_banner = self.header.error_banner
        self.sign_action = QAction("Sign note…", self)
        self.sign_action.setShortcut(QKeySequence(SIGN_SHORTCUT))
        self.sign_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.sign_action)
        self.findings_bar = FindingsBar(self)

        self.parts = parts = NoteSections(self, self._on_edited)
        self.sections: list[Section] = parts.all
        # Each section by name, as the window, live mode and the tests reach them.
        self.overview, self.checklist, self.dosing = parts.overview, parts.checklist, parts.dosing
        self.vitals, self.effects, self.adverse = parts.vitals, parts.effects, parts.adverse
        self.themes, self.narrative, self.scales = parts.themes, parts.narrative, parts.scales
        self.discharge, self.rems = parts.discharge, parts.rems
        self.signature, self.content = parts.signature, parts.content
        self.scroll_area = parts.scroll

        page = QWidget(self)
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(self.header)
        page_layout.addWidget(self.findings_bar)
        page_layout.addWidget(self.scroll_area, 1)
        self.empty_label = QLabel("Choose a session, or create one with Ctrl+N.", self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.stack)

        self.live_button.clicked.connect(self.request_live)
        self.sign_button.clicked.connect(self.request_sign)
        self.sign_action.triggered.connect(self.request_sign)
        self.signature.addendumRequested.connect(self._add_addendum)
        self.header.addendum_button.clicked.connect(self.go_to_addendum)
        self.findings_bar.activated.connect(self.focus_field)
        application().focusChanged.connect(self._on_focus_changed)
        # Sections add rows as the note grows; the tab order is redone once per event-loop turn.
        self._tab_timer = QTimer(self)
        self._tab_timer.setSingleShot(True)
        self._tab_timer.setInterval(0)
        self._tab_timer.timeout.connect(self.fix_tab_order)
        for section in self.sections:
            section.rebuilt.connect(self._tab_timer.start)
        self._show_empty()

    # -- public API ------------------------------------------------------------------------
    @property
    def session_id(self) -> int | None:
        return self._session.id if self._session is not None else None

    @property
    def session(self) -> Session | None:
        """The session being edited (with the edits made so far)."""
        return self._session

    def load_session(self, session_id: int | None) -> None:
        """Show a session (None: nothing); pending edits of the previous one are saved first.

        The session already shown stays as it is on screen (typed text included). When the
        previous session's edits cannot be saved, it stays open with the error shown, so
        nothing typed is dropped.
        """
        if self._session is not None and session_id == self._session.id:
            self.flush()
            return
        if not self.autosave.flush() and not self.autosave.last_error_permanent:
            return
        self._load(session_id)

    def _load(self, session_id: int | None) -> None:
        if session_id is None:
            self._show_empty()
            return
        try:
            session = self.practice.get_session(session_id)
            assert session.client_id is not None  # a stored session belongs to a client
            client = self.practice.get_client(session.client_id)
            course = self.practice.get_course(session.course_id) if session.course_id else None
            self.ctx = EditorContext(
                client, self.practice.settings(), course, self.practice.actor or "",
                self.practice.ledger_stock(),
            )  # fmt: skip
        except PracticeError as exc:
            self._show_empty(f"This session could not be opened: {exc}")
            return
        self._session = session
        self.autosave.set_session(session)
        self.autosave.set_interval(self.ctx.settings.autosave_ms)
        self.parts.load(session, self.ctx)
        self.header.show_loaded(session)
        self._apply_signed_state()
        self._update_visibility(session)
        self.header.show_title(session, self.ctx.client)
        self.revalidate()
        self.stack.setCurrentIndex(1)
        self.fix_tab_order()
        self.scroll_area.verticalScrollBar().setValue(0)

    def flush(self) -> None:
        """Save pending edits now (before switching session, locking or closing)."""
        self.autosave.flush()

    def reload(self) -> None:
        """Save pending edits, then show the session as stored (e.g. after live mode saved)."""
        if self._session is not None:
            self.flush()
            self._load(self._session.id)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self._claim_sign_shortcut()
        super().showEvent(event)

    def _claim_sign_shortcut(self) -> None:
        # Two actions with Ctrl+Shift+S in one window make Qt's shortcut ambiguous and neither
        # fires: when the window has its own (the Session menu), that one signs through us.
        key = QKeySequence(SIGN_SHORTCUT)
        taken = shortcut_taken(self.window(), key, self.sign_action)
        self.sign_action.setShortcut(QKeySequence() if taken else key)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        # Back from another window (live mode records into the same session): show its work.
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.sync_from_store()
        super().changeEvent(event)

    def sync_from_store(self) -> bool:
        """Reload when another view changed the stored session (nothing pending here)."""
        s = self._session
        if s is None or self.autosave.pending or self.parts.unstorable_text():
            return False
        if not changed_elsewhere(self.practice, s):
            return False
        position = self.scroll_area.verticalScrollBar().value()
        self._load(s.id)
        self.scroll_area.verticalScrollBar().setValue(position)
        return True

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt override)
        # Closing or hiding the window must not leave typed text waiting for a timer.
        self.flush()
        super().hideEvent(event)

    def reload_settings(self) -> None:
        """Take changed practice settings (clinicians, ranges, vocabularies, autosave delay)."""
        self.flush()
        self.ctx.settings = self.practice.settings()
        self.autosave.set_interval(self.ctx.settings.autosave_ms)
        if self._session is None:
            return
        self.vitals.model.set_thresholds(self.ctx.settings.vitals)
        self.overview.names.setStringList([c.name for c in self.ctx.settings.clinicians])
        for section in (self.effects, self.themes):
            section.load(self._session, self.ctx)
        self._apply_signed_state()
        self.revalidate()

    def request_live(self) -> None:
        """Save, then ask the window to open live mode on this session."""
        if self._session is not None and self._session.id is not None:
            self.flush()
            self.liveRequested.emit(self._session.id)

    def can_cosign(self) -> bool:
        """A prescriber may co-sign this signed note that waits for it."""
        s = self._session
        return s is not None and may_cosign(s, self.practice.user, self.ctx.settings.require_cosign)

    def request_sign(self) -> None:
        """Confirm and sign the note (with accounts: the signed-in user, passphrase again), or
        co-sign a therapist's signed dosing note as a prescriber."""
        s = self._session
        if s is not None and s.id is not None and s.is_signed and self.can_cosign():
            if cosign_note(self, self.services, s.id):
                self._load(s.id)
                self.sessionChanged.emit(s.id)
            return
        if s is None or s.id is None or s.is_signed:
            return
        if not self.autosave.flush():
            QMessageBox.warning(self, "Sign note", "The note could not be saved, so it was not signed.")  # fmt: skip
            return
        if not sign_note(self, self.services, s.id, self.findings, self.ctx.settings.clinicians):
            return
        self._load(s.id)
        self.sessionChanged.emit(s.id)
        self.saved.emit(datetime.now())

    def fix_tab_order(self) -> None:
        """Tab goes through the header, the findings, then every field in reading order."""
        head = [self.live_button, self.sign_button, self.findings_bar.list]
        apply_chain(head + focus_chain(self.content))

    def focus_first_field(self) -> None:
        """Put the cursor in the note's first field (after Ctrl+N: typing goes into the note)."""
        if self._session is None:
            return
        self.parts.reveal(self.overview.date_edit)
        self.overview.date_edit.selectAll()

    def focus_field(self, field_name: str) -> None:
        """Scroll to and focus the widget a finding concerns."""
        self.parts.focus_field(field_name)

    def revalidate(self) -> None:
        """Run the domain checks plus the typed-text checks and show every finding."""
        s = self._session
        if s is None:
            return
        local = self.parts.local_findings()
        # A field with text kept on screen says why once: not also "missing" for the record.
        held = {f.field for f in local}
        found = validate_session(s, self.ctx.client, self.ctx.settings, course=self.ctx.course)
        found.extend(lot_findings(s, self.ctx.stock))  # an expired lot cannot be given
        found = [f for f in found if f.field not in held] + local
        self.findings = found
        self.parts.show_findings(found)
        self.findings_bar.set_findings(found)

    # -- reactions -------------------------------------------------------------------------
    def _on_changes(self, changes: Changes) -> None:
        """Another view or command wrote: show its work (never over pending edits)."""
        if changes.origin is self or not shiboken6.isValid(self):
            return
        if changes.settings:
            self.reload_settings()
        s = self._session
        if s is None:
            return
        if s.id in changes.sessions:
            self.sync_from_store()
        elif self.ctx.client is not None and self.ctx.client.id in changes.clients:
            # The client's weight and screening feed the checks (mg/kg, contraindications).
            try:
                self.ctx.client = self.practice.get_client(self.ctx.client.id)
            except PracticeError:
                return
            self.header.show_title(s, self.ctx.client)
            self.revalidate()

    def _on_edited(self, store_field: str) -> None:
        if self._session is None or self._session.is_signed:
            return
        if store_field in ("kind", WHOLE):
            self._update_visibility(self._session)
            self._tab_timer.start()
        if store_field in LIST_FIELDS:
            self._list_dirty = True
            self.header.show_title(self._session, self.ctx.client)
        self.revalidate()
        self.autosave.mark(store_field)

    def _on_saved(self, when: datetime) -> None:
        for field in self.findChildren(ValueEdit):
            field.mark_saved()  # a later unreadable text falls back to what is stored now
        self.header.show_saved(when)
        self.saved.emit(when)
        if self._list_dirty and self._session is not None:
            self._list_dirty = False
            self.sessionChanged.emit(self._session.id)

    def _on_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        """Leaving a field saves at once; the newly focused field is scrolled into view."""
        if not shiboken6.isValid(self):
            return
        leaving = old is not None and shiboken6.isValid(old) and self.isAncestorOf(old)
        if leaving and self.autosave.pending:
            self.autosave.flush()
        self.parts.follow_focus(new)

    def _add_addendum(self, text: str, author: Clinician) -> None:
        s = self._session
        if s is None or s.id is None:
            return
        if not add_addendum_confirmed(self, self.services, s, text, author):
            return  # the text stays in the box
        self.signature.addendum_stored()
        self.signature.show_session(s, self.authors())
        self.saved.emit(datetime.now())

    # -- display ---------------------------------------------------------------------------
    def _show_empty(self, message: str = "") -> None:
        self._session = self.parts.session = None
        self.autosave.set_session(None)
        self.findings = []
        self.empty_label.setText(message or "Choose a session, or create one with Ctrl+N.")
        self.stack.setCurrentIndex(0)

    def _apply_signed_state(self) -> None:
        s = self._session
        signed = bool(s and s.is_signed)
        self.parts.set_read_only(signed)
        cosign = signed and self.can_cosign()
        self.header.show_sign_state(signed, cosign)
        self.sign_action.setEnabled(not signed or cosign)
        self.header.show_signed(s if signed else None)
        if s is not None:
            self.signature.show_session(
                s, self.authors(), awaits_cosign(s, self.ctx.settings.require_cosign)
            )

    def authors(self) -> list[Clinician]:
        """Who may write an addendum here: with accounts only the signed-in user."""
        return addendum_authors(self.practice.user, self.ctx.settings.clinicians)

    def go_to_addendum(self) -> None:
        """Scroll to the addendum box of a signed note and put the cursor in it."""
        self.scroll_area.ensureWidgetVisible(self.signature.add_box)
        self.parts.reveal(self.signature.text_edit)

    def _update_visibility(self, s: Session) -> None:
        self.parts.show_for(s)
        self.live_button.setVisible(s.kind == "dosing")
