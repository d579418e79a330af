"""The controlled-substance ledger: lots, entries and balances (21 CFR 1304.22(c)).

Plain Python, no SQL. Every entry changes one lot's balance by a signed quantity in mg
(receipts add, administrations and disposals take away, counts adjust to what was counted);
a balance is always the sum of its lot's entries, never stored. One rule set serves the
store, the CLI, the dialogs and the reports: `entry_problem` says why an entry cannot be made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

EXPIRY_WARNING_DAYS = 30
# Float sums of mg quantities: anything closer to zero than this is zero.
EPSILON = 1e-6


class EntryKind(StrEnum):
    """What happened to the stock."""

    RECEIPT = "receipt"
    ADMINISTRATION = "administration"
    WASTE = "waste"
    RETURN = "return"
    TRANSFER = "transfer"
    BREAKAGE = "breakage"
    DESTRUCTION = "destruction"
    LOSS = "loss"
    COUNT = "count"
    INVENTORY = "inventory"
    REVERSAL = "reversal"


DISPOSALS = frozenset(
    {EntryKind.WASTE, EntryKind.RETURN, EntryKind.TRANSFER, EntryKind.BREAKAGE,
     EntryKind.DESTRUCTION, EntryKind.LOSS}
)  # fmt: skip
# How many witnesses (other users who sign in for it) each kind needs at least.
WITNESSES_NEEDED = {
    EntryKind.WASTE: 1,
    EntryKind.BREAKAGE: 1,
    EntryKind.DESTRUCTION: 2,
}
KIND_LABELS = {
    EntryKind.RECEIPT: "Receipt",
    EntryKind.ADMINISTRATION: "Administration",
    EntryKind.WASTE: "Waste",
    EntryKind.RETURN: "Return to supplier",
    EntryKind.TRANSFER: "Transfer",
    EntryKind.BREAKAGE: "Breakage or spill",
    EntryKind.DESTRUCTION: "Destruction (DEA Form 41)",
    EntryKind.LOSS: "Loss or theft (DEA Form 106)",
    EntryKind.COUNT: "Count",
    EntryKind.INVENTORY: "Biennial inventory",
    EntryKind.REVERSAL: "Reversal",
}


class DrugForm(StrEnum):
    """The forms ketamine reaches a KAP practice in."""

    INJECTION = "injection"  # racemic ketamine HCl injection, mg/mL
    NASAL_DEVICE = "nasal_device"  # esketamine (Spravato) nasal device, mg per device
    TROCHE = "troche"  # compounded troche or lozenge, mg per unit
    NASAL_SPRAY = "nasal_spray"  # compounded nasal spray, mg/mL


FORM_LABELS = {
    DrugForm.INJECTION: "Ketamine HCl injection",
    DrugForm.NASAL_DEVICE: "Esketamine nasal device",
    DrugForm.TROCHE: "Compounded troche/lozenge",
    DrugForm.NASAL_SPRAY: "Compounded nasal spray",
}
# Measured by volume (mg/mL) or counted (mg per unit).
BY_VOLUME = frozenset({DrugForm.INJECTION, DrugForm.NASAL_SPRAY})
DRUGS = ("ketamine", "esketamine")


@dataclass(frozen=True)
class Lot:
    """One lot of one product: what it is, how strong, how packed, when it expires."""

    lot: str
    drug: str
    form: DrugForm
    strength_mg: float  # per mL (by volume) or per unit
    per_container: float  # mL or units in one container
    expiry: date
    ndc: str = ""
    id: int | None = None

    @property
    def unit(self) -> str:
        return "mL" if self.form in BY_VOLUME else "unit"

    @property
    def mg_per_container(self) -> float:
        return self.strength_mg * self.per_container

    def describe(self) -> str:
        per = "mL" if self.unit == "mL" else "unit"
        return (
            f"{self.drug} {FORM_LABELS[self.form].lower()} {fmt_qty(self.strength_mg)} mg/{per}, "
            f"{fmt_qty(self.per_container)} {per}{'s' if per == 'unit' else ''} per container"
        )

    def in_units(self, mg: float) -> float:
        """mg as mL or units of this lot."""
        return mg / self.strength_mg if self.strength_mg else 0.0

    def in_containers(self, mg: float) -> float:
        return mg / self.mg_per_container if self.mg_per_container else 0.0

    def same_product(self, other: Lot) -> bool:
        return (
            self.drug == other.drug
            and self.form == other.form
            and abs(self.strength_mg - other.strength_mg) < EPSILON
            and abs(self.per_container - other.per_container) < EPSILON
        )


@dataclass(frozen=True)
class Entry:
    """One ledger entry, as stored: append-only, signed by its user (and its witnesses)."""

    kind: EntryKind
    lot: str
    mg: float  # the change to the balance: + receipts, - out, counted - expected for counts
    occurred_on: date
    user: str
    recorded_at: datetime | None = None
    witnesses: tuple[str, ...] = ()
    reason: str = ""
    session_id: int | None = None
    client_name: str = ""
    chart: str = ""
    reverses: int | None = None
    details: dict[str, Any] = field(default_factory=dict, compare=False)
    id: int | None = None

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.kind, str(self.kind))


def running_balances(entries: list[Entry], opening: dict[str, float] | None = None) -> list[float]:  # fmt: skip
    """Each entry's lot balance after it (entries in the order they happened), from the
    `opening` balances (0 for a lot without one)."""
    running = dict(opening or {})
    out = []
    for e in entries:
        running[e.lot] = running.get(e.lot, 0.0) + e.mg
        out.append(running[e.lot])
    return out


@dataclass(frozen=True)
class LotBalance:
    """A lot on hand: its balance (derived from entries) and what drafts would take."""

    lot: Lot
    mg: float
    pending_mg: float = 0.0

    @property
    def containers(self) -> float:
        return self.lot.in_containers(self.mg)

    @property
    def units(self) -> float:
        return self.lot.in_units(self.mg)

    def expiry_status(self, today: date) -> str:
        """'expired', 'expiring' (within 30 days) or ''."""
        return expiry_status(self.lot.expiry, today)


def expiry_status(expiry: date, today: date) -> str:
    if expiry < today:
        return "expired"
    if (expiry - today).days <= EXPIRY_WARNING_DAYS:
        return "expiring"
    return ""


def fmt_qty(value: float) -> str:
    """925 -> '925', 12.5 -> '12.5', 0.3333 -> '0.33' (no trailing zeros)."""
    if abs(value - round(value)) < EPSILON:
        return str(int(round(value)))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def quantity_problem(mg: Any) -> str | None:
    """Why a quantity cannot be used (not a number, zero or negative), or None."""
    try:
        value = float(mg)
    except (TypeError, ValueError):
        return "the quantity must be a number of mg"
    if value != value or value in (float("inf"), float("-inf")):
        return "the quantity must be a number of mg"
    if value <= 0:
        return "the quantity must be more than 0 mg"
    return None


def balance_problem(lot: str, balance: float, change: float) -> str | None:
    """The refusal when a change would take a lot's balance below zero."""
    if balance + change < -EPSILON:
        return (
            f"lot {lot} holds {fmt_qty(balance)} mg: taking {fmt_qty(-change)} mg would leave "
            f"{fmt_qty(balance + change)} mg"
        )
    return None


