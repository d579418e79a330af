"""A kill at any moment leaves the whole ledger entry or none of it: a child recording
receipts, witnessed waste, signed notes (posting two administrations), counts and reversals
is SIGKILLed at random moments; every entry it reported is there, and the ledger checks."""

from __future__ import annotations

import os
import random
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from ledger_helpers import PASSPHRASE, WITNESS

from kapnotes.store import open_practice

KILLS = 10
CHILD = Path(__file__).with_name("ledger_crash_child.py")
ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")


def _run_until_killed(path: Path, seed: int, rng: random.Random) -> list[int]:
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(path), str(seed)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))),
    )  # fmt: skip
    ids: list[int] = []
    buffer, deadline = b"", None
    selector = selectors.DefaultSelector()
    selector.register(child.stdout, selectors.EVENT_READ)
    try:
        while deadline is None or time.monotonic() < deadline:
            for _key, _ in selector.select(timeout=0.01):
                chunk = os.read(child.stdout.fileno(), 65536)
                if not chunk:
                    raise AssertionError(f"child died: {child.stderr.read().decode()[-2000:]}")
                buffer += chunk
                *lines, buffer = buffer.split(b"\n")
                for line in lines:
                    if line == b"ready":
                        deadline = time.monotonic() + rng.uniform(0.0, 1.5)
                    elif line:
                        ids += [int(x) for x in line.split()]
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        *lines, _partial = (buffer + child.stdout.read()).split(b"\n")
        ids += [int(x) for line in lines if line and line != b"ready" for x in line.split()]
    finally:
        selector.close()
        if child.poll() is None:
            child.kill()
        child.stdout.close()
        child.stderr.close()
    return ids


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
