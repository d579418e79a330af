"""The ledger's reports read back: PDF text and CSV rows, with the balances at both ends."""

from __future__ import annotations

import subprocess
from datetime import date

from ledger_helpers import PASSPHRASE, SECOND, WITNESS, dosing_session

from kapnotes.export.ledger_pdf import export_ledger_pdf
from kapnotes.export.ledger_report import build_report, report_csv


def fill(p):
    s = dosing_session(p, mg=35, day=date(2026, 2, 3))
    p.sign_session(s.id, passphrase=PASSPHRASE)
    p.ledger_dispose("waste", "KT100", 15, witnesses=[WITNESS], reason="drew 50 gave 35",
                     occurred_on=date(2026, 2, 3), session_id=s.id)  # fmt: skip
    p.ledger_dispose("destruction", "KT100", 450, witnesses=[WITNESS, SECOND],
                     occurred_on=date(2026, 3, 2),
                     details={"place": "Room 2", "method": "Rx Destroyer"})  # fmt: skip
    p.ledger_count("KT100", 2000, occurred_on=date(2026, 3, 31),
                   inventory={"business": "close", "estimated": False})  # fmt: skip


def pdf_text(tmp_path, report) -> str:
    out = tmp_path / "r.pdf"
    export_ledger_pdf(report, out)
    return subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip


def test_administration_log_has_what_1304_22_asks_and_both_balances(ledger_practice, tmp_path):
    p = ledger_practice
    fill(p)
    report = build_report(p, "administrations", date(2026, 2, 1), date(2026, 2, 28))
    (line,) = report.balances
    assert (line.opening, line.closing, line.given_out) == (2500, 2450, 50)
    text = pdf_text(tmp_path, report)
    assert "Administration log" in text and "2026-02-01 to 2026-02-28" in text
    assert "2026-02-03" in text and "Robin Vale" in text and "C-1" in text and "35 mg" in text
    assert "0.7 mL" in text and "Dr A" in text
    assert "2500 mg" in text and "2450 mg" in text  # opening and closing


def test_disposals_destruction_worksheet_and_inventory(ledger_practice, tmp_path):
    p = ledger_practice
    fill(p)
    disposals = report_csv(build_report(p, "disposals", date(2026, 1, 1), date(2026, 12, 31)))
    assert (
        "Waste,KT100,15 mg" in disposals and "Destruction (DEA Form 41),KT100,450 mg" in disposals
    )
    worksheet = pdf_text(tmp_path, build_report(p, "destruction"))
    assert "Room 2" in worksheet and "Rx Destroyer" in worksheet
    assert "Sam Witness, Kai Second" in worksheet and "0409-2051-05" in worksheet
    inventory = build_report(p, "inventory", date(2026, 3, 31), date(2026, 3, 31))
    first, sheet = inventory.sections
    assert first.rows[0][1] == "close of business" and first.rows[0][4] == "2000 mg"
    assert sheet.rows[0][0] == "KT100" and sheet.rows[0][4] == "2000 mg"


def test_one_lots_history_runs_its_balance(ledger_practice):
    p = ledger_practice
    fill(p)
    report = build_report(p, "lot", lot="KT100")
    balances = [r[5] for r in report.sections[0].rows]
    assert balances == ["2500 mg", "2465 mg", "2450 mg", "2000 mg", "2000 mg"]
