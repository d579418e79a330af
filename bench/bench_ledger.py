"""The controlled-substance ledger: balances over 50,000 entries against a bare SQL SUM, and
the two-year administration log of 20,000 sessions as a PDF against bare reportlab.

Builds its own practice in bench/data/ (plain SQLite, reused between runs): 100 lots, 20,000
administrations over two years (one a session), receipts, waste and counts up to 50,000
entries, written through the store's own insert (no audit entries: this measures reading).
"""

from __future__ import annotations

import io
import random
import sqlite3
import time
from datetime import date, timedelta
from pathlib import Path

from bench_store import best_ms  # bench/ is on sys.path: run.py puts it there
from reportlab.lib.pagesizes import landscape
from reportlab.platypus import LongTable, SimpleDocTemplate

from kapnotes.domain.ledger import DrugForm, Entry, EntryKind, Lot
from kapnotes.export import styles as st
from kapnotes.export.fonts import BODY, register_fonts
from kapnotes.export.ledger_pdf import export_ledger_pdf
from kapnotes.export.ledger_report import build_report
from kapnotes.store import ledger, open_practice
from kapnotes.store.rows import now_text

HERE = Path(__file__).resolve().parent
PATH = HERE / "data" / "ledger-bench.kapnotes"
ENTRIES = 50_000
ADMINISTRATIONS = 20_000
LOTS = 100
START = date(2024, 1, 1)


def build(path: Path) -> None:
    """The bench practice: 50,000 entries, 20,000 of them administrations over two years."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(14)
    stamp = now_text()
    with open_practice(path, create=True) as p, p.db.atomic():
        lots = [
            ledger.insert_lot(p.db, Lot(f"KT{n:04d}", "ketamine", DrugForm.INJECTION, 50, 10,
                                        date(2027, 1, 1), ndc="0409-2051-05"))
            for n in range(LOTS)
        ]  # fmt: skip
        kinds = [EntryKind.ADMINISTRATION] * ADMINISTRATIONS
        kinds += [EntryKind.WASTE, EntryKind.COUNT] * ((ENTRIES - ADMINISTRATIONS - LOTS) // 2)
        rng.shuffle(kinds)
        entry_id = 0
        for lot in lots:  # enough stock for every lot
            entry_id += 1
            entry = Entry(EntryKind.RECEIPT, lot.lot, 1_000_000.0, START, "Dr A",
                          details={"invoice": f"INV-{lot.lot}", "containers": 2000})  # fmt: skip
            ledger.insert_entry(
                p.db, ledger.row_values(entry, entry_id, lot.id, None, None, stamp), []
            )
        for i, kind in enumerate(kinds):
            entry_id += 1
            lot = lots[i % LOTS]
            day = START + timedelta(days=730 * i // len(kinds))
            mg = -float(rng.choice((25, 35, 50, 75))) if kind != EntryKind.COUNT else 0.0
            chart = f"K-{rng.randint(1, 900):04d}" if kind == EntryKind.ADMINISTRATION else ""
            entry = Entry(kind, lot.lot, mg if kind != EntryKind.WASTE else -5.0, day, "Dr A",
                          client_name=f"Client {chart}" if chart else "", chart=chart,
                          details={"given_by": "Sofía Ramírez, RN"} if chart else {})  # fmt: skip
            ledger.insert_entry(
                p.db, ledger.row_values(entry, entry_id, lot.id, None, None, stamp), []
            )


def _bare_pdf(section) -> int:
    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=landscape(st.PAGE_SIZE))
    table = LongTable([section.columns, *section.rows], repeatRows=1)
    table.setStyle([("FONT", (0, 0), (-1, -1), BODY, 7.5)])
    doc.build([table])
    return doc.page


def rows(_practice_path: Path) -> list[tuple[str, float, float | None, str]]:
    """(what, ours in ms, bare in ms, note) for bench/run.py."""
    if not PATH.exists():
        build(PATH)
    with open_practice(PATH) as p:
        if p.db.execute("SELECT count(*) FROM ledger_entries").fetchone()[0] != ENTRIES - (
            (ENTRIES - ADMINISTRATIONS - LOTS) % 2
        ):
            p.close()
            build(PATH)
    out = []
    with open_practice(PATH) as p:
        ours_ms, balances = best_ms(lambda: p.ledger_balances_on(date.max))
        raw = sqlite3.connect(PATH)
        bare_ms, _ = best_ms(
            lambda: raw.execute(
                "SELECT lot_id, SUM(mg) FROM ledger_entries WHERE occurred_on <= ? "
                "GROUP BY lot_id", ["9999-12-31"]
            ).fetchall()
        )  # fmt: skip
        out.append((f"ledger balances on a date, {ENTRIES:,} entries, {LOTS} lots", ours_ms, bare_ms,
                    "ledger_balances_on vs SELECT SUM(mg) GROUP BY lot"))  # fmt: skip
        one = p.ledger_lot("KT0001").id
        ours_ms, _ = best_ms(lambda: ledger.balance(p.db, one))
        bare_ms, _ = best_ms(
            lambda: raw.execute(
                "SELECT SUM(mg) FROM ledger_entries WHERE lot_id = ?", [one]
            ).fetchone()
        )
        out.append(("ledger balance of one lot", ours_ms, bare_ms, "vs SELECT SUM(mg) WHERE lot"))
        ours_ms, _ = best_ms(p.ledger_stock)
        bare_ms, _ = best_ms(
            lambda: raw.execute(
                "SELECT lot_id, SUM(mg) FROM ledger_entries GROUP BY lot_id"
            ).fetchall()
        )
        out.append(("ledger stock on hand (balances, pending, lots)", ours_ms, bare_ms,
                    "ledger_stock vs SELECT SUM(mg) GROUP BY lot"))  # fmt: skip
        raw.close()
        until = START + timedelta(days=729)
        start = time.perf_counter()
        report = build_report(p, "administrations", START, until)
        report_ms = (time.perf_counter() - start) * 1000
        logged = len(report.sections[0].rows)
        out.append((f"administration log rows, {logged:,} over 2 years", report_ms, None,
                    "build_report"))  # fmt: skip
        start = time.perf_counter()
        pages = export_ledger_pdf(report, io.BytesIO()).pages
        pdf_ms = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        bare_pages = _bare_pdf(report.sections[0])
        bare_ms = (time.perf_counter() - start) * 1000
        out.append((f"administration log PDF, {logged:,} sessions", pdf_ms, bare_ms,
                     f"{pages} pages (bare LongTable: {bare_pages})"))  # fmt: skip
    return out


if __name__ == "__main__":
    from run import table

    print(table(rows(PATH)))
