"""The course summary PDF read back: table, charts' labels, outcome, de-identification."""

from __future__ import annotations

import re
from datetime import datetime, time

import pytest
from pdf_records import make_client, make_course, make_course_sessions, pdf_text, squash
from qpdf_check import qpdf_problems

from kapnotes.domain.progress import course_progress
from kapnotes.domain.records import ThemeTag
from kapnotes.domain.settings import PracticeSettings
from kapnotes.export.course_pdf import export_course_pdf
from kapnotes.services import ServiceContext
from kapnotes.services.documents import client_by_chart
from kapnotes.services.documents import export_course_pdf as export_course
from kapnotes.store import RecordNotFound

PRINTED = datetime(2024, 9, 1, 9, 0)


def _export(tmp_path, sessions, **kw):
    out = tmp_path / "course.pdf"
    result = export_course_pdf(make_client(), make_course(), sessions, out, printed=PRINTED, **kw)
    return out, result


def test_a_200_session_course_builds_with_one_row_per_session(tmp_path):
    sessions = make_course_sessions(200)
    out, result = _export(tmp_path, sessions)
    pages = pdf_text(out)
    assert result.pages == len(pages) > 3
    text = "".join(pages)
    for s in sessions:
        assert s.date.isoformat() in text
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "Confidential health information" in page


def test_the_session_table_header_repeats_on_every_page_it_spans(tmp_path):
    sessions = make_course_sessions(120)
    out, _ = _export(tmp_path, sessions)
    pages = pdf_text(out)
    first, last = (
        f"{s.number}{s.date.isoformat()}{'signed' if s.is_signed else 'draft'}{s.kind}"
        for s in (sessions[0], sessions[-1])
    )
    rows = [squash(p).lower() for p in pages]
    start = next(i for i, p in enumerate(rows) if first in p)
    end = next(i for i, p in enumerate(rows) if last in p)
    assert end > start
    for page in pages[start : end + 1]:
        assert "Peak" in page and "Main effects" in page and "mg/kg" in page


def test_outcome_numbers_are_those_of_course_progress(tmp_path):
    sessions = make_course_sessions(12)
    client = make_client()
    progress = course_progress(sessions, client)
    out, _ = _export(tmp_path, sessions)
    text = squash("".join(pdf_text(out)))
    assert squash(f"PHQ-9 at baseline {progress.phq9_baseline:g}") in text
    assert squash(f"PHQ-9 latest {progress.phq9_latest:g}") in text
    assert squash(f"Response {'Yes' if progress.response else 'No'}") in text
    assert squash(f"Remission {'Yes' if progress.remission else 'No'}") in text


def test_charts_are_labelled_and_adverse_events_listed(tmp_path):
    sessions = make_course_sessions(12)
    out, _ = _export(tmp_path, sessions)
    text = "".join(pdf_text(out))
    for title in [
        "PHQ-9 across the course",
        "GAD-7 across the course",
        "Dose in mg/kg per dosing session",
        "Integration themes: how often each came up",
        "Adverse events",
    ]:
        assert title in text
    for s in sessions:
        for a in s.adverse_events:
            assert a.description in text


def test_clinic_theme_labels_in_any_script_print_in_table_and_chart(tmp_path):
    settings = PracticeSettings(
        practice_name="Clinic", extra_themes=["内在小孩 🙂", "Внутренний <ребёнок> & co"]
    )
    sessions = make_course_sessions(6)
    sessions[1].themes = [ThemeTag("内在小孩"), ThemeTag("внутренний_ребёнок_co")]
    out, _ = _export(tmp_path, sessions, settings=settings)
    text = squash("".join(pdf_text(out)))
    assert squash("内在小孩 🙂") in text
    assert squash("Внутренний <ребёнок> & co") in text


