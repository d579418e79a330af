"""Crash safety: a child saving sessions is SIGKILLed at random moments; nothing saved is lost."""

from __future__ import annotations

import random
from pathlib import Path

from crash_harness import kill_at_random, needs_sigkill
from sec_helpers import PASSPHRASE

from kapnotes.store import open_practice

KILLS = 24
CHILD = Path(__file__).with_name("crash_child.py")

pytestmark = needs_sigkill


def _run_child_until_killed(path: Path, seed: int, rng: random.Random) -> list[int]:
    """Start the child, let it save for a random while, SIGKILL it; the ids it reported."""
    lines = kill_at_random([str(CHILD), str(path), PASSPHRASE, str(seed)], rng, window=0.6)
    return [int(line) for line in lines]


def test_sigkill_loses_nothing_that_was_saved(tmp_path):
    path = tmp_path / "crash.kapnotes"
    open_practice(path, PASSPHRASE, create=True).close()
    rng = random.Random(20261124)
    reported: set[int] = set()
    kills = checked = lost = 0
    for round_no in range(KILLS):
        reported.update(_run_child_until_killed(path, round_no, rng))
        kills += 1
        # The parent reopens after every kill: the file is healthy and holds every saved id.
        with open_practice(path, PASSPHRASE) as p:
            assert p.integrity_problems() == []
            present = {row[0] for row in p.db.execute("SELECT id FROM sessions").fetchall()}
            missing = reported - present
            lost += len(missing)
            checked = len(reported)
            assert not missing, f"round {round_no}: saved sessions lost: {sorted(missing)[:10]}"
            for sid in rng.sample(sorted(reported), min(5, len(reported))):
                assert p.get_session(sid).administrations, sid
            assert p.verify_audit().ok
    print(f"\ncrash test: {kills} SIGKILLs, {checked} saved sessions checked, {lost} lost")
    assert kills >= 20 and checked > kills
