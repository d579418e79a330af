"""m008_ledger: a draft's lot number moves onto its administrations; signed notes keep theirs
where they were signed, and still verify."""

from __future__ import annotations

from datetime import date, time

from sqlite_utils import Database

from kapnotes.domain.records import Administration, DosingDetails, Session
from kapnotes.store import sessions
from kapnotes.store.schema import migrations, upgrade
from kapnotes.store.seal import broken_seal, seal


def _old_session(db, client_id, lot, signed):
    s = Session(
        client_id=client_id, course_id=None, date=date(2026, 2, 3),
        administrations=[Administration(time(9, 40), "im", 35.0),
                         Administration(time(9, 55), "im", 15.0)],
        dosing=DosingDetails(lot_number=lot),
    )  # fmt: skip
    sid = sessions.save_session(db, s)
    if signed:
        sessions.sign_session(db, sid, "Dr A", "MD", None)
    return sid


def test_the_lot_moves_onto_a_drafts_administrations_and_signed_notes_keep_theirs(monkeypatch):
    db = Database(memory=True)
    migrations.apply(db, stop_before="m008_ledger")
    # Save with the columns that existed before the migration.
    from kapnotes.store import rows

    spec = rows.CHILD_SPECS["administrations"]
    monkeypatch.setitem(rows.CHILD_SPECS, "administrations", (spec[0], spec[1], spec[2][:-1]))
    db.execute(
        "INSERT INTO clients (chart, name, created_at, updated_at) VALUES ('C-1', 'R', 'x', 'x')"
    )
    draft = _old_session(db, 1, "KT123", signed=False)
    signed = _old_session(db, 1, "KT999", signed=True)
    sealed = seal(db, signed)
    monkeypatch.setitem(rows.CHILD_SPECS, "administrations", spec)
    assert upgrade(db) == ["m008_ledger"]
    moved = sessions.get_session(db, draft)
    assert [a.lot for a in moved.administrations] == ["KT123", "KT123"]
    assert moved.dosing.lot_number == ""
    kept = sessions.get_session(db, signed)
    assert [a.lot for a in kept.administrations] == ["", ""]
    assert kept.dosing.lot_number == "KT999"
    assert seal(db, signed) == sealed  # the signed content reads exactly as it was signed
    assert broken_seal(db) is None
