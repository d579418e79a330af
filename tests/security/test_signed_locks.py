"""Signed notes are locked in the database itself: raw SQL cannot change them."""

from __future__ import annotations

import sqlite3

import pytest
from sec_helpers import PASSPHRASE, add_client, add_course, make_session, raw_connection, sign
from sqlcipher3 import dbapi2 as sqlcipher

from kapnotes.store import SignedNoteError, open_practice
from kapnotes.store.schema import CHILD_TABLES

RAW_ERRORS = (sqlite3.Error, sqlcipher.Error)


def _signed_session(practice):
    client = add_client(practice)
    session = make_session(client, add_course(practice, client), text="kept as signed")
    practice.save_session(session)
    practice.add_addendum(session.id, "first correction", "Dr A")
    sign(practice, session.id, "Dr A", "MD")
    return session


@pytest.fixture(params=["plain", "encrypted"])
def signed(request, tmp_path):
    """(path, passphrase, session id) of a practice holding one signed session."""
    path = tmp_path / f"{request.param}.kapnotes"
    passphrase = PASSPHRASE if request.param == "encrypted" else None
    with open_practice(path, passphrase, create=True) as p:
        sid = _signed_session(p).id
    return path, passphrase, sid


RAW_STATEMENTS = [
    "UPDATE sessions SET narrative = '{}' WHERE id = :id",
    "UPDATE sessions SET signed_at = NULL WHERE id = :id",
    "DELETE FROM sessions WHERE id = :id",
    "UPDATE addenda SET text = 'rewritten' WHERE session_id = :id",
    "DELETE FROM addenda WHERE session_id = :id",
    "DELETE FROM clients",
]
for _table in CHILD_TABLES:
    RAW_STATEMENTS += [
        f"UPDATE {_table} SET position = position + 1 WHERE session_id = :id",
        f"DELETE FROM {_table} WHERE session_id = :id",
    ]

INSERTS = {
    "administrations": "INSERT INTO administrations (session_id, position, route, mg) "
    "VALUES (:id, 9, 'im', 500)",
    "vitals": "INSERT INTO vitals (session_id, position, systolic) VALUES (:id, 9, 200)",
    "effects": "INSERT INTO effects (session_id, position, effect, intensity) "
    "VALUES (:id, 9, 'nausea', 3)",
    "adverse_events": "INSERT INTO adverse_events (session_id, position, description) "
    "VALUES (:id, 9, 'forged')",
    "themes": "INSERT INTO themes (session_id, position, theme) VALUES (:id, 9, 'anger')",
    "scale_scores": "INSERT INTO scale_scores (session_id, position, scale) VALUES (:id, 9, 'gad7')",
}


@pytest.mark.parametrize("sql", RAW_STATEMENTS + [INSERTS[t] for t in CHILD_TABLES])
def test_raw_sql_cannot_touch_a_signed_note(signed, sql):
    path, passphrase, sid = signed
    with open_practice(path, passphrase) as p:
        before = p.get_session(sid)
    conn = raw_connection(path, passphrase)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        with pytest.raises(RAW_ERRORS, match="signed note is locked"):
            conn.execute(sql, {"id": sid})
    finally:
        conn.close()
    with open_practice(path, passphrase) as p:
        assert p.get_session(sid) == before


def test_every_child_table_has_an_insert_case():
    assert set(INSERTS) == set(CHILD_TABLES)


def test_store_refuses_cleanly_and_addenda_still_work(enc_practice):
    session = _signed_session(enc_practice)
    session.narrative = {"Subjective": "changed"}
    with pytest.raises(SignedNoteError):
        enc_practice.save_session(session)
    with pytest.raises(SignedNoteError):
        enc_practice.save_draft(session.id, intention="changed")
    with pytest.raises(SignedNoteError):
        enc_practice.delete_draft(session.id)
    with pytest.raises(SignedNoteError):
        sign(enc_practice, session.id, "Someone else")
    # An addendum to a signed note is saved and becomes searchable.
    enc_practice.add_addendum(session.id, "quillwort correction", "Dr B")
    assert [h.session_id for h in enc_practice.search("quillwort")] == [session.id]
    again = enc_practice.get_session(session.id)
    assert [a.text for a in again.addenda] == ["first correction", "quillwort correction"]
    assert again.narrative == {"Subjective": "kept as signed"}


def test_trigger_message_becomes_signed_note_error(enc_practice):
    """Even when code skips the store's own check, the trigger's refusal is a SignedNoteError."""
    session = _signed_session(enc_practice)
    from kapnotes.store import sessions as store_sessions

    original = store_sessions.ensure_draft
    try:
        store_sessions.ensure_draft = lambda db, sid: None
        with pytest.raises(SignedNoteError, match="signed note is locked"):
            enc_practice.save_draft(session.id, intention="bypassed")
    finally:
        store_sessions.ensure_draft = original
    assert enc_practice.get_session(session.id).intention == "To rest"


def test_drafts_stay_editable(enc_practice):
    client = add_client(enc_practice)
    session = make_session(client, add_course(enc_practice, client))
    enc_practice.save_session(session)
    session.vitals = []
    enc_practice.save_session(session)
    enc_practice.save_draft(session.id, intention="new intention")
    enc_practice.delete_draft(session.id)
    assert enc_practice.list_sessions(client_id=client.id) == []


def test_a_draft_with_addenda_is_not_deleted(enc_practice):
    client = add_client(enc_practice)
    session = make_session(client, None)
    enc_practice.save_session(session)
    enc_practice.add_addendum(session.id, "an addendum on a draft", "Dr A")
    with pytest.raises(SignedNoteError, match="has addenda"):
        enc_practice.delete_draft(session.id)
    assert enc_practice.get_session(session.id).addenda
