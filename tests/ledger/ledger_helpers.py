"""Helpers of the ledger tests: passphrases, witnesses, a receipt, a dosing session."""

from __future__ import annotations

from datetime import date, time

from kapnotes.domain.ledger import DrugForm, Lot, Receipt
from kapnotes.domain.records import Administration, Client, Course, Session, WeightEntry

PASSPHRASE = "correct horse battery staple"
WITNESS = ("Sam Witness", "witness passphrase one")
SECOND = ("Kai Second", "second passphrase two")


def receipt(lot="KT100", containers=5, expiry=date(2030, 1, 31), **kw) -> Receipt:
    """Five 10 mL vials of 50 mg/mL racemic ketamine: 2,500 mg."""
    return Receipt(
        lot=Lot(
            lot=lot, drug=kw.pop("drug", "ketamine"), form=kw.pop("form", DrugForm.INJECTION),
            strength_mg=kw.pop("strength", 50.0), per_container=kw.pop("per", 10.0),
            expiry=expiry, ndc="0409-2051-05",
        ),
        containers=containers, invoice=kw.pop("invoice", "INV-1"), supplier="Henry Schein",
        supplier_dea="RH0123456", supplier_address="135 Duryea Rd, Melville NY",
        invoice_date=date(2026, 1, 2), received_on=kw.pop("received_on", date(2026, 1, 3)),
    )  # fmt: skip


def dosing_session(practice, lot="KT100", mg=35.0, day=date(2026, 2, 3), chart="C-1"):
    """A draft dosing session giving `mg` from `lot` (client and course made when needed)."""
    client = practice.find_client(chart)
    if client is None:
        client = Client(chart=chart, name="Robin Vale", weights=[WeightEntry(70, date(2026, 1, 1))])
        practice.save_client(client)
    course = Course(client_id=client.id, start_date=date(2026, 1, 5))
    practice.save_course(course)
    session = Session(
        client_id=client.id, course_id=course.id, date=day, start_time=time(9, 30),
        administrations=[Administration(time(9, 40), "im", mg, lot=lot)],
    )  # fmt: skip
    practice.save_session(session)
    return session
