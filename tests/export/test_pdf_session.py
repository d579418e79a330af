"""The session note PDF read back as a PDF reader sees it."""

from __future__ import annotations

import io
import re
from datetime import datetime, time

import pypdf
from pdf_records import (
    HOSTILE,
    make_client,
    make_course,
    make_esketamine_session,
    make_session,
    pdf_text,
    squash,
)
from qpdf_check import qpdf_problems

from kapnotes.domain.records import Addendum
from kapnotes.export.session_pdf import export_session_pdf, session_pdf_from_practice


def _export(tmp_path, session=None, client=None, settings=None, **kw):
    out = tmp_path / "note.pdf"
    result = export_session_pdf(
        session or make_session(),
        client or make_client(),
        out,
        course=make_course(),
        settings=settings,
        printed=datetime(2024, 4, 1, 8, 30),
        **kw,
    )
    return out, result


def test_every_field_of_a_filled_session_is_printed(tmp_path, settings):
    out, result = _export(tmp_path, settings=settings)
    text = squash("".join(pdf_text(out)))
    expected = [
        "Harbour Light Ketamine Clinic",
        "Avery Quinn-Testperson",
        "KAP-0042",
        "1979-11-23",
        "they/them",
        "2024-03-05",
        "09:30",
        "Session 4",
        "Dosing",
        "In office",
        "Induction series",
        "Spring series",
        "Dr. Robin Lowell",
        "Sam Ortega RN",
        "Treatment-resistant depression",
        "72.5 kg",
        "Uncontrolled hypertension",
        "controlled on amlodipine",
        "To meet the grief about my father with kindness",
        # dosing
        "10:00",
        "10:20",
        "IM injection",
        "Racemic ketamine",
        "40 mg",
        "15.5 mg",
        "left deltoid",
        "right deltoid",
        "first injection",
        "booster given",
        "55.5 mg",
        "0.77 mg/kg",
        "LOT-77A1",
        "ondansetron 4 mg",
        "6 min after first dose",
        "18 min after first dose",
        "70 min after first dose",
        # vitals
        "09:45",
        "146/92",
        "128/80",
        "121/76",
        "115",
        "93%",
        "MOAA/S 4",
        "Before dosing",
        "Before discharge",
        "anxious before start",
        "settling",
        # effects, adverse events, themes
        "Dissociation / depersonalisation",
        "moderate",
        "floating sensation",
        "Nausea",
        "brief queasiness",
        "Transient nausea",
        "Ondansetron",
        "Reassurance and grounding",
        "resolved in 10 min",
        "no vomiting",
        "Grief and loss",
        "father's illness",
        "Self-compassion",
        "softer inner voice",
        # narrative in its template sections
        "Subjective",
        "Reports low mood easing since last session",
        "Objective",
        "Calm, engaged, eyes closed during peak",
        "Assessment",
        "Tolerated dose well; meaningful grief work",
        "Plan",
        "Integration session Thursday; repeat PHQ-9",
        # scales, discharge, addenda, signature
        "PHQ-9",
        "GAD-7",
        "2, 2, 1, 1, 2, 1, 1, 0, 1",
        "12:00",
        "partner Jordan",
        "Responsible adult present",
        "left with partner",
        "Client called next day feeling well",
        "2024-03-06 14:05",
        "Electronically signed by Dr. Robin Lowell, MD on 2024-03-05 13:15",
        "Confidential health information",
        "Printed 2024-04-01 08:30",
    ]
    missing = [e for e in expected if squash(e) not in text]
    assert missing == []
    assert result.pages == len(pdf_text(out))


def test_scale_totals_and_bands_come_from_the_scoring_rules(tmp_path):
    from kapnotes.domain.scales import score

    session = make_session()
    out, _ = _export(tmp_path, session=session)
    text = squash("".join(pdf_text(out)))
    for sc in session.scales:
        result = score(sc)
        assert squash(f"{result.total:g}{result.band}") in text


def test_flagged_vital_signs_are_explained(tmp_path):
    from kapnotes.domain.vitals import vital_flags

    session = make_session()
    out, _ = _export(tmp_path, session=session)
    text = squash("".join(pdf_text(out)))
    messages = [
        f.message for v in session.vitals[:1] for f in vital_flags(v, None, before_dosing=True)
    ]
    assert messages, "the fixture's pre-dosing BP 146/92 should raise a caution"
    for message in messages:
        assert squash(message) in text


def test_hostile_text_comes_back_exactly_as_typed(tmp_path):
    weird = "\n".join(HOSTILE)
    session = make_session(
        intention=weird,
        clinicians=["Dr. <i>Ωmega</i> & Co"],
        narrative={"Subjective": weird, "Plan": "x" * 300},
    )
    client = make_client(name='Zoë "Z" <O\'Brien> & 🙂 李')
    out, _ = _export(tmp_path, session=session, client=client)
    text = squash("".join(pdf_text(out)))
    for s in [*HOSTILE, "Dr. <i>Ωmega</i> & Co", 'Zoë "Z" <O\'Brien> & 🙂 李', "x" * 300]:
        assert squash(s) in text, s


