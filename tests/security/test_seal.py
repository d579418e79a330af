"""A signed note changed behind the triggers' back (they were dropped) fails verification."""

from __future__ import annotations

import pytest
from sec_helpers import PASSPHRASE, add_client, add_course, make_session, raw_connection, sign

from kapnotes.store import open_practice
from kapnotes.store.schema import CHILD_TABLES

TAMPER = {
    "narrative": 'UPDATE sessions SET narrative = \'{"Subjective": "rewritten"}\' WHERE id = :id',
    "unsigned": "UPDATE sessions SET signed_at = NULL WHERE id = :id",
    "signer": "UPDATE sessions SET signed_by = 'Someone Else' WHERE id = :id",
    "vitals": "UPDATE vitals SET systolic = 190 WHERE session_id = :id",
    "dose": "DELETE FROM administrations WHERE session_id = :id",
    "deleted": "DELETE FROM sessions WHERE id = :id",
}


@pytest.fixture
def sealed(tmp_path):
    """(path, signed session id, sign entry id) of an encrypted practice."""
    path = tmp_path / "p.kapnotes"
    with open_practice(path, PASSPHRASE, create=True) as p:
        client = add_client(p)
        course = add_course(p, client)
        session = make_session(client, course, text="as signed")
        p.save_session(session)
        sign(p, session.id, "Dr A", "MD")
        p.add_addendum(session.id, "a later correction", "Dr A")
        entry = p.audit_entries(action="sign")[0]
        assert "content sha256:" in entry.detail
        assert p.verify_audit().ok, "an addendum after signing does not break the seal"
    return path, session.id, entry.id


def _drop_triggers(conn) -> None:
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")]
    for name in names:
        conn.execute(f"DROP TRIGGER [{name}]")


@pytest.mark.parametrize("how", sorted(TAMPER))
def test_a_change_with_the_triggers_dropped_is_detected(sealed, how):
    path, sid, entry_id = sealed
    conn = raw_connection(path, PASSPHRASE)
    try:
        _drop_triggers(conn)
        conn.execute(TAMPER[how], {"id": sid})
        conn.commit()
    finally:
        conn.close()
    with open_practice(path, PASSPHRASE) as p:
        check = p.verify_audit()
    assert not check.ok
    assert check.first_broken_id == entry_id
    assert f"signed session {sid} was changed after it was signed" in check.message


def test_untouched_notes_and_other_drafts_keep_verifying(sealed):
    path, sid, _entry = sealed
    with open_practice(path, PASSPHRASE) as p:
        client = p.list_clients()[0]
        draft = make_session(client, None, text="a draft")
        p.save_session(draft)
        draft.intention = "edited"
        p.save_session(draft)
        assert p.verify_audit().ok
        for table in CHILD_TABLES:
            assert p.count(table)
