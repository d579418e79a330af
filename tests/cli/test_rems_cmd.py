"""`kapnotes rems due|submit` and `kapnotes findings`: one line per form or finding."""

from __future__ import annotations

from datetime import date, time

from cli_helpers import assert_one_line_error

from kapnotes import config
from kapnotes.domain.records import Administration, Client, Session
from kapnotes.store import open_practice


def _practice(data_dir):
    config.ensure_private_dir(data_dir)
    practice = open_practice(config.database_path(data_dir), create=True)
    client = Client(chart="E-9", name="Esme Kade", medications="phenelzine")
    practice.save_client(client)
    ids = []
    for day in (date(2026, 4, 1), date(2026, 4, 28)):
        s = Session(client.id, None, day, start_time=time(9, 0))
        s.administrations = [Administration(time(9, 5), "in_esk", 112.0, "esketamine")]
        ids.append(practice.save_session(s))
    practice.close()
    return ids


def test_rems_due_lists_overdue_first_and_submit_records(cli, data_dir):
    old, recent = _practice(data_dir)
    result = cli("rems", "due", "--today", "2026-05-01")
    assert result.code == 0
    lines = result.out.splitlines()[1:]
    assert f"{old}" in lines[0] and "OVERDUE by 23 days" in lines[0] and "2026-04-08" in lines[0]
    assert f"{recent}" in lines[1] and "due in 4 days" in lines[1]
    done = cli("rems", "submit", str(old), "--method", "fax", "--confirmation", "F-1", "--date", "2026-05-01")  # fmt: skip
    assert done.code == 0 and "submitted 2026-05-01 by fax" in done.out
    assert str(old) not in cli("rems", "due", "--today", "2026-05-01").out.split("\n", 1)[1]
    everything = cli("rems", "due", "--all", "--today", "2026-05-01").out
    assert "submitted 2026-05-01 (fax)" in everything


def test_rems_submit_refuses_bad_input_in_one_line(cli, data_dir):
    old, _ = _practice(data_dir)
    assert_one_line_error(cli("rems", "submit", "999", "--method", "fax"), "999")
    assert_one_line_error(cli("rems", "submit", str(old), "--method", "fax", "--date", "2099-01-01"), "future")  # fmt: skip
    assert_one_line_error(cli("rems", "due", "--today", "soon"), "--today")


def test_findings_prints_each_at_its_own_severity(cli, data_dir):
    old, _ = _practice(data_dir)
    result = cli("findings", str(old))
    assert result.code == 0
    assert "urgent   Intranasal esketamine (Spravato): 112 mg is above the ceiling of 84 mg." in result.out  # fmt: skip
    assert "warning  Medications: phenelzine (MAOI) raises blood pressure." in result.out
    assert "acknowledge what is missing: pre-dose vitals" in result.out


def test_export_pdf_monitoring_writes_the_flowsheet_and_refuses_a_session_without_dose(cli, data_dir, tmp_path):  # fmt: skip
    old, _ = _practice(data_dir)
    out = tmp_path / "flow.pdf"
    result = cli("export", "pdf", "monitoring", str(old), "-o", str(out))
    assert result.code == 0 and out.read_bytes().startswith(b"%PDF")
    deid = cli("export", "pdf", "monitoring", str(old), "-o", str(tmp_path / "d.pdf"), "--deidentified")  # fmt: skip
    assert deid.code == 0 and "study code S-" in deid.out
    practice = open_practice(config.database_path(data_dir))
    client = practice.find_client("E-9")
    empty = practice.save_session(Session(client.id, None, date(2026, 5, 1), kind="integration"))
    practice.close()
    assert_one_line_error(cli("export", "pdf", "monitoring", str(empty), "-o", str(out)), "no dose")  # fmt: skip
