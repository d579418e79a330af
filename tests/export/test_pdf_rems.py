"""The esketamine monitoring record: every REMS form field, filled or visibly missing."""

from __future__ import annotations

import pytest
from pdf_records import (
    make_client,
    make_esketamine_session,
    make_session,
    make_settings,
    pdf_text,
    squash,
)

from kapnotes.domain.records import RemsDetails
from kapnotes.export.identity import MISSING
from kapnotes.export.rems_pdf import NotEsketamineSession, export_rems_pdf, rems_fields

FORM_LABELS = [
    "Benzodiazepines",
    "Non-benzodiazepine sedative hypnotics",
    "Psychostimulants",
    "MAOIs",
    "Dose (56 mg / 84 mg / other)",
    "Lot number",
    "Before administration",
    "About 40 minutes after administration",
    "Before the end of the session",
    "At completion of the session",
    "Sedation",
    "Dissociation",
    "Respiratory depression",
    "Total monitoring time",
    "ready to leave after",
]


def test_a_complete_esketamine_session_fills_every_field_on_one_page(tmp_path):
    out = tmp_path / "rems.pdf"
    session = make_esketamine_session()
    result = export_rems_pdf(
        session, make_client(), out, settings=make_settings(), first_treatment=session.date
    )
    pages = pdf_text(out)
    assert result.pages == len(pages) == 1
    text = squash(pages[0])
    for form_label in FORM_LABELS:
        assert squash(form_label) in text, form_label
    for value in [
        "56 mg",
        "LOT-77A1",
        "132/84 mmHg at 09:50",
        "150/95 mmHg at 10:41",
        "126/80 mmHg at 11:58",
        "125 min",
        "75 min",
        "Harbour Light Ketamine Clinic",
        "Avery Quinn-Testperson",
        "First name Avery",
        "Last name Quinn-Testperson",
        "Sex Other",
        "Yes — first esketamine treatment",
        "12 Quay Road",
        "Harbourtown",
        "04101",
        "Dr. Robin Lowell, MD",
        "555-010-2000",
        "rlowell@harbour.test",
        "Due (7 days after the session) 2024-03-12",
        "1979-11-23",
        "2024-03-05",
    ]:
        assert squash(value) in text, value
    assert squash(MISSING) not in text


def test_fields_the_session_lacks_are_marked_missing(tmp_path):
    session = make_esketamine_session(rems=RemsDetails(), vitals=[])
    session.dosing.lot_number = ""
    fields = rems_fields(session, make_client(), make_settings())
    missing = [f.label for f in fields if f.value is None]
    assert {"Lot number", "Before administration", "Benzodiazepines"} <= set(missing)
    # Unanswered, sedation is proposed from the record (no MOAA/S below 5, no sedation effect).
    [sedation] = [f for f in fields if f.label == "Sedation"]
    assert sedation.value == "No (from the record: confirm)"
    out = tmp_path / "rems.pdf"
    export_rems_pdf(session, make_client(), out, settings=make_settings())
    text = pdf_text(out)[0]
    assert text.count("missing — complete") >= len(missing)
    assert f"{len(missing)} field(s) missing" in text


def test_short_monitoring_is_called_out(tmp_path):
    session = make_esketamine_session()
    session.rems.monitoring_end = session.first_administration_time.replace(hour=11, minute=30)
    out = tmp_path / "rems.pdf"
    export_rems_pdf(session, make_client(), out)
    assert squash("90 min") in squash(pdf_text(out)[0])
    assert squash("Less than the required 2 hours") in squash(pdf_text(out)[0])


def test_other_sessions_have_no_rems_record(tmp_path):
    with pytest.raises(NotEsketamineSession):
        export_rems_pdf(make_session(), make_client(), tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_deidentified_record_has_no_name_and_no_birth_date(tmp_path):
    out = tmp_path / "rems.pdf"
    export_rems_pdf(make_esketamine_session(), make_client(), out, deidentified=True)
    text = pdf_text(out)[0]
    assert "Quinn" not in text and "1979" not in text
    assert "KAP-0042" not in text and "age 44" in text


def test_a_concomitant_medication_answered_yes_says_why_it_matters(tmp_path):
    out = tmp_path / "rems.pdf"
    export_rems_pdf(make_esketamine_session(), make_client(), out)  # psychostimulants: yes
    text = squash("".join(pdf_text(out)))
    assert squash("Psychostimulants Yes — may raise blood pressure") in text
    assert squash("Benzodiazepines No") in text and "increasesedation" not in text


def test_a_no_the_record_contradicts_is_flagged_and_answers_are_proposed(tmp_path):
    from kapnotes.domain.records import EffectObservation
    from kapnotes.domain.validation import validate_session

    session = make_esketamine_session()
    session.rems.sedation = False  # yet MOAA/S 4 is recorded (session 444 of the review)
    session.rems.dissociation = None
    session.effects = [EffectObservation("dissociation", 2)]
    session.vitals[1].resp_rate = 8
    session.rems.respiratory_depression = False
    fields = {f.label: f for f in rems_fields(session, make_client(), make_settings())}
    assert fields["Sedation"].warning == "the record says yes: correct before submitting"
    assert fields["Dissociation"].value == "Yes (from the record: confirm)"
    assert "record says yes" in fields["Respiratory depression"].warning
    found = [f for f in validate_session(session, make_client(), make_settings()) if f.code == "rems_contradiction"]  # fmt: skip
    assert [f.field for f in found] == ["rems.sedation", "rems.respiratory_depression"]
    out = tmp_path / "rems.pdf"
    export_rems_pdf(session, make_client(), out, settings=make_settings())
    assert "SedationNo—therecordsaysyes" in squash("".join(pdf_text(out)))
