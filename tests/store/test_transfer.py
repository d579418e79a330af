"""Bulk import into a practice: all or nothing, chart clashes refused, signed notes stay locked."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from kapnotes.domain.records import Administration, Client, Course, Session
from kapnotes.domain.settings import Clinician, PracticeSettings
from kapnotes.store import PracticeError, SignedNoteError
from kapnotes.store.transfer import ClientBundle, ImportConflict, insert_bundles, load_bundles

TABLES = ("clients", "courses", "sessions", "administrations", "audit_log", "search_index")


def _counts(practice) -> dict[str, int]:
    return {t: practice.count(t) for t in TABLES}


def _bundle(chart: str, signed: bool = True) -> ClientBundle:
    bundle = ClientBundle(Client(chart=chart, name=f"Client {chart}"), [Course(None)])
    session = Session(
        None,
        None,
        date(2025, 3, 1),
        intention="find the lighthouse",
        administrations=[Administration(None, "im", 50.0)],
        signed_at=datetime(2025, 3, 1, 12) if signed else None,
        signed_by="Ana",
    )
    bundle.add_session(session, 0)
    return bundle


def test_import_writes_everything_and_audits_it(practice):
    summary = insert_bundles(practice, [_bundle("A"), _bundle("B", signed=False)], detail="x.json")
    assert (summary.clients, summary.courses, summary.sessions) == (2, 2, 2)
    loaded = load_bundles(practice)
    assert [b.client.chart for b in loaded] == ["A", "B"]
    assert loaded[0].sessions[0].course_id == loaded[0].courses[0].id
    creates = practice.audit_entries(action="create")
    assert len(creates) == 4 and all(e.detail == "x.json" for e in creates)
    assert practice.verify_audit().ok
    assert [h.chart for h in practice.search("lighthouse")] in (["A", "B"], ["B", "A"])


def test_a_signed_note_stays_signed_and_locked(practice):
    insert_bundles(practice, [_bundle("A")])
    session = load_bundles(practice)[0].sessions[0]
    assert session.is_signed and session.signed_by == "Ana"
    with pytest.raises(SignedNoteError):
        practice.save_draft(session.id, intention="changed")


def test_a_chart_number_already_taken_imports_nothing(practice):
    insert_bundles(practice, [_bundle("A")])
    before = _counts(practice)
    with pytest.raises(ImportConflict, match=r"clients\[1\]: chart number A is already"):
        insert_bundles(practice, [_bundle("C"), _bundle("A")])
    assert _counts(practice) == before


def test_the_same_chart_twice_imports_nothing(practice):
    with pytest.raises(ImportConflict, match=r"clients\[1\] has the same chart number"):
        insert_bundles(practice, [_bundle("A"), _bundle("A")])
    assert practice.count("clients") == 0


def test_a_failure_half_way_rolls_everything_back(practice):
    insert_bundles(practice, [_bundle("A")])
    before = _counts(practice)
    broken = _bundle("Z")
    broken.sessions[0].administrations[0].route = None  # NOT NULL in the database
    with pytest.raises(PracticeError):
        insert_bundles(practice, [_bundle("B"), _bundle("C"), broken])
    assert _counts(practice) == before
    assert practice.verify_audit().ok


def test_settings_from_a_file_only_for_a_practice_without_settings(practice):
    theirs = PracticeSettings(practice_name="Theirs", clinicians=[Clinician("T")])
    insert_bundles(practice, [_bundle("A")], theirs)
    assert practice.settings().practice_name == "Theirs"
    ours = practice.settings()
    ours.practice_name = "Ours"
    practice.save_settings(ours)
    insert_bundles(practice, [_bundle("B")], theirs)
    assert practice.settings().practice_name == "Ours"


def test_ids_continue_after_existing_records(practice):
    client = Client(chart="OLD", name="Old")
    practice.save_client(client)
    insert_bundles(practice, [_bundle("NEW")])
    new = practice.find_client("NEW")
    assert new.id == client.id + 1
    assert load_bundles(practice, "NEW")[0].sessions[0].client_id == new.id
    assert load_bundles(practice, "nobody") == []
