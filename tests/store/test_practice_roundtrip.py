"""The store saves and loads whole sessions, clients and courses without loss."""

from __future__ import annotations

import os
import sqlite3
from datetime import date, datetime, time

import pytest

from kapnotes.domain.records import (
    Administration,
    AdverseEvent,
    Client,
    Course,
    Discharge,
    DosingDetails,
    EffectObservation,
    RemsDetails,
    ScaleScore,
    ScreeningItem,
    Session,
    ThemeTag,
    VitalSign,
    WeightEntry,
)
from kapnotes.domain.settings import Clinician, PracticeSettings
from kapnotes.store import RecordNotFound, SignedNoteError, open_practice


def make_client(practice, chart="C-001", name="Ada Ñúñez") -> Client:
    client = Client(
        chart=chart,
        name=name,
        dob=date(1980, 5, 17),
        pronouns="she/her",
        weights=[WeightEntry(80.0, date(2025, 1, 10)), WeightEntry(70.0, date(2026, 1, 10))],
        indication="trd",
        medications="lamotrigine 100 mg",
        screening=[
            ScreeningItem("hypertension", "yes", "on amlodipine"),
            ScreeningItem("psychosis"),
        ],
        consent_date=date(2026, 1, 5),
    )
    practice.save_client(client)
    return client


def full_session(client: Client, course: Course) -> Session:
    return Session(
        client_id=client.id,
        course_id=course.id,
        date=date(2026, 2, 3),
        start_time=time(9, 30),
        number=2,
        kind="dosing",
        setting="office",
        clinicians=["Dr Rivera", "N. Okafor RN"],
        intention="To meet the grief with kindness",
        template="soap",
        narrative={"Subjective": "Felt <calm> & open 🙂", "Plan": "Integration on Friday"},
        administrations=[
            Administration(time(9, 40), "im", 35.0, site="left deltoid", given_by="N. Okafor RN"),
            Administration(time(10, 5), "im", 14.0, site="right deltoid", note="booster"),
        ],
        vitals=[
            VitalSign(time(9, 35), 142, 91, 78, 98, phase="pre"),
            VitalSign(time(10, 20), 150, 92, 88, 96, sedation_score=4, phase="during"),
        ],
        effects=[EffectObservation("dissociation", 3, time(9, 50), "vast space")],
        adverse_events=[
            AdverseEvent("nausea", "moderate", time(10, 0), ["ondansetron"], "resolved", "settled")
        ],
        themes=[ThemeTag("grief", "mother's garden"), ThemeTag("inner_child")],
        scales=[ScaleScore("phq9", [1, 2, None, 1, 0, 1, 2, 1, 0]), ScaleScore("cadss", [], 31.0)],
        dosing=DosingDetails(
            lot_number="L-77",
            premedication="ondansetron 4 mg",
            onset_min=3,
            peak_min=15,
            baseline_min=55,
        ),  # fmt: skip
        discharge=Discharge(time(11, 45), {"alert_oriented": True}, "partner"),
        rems=RemsDetails(concomitant={"benzodiazepines": False}, ready_to_leave_min=90),
    )


def test_session_round_trip_keeps_every_field(tmp_path):
    path = tmp_path / "p.kapnotes"
    practice = open_practice(path, create=True)
    client = make_client(practice)
    course = Course(client.id, start_date=date(2026, 2, 1))
    practice.save_course(course)
    session = full_session(client, course)
    practice.save_session(session)
    practice.close()

    again = open_practice(path)
    loaded = again.get_session(session.id)
    assert loaded.updated_at is not None
    session.updated_at = loaded.updated_at
    assert loaded == session
    assert loaded.total_mg == 49.0
    assert loaded.mg_per_kg(again.get_client(client.id)) == 0.7  # 49 mg / 70 kg (2026 weight)
    again.close()


def test_saving_again_replaces_children_and_keeps_ids(practice):
    client = make_client(practice)
    course = Course(client.id)
    practice.save_course(course)
    session = full_session(client, course)
    practice.save_session(session)
    first_ids = [a.id for a in session.administrations]
    session.administrations.pop()
    session.vitals.append(VitalSign(time(11, 30), 128, 80, 72, 99, phase="post"))
    practice.save_session(session)
    loaded = practice.get_session(session.id)
    assert [a.id for a in loaded.administrations] == first_ids[:1]
    assert [v.phase for v in loaded.vitals] == ["pre", "during", "post"]


