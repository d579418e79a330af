"""The audit trail: automatic entries, no note text, append-only, tamper evident at the row."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

import pytest
from sec_helpers import PASSPHRASE, add_client, add_course, make_session, raw_connection, sign
from sqlcipher3 import dbapi2 as sqlcipher

from kapnotes.domain.settings import PracticeSettings
from kapnotes.store import PracticeError, open_practice
from kapnotes.store.audit import GENESIS, entry_hash

SECRET = "HERONSONG"


def _busy_practice(practice):
    if practice.user is None:
        practice.actor = "Dr Rivera"  # with accounts the signed-in user acts
    client = add_client(practice, name=f"Name {SECRET}")
    course = add_course(practice, client)
    session = make_session(client, course, text=f"note {SECRET}")
    practice.save_session(session)
    practice.save_draft(session.id, narrative={"Subjective": f"typed {SECRET}"})
    practice.add_addendum(session.id, f"addendum {SECRET}", "Dr Rivera")
    sign(practice, session.id, "Dr Rivera", "MD")
    practice.record_event("export", session_id=session.id, detail="session-3.pdf")
    return client, session


def test_store_writes_entries_by_itself_without_text(enc_practice):
    client, session = _busy_practice(enc_practice)
    found = list(reversed(enc_practice.audit_entries()))
    assert [e.action for e in found[:2]] == ["user_key", "accounts"]  # the first admin's key
    found = found[2:]
    assert [e.action for e in found] == [
        "create",  # client
        "create",  # course
        "create",  # session
        "change",  # draft
        "addendum",
        "sign",
        "export",
    ]
    assert {e.actor for e in found} == {"Dr A"}
    draft = found[3]
    assert (draft.record, draft.fields, draft.session_id, draft.client_id) == (
        f"session {session.id}",
        ["narrative"],
        session.id,
        client.id,
    )
    assert found[-1].client_id == client.id, "the client is looked up from the session"
    # Which record and which fields, never the text: not in the entries, not in the raw table.
    raw = enc_practice.db.execute("SELECT * FROM audit_log").fetchall()
    assert SECRET not in repr(raw)
    assert enc_practice.verify_audit().ok


def test_changes_name_the_changed_fields(practice):
    client = add_client(practice)
    client.medications = "lamotrigine"
    practice.save_client(client)
    practice.save_client(client)  # nothing changed: no entry
    course = add_course(practice, client)
    session = make_session(client, course)
    practice.save_session(session)
    session.vitals = []
    session.intention = "changed"
    practice.save_session(session)
    settings = PracticeSettings()
    settings.lock_minutes = 5
    practice.save_settings(settings)
    changes = [(e.record, e.fields) for e in practice.audit_entries(action="change")]
    assert changes == [
        ("settings", ["lock_minutes"]),
        (f"session {session.id}", ["intention", "vitals"]),
        (f"client {client.id}", ["medications"]),
    ]


def test_autosave_is_coalesced(practice):
    client = add_client(practice)
    session = make_session(client, None)
    practice.save_session(session)
    for i in range(50):
        practice.save_draft(session.id, narrative={"Subjective": "x" * i})
    practice.save_draft(session.id, intention="new field")
    changes = practice.audit_entries(action="change")
    assert [e.fields for e in changes] == [["intention"], ["narrative"]]
    # After the window, the same field gets a new entry.
    practice._coalescer.window = 0
    practice.save_draft(session.id, narrative={"Subjective": "later"})
    assert len(practice.audit_entries(action="change")) == 3


def test_filters(practice):
    a = add_client(practice, "A-1")
    b = add_client(practice, "B-1")
    practice.record_event("print", client_id=b.id, detail="course summary")
    assert [e.action for e in practice.audit_entries(client_id=b.id)] == ["print", "create"]
    assert [e.client_id for e in practice.audit_entries(action="print")] == [b.id]
    assert practice.audit_entries(since=datetime.now() + timedelta(days=1)) == []
    assert len(practice.audit_entries(until=datetime.now() + timedelta(days=1))) == 3
    assert len(practice.audit_entries(limit=1)) == 1
    assert a.id != b.id
    with pytest.raises(PracticeError):
        practice.record_event("")


def test_audit_rows_cannot_be_changed_through_sql(practice):
    _busy_practice(practice)
    for sql in (
        "UPDATE audit_log SET actor = 'x' WHERE id = 2",
        "DELETE FROM audit_log WHERE id = 2",
    ):
        with pytest.raises((sqlite3.Error, sqlcipher.Error), match="audit trail"):
            practice.db.conn.execute(sql)
    practice.db.conn.rollback()
    assert practice.verify_audit().ok


def _tamper(path, passphrase, *statements):
    conn = raw_connection(path, passphrase)
    try:
        conn.execute("DROP TRIGGER audit_no_update")
        conn.execute("DROP TRIGGER audit_no_delete")
        for sql in statements:
            conn.execute(sql)
    finally:
        conn.close()


@pytest.fixture(params=["plain", "encrypted"])
def audited(request, tmp_path):
    path = tmp_path / f"{request.param}.kapnotes"
    passphrase = PASSPHRASE if request.param == "encrypted" else None
    with open_practice(path, passphrase, create=True, user="Dr A") as p:
        base = p.verify_audit().checked  # with accounts: the first admin's key, set-up
        _busy_practice(p)
        assert p.verify_audit().ok
        count = p.verify_audit().checked
    return path, passphrase, count, base


@pytest.mark.parametrize(
    "statement, broken",
    [
        ("UPDATE audit_log SET actor = 'Mallory' WHERE id = 4", 4),
        ("UPDATE audit_log SET fields = '[]' WHERE id = 4", 4),
        ("UPDATE audit_log SET time = '2020-01-01T00:00:00' WHERE id = 6", 6),
        ("DELETE FROM audit_log WHERE id = 3", 3),
        ("DELETE FROM audit_log WHERE id = 1", 1),
        ("UPDATE audit_log SET prev_hash = hash WHERE id = 5", 5),
    ],
)
def test_tampering_is_found_at_the_row(audited, statement, broken):
    path, passphrase, _count, base = audited
    if base and broken != 1:
        statement = statement.replace(f"id = {broken}", f"id = {broken + base}")
        broken += base
    _tamper(path, passphrase, statement)
    with open_practice(path, passphrase) as p:
        check = p.verify_audit()
    assert not check.ok
    assert check.first_broken_id == broken
    assert check.checked == broken - 1
    assert f"{broken}" in check.message


def test_a_forged_row_with_a_made_up_hash_is_found(audited):
    path, passphrase, count, _base = audited
    _tamper(
        path,
        passphrase,
        f"INSERT INTO audit_log (id, time, actor, action, prev_hash, hash) VALUES "
        f"({count + 1}, '2026-01-01T00:00:00', 'Mallory', 'open', '{GENESIS}', '{'f' * 64}')",
    )
    with open_practice(path, passphrase) as p:
        check = p.verify_audit()
    assert (check.ok, check.first_broken_id) == (False, count + 1)


def test_the_chain_formula_is_stable():
    """Verification of existing files depends on it: changing it breaks every practice."""
    values = (1, "2026-01-01T09:00:00", "Dr A", "open", None, None, "", "[]", "")
    assert entry_hash(GENESIS, values) == entry_hash(GENESIS, tuple(values))
    assert entry_hash(GENESIS, values) != entry_hash("1" * 64, values)
    assert len(entry_hash(GENESIS, values)) == 64
