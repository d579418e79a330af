"""One writer per practice: an exclusive OS lock on `<practice>.lock` while a Practice is open.

The lock belongs to the process, so handles opened inside one process share it (tests, the CLI,
re-opening after the auto-lock screen); a second *process* gets PracticeInUse. The kernel drops
the lock when the process dies, even by SIGKILL, so a crash never leaves a stale lock behind.
The lock file is left in place (removing it would race with another process taking it).
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

from kapnotes.store.errors import PracticeError, PracticeInUse

if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True


_guard = threading.Lock()
_held: dict[str, list[int]] = {}  # lock file -> [fd, number of open handles in this process]


def lock_path(practice_path: Path) -> Path:
    """The lock file beside a practice."""
    return practice_path.with_name(practice_path.name + ".lock")


def _key(practice_path: Path) -> str:
    return os.path.realpath(lock_path(practice_path))


def in_use_here(practice_path: Path) -> bool:
    """True while this process has a Practice open on the file."""
    with _guard:
        return _key(practice_path) in _held


def acquire(practice_path: Path) -> None:
    """Take (or share, within this process) the writer lock; PracticeInUse if another has it."""
    key = _key(practice_path)
    with _guard:
        if key in _held:
            _held[key][1] += 1
            return
        try:
            fd = os.open(key, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise PracticeError(
                f"{practice_path} cannot be opened: its folder is not writable ({exc.strerror})."
            ) from None
        if not _try_lock(fd):
            os.close(fd)
            raise PracticeInUse(
                f"{practice_path.name} is open in another KAPNotes window; close it there first."
            )
        _held[key] = [fd, 1]


def release(practice_path: Path) -> None:
    """Give back one handle's share of the lock; the last one unlocks the file."""
    key = _key(practice_path)
    with _guard:
        entry = _held.get(key)
        if entry is None:
            return
        entry[1] -= 1
        if entry[1] <= 0:
            del _held[key]
            os.close(entry[0])  # closing the descriptor drops the flock