def lot_problem(lot: Lot) -> str | None:
    """Why a lot's description cannot be received, or None."""
    if not lot.lot.strip():
        return "a receipt needs the lot number"
    if lot.drug not in DRUGS:
        return f"the drug must be one of {', '.join(DRUGS)}"
    if lot.strength_mg is None or not lot.strength_mg > 0:
        return "the strength must be more than 0 mg"
    if lot.per_container is None or not lot.per_container > 0:
        return f"the {lot.unit}s per container must be more than 0"
    return None


def witness_problem(kind: EntryKind, user: str, witnesses: list[str]) -> str | None:
    """Witnesses must be enough, other people than the user, and each only once."""
    needed = WITNESSES_NEEDED.get(kind, 0)
    if len(witnesses) < needed:
        who = "a witness" if needed == 1 else f"{needed} witnesses"
        return f"{KIND_LABELS[kind].lower()} needs {who} who sign in for it"
    if user in witnesses:
        return f"the witness must be someone other than {user}"
    if len(set(witnesses)) != len(witnesses):
        return "each witness must be a different person"
    return None


def count_problem(expected: float, counted: float, reason: str, witnesses: list[str]) -> str | None:
    """A count with a difference needs a reason and a witness."""
    if counted is None or counted < 0 or counted != counted:
        return "the counted quantity must be 0 mg or more"
    if abs(counted - expected) > EPSILON:
        if not reason.strip():
            return (
                f"the count differs from the expected {fmt_qty(expected)} mg by "
                f"{fmt_qty(counted - expected)} mg: give a reason"
            )
        if not witnesses:
            return "a count that differs from the expected balance needs a witness"
    return None


