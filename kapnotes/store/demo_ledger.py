"""The demo practice's controlled-substance ledger: lots received before they are needed,
each administration drawn from the lot then in use, signed notes posted, a little witnessed
waste, a count and the destruction of an expired lot (fictional data, accounts demo only)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from kapnotes.domain.ledger import DrugForm, Lot, Receipt

# product per route: (drug, form, strength mg per mL/unit, mL/units per container, containers)
PRODUCTS = {
    "racemic-injection": ("ketamine", DrugForm.INJECTION, 50.0, 10.0, 10, "0409-2051-05"),
    "racemic-troche": ("ketamine", DrugForm.TROCHE, 100.0, 30.0, 2, ""),
    "racemic-spray": ("ketamine", DrugForm.NASAL_SPRAY, 100.0, 10.0, 3, ""),
    "esketamine": ("esketamine", DrugForm.NASAL_DEVICE, 28.0, 1.0, 24, "50458-028-02"),
}
SUPPLIERS = {
    "ketamine": ("Henry Schein Medical", "135 Duryea Rd, Melville NY 11747", "RH0123456"),
    "esketamine": ("Janssen Pharmaceuticals (REMS)", "1125 Trenton-Harbourton Rd, NJ", "RJ7654321"),
}
WITNESSES = (("Sofía Ramírez", "ramirez-demo"), ("Aroha Ngata", "ngata-demo-1"))


def _product(route: str, medication: str) -> str:
    if medication == "esketamine" or route == "in_esk":
        return "esketamine"
    if route in ("sl", "po"):
        return "racemic-troche"
    if route == "in":
        return "racemic-spray"
    return "racemic-injection"


def assign_lots(rng: random.Random, bundles: list) -> list[Receipt]:
    """Give every administration a lot (the one in use for its product, a new one received a
    few days before when it would run short) and return the receipts, oldest first."""
    sessions = sorted(
        (s for b in bundles for s in b.sessions if s.administrations), key=lambda s: s.date
    )
    current: dict[str, tuple[Lot, float]] = {}
    receipts: list[Receipt] = []
    for s in sessions:
        for adm in s.administrations:
            key = _product(adm.route, adm.medication)
            lot, left = current.get(key, (None, 0.0))
            if lot is None or left < adm.mg or lot.expiry <= s.date:
                drug, form, strength, per, containers, ndc = PRODUCTS[key]
                received = s.date - timedelta(days=rng.randint(2, 9))
                lot = Lot(
                    lot=f"{'SPR' if drug == 'esketamine' else 'KT'}{rng.randint(10000, 99999)}",
                    drug=drug, form=form, strength_mg=strength, per_container=per,
                    expiry=received + timedelta(days=rng.randint(300, 540)), ndc=ndc,
                )  # fmt: skip
                name, address, dea = SUPPLIERS[drug]
                receipts.append(Receipt(
                    lot=lot, containers=containers, invoice=f"INV-{rng.randint(100000, 999999)}",
                    supplier=name, supplier_address=address, supplier_dea=dea,
                    invoice_date=received - timedelta(days=1), received_on=received,
                ))  # fmt: skip
                left = lot.mg_per_container * containers
            adm.lot = lot.lot
            current[key] = (lot, left - adm.mg)
        s.dosing.lot_number = ""  # the lot is on each administration now
    receipts.sort(key=lambda r: r.received_on)
    return receipts


def post_demo_ledger(practice, receipts: list[Receipt], signed_ids: list[int], seed: int) -> None:
    """Record the receipts, post every signed note's administrations, and add a few
    witnessed entries (the demo users' passphrases are known)."""
    rng = random.Random(seed)
    for receipt in receipts:
        practice.ledger_receive(receipt)
    with practice.db.atomic():
        for sid in signed_ids:
            practice._post_administrations(sid)
    stock = sorted(
        (b for b in practice.ledger_stock() if b.mg >= 60),
        key=lambda b: b.lot.form != DrugForm.INJECTION,  # waste is drawn from a vial
    )
    if not stock or not practice.has_accounts:
        return
    witness = [w for w in WITNESSES if w[0] != practice.actor][:1]
    lot = stock[0].lot.lot
    practice.ledger_dispose(
        "waste", lot, 15, witnesses=witness, reason="drawn 50 mg, gave 35 mg",
        occurred_on=date.today() - timedelta(days=rng.randint(1, 20)),
    )  # fmt: skip
    left = next(b.mg for b in practice.ledger_stock() if b.lot.lot == lot)
    practice.ledger_count(lot, left, occurred_on=date.today())
    expired = [b for b in practice.ledger_stock() if b.mg > 0 and b.lot.expiry < date.today()]
    if expired:
        b = expired[0]
        practice.ledger_dispose(
            "destruction", b.lot.lot, b.mg, witnesses=list(WITNESSES),
            occurred_on=date.today() - timedelta(days=3),
            details={"place": "Riverside KAP Clinic, medication room", "method":
                     "Rx Destroyer chemical denaturing", "ndc": b.lot.ndc},
        )  # fmt: skip
