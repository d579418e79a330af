"""The de-identified CSV against a hostile review: other clients' names, the intake's contacts,
"released to", every typed column scrubbed, cities, ids that would re-link the files, and the
same redaction in the de-identified PDFs."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from datetime import date

import pypdf
import pytest

from kapnotes.domain.records import AdverseEvent, Client, Session
from kapnotes.export.csv_export import file_names
from kapnotes.export.jobs import ExportRequest, run_export
from kapnotes.export.json_format import parse_document
from kapnotes.export.session_pdf import session_pdf_from_practice
from kapnotes.store import memory_practice
from kapnotes.store.transfer import insert_bundles

PLANT = "Zoë"  # the client's own first name, planted in every typed field
ZOE = "Zoë O'Brien-Ñúñez"
# From the review's inputs (/tmp/hostile16-tools/hostile.json, h2.json), built in code.
ZOE_TEXT = (
    "her friend Bob Smith (another client) came; Smith called. Lena's wife Marta Quill drove. "
    "lives at 12 Elm Street, Springfield MA 02139"
)


def _session(**extra) -> dict:
    s = {
        "course": 0, "date": "2026-03-04", "kind": "dosing", "start_time": "10:00",
        "clinicians": ["Sofía Ramírez"], "intention": ZOE_TEXT, "template": "soap",
        "narrative": {"Objective": ZOE_TEXT},
        "administrations": [{"time": "10:00", "route": "im", "mg": 50, "lot": "KT-1",
                             "given_by": "Sofía Ramírez"}],
        "adverse_events": [{"description": "nausea", "severity": "mild",
                            "interventions": ["grounding", "Zoë held hand", "Marta Quill sat"]}],
        "themes": [{"theme": "grief", "note": ZOE_TEXT}],
        "effects": [{"effect": "dissociation", "intensity": 1, "note": ZOE_TEXT}],
        "vitals": [{"time": "10:00", "systolic": 120, "phase": "pre", "note": ZOE_TEXT}],
        "discharge": {"time": "12:00", "released_to": "Marta Quill (wife)", "note": ZOE_TEXT},
    }  # fmt: skip
    s.update(extra)
    return s


def _document() -> dict:
    return {
        "format": "kapnotes", "version": 1,
        "clients": [
            {"chart": "HX-0001", "name": ZOE, "dob": "1980-02-03",
             "intake": {"responsible_adult": "Marta Quill (wife)",
                        "emergency_contact": "Ana Pike, 555-0100", "items": []},
             "courses": [{"purpose": "induction", "start_date": "2026-03-01", "title": "x"}],
             "screening": [{"item": "pregnancy", "answer": "yes", "note": ZOE_TEXT}],
             "medications": ZOE_TEXT, "notes": ZOE_TEXT, "pronouns": "she/her",
             "sessions": [_session(signed_at="2026-03-04T12:00:00", signed_by="Sofía Ramírez",
                                   addenda=[{"text": ZOE_TEXT, "author": "Sofía Ramírez",
                                             "time": "2026-03-05T08:00:00"}]),
                          _session(date="2026-03-06", start_time="09:00")]},
            {"chart": "HX-0002", "name": "Bob Smith", "dob": "2000-01-01", "courses": [],
             "sessions": [{"course": None, "date": "2026-03-05", "kind": "integration",
                           "narrative": {"Note": "Bob talked about Zoë O'Brien-Ñúñez."}}]},
        ],
    }  # fmt: skip


@pytest.fixture
def hostile():
    p = memory_practice()
    bundles, settings = parse_document(json.loads(json.dumps(_document())))
    insert_bundles(p, bundles, settings)
    yield p
    p.close()


def _tables(folder) -> dict[str, list[dict]]:
    out = {}
    for name in file_names():
        text = (folder / name).read_text(encoding="utf-8-sig")
        out[name[:-4]] = list(csv.DictReader(io.StringIO(text, newline="")))
    return out


def _export(practice, tmp_path, name="deid", **kw) -> dict[str, list[dict]]:
    folder = tmp_path / name
    folder.mkdir()
    run_export(practice, ExportRequest("csv", folder, deidentified=True, **kw))
    return _tables(folder)


def _cells(tables) -> list[tuple[str, str, str]]:
    return [(t, col, v) for t, rows in tables.items() for r in rows for col, v in r.items()]


def test_no_other_name_survives_in_the_deidentified_csv(hostile, tmp_path):
    tables = _export(hostile, tmp_path, chart="HX-0001")
    leaks = [
        (t, col, v) for t, col, v in _cells(tables)
        for who in ("Bob", "Smith", "Marta", "Quill", "Ana Pike", "Zoë", "Springfield")
        if who in v
    ]  # fmt: skip
    assert leaks == []
    session = tables["sessions"][0]
    assert session["released_to"] == "[name] (wife)"
    assert "friend [name] (another client) came; [name] called" in session["narrative"]
    assert "[address], [city] MA [ZIP]" in session["narrative"]
    (ae, _) = tables["adverse_events"]
    assert ae["interventions"] == "grounding; [client] held hand; [name] sat"


def test_every_typed_column_of_every_table_is_scrubbed(tmp_path):
    """Every str field of a client and of each session record holds the client's name,
    except the codes checked against a vocabulary and the clinicians' names (Safe Harbor
    concerns the client's identifiers); a new typed field that skips the scrubber fails."""
    kept = {"chart", "name", "kind", "setting", "route", "medication", "given_by", "signed_by",
            "signed_credentials", "author", "clinicians", "severity", "phase", "sedation_scale",
            "scale", "purpose", "status", "sex", "answer", "monitoring_clinician",
            "intake", "eligibility", "consents", "rems_submissions"}  # fmt: skip

    def plant(record) -> None:
        for f in dataclasses.fields(record):
            value = getattr(record, f.name)
            if f.name in kept:
                continue
            if isinstance(value, str):
                setattr(record, f.name, f"{PLANT} {f.name}")
            elif isinstance(value, list) and value and all(isinstance(x, str) for x in value):
                setattr(record, f.name, [f"{PLANT} {f.name}"])
            elif isinstance(value, dict) and f.name == "narrative":
                setattr(record, f.name, {"Note": f"{PLANT} narrative"})
            elif dataclasses.is_dataclass(value):
                plant(value)
            elif isinstance(value, list):
                for item in value:
                    if dataclasses.is_dataclass(item):
                        plant(item)

    p = memory_practice()
    bundles, settings = parse_document(json.loads(json.dumps(_document())))
    zoe = bundles[0]
    plant(zoe.client)
    for course in zoe.courses:
        plant(course)
    for s in zoe.sessions:
        s.adverse_events.append(AdverseEvent("own", "mild"))
        plant(s)
    insert_bundles(p, bundles[:1], settings)
    tables = _export(p, tmp_path)
    planted = [(t, col, v) for t, col, v in _cells(tables) if "zoë" in v.casefold() or "zoe" in v.casefold()]  # fmt: skip
    assert planted == []
    # The walk reached the typed columns (they read [client] now, not empty).
    assert tables["adverse_events"][0]["interventions"] == "[client] interventions"
    assert tables["administrations"][0]["lot"] == "[client] lot"
    assert tables["clients"][0]["pronouns"] == "[client] pronouns"
    assert tables["addenda"][0]["text"] == "[client] text"
    p.close()


