"""Fixtures for the ledger tests: a practice with accounts, two witnesses, one lot."""

from __future__ import annotations

import pytest
from ledger_helpers import PASSPHRASE, SECOND, WITNESS, receipt

from kapnotes.store import open_practice


@pytest.fixture
def ledger_practice(tmp_path):
    """An encrypted practice: Dr A (admin, prescriber) signed in, two witnesses, one lot."""
    p = open_practice(tmp_path / "l.kapnotes", PASSPHRASE, create=True, user="Dr A")
    for name, phrase in (WITNESS, SECOND):
        p.add_user(name, "therapist", phrase, temporary=False)
    p.ledger_receive(receipt())
    yield p
    p.close()
