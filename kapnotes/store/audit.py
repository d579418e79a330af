"""The audit trail: append-only, each entry chained to the previous one by SHA-256.

An entry's hash covers its canonical content (id, time, actor, action, ids, record, fields,
detail) and the previous entry's hash, so changing, deleting or inserting a row breaks the chain
from that row on; ids are consecutive, so a deleted row shows as a gap. Triggers (migration
m003) refuse UPDATE and DELETE. Entries say which record and which fields changed, never the
text itself. Limits: someone who holds the passphrase and drops the triggers can rewrite the
whole chain from the first changed row on; cutting entries off the end is only visible against
an older backup (each backup holds the chain as it was).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlite_utils import Database

GENESIS = "0" * 64
ACTIONS = (
    "open",
    "create",
    "change",
    "delete",
    "sign",
    "addendum",
    "export",
    "print",
    "backup",
    "restore",
    "failed_unlock",
    "passphrase",
    "encrypt",
    "rems_submission",  # an esketamine REMS form recorded as submitted (insert-only)
    # clinician accounts (kapnotes/store/accounts.py)
    "accounts",
    "user",
    "user_key",
    "sign_in",
    "cosign",
    "recover",
    "rekey",
    # before the first dose (kapnotes/store/intake_store.py)
    "eligibility",
    "consent",
    "consent-withdrawn",
    # the controlled-substance ledger (kapnotes/store/ledger.py)
    "ledger",
)
# What a read-only user may still cause to be written: their reading, printing and signing in.
READ_ACTIONS = frozenset({"open", "export", "print", "failed_unlock", "sign_in"})
COLUMNS = "id, time, actor, action, client_id, session_id, record, fields, detail"


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit trail."""

    id: int
    time: datetime
    actor: str
    action: str
    client_id: int | None = None
    session_id: int | None = None
    record: str = ""
    fields: list[str] = field(default_factory=list)
    detail: str = ""


@dataclass(frozen=True)
class AuditCheck:
    """The result of verifying the chain: ok, how many entries, the first broken one."""

    ok: bool
    checked: int
    first_broken_id: int | None
    message: str


def entry_hash(prev_hash: str, values: tuple) -> str:
    """SHA-256 over the previous hash and the canonical JSON of one entry's columns."""
    canonical = json.dumps(list(values), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + "\n" + canonical).encode("utf-8")).hexdigest()


def append(
    db: Database,
    actor: str,
    action: str,
    *,
    client_id: int | None = None,
    session_id: int | None = None,
    record: str = "",
    fields: list[str] | tuple[str, ...] = (),
    detail: str = "",
    when: datetime | None = None,
    user_id: int | None = None,
    sign: Callable[[bytes], bytes] | None = None,
) -> int:
    """Add one entry chained to the last (inside the caller's transaction, if any); its id.

    With `sign` (the signed-in user's Ed25519 key) the entry carries that user's signature
    over its hash, which kapnotes.store.audit_keys verifies.

    `action` must be one of ACTIONS: the audit viewer filters by them, so an action outside
    the vocabulary would be an entry nobody can find.
    """
    if action not in ACTIONS:
        raise ValueError(f"{action!r} is not an audit action (see store.audit.ACTIONS)")
    last = db.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    new_id, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    stamp = (when or datetime.now()).isoformat(timespec="seconds")
    values = (
        new_id,
        stamp,
        actor,
        action,
        client_id,
        session_id,
        record,
        json.dumps(sorted(set(fields)), ensure_ascii=False),
        detail,
    )
    digest = entry_hash(prev, values)
    signature = sign(bytes.fromhex(digest)).hex() if sign is not None else ""
    db.execute(
        f"INSERT INTO audit_log ({COLUMNS}, prev_hash, hash, user_id, signature) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [*values, prev, digest, user_id, signature],
    )
    return new_id


def head(db: Database) -> dict | None:
    """The anchor of the chain as it is now: the last entry's id and hash (None when empty)."""
    row = db.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return {"id": row[0], "hash": row[1]} if row else None


def _entry(row: tuple) -> AuditEntry:
    return AuditEntry(
        id=row[0],
        time=datetime.fromisoformat(row[1]),
        actor=row[2],
        action=row[3],
        client_id=row[4],
        session_id=row[5],
        record=row[6],
        fields=json.loads(row[7] or "[]"),
        detail=row[8],
    )


def entries(
    db: Database,
    *,
    client_id: int | None = None,
    session_id: int | None = None,
    action: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 1000,
) -> list[AuditEntry]:
    """Matching entries, newest first."""
    where, params = [], []
    for column, value in (("client_id", client_id), ("session_id", session_id), ("action", action)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if since is not None:
        where.append("time >= ?")
        params.append(since.isoformat(timespec="seconds"))
    if until is not None:
        where.append("time <= ?")
        params.append(until.isoformat(timespec="seconds"))
    sql = f"SELECT {COLUMNS} FROM audit_log"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY id DESC LIMIT ?"
    return [_entry(r) for r in db.execute(sql, [*params, max(0, int(limit))]).fetchall()]


def verify(db: Database) -> AuditCheck:
    """Walk the chain from the first entry; report the first row that does not fit."""
    prev_hash, expected_id, checked = GENESIS, 1, 0
    cursor = db.execute(f"SELECT {COLUMNS}, prev_hash, hash FROM audit_log ORDER BY id")
    for row in cursor:
        values, stored_prev, stored_hash = tuple(row[:9]), row[9], row[10]
        row_id = values[0]
        if row_id != expected_id:
            problem = (
                f"entry {expected_id} is missing"
                if row_id > expected_id
                else f"entry {row_id} is out of order"
            )
            return AuditCheck(False, checked, expected_id, f"audit trail broken: {problem}.")
        if stored_prev != prev_hash:
            return AuditCheck(
                False,
                checked,
                row_id,
                f"audit trail broken at entry {row_id}: the link to the entry before it does not match.",
            )
        if entry_hash(prev_hash, values) != stored_hash:
            return AuditCheck(
                False,
                checked,
                row_id,
                f"audit trail broken at entry {row_id}: its content was changed.",
            )
        prev_hash, expected_id, checked = stored_hash, expected_id + 1, checked + 1
    return AuditCheck(True, checked, None, f"audit trail intact ({checked} entries).")


def compare_with_older(db: Database, older: Database) -> AuditCheck:
    """Check the trail against an older copy (a backup): every entry the copy holds must still
    be here with the same hash. Finds what verify() cannot: entries cut off the end."""
    current = dict(db.execute("SELECT id, hash FROM audit_log").fetchall())
    checked = 0
    for row_id, digest in older.execute("SELECT id, hash FROM audit_log ORDER BY id"):
        if row_id not in current:
            return AuditCheck(
                False,
                checked,
                row_id,
                f"audit trail broken: entry {row_id} of the older copy is missing.",
            )
        if current[row_id] != digest:
            return AuditCheck(
                False,
                checked,
                row_id,
                f"audit trail broken at entry {row_id}: it differs from the older copy.",
            )
        checked += 1
    return AuditCheck(True, checked, None, f"the {checked} entries of the older copy are all here.")
