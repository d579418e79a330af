"""Note signatures: what a signature covers, making one, reading them back, checking them.

The signature covers a canonical serialization (sorted-key JSON) of the note as it prints:
every column and child record of the session, the client's identity and the weight used for
mg/kg at signing, the signer's identity, key and the time. That payload is stored with the
signature (table note_signatures, insert-only), so the note prints the client as signed.
`broken_note_signatures` recomputes the session part from the database and checks the
signature with the key the trail registered for the signer.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from kapnotes.domain.records import Client, WeightEntry
from kapnotes.domain.signatures import ADDENDUM, COSIGNED, IMPORTED, SIGNED, NoteSignature
from kapnotes.domain.users import User
from kapnotes.store import rows
from kapnotes.store.audit_keys import KeyRing
from kapnotes.store.changes import session_snapshot
from kapnotes.store.keyslots import UserKeys

COLUMNS = (
    "id, session_id, addendum_id, kind, user_id, name, credentials, signed_at, payload, "
    "signature, public_key"
)


def canonical(data: Any) -> bytes:
    """Sorted-key, compact JSON: one byte string for one content."""
    return json.dumps(
        data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    ).encode("utf-8", "surrogatepass")


def _plain(data: Any) -> Any:
    """Tuples become lists, as after a JSON round trip, so stored and fresh compare equal."""
    return json.loads(canonical(data))


def client_part(db: Database, session_id: int) -> dict[str, Any]:
    row = db.execute(
        "SELECT c.id, c.chart, c.name, c.dob, c.pronouns, s.date FROM sessions s "
        "JOIN clients c ON c.id = s.client_id WHERE s.id = ?",
        [session_id],
    ).fetchone()
    if row is None:
        return {}
    cid, chart, name, dob, pronouns, day = row
    weights = [
        WeightEntry(kg=kg, measured_on=rows.s2d(on))
        for kg, on in db.execute(
            "SELECT kg, measured_on FROM weights WHERE client_id = ?", [cid]
        ).fetchall()
    ]
    client = Client(chart=chart, name=name, weights=weights)
    kg = client.weight_on(rows.s2d(day))
    used = next((w for w in weights if w.kg == kg), None) if kg else None
    total = db.execute(
        "SELECT COALESCE(SUM(mg), 0) FROM administrations WHERE session_id = ?", [session_id]
    ).fetchone()[0]
    return {
        "id": cid,
        "chart": chart,
        "name": name,
        "dob": dob,
        "pronouns": pronouns,
        "weight": {"kg": used.kg, "measured_on": used.measured_on.isoformat()} if used else None,
        "mg_per_kg": round(total / kg, 3) if kg and total else None,
    }


def _signer(user: User, keys: UserKeys) -> dict[str, Any]:
    return {
        "id": user.id,
        "name": user.name,
        "credentials": user.credentials,
        "role": str(user.role),
        "key": keys.signing_public.hex(),
    }


def _addendum_part(db: Database, addendum_id: int) -> dict[str, Any]:
    row = db.execute(
        "SELECT id, session_id, time, author, text FROM addenda WHERE id = ?", [addendum_id]
    ).fetchone()
    return (
        dict(zip(("id", "session_id", "time", "author", "text"), row, strict=True)) if row else {}
    )


def payload(
    db: Database, session_id: int, kind: str, user: User, keys: UserKeys, when: datetime,
    addendum_id: int | None = None,
) -> dict[str, Any]:  # fmt: skip
    """What a signature of this kind covers, as plain JSON data."""
    data: dict[str, Any] = {
        "kind": kind,
        "session_id": session_id,
        "signer": _signer(user, keys),
        "time": rows.dt2s(when),
    }
    if kind == ADDENDUM:
        data["addendum"] = _addendum_part(db, addendum_id)
    else:
        data["session"] = session_snapshot(db, session_id)
        data["client"] = client_part(db, session_id)
    return _plain(data)


def add_signature(
    db: Database, session_id: int, kind: str, user: User, keys: UserKeys, when: datetime,
    addendum_id: int | None = None,
) -> str:  # fmt: skip
    """Sign and store; returns the SHA-256 of the signed payload (for the audit entry)."""
    data = payload(db, session_id, kind, user, keys, when, addendum_id)
    body = canonical(data)
    digest = hashlib.sha256(body).digest()
    db.execute(
        f"INSERT INTO note_signatures ({COLUMNS}) VALUES (NULL,?,?,?,?,?,?,?,?,?,?)",
        [
            session_id, addendum_id, kind, user.id, user.name, user.credentials,
            rows.dt2s(when), body.decode("utf-8", "surrogatepass"),
            keys.signing.sign(digest).hex(), keys.signing_public.hex(),
        ],
    )  # fmt: skip
    return digest.hex()


def add_mark(
    db: Database, session_id: int, kind: str, name: str, credentials: str, when: datetime | None
) -> None:
    """Mark a note signed elsewhere (imported) or before accounts: shown as such, never as a
    signature of a user of this practice."""
    db.execute(
        f"INSERT INTO note_signatures ({COLUMNS}) VALUES (NULL,?,NULL,?,NULL,?,?,?,'{{}}','','')",
        [session_id, kind, name, credentials, rows.dt2s(when) or rows.now_text()],
    )


def _from_row(r: tuple) -> NoteSignature:
    try:
        data = json.loads(r[8] or "{}")
    except ValueError:
        data = {}
    return NoteSignature(
        kind=r[3],
        name=r[5],
        credentials=r[6],
        signed_at=rows.s2dt(r[7]),
        public_key=bytes.fromhex(r[10]) if r[10] else b"",
        addendum_id=r[2],
        user_id=r[4],
        payload=data,
    )


def signatures_by_session(db: Database, where: str, params: list) -> dict[int, list]:
    """NoteSignatures of the sessions matching `where` (on alias s), oldest first."""
    found: dict[int, list] = {}
    sql = (
        f"SELECT {', '.join('n.' + c.strip() for c in COLUMNS.split(','))} FROM note_signatures n "
        f"JOIN sessions s ON s.id = n.session_id WHERE {where} ORDER BY n.id"
    )
    for r in db.execute(sql, params).fetchall():
        found.setdefault(r[1], []).append(_from_row(r))
    return found


def broken_note_signatures(db: Database, ring: KeyRing) -> list[str]:
    """One line per signature that does not verify or no longer matches its note."""
    problems = []
    for r in db.execute(
        f"SELECT {COLUMNS} FROM note_signatures WHERE kind IN (?, ?, ?) ORDER BY id",
        [SIGNED, COSIGNED, ADDENDUM],
    ).fetchall():
        sig_id, session_id, addendum_id, kind, user_id = r[:5]
        body, signature, key_hex = r[8], r[9], r[10]
        what = f"signature {sig_id} of session {session_id}"
        key = bytes.fromhex(key_hex) if key_hex else b""
        if key not in ring.keys.get(user_id, []):
            problems.append(f"{what}: the key is not one the audit trail registered for its signer")
            continue
        digest = hashlib.sha256(body.encode("utf-8", "surrogatepass")).digest()
        if not ring.verifies(key, signature, digest):
            problems.append(f"{what}: the signature does not verify")
            continue
        data = json.loads(body)
        if kind == ADDENDUM:
            now = _plain(_addendum_part(db, addendum_id))
            if data.get("addendum") != now:
                problems.append(f"{what}: addendum {addendum_id} was changed after it was signed")
        elif data.get("session") != _plain(session_snapshot(db, session_id)):
            problems.append(f"{what}: the note was changed after it was signed")
    if db.execute("SELECT 1 FROM users LIMIT 1").fetchone() is None:
        return problems  # a practice without accounts: its notes are sealed, not signed
    for (session_id,) in db.execute(
        "SELECT id FROM sessions s WHERE signed_at IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM note_signatures n WHERE n.session_id = s.id AND n.addendum_id IS NULL)"
    ).fetchall():
        problems.append(f"session {session_id} is marked signed but carries no signature")
    return problems


__all__ = ["IMPORTED", "add_mark", "add_signature", "broken_note_signatures", "canonical"]
