"""What a save changed, for the audit trail: record and field names, never their text.

Snapshots are small tuples read inside the save's own transaction, so auditing costs a few
indexed SELECTs; repeated autosaves of one draft are coalesced (one entry a minute per session
and set of fields) so typing never waits on the trail.
"""

from __future__ import annotations

import time
from typing import Any

from sqlite_utils import Database

from kapnotes.domain.records import Client, Session
from kapnotes.store import rows

COALESCE_SECONDS = 60.0
# The columns the saves write, taken from the row builders so the two cannot drift apart.
SESSION_FIELDS = tuple(rows.session_row(Session(client_id=None, course_id=None, date=None)))
CLIENT_FIELDS = tuple(rows.client_row(Client(chart="", name="")))


def session_snapshot(db: Database, session_id: int) -> dict[str, Any]:
    """Column values and child rows of a session, keyed by field name."""
    row = db.execute(
        f"SELECT {', '.join(SESSION_FIELDS)} FROM sessions WHERE id = ?", [session_id]
    ).fetchone()
    snap: dict[str, Any] = dict(zip(SESSION_FIELDS, row, strict=True)) if row else {}
    if snap.get("checklist") is None:
        # A note without a checklist snapshots as before m009: older signatures still verify.
        snap.pop("checklist", None)
    for attr, (table, _cls, columns) in rows.CHILD_SPECS.items():
        snap[attr] = db.execute(
            f"SELECT {', '.join(columns)} FROM {table} WHERE session_id = ? ORDER BY position",
            [session_id],
        ).fetchall()
    # An administration's lot is part of the note once it is set; notes signed before lots
    # existed were signed without the column and must still compare equal.
    if rows.CHILD_SPECS["administrations"][2][-1] == "lot":
        snap["administrations"] = [r[:-1] if r[-1] == "" else r for r in snap["administrations"]]
    return snap


def client_snapshot(db: Database, client_id: int) -> dict[str, Any]:
    """Column values, weights and screening of a client, keyed by field name."""
    row = db.execute(
        f"SELECT {', '.join(CLIENT_FIELDS)} FROM clients WHERE id = ?", [client_id]
    ).fetchone()
    snap: dict[str, Any] = dict(zip(CLIENT_FIELDS, row, strict=True)) if row else {}
    snap["weights"] = db.execute(
        "SELECT kg, measured_on FROM weights WHERE client_id = ? ORDER BY rowid", [client_id]
    ).fetchall()
    snap["screening"] = db.execute(
        "SELECT item, answer, note FROM screening WHERE client_id = ? ORDER BY rowid", [client_id]
    ).fetchall()
    return snap


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Names of the fields whose values differ."""
    return sorted(k for k in after if before.get(k) != after.get(k))


class DraftCoalescer:
    """Decides whether a change of a record needs a new audit entry or is already covered."""

    def __init__(self, window: float = COALESCE_SECONDS, clock=time.monotonic):
        self.window = window
        self.clock = clock
        self._recent: dict[str, tuple[float, frozenset[str]]] = {}

    def needs_entry(self, record: str, fields: list[str] | set[str]) -> bool:
        """True when `fields` of `record` were not audited within the window (and note them)."""
        now = self.clock()
        wanted = frozenset(fields)
        seen = self._recent.get(record)
        if seen is not None and now - seen[0] < self.window and wanted <= seen[1]:
            return False
        if seen is not None and now - seen[0] < self.window:
            self._recent[record] = (seen[0], seen[1] | wanted)
        else:
            self._recent[record] = (now, wanted)
        return True

    def forget(self, record: str) -> None:
        """After a sign or delete the next change starts a new entry."""
        self._recent.pop(record, None)
