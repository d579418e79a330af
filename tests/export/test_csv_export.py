"""The CSV export read back: counts and values against the JSON export of the same practice,
UTF-8 with a BOM, derived columns marked, de-identified like the PDFs, nothing half-written."""

from __future__ import annotations

import csv
import json
from datetime import date, time

import pytest

from kapnotes.domain.records import Administration, Client, Session, ThemeTag
from kapnotes.domain.scales import score
from kapnotes.export.csv_export import file_names
from kapnotes.export.jobs import ExportRequest, run_export
from kapnotes.export.json_format import parse_document
from kapnotes.export.output import ExportCancelled, ExportError, Progress
from kapnotes.store.demo import build_demo


@pytest.fixture
def demo(practice):
    build_demo(practice, clients=3, sessions_per_client=5, seed=3)
    client = Client(chart="K-77", name="Renée Dubois", dob=date(1930, 6, 1))
    practice.save_client(client)
    s = Session(client.id, None, date(2026, 2, 3), start_time=time(10, 0),
                intention="Renée wants to feel calm", narrative={"Note": "Renée slept well."})  # fmt: skip
    s.administrations = [Administration(time(10, 5), "im", 30.0), Administration(time(10, 35), "im", 12.5)]  # fmt: skip
    s.themes = [ThemeTag("grief", "about Renée's father")]
    practice.save_session(s)
    return practice


def _read(folder, name):
    raw = (folder / f"{name}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{name}.csv has no byte-order mark"
    return list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))


def _json(practice, tmp_path):
    out = tmp_path / "all.json"
    run_export(practice, ExportRequest("json", out))
    bundles, _settings = parse_document(json.loads(out.read_text(encoding="utf-8")))
    return bundles


def test_csv_matches_the_json_export_record_for_record(demo, tmp_path):
    folder = tmp_path / "csv"
    folder.mkdir()
    result = run_export(demo, ExportRequest("csv", folder))
    assert sorted(p.name for p in folder.iterdir()) == sorted(file_names())
    assert result.files == len(file_names())
    bundles = _json(demo, tmp_path)
    sessions = [s for b in bundles for s in b.sessions]
    assert len(_read(folder, "clients")) == len(bundles)
    rows = _read(folder, "sessions")
    assert len(rows) == len(sessions) == result.sessions
    for attr, name in (("administrations", "administrations"), ("vitals", "vitals"),
                       ("effects", "effects"), ("adverse_events", "adverse_events"),
                       ("themes", "themes"), ("addenda", "addenda"), ("scales", "scale_totals")):  # fmt: skip
        assert len(_read(folder, name)) == sum(len(getattr(s, attr)) for s in sessions), name
    assert len(_read(folder, "scale_items")) == sum(len(sc.items) for s in sessions for sc in s.scales)  # fmt: skip
    # Values, joined by ids, in the order both exports write sessions.
    by_chart = {r["chart"]: r for r in _read(folder, "clients")}
    for b in bundles:
        assert by_chart[b.client.chart]["dob"] == (b.client.dob.isoformat() if b.client.dob else "")
    for row, s in zip(rows, sessions, strict=True):
        assert row["date"] == s.date.isoformat()
        assert row["kind"] == s.kind and row["intention"] == s.intention
        expected = f"{s.total_mg}" if s.administrations else ""
        assert row["derived_total_mg"] == expected
    mg = [float(r["mg"]) for r in _read(folder, "administrations")]
    assert mg == [a.mg for s in sessions for a in s.administrations]
    totals = _read(folder, "scale_totals")
    expected = [score(sc).total for s in sessions for sc in s.scales]
    assert [float(r["derived_total"]) if r["derived_total"] else None for r in totals] == expected


def test_derived_columns_are_marked_and_computed(demo, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    run_export(demo, ExportRequest("csv", folder, chart="K-77"))
    (row,) = _read(folder, "sessions")
    assert row["derived_total_mg"] == "42.5"
    assert row["derived_mg_per_kg"] == ""  # no weight on file: not a guess
    assert [r["derived_minutes_after_first_dose"] for r in _read(folder, "administrations")] == ["0", "30"]  # fmt: skip
    header = (folder / "sessions.csv").read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert {"derived_total_mg", "derived_mg_per_kg", "derived_warnings"} <= set(header)


def test_deidentified_csv_has_no_name_chart_or_dates(demo, tmp_path):
    folder = tmp_path / "deid"
    folder.mkdir()
    run_export(demo, ExportRequest("csv", folder, chart="K-77", deidentified=True))
    text = "".join(p.read_text(encoding="utf-8-sig") for p in folder.iterdir())
    for identifier in ("Renée", "Dubois", "K-77", "2026-02-03", "1930"):
        assert identifier not in text
    (client,) = _read(folder, "clients")
    assert client["study_code"].startswith("S-") and client["birth_year"] == "90 or older"
    (session,) = _read(folder, "sessions")
    assert session["day"] == "0" and session["intention"] == "[client] wants to feel calm"
    # Safe Harbor scrubbing (export/scrub.py) takes the possessive with the name.
    assert _read(folder, "themes")[0]["note"] == "about [client] father"


def test_a_cancelled_export_leaves_the_folder_as_it_was(demo, tmp_path):
    folder = tmp_path / "keep"
    folder.mkdir()
    (folder / "mine.txt").write_text("already here")
    progress = Progress()
    progress.report = lambda done, total: progress.cancel() if done else None
    with pytest.raises(ExportCancelled):
        run_export(demo, ExportRequest("csv", folder), progress)
    assert [p.name for p in folder.iterdir()] == ["mine.txt"]


def test_bad_targets_and_scopes_are_one_line_and_write_nothing(demo, practice, tmp_path):
    with pytest.raises(ExportError, match="does not exist"):
        run_export(demo, ExportRequest("csv", tmp_path / "nowhere"))
    with pytest.raises(ExportError, match="no client with chart number NOPE"):
        run_export(demo, ExportRequest("csv", tmp_path, chart="NOPE"))
    with pytest.raises(ExportError, match="(not writable|permission denied)"):
        run_export(demo, ExportRequest("csv", __import__("pathlib").Path("/sys")))
    assert list(tmp_path.glob(".kapnotes-export-*")) == []
