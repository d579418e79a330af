"""The ledger in the database: lots, entries, balances, signatures and their check.

Every entry is one row of ledger_entries (append-only, kapnotes/store/ledger_schema.py),
signed by its user and each witness: Ed25519 over the SHA-256 of the canonical JSON of the
row (id included, so a row cannot be moved). The same digest goes into a "ledger" audit entry,
whose hash chain then shows an entry removed behind the triggers' back. Balances are sums of
entries, never stored.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from sqlite_utils import Database

from kapnotes.domain.ledger import EPSILON, DrugForm, Entry, EntryKind, Lot, LotBalance, fmt_qty
from kapnotes.store import rows
from kapnotes.store.audit_keys import KeyRing
from kapnotes.store.note_signing import canonical

LOT_COLUMNS = "id, lot, drug, form, ndc, strength_mg, per_container, expiry"
ENTRY_COLUMNS = (
    "id, recorded_at, occurred_on, kind, lot_id, mg, user_id, user_name, witnesses, reason, "
    "session_id, client_id, client_name, chart, reverses, details"
)
_ENTRY_NAMES = tuple(c.strip() for c in ENTRY_COLUMNS.split(","))


def lot_from_row(r: tuple) -> Lot:
    return Lot(
        id=r[0], lot=r[1], drug=r[2], form=DrugForm(r[3]), ndc=r[4], strength_mg=r[5],
        per_container=r[6], expiry=rows.s2d(r[7]),
    )  # fmt: skip


def lots(db: Database) -> dict[int, Lot]:
    """Every lot received, by id."""
    return {
        r[0]: lot_from_row(r)
        for r in db.execute(f"SELECT {LOT_COLUMNS} FROM ledger_lots ORDER BY expiry, lot")
    }


def find_lot(db: Database, lot: str) -> Lot | None:
    row = db.execute(f"SELECT {LOT_COLUMNS} FROM ledger_lots WHERE lot = ?", [lot]).fetchone()
    return lot_from_row(row) if row else None


def insert_lot(db: Database, lot: Lot) -> Lot:
    cur = db.execute(
        "INSERT INTO ledger_lots (lot, drug, form, ndc, strength_mg, per_container, expiry, "
        "created_at) VALUES (?,?,?,?,?,?,?,?)",
        [lot.lot, lot.drug, str(lot.form), lot.ndc, lot.strength_mg, lot.per_container,
         rows.d2s(lot.expiry), rows.now_text()],
    )  # fmt: skip
    return Lot(**{**lot.__dict__, "id": cur.lastrowid})


def balance(db: Database, lot_id: int) -> float:
    """One lot's balance in mg: the sum of its entries."""
    return db.execute(
        "SELECT COALESCE(SUM(mg), 0) FROM ledger_entries WHERE lot_id = ?", [lot_id]
    ).fetchone()[0]


def balances(db: Database, until: date | None = None, before: bool = False) -> dict[int, float]:
    """lot id -> balance in mg, over every entry (or those that occurred up to `until`;
    before=True: strictly before it, for an opening balance)."""
    if until is None:
        sql, params = "SELECT lot_id, SUM(mg) FROM ledger_entries GROUP BY lot_id", []
    else:
        op = "<" if before else "<="
        sql = f"SELECT lot_id, SUM(mg) FROM ledger_entries WHERE occurred_on {op} ? GROUP BY lot_id"
        params = [rows.d2s(until)]
    return {lot_id: total for lot_id, total in db.execute(sql, params)}


def pending(db: Database) -> dict[str, float]:
    """lot number -> mg that unsigned notes give from it (shown as pending, not yet posted)."""
    return dict(
        db.execute(
            "SELECT a.lot, SUM(a.mg) FROM administrations a JOIN sessions s ON s.id = a.session_id "
            "WHERE s.signed_at IS NULL AND a.lot != '' GROUP BY a.lot"
        ).fetchall()
    )


