"""The urgent findings of each listed session, for the session list's Safety column.

The rule set lives in kapnotes.domain.validation; this loads a course's (or a client's)
sessions once and keeps only the messages of the urgent findings, so the list shows urgent
vitals, doses, severe adverse events, PHQ-9 item 9 and a positive C-SSRS the same way the
editor and the PDFs do.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from kapnotes.domain.session_safety import urgent_reasons
from kapnotes.domain.validation import validate_session
from kapnotes.store import sessions
from kapnotes.store.sessions import SessionSummary


def with_urgent_reasons(practice, summaries: list[SessionSummary], today: date | None = None) -> list[SessionSummary]:  # fmt: skip
    """The summaries with `urgent` filled from the rule set (one load per client)."""
    if not summaries:
        return summaries
    ids = [s.id for s in summaries]
    marks = ", ".join("?" for _ in ids)
    loaded = {s.id: s for s in sessions.load_where(practice.db, f"s.id IN ({marks})", ids)}
    settings = practice.settings()
    clients: dict[int, object] = {}
    out = []
    for summary in summaries:
        full = loaded.get(summary.id)
        if full is None:
            out.append(summary)
            continue
        if full.client_id not in clients:
            clients[full.client_id] = practice.get_client(full.client_id)
        found = validate_session(full, clients[full.client_id], settings, today)
        out.append(dataclasses.replace(summary, urgent=tuple(urgent_reasons(found))))
    return out
