"""`kapnotes export json|pdf`: whole files, private, to stdout with -o -, never over the practice."""

from __future__ import annotations

import json
import stat

from cli_helpers import assert_one_line_error

from kapnotes.store import open_practice


def test_export_whole_practice_to_a_private_file(cli, filled, tmp_path):
    out = tmp_path / "all.json"
    result = cli("export", "json", "-o", str(out))
    assert result.code == 0, result.err
    assert "4 clients, 24 sessions" in result.out
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["format"] == "kapnotes" and doc["version"] == 1
    assert len(doc["clients"]) == 4 and doc["settings"]["clinicians"]
    with open_practice(filled) as practice:
        assert practice.audit_entries(action="export")[0].detail.startswith("JSON, 4 clients")


def test_export_to_standard_output_is_only_json(cli, filled):
    result = cli("export", "json", "-o", "-")
    assert result.code == 0
    assert len(json.loads(result.out)["clients"]) == 4


def test_export_one_client(cli, filled):
    result = cli(
        "export", "--data-dir", str(filled.parent), "json", "--client", "DEMO-0002", "-o", "-"
    )
    doc = json.loads(result.out)
    assert [c["chart"] for c in doc["clients"]] == ["DEMO-0002"]
    assert "settings" not in doc and len(doc["clients"][0]["sessions"]) == 6


def test_unknown_client_and_bad_targets(cli, filled, tmp_path):
    before = filled.read_bytes()
    assert_one_line_error(cli("export", "json", "--client", "NOPE", "-o", "-"), "no client", "NOPE")
    assert_one_line_error(cli("export", "json", "-o", str(filled)), "practice database itself")
    assert filled.read_bytes()[:16] == before[:16]
    with open_practice(filled) as practice:
        assert practice.count("clients") == 4
    missing = tmp_path / "no" / "such" / "x.json"
    assert_one_line_error(cli("export", "json", "-o", str(missing)), "does not exist")
    assert_one_line_error(cli("export", "json", "-o", str(tmp_path)), "is a folder")


def test_export_pdf_is_delegated(cli, filled, tmp_path):
    out = tmp_path / "note.pdf"
    result = cli("export", "pdf", "session", "2", "-o", str(out))
    assert result.code == 0, result.err
    assert out.read_bytes().startswith(b"%PDF")


def test_export_needs_a_format(cli, filled):
    assert cli("export").code == 2
    assert cli("export", "csv", "-o", "-").code == 2