def lot_balances(db: Database) -> list[LotBalance]:
    """Every lot with its balance and pending mg, soonest expiry first."""
    found, sums, waiting = lots(db), balances(db), pending(db)
    return [
        LotBalance(lot=lot, mg=sums.get(lot_id, 0.0), pending_mg=waiting.get(lot.lot, 0.0))
        for lot_id, lot in found.items()
    ]


def next_id(db: Database) -> int:
    return db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM ledger_entries").fetchone()[0]


def row_values(entry: Entry, entry_id: int, lot_id: int, user_id: int | None,
               client_id: int | None, recorded_at: str) -> dict[str, Any]:  # fmt: skip
    """The stored columns of an entry (what its signatures cover)."""
    return {
        "id": entry_id,
        "recorded_at": recorded_at,
        "occurred_on": rows.d2s(entry.occurred_on),
        "kind": str(entry.kind),
        "lot_id": lot_id,
        "mg": float(entry.mg) + 0.0,  # + 0.0: -0.0 reads back from SQLite as 0.0
        "user_id": user_id,
        "user_name": entry.user,
        "witnesses": json.dumps(list(entry.witnesses), ensure_ascii=False),
        "reason": entry.reason,
        "session_id": entry.session_id,
        "client_id": client_id,
        "client_name": entry.client_name,
        "chart": entry.chart,
        "reverses": entry.reverses,
        "details": json.dumps(entry.details, sort_keys=True, ensure_ascii=False),
    }


def digest(values: dict[str, Any]) -> bytes:
    return hashlib.sha256(canonical(values)).digest()


def insert_entry(db: Database, values: dict[str, Any], signers: list[tuple[int, Any]]) -> str:
    """Insert one entry signed by each (user id, UserKeys); returns the hex digest."""
    message = digest(values)
    signatures = [
        {"user": uid, "key": keys.signing_public.hex(), "sig": keys.signing.sign(message).hex()}
        for uid, keys in signers
    ]
    names = list(values)
    db.execute(
        f"INSERT INTO ledger_entries ({', '.join(names)}, signatures) "
        f"VALUES ({', '.join('?' * len(names))}, ?)",
        [*values.values(), json.dumps(signatures)],
    )
    return message.hex()


def entry_from_row(r: tuple, lot_names: dict[int, str]) -> Entry:
    v = dict(zip(_ENTRY_NAMES, r, strict=False))
    return Entry(
        id=v["id"],
        kind=EntryKind(v["kind"]),
        lot=lot_names.get(v["lot_id"], "?"),
        mg=v["mg"],
        occurred_on=rows.s2d(v["occurred_on"]),
        recorded_at=rows.s2dt(v["recorded_at"]),
        user=v["user_name"],
        witnesses=tuple(json.loads(v["witnesses"])),
        reason=v["reason"],
        session_id=v["session_id"],
        client_name=v["client_name"],
        chart=v["chart"],
        reverses=v["reverses"],
        details=json.loads(v["details"]),
    )


def entries(
    db: Database,
    *,
    lot_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
    kinds: tuple[str, ...] = (),
) -> list[Entry]:
    """Entries matching the filters, in the order they happened (date, then id)."""
    where, params = ["1 = 1"], []
    if lot_id is not None:
        where.append("lot_id = ?")
        params.append(lot_id)
    if since is not None:
        where.append("occurred_on >= ?")
        params.append(rows.d2s(since))
    if until is not None:
        where.append("occurred_on <= ?")
        params.append(rows.d2s(until))
    if kinds:
        where.append(f"kind IN ({', '.join('?' * len(kinds))})")
        params.extend(str(k) for k in kinds)
    names = {lot_id: lot.lot for lot_id, lot in lots(db).items()}
    return [
        entry_from_row(r, names)
        for r in db.execute(
            f"SELECT {ENTRY_COLUMNS} FROM ledger_entries WHERE {' AND '.join(where)} "
            "ORDER BY occurred_on, id",
            params,
        )
    ]


