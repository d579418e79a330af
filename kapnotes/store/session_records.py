"""Session notes as a mixin of Practice: saving whole notes and autosaved drafts (audited),
reading them with their signatures, listing, and deleting a draft made by mistake."""

from __future__ import annotations

from typing import Any

from kapnotes.domain.records import Session
from kapnotes.store import note_signing, sessions
from kapnotes.store.changes import session_snapshot
from kapnotes.store.errors import SignedNoteError
from kapnotes.store.sessions import SessionSummary


class SessionRecords:
    """save_session/save_draft/get/load/list sessions, delete_draft, numbering."""

    # -- sessions --------------------------------------------------------------------------
    def save_session(self, session: Session) -> int:
        """Insert or update a whole session with its children (audited); returns its id."""
        is_new = session.id is None
        with self.db.atomic():
            before = {} if is_new else session_snapshot(self.db, session.id)
            sid = sessions.save_session(self.db, session)
            self._audit_change(
                "session", sid, before, session_snapshot(self.db, sid), is_new,
                client_id=session.client_id, session_id=sid,
            )  # fmt: skip
        return sid

    def save_draft(self, session_id: int, **changes: Any) -> None:
        """Autosave: a few scalar fields of a draft; audited at most once a minute per field set."""
        with self.db.atomic():
            sessions.save_draft(self.db, session_id, **changes)
            record = f"session {session_id}"
            if changes and self._coalescer.needs_entry(record, set(changes)):
                client_id, _course = sessions.session_client_ids(self.db, session_id)
                self._append(
                    "change", client_id=client_id, session_id=session_id, record=record,
                    fields=list(changes),
                )  # fmt: skip

    def get_session(self, session_id: int) -> Session:
        """One whole session with its children, addenda and signatures."""
        found = sessions.get_session(self.db, session_id)
        found.signatures = note_signing.signatures_by_session(
            self.db, "s.id = ?", [session_id]
        ).get(session_id, [])
        return found

    def load_sessions(
        self, *, client_id: int | None = None, course_id: int | None = None
    ) -> list[Session]:
        """Every whole session of a client or a course (or all), with their signatures."""
        found = sessions.load_sessions(self.db, client_id=client_id, course_id=course_id)
        where, params = (
            ("s.course_id = ?", [course_id]) if course_id is not None
            else ("s.client_id = ?", [client_id]) if client_id is not None
            else ("1 = 1", [])
        )  # fmt: skip
        signed = note_signing.signatures_by_session(self.db, where, params)
        for s in found:
            s.signatures = signed.get(s.id, [])
        return found

    def list_sessions(
        self,
        *,
        client_id: int | None = None,
        course_id: int | None = None,
        session_id: int | None = None,
    ) -> list[SessionSummary]:
        from kapnotes.store.safety import with_urgent_reasons

        found = sessions.list_sessions(
            self.db, client_id=client_id, course_id=course_id, session_id=session_id
        )
        return with_urgent_reasons(self, found)

    def delete_draft(self, session_id: int) -> None:
        """Remove a draft made by mistake (signed notes and notes with addenda stay)."""
        with self.db.atomic():
            sessions.ensure_draft(self.db, session_id)
            if self.db.execute(
                "SELECT 1 FROM addenda WHERE session_id = ? LIMIT 1", [session_id]
            ).fetchone():
                raise SignedNoteError(f"Session {session_id} has addenda; it cannot be deleted.")
            client_id, _course = sessions.session_client_ids(self.db, session_id)
            sessions.delete_draft(self.db, session_id)
            self._append(
                "delete", client_id=client_id, session_id=session_id, record=f"session {session_id}"
            )

    def last_dosing_session(self, client_id: int) -> Session | None:
        return sessions.last_dosing_session(self.db, client_id)

    def next_session_number(self, course_id: int) -> int:
        row = self.db.execute(
            "SELECT COALESCE(MAX(number), 0) + 1 FROM sessions WHERE course_id = ?", [course_id]
        ).fetchone()
        return int(row[0])
