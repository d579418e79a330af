"""Crash safety: a child saving sessions is SIGKILLed at random moments; nothing saved is lost."""

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
from sec_helpers import PASSPHRASE

from kapnotes.store import open_practice

KILLS = 24
CHILD = Path(__file__).with_name("crash_child.py")
ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")


def _run_child_until_killed(path: Path, seed: int, rng: random.Random) -> list[int]:
    """Start the child, let it save for a random while, SIGKILL it; the ids it reported."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(path), PASSPHRASE, str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    ids: list[int] = []
    buffer = b""
    selector = selectors.DefaultSelector()
    selector.register(child.stdout, selectors.EVENT_READ)
    ready = False
    deadline = None
    try:
        while True:
            if ready and deadline is None:
                # Kill at a random moment once it is saving: sometimes at once, mid-transaction.
                deadline = time.monotonic() + rng.uniform(0.0, 0.6)
            if deadline is not None and time.monotonic() >= deadline:
                break
            for _key, _ in selector.select(timeout=0.01):
                chunk = os.read(child.stdout.fileno(), 65536)
                if not chunk:
                    raise AssertionError(f"child died: {child.stderr.read().decode()[-2000:]}")
                buffer += chunk
                *lines, buffer = buffer.split(b"\n")
                for line in lines:
                    if line == b"ready":
                        ready = True
                    elif line:
                        ids.append(int(line))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        # Lines written before the kill are still in the pipe: they count (their saves returned).
        rest = buffer + child.stdout.read()
        *lines, _partial = rest.split(b"\n")
        ids += [int(line) for line in lines if line and line != b"ready"]
    finally:
        selector.close()
        if child.poll() is None:
            child.kill()
        child.stdout.close()
        child.stderr.close()
    return ids


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
