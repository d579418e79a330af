"""Times out of order are refused at entry and at import; REMS submissions are stored beside
a signed note; seals made before the new session fields still match."""

from __future__ import annotations

import json
from datetime import date, datetime, time

import pytest

from kapnotes.domain.records import Administration, Client, Discharge, Session, VitalSign
from kapnotes.export.json_format import FormatError, document, dumps, parse_document
from kapnotes.store import PracticeError
from kapnotes.store.transfer import ClientBundle, load_bundles


def _esketamine(practice, day=date(2026, 5, 1)) -> Session:
    client = practice.find_client("E-1")
    if client is None:
        client = Client(chart="E-1", name="Esme Kade", sex="female")
        practice.save_client(client)
    s = Session(client.id, None, day, start_time=time(9, 0))
    s.administrations = [Administration(time(9, 5), "in_esk", 56.0, "esketamine")]
    practice.save_session(s)
    return s


def test_an_addendum_dated_before_the_signature_is_refused(practice):
    s = _esketamine(practice)
    practice.sign_session(s.id, "Dr A", "MD", when=datetime(2026, 5, 1, 13, 0))
    with pytest.raises(PracticeError, match="cannot precede the signature"):
        practice.add_addendum(s.id, "late", "Dr A", when=datetime(2026, 5, 1, 12, 0))
    assert practice.add_addendum(s.id, "ok", "Dr A", when=datetime(2026, 5, 2, 9, 0)).id


def _doc(session: Session) -> dict:
    bundle = ClientBundle(Client(chart="X-1", name="Xan"), [], [session], [None])
    return json.loads(dumps(document([bundle])))


def test_import_refuses_vitals_after_discharge_and_addenda_before_signing():
    s = Session(None, None, date(2026, 5, 1), discharge=Discharge(time(11, 0)))
    s.vitals = [VitalSign(time(11, 30), 120, 80)]
    with pytest.raises(FormatError, match=r"sessions\[0\]\.vitals\[0\]\.time: 11:30 is after discharge"):  # fmt: skip
        parse_document(_doc(s))
    data = _doc(Session(None, None, date(2026, 5, 1)))
    data["clients"][0]["sessions"][0]["signed_at"] = "2026-05-01T13:00:00"
    data["clients"][0]["sessions"][0]["addenda"] = [
        {"text": "x", "author": "A", "time": "2026-05-01T12:00:00"}
    ]
    with pytest.raises(FormatError, match=r"addenda\[0\]\.time: is before the signature"):
        parse_document(data)


def test_rems_submissions_are_recorded_after_signing_and_listed_by_the_clock(practice):
    due = _esketamine(practice, date(2026, 5, 1))
    late = _esketamine(practice, date(2026, 4, 1))
    practice.sign_session(due.id, "Dr A", "MD")
    today = date(2026, 5, 3)
    forms = practice.rems_forms(today)
    assert [(f.session.id, f.status.state, f.status.due) for f in forms] == [
        (late.id, "overdue", date(2026, 4, 8)),
        (due.id, "due", date(2026, 5, 8)),
    ]
    with pytest.raises(PracticeError, match="method"):
        practice.record_rems_submission(due.id, today, "email", "X", today=today)
    with pytest.raises(PracticeError, match="future"):
        practice.record_rems_submission(due.id, date(2026, 5, 4), "fax", "X", today=today)
    practice.record_rems_submission(due.id, today, "online", " RX-99 ", today=today)
    [submitted] = practice.get_session(due.id).rems_submissions
    assert (submitted.submitted_on, submitted.method, submitted.confirmation) == (today, "online", "RX-99")  # fmt: skip
    assert [f.session.id for f in practice.rems_forms(today, pending_only=True)] == [late.id]
    assert any(e.action == "rems_submission" for e in practice.audit_entries(session_id=due.id))
    assert practice.integrity_problems() == []  # the seal still matches: submissions are apart
    # They travel with the JSON export.
    exported = json.loads(dumps(document(load_bundles(practice))))
    assert exported["clients"][0]["sessions"][1]["rems_submissions"][0]["confirmation"] == "RX-99"
    assert exported["clients"][0]["sex"] == "female"
