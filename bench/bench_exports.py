"""The three hand-off exports (JSON, CSV, FHIR) of the bench practice, with peak memory.

JSON is measured against the bare query-and-dump of bench_store (every table fetched whole,
then json.dumps); CSV against the bare csv module writing the same tables' rows; FHIR against
our own JSON export (the issue's yardstick: within 3x). Peak memory is tracemalloc's peak of
Python allocations during a separate run (tracemalloc slows the code it watches, so timings
come from untraced runs): a streaming export stays at one chunk of clients, the bare dump
holds the whole practice.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from bench_store import CHILDREN, bare_connect, median_ms

from kapnotes.export.jobs import ExportRequest, run_export
from kapnotes.store import open_practice

PASSPHRASE: str | None = None  # set by run.py
TABLES = ("clients", "weights", "screening", "courses", "sessions", *CHILDREN, "addenda")


def _bare_json(conn, out: Path) -> None:
    data = {}
    for table in TABLES:
        cur = conn.execute(f"SELECT * FROM {table}")
        data[table] = {"columns": [d[0] for d in cur.description], "rows": cur.fetchall()}
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _bare_csv(conn, folder: Path) -> None:
    for table in TABLES:
        cur = conn.execute(f"SELECT * FROM {table}")
        with open(folder / f"{table}.csv", "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow([d[0] for d in cur.description])
            writer.writerows(cur)


def peak_mb(fn) -> float:
    """Peak traced Python memory of one call, in MB."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def rows(practice_path: Path) -> list[tuple[str, float, float | None, str]]:
    """(what, ours in ms, bare in ms, note) for bench/run.py."""
    folder = Path(tempfile.mkdtemp(prefix="kapnotes-bench-exports-", dir=practice_path.parent))
    out: list[tuple[str, float, float | None, str]] = []
    practice = open_practice(practice_path, PASSPHRASE)
    conn = bare_connect(practice_path)
    try:
        sessions = practice.count("sessions")
        (folder / "csv").mkdir()
        (folder / "bare-csv").mkdir()
        jobs = {
            "json": lambda: run_export(practice, ExportRequest("json", folder / "all.json")),
            "csv": lambda: run_export(practice, ExportRequest("csv", folder / "csv")),
            "fhir": lambda: run_export(
                practice, ExportRequest("fhir", folder / "bundle.json", note_pdfs=False)
            ),
        }
        bare = {
            "json": lambda: _bare_json(conn, folder / "bare.json"),
            "csv": lambda: _bare_csv(conn, folder / "bare-csv"),
        }
        ms = {k: median_ms(fn, 2) for k, fn in jobs.items()}
        bare_ms = {k: median_ms(fn, 2) for k, fn in bare.items()}
        peak = {k: peak_mb(fn) for k, fn in jobs.items()}
        bare_peak = {k: peak_mb(fn) for k, fn in bare.items()}
        size = {
            "json": os.path.getsize(folder / "all.json") / 1e6,
            "csv": sum(p.stat().st_size for p in (folder / "csv").iterdir()) / 1e6,
            "fhir": os.path.getsize(folder / "bundle.json") / 1e6,
        }
        for kind, target in (("json", "target 2x"), ("csv", "")):
            out.append((
                f"export {kind.upper()} to disk, {sessions} sessions", ms[kind], bare_ms[kind],
                f"{size[kind]:.0f} MB; peak {peak[kind]:.0f} MB (bare {bare_peak[kind]:.0f} MB)"
                + (f"; {target}" if target else ""),
            ))  # fmt: skip
        out.append((
            f"export FHIR (note text), {sessions} sessions", ms["fhir"], ms["json"],
            f"vs our JSON; {size['fhir']:.0f} MB; peak {peak['fhir']:.0f} MB; target 3x",
        ))  # fmt: skip
        # With each signed note's PDF attached: the cost is reportlab laying out the PDFs.
        long_client = practice.db.execute(
            "SELECT c.chart, count(*) n FROM sessions s JOIN clients c ON c.id = s.client_id "
            "GROUP BY s.client_id ORDER BY n DESC LIMIT 1"
        ).fetchone()
        start = time.perf_counter()
        run_export(practice, ExportRequest("fhir", folder / "one.json", chart=long_client[0]))
        with_pdfs = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        run_export(practice, ExportRequest("fhir", folder / "one.json", chart=long_client[0],
                                           note_pdfs=False))  # fmt: skip
        without = (time.perf_counter() - start) * 1000
        per_note = (with_pdfs - without) / max(1, long_client[1])
        out.append((
            f"export FHIR with note PDFs, {long_client[1]} sessions", with_pdfs, without,
            f"vs note text; {per_note:.0f} ms per signed note's PDF",
        ))  # fmt: skip
    finally:
        conn.close()
        practice.close()
        shutil.rmtree(folder, ignore_errors=True)
    return out


if __name__ == "__main__":
    for row in rows(Path(sys.argv[1])):
        print(row)
    os._exit(0)
