"""Live session mode: capture a dosing session from the keyboard without looking away for long.

Every capture re-reads the session from the store, changes it and saves it at once, so the
editor and live mode always show the same record and nothing waits in memory to be lost.

Keys: 1-9 log the clinic's quick effects as mild; the same key again within five minutes (and
with nothing else captured in between) raises that entry one step, capped at severe (wrapping
would silently turn a severe into none). Later presses log a new observation, so the timeline
keeps the course of an effect. N takes a one-line note (a "[HH:MM] text" line in the narrative,
see capture.py), B a dose or booster pre-filled from the last one, V goes to the vitals line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QShortcut
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton, QTableView, QWidget

from kapnotes.domain.records import EffectObservation, Session
from kapnotes.domain.vitals import vital_flags, worst_level
from kapnotes.services import ServiceContext
from kapnotes.services.changes import Changes
from kapnotes.services.sessions import save_session
from kapnotes.store import Practice, PracticeError
from kapnotes.ui.common.changes import ChangeHub
from kapnotes.ui.live import capture
from kapnotes.ui.live.booster import BoosterRow
from kapnotes.ui.live.checklist_screen import show_checklist_first
from kapnotes.ui.live.layout import setup_live_shortcuts, setup_live_ui
from kapnotes.ui.live.panels import EffectKeys, EntryRow
from kapnotes.ui.live.reminders import clock_text
from kapnotes.ui.live.timeline_model import TIME, TimelineModel, show_rows
from kapnotes.ui.live.vitals_line import VitalsLineError, describe_vitals
from kapnotes.ui.scales.badges import Badge

RAISE_WINDOW = timedelta(minutes=5)  # same key again within this raises the same entry
TIMELINE_HINT = "F2 corrects time or detail · Delete removes"
CLOSE_KEYS = (Qt.Key.Key_Escape, Qt.Key.Key_F9)  # F9 opened it, F9 (or Esc) closes it


@dataclass
class _LastEffect:
    code: str
    effect_id: int
    when: datetime


class LiveSessionView(QWidget):
    """A calm, large-type capture view for one session; emits changed(session_id) per save."""

    changed = Signal(int)

    # Made by layout.setup_live_ui; declared here so readers and the type checker see them.
    title: QLabel
    status: QLabel
    signed_banner: Badge
    elapsed: QLabel
    caption: QLabel
    reminder: Badge
    next_label: QLabel
    effect_keys: EffectKeys
    note_button: QPushButton
    dose_button: QPushButton
    vitals_button: QPushButton
    note_row: EntryRow
    booster_row: BoosterRow
    vitals_row: EntryRow
    vitals_flags: Badge
    model: TimelineModel
    timeline_view: QTableView
    timeline_message: QLabel
    remove_button: QPushButton
    effect_shortcuts: list[QShortcut]  # 1..9: the quick effects
    action_shortcuts: list[QShortcut]  # N, B, V and Delete

    def __init__(
        self,
        practice: Practice,
        session_id: int,
        clock: Callable[[], datetime] | None = None,
        parent: QWidget | None = None,
        *,
        services: ServiceContext | None = None,
        changes: ChangeHub | None = None,
    ):
        """`services` and `changes` are the window's: the live view writes through the first
        and follows the second (the editor's saves show here, and these saves there)."""
        super().__init__(parent)
        self.practice = practice
        self.services = services or ServiceContext(practice)
        self.changes = changes or ChangeHub(self.services.feed, self)
        self.changes.changed.connect(self._on_changes)
        self.session_id = session_id
        self.clock = clock or (lambda: datetime.now())
        self.settings = practice.settings()
        self.session: Session = practice.get_session(session_id)
        self._last_effect: _LastEffect | None = None
        self._correcting = False  # a timeline correction is being saved (keep its row in view)
        self.setWindowTitle("Live session")
        quick = [c for c in self.settings.quick_effects if c][:9]
        self.effect_codes = quick
        label = capture.effect_labeller(self.settings)
        setup_live_ui(self, [(c, label(c)) for c in quick])
        setup_live_shortcuts(self, len(quick))
        # Its own window, opened large: at its size hint (about 560 × 500) the type was small
        # and the timeline's detail column was scrolled out of sight.
        screen = self.screen().availableGeometry()
        self.resize(min(1400, int(screen.width() * 0.92)), min(900, int(screen.height() * 0.9)))
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.refresh_clock)
        self.timer.start()
        self._refresh_all()
        # Start on the timeline, not in the first text field (the vitals line): otherwise the
        # first number key pressed after opening types a digit instead of logging an effect.
        self.timeline_view.setFocus()
        # A dosing session not yet dosed opens on the pre-dose checklist.
        self.pre_dose_screen = show_checklist_first(
            self, self.session, self.practice, self._apply, self.timeline_view
        )

    def _on_changes(self, changes: Changes) -> None:
        if changes.origin is not self and self.session_id in changes.sessions:
            self.reload()

    def reload(self) -> None:
        """Re-read the session (call when the editor saved it) and show what is stored now."""
        try:
            self.session = self.practice.get_session(self.session_id)
        except PracticeError as exc:
            self.status.setText(str(exc))
            return
        self._refresh_all()

    # -- state -----------------------------------------------------------------------------
    @property
    def read_only(self) -> bool:
        return self.session.is_signed

    def _refresh_all(self) -> None:
        s = self.session
        name = ""
        self._client = None
        if s.client_id is not None:
            try:
                self._client = self.practice.get_client(s.client_id)
                name = self._client.name
            except PracticeError:
                name = ""
        number = f" · session {s.number}" if s.number else ""
        self.title.setText(f"{name} · {s.date:%d %b %Y}{number}".strip(" ·"))
        self.dose_button.setText("B   Booster" if s.given() else "B   First dose")
        self._set_timeline(capture.timeline(s, self.settings, self._client))
        peaks = {c: s.peak_intensity(c) for c in self.effect_codes}
        self.effect_keys.show_peaks(peaks)
        ro = self.read_only
        if ro:
            who = f" by {s.signed_by}" if s.signed_by else ""
            self.signed_banner.show_text(
                f"Signed{who} on {s.signed_at:%d %b %Y %H:%M}: read-only. "
                "Corrections are addenda in the session editor."
            )
            self.model.set_editing(None)
        else:
            self.signed_banner.show_text("")
            self.model.set_editing(self._edit_entry, self._edit_text)
        for widget in (self.effect_keys, self.note_button, self.dose_button, self.vitals_button,
                       self.remove_button):  # fmt: skip
            widget.setEnabled(not ro)
        for sc in self.effect_shortcuts + self.action_shortcuts:
            sc.setEnabled(not ro)
        self.vitals_row.setVisible(not ro)
        if ro:
            self.note_row.hide()
            self.booster_row.hide()
        self.timeline_message.setVisible(not ro)
        self.refresh_clock()

    def _set_timeline(self, rows) -> None:
        # Across a correction the corrected entry stays selected (Delete or another F2 acts
        # on it); after a capture nothing stays selected, and the newest entry shows.
        show_rows(self.timeline_view, self.model, rows, keep_selection=self._correcting)

    def refresh_clock(self) -> None:
        """Update the elapsed time and the reminder banner from the clock (the timer's job)."""
        text = clock_text(self.session, self.settings.reminders_min, self.clock(), self.read_only)
        self.elapsed.setText(text.elapsed)
        self.caption.setText(text.caption)
        self.reminder.show_text(text.reminder)
        self.next_label.setText(text.next_check)

    # -- saving ----------------------------------------------------------------------------
    def _apply(self, change, on_error: Callable[[str], None]):
        """Re-read the session, apply `change`, save; on failure show why and keep the input."""
        try:
            session = self.practice.get_session(self.session_id)
            if session.is_signed:
                self.session = session
                self._refresh_all()
                on_error("This note has been signed: it can no longer be changed here.")
                return None
            result = change(session)
            save_session(self.services, session, origin=self)
        except (VitalsLineError, ValueError, LookupError) as exc:
            on_error(str(exc))
            return None
        except PracticeError as exc:
            on_error(f"Not saved: {exc}")
            return None
        self.session = session
        self.status.setText(f"Saved {self.clock():%H:%M:%S}")
        # A new save makes the last "Removed: …" or "Corrected" line stale: back to the hint.
        self.timeline_message.setStyleSheet("")
        self.timeline_message.setText(TIMELINE_HINT)
        self._refresh_all()
        self.changed.emit(self.session_id)
        return result if result is not None else True

    def _status_error(self, text: str) -> None:
        self.status.setText(text)

    # -- captures --------------------------------------------------------------------------
    def press_effect(self, index: int) -> None:
        """Log quick effect `index` (key index+1) now, or raise the one just logged."""
        if self.read_only or not 0 <= index < len(self.effect_codes):
            return
        code, now = self.effect_codes[index], self.clock()
        last = self._last_effect
        if last and last.code == code and now - last.when <= RAISE_WINDOW:
            raised = self._apply(
                lambda s: capture.raise_effect(s, last.effect_id), self._status_error
            )
            if raised is None or raised is not True:
                return  # raised, or an error is shown; True means the entry was removed
        obs = self._apply(
            lambda s: capture.add_effect(s, code, capture.now_time(now)), self._status_error
        )
        if isinstance(obs, EffectObservation) and obs.id is not None:
            self._last_effect = _LastEffect(code, obs.id, now)

    def open_note(self) -> None:
        if self.read_only:
            return
        self.note_row.show()
        self.note_row.clear_message()
        self.note_row.edit.setFocus()

    def close_note(self) -> None:
        # Esc with text typed keeps the text (hidden row, not cleared): nothing typed is lost.
        self.note_row.hide()
        self.timeline_view.setFocus()

    def save_note(self, text: str) -> None:
        if not text.strip():
            self.note_row.show_error("Type the note, or press Esc.")
            return
        when = capture.now_time(self.clock())
        if (
            self._apply(lambda s: capture.add_note(s, text, when), self.note_row.show_error)
            is not None
        ):
            self._last_effect = None
            self.note_row.edit.clear()
            self.note_row.clear_message()
            self.close_note()

    def open_booster(self) -> None:
        if self.read_only:
            return
        previous = None
        if not self.session.given() and self.session.client_id is not None:
            try:
                previous = self.practice.last_dosing_session(self.session.client_id)
            except PracticeError:
                previous = None
        template = capture.template_administration(self.session, previous)
        for sc in self.effect_shortcuts:
            sc.setEnabled(False)  # digits belong to the mg field while the row is open
        try:
            self.booster_row.set_stock(self.practice.ledger_stock(), self.session.date)
        except PracticeError:
            self.booster_row.set_stock([], self.session.date)  # the dose can still be typed
        self.booster_row.open_with(template, first=not self.session.given())

    def booster_closed(self) -> None:
        for sc in self.effect_shortcuts:
            sc.setEnabled(not self.read_only)
        self.timeline_view.setFocus()

    def save_booster(self, adm) -> None:
        adm.time = capture.now_time(self.clock())
        adm.given_by = self.practice.actor

        if (
            self._apply(lambda s: capture.give_dose(s, adm), self.booster_row.show_error)
            is not None
        ):
            self._last_effect = None
            self.booster_row.hide()
            self.booster_closed()
            # The rule set's dose findings (tiers, a dose on an urgent BP) show at once.
            index = len(self.session.administrations) - 1
            flags = capture.dose_warnings(self.session, self.settings, self._client).get(index, [])  # fmt: skip
            if flags:
                level = "urgent" if any(f.is_urgent for f in flags) else "caution"
                self.vitals_flags.show_text(
                    f"‼ Dose {adm.time:%H:%M}: " + "; ".join(f.message for f in flags), level
                )

    def save_vitals(self, text: str) -> None:
        when = capture.now_time(self.clock())
        row = self.vitals_row
        vital = self._apply(
            lambda s: capture.add_vitals(s, text, when, self.settings), row.show_error
        )
        if vital is None:
            return
        self._last_effect = None
        row.edit.clear()
        row.clear_message()
        self.timeline_view.setFocus()  # back to one-key capture
        flags = vital_flags(vital, self.settings.vitals)
        index = next((i for i, v in enumerate(self.session.vitals) if v is vital), -1)
        rises = capture.rise_messages(self.session, self.settings).get(index, [])
        if flags or rises:
            self.vitals_flags.show_text(
                f"⚠ {vital.time:%H:%M} " + "; ".join([f.message for f in flags] + rises),
                worst_level(flags) or "caution",
            )
        else:
            self.vitals_flags.show_text(f"✓ {vital.time:%H:%M} {describe_vitals(vital)}", "ok")

    # -- corrections -----------------------------------------------------------------------
    def _edit_text(self, entry, _column: int) -> str:
        try:
            return capture.edit_text(self.session, entry.ref)
        except (LookupError, IndexError):
            return entry.detail

    def _edit_entry(self, entry, column: int, text: str) -> bool:
        def change(s: Session):
            if column == TIME:
                capture.set_entry_time(s, entry.ref, capture.parse_time(text))
            else:
                capture.set_entry_detail(s, entry.ref, text, self.settings)

        def error(message: str) -> None:
            self.timeline_message.setText(message)
            self.timeline_message.setStyleSheet("color: #e5484d; font-weight: bold;")

        self._correcting = True
        try:
            ok = self._apply(change, error) is not None
        finally:
            self._correcting = False
        if ok:
            self.timeline_message.setStyleSheet("")
            self.timeline_message.setText("Corrected. F2 corrects time or detail · Delete removes")
        return ok

    def remove_selected(self) -> None:
        """Remove the selected timeline entry (drafts only)."""
        rows = self.timeline_view.selectionModel().selectedRows()
        if self.read_only or not rows:
            return
        entry = self.model.entry(rows[0].row())
        if self._apply(lambda s: capture.remove_entry(s, entry.ref), self._status_error):
            self._last_effect = None
            self.timeline_message.setText(f"Removed: {entry.what} {entry.detail}")

    # -- closing ---------------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        # Reaches here only when no field took the key (Esc in an open note row closes the
        # row first; a cell being corrected cancels its edit).
        if event.key() in CLOSE_KEYS and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.close()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        # A typed but unsaved line is either saved now or kept by refusing to close.
        pending = [r for r in (self.note_row, self.vitals_row) if r.edit.text().strip()]
        if pending and not self.read_only:
            answer = QMessageBox.question(
                self,
                "Unsaved line",
                "A typed line has not been saved yet. Close and discard it?",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                event.ignore()
                return
        self.timer.stop()
        super().closeEvent(event)
