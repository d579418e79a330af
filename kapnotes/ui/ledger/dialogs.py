"""Receive, Waste (and other disposals), Count and Destroy dialogs. Each checks with the
store's rules on OK: a refusal shows under the form in one line and keeps what was typed."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from kapnotes.domain import ledger as rules
from kapnotes.domain.ledger import FORM_LABELS, KIND_LABELS, DrugForm, EntryKind, Lot, Receipt
from kapnotes.services import ledger as ledger_service
from kapnotes.services.context import ServiceContext
from kapnotes.store import PracticeError
from kapnotes.ui.common.widgets import action_buttons, calendar_date, column, to_date
from kapnotes.ui.ledger.witness import WitnessBox, witnesses_of
from kapnotes.ui.security.widgets import MessageLine


class BadInput(ValueError):
    """A field that cannot be read; its message names the field."""


def date_edit(parent: QWidget, day: date | None = None) -> QDateEdit:
    return calendar_date(parent, day or date.today())


def day_of(edit: QDateEdit) -> date:
    return to_date(edit.date())


def number(edit: QLineEdit, what: str) -> float:
    text = edit.text().strip().replace(",", "")
    try:
        return float(text)
    except ValueError:
        raise BadInput(f"{what}: type a number.") from None


class EntryDialog(QDialog):
    """A form, a message line and OK/Cancel; `submit()` records the entry or raises."""

    ACTION = "Record"

    def __init__(self, services: ServiceContext, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.practice = services.practice  # reads; writes go through services.ledger
        self.entry = None
        self.setWindowTitle(f"{title} — Controlled substances")
        self.setMinimumWidth(520)
        self.form = QFormLayout()
        self.message = MessageLine(self)
        self.buttons, self.ok_button = action_buttons(self, self.ACTION, self.try_accept)
        column(self, self.form, self.message, self.buttons)
        self.witness_boxes: list[WitnessBox] = []

    def add_witnesses(self, count: int, optional: bool = False) -> None:
        users = self.practice.list_users() if self.practice.user is not None else []
        me = self.practice.actor
        for n in range(count):
            box = WitnessBox(users, me, optional, self)
            self.witness_boxes.append(box)
            label = "&Witness:" if count == 1 else f"Witness &{n + 1}:"
            self.form.addRow(label, box)

    def lot_combo(self, with_empty: bool = False) -> QComboBox:
        combo = QComboBox(self)
        for b in self.practice.ledger_stock():
            if b.mg > 0 or with_empty:
                status = {"expired": " · EXPIRED", "expiring": " · expires soon"}.get(
                    b.expiry_status(date.today()), ""
                )
                combo.addItem(
                    f"{b.lot.lot} — {rules.fmt_qty(b.mg)} mg, expires "
                    f"{b.lot.expiry.isoformat()}{status}",
                    b.lot.lot,
                )
        return combo

    def try_accept(self) -> None:
        try:
            self.entry = self.submit()
        except BadInput as exc:
            self.message.show_error(str(exc))
            return
        except PracticeError as exc:
            for box in self.witness_boxes:
                box.clear_passphrase()
            self.message.show_error(f"Not recorded: {exc}")
            return
        self.accept()

    def submit(self):  # pragma: no cover - every dialog defines it
        raise NotImplementedError


class ReceiveDialog(EntryDialog):
    """Stock received on the supplier's invoice (the receipt record for Schedule III)."""

    ACTION = "Receive"

    def __init__(self, services: ServiceContext, parent: QWidget | None = None):
        super().__init__(services, "Receive stock", parent)
        self.drug = QComboBox(self)
        for d in rules.DRUGS:
            self.drug.addItem(d, d)
        self.form_combo = QComboBox(self)
        for drug_form in DrugForm:
            self.form_combo.addItem(FORM_LABELS[drug_form], str(drug_form))
        self.ndc, self.lot = QLineEdit(self), QLineEdit(self)
        self.expiry = date_edit(self, date.today().replace(year=date.today().year + 1))
        self.strength, self.per, self.containers = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        self.supplier, self.address, self.dea = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        self.invoice = QLineEdit(self)
        self.invoice_date, self.received = date_edit(self), date_edit(self)
        self.strength_label, self.per_label = QLabel(self), QLabel(self)
        f = self.form
        f.addRow("&Drug:", self.drug)
        f.addRow("&Form:", self.form_combo)
        f.addRow("&NDC:", self.ndc)
        f.addRow("&Lot:", self.lot)
        f.addRow("&Expiry:", self.expiry)
        f.addRow(self.strength_label, self.strength)
        f.addRow(self.per_label, self.per)
        f.addRow("&Containers:", self.containers)
        f.addRow("&Supplier:", self.supplier)
        f.addRow("Supplier &address:", self.address)
        f.addRow("Supplier D&EA no.:", self.dea)
        f.addRow("&Invoice no.:", self.invoice)
        f.addRow("Invoice date:", self.invoice_date)
        f.addRow("&Received on:", self.received)
        self.form_combo.currentIndexChanged.connect(self._units)
        self.drug.currentIndexChanged.connect(self._drug_changed)
        self._units()

    def _drug_changed(self) -> None:
        wanted = DrugForm.NASAL_DEVICE if self.drug.currentData() == "esketamine" else None
        if wanted is not None:
            self.form_combo.setCurrentIndex(self.form_combo.findData(str(wanted)))

    def _units(self) -> None:
        unit = "mL" if DrugForm(self.form_combo.currentData()) in rules.BY_VOLUME else "unit"
        self.strength_label.setText(f"S&trength (mg/{unit}):")
        self.per_label.setText(f"{unit}s &per container:")
        self.strength_label.setBuddy(self.strength)
        self.per_label.setBuddy(self.per)

    def submit(self):
        lot = Lot(
            lot=self.lot.text().strip(), drug=self.drug.currentData(),
            form=DrugForm(self.form_combo.currentData()),
            strength_mg=number(self.strength, "Strength"),
            per_container=number(self.per, "Quantity per container"),
            expiry=day_of(self.expiry), ndc=self.ndc.text().strip(),
        )  # fmt: skip
        receipt = Receipt(
            lot=lot, containers=number(self.containers, "Containers"),
            invoice=self.invoice.text(), supplier=self.supplier.text(),
            supplier_dea=self.dea.text(), supplier_address=self.address.text(),
            invoice_date=day_of(self.invoice_date), received_on=day_of(self.received),
        )  # fmt: skip
        return ledger_service.receive(self.services, receipt)