def problems(db: Database, ring: KeyRing, accounts: bool) -> list[str]:
    """One line per ledger entry whose signatures do not verify, per balance that went below
    zero, per reversal that does not mirror its entry, per entry missing from the audit trail,
    and per signed note whose administrations and postings disagree."""
    found: list[str] = []
    audited = {
        record: detail
        for record, detail in db.execute(
            "SELECT record, detail FROM audit_log WHERE action = 'ledger'"
        )
    }
    running: dict[int, float] = {}
    by_id: dict[int, float] = {}
    for r in db.execute(f"SELECT {ENTRY_COLUMNS}, signatures FROM ledger_entries ORDER BY id"):
        values = dict(zip(_ENTRY_NAMES, r[:-1], strict=True))
        what = f"ledger entry {values['id']}"
        message = digest(values)
        sigs = json.loads(r[-1] or "[]")
        if accounts or sigs:
            signers = [s.get("user") for s in sigs]
            if not sigs or signers[0] != values["user_id"]:
                found.append(f"{what} is not signed by its user {values['user_name']}")
            for s in sigs:
                key = bytes.fromhex(s.get("key", ""))
                if key not in ring.keys.get(s.get("user"), []) or not ring.verifies(
                    key, s.get("sig", ""), message
                ):
                    found.append(f"{what}: a signature does not verify (changed after signing?)")
                    break
        if audited.get(f"ledger {values['id']}", "") != f"sha256:{message.hex()}":
            found.append(f"{what} does not match its audit trail entry")
        lot_id = values["lot_id"]
        running[lot_id] = running.get(lot_id, 0.0) + values["mg"]
        if running[lot_id] < -EPSILON:
            found.append(f"{what} takes lot {lot_id} below zero ({fmt_qty(running[lot_id])} mg)")
        if values["reverses"] is not None:
            original = by_id.get(values["reverses"])
            if original is None or abs(original + values["mg"]) > EPSILON:
                found.append(f"{what} does not mirror the entry it reverses")
        by_id[values["id"]] = values["mg"]
    missing = set(audited) - {f"ledger {i}" for i in by_id}
    found += [f"{record} is in the audit trail but not in the ledger" for record in sorted(missing)]
    return found + posting_problems(db)


def posting_problems(db: Database) -> list[str]:
    """Signed notes and posted administrations must agree: each administration with a lot in a
    signed note is posted once, with its mg, from its lot; no posting without its note."""
    found = []
    given = {}
    for sid, lot, mg in db.execute(
        # Notes signed elsewhere (imported) or before accounts posted nothing here.
        "SELECT a.session_id, a.lot, SUM(a.mg) FROM administrations a JOIN sessions s "
        "ON s.id = a.session_id WHERE s.signed_at IS NOT NULL AND a.lot != '' "
        "AND NOT EXISTS (SELECT 1 FROM note_signatures n WHERE n.session_id = s.id "
        "AND n.kind IN ('imported', 'before-accounts')) GROUP BY a.session_id, a.lot"
    ):
        given[(sid, lot)] = mg
    posted = {}
    for sid, lot, mg in db.execute(
        "SELECT e.session_id, l.lot, -SUM(e.mg) FROM ledger_entries e JOIN ledger_lots l "
        "ON l.id = e.lot_id WHERE e.kind = 'administration' GROUP BY e.session_id, l.lot"
    ):
        posted[(sid, lot)] = mg
    for key in sorted(set(given) | set(posted), key=str):
        if abs(given.get(key, 0.0) - posted.get(key, 0.0)) > EPSILON:
            found.append(
                f"session {key[0]}: the signed note gives {fmt_qty(given.get(key, 0.0))} mg from "
                f"lot {key[1]}, the ledger posts {fmt_qty(posted.get(key, 0.0))} mg"
            )
    return found
