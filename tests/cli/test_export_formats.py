"""`kapnotes export csv|fhir` and the bad inputs of every export: one line, nothing written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from cli_helpers import assert_one_line_error

from kapnotes import config
from kapnotes.store import open_practice


def test_export_csv_and_fhir_from_the_command_line(cli, filled, tmp_path):
    folder = tmp_path / "csv"
    folder.mkdir()
    result = cli("export", "csv", "-o", str(folder))
    assert result.code == 0, result.err
    assert result.out.startswith(f"wrote {folder} (4 clients, 24 sessions")
    assert (folder / "sessions.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    out = tmp_path / "bundle.json"
    result = cli("export", "fhir", "--client", "DEMO-0002", "--no-pdf", "-o", str(out))
    assert result.code == 0, result.err
    bundle = json.loads(out.read_text(encoding="utf-8"))
    patients = [e for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"]
    assert [p["resource"]["identifier"][0]["value"] for p in patients] == ["DEMO-0002"]
    assert os.stat(out).st_mode & 0o077 == 0
    with open_practice(filled) as practice:
        details = [e.detail for e in practice.audit_entries(action="export")]
    assert any(d.startswith("CSV, 4 clients") for d in details)
    assert any(d.startswith("FHIR, client DEMO-0002") for d in details)


def test_bad_input_is_one_line_and_no_file(cli, filled, tmp_path):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    assert_one_line_error(cli("export", "csv", "-o", str(tmp_path / "none")), "does not exist")
    assert_one_line_error(cli("export", "fhir", "-o", str(tmp_path / "x" / "b.json")), "does not exist")  # fmt: skip
    assert_one_line_error(cli("export", "fhir", "--client", "NOPE", "-o", str(tmp_path / "b.json")), "no client with chart number NOPE")  # fmt: skip
    assert_one_line_error(cli("export", "csv", "-o", "/sys"), "cannot write")
    assert cli("export", "fhir", "-o", "-").code == 2
    assert list(tmp_path.iterdir()) == []


def test_an_empty_practice_has_nothing_to_export(cli, data_dir, tmp_path):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    config.ensure_private_dir(data_dir)
    open_practice(config.database_path(data_dir), create=True).close()
    for fmt, target in (("json", tmp_path / "a.json"), ("fhir", tmp_path / "b.json"),
                        ("csv", tmp_path)):  # fmt: skip
        assert_one_line_error(cli("export", fmt, "-o", str(target)), "nothing to export")
    assert list(tmp_path.iterdir()) == []


CHILD = textwrap.dedent(
    """
    import os, resource, sys
    from pathlib import Path
    from kapnotes.export.jobs import ExportRequest, run_export
    from kapnotes.export.output import ExportError
    from kapnotes.store import open_practice

    practice = open_practice(sys.argv[1])
    # Writing past 30 kB now fails with EFBIG (Python ignores SIGXFSZ), as a full disk does.
    resource.setrlimit(resource.RLIMIT_FSIZE, (30_000, 30_000))
    try:
        run_export(practice, ExportRequest(sys.argv[2], Path(sys.argv[3])))
        print("written")
    except ExportError as exc:
        print(exc)
    os._exit(0)  # no checkpoint past the limit
    """
)


def test_a_full_disk_mid_export_leaves_no_partial_file(filled, tmp_path):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    for fmt, target in (("json", tmp_path / "all.json"), ("fhir", tmp_path / "b.json"),
                        ("csv", tmp_path)):  # fmt: skip
        run = subprocess.run([sys.executable, "-c", CHILD, str(filled), fmt, str(target)],
                             capture_output=True, text=True, timeout=300)  # fmt: skip
        lines = run.stdout.strip().splitlines()
        assert len(lines) == 1 and "disk is full" in lines[0], run.stdout + run.stderr
        assert "nothing was written" in lines[0]
    assert list(tmp_path.iterdir()) == []