class DisposeDialog(EntryDialog):
    """Waste, breakage, return, transfer, loss or destruction, with the witnesses and the
    details the kind needs (DEA Form 41 for destruction, Form 106 for loss or theft)."""

    EXTRA = {
        EntryKind.DESTRUCTION: (("place", "&Place:"), ("method", "&Method:")),
        EntryKind.TRANSFER: (("to", "Transferred &to:"), ("dea", "Their &DEA no.:")),
        EntryKind.RETURN: (("to", "Returned &to:"),),
        EntryKind.LOSS: (("type", "Loss or &theft:"), ("police_report", "&Police report no.:")),
    }

    def __init__(self, services: ServiceContext, kind: EntryKind | str, parent=None, lot: str = ""):
        self.kind = EntryKind(kind)
        self.ACTION = "Destroy" if self.kind == EntryKind.DESTRUCTION else "Record"
        super().__init__(services, KIND_LABELS[self.kind], parent)
        self.lot = self.lot_combo()
        if lot:
            self.lot.setCurrentIndex(max(0, self.lot.findData(lot)))
        self.mg, self.reason = QLineEdit(self), QLineEdit(self)
        self.mg.setPlaceholderText("mg")
        self.when = date_edit(self)
        self.form.addRow("&Lot:", self.lot)
        self.form.addRow("&Quantity (mg):", self.mg)
        self.form.addRow("&Reason:", self.reason)
        self.form.addRow("Dat&e:", self.when)
        self.extra: dict[str, QLineEdit] = {}
        for key, label in self.EXTRA.get(self.kind, ()):
            self.extra[key] = QLineEdit(self)
            self.form.addRow(label, self.extra[key])
        self.for_session = QComboBox(self)
        self.for_session.addItem("— none —", None)
        if self.kind == EntryKind.WASTE:
            self.reason.setPlaceholderText("drawn 50 mg, gave 35 mg")
            # Drawn but not given: the waste names the session (and its lot) it was drawn for.
            since = date.today() - timedelta(days=14)
            for sid, day, name, chart, lot_no in self.practice.ledger_recent_sessions(since):
                self.for_session.addItem(f"{day.isoformat()} · {name} ({chart}) · lot {lot_no}",
                                         (sid, lot_no))  # fmt: skip
            self.form.insertRow(0, "For &session:", self.for_session)
            self.for_session.currentIndexChanged.connect(self._session_chosen)
        self.add_witnesses(rules.WITNESSES_NEEDED.get(self.kind, 0))

    def _session_chosen(self) -> None:
        chosen = self.for_session.currentData()
        if chosen:
            self.lot.setCurrentIndex(max(0, self.lot.findData(chosen[1])))

    def submit(self):
        if self.lot.currentData() is None:
            raise BadInput("There is no lot with stock on hand.")
        chosen = self.for_session.currentData()
        details = {k: e.text().strip() for k, e in self.extra.items() if e.text().strip()}
        if self.kind == EntryKind.DESTRUCTION:
            details.setdefault("ndc", self.practice.ledger_lot(self.lot.currentData()).ndc)
        return ledger_service.dispose(
            self.services, self.kind, self.lot.currentData(), number(self.mg, "Quantity"),
            witnesses=witnesses_of(self.witness_boxes), reason=self.reason.text(),
            occurred_on=day_of(self.when), details=details,
            session_id=chosen[0] if chosen else None,
        )  # fmt: skip


