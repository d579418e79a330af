"""The ledger's reports as plain rows (for the PDF, the CSV and the window alike).

Each report covers a date range and carries the balance of every lot it touches at the start
and the end of that range. The administration log has what 21 CFR 1304.22(c) asks for: date,
client name and chart, quantity, and who gave it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
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
    running_balances,
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


@dataclass(frozen=True)
class _Table:
    """One kind of section: the entries it lists, a row for each, and its columns (name,
    width): every report table but the history and the count sheet is made this one way."""

    title: str
    kinds: frozenset[EntryKind]
    columns: tuple[tuple[str, float], ...]
    row: Callable[[Entry, Lot | None], list[str]]

    def section(self, entries: list[Entry], lots: dict[str, Lot]) -> Section:
        rows = [self.row(e, lots.get(e.lot)) for e in entries if e.kind in self.kinds]
        names, widths = zip(*self.columns, strict=True)
        return Section(self.title, list(names), rows, list(widths))


def _product(lot: Lot | None) -> str:
    return f"{FORM_LABELS[lot.form]} {fmt_qty(lot.strength_mg)} mg/{lot.unit}" if lot else ""


def _administration_row(e: Entry, lot: Lot | None) -> list[str]:
    return [e.occurred_on.isoformat(), e.client_name, e.chart, e.lot, _mg(-e.mg), _qty(lot, e.mg),
            e.details.get("given_by") or e.user, e.user, str(e.session_id or "")]  # fmt: skip


def _receipt_row(e: Entry, lot: Lot | None) -> list[str]:
    d = e.details
    supplier = ", ".join(x for x in (d.get("supplier"), d.get("supplier_address")) if x)
    return [
        e.occurred_on.isoformat(), e.lot, _product(lot), d.get("ndc", ""),
        f"{fmt_qty(d.get('containers', 0))} × {fmt_qty(lot.per_container) if lot else ''} "
        f"{lot.unit if lot else ''}", _mg(e.mg), supplier, d.get("supplier_dea", ""),
        f"{d.get('invoice', '')} {d.get('invoice_date', '')}".strip(), e.user,
    ]  # fmt: skip


def _disposal_row(e: Entry, lot: Lot | None) -> list[str]:
    return [e.occurred_on.isoformat(), KIND_LABELS[e.kind], e.lot, _mg(-e.mg), _qty(lot, e.mg),
            e.reason or _detail_text(e), _who(e)]  # fmt: skip


def _destruction_row(e: Entry, lot: Lot | None) -> list[str]:
    return [
        e.occurred_on.isoformat(), e.details.get("place", ""), e.details.get("method", ""),
        e.details.get("ndc") or (lot.ndc if lot else ""), e.lot, _mg(-e.mg),
        _qty(lot, e.mg), e.user, ", ".join(e.witnesses),
    ]  # fmt: skip


def _inventory_row(e: Entry, lot: Lot | None) -> list[str]:
    d = e.details
    return [
        e.occurred_on.isoformat(), "close of business" if d.get("business") == "close"
        else "opening of business", e.lot,
        f"{lot.drug} {FORM_LABELS[lot.form].lower()} {fmt_qty(lot.strength_mg)} mg/{lot.unit}"
        if lot else "", _mg(d.get("counted_mg", 0)), _qty(lot, d.get("counted_mg", 0)),
        "estimated (opened)" if d.get("estimated") else "exact count",
        _mg(d.get("expected_mg", 0)), _who(e),
    ]  # fmt: skip


_ADMINISTRATIONS = _Table("Administration log", frozenset({EntryKind.ADMINISTRATION}), (
    ("Date", 1.1), ("Client", 2.0), ("Chart", 1.0), ("Lot", 1.0), ("Quantity", 0.9),
    ("mL / units", 0.9), ("Given by", 1.6), ("Signed by", 1.6), ("Session", 0.7),
), _administration_row)  # fmt: skip
_RECEIPTS = _Table("Receipts", frozenset({EntryKind.RECEIPT}), (
    ("Received", 1.0), ("Lot", 0.9), ("Product", 1.8), ("NDC", 1.0), ("Containers", 1.0),
    ("Quantity", 0.9), ("Supplier", 1.9), ("DEA no.", 0.9), ("Invoice", 1.1),
    ("Received by", 1.1),
), _receipt_row)  # fmt: skip
_DISPOSALS = _Table("Disposals", frozenset(DISPOSALS), (
    ("Date", 1.0), ("Kind", 1.6), ("Lot", 0.9), ("Quantity", 0.9), ("mL / units", 0.9),
    ("Reason / details", 2.6), ("By, witnesses", 2.2),
), _disposal_row)  # fmt: skip
_DESTRUCTIONS = _Table("Destruction worksheet (DEA Form 41)", frozenset({EntryKind.DESTRUCTION}), (
    ("Date", 1.0), ("Place", 1.5), ("Method", 1.4), ("NDC", 1.0), ("Lot", 0.9),
    ("Quantity", 0.9), ("mL / units", 0.8), ("Destroyed by", 1.2), ("Witnesses (2)", 1.9),
), _destruction_row)  # fmt: skip
_INVENTORIES = _Table("Biennial inventory", frozenset({EntryKind.INVENTORY}), (
    ("Date", 1.0), ("Taken at", 1.3), ("Lot", 0.9), ("Product", 2.2), ("On hand", 0.9),
    ("mL / units", 0.8), ("Count", 1.2), ("Ledger said", 0.9), ("By", 1.4),
), _inventory_row)  # fmt: skip
# The tables of each report kind, in the order "all" lists them after the history.
_TABLES = {
    "administrations": _ADMINISTRATIONS,
    "receipts": _RECEIPTS,
    "disposals": _DISPOSALS,
    "destruction": _DESTRUCTIONS,
    "inventory": _INVENTORIES,
}


def count_sheet(balances: list[BalanceLine], day: date) -> Section:
    """Every lot on hand on a day with the ledger's balance and room to write the count: the
    worksheet of the biennial inventory (opened containers may be estimated)."""
    rows = [
        [b.lot.lot, _product(b.lot), b.lot.ndc, b.lot.expiry.isoformat(), _mg(b.closing), _qty(b.lot, b.closing),
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
    rows = []
    for e, balance in zip(entries, running_balances(entries, opening), strict=True):
        what = KIND_LABELS[e.kind] + (f" of entry {e.reverses}" if e.reverses else "")
        client = f"{e.client_name} ({e.chart})" if e.chart else ""
        rows.append([
            str(e.id), e.occurred_on.isoformat(), what, e.lot,
            ("+" if e.mg > 0 else "") + _mg(e.mg), _mg(balance),
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
    if kind in ("all", "lot"):
        title = f"History of lot {lot}" if lot else "All entries"
        sections = [history_section(entries, opening, title)]
        if kind == "all":
            sections += [table.section(entries, stock) for table in _TABLES.values()]
            sections = [s for s in sections if s.rows or s is sections[0]]
    else:
        sections = [_TABLES[kind].section(entries, stock)]
        if kind == "inventory":
            sections.append(count_sheet(balances, until or date.today()))
    return LedgerReport(
        kind=kind, title=REPORTS[kind] + (f" — lot {lot}" if lot and kind != "all" else ""),
        since=since, until=until, balances=balances, sections=sections,
        practice_name=practice.settings().practice_name,
    )  # fmt: skip


def balance_rows(report: LedgerReport) -> list[list[str]]:
    return [
        [b.lot.lot, _product(b.lot), _mg(b.opening),
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
