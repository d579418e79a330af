"""REMS form submissions and the 7-day clock, as a mixin of Practice.

A signed note is locked, yet its REMS form is submitted afterwards: submissions are rows of
their own (insert-only; a correction is a new submission), each with an audit entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from kapnotes.domain.records import Client, RemsSubmission, Session
from kapnotes.domain.rems import METHODS, RemsStatus, rems_status
from kapnotes.store import rows, sessions
from kapnotes.store.errors import PracticeError, RecordNotFound

_ESKETAMINE = (
    "EXISTS (SELECT 1 FROM administrations a WHERE a.session_id = s.id "
    "AND (a.route = 'in_esk' OR a.medication = 'esketamine'))"
)


@dataclass(frozen=True)
class RemsForm:
    """One esketamine session's form: the session, its client and where the clock stands."""

    session: Session
    client: Client
    status: RemsStatus


class RemsRecords:
    """Recording REMS submissions and listing forms due, overdue and submitted."""

    def record_rems_submission(
        self,
        session_id: int,
        submitted_on: date,
        method: str,
        confirmation: str = "",
        *,
        today: date | None = None,
    ) -> RemsSubmission:
        """Store when and how a session's REMS form was submitted (audited)."""
        today = today or date.today()
        if method not in METHODS:
            raise PracticeError(f"Submission method must be one of: {', '.join(METHODS)}.")
        if submitted_on > today:
            raise PracticeError("The submission date is in the future.")
        session = sessions.get_session(self.db, session_id)
        if not session.is_esketamine:
            raise PracticeError(f"Session {session_id} has no esketamine: no REMS form is due.")
        if submitted_on < session.date:
            raise PracticeError("The submission date is before the session.")
        at = datetime.now().replace(microsecond=0)
        with self.db.atomic():
            cur = self.db.execute(
                "INSERT INTO rems_submissions (session_id, submitted_on, method, confirmation, "
                "recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?)",
                [session_id, rows.d2s(submitted_on), method, confirmation.strip(),
                 rows.dt2s(at), self.actor],
            )  # fmt: skip
            self._session_event(
                "rems_submission", session_id, detail=f"REMS form submitted {submitted_on} by {method}"
            )  # fmt: skip
        return RemsSubmission(submitted_on, method, confirmation.strip(), at, self.actor, cur.lastrowid)  # fmt: skip

    def rems_forms(
        self, today: date | None = None, *, pending_only: bool = False
    ) -> list[RemsForm]:
        """Every esketamine session's form, oldest due first (pending_only: not submitted)."""
        today = today or date.today()
        found = sessions.load_where(self.db, _ESKETAMINE, [])
        clients: dict[int, Client] = {}
        out = []
        for s in found:
            if s.client_id not in clients:
                try:
                    clients[s.client_id] = self.get_client(s.client_id)
                except RecordNotFound:
                    continue
            status = rems_status(s, today)
            if pending_only and status.state == "submitted":
                continue
            out.append(RemsForm(s, clients[s.client_id], status))
        return sorted(out, key=lambda f: (f.status.state == "submitted", f.status.due))
