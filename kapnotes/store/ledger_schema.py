"""The ledger's tables and triggers (migration m008_ledger in kapnotes/store/schema.py).

Shipped SQL: never edit it, add a new migration instead (`kapnotes check` compares every
trigger with what the migrations define).

Lots and entries are append-only: no UPDATE, no DELETE, no REPLACE over an existing id. A
balance never goes below zero: the insert that would do it is refused by a trigger too (the
store refuses it first with a message that says the balance). A lot is received once per
product: a second receipt of the lot must match its strength and packing (checked in the
store, the lots row is written once).
"""

from __future__ import annotations

LEDGER = "ledger entries are append-only"

STATEMENTS = (
    """CREATE TABLE ledger_lots (
        id INTEGER PRIMARY KEY,
        lot TEXT NOT NULL UNIQUE,
        drug TEXT NOT NULL,
        form TEXT NOT NULL,
        ndc TEXT NOT NULL DEFAULT '',
        strength_mg REAL NOT NULL CHECK (strength_mg > 0),
        per_container REAL NOT NULL CHECK (per_container > 0),
        expiry TEXT NOT NULL,
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE ledger_entries (
        id INTEGER PRIMARY KEY,
        recorded_at TEXT NOT NULL,
        occurred_on TEXT NOT NULL,
        kind TEXT NOT NULL,
        lot_id INTEGER NOT NULL REFERENCES ledger_lots(id),
        mg REAL NOT NULL,
        user_id INTEGER REFERENCES users(id),
        user_name TEXT NOT NULL,
        witnesses TEXT NOT NULL DEFAULT '[]',
        reason TEXT NOT NULL DEFAULT '',
        session_id INTEGER REFERENCES sessions(id),
        client_id INTEGER REFERENCES clients(id),
        client_name TEXT NOT NULL DEFAULT '',
        chart TEXT NOT NULL DEFAULT '',
        reverses INTEGER UNIQUE REFERENCES ledger_entries(id),
        details TEXT NOT NULL DEFAULT '{}',
        signatures TEXT NOT NULL DEFAULT '[]'
    )""",
    "CREATE INDEX ledger_entries_lot ON ledger_entries(lot_id, mg)",
    "CREATE INDEX ledger_entries_day ON ledger_entries(occurred_on, id)",
    "CREATE INDEX ledger_entries_session ON ledger_entries(session_id)",
    f"""CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
        BEGIN SELECT RAISE(ABORT, '{LEDGER}: an entry cannot be changed'); END""",
    f"""CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
        BEGIN SELECT RAISE(ABORT, '{LEDGER}: an entry cannot be deleted'); END""",
    f"""CREATE TRIGGER ledger_entries_no_replace BEFORE INSERT ON ledger_entries
        WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM ledger_entries WHERE id = NEW.id)
        BEGIN SELECT RAISE(ABORT, '{LEDGER}: an entry cannot be replaced'); END""",
    f"""CREATE TRIGGER ledger_entries_not_negative BEFORE INSERT ON ledger_entries
        WHEN (SELECT COALESCE(SUM(mg), 0) FROM ledger_entries WHERE lot_id = NEW.lot_id)
             + NEW.mg < -0.000001
        BEGIN SELECT RAISE(ABORT, '{LEDGER}: the balance cannot go below zero'); END""",
    f"""CREATE TRIGGER ledger_lots_no_update BEFORE UPDATE ON ledger_lots
        BEGIN SELECT RAISE(ABORT, '{LEDGER}: a lot cannot be changed'); END""",
    f"""CREATE TRIGGER ledger_lots_no_delete BEFORE DELETE ON ledger_lots
        BEGIN SELECT RAISE(ABORT, '{LEDGER}: a lot cannot be deleted'); END""",
    f"""CREATE TRIGGER ledger_lots_no_replace BEFORE INSERT ON ledger_lots
        WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM ledger_lots WHERE id = NEW.id)
        BEGIN SELECT RAISE(ABORT, '{LEDGER}: a lot cannot be replaced'); END""",
    # Each administration names the lot it was drawn from. A draft's lot number (one per
    # session until now) moves onto its administrations; a signed note keeps it where it was
    # signed (changing it would break its signature), and is read the same way.
    "ALTER TABLE administrations ADD COLUMN lot TEXT NOT NULL DEFAULT ''",
    """UPDATE administrations SET lot = COALESCE((
            SELECT json_extract(s.dosing, '$.lot_number') FROM sessions s
            WHERE s.id = administrations.session_id AND s.signed_at IS NULL), '')
        WHERE session_id IN (SELECT id FROM sessions WHERE signed_at IS NULL)""",
    """UPDATE sessions SET dosing = json_set(dosing, '$.lot_number', '')
        WHERE signed_at IS NULL AND json_extract(dosing, '$.lot_number') != ''
        AND EXISTS (SELECT 1 FROM administrations a WHERE a.session_id = sessions.id)""",
)
