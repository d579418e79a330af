"""The kill tests' one harness: start a Python child that works in a loop, SIGKILL it at a
random moment once it is working, and hand back what it reported before it died.

A child prints `ready` once it has opened what it works on, then one line for each piece of
work whose call has returned. Lines still in the pipe when it is killed count too: they were
written before the kill, so the work they name was done. The test then reopens the practice
and checks that everything reported is there, whole.
"""

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

ROOT = Path(__file__).resolve().parents[1]
READY = b"ready"
# A child that never says `ready` (it hangs opening the practice) fails the test, not the run.
START_TIMEOUT = 60.0

needs_sigkill = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")


def child_env(**extra: str) -> dict[str, str]:
    """This environment with the checkout first on PYTHONPATH, so a child imports this kapnotes."""
    path = os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))
    return dict(os.environ, PYTHONPATH=path, **extra)


def start_python(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    """`python ARGS...` with its output piped (a script path, `-c CODE` or `-m MODULE` first)."""
    return subprocess.Popen(
        [sys.executable, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=child_env() if env is None else env,
    )


def kill_at_random(args: list[str], rng: random.Random, window: float) -> list[str]:
    """Run `python ARGS...`; once it says `ready`, let it work for a random 0..WINDOW seconds
    (sometimes at once: mid-transaction), then SIGKILL it. The lines it reported, in order."""
    child = start_python(*args)
    reported: list[str] = []
    buffer = b""
    started, deadline = time.monotonic(), None
    selector = selectors.DefaultSelector()
    selector.register(child.stdout, selectors.EVENT_READ)
    try:
        while deadline is None or time.monotonic() < deadline:
            if deadline is None and time.monotonic() > started + START_TIMEOUT:
                raise AssertionError(f"child never said ready: {' '.join(args)}")
            for _key, _ in selector.select(timeout=0.005):
                chunk = os.read(child.stdout.fileno(), 65536)
                if not chunk:
                    raise AssertionError(f"child died: {child.stderr.read().decode()[-2000:]}")
                buffer += chunk
                *lines, buffer = buffer.split(b"\n")
                for line in lines:
                    if line == READY:
                        deadline = time.monotonic() + rng.uniform(0.0, window)
                    elif line:
                        reported.append(line.decode())
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        # What it wrote before the kill is still in the pipe; a last line cut short is not.
        *lines, _partial = (buffer + child.stdout.read()).split(b"\n")
        reported += [line.decode() for line in lines if line and line != READY]
    finally:
        selector.close()
        if child.poll() is None:
            child.kill()
        child.stdout.close()
        child.stderr.close()
    return reported
