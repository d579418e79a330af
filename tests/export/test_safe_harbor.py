"""HIPAA Safe Harbor: a client whose record holds every identifier, in several spellings, is
imported from JSON and exported de-identified; none of the identifiers is left in the PDFs'
text or metadata, and each document says what was removed."""

from __future__ import annotations

import json
import re
from datetime import date

import pypdf
import pytest

from kapnotes.export.json_format import parse_document
from kapnotes.export.rems_pdf import rems_pdf_from_practice
from kapnotes.export.session_pdf import session_pdf_from_practice
from kapnotes.services import ServiceContext, documents
from kapnotes.store import memory_practice
from kapnotes.store.transfer import insert_bundles

NARRATIVE = (
    "josé said Jose's mother Marisol Vega-Ruiz (JOSÉ's mom) called from 617-555-0134 and "
    "(617) 555 0199; also +44 20 7946 0958. Email jose.obrien@example.com, blog "
    "https://joseobrien.example.org/me and www.obrien-family.net. SSN 123-45-6789. "
    "Lives at 42 Maple Street Apt 3B, Springfield, MA 01101 (ZIP 01101). Works at Acme "
    "Widgets. MRN: 88231947, record # A-55310, health plan ID HP-7781234. Home router "
    "192.168.14.22. Born 3/14/1931; seen March 5, 2026, 05.03.2026 and 2026-03-05. "
    "O'Brien felt calm. Núñez family history. obrien later. He is a 94-year-old, age 94."
)
IDENTIFIERS = [
    "José", "josé", "Jose", "JOSE", "O'Brien", "OBrien", "Brien", "Núñez", "Nunez",
    "Marisol", "Vega", "Ruiz", "Acme", "617", "555-0134", "555 0199", "7946", "jose.obrien",
    "example.com", "joseobrien", "obrien-family", "123-45-6789", "Maple", "Springfield", "01101",
    "88231947", "A-55310", "7781234", "192.168", "1931", "March 5", "05.03", "2026-03-05",
    "3/14", "94", "KAP-7777", "03-05", "2026-03-1", "2025-06-02",
]  # fmt: skip


def _document() -> dict:
    session = {
        "date": "2026-03-05",
        "kind": "dosing",
        "start_time": "09:00",
        "intention": "José wants to face O'Brien family grief",
        "narrative": {"Note": NARRATIVE},
        "administrations": [
            {"time": "09:10", "route": "in_esk", "mg": 56, "medication": "esketamine"}
        ],  # fmt: skip
        "vitals": [{"time": "09:00", "systolic": 128, "diastolic": 80, "phase": "pre"}],
        "themes": [{"theme": "grief", "note": "Jose's father at 42 Maple Street"}],
        "addenda": [
            {
                "text": "José called 617-555-0134 on 2026-03-07",
                "author": "Dr A",
                "time": "2026-03-07T10:00:00",
            }
        ],  # fmt: skip
        "signed_at": "2026-03-05T13:00:00",
        "signed_by": "Dr A",
        "discharge": {"time": "12:00", "released_to": "Marisol Vega-Ruiz, 617-555-0134"},
    }
    later = dict(session, date="2026-03-19", signed_at=None, addenda=[], intention="obrien ok")
    return {
        "format": "kapnotes",
        "version": 1,
        "clients": [
            {
                "chart": "KAP-7777",
                "name": "José O'Brien-Núñez",
                "dob": "1931-03-14",
                "sex": "male",
                "medications": "phenelzine; Marisol brings them",
                "redact_names": "Marisol Vega-Ruiz\nAcme Widgets; Springfield",
                # Weighed long before: the stale-weight check names this date (scrubbed).
                "weights": [{"kg": 70, "measured_on": "2025-06-02"}],
                "courses": [
                    {
                        "purpose": "induction",
                        "title": "José's spring series",
                        "start_date": "2026-03-01",
                    }
                ],  # fmt: skip
                "sessions": [dict(session, course=0), dict(later, course=0)],
            }
        ],
    }


@pytest.fixture
def practice():
    p = memory_practice()
    bundles, settings = parse_document(json.loads(json.dumps(_document())))
    insert_bundles(p, bundles, settings)
    yield p
    p.close()


