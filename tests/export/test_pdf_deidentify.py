"""De-identified PDFs: the client's name and birth date are out of the typed text too."""

from __future__ import annotations

from datetime import datetime

import pypdf
from pdf_records import make_client, make_course, make_course_sessions, make_session, pdf_text

from kapnotes.domain.records import Addendum, AdverseEvent, ThemeTag
from kapnotes.export.course_pdf import export_course_pdf
from kapnotes.export.deidentify import PLACEHOLDER, Redactor
from kapnotes.export.session_pdf import export_session_pdf

PRINTED = datetime(2024, 9, 1, 9, 0)


def _named_session():
    s = make_session(intention="Avery wants to meet the grief")
    s.narrative = dict(s.narrative)
    s.narrative["Subjective"] = "AVERY QUINN-TESTPERSON said Quinn family is hard. Born 23/11/1979."
    s.themes = [ThemeTag("grief", "Avery's father")]
    s.adverse_events = [AdverseEvent("Avery felt sick", "mild", outcome="Quinn rested")]
    s.addenda = [
        Addendum("Avery called; DOB 1979-11-23.", "Dr. Robin Lowell", datetime(2024, 3, 6))
    ]
    s.discharge.released_to = "partner of Avery"
    return s


def _all_text(path) -> str:
    reader = pypdf.PdfReader(str(path))
    meta = " ".join(str(v) for v in (reader.metadata or {}).values())
    return "".join(pdf_text(path)) + meta


def test_deidentified_note_keeps_the_name_out_of_every_typed_field(tmp_path):
    out = tmp_path / "de.pdf"
    export_session_pdf(_named_session(), make_client(), out, deidentified=True, printed=PRINTED)
    text = _all_text(out)
    for leak in ("Avery", "AVERY", "Quinn", "QUINN", "Testperson", "1979", "23/11"):
        assert leak not in text, leak
    assert out.read_bytes().count(b"Quinn") == 0
    assert PLACEHOLDER in text and "wants to meet the grief" in text
    assert "De-identified" in text


def test_the_identified_note_prints_the_text_as_typed(tmp_path):
    out = tmp_path / "id.pdf"
    export_session_pdf(_named_session(), make_client(), out, printed=PRINTED)
    text = _all_text(out)
    assert "Avery wants to meet the grief" in text and PLACEHOLDER not in text


def test_deidentified_course_summary_redacts_adverse_events_and_course_title(tmp_path):
    sessions = make_course_sessions(6)
    sessions[1].adverse_events = [AdverseEvent("Avery vomited once", "mild", outcome="ok")]
    course = make_course()
    course.title = "Avery Quinn spring series"
    out = tmp_path / "course.pdf"
    export_course_pdf(make_client(), course, sessions, out, deidentified=True, printed=PRINTED)
    text = _all_text(out)
    assert "Avery" not in text and "Quinn" not in text and "1979" not in text
    assert f"{PLACEHOLDER} vomited once" in text


def test_redactor_matches_whole_names_in_any_script_whatever_the_case():
    will = make_client(name="Will Grace")
    r = Redactor(will)
    # Safe Harbor prefers a word too many to a name left in: "josé" typed in lower case counts.
    assert r("Will said he will try.") == f"{PLACEHOLDER} said he {PLACEHOLDER} try."
    assert r("WILL GRACE signed; willow stays") == f"{PLACEHOLDER} signed; willow stays"
    cyr = Redactor(make_client(name="Анна Петрова"))
    assert cyr("Анна пришла; Петровой нет") == f"{PLACEHOLDER} пришла; Петровой нет"
    assert cyr("Анна, Петрова.") == f"{PLACEHOLDER}, {PLACEHOLDER}."
    cjk = Redactor(make_client(name="李明"))
    assert cjk("李明 来了") == f"{PLACEHOLDER} 来了"


def test_redactor_replaces_dates_in_common_forms():
    r = Redactor(make_client())  # born 1979-11-23
    for form in ("1979-11-23", "23/11/1979", "11/23/1979", "23.11.1979", "Nov 23, 1979"):
        assert r(f"born {form}.") == "born [date]."
    assert r("seen 2024-11-23, at 09:30, BP 120/80") == "seen [date], at 09:30, BP 120/80"
    assert Redactor(make_client())("") == ""
    no_dob = make_client()
    no_dob.dob = None
    assert Redactor(no_dob)("1979-11-23") == "[date]"  # any date, not only the birth date


def test_a_long_name_never_pushes_the_chart_number_off_the_running_header(tmp_path):
    client = make_client(name="Avery " + "Quinnington" * 20)
    out = tmp_path / "long.pdf"
    export_session_pdf(make_session(), client, out, printed=PRINTED)
    export_course_pdf(client, make_course(), make_course_sessions(4), tmp_path / "c.pdf")
    for path in (out, tmp_path / "c.pdf"):
        for page in pdf_text(path):
            header = page.splitlines()[0]  # the running header is the first line drawn
            assert "chart KAP-0042" in header and header.endswith("…")