class CountDialog(EntryDialog):
    """A physical count of one lot (or a line of the biennial inventory)."""

    ACTION = "Record count"

    def __init__(self, services: ServiceContext, parent: QWidget | None = None, lot: str = ""):
        super().__init__(services, "Count", parent)
        self.lot = self.lot_combo(with_empty=True)
        if lot:
            self.lot.setCurrentIndex(max(0, self.lot.findData(lot)))
        self.expected = QLabel(self)
        self.counted, self.reason = QLineEdit(self), QLineEdit(self)
        self.counted.setPlaceholderText("mg counted")
        self.when = date_edit(self)
        self.inventory = QCheckBox("A line of the &biennial inventory", self)
        self.business = QComboBox(self)
        self.business.addItem("at the opening of business", "opening")
        self.business.addItem("at the close of business", "close")
        self.estimated = QCheckBox("&Estimated (an opened container)", self)
        self.form.addRow("&Lot:", self.lot)
        self.form.addRow("Ledger balance:", self.expected)
        self.form.addRow("&Counted (mg):", self.counted)
        self.form.addRow("&Reason:", self.reason)
        self.form.addRow("Dat&e:", self.when)
        self.form.addRow("", self.inventory)
        self.form.addRow("Taken:", self.business)
        self.form.addRow("", self.estimated)
        self.add_witnesses(1, optional=True)
        self.lot.currentIndexChanged.connect(self._expected)
        self.inventory.toggled.connect(self._inventory)
        self._expected()
        self._inventory(False)

    def _expected(self) -> None:
        found = [b for b in self.practice.ledger_stock() if b.lot.lot == self.lot.currentData()]
        self.expected.setText(f"{rules.fmt_qty(found[0].mg)} mg" if found else "")

    def _inventory(self, on: bool) -> None:
        self.business.setEnabled(on)
        self.estimated.setEnabled(on)

    def submit(self):
        if self.lot.currentData() is None:
            raise BadInput("There is no lot in the ledger yet.")
        inventory = (
            {"business": self.business.currentData(), "estimated": self.estimated.isChecked()}
            if self.inventory.isChecked()
            else None
        )
        return ledger_service.count(
            self.services, self.lot.currentData(), number(self.counted, "Counted"), reason=self.reason.text(),
            witnesses=witnesses_of(self.witness_boxes), occurred_on=day_of(self.when),
            inventory=inventory,
        )  # fmt: skip
