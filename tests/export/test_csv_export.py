"""The CSV export read back: counts and values against the JSON export of the same practice,
UTF-8 with a BOM, derived columns marked, de-identified like the PDFs, nothing half-written."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, time

import pytest

from kapnotes.domain.records import (
    Administration,
    Client,
    EffectObservation,
    Session,
    ThemeTag,
    VitalSign,
)
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
    # Typed text a spreadsheet would run as a formula (the review's h2.json), and lots.
    other = Client(chart="F-1", name="Lena Vogt")
    practice.save_client(other)
    f = Session(other.id, None, date(2026, 3, 2), start_time=time(10, 0), intention="=1+2",
                narrative={"Note": '=HYPERLINK("http://evil","x")'})  # fmt: skip
    f.administrations = [Administration(time(10, 0), "im", 50.0, lot="KT-1"),
                         Administration(time(10, 20), "im", 10.0, lot="=KT2")]  # fmt: skip
    f.themes = [ThemeTag("grief", "+cmd|' /C calc'!A0")]
    f.vitals = [VitalSign(time(10, 0), systolic=120, sedation_scale="rass", sedation_score=-2,
                          note="-2+3")]  # fmt: skip
    f.effects = [EffectObservation("dissociation", 1, note="- a list item"),
                 EffectObservation("nausea", 1, note="'quoted'"),
                 EffectObservation("dizziness", 1, note="@SUM(A1)\tx")]  # fmt: skip
    f.discharge.note = "\rCR first"
    practice.save_session(f)
    return practice


def _typed(cell: str) -> str:
    """A text cell as typed: docs/CSV.md's rule, one leading ' removed."""
    return cell[1:] if cell.startswith("'") else cell


def _read(folder, name):
    raw = (folder / f"{name}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{name}.csv has no byte-order mark"
    # newline="": a CR inside a quoted cell is part of the cell, not the end of a row
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


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
        assert row["kind"] == s.kind and _typed(row["intention"]) == s.intention
        assert _typed(row["narrative"]) == s.narrative_text()
        assert _typed(row["discharge_note"]) == s.discharge.note
        expected = f"{s.total_mg}" if s.administrations else ""
        assert row["derived_total_mg"] == expected
    given = _read(folder, "administrations")
    assert [float(r["mg"]) for r in given] == [a.mg for s in sessions for a in s.administrations]
    # The lot of each administration (stored per administration since m008).
    lots = [a.lot for s in sessions for a in s.administrations]
    assert [_typed(r["lot"]) for r in given] == lots and "=KT2" in lots
    for table, attr in (("vitals", "vitals"), ("effects", "effects"), ("themes", "themes")):
        notes = [x.note for s in sessions for x in getattr(s, attr)]
        assert [_typed(r["note"]) for r in _read(folder, table)] == notes, table
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


def test_formula_text_is_written_behind_a_quote_numbers_never(demo, tmp_path):
    for deidentified in (False, True):
        folder = tmp_path / f"f{deidentified}"
        folder.mkdir()
        run_export(demo, ExportRequest("csv", folder, chart="F-1", deidentified=deidentified))
        (session,) = _read(folder, "sessions")
        assert session["intention"] == "'=1+2"
        assert session["narrative"].startswith("'=HYPERLINK(")
        assert session["discharge_note"] == "'\rCR first"
        assert [r["lot"] for r in _read(folder, "administrations")] == ["KT-1", "'=KT2"]
        assert _read(folder, "themes")[0]["note"] == "'+cmd|' /C calc'!A0"
        (vital,) = _read(folder, "vitals")
        assert vital["note"] == "'-2+3" and vital["sedation_score"] == "-2"  # a number stays
        notes = [r["note"] for r in _read(folder, "effects")]
        assert notes == ["- a list item", "''quoted'", "'@SUM(A1)\tx"]
