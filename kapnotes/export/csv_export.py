"""`kapnotes export csv`: one UTF-8 (with BOM) CSV file per record type, streamed to disk.

Files are written into a private temporary folder inside the target folder and moved into it
only when every file is complete: a failure or a Cancel leaves the folder as it was. The
tables, their columns and derived values are in csv_tables (data dictionary: docs/CSV.md).
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from kapnotes.export import csv_ledger, csv_tables
from kapnotes.export.csv_deidentify import Plan
from kapnotes.export.output import Progress
from kapnotes.store import stream

ENCODING = "utf-8-sig"  # the byte-order mark makes spreadsheets read accents right


# A text cell a spreadsheet would read as a formula (=, +, @, a tab or CR first, or "-" and then
# anything but a space) gets one ' in front, so it is shown as typed and never run (CSV
# injection). A cell already starting with ' gets one too: removing one leading ' from every
# text cell that starts with ' gives back exactly what was typed (docs/CSV.md).
_FORMULA_FIRST = frozenset("=+@\t\r'")


def spreadsheet_safe(value):
    """The cell as written: a text that would start a formula behind a ', anything else as is
    (numbers are never touched: a negative number is a number, not a formula)."""
    if value.__class__ is str and value:
        first = value[0]
        if first in _FORMULA_FIRST or (first == "-" and len(value) > 1 and not value[1].isspace()):
            return "'" + value
    return value


_MAYBE_FIRST = _FORMULA_FIRST | {"-"}


def _safe_rows(rows):
    # Only a text cell whose first character may start a formula is looked at closely.
    return (
        [spreadsheet_safe(v) if v.__class__ is str and v[:1] in _MAYBE_FIRST else v for v in row]
        for row in rows
    )


def file_names() -> list[str]:
    """The files a CSV export writes, in the order of docs/CSV.md."""
    return [f"{name}.csv" for name in (*csv_tables.TABLES, csv_ledger.NAME)]


def write_csv_folder(
    practice,
    folder: Path,
    ids: list[int],
    *,
    deidentified: bool = False,
    progress: Progress | None = None,
    today: date | None = None,
) -> int:
    """Write every table for clients `ids` into `folder` (a fresh, empty folder); returns the
    sessions written."""
    today = today or date.today()
    plan = Plan(today, practice) if deidentified else None
    ctx = csv_tables.Context(practice.settings(), today, plan)
    whole_practice = len(ids) == practice.count("clients")
    ledger = csv_ledger.LedgerTable(practice, ctx, whole_practice)
    handles, writers = [], {}
    try:
        headers = {n: csv_tables.columns(n, deidentified) for n in csv_tables.TABLES}
        headers[csv_ledger.NAME] = csv_ledger.columns(deidentified)
        for name, header in headers.items():
            fh = open(folder / f"{name}.csv", "w", encoding=ENCODING, newline="")  # noqa: SIM115
            handles.append(fh)
            writer = csv.writer(fh)
            writer.writerow(header)
            writers[name] = writer
        total = stream.session_total(practice, ids)
        done = 0
        with stream.collector_paused():
            for bundle in stream.iter_bundles(practice, ids):
                if plan is not None:
                    plan.begin(bundle)
                for name, (_cols, _deid, rows) in csv_tables.TABLES.items():
                    writers[name].writerows(_safe_rows(rows(bundle, ctx)))
                writers[csv_ledger.NAME].writerows(_safe_rows(ledger.client_rows(bundle)))
                done += len(bundle.sessions)
                if progress is not None:
                    progress.step(done, total)
            writers[csv_ledger.NAME].writerows(_safe_rows(ledger.practice_rows()))
    finally:
        for fh in handles:
            fh.close()
    return done