def test_row_ids_are_this_exports_own_and_still_join(hostile, tmp_path):
    for n in range(3):  # more clients and sessions: ids of both kinds run past 1, 2, …
        c = Client(chart=f"MORE-{n}", name="More Client")
        hostile.save_client(c)
        hostile.save_session(Session(c.id, None, date(2026, 1, 1)))
    plain = _tables_of(hostile, tmp_path, "plain", deidentified=False)
    deid = _export(hostile, tmp_path)
    assert [r["client_id"] for r in deid["clients"]] == [str(i) for i in range(1, 6)]
    assert [r["session_id"] for r in deid["sessions"]] == [str(i) for i in range(1, 7)]
    # Bob alone: client 2 and session 3 in the database (and the identified export), 1 and 1 here.
    assert [(r["client_id"], r["session_id"]) for r in plain["sessions"]][2] == ("2", "3")
    bob = _export(hostile, tmp_path, "bob", chart="HX-0002")
    assert [(r["client_id"], r["session_id"]) for r in bob["sessions"]] == [("1", "1")]
    assert [r["client_id"] for r in bob["clients"]] == ["1"]
    sessions = {r["session_id"]: r for r in deid["sessions"]}
    clients = {r["client_id"] for r in deid["clients"]}
    for table in ("administrations", "adverse_events", "themes"):
        for r in deid[table]:
            assert sessions[r["session_id"]]["client_id"] == r["client_id"] in clients
    assert {r["course_id"] for r in deid["sessions"] if r["course_id"]} == {
        r["course_id"] for r in deid["courses"]
    }


def _tables_of(practice, tmp_path, name, deidentified):
    folder = tmp_path / name
    folder.mkdir()
    run_export(practice, ExportRequest("csv", folder, deidentified=deidentified))
    return _tables(folder)


def test_the_deidentified_pdf_removes_the_same_names(hostile, tmp_path):
    client = hostile.find_client("HX-0001")
    first = hostile.load_sessions(client_id=client.id)[0]
    result = session_pdf_from_practice(hostile, first.id, tmp_path / "a.pdf", deidentified=True)
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(str(result.path)).pages)
    text = " ".join(text.split())
    for who in ("Bob", "Smith", "Marta", "Quill", "Springfield", "Zoë held hand"):
        assert who not in text, who
    assert "[client] held hand" in text
    assert "[name] (wife)" in text
    assert "Pregnancy or breastfeeding — her friend [name]" in text  # the screening note too