def test_a_100_kb_narrative_flows_across_pages_and_nothing_is_lost(tmp_path):
    words = [f"w{i:05d}" for i in range(15000)]
    lines = [" ".join(words[i : i + 40]) for i in range(0, len(words), 40)]
    narrative = "\n".join(lines)
    assert len(narrative) >= 100_000
    out, result = _export(
        tmp_path, session=make_session(template="free", narrative={"Note": narrative})
    )
    pages = pdf_text(out)
    assert result.pages == len(pages) > 10
    found = re.findall(r"w\d{5}", "".join(pages))
    assert found == words


def test_every_page_says_page_x_of_y_and_confidential(tmp_path):
    narrative = "\n".join(f"Line {i} of a long note." for i in range(900))
    out, result = _export(
        tmp_path, session=make_session(template="free", narrative={"Note": narrative})
    )
    pages = pdf_text(out)
    assert len(pages) == result.pages > 3
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "Confidential health information" in page


def test_unsigned_note_is_watermarked_on_every_page_and_signed_is_not(tmp_path):
    narrative = "\n".join(f"Line {i}" for i in range(300))
    draft, _ = _export(
        tmp_path, session=make_session(signed_at=None, narrative={"Plan": narrative})
    )
    for page in pdf_text(draft):
        assert "DRAFT — not signed" in page
    signed = tmp_path / "signed.pdf"
    export_session_pdf(make_session(), make_client(), signed)
    assert all("DRAFT" not in page for page in pdf_text(signed))


def test_addenda_print_with_author_and_time(tmp_path):
    session = make_session(
        addenda=[
            Addendum("First correction", "Dr. A", datetime(2024, 3, 7, 9, 0)),
            Addendum("Second correction", "Dr. B", datetime(2024, 3, 8, 16, 45)),
        ]
    )
    out, _ = _export(tmp_path, session=session)
    text = squash("".join(pdf_text(out)))
    assert squash("Addendum 2024-03-07 09:00 by Dr. A") + "Firstcorrection" in text
    assert squash("Addendum 2024-03-08 16:45 by Dr. B") + "Secondcorrection" in text


def test_deidentified_note_has_no_name_and_no_birth_date(tmp_path):
    out, _ = _export(tmp_path, deidentified=True)
    raw = out.read_bytes()
    text = "".join(pdf_text(out))
    assert "Quinn" not in text and "Avery" not in text
    assert "1979" not in text
    # Safe Harbor: the chart number is a record number; a per-export study code replaces it.
    assert "KAP-0042" not in text and "Study code" in text and "age 44" in text
    assert re.search(r"study S-[A-Z2-9]{6}", text)
    assert b"Quinn" not in raw  # nor in the metadata


def test_metadata_never_holds_the_client_name(tmp_path):
    out, _ = _export(tmp_path)
    meta = pypdf.PdfReader(str(out)).metadata
    assert "Quinn" not in " ".join(str(v) for v in meta.values())


def test_writes_to_a_binary_stream_for_preview_and_printing():
    buffer = io.BytesIO()
    result = export_session_pdf(make_esketamine_session(), make_client(), buffer)
    assert buffer.getvalue().startswith(b"%PDF")
    assert result.path is None and result.pages >= 1


def test_session_from_a_practice(practice, tmp_path):
    client = make_client()
    client.id = None
    client_id = practice.save_client(client)
    session = make_session(client_id=client_id, course_id=None, id=None, addenda=[])
    session_id = practice.save_session(session)
    out = tmp_path / "from-practice.pdf"
    result = session_pdf_from_practice(practice, session_id, out)
    assert result.pages >= 1
    assert "Avery Quinn-Testperson" in "".join(pdf_text(out))


def test_qpdf_finds_no_errors(tmp_path):
    session = make_session(intention="\n".join(HOSTILE), signed_at=None)
    out, _ = _export(tmp_path, session=session)
    assert qpdf_problems(out) == []


def test_the_clients_medications_of_note_print_in_the_header(tmp_path):
    out, _ = _export(tmp_path)
    assert squash("Medications of note sertraline 100 mg") in squash(pdf_text(out)[0])


def test_the_checks_table_prints_each_finding_at_its_own_severity(tmp_path):
    from kapnotes.domain.records import Administration, VitalSign

    session = make_session()
    session.administrations = [Administration(time(10, 0), "im", 5000.0)]
    session.vitals = [VitalSign(time(9, 45), 150, 92, 78, 98, phase="pre"), VitalSign(time(10, 30), 184, 100, 80, 93)]  # fmt: skip
    out, _ = _export(tmp_path, session=session)
    text = squash("".join(pdf_text(out)))
    checks = text[text.index("SeverityFinding") :]
    assert "UrgentIMinjection:68.97mg/kgismorethan4.5mg/kg—checktheunits" in checks
    assert "UrgentBP184/100isatorabove180/110(urgent)" in checks
    assert "CautionBP150/92beforedosingisatorabove140/90" in checks
    assert "CautionSpO293%isbelow94%" in checks
    # Most severe first: every urgent row comes before the first caution row.
    assert checks.rindex("Urgent") < checks.index("Caution")
