"""Verifiable signatures and tamper evidence that does not certify itself: an insider holding
the database key can rewrite the file, but not make another user's signature verify."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sec_helpers import PASSPHRASE, add_client, add_course, make_session, raw_connection

from kapnotes.domain.records import WeightEntry
from kapnotes.domain.signatures import AWAITING_COSIGN, SIGNED, awaits_cosign, client_as_signed
from kapnotes.domain.users import Role
from kapnotes.export.session_pdf import export_session_pdf
from kapnotes.store import (
    AccountError,
    ReadOnlyUser,
    WrongPassphrase,
    anchor,
    keyslots,
    open_practice,
)
from kapnotes.store.audit import entry_hash
from kapnotes.store.seal import seal, seal_detail

TESS = "therapist passphrase"


def _pdf_text(path) -> str:
    import subprocess

    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout


@pytest.fixture
def signed(tmp_path):
    """(path, session id) of a practice whose note the admin signed and Tess added to."""
    path = tmp_path / "p.kapnotes"
    with open_practice(path, PASSPHRASE, create=True, user="Dr A") as p:
        p.update_user("Dr A", credentials="MD")
        p.add_user("Tess", Role.THERAPIST, TESS, credentials="LCSW", temporary=False)
        client = add_client(p)
        session = make_session(client, add_course(p, client), text="as signed")
        p.save_session(session)
        p.sign_session(session.id, passphrase=PASSPHRASE)
    with open_practice(path, TESS, user="Tess") as p:
        p.add_addendum(session.id, "a later correction")
        assert p.verify_audit().ok and p.protection_problems() == []
    return path, session.id


def test_signing_needs_the_signers_passphrase_and_signs_what_prints(signed, tmp_path):
    path, sid = signed
    with open_practice(path, PASSPHRASE) as p:
        note = p.get_session(sid)
        sign, addendum = note.signatures
        assert (sign.kind, sign.name, sign.credentials) == (SIGNED, "Dr A", "MD")
        assert sign.fingerprint == p.user.fingerprint
        assert sign.line("3 Feb 2026 10:00").startswith("Electronically signed by Dr A, MD, at")
        assert (addendum.kind, addendum.name) == ("addendum", "Tess")
        assert sign.payload["client"]["name"] == "Robin Vale"
        assert sign.payload["client"]["weight"] == {"kg": 70.0, "measured_on": "2026-01-01"}
        draft = make_session(p.get_client(note.client_id), None)
        p.save_session(draft)
        with pytest.raises(WrongPassphrase):
            p.sign_session(draft.id, passphrase="not my passphrase")
        with pytest.raises(WrongPassphrase):
            p.sign_session(draft.id)
        with pytest.raises(AccountError, match="switch user"):
            p.sign_session(draft.id, "Tess", passphrase=TESS)
        assert not p.get_session(draft.id).is_signed


def test_a_later_name_or_weight_never_changes_the_signed_note(signed):
    path, sid = signed
    with open_practice(path, PASSPHRASE) as p:
        note = p.get_session(sid)
        client = p.get_client(note.client_id)
        before = note.mg_per_kg(client_as_signed(client, note))
        client.name = "A New Name"
        client.weights.append(WeightEntry(50.0, date(2025, 12, 1)))  # older, and now nearer
        client.weights.append(WeightEntry(90.0, date(2026, 2, 1)))
        p.save_client(client)
        changed = p.get_client(note.client_id)
        as_signed = client_as_signed(changed, note)
        assert note.mg_per_kg(changed) != before
        assert (as_signed.name, note.mg_per_kg(as_signed)) == ("Robin Vale", before)
        assert p.protection_problems() == []
        pdf = path.with_name("signed.pdf")
        export_session_pdf(note, changed, pdf, settings=p.settings())
        text = _pdf_text(pdf)
        assert "Robin Vale" in text and "A New Name" not in text
        assert "70 kg" in text and "90 kg" not in text


def test_a_read_only_user_cannot_sign(signed):
    path, sid = signed
    with open_practice(path, PASSPHRASE) as p:
        p.add_user("Reader", Role.READ_ONLY, "reader passphrase", temporary=False)
        client_id = p.get_session(sid).client_id
        draft = make_session(p.get_client(client_id), None)
        p.save_session(draft)
    with (
        open_practice(path, "reader passphrase", user="Reader") as p,
        pytest.raises(ReadOnlyUser),
    ):
        p.sign_session(draft.id, passphrase="reader passphrase")


def test_cosign_is_for_a_prescriber_on_a_signed_note(tmp_path):
    path = tmp_path / "c.kapnotes"
    with open_practice(path, PASSPHRASE, create=True, user="Dr A") as p:
        p.add_user("Tess", Role.THERAPIST, TESS, temporary=False)
        client = add_client(p)
        note = make_session(client, None)
        p.save_session(note)
    with open_practice(path, TESS, user="Tess") as p:
        p.sign_session(note.id, passphrase=TESS)
        with pytest.raises(AccountError, match="not a prescriber"):
            p.cosign_session(note.id, TESS)
    with open_practice(path, PASSPHRASE) as p:
        settings = p.settings()
        settings.require_cosign = True
        p.save_settings(settings)
        waiting = p.get_session(note.id)
        assert awaits_cosign(waiting, True) and not awaits_cosign(waiting, False)
        pdf = tmp_path / "waiting.pdf"
        export_session_pdf(waiting, p.get_client(waiting.client_id), pdf, settings=settings)
        assert AWAITING_COSIGN[:30] in _pdf_text(pdf)
        p.cosign_session(note.id, PASSPHRASE)
        assert not awaits_cosign(p.get_session(note.id), True)
        assert [s.kind for s in p.get_session(note.id).signatures] == ["sign", "cosign"]
        assert p.protection_problems() == [] and p.verify_audit().ok


def _db_key(path):
    slots = keyslots.load(path)
    slot = slots.slots["Dr A"]
    return slot.db_key_candidates(slot.unlock(PASSPHRASE))[0]


def _rehash_chain(conn) -> None:
    """What an insider does after an edit: recompute every hash so the chain links again."""
    rows = conn.execute(
        "SELECT id, time, actor, action, client_id, session_id, record, fields, detail "
        "FROM audit_log ORDER BY id"
    ).fetchall()
    prev = "0" * 64
    for values in rows:
        digest = entry_hash(prev, tuple(values))
        conn.execute(
            "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", [prev, digest, values[0]]
        )
        prev = digest


def _insider(path, *statements, rehash=True):
    conn = raw_connection(path, PASSPHRASE)
    try:
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"):
            conn.execute(f"DROP TRIGGER [{name}]")
        for sql in statements:
            conn.execute(sql)
        if rehash:
            _rehash_chain(conn)
    finally:
        conn.close()


def test_a_note_rewritten_with_its_hashes_recomputed_is_reported_by_check(signed):
    path, sid = signed
    _insider(
        path, f'UPDATE sessions SET narrative = \'{{"Subjective": "rewritten"}}\' WHERE id = {sid}'
    )
    conn = raw_connection(path, PASSPHRASE)  # the seal recomputed too
    from sqlite_utils import Database

    db = Database(conn)
    entry = conn.execute("SELECT id, detail FROM audit_log WHERE action = 'sign'").fetchone()
    conn.execute(
        "UPDATE audit_log SET detail = ? WHERE id = ?",
        [seal_detail("Dr A", seal(db, sid)), entry[0]],
    )
    _rehash_chain(conn)
    conn.close()
    with open_practice(path, PASSPHRASE) as p:
        problems = p.protection_problems()
        check = p.verify_audit()
    assert any(f"session {sid}: the note was changed after it was signed" in x for x in problems)
    assert not check.ok and "signature does not verify" in check.message


def test_a_rewritten_entry_fails_its_signature_naming_it(signed):
    path, _sid = signed
    _insider(path, "UPDATE audit_log SET actor = 'Tess' WHERE id = 3")
    with open_practice(path, PASSPHRASE) as p:
        check = p.verify_audit()
    assert (check.ok, check.first_broken_id) == (False, 3)
    assert "entry 3" in check.message


def test_a_cut_audit_tail_is_reported_by_the_anchor(signed):
    path, _sid = signed
    with open_practice(path, PASSPHRASE) as p:
        last = p.audit_entries(limit=1)[0].id
    _insider(path, f"DELETE FROM audit_log WHERE id >= {last - 1}", rehash=False)
    with open_practice(path, PASSPHRASE) as p:
        check = p.verify_audit()
    assert not check.ok and "cut off" in check.message and check.first_broken_id == last - 1


def test_a_missing_anchor_fails(signed):
    path, _sid = signed
    slots = keyslots.load(path)
    slots.anchor = None
    keyslots.save(path, slots)
    conn = raw_connection(path, PASSPHRASE)
    conn.close()
    p = open_practice(path, PASSPHRASE)
    try:
        p._anchor_pending = False
        slots = keyslots.load(path)
        slots.anchor = None
        keyslots.save(path, slots)
        anchor.anchor_path(path).unlink()
        check = p.verify_audit()
    finally:
        p.close()
    assert not check.ok and "anchor" in check.message


def test_a_dropped_trigger_a_changed_addendum_and_a_dangling_row_are_named(signed):
    path, sid = signed
    _insider(
        path,
        f"UPDATE addenda SET text = 'changed' WHERE session_id = {sid}",
        "INSERT INTO weights (client_id, kg, measured_on) VALUES (999, 60, '2026-01-01')",
        rehash=False,
    )
    conn = raw_connection(path, PASSPHRASE)
    # Put back every trigger but one, as an insider covering tracks would.
    from kapnotes.store.schema import expected_triggers

    for name, sql in expected_triggers().items():
        if name != "addenda_no_update":
            conn.execute(sql)
    conn.close()
    with open_practice(path, PASSPHRASE) as p:
        problems = p.protection_problems()
    assert "protective trigger addenda_no_update is missing" in problems
    assert any("was changed after it was signed" in x and "addendum" in x for x in problems)
    assert any(x.startswith("weights row") and "missing clients" in x for x in problems)


def test_an_imported_signed_note_is_signed_elsewhere(tmp_path):
    from kapnotes.export.json_format import document, dumps, parse_document
    from kapnotes.store.transfer import insert_bundles, load_bundles

    source = tmp_path / "a.kapnotes"
    with open_practice(source, create=True) as p:
        client = add_client(p)
        note = make_session(client, None)
        p.save_session(note)
        p.sign_session(note.id, "Dr. Somebody", "MD")
        text = dumps(document(load_bundles(p)))
    bundles, _settings = parse_document(json.loads(text))
    with open_practice(tmp_path / "b.kapnotes", PASSPHRASE, create=True, user="Dr A") as p:
        insert_bundles(p, bundles)
        (imported,) = p.load_sessions()
        (mark,) = imported.signatures
        assert mark.kind == "imported" and not mark.verifiable
        assert mark.line("x").startswith("Signed elsewhere: not verifiable here")
        assert p.protection_problems() == [] and p.verify_audit().ok
