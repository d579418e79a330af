"""`kapnotes import FILE.json`: all or nothing, bad files named precisely, nothing overwritten."""

from __future__ import annotations

import getpass
import io
import json
import sys

import pytest
from cli_helpers import assert_one_line_error

from kapnotes import config
from kapnotes.store import open_practice

DOC = {
    "format": "kapnotes",
    "version": 1,
    "clients": [
        {
            "chart": "N-1",
            "name": "Noa Levi",
            "sessions": [
                {
                    "date": "2025-02-03",
                    "intention": "rest",
                    "administrations": [{"route": "im", "mg": 40}],
                }
            ],
        }
    ],
}


def _write(tmp_path, data, name="in.json") -> str:
    path = tmp_path / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def test_import_into_an_empty_folder_creates_an_encrypted_practice(
    cli, tmp_path, data_dir, monkeypatch
):
    monkeypatch.setenv(config.PASSPHRASE_ENV, "a new clinic passphrase")
    refused = cli("import", _write(tmp_path, DOC))
    assert_one_line_error(refused, "needs --recovery-sheet PATH")
    assert not config.database_path(data_dir).exists()
    sheet = tmp_path / "sheet.pdf"
    result = cli("import", _write(tmp_path, DOC), "--recovery-sheet", str(sheet))
    assert result.code == 0, result.err
    assert f"Emergency access sheet written to {sheet}" in result.out
    assert "imported 1 clients, 0 courses and 1 sessions" in result.out
    with open_practice(config.database_path(data_dir), "a new clinic passphrase") as practice:
        assert practice.is_encrypted
        client = practice.find_client("N-1")
        assert client.name == "Noa Levi"
        assert practice.load_sessions(client_id=client.id)[0].total_mg == 40


def test_import_without_a_passphrase_creates_nothing(cli, tmp_path, data_dir):
    result = cli("import", _write(tmp_path, DOC))
    assert_one_line_error(result, "a new practice is encrypted", "nothing was imported")
    assert not config.database_path(data_dir).exists()


def test_export_then_import_into_an_empty_practice(cli, filled, tmp_path, monkeypatch):
    out = tmp_path / "all.json"
    assert cli("export", "json", "-o", str(out)).code == 0
    monkeypatch.setenv(config.PASSPHRASE_ENV, "another passphrase")
    other = tmp_path / "other"
    sheet = str(tmp_path / "sheet.pdf")
    assert cli("import", str(out), "--data-dir", str(other), "--recovery-sheet", sheet).code == 0
    again = tmp_path / "again.json"
    assert cli("--data-dir", str(other), "export", "json", "-o", str(again)).code == 0
    first, second = json.loads(out.read_text()), json.loads(again.read_text())
    first.pop("exported_at"), second.pop("exported_at")
    # With accounts the clinicians are the practice's users (here: its first admin), not the
    # profiles of the file; everything else comes back the same.
    assert [c["name"] for c in second["settings"].pop("clinicians")] == [getpass.getuser()]
    first["settings"].pop("clinicians")
    assert first == second


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("{bad", ("not valid JSON", "line 1, column 2")),
        ("", ("not valid JSON",)),
        ("[" * 100_000, ("nested too deeply",)),
        (b"\xff\xfe\x00garbage", ("not a UTF-8 text file",)),
        ({"format": "kapnotes", "version": 1}, ("clients: missing", "nothing was imported")),
        ({"format": "other"}, ('format: not "kapnotes"',)),
        (
            {**DOC, "clients": [{**DOC["clients"][0], "sessions": [{"date": "3 Feb"}]}]},
            ("clients[0].sessions[0].date: not a date",),
        ),
        (
            {**DOC, "clients": [{"name": "x", "sessions": [{"administrations": [{"mg": "a"}]}]}]},
            ("clients[0].chart: missing", "more problems"),
        ),
    ],
)
def test_a_bad_file_imports_nothing_and_creates_nothing(cli, tmp_path, data_dir, content, words):
    result = cli("import", _write(tmp_path, content))
    assert_one_line_error(result, *words)
    assert not config.database_path(data_dir).exists()


def test_missing_file_and_folder(cli, tmp_path):
    assert_one_line_error(cli("import", str(tmp_path / "nope.json")), "cannot read", "nope.json")
    assert_one_line_error(cli("import", str(tmp_path)), "is a folder")


def test_a_chart_number_clash_imports_nothing(cli, filled, tmp_path):
    doc = json.loads(json.dumps(DOC))
    doc["clients"].append({"chart": "DEMO-0002", "name": "Clash"})
    result = cli("import", _write(tmp_path, doc))
    assert_one_line_error(result, "clients[1]: chart number DEMO-0002 is already in the practice")
    with open_practice(filled) as practice:
        assert practice.count("clients") == 4 and practice.find_client("N-1") is None


def test_import_from_standard_input(cli, monkeypatch, data_dir):
    stdin = io.TextIOWrapper(io.BytesIO(json.dumps(DOC).encode("utf-8")))
    monkeypatch.setattr(sys, "stdin", stdin)
    monkeypatch.setenv(config.PASSPHRASE_ENV, "stdin passphrase")
    assert cli("import", "-", "--recovery-sheet", str(data_dir.parent / "sheet.pdf")).code == 0
    with open_practice(config.database_path(data_dir), "stdin passphrase") as practice:
        assert practice.count("clients") == 1
        entries = practice.audit_entries(action="create")
        assert entries and all(e.detail == "imported from standard input" for e in entries)
