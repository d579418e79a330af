"""Files an interrupted job leaves beside a practice, found and removed by the next open or
backup.

A backup is written as a hidden `.NAME.partial` in the backups folder and renamed only once
verified; an encryption writes `.NAME.encrypting` beside the practice. A process killed in the
middle (SIGKILL, power cut) leaves them behind: a 40 MB partial backup each time. Whoever
writes such a file holds an OS lock on it while working, so a sweep never removes the file of
a job still running in another process; the kernel drops the lock when its process dies.
Leftovers are overwritten with zeros before removal (wipe below): an interrupted copy may hold
a practice's records.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

log = logging.getLogger("kapnotes")

PARTIAL = ".partial"
ENCRYPTING = ".encrypting"
_SQLITE_SIDE_FILES = ("", "-journal", "-wal", "-shm")

try:  # POSIX: an advisory lock, independent of SQLite's own fcntl locks on the same file
    import fcntl

    def _lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

except ImportError:  # pragma: no cover - Windows: an open file cannot be removed anyway

    def _lock(fd: int) -> bool:
        return True


def hold(path: Path) -> int:
    """Create `path` (private, must not exist) and keep it locked; the descriptor to close
    when the job is done (closing, or the process dying, releases the lock)."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    _lock(fd)
    return fd


def release(fd: int | None) -> None:
    """Close a descriptor from hold() (None is ignored)."""
    if fd is not None:
        with contextlib.suppress(OSError):
            os.close(fd)


def _in_use(path: Path) -> bool:
    """True while another job (this process or another) holds the file's lock."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        return not _lock(fd)
    finally:
        os.close(fd)


def _remove(main: Path) -> list[Path]:
    """Wipe and remove a leftover and its SQLite side files; the paths removed."""
    removed = []
    for suffix in _SQLITE_SIDE_FILES:
        p = Path(f"{main}{suffix}")
        if p.is_file():
            wipe(p)
            if not p.exists():
                removed.append(p)
    return removed


def _candidates(folder: Path, marker: str, prefix: str = ".") -> list[Path]:
    if not folder.is_dir():
        return []
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return [folder / n for n in sorted(names) if n.startswith(prefix) and n.endswith(marker)]


def sweep_backups(backup_dir: Path, keep: Path | None = None) -> list[Path]:
    """Remove the partial backups killed jobs left in a backups folder (not `keep`, nor any
    another job is writing now)."""
    removed: list[Path] = []
    for partial in _candidates(Path(backup_dir), PARTIAL):
        if partial == keep or _in_use(partial):
            continue
        removed += _remove(partial)
    return removed


def sweep(practice_path: Path, backup_dir: Path) -> list[Path]:
    """Remove every leftover of an interrupted encryption or backup of this practice.

    Called with the writer lock held (no encryption of this practice can be running).
    """
    practice_path = Path(practice_path)
    removed = []
    tmp = practice_path.with_name(f".{practice_path.name}{ENCRYPTING}")
    if any(Path(f"{tmp}{s}").exists() for s in _SQLITE_SIDE_FILES) and not _in_use(tmp):
        removed += _remove(tmp)
    removed += sweep_backups(backup_dir)
    return removed


def describe(removed: list[Path]) -> str:
    """One line saying what was cleaned up ("" for nothing), for the log, the CLI and the UI."""
    if not removed:
        return ""
    kinds = []
    if any(ENCRYPTING in p.name for p in removed):
        kinds.append("an interrupted encryption")
    if any(PARTIAL in p.name for p in removed):
        kinds.append("interrupted backups")
    n = len(removed)
    return (
        f"Removed {n} leftover file{'s' if n != 1 else ''} of {' and '.join(kinds)} "
        "(overwritten, then deleted); the practice itself is unchanged."
    )


def sweep_and_report(practice_path: Path, backup_dir: Path) -> str:
    """sweep(), logged (file names only); the one-line report, "" when there was nothing."""
    try:
        removed = sweep(practice_path, backup_dir)
    except OSError as exc:  # a leftover we cannot remove must not stop the practice opening
        log.warning("leftover files could not be removed: %s", type(exc).__name__)
        return ""
    message = describe(removed)
    if message:
        log.warning("%s Files: %s", message, ", ".join(p.name for p in removed))
    return message


def plaintext_copies(practice_path: Path) -> list[Path]:
    """Unencrypted copies (`NAME.plain-…`) beside an encrypted practice: kept on request with
    --keep-plain-copy, or left by an older KAPNotes killed while encrypting. Never removed
    silently (one may be wanted); `kapnotes check` names them."""
    from kapnotes.store.connection import ENCRYPTED, SQLITE_HEADER, file_kind

    practice_path = Path(practice_path)
    try:
        if file_kind(practice_path) != ENCRYPTED:
            return []
    except Exception:  # noqa: BLE001 - a practice that cannot be classified has no copies to name
        return []
    found = []
    for p in _candidates(practice_path.parent, "", prefix=f"{practice_path.name}.plain-"):
        try:
            with open(p, "rb") as fh:
                if fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER:
                    found.append(p)
        except OSError:
            continue
    return found


def wipe(path: Path) -> None:
    """Overwrite a file with zeros, flush it and remove it (best effort on SSDs and COW disks)."""
    try:
        size = path.stat().st_size
        with open(path, "r+b") as fh:
            chunk = b"\x00" * 65536
            left = size
            while left > 0:
                fh.write(chunk[: min(left, len(chunk))])
                left -= len(chunk)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError:
        pass
    path.unlink(missing_ok=True)
