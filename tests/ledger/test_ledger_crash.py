"""A kill at any moment leaves the whole ledger entry or none of it: a child recording
receipts, witnessed waste, signed notes (posting two administrations), counts and reversals
is SIGKILLed at random moments; every entry it reported is there, and the ledger checks."""

from __future__ import annotations

import random
from pathlib import Path

from crash_harness import kill_at_random, needs_sigkill
from ledger_helpers import PASSPHRASE, WITNESS

from kapnotes.store import open_practice

KILLS = 10
CHILD = Path(__file__).with_name("ledger_crash_child.py")

pytestmark = needs_sigkill


def _run_until_killed(path: Path, seed: int, rng: random.Random) -> list[int]:
    """The entry ids the child reported (a signed note reports its postings on one line)."""
    lines = kill_at_random([str(CHILD), str(path), str(seed)], rng, window=1.5)
    return [int(x) for line in lines for x in line.split()]


def test_a_kill_leaves_the_whole_entry_or_none(tmp_path):
    path = tmp_path / "kill.kapnotes"
    with open_practice(path, PASSPHRASE, create=True, user="Dr A") as p:
        p.add_user(WITNESS[0], "therapist", WITNESS[1], temporary=False)
    rng = random.Random(20261129)
    reported: set[int] = set()
    for round_no in range(KILLS):
        reported.update(_run_until_killed(path, round_no, rng))
        with open_practice(path, PASSPHRASE) as p:
            assert p.integrity_problems() == []
            present = {r[0] for r in p.db.execute("SELECT id FROM ledger_entries")}
            assert reported <= present, sorted(reported - present)[:10]
            # No half entry: each has its audit entry and signature, each signed note its
            # postings, balances never below zero.
            assert p.ledger_problems() == []
            assert p.verify_audit().ok
            assert all(b.mg >= 0 for b in p.ledger_stock())
    assert len(reported) > KILLS
