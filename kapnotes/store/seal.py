"""A seal on every signed note: the SHA-256 of its content, kept in the hash-chained audit trail.

The m002/m004 triggers refuse every statement that would change a signed note, but whoever
holds the passphrase can drop them. The seal makes such a change visible: the "sign" entry
records the digest of the note as signed, and verification recomputes it. Addenda are not part
of the seal (they are added after signing, and are insert-only themselves).
"""

from __future__ import annotations

import hashlib
import json

from sqlite_utils import Database

from kapnotes.store.changes import session_snapshot

SEAL_MARK = "content sha256:"
LATER_FIELDS = ("units_reason", "incomplete_ack")


def seal(db: Database, session_id: int) -> str:
    """The digest of a session's content, children and signature, as stored now."""
    snap = session_snapshot(db, session_id)
    row = db.execute(
        "SELECT signed_at, signed_by, signed_credentials FROM sessions WHERE id = ?",
        [session_id],
    ).fetchone()
    snap["signature"] = list(row) if row else None
    # Fields added after seals existed count only when filled, so older seals still match.
    for name in LATER_FIELDS:
        if not snap.get(name):
            snap.pop(name, None)
    canonical = json.dumps(snap, sort_keys=True, default=str, ensure_ascii=False,
                           separators=(",", ":"))  # fmt: skip
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def seal_detail(name: str, digest: str, notes: tuple[str, ...] = ()) -> str:
    """The detail of a "sign" entry: who signed, what they declared, and the seal."""
    said = "".join(f"{n}; " for n in notes if n)
    return f"signed by {name}; {said}{SEAL_MARK}{digest}"


def signing_notes(db: Database, session_id: int) -> tuple[str, ...]:
    """The typed reason and the acknowledgement a signature carries (for its audit entry)."""
    row = db.execute(
        "SELECT units_reason, incomplete_ack FROM sessions WHERE id = ?", [session_id]
    ).fetchone()
    if not row:
        return ()
    reason, ack = (" ".join((x or "").split())[:300] for x in row)
    return (f"check-the-units reason: {reason}" if reason else "", ack)


def broken_seal(db: Database) -> tuple[int, int] | None:
    """(session id, audit entry id) of the first signed note that no longer matches its seal,
    or None. Notes signed before seals existed (or imported) have none and are skipped."""
    latest: dict[int, tuple[int, str]] = {}
    for entry_id, session_id, detail in db.execute(
        "SELECT id, session_id, detail FROM audit_log WHERE action = 'sign' "
        "AND session_id IS NOT NULL AND instr(detail, ?) > 0 ORDER BY id",
        [SEAL_MARK],
    ):
        latest[session_id] = (entry_id, detail.rsplit(SEAL_MARK, 1)[1].strip())
    for session_id, (entry_id, digest) in sorted(latest.items()):
        signed = db.execute(
            "SELECT signed_at IS NOT NULL FROM sessions WHERE id = ?", [session_id]
        ).fetchone()
        if not signed or not signed[0] or seal(db, session_id) != digest:
            return session_id, entry_id
    return None
