"""Accounts: users, signed audit entries, note signatures (migration m006_accounts in
kapnotes/store/schema.py).

Shipped SQL: never edit it, add a new migration instead (`kapnotes check` compares every
trigger with what the migrations define).
"""

from __future__ import annotations

_NO_CHANGE = "signed note is locked: signatures cannot be changed"

STATEMENTS = (
    """CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        credentials TEXT NOT NULL DEFAULT '',
        role TEXT NOT NULL DEFAULT 'therapist'
            CHECK (role IN ('prescriber', 'therapist', 'read-only')),
        is_admin INTEGER NOT NULL DEFAULT 0,
        phone TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        active INTEGER NOT NULL DEFAULT 1,
        public_key TEXT NOT NULL DEFAULT '',
        must_change INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
    )""",
    """CREATE TRIGGER users_no_delete BEFORE DELETE ON users
        BEGIN SELECT RAISE(ABORT, 'audit trail: users cannot be deleted'); END""",
    "ALTER TABLE audit_log ADD COLUMN user_id INTEGER",
    "ALTER TABLE audit_log ADD COLUMN signature TEXT NOT NULL DEFAULT ''",
    """CREATE TABLE note_signatures (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        addendum_id INTEGER REFERENCES addenda(id),
        kind TEXT NOT NULL,
        user_id INTEGER REFERENCES users(id),
        name TEXT NOT NULL DEFAULT '',
        credentials TEXT NOT NULL DEFAULT '',
        signed_at TEXT NOT NULL,
        payload TEXT NOT NULL DEFAULT '{}',
        signature TEXT NOT NULL DEFAULT '',
        public_key TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX note_signatures_session ON note_signatures(session_id, id)",
    f"""CREATE TRIGGER note_signatures_no_update BEFORE UPDATE ON note_signatures
        BEGIN SELECT RAISE(ABORT, '{_NO_CHANGE}'); END""",
    f"""CREATE TRIGGER note_signatures_no_delete BEFORE DELETE ON note_signatures
        BEGIN SELECT RAISE(ABORT, '{_NO_CHANGE}'); END""",
    f"""CREATE TRIGGER note_signatures_no_replace BEFORE INSERT ON note_signatures
        WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM note_signatures WHERE id = NEW.id)
        BEGIN SELECT RAISE(ABORT, '{_NO_CHANGE}'); END""",
)
