"""Layout of long documents: tables split under their heading with the header repeated, no
page holding one row, the signature never alone, addenda each signed, the DRAFT mark out of
copied text, skin-tone emoji printed."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime, time

import pypdf
import pytest
from pdf_records import make_client, make_session, make_settings, pdf_text, squash

from kapnotes.domain.records import Addendum, VitalSign
from kapnotes.export.session_pdf import export_session_pdf

PRINTED = datetime(2024, 9, 1, 9, 0)


def _vitals(n: int) -> list[VitalSign]:
    return [VitalSign(time(9 + i // 30, (2 * i) % 60), 120 + i % 7, 80, 70, 98, 14, "moaas", 5, "during") for i in range(n)]  # fmt: skip


def _export(tmp_path, session):
    out = tmp_path / "note.pdf"
    export_session_pdf(session, make_client(), out, settings=make_settings(), printed=PRINTED)
    return out


def _rows_per_page(pages: list[str]) -> list[int]:
    # A vitals row starts "HH:MM During 12x/80".
    return [len(re.findall(r"\d\d:\d\d\s*During\s*12\d/80", p)) for p in pages]


def test_a_30_row_vitals_table_starts_on_the_page_of_its_heading(tmp_path):
    session = make_session(vitals=_vitals(30))
    pages = pdf_text(_export(tmp_path, session))
    heading_page = next(i for i, p in enumerate(pages) if "Vital signs" in p and "BP mmHg" in p)
    counts = _rows_per_page(pages)
    assert counts[heading_page] >= 5, counts  # not pushed whole to the next page
    assert sum(counts) == 30


@pytest.mark.parametrize("n", [3, 4, 5, 21, 26, 31, 37, 44])
def test_no_page_holds_a_single_row_of_a_split_table(tmp_path, n):
    pages = pdf_text(_export(tmp_path, make_session(vitals=_vitals(n))))
    counts = [c for c in _rows_per_page(pages) if c]
    assert sum(counts) == n
    assert all(c >= 2 for c in counts) or n < 2, counts
    for page in pages:  # every page the table spans repeats its header
        if _rows_per_page([page])[0]:
            assert "BP mmHg" in page
    assert _headings_ending_a_page(pages) == []


HEADINGS = {"Dosing", "Vital signs", "Observed effects", "Adverse events and interventions",
            "Integration themes", "Rating scales", "Discharge", "Checks", "Signature", "Addenda"}  # fmt: skip


def _headings_ending_a_page(pages: list[str]) -> list[str]:
    """Headings printed as the last thing on a page (before the footer)."""
    out = []
    for page in pages:
        lines = [x for x in page.splitlines() if x.strip()]
        body = [x for x in lines if not x.startswith(("Confidential", "Printed", "Page "))]
        if body and body[-1].strip() in HEADINGS:
            out.append(body[-1])
    return out


def test_the_signature_is_never_alone_and_each_addendum_has_its_own_signature_line(tmp_path):
    for n in range(20, 46, 3):  # table lengths that move the signature around the page foot
        session = make_session(vitals=_vitals(n))
        session.addenda = [
            Addendum("First correction", "Dr. A", datetime(2024, 3, 7, 9, 0)),
            Addendum("Second correction", "Dr. B", datetime(2024, 3, 8, 16, 45)),
        ]
        pages = pdf_text(_export(tmp_path, session))
        assert _headings_ending_a_page(pages) == [], n
        [page] = [p for p in pages if "Electronically signed" in p]
        body = page.split("\n", 1)[1]  # past the running header
        assert squash(body).index("Signature") > 0, n  # something of the note comes first
        text = squash("".join(pages))
        assert squash("Addendum signed by Dr. A on 2024-03-07 09:00.") in text
        assert squash("Addendum signed by Dr. B on 2024-03-08 16:45.") in text
        assert text.index("Electronicallysigned") < text.index("Addendum2024-03-07")


def test_the_draft_watermark_is_not_in_the_copied_text(tmp_path):
    session = make_session()
    session.signed_at = None
    out = _export(tmp_path, session)
    for page in pdf_text(out):
        # Only the running header (and the signature line) say it; the diagonal mark is drawn.
        lines = [line for line in page.splitlines() if "DRAFT" in line]
        assert lines and all(re.fullmatch(r"DRAFT — not signed(\. This note may still change\.)?", x) for x in lines), lines  # fmt: skip
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
        pages = text.split("\f")
        assert all(p.count("DRAFT") <= 2 for p in pages)
        assert "Reports low mood easing since last session" in text


def test_skin_tone_emoji_print_in_their_tone_and_copy_as_typed(tmp_path):
    typed = "Thumbs 👍🏽 and 👋🏿, nurse 👩🏽‍⚕️"
    out = _export(tmp_path, make_session(intention=typed))
    assert typed in "".join(pdf_text(out))
    content = b"".join(page.get_contents().get_data() for page in pypdf.PdfReader(str(out)).pages)
    assert b".72549 .521569 .388235 rg" in content  # 🏽 printed in its tone


def test_a_long_first_paragraph_starts_under_its_heading_and_splits(tmp_path):
    # Shorter than a page but longer than what is left under its heading: kept with the
    # heading, it used to move whole to the next page and leave this one half blank.
    session = make_session(vitals=_vitals(12))
    session.narrative = {"Subjective": "calmer " * 500, "Objective": "steady", "Assessment": "", "Plan": ""}  # fmt: skip
    pages = pdf_text(_export(tmp_path, session))
    start = next(i for i, p in enumerate(pages) if "Subjective" in p)
    assert pages[start].count("calmer") >= 100  # not pushed whole to the next page
    assert pages[start + 1].count("calmer") > 0  # it goes on over the page
    assert _headings_ending_a_page(pages) == []
