"""The intake and consent PDFs, and the checklist on the session note, read back as text."""

from __future__ import annotations

import argparse
import math
import re
import stat
from datetime import date, time

import pypdf
import pytest
from pdf_records import pdf_text

from kapnotes import config
from kapnotes.cli.common import CliError
from kapnotes.cli.pdf_cmd import add_pdf_parser
from kapnotes.domain.checklist import PreDoseChecklist
from kapnotes.domain.intake import blank_intake
from kapnotes.domain.records import Administration, Client, Session
from kapnotes.export.intake_pdf import consent_pdf_from_practice, intake_pdf_from_practice
from kapnotes.export.session_pdf import session_pdf_from_practice
from kapnotes.store import open_practice
from kapnotes.store.opening import memory_practice

SIG = [[(50 + i * 4, 100 + 40 * math.sin(i / 5)) for i in range(60)]]


def filled(p):
    cid = p.save_client(Client("K-7", "Wren Ashby", dob=date(1985, 2, 3)))
    intake = blank_intake()
    intake.item("pregnancy").answer = "no"
    intake.item("controlled_hypertension").answer = "yes"
    intake.item("controlled_hypertension").note = "Amlodipine 5 mg"
    intake.responsible_adult = "Theo Ashby (brother)"
    p.save_intake(cid, intake)
    p.decide_eligibility(cid, "eligible_with_precautions", "BP every 15 min", name="Dr Vale", credentials="MD")  # fmt: skip
    p.save_consent_template("KAP informed consent", "Ketamine can raise blood pressure.")
    c = p.record_consent(cid, "KAP informed consent", 1, SIG, date(2026, 3, 1), witness="Ana Ruiz", credentials="LCSW")  # fmt: skip
    p.withdraw_consent(c.id, date(2026, 3, 20), "Moving abroad")
    p.save_consent_template("KAP informed consent", "Ketamine can raise blood pressure. v2")
    return cid


def test_the_intake_pdf_prints_intake_decision_signer_and_consent_history(tmp_path):
    p = memory_practice()
    filled(p)
    out = tmp_path / "intake.pdf"
    result = intake_pdf_from_practice(p, "K-7", out)
    text = pdf_text(out)
    assert result.pages >= 1 and stat.S_IMODE(out.stat().st_mode) == 0o600
    for expected in ("Intake and eligibility", "Controlled hypertension", "Amlodipine 5 mg",
                     "Theo Ashby (brother)", "Eligible with precautions: BP every 15 min",
                     "Dr Vale, MD", "KAP informed consent v1", "Ana Ruiz, LCSW",
                     "Withdrawn 2026-03-20", "Consent was withdrawn"):  # fmt: skip
        assert expected in " ".join(" ".join(text).split()), expected


def test_the_consent_pdf_has_the_full_text_and_both_signatures(tmp_path):
    p = memory_practice()
    filled(p)
    out = tmp_path / "consent.pdf"
    consent_pdf_from_practice(p, "K-7", out)
    text = " ".join(" ".join(pdf_text(out)).split())
    assert "Ketamine can raise blood pressure." in text and "Version 1" in text
    assert "Client's signature" in text and "Witnessed by" in text and "Ana Ruiz, LCSW" in text
    # The strokes are drawn as a path: one line segment per point after the first.
    content = pypdf.PdfReader(str(out)).pages[0].get_contents().get_data()
    assert len(re.findall(rb"[\d.]+ [\d.]+ l\b", content)) >= len(SIG[0]) - 1
    with pytest.raises(Exception, match="no consent 99"):
        consent_pdf_from_practice(p, "K-7", tmp_path / "x.pdf", consent_id=99)


def test_the_session_note_prints_the_checklist(tmp_path):
    p = memory_practice()
    cid = filled(p)
    checklist = PreDoseChecklist(fasting_hours=3, transport_arranged=True, transport_by="Theo Ashby", medications_today={"lamotrigine": True})  # fmt: skip
    s = Session(cid, None, date(2026, 3, 5), start_time=time(9, 0), checklist=checklist)
    s.administrations = [Administration(time(9, 10), "im", 40.0)]
    sid = p.save_session(s)
    out = tmp_path / "note.pdf"
    session_pdf_from_practice(p, sid, out)
    text = " ".join(" ".join(pdf_text(out)).split())
    assert "Pre-dose checklist" in text and "3 h" in text and "Theo Ashby" in text
    assert "Lamotrigine" in text and "Not checked" in text
    out2 = tmp_path / "deid.pdf"
    session_pdf_from_practice(p, sid, out2, deidentified=True)
    assert "Theo Ashby" not in " ".join(pdf_text(out2))


def export_pdf(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="kapnotes export")
    add_pdf_parser(parser.add_subparsers(dest="format", required=True))
    args = parser.parse_args(argv)
    args.command, args.data_dir, args.passphrase_file = "export", None, None
    return args.export_handler(args)


def test_the_cli_writes_the_intake_pdf_and_refuses_an_unknown_chart(tmp_path, capsys):
    path = config.database_path()
    config.ensure_private_dir(path.parent)
    with open_practice(path, create=True) as p:
        filled(p)
    assert export_pdf(["pdf", "intake", "K-7", "-o", str(tmp_path / "i.pdf")]) == 0
    assert "wrote" in capsys.readouterr().out
    assert export_pdf(["pdf", "consent", "K-7", "-o", str(tmp_path / "c.pdf")]) == 0
    with pytest.raises(CliError, match="chart number K-99"):
        export_pdf(["pdf", "intake", "K-99", "-o", str(tmp_path / "x.pdf")])