def _everything(path) -> tuple[str, str]:
    reader = pypdf.PdfReader(str(path))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # Title, author, subject, keywords, creator (the creation stamp is the print time).
    info = reader.metadata or {}
    meta = " ".join(str(info.get(k, "")) for k in ("/Title", "/Author", "/Subject", "/Keywords", "/Creator"))  # fmt: skip
    return text, meta


def _leaks(text: str) -> list[str]:
    found = [i for i in IDENTIFIERS if i.casefold() in text.casefold()]
    # Every date element is gone: no ISO dates, no day/month forms (years alone may stay).
    found += re.findall(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b", text)
    return found


def test_no_identifier_survives_in_any_deidentified_pdf(practice, tmp_path):
    client = practice.find_client("KAP-7777")
    first, second = practice.load_sessions(client_id=client.id)
    outputs = {
        "note": session_pdf_from_practice(
            practice, first.id, tmp_path / "a.pdf", deidentified=True
        ),  # fmt: skip
        "course": documents.export_course_pdf(
            ServiceContext(practice),
            client.id,
            first.course_id,
            tmp_path / "b.pdf",
            deidentified=True,
        ),  # fmt: skip
        "rems": rems_pdf_from_practice(practice, first.id, tmp_path / "c.pdf", deidentified=True),
    }
    codes = set()
    for name, result in outputs.items():
        text, meta = _everything(result.path)
        assert _leaks(text) == [], name
        assert _leaks(meta) == [], name
        assert result.study_code in text and result.study_code in meta
        codes.add(result.study_code)
        # The session is 4 days after the course start (the REMS record counts from the
        # first esketamine treatment, which this session is).
        assert ("Day 0" if name == "rems" else "Day 4") in text
        assert "90 or older" in text
        if name != "rems":
            assert "read it before sharing" in text.replace("\n", " ")
    assert len(codes) == 3  # a new study code per export


def test_the_identified_pdf_still_prints_what_was_typed(practice, tmp_path):
    client = practice.find_client("KAP-7777")
    first = practice.load_sessions(client_id=client.id)[0]
    text, _ = _everything(session_pdf_from_practice(practice, first.id, tmp_path / "a.pdf").path)
    assert "José" in text and "KAP-7777" in text and "2026-03-05" in text
    assert first.date == date(2026, 3, 5)


def test_a_city_before_a_state_goes_and_the_state_stays():
    from kapnotes.export.scrub import Scrubber

    scrub = Scrubber("Nobody Here")
    cases = {
        "lives at 12 Elm Street, Springfield MA 02139": "lives at [address], [city] MA [ZIP]",
        "moved from Springfield, MA last year": "moved from [city], MA last year",
        "grew up in St. Louis, Missouri": "grew up in [city], Missouri",
        "drove from Salt Lake City UT": "drove from [city] UT",
        "visits New York NY often": "visits [city] NY often",
        # MD, MA, OK…: credentials and words, a city before them only with a comma or a ZIP.
        "Dr Jane Smith MD said it was OK": "Dr Jane Smith MD said it was OK",
    }
    for text, expected in cases.items():
        assert scrub(text) == expected, text


def test_contact_fields_give_names_and_released_to_keeps_the_relation_only():
    from kapnotes.export.deid_names import contact_names, deidentify_released_to
    from kapnotes.export.scrub import Scrubber

    assert contact_names("Marta Quill (wife), 555-0100") == ["Marta Quill"]
    assert contact_names("her husband Tom and Ana Pike") == ["Tom", "Ana Pike"]
    scrub = Scrubber("Lena Vogt", ["Marta Quill"])
    assert deidentify_released_to("Marta Quill (wife)", scrub) == "[name] (wife)"
    # A name the record lists nowhere, typed in lower case, does not survive either.
    assert deidentify_released_to("jo blunt, friend, taxi", scrub) == "[name], friend, taxi"
    assert deidentify_released_to("self", scrub) == "self"


def test_a_contact_field_full_of_identifiers_names_no_placeholder():
    from kapnotes.export.deid_names import contact_names

    # The review typed a whole note into "released to": its labels are not names.
    assert contact_names("IP 10.0.0.1; DOB March 4; MRN 99; Bob Smith") == ["Bob Smith"]
