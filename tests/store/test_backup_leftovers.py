"""Backups killed half-way (issue 12 item 14): their hidden `.partial` files are removed by the
next backup or open, never those of a backup still running."""

from __future__ import annotations

import random
import textwrap
from pathlib import Path

import pytest
from crash_harness import kill_at_random, needs_sigkill

from kapnotes import config
from kapnotes.store import leftovers, open_practice
from kapnotes.store.backup import backup_now, list_backups
from kapnotes.store.demo import build_demo

KILLS = 12
CHILD = textwrap.dedent(
    """
    import sys
    from kapnotes.store import open_practice
    from kapnotes.store.backup import backup_now
    practice = open_practice(sys.argv[1], sys.argv[2])
    print("ready", flush=True)
    while True:
        backup_now(practice, sys.argv[3])
    """
)
PASSPHRASE = "backup kill passphrase"

pytestmark = needs_sigkill


def _partials(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob(".*.partial*")) if folder.is_dir() else []


def _kill_a_backup_loop(path: Path, backups: Path, rng: random.Random) -> None:
    kill_at_random(["-c", CHILD, str(path), PASSPHRASE, str(backups)], rng, window=0.4)


@pytest.fixture
def practice_path(tmp_path) -> Path:
    path = config.database_path(tmp_path)
    with open_practice(path, PASSPHRASE, create=True) as practice:
        build_demo(practice, clients=30, sessions_per_client=8, seed=3)
    return path


def test_killed_backups_leave_at_most_the_last_partial_and_the_open_removes_it(practice_path):
    backups = config.backup_dir(practice_path.parent)
    rng = random.Random(1129)
    seen_partial = 0
    for _round in range(KILLS):
        _kill_a_backup_loop(practice_path, backups, rng)
        left = [n for n in _partials(backups) if n.endswith(".partial")]
        seen_partial += bool(left)
        # Each new backup removed what the previous kill left: they never pile up.
        assert len(left) <= 1, left
    assert seen_partial, "no kill landed inside a backup: the test proved nothing"
    for backup in list_backups(backups):
        assert backup.size > 0
    if not _partials(backups):  # make sure the open has something to remove
        (backups / ".practice-20260101-000000-000000.kapnotes.partial").write_bytes(b"x" * 4096)
    with open_practice(practice_path, PASSPHRASE) as practice:
        assert "interrupted backups" in practice.leftover_report
    assert _partials(backups) == []


def test_the_next_backup_removes_partials_but_not_one_being_written(practice_path):
    backups = config.backup_dir(practice_path.parent)
    config.ensure_private_dir(backups)
    dead = backups / ".practice-20260101-000000-000001.kapnotes.partial"
    dead.write_bytes(b"half a backup")
    Path(f"{dead}-journal").write_bytes(b"journal")
    running = backups / ".practice-20260101-000000-000002.kapnotes.partial"
    fd = leftovers.hold(running)  # another job is writing this one right now
    try:
        with open_practice(practice_path, PASSPHRASE) as practice:
            # The open swept the dead one (and its journal) but not the running one.
            assert not dead.exists() and not Path(f"{dead}-journal").exists()
            assert running.exists()
            dead.write_bytes(b"another killed backup")
            made = backup_now(practice, backups)
        assert made.exists() and not dead.exists() and running.exists()
    finally:
        leftovers.release(fd)
    with open_practice(practice_path, PASSPHRASE) as practice:
        assert "1 leftover file of interrupted backups" in practice.leftover_report
    assert not running.exists()


def test_an_open_with_nothing_left_over_says_nothing(practice_path):
    with open_practice(practice_path, PASSPHRASE) as practice:
        assert practice.leftover_report == ""
