"""REPLACE cannot swap a signed note, an addendum or an audit entry for another row.

INSERT OR REPLACE / UPDATE OR REPLACE delete the conflicting row without firing its DELETE
triggers (SQLite's recursive_triggers is off by default), so the m002/m003 triggers alone let
raw SQL rewrite a signed note; m004 refuses those statements too.
"""

from __future__ import annotations

import sqlite3

import pytest
from sec_helpers import PASSPHRASE, add_client, add_course, make_session, raw_connection, sign
from sqlcipher3 import dbapi2 as sqlcipher

from kapnotes.store import open_practice
from kapnotes.store.schema import CHILD_TABLES

RAW_ERRORS = (sqlite3.Error, sqlcipher.Error)
COPY = "id, client_id, course_id, date, created_at, updated_at"

SIGNED_STATEMENTS = [
    f"INSERT OR REPLACE INTO sessions ({COPY}) SELECT {COPY} FROM sessions WHERE id = :id",
    f"REPLACE INTO sessions ({COPY}) SELECT {COPY} FROM sessions WHERE id = :id",
    f"INSERT INTO sessions ({COPY}) SELECT {COPY} FROM sessions WHERE id = :id "
    "ON CONFLICT(id) DO UPDATE SET intention = 'forged'",
    "UPDATE OR REPLACE sessions SET id = :id WHERE id = :draft",
    "INSERT OR REPLACE INTO addenda SELECT id, session_id, time, author, 'forged' FROM addenda "
    "WHERE session_id = :id",
    "INSERT OR REPLACE INTO addenda (id, session_id, time, author, text) "
    "SELECT id, :draft, time, author, 'forged' FROM addenda WHERE session_id = :id",
    "DELETE FROM clients",
]
for _table in CHILD_TABLES:
    SIGNED_STATEMENTS += [
        f"INSERT OR REPLACE INTO {_table} SELECT * FROM {_table} WHERE session_id = :id",
        f"UPDATE OR REPLACE {_table} SET id = (SELECT min(id) FROM {_table} "
        "WHERE session_id = :id) WHERE session_id = :draft",
    ]


@pytest.fixture(params=["plain", "encrypted"])
def practice_ids(request, tmp_path):
    """(path, passphrase, signed session id, draft session id), every child table filled."""
    path = tmp_path / f"{request.param}.kapnotes"
    passphrase = PASSPHRASE if request.param == "encrypted" else None
    with open_practice(path, passphrase, create=True) as p:
        client = add_client(p)
        course = add_course(p, client)
        signed = make_session(client, course, text="kept as signed")
        p.save_session(signed)
        p.add_addendum(signed.id, "first correction", "Dr A")
        sign(p, signed.id, "Dr A", "MD")
        draft = make_session(client, course, text="a draft")
        p.save_session(draft)
        for table in CHILD_TABLES:
            count = p.db.execute(
                f"SELECT count(*) FROM {table} WHERE session_id = ?", [signed.id]
            ).fetchone()[0]
            assert count, f"the signed session needs a row in {table}"
    return path, passphrase, signed.id, draft.id


@pytest.mark.parametrize("foreign_keys", ["ON", "OFF"])
@pytest.mark.parametrize("sql", SIGNED_STATEMENTS)
def test_replace_cannot_swap_a_signed_note(practice_ids, sql, foreign_keys):
    path, passphrase, sid, draft = practice_ids
    with open_practice(path, passphrase) as p:
        before = p.get_session(sid)
    conn = raw_connection(path, passphrase)
    try:
        conn.execute(f"PRAGMA foreign_keys = {foreign_keys}")
        with pytest.raises(RAW_ERRORS, match="signed note is locked"):
            conn.execute(sql, {"id": sid, "draft": draft})
        conn.commit()
    finally:
        conn.close()
    with open_practice(path, passphrase) as p:
        assert p.get_session(sid) == before
        assert p.verify_audit().ok


@pytest.mark.parametrize(
    "sql",
    [
        "INSERT OR REPLACE INTO audit_log SELECT * FROM audit_log WHERE id = 1",
        "INSERT OR REPLACE INTO audit_log (id, time, actor, action, prev_hash, hash) "
        "VALUES (1, '2026-01-01T00:00:00', 'someone', 'open', 'x', 'y')",
        "UPDATE OR REPLACE audit_log SET id = 1 WHERE id = 2",
    ],
)
def test_replace_cannot_swap_an_audit_entry(practice_ids, sql):
    path, passphrase, _sid, _draft = practice_ids
    conn = raw_connection(path, passphrase)
    try:
        with pytest.raises(RAW_ERRORS, match="audit trail"):
            conn.execute(sql)
        conn.commit()
    finally:
        conn.close()
    with open_practice(path, passphrase) as p:
        assert p.verify_audit().ok


def test_drafts_still_save_with_their_child_ids(practice_ids):
    """The new triggers look only at signed rows: re-saving a draft keeps working."""
    path, passphrase, _sid, draft = practice_ids
    with open_practice(path, passphrase) as p:
        session = p.get_session(draft)
        session.intention = "changed while a draft"
        p.save_session(session)
        assert p.get_session(draft).intention == "changed while a draft"
