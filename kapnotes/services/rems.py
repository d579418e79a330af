"""The esketamine REMS clock: recording that a session's Patient Monitoring Form was submitted."""

from __future__ import annotations

from datetime import date

from kapnotes.services.changes import Changes
from kapnotes.services.context import ServiceContext
from kapnotes.store.rems import RemsSubmission


def record_submission(
    ctx: ServiceContext, session_id: int, submitted_on: date, method: str,
    confirmation: str = "", *, today: date | None = None,
) -> RemsSubmission:  # fmt: skip
    """Store when and how the form was sent (insert-only; audited by the store), then say so."""
    made = ctx.practice.record_rems_submission(
        session_id, submitted_on, method, confirmation, today=today
    )
    ctx.publish(Changes(sessions=frozenset({session_id})))
    return made
