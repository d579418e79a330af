"""The ledger in the CSV export: every entry with its lot's running balance; one client's
export holds that client's entries only; de-identified, no chart, name or full date leaks."""

from __future__ import annotations

import csv
from datetime import date

from ledger_helpers import PASSPHRASE, WITNESS, dosing_session

from kapnotes.export.jobs import ExportRequest, run_export


def _rows(folder, name: str = "ledger_entries") -> list[dict]:
    with open(folder / f"{name}.csv", encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _practice(p):
    s = dosing_session(p, mg=35)
    p.sign_session(s.id, passphrase=PASSPHRASE)
    p.ledger_dispose("waste", "KT100", 15, witnesses=[WITNESS], session_id=s.id,
                     reason="drawn 50 mg, gave 35; Robin Vale watched")  # fmt: skip
    other = dosing_session(p, mg=20, day=date(2026, 2, 10), chart="C-2")
    p.sign_session(other.id, passphrase=PASSPHRASE)
    return s


def test_every_entry_with_the_running_balance_of_its_lot(ledger_practice, tmp_path):
    p = ledger_practice
    _practice(p)
    out = tmp_path / "all"
    out.mkdir()
    run_export(p, ExportRequest("csv", out))
    rows = _rows(out)
    assert len(rows) == len(p.ledger_entries()) == 4  # receipt, two doses, the waste
    assert {r["kind"] for r in rows} == {"receipt", "administration", "waste"}
    assert [float(r["derived_lot_balance_mg"]) for r in sorted(rows, key=lambda r: (r["date"], int(r["ledger_entry_id"])))][-1] == 2500 - 35 - 15 - 20  # fmt: skip
    waste = next(r for r in rows if r["kind"] == "waste")
    assert waste["chart"] == "C-1" and waste["witnesses"] == "Sam Witness"
    sessions = {r["session_id"] for r in _rows(out, "sessions")}
    assert waste["session_id"] in sessions  # joins the sessions file


def test_one_client_s_export_holds_only_that_client_s_entries(ledger_practice, tmp_path):
    p = ledger_practice
    _practice(p)
    out = tmp_path / "one"
    out.mkdir()
    run_export(p, ExportRequest("csv", out, chart="C-1"))
    rows = _rows(out)
    assert sorted(r["kind"] for r in rows) == ["administration", "waste"]  # no receipt, no C-2
    assert {r["chart"] for r in rows} == {"C-1"}


def test_de_identified_ledger_has_no_chart_name_or_full_date(ledger_practice, tmp_path):
    p = ledger_practice
    _practice(p)
    out = tmp_path / "deid"
    out.mkdir()
    run_export(p, ExportRequest("csv", out, deidentified=True))
    text = (out / "ledger_entries.csv").read_text(encoding="utf-8-sig")
    assert "C-1" not in text and "Robin" not in text and "Vale" not in text
    assert "2026-02" not in text and "2026-01" not in text  # days, or the year alone
    rows = _rows(out)
    receipt = next(r for r in rows if r["kind"] == "receipt")
    assert receipt["day_or_year"] == "2026" and receipt["study_code"] == ""
    waste = next(r for r in rows if r["kind"] == "waste")
    assert waste["study_code"].startswith("S-") and waste["day_or_year"].lstrip("-").isdigit()
    sessions = {r["session_id"] for r in _rows(out, "sessions")}
    assert waste["session_id"] in sessions  # renumbered, and still joins
