"""Autosave: what changed is written to the store after a pause in typing, or at once on flush.

Scalar and text fields go through the save_draft service (one UPDATE); a changed child list
(a table) saves the whole record (save_session). Both announce the change with `origin` set to
the editor, so the editor does not reload its own edit. A failed save keeps everything pending and is retried on
the next change or flush, so nothing on screen is dropped.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from kapnotes.domain.records import Session
from kapnotes.services import ServiceContext, sessions
from kapnotes.store import DB_ERRORS, PracticeError, RecordNotFound, SignedNoteError
from kapnotes.ui.editor.base import WHOLE

# What a failed save can raise (named once: mypy cannot type a starred tuple inside `except`).
_SAVE_ERRORS: tuple[type[Exception], ...] = (PracticeError, *DB_ERRORS, OSError)


def storable_copy(session: Session) -> Session:
    """The session as the store can hold it: administrations without a dose wait on screen."""
    doses = [a for a in session.administrations if isinstance(a.mg, int | float)]
    if len(doses) == len(session.administrations):
        return session
    return dataclasses.replace(session, administrations=doses)


class AutosaveController(QObject):
    """Collects edits of one session and writes them after `interval_ms` of quiet."""

    saved = Signal(object)  # datetime of the save
    failed = Signal(str)  # a one-line message for the user (never note text)

    def __init__(
        self,
        services: ServiceContext,
        origin: object = None,
        interval_ms: int = 800,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.services = services
        self.origin = origin
        self.session: Session | None = None
        self._fields: set[str] = set()
        self._whole = False
        self.last_error: str | None = None
        # True when the pending edits can never be stored (the note was signed or deleted).
        self.last_error_permanent = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(max(50, interval_ms))
        self.timer.timeout.connect(self.flush)

    def set_interval(self, ms: int) -> None:
        self.timer.setInterval(max(50, int(ms)))

    def set_session(self, session: Session | None) -> None:
        """Start following another session (flush the previous one first)."""
        self.timer.stop()
        self.session = session
        self._fields.clear()
        self._whole = False
        self.last_error = None
        self.last_error_permanent = False

    @property
    def pending(self) -> bool:
        return self._whole or bool(self._fields)

    def mark(self, store_field: str) -> None:
        """Note an edit and (re)start the quiet-time timer."""
        if self.session is None or self.session.is_signed:
            return
        if store_field == WHOLE:
            self._whole = True
        else:
            self._fields.add(store_field)
        self.timer.start()

    def flush(self) -> bool:
        """Write pending edits now; True when nothing is left pending."""
        self.timer.stop()
        s = self.session
        if s is None or s.id is None or not self.pending:
            return True
        try:
            if self._whole:
                sessions.save_session(self.services, storable_copy(s), origin=self.origin)
            else:
                changes = {f: getattr(s, f) for f in self._fields}
                sessions.save_draft(self.services, s.id, changes, origin=self.origin)
        except _SAVE_ERRORS as exc:
            # The message names the problem, never the note's text; everything stays pending.
            self.last_error = str(exc) or type(exc).__name__
            self.last_error_permanent = isinstance(exc, SignedNoteError | RecordNotFound)
            self.failed.emit(self.last_error)
            return False
        self._fields.clear()
        self._whole = False
        self.last_error = None
        self.last_error_permanent = False
        self.saved.emit(datetime.now())
        return True
