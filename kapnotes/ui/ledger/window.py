"""The Controlled substances window: stock on hand, every lot, the entries with filters, and
the buttons that record receipts, waste, counts, destruction and other disposals."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kapnotes.domain.ledger import KIND_LABELS, EntryKind, drug_totals, fmt_qty, product_totals
from kapnotes.export.ledger_pdf import export_ledger_pdf
from kapnotes.export.ledger_report import REPORTS, build_report, write_csv
from kapnotes.services import ledger as ledger_service
from kapnotes.services.context import ServiceContext
from kapnotes.store import PracticeError
from kapnotes.ui.common.widgets import calendar_date
from kapnotes.ui.ledger.dialogs import CountDialog, DisposeDialog, ReceiveDialog, day_of
from kapnotes.ui.ledger.models import EntryModel, StockModel
from kapnotes.ui.security.widgets import MessageLine

EARLIEST = QDate(2000, 1, 1)


def totals_text(stock) -> str:
    """Per drug in mg, then per product in mg, mL or units and containers."""
    if not stock:
        return "No stock received yet: Receive… records the supplier's invoice."
    drugs = " · ".join(
        f"{d.capitalize()}: {fmt_qty(mg)} mg" for d, mg in drug_totals(stock).items()
    )
    products = "; ".join(
        f"{t.label}: {fmt_qty(t.mg)} mg = {fmt_qty(round(t.units, 2))} "
        f"{'mL' if t.label.endswith('mL') else 'units'}, {fmt_qty(round(t.containers, 2))} "
        f"containers in {t.lots} lot{'s' if t.lots != 1 else ''}"
        for t in product_totals(stock)
    )
    return f"On hand — {drugs}.  {products}."


def _table(model, parent) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class LedgerWindow(QDialog):
    """Stock, lots and entries of the controlled-substance ledger."""

    def __init__(self, services: ServiceContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.practice = services.practice  # reads; writes go through services.ledger
        self.setWindowTitle("Controlled substances — KAPNotes")
        self.resize(1180, 640)
        self.findings = MessageLine(self, lines=1)
        self.stock_model, self.lots_model = StockModel(self), StockModel(self)
        self.entry_model = EntryModel(self)
        self.stock_view = _table(self.stock_model, self)
        self.lots_view = _table(self.lots_model, self)
        self.entry_view = _table(self.entry_model, self)

        self.lot_filter, self.kind_filter = QComboBox(self), QComboBox(self)
        self.kind_filter.addItem("All entries", None)
        for kind in EntryKind:
            self.kind_filter.addItem(KIND_LABELS[kind], str(kind))
        self.from_date, self.to_date = self._date(EARLIEST), self._date(QDate.currentDate())
        self.from_date.setSpecialValueText("the beginning")
        filters = QHBoxLayout()
        for label, widget in (("&Lot:", self.lot_filter), ("&Show:", self.kind_filter),
                              ("&From:", self.from_date), ("&To:", self.to_date)):  # fmt: skip
            buddy_label = QLabel(label, self)
            buddy_label.setBuddy(widget)
            filters.addWidget(buddy_label)
            filters.addWidget(widget)
        filters.addStretch(1)
        self.entry_total = QLabel(self)
        entries_page = QWidget(self)
        entries_layout = QVBoxLayout(entries_page)
        entries_layout.addLayout(filters)
        entries_layout.addWidget(self.entry_view, 1)
        entries_layout.addWidget(self.entry_total)

        self.totals = QLabel(self)
        self.totals.setWordWrap(True)
        stock_page = QWidget(self)
        stock_layout = QVBoxLayout(stock_page)
        stock_layout.addWidget(self.stock_view, 1)
        stock_layout.addWidget(self.totals)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(stock_page, "Stock on &hand")
        self.tabs.addTab(self.lots_view, "Lo&ts")
        self.tabs.addTab(entries_page, "&Entries")

        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        actions: tuple[tuple[str, str, Callable[[], object] | None], ...] = (
            ("receive", "&Receive…", self.receive),
            ("waste", "&Waste…", lambda: self.dispose(EntryKind.WASTE)),
            ("count", "&Count…", self.count),
            ("destroy", "&Destroy…", lambda: self.dispose(EntryKind.DESTRUCTION)),
            ("other", "&Other…", None),
            ("reverse", "Re&verse entry…", self.reverse),
            ("report", "Re&port…", self.export_report),
        )
        for key, text, slot in actions:
            button = QPushButton(text, self)
            if slot is not None:
                button.clicked.connect(slot)
            self.buttons[key] = button
            row.addWidget(button)
        other = QMenu(self)
        for kind in (EntryKind.RETURN, EntryKind.TRANSFER, EntryKind.BREAKAGE, EntryKind.LOSS):

            def dispose_kind(k: EntryKind = kind) -> bool:
                return self.dispose(k)

            other.addAction(KIND_LABELS[kind], dispose_kind)
        self.buttons["other"].setMenu(other)
        row.addStretch(1)
        close = QPushButton("Close", self)
        close.clicked.connect(self.accept)
        row.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(self.findings)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(row)
        writer = self.practice.user is None or self.practice.user.can_write
        for key in ("receive", "waste", "count", "destroy", "other", "reverse"):
            self.buttons[key].setEnabled(writer)
            if not writer:
                self.buttons[key].setToolTip("A read-only user cannot record entries.")
        for widget in (self.lot_filter, self.kind_filter):
            widget.currentIndexChanged.connect(self.refresh_entries)
        for widget in (self.from_date, self.to_date):
            widget.dateChanged.connect(self.refresh_entries)
        self.refresh()

    def _date(self, day: QDate) -> QDateEdit:
        edit = calendar_date(self, day)
        edit.setMinimumDate(EARLIEST)
        return edit

    # -- showing -------------------------------------------------------------------------
    def refresh(self) -> None:
        stock = self.practice.ledger_stock()
        self.stock_model.set_rows([b for b in stock if b.mg > 0 or b.pending_mg])
        self.lots_model.set_rows(stock)
        chosen = self.lot_filter.currentData()
        self.lot_filter.blockSignals(True)
        self.lot_filter.clear()
        self.lot_filter.addItem("All lots", None)
        for b in stock:
            self.lot_filter.addItem(b.lot.lot, b.lot.lot)
        self.lot_filter.setCurrentIndex(max(0, self.lot_filter.findData(chosen)))
        self.lot_filter.blockSignals(False)
        self._findings(stock)
        self.totals.setText(totals_text(stock))
        self.refresh_entries()

    def _findings(self, stock) -> None:
        today = date.today()
        urgent = [b for b in stock if b.mg > 0 and b.expiry_status(today) == "expired"]
        soon = [b for b in stock if b.mg > 0 and b.expiry_status(today) == "expiring"]
        if urgent:
            self.findings.show_error(
                "Expired: " + "; ".join(
                    f"lot {b.lot.lot} ({fmt_qty(b.mg)} mg, {b.lot.expiry.isoformat()})"
                    for b in urgent
                ) + ". It cannot be administered: destroy or return it."
            )  # fmt: skip
        elif soon:
            self.findings.show_note(
                "Expires within 30 days: "
                + ", ".join(f"lot {b.lot.lot} ({b.lot.expiry.isoformat()})" for b in soon)
                + "."
            )
        else:
            self.findings.clear_message()

    def refresh_entries(self) -> None:
        kind = self.kind_filter.currentData()
        since = day_of(self.from_date) if self.from_date.date() > EARLIEST else None
        entries = self.practice.ledger_entries(
            lot=self.lot_filter.currentData(), since=since, until=day_of(self.to_date),
            kinds=(kind,) if kind else (),
        )  # fmt: skip
        self.entry_model.set_rows(entries)
        net = sum(e.mg for e in entries)
        self.entry_total.setText(f"{len(entries)} entries · net change {fmt_qty(net)} mg")

    def selected_lot(self) -> str:
        view, model = (
            (self.stock_view, self.stock_model)
            if self.tabs.currentIndex() == 0
            else (self.lots_view, self.lots_model)
        )
        rows = view.selectionModel().selectedRows()
        b = model.row_at(rows[0]) if rows else None
        return b.lot.lot if b else ""

    # -- recording -----------------------------------------------------------------------
    def _run(self, dialog: QDialog) -> bool:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.refresh()
        return True

    def receive(self) -> bool:
        return self._run(ReceiveDialog(self.services, self))

    def dispose(self, kind: EntryKind) -> bool:
        return self._run(DisposeDialog(self.services, kind, self, lot=self.selected_lot()))

    def count(self) -> bool:
        return self._run(CountDialog(self.services, self, lot=self.selected_lot()))

    def reverse(self) -> bool:
        """Reverse the entry selected on the Entries tab, with a reason."""
        rows = self.entry_view.selectionModel().selectedRows()
        entry = self.entry_model.row_at(rows[0]) if rows else None
        if entry is None:
            self.tabs.setCurrentIndex(2)
            self.findings.show_note("Select the entry to reverse on the Entries tab.")
            return False
        reason, ok = QInputDialog.getText(
            self, "Reverse entry",
            f"Reverse entry {entry.id} ({KIND_LABELS[entry.kind]}, {fmt_qty(entry.mg)} mg of "
            f"lot {entry.lot})? The entry stays; a reversing entry takes it back.\nReason:",
        )  # fmt: skip
        if not ok:
            return False
        assert entry.id is not None  # a stored entry
        try:
            ledger_service.reverse(self.services, entry.id, reason)
        except PracticeError as exc:
            self.findings.show_error(f"Not reversed: {exc}")
            return False
        self.refresh()
        return True

    def export_report(self) -> Path | None:
        """The report of the Entries tab's range (and lot) as PDF or CSV."""
        names = list(REPORTS.values())
        name, ok = QInputDialog.getItem(self, "Report", "Which report?", names, 0, False)
        if not ok:
            return None
        kind = list(REPORTS)[names.index(name)]
        lot = self.lot_filter.currentData()
        if kind == "lot" and not lot:
            self.findings.show_note("Choose the lot on the Entries tab first.")
            return None
        path, _filter = QFileDialog.getSaveFileName(
            self, "Save report", f"ledger-{kind}.pdf", "PDF (*.pdf);;CSV (*.csv)"
        )
        if not path:
            return None
        since = day_of(self.from_date) if self.from_date.date() > EARLIEST else None
        target = Path(path)
        try:
            report = build_report(self.practice, kind, since, day_of(self.to_date),
                                  lot if kind == "lot" else None)  # fmt: skip
            if target.suffix.lower() == ".csv":
                write_csv(report, target)
            else:
                export_ledger_pdf(report, target)
            ledger_service.record_export(self.services, f"ledger {kind} report {report.range_text}")
        except (OSError, PracticeError) as exc:
            self.findings.show_error(f"The report was not saved: {exc}")
            return None
        self.findings.show_ok(f"Saved {target.name}.")
        return target