@dataclass(frozen=True)
class Receipt:
    """Stock received: the lot, how many containers, and the supplier's invoice (the receipt
    record for Schedule III)."""

    lot: Lot
    containers: float
    invoice: str
    supplier: str
    supplier_dea: str = ""
    supplier_address: str = ""
    invoice_date: date | None = None
    received_on: date | None = None

    @property
    def mg(self) -> float:
        return self.containers * self.lot.mg_per_container

    def problem(self) -> str | None:
        """Why the receipt cannot be recorded, or None."""
        if not self.invoice.strip():
            return "a receipt needs the supplier's invoice number (the receipt record)"
        found = lot_problem(self.lot)
        if found:
            return found
        if self.containers is None or not self.containers > 0:
            return "the number of containers must be more than 0"
        if not self.supplier.strip():
            return "a receipt needs the supplier's name"
        return None

    def details(self) -> dict[str, Any]:
        return {
            "containers": self.containers,
            "invoice": self.invoice.strip(),
            "invoice_date": self.invoice_date.isoformat() if self.invoice_date else "",
            "supplier": self.supplier.strip(),
            "supplier_address": self.supplier_address.strip(),
            "supplier_dea": self.supplier_dea.strip(),
            "ndc": self.lot.ndc,
        }


def lot_findings(session: Any, stock: list[LotBalance]) -> list:
    """Findings on a draft's administrations against the stock on hand (the editor shows them
    beside the Lot cell): an unknown or expired lot, or more than the lot holds, is an error
    (signing is refused); a lot expiring within 30 days, or a racemic dose drawn from an
    esketamine lot (or the reverse), is a warning."""
    from kapnotes.domain.validation import ERROR, WARNING, Finding

    if getattr(session, "is_signed", False):
        return []
    by_lot = {b.lot.lot: b for b in stock}
    found = []
    wanted: dict[str, float] = {}
    for i, adm in enumerate(session.administrations):
        if not adm.lot:
            continue
        where = f"administrations[{i}].lot"
        b = by_lot.get(adm.lot)
        if b is None:
            found.append(Finding(ERROR, where, f"Lot {adm.lot} is not in the controlled-"
                                 "substance ledger: receive it first.", "unknown_lot"))  # fmt: skip
            continue
        status = expiry_status(b.lot.expiry, session.date)
        if status == "expired":
            found.append(Finding(ERROR, where, f"Lot {adm.lot} expired on "
                                 f"{b.lot.expiry.isoformat()}: it cannot be administered.",
                                 "expired_lot"))  # fmt: skip
        elif status == "expiring":
            found.append(Finding(WARNING, where, f"Lot {adm.lot} expires on "
                                 f"{b.lot.expiry.isoformat()}.", "expiring_lot"))  # fmt: skip
        if (adm.medication == "esketamine") != (b.lot.drug == "esketamine"):
            found.append(Finding(WARNING, where, f"Lot {adm.lot} is {b.lot.drug}, the dose "
                                 f"says {adm.medication}.", "lot_drug"))  # fmt: skip
        wanted[adm.lot] = wanted.get(adm.lot, 0.0) + (adm.mg or 0.0)
        if wanted[adm.lot] > b.mg + EPSILON:
            found.append(Finding(ERROR, where, f"Lot {adm.lot} holds {fmt_qty(b.mg)} mg; this "
                                 f"note gives {fmt_qty(wanted[adm.lot])} mg from it.",
                                 "lot_balance"))  # fmt: skip
    return found


@dataclass(frozen=True)
class ProductTotal:
    """Stock on hand of one product (drug, form, strength, fill) over all its lots."""

    drug: str
    form: DrugForm
    strength_mg: float
    per_container: float
    mg: float
    lots: int

    @property
    def label(self) -> str:
        unit = "mL" if self.form in BY_VOLUME else "unit"
        return f"{FORM_LABELS[self.form]} {fmt_qty(self.strength_mg)} mg/{unit}"

    @property
    def units(self) -> float:
        return self.mg / self.strength_mg

    @property
    def containers(self) -> float:
        return self.mg / (self.strength_mg * self.per_container)


def product_totals(stock: list[LotBalance]) -> list[ProductTotal]:
    """Balances per product (summed over lots), ketamine first."""
    sums: dict[tuple, list[float]] = {}
    for b in stock:
        key = (b.lot.drug, b.lot.form, b.lot.strength_mg, b.lot.per_container)
        found = sums.setdefault(key, [0.0, 0])
        found[0] += b.mg
        found[1] += 1 if b.mg > EPSILON else 0
    return [
        ProductTotal(drug, form, strength, per, mg, lots)
        for (drug, form, strength, per), (mg, lots) in sorted(
            sums.items(), key=lambda kv: kv[0][:1]
        )
    ]


def drug_totals(stock: list[LotBalance]) -> dict[str, float]:
    """mg on hand per drug (ketamine, esketamine)."""
    out: dict[str, float] = {}
    for b in stock:
        out[b.lot.drug] = out.get(b.lot.drug, 0.0) + b.mg
    return out
