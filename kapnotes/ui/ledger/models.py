"""Table models of the Controlled substances window, over plain rows from the store."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from kapnotes.domain.ledger import FORM_LABELS, KIND_LABELS, Entry, LotBalance, fmt_qty
from kapnotes.ui.common.row_model import Index, RowTableModel

# Readable on both themes: the text stays the theme's, only the background warns.
URGENT = QColor("#f4b4ae")
CAUTION = QColor("#ffe08a")


class StockModel(RowTableModel[LotBalance]):
    """One lot a row: balance in mg, mL or units and containers, pending drafts, expiry."""

    HEADERS = ("Lot", "Product", "Balance", "mL / units", "Containers", "Pending", "Expiry")
    LOT, PRODUCT, MG, UNITS, CONTAINERS, PENDING, EXPIRY = range(7)

    def __init__(self, parent=None, today: date | None = None):
        super().__init__(parent)
        self.today = today or date.today()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        b = self.row_at(index)
        if b is None:
            return None
        col, lot = index.column(), b.lot
        status = b.expiry_status(self.today)
        if role == Qt.ItemDataRole.DisplayRole:
            unit = lot.unit + ("s" if lot.unit == "unit" else "")
            return {
                self.LOT: lot.lot,
                self.PRODUCT: f"{FORM_LABELS[lot.form]} {fmt_qty(lot.strength_mg)} mg/{lot.unit}"
                + (f" · NDC {lot.ndc}" if lot.ndc else ""),
                self.MG: f"{fmt_qty(b.mg)} mg",
                self.UNITS: f"{fmt_qty(round(b.units, 2))} {unit}",
                self.CONTAINERS: fmt_qty(round(b.containers, 2)),
                self.PENDING: f"{fmt_qty(b.pending_mg)} mg" if b.pending_mg else "",
                self.EXPIRY: lot.expiry.isoformat()
                + {"expired": " · EXPIRED", "expiring": " · expires soon"}.get(status, ""),
            }.get(col)
        if role == Qt.ItemDataRole.BackgroundRole and col == self.EXPIRY and b.mg > 0:
            return {"expired": URGENT, "expiring": CAUTION}.get(status)
        if role == Qt.ItemDataRole.ToolTipRole and col == self.EXPIRY and status and b.mg > 0:
            return (
                "Expired: it cannot be administered; destroy or return it."
                if status == "expired"
                else "Expires within 30 days."
            )
        if role == Qt.ItemDataRole.ToolTipRole and col == self.PENDING and b.pending_mg:
            return "Given in unsigned notes: posted when they are signed."
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (
            self.MG, self.UNITS, self.CONTAINERS, self.PENDING
        ):  # fmt: skip
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class EntryModel(RowTableModel[Entry]):
    """One ledger entry a row, oldest first."""

    HEADERS = ("No.", "Date", "Entry", "Lot", "Change", "Client", "By", "Reason / details")
    ID, DATE, KIND, LOT, MG, CLIENT, BY, REASON = range(8)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        e = self.row_at(index)
        if e is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                self.ID: str(e.id),
                self.DATE: e.occurred_on.isoformat(),
                self.KIND: KIND_LABELS[e.kind] + (f" of no. {e.reverses}" if e.reverses else ""),
                self.LOT: e.lot,
                self.MG: ("+" if e.mg > 0 else "") + f"{fmt_qty(e.mg)} mg",
                self.CLIENT: f"{e.client_name} ({e.chart})" if e.chart else "",
                self.BY: e.user + (f"; witnesses {', '.join(e.witnesses)}" if e.witnesses else ""),
                self.REASON: e.reason or details_text(e),
            }.get(col)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.ID, self.MG):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def details_text(e: Entry) -> str:
    d = e.details
    if "counted_mg" in d:
        return f"counted {fmt_qty(d['counted_mg'])} mg, expected {fmt_qty(d['expected_mg'])} mg"
    if e.kind == "administration":
        qty = f"{fmt_qty(d.get('quantity', 0))} {d.get('unit', '')}"
        return f"{qty} · {d.get('route', '').upper()} · given by {d.get('given_by', e.user)}"
    if "invoice" in d:
        return f"invoice {d['invoice']} · {d.get('supplier', '')}"
    keep = ("place", "method", "to", "type", "police_report")
    return " · ".join(f"{d[k]}" for k in keep if d.get(k))