def test_deidentified_summary_has_no_name_and_no_birth_date(tmp_path):
    out, _ = _export(tmp_path, make_course_sessions(20), deidentified=True)
    text = "".join(pdf_text(out))
    assert "Quinn" not in text and "Avery" not in text and "1979" not in text
    # Safe Harbor: the chart number is a record number; a per-export study code replaces it.
    assert "KAP-0042" not in text and "Study code" in text and "age 44" in text
    assert re.search(r"study S-[A-Z2-9]{6}", text)
    assert b"Quinn" not in out.read_bytes()


def test_empty_course_still_prints_a_clear_summary(tmp_path):
    out, result = _export(tmp_path, [])
    text = "".join(pdf_text(out))
    assert result.pages == 1
    assert "No sessions in this course yet." in text
    assert "outcome not assessed" in text


def test_course_from_a_practice_by_chart(practice, tmp_path):
    client = make_client()
    client.id = None
    client_id = practice.save_client(client)
    course = make_course()
    course.id, course.client_id = None, client_id
    course_id = practice.save_course(course)
    for s in make_course_sessions(8):
        s.id, s.client_id, s.course_id = None, client_id, course_id
        practice.save_session(s)
    out = tmp_path / "c.pdf"
    ctx = ServiceContext(practice)
    result = export_course(ctx, client_id, course_id, out)
    assert result.pages >= 1
    text = "".join(pdf_text(out))
    assert "Spring series" in text and "8 (4 with dosing)" in text
    with pytest.raises(RecordNotFound):
        client_by_chart(ctx, "NO-SUCH-CHART")
    with pytest.raises(RecordNotFound):
        export_course(ctx, client_id, 9999, out)


def test_qpdf_finds_no_errors_in_a_long_course(tmp_path):
    out, _ = _export(tmp_path, make_course_sessions(200))
    assert qpdf_problems(out) == []


def test_every_safety_flag_of_the_course_is_in_one_safety_section(tmp_path):
    from kapnotes.domain.records import AdverseEvent, ScaleScore, VitalSign

    sessions = make_course_sessions(8)
    sessions[2].scales = [ScaleScore("phq9", [2, 2, 2, 2, 2, 2, 2, 2, 2])]  # item 9 = 2
    sessions[3].scales = [ScaleScore("cssrs", [1, 0, 0, 0, 0, 0])]
    sessions[4].vitals = [VitalSign(time(10, 0), 184, 100, 80, 97)]
    sessions[5].adverse_events = [AdverseEvent("fainted", "severe", time(10, 30))]
    out, _ = _export(tmp_path, sessions)
    text = squash("".join(pdf_text(out)))
    safety = text[text.index("Safety") :]
    for expected in (
        f"{sessions[2].date}3ScalePHQ-9item9",
        f"{sessions[3].date}4ScaleC-SSRSscreenpositive",
        f"{sessions[4].date}5VitalsignsBP184/100",
        f"{sessions[5].date}6AdverseeventSevereadverseeventat10:30",
    ):
        assert expected in safety, expected


def test_the_session_table_says_signed_or_draft_and_each_phq9(tmp_path):
    from kapnotes.domain.records import ScaleScore

    sessions = make_course_sessions(4)
    sessions[1].scales = [ScaleScore("phq9", [3, 3, 3, 3, 3, 3, 3, None, 0])]
    sessions[1].signed_at = None
    out, _ = _export(tmp_path, sessions)
    text = squash("".join(pdf_text(out)))
    assert "NotePHQ-9" not in text and "PHQ-9" in text
    assert f"2{sessions[1].date}draft" in text and "21(partial)" in text


def test_the_course_line_does_not_repeat_the_purpose(tmp_path):
    course = make_course()
    course.title = "Induction series 2024"
    out = tmp_path / "c.pdf"
    export_course_pdf(make_client(), course, make_course_sessions(3), out)
    text = "".join(pdf_text(out))
    assert "Induction series — Induction series" not in text
    assert "Induction series 2024 (" in text
