"""The ledger's reports as plain rows (for the PDF, the CSV and the window alike).

Each report covers a date range and carries the balance of every lot it touches at the start
and the end of that range. The administration log has what 21 CFR 1304.22(c) asks for: date,
client name and chart, quantity, and who gave it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kapnotes.domain.ledger import (
    DISPOSALS,
    FORM_LABELS,
    KIND_LABELS,
    Entry,
    EntryKind,
    Lot,
    fmt_qty,
)

REPORTS = {
    "all": "Controlled-substance ledger",
    "administrations": "Administration log",
    "receipts": "Receipts",
    "disposals": "Disposals",
    "lot": "Lot history",
    "inventory": "Biennial inventory",
    "destruction": "Destruction worksheet (DEA Form 41)",
}


@dataclass
class Section:
    """One table of a report: its title, column names and rows of text."""

    title: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)


@dataclass
class BalanceLine:
    lot: Lot
    opening: float
    closing: float
    received: float
    given_out: float


@dataclass
class LedgerReport:
    """A report: title, range, balances at both ends, and its sections."""

    kind: str
    title: str
    since: date | None
    until: date | None
    balances: list[BalanceLine]
    sections: list[Section]
    practice_name: str = ""

    @property
    def range_text(self) -> str:
        start = self.since.isoformat() if self.since else "the first entry"
        end = self.until.isoformat() if self.until else "today"
        return f"{start} to {end}"


def _mg(value: float) -> str:
    return f"{fmt_qty(value)} mg"


def _qty(lot: Lot | None, mg: float) -> str:
    if lot is None:
        return ""
    unit = lot.unit + ("s" if lot.unit == "unit" and abs(lot.in_units(mg)) != 1 else "")
    return f"{fmt_qty(round(lot.in_units(abs(mg)), 2))} {unit}"


def _who(e: Entry) -> str:
    return e.user + (f"; witnesses: {', '.join(e.witnesses)}" if e.witnesses else "")


def administration_section(entries: list[Entry], lots: dict[str, Lot]) -> Section:
    rows = [
        [e.occurred_on.isoformat(), e.client_name, e.chart, e.lot, _mg(-e.mg),
         _qty(lots.get(e.lot), e.mg), e.details.get("given_by") or e.user, e.user,
         str(e.session_id or "")]
        for e in entries if e.kind == EntryKind.ADMINISTRATION
    ]  # fmt: skip
    return Section(
        "Administration log",
        ["Date", "Client", "Chart", "Lot", "Quantity", "mL / units", "Given by", "Signed by",
         "Session"],
        rows, [1.1, 2.0, 1.0, 1.0, 0.9, 0.9, 1.6, 1.6, 0.7],
    )  # fmt: skip


def receipt_section(entries: list[Entry], lots: dict[str, Lot]) -> Section:
    rows = []
    for e in entries:
        if e.kind != EntryKind.RECEIPT:
            continue
        d, lot = e.details, lots.get(e.lot)
        product = f"{FORM_LABELS[lot.form]} {fmt_qty(lot.strength_mg)} mg/{lot.unit}" if lot else ""
        supplier = ", ".join(x for x in (d.get("supplier"), d.get("supplier_address")) if x)
        rows.append([
            e.occurred_on.isoformat(), e.lot, product, d.get("ndc", ""),
            f"{fmt_qty(d.get('containers', 0))} × {fmt_qty(lot.per_container) if lot else ''} "
            f"{lot.unit if lot else ''}", _mg(e.mg), supplier, d.get("supplier_dea", ""),
            f"{d.get('invoice', '')} {d.get('invoice_date', '')}".strip(), e.user,
        ])  # fmt: skip
    return Section(
        "Receipts",
        ["Received", "Lot", "Product", "NDC", "Containers", "Quantity", "Supplier", "DEA no.",
         "Invoice", "Received by"],
        rows, [1.0, 0.9, 1.8, 1.0, 1.0, 0.9, 1.9, 0.9, 1.1, 1.1],
    )  # fmt: skip


def disposal_section(entries: list[Entry], lots: dict[str, Lot]) -> Section:
    rows = [
        [e.occurred_on.isoformat(), KIND_LABELS[e.kind], e.lot, _mg(-e.mg),
         _qty(lots.get(e.lot), e.mg), e.reason or _detail_text(e), _who(e)]
        for e in entries if e.kind in DISPOSALS
    ]  # fmt: skip
    return Section(
        "Disposals",
        ["Date", "Kind", "Lot", "Quantity", "mL / units", "Reason / details", "By, witnesses"],
        rows, [1.0, 1.6, 0.9, 0.9, 0.9, 2.6, 2.2],
    )  # fmt: skip


def destruction_section(entries: list[Entry], lots: dict[str, Lot]) -> Section:
    rows = []
    for e in entries:
        if e.kind != EntryKind.DESTRUCTION:
            continue
        lot = lots.get(e.lot)
        rows.append([
            e.occurred_on.isoformat(), e.details.get("place", ""), e.details.get("method", ""),
            e.details.get("ndc") or (lot.ndc if lot else ""), e.lot, _mg(-e.mg),
            _qty(lot, e.mg), e.user, ", ".join(e.witnesses),
        ])  # fmt: skip
    return Section(
        "Destruction worksheet (DEA Form 41)",
        ["Date", "Place", "Method", "NDC", "Lot", "Quantity", "mL / units", "Destroyed by",
         "Witnesses (2)"],
        rows, [1.0, 1.5, 1.4, 1.0, 0.9, 0.9, 0.8, 1.2, 1.9],
    )  # fmt: skip


def inventory_section(entries: list[Entry], lots: dict[str, Lot]) -> Section:
    rows = []
    for e in entries:
        if e.kind != EntryKind.INVENTORY:
            continue
        lot, d = lots.get(e.lot), e.details
        rows.append([
            e.occurred_on.isoformat(), "close of business" if d.get("business") == "close"
            else "opening of business", e.lot,
            f"{lot.drug} {FORM_LABELS[lot.form].lower()} {fmt_qty(lot.strength_mg)} mg/{lot.unit}"
            if lot else "", _mg(d.get("counted_mg", 0)), _qty(lot, d.get("counted_mg", 0)),
            "estimated (opened)" if d.get("estimated") else "exact count",
            _mg(d.get("expected_mg", 0)), _who(e),
        ])  # fmt: skip
    return Section(
        "Biennial inventory",
        ["Date", "Taken at", "Lot", "Product", "On hand", "mL / units", "Count", "Ledger said",
         "By"],
        rows, [1.0, 1.3, 0.9, 2.2, 0.9, 0.8, 1.2, 0.9, 1.4],
    )  # fmt: skip


def count_sheet(balances: list[BalanceLine], day: date) -> Section:
    """Every lot on hand on a day with the ledger's balance and room to write the count: the
    worksheet of the biennial inventory (opened containers may be estimated)."""
    rows = [
        [b.lot.lot, f"{FORM_LABELS[b.lot.form]} {fmt_qty(b.lot.strength_mg)} mg/{b.lot.unit}",
         b.lot.ndc, b.lot.expiry.isoformat(), _mg(b.closing), _qty(b.lot, b.closing),
         fmt_qty(round(b.lot.in_containers(b.closing), 2)), "", ""]
        for b in balances if b.closing > 1e-9
    ]  # fmt: skip
    return Section(
        f"Count sheet: lots on hand on {day.isoformat()}",
        ["Lot", "Product", "NDC", "Expiry", "Ledger", "mL / units", "Containers",
         "Counted", "Exact / estimated"],
        rows, [0.9, 2.0, 1.0, 0.9, 0.9, 0.8, 0.8, 1.2, 1.3],
    )  # fmt: skip


def history_section(entries: list[Entry], opening: dict[str, float], title: str) -> Section:
    running = dict(opening)
    rows = []
    for e in entries:
        running[e.lot] = running.get(e.lot, 0.0) + e.mg
        what = KIND_LABELS[e.kind] + (f" of entry {e.reverses}" if e.reverses else "")
        client = f"{e.client_name} ({e.chart})" if e.chart else ""
        rows.append([
            str(e.id), e.occurred_on.isoformat(), what, e.lot,
            ("+" if e.mg > 0 else "") + _mg(e.mg), _mg(running[e.lot]),
            client or e.reason or _detail_text(e), _who(e),
        ])  # fmt: skip
    return Section(
        title,
        ["No.", "Date", "Entry", "Lot", "Change", "Balance", "Client / reason", "By"],
        rows, [0.5, 1.0, 1.7, 0.9, 0.9, 0.9, 2.4, 1.9],
    )  # fmt: skip


def _detail_text(e: Entry) -> str:
    d = e.details
    if e.kind in (EntryKind.COUNT, EntryKind.INVENTORY):
        return f"counted {fmt_qty(d.get('counted_mg', 0))} mg, expected {fmt_qty(d.get('expected_mg', 0))} mg"
    parts = [
        f"{k.replace('_', ' ')}: {fmt_qty(v) if isinstance(v, float) else v}"
        for k, v in sorted(d.items()) if v not in ("", None)
    ]  # fmt: skip
    return "; ".join(parts)


def build_report(
    practice, kind: str = "all", since: date | None = None, until: date | None = None,
    lot: str | None = None,
) -> LedgerReport:  # fmt: skip
    """The report of `kind` (see REPORTS) over a date range (and one lot, for "lot")."""
    if kind not in REPORTS:
        raise ValueError(f"unknown report {kind}")
    stock = {b.lot.lot: b.lot for b in practice.ledger_stock()}
    entries = practice.ledger_entries(lot=lot, since=since, until=until)
    opening = (
        practice.ledger_balances_on(since, before=True) if since else dict.fromkeys(stock, 0.0)
    )
    closing = practice.ledger_balances_on(until) if until else practice.ledger_balances_on(date.max)
    touched = {e.lot for e in entries} | {k for k, v in opening.items() if abs(v) > 1e-9}
    if lot:
        touched = {lot}
    balances = [
        BalanceLine(
            lot=stock[name], opening=opening.get(name, 0.0), closing=closing.get(name, 0.0),
            received=sum(e.mg for e in entries if e.lot == name and e.mg > 0),
            given_out=-sum(e.mg for e in entries if e.lot == name and e.mg < 0),
        )
        for name in sorted(touched) if name in stock
    ]  # fmt: skip
    makers = {
        "administrations": [administration_section],
        "receipts": [receipt_section],
        "disposals": [disposal_section],
        "inventory": [inventory_section],
        "destruction": [destruction_section],
    }
    if kind in ("all", "lot"):
        title = f"History of lot {lot}" if lot else "All entries"
        sections = [history_section(entries, opening, title)]
        if kind == "all":
            sections += [m(entries, stock) for m in (administration_section, receipt_section,
                                                      disposal_section, destruction_section,
                                                      inventory_section)]  # fmt: skip
            sections = [s for s in sections if s.rows or s is sections[0]]
    else:
        sections = [m(entries, stock) for m in makers[kind]]
        if kind == "inventory":
            sections.append(count_sheet(balances, until or date.today()))
    return LedgerReport(
        kind=kind, title=REPORTS[kind] + (f" — lot {lot}" if lot and kind != "all" else ""),
        since=since, until=until, balances=balances, sections=sections,
        practice_name=practice.settings().practice_name,
    )  # fmt: skip


def balance_rows(report: LedgerReport) -> list[list[str]]:
    return [
        [b.lot.lot, f"{FORM_LABELS[b.lot.form]} {fmt_qty(b.lot.strength_mg)} mg/{b.lot.unit}",
         _mg(b.opening),
         _mg(b.received), _mg(b.given_out), _mg(b.closing),
         fmt_qty(round(b.lot.in_containers(b.closing), 2)), b.lot.expiry.isoformat()]
        for b in report.balances
    ]  # fmt: skip


def drug_total_rows(report: LedgerReport) -> list[list[str]]:
    """One row per drug: the sums of its lots' opening, in, out and closing balances."""
    out = []
    for drug in sorted({b.lot.drug for b in report.balances}):
        mine = [b for b in report.balances if b.lot.drug == drug]
        out.append([
            f"All {drug}", f"{len(mine)} lot{'s' if len(mine) != 1 else ''}",
            _mg(sum(b.opening for b in mine)), _mg(sum(b.received for b in mine)),
            _mg(sum(b.given_out for b in mine)), _mg(sum(b.closing for b in mine)), "", "",
        ])  # fmt: skip
    return out


BALANCE_COLUMNS = ["Lot", "Product", "Opening", "In", "Out", "Closing", "Containers", "Expiry"]


def report_csv(report: LedgerReport) -> str:
    """The report as CSV: a line naming it, the opening/closing balances, then each section
    with its own header row (sections are separated by an empty line)."""
    buffer = io.StringIO()
    out = csv.writer(buffer)
    out.writerow([report.title, report.range_text])
    out.writerow([])
    out.writerow(["Balances"])
    out.writerow(BALANCE_COLUMNS)
    out.writerows(balance_rows(report))
    out.writerows(drug_total_rows(report))
    for section in report.sections:
        out.writerow([])
        out.writerow([section.title])
        out.writerow(section.columns)
        out.writerows(section.rows)
    return buffer.getvalue()


def write_csv(report: LedgerReport, path: Path) -> None:
    from kapnotes.export.page import write_private

    write_private(Path(path), report_csv(report).encode("utf-8"))