def test_client_weights_and_screening_round_trip(practice):
    client = make_client(practice)
    loaded = practice.get_client(client.id)
    assert loaded == client
    assert loaded.weight_on(date(2025, 6, 1)) == 80.0
    assert [s.item for s in loaded.screening_positives()] == ["hypertension"]
    assert practice.find_client("C-001").id == client.id
    assert practice.find_client("nope") is None


def test_archived_clients_are_hidden_unless_asked(practice):
    a = make_client(practice, "A", "Alma")
    make_client(practice, "B", "Bea")
    practice.archive_client(a.id)
    assert [c.chart for c in practice.list_clients()] == ["B"]
    assert [c.chart for c in practice.list_clients(include_archived=True)] == ["A", "B"]


def test_draft_save_updates_only_given_fields(practice):
    client = make_client(practice)
    course = Course(client.id)
    practice.save_course(course)
    session = full_session(client, course)
    practice.save_session(session)
    practice.save_draft(session.id, intention="new intention", narrative={"Note": "typed"})
    loaded = practice.get_session(session.id)
    assert loaded.intention == "new intention"
    assert loaded.narrative == {"Note": "typed"}
    assert len(loaded.administrations) == 2
    with pytest.raises(ValueError):
        practice.save_draft(session.id, signed_at="2026-01-01")


def test_signed_session_refuses_changes_but_takes_addenda(practice):
    client = make_client(practice)
    course = Course(client.id)
    practice.save_course(course)
    session = full_session(client, course)
    practice.save_session(session)
    when = practice.sign_session(session.id, "Dr Rivera", "MD", datetime(2026, 2, 3, 12, 0))
    assert when == datetime(2026, 2, 3, 12, 0)
    with pytest.raises(SignedNoteError):
        practice.save_draft(session.id, intention="changed")
    with pytest.raises(SignedNoteError):
        practice.save_session(session)
    with pytest.raises(SignedNoteError):
        practice.sign_session(session.id, "Someone")
    practice.add_addendum(session.id, "Correction: booster was 15 mg", "Dr Rivera, MD")
    loaded = practice.get_session(session.id)
    assert loaded.is_signed and loaded.signed_by == "Dr Rivera"
    assert loaded.intention == "To meet the grief with kindness"
    assert [a.text for a in loaded.addenda] == ["Correction: booster was 15 mg"]
    assert practice.search("booster")[0].session_id == session.id


def test_unknown_records_raise_record_not_found(practice):
    with pytest.raises(RecordNotFound):
        practice.get_session(999)
    with pytest.raises(RecordNotFound):
        practice.get_client(999)
    with pytest.raises(RecordNotFound):
        practice.save_draft(999, intention="x")


def test_list_sessions_and_last_dosing_session(practice):
    client = make_client(practice)
    course = Course(client.id)
    practice.save_course(course)
    prep = Session(client.id, course.id, date(2026, 1, 20), kind="preparation", number=1)
    practice.save_session(prep)
    dosing = full_session(client, course)
    practice.save_session(dosing)
    summaries = practice.list_sessions(course_id=course.id)
    assert [(s.kind, s.route, s.total_mg) for s in summaries] == [
        ("preparation", "", 0.0),
        ("dosing", "im", 49.0),
    ]
    assert practice.last_dosing_session(client.id).id == dosing.id
    assert practice.next_session_number(course.id) == 3
    assert len(practice.load_sessions(client_id=client.id)) == 2


def test_settings_round_trip_and_defaults(practice):
    assert practice.settings().vitals.pre_systolic_caution == 140
    settings = PracticeSettings(practice_name="Calm Harbour", clinicians=[Clinician("Dr R", "MD")])
    settings.dose_ranges["im"] = [0.2, 1.0]
    practice.save_settings(settings)
    loaded = practice.settings()
    assert loaded == settings
    assert loaded.dose_range("im") == (0.2, 1.0)
    assert loaded.dose_range("po") == (25.0, 400.0)


def test_practice_file_is_private_and_plain_sqlite_can_check_it(tmp_path):
    path = tmp_path / "p.kapnotes"
    open_practice(path, create=True).close()
    assert os.stat(path).st_mode & 0o777 == 0o600
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_durability_pragmas_are_set(practice):
    conn = practice.db.conn
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
