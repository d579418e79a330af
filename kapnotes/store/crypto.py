"""Passphrases: slowing down repeated failures, re-keying, converting a plain practice.

Key derivation is SQLCipher 4's own (PBKDF2-HMAC-SHA512, 256 000 iterations, a random salt
in the file's first 16 bytes); nothing here stores or logs a passphrase.
"""

from __future__ import annotations

import os
import threading
import time
from datetime import datetime
from pathlib import Path

from sqlcipher3 import dbapi2 as sqlcipher

from kapnotes import config
from kapnotes.store import locking
from kapnotes.store.backup import backup_file_copy
from kapnotes.store.connection import (
    PLAIN,
    export_encrypted,
    file_kind,
    make_private,
    quote_key,
)
from kapnotes.store.errors import (
    DB_ERRORS,
    PracticeCorrupt,
    PracticeError,
    PracticeInUse,
    PracticeLocked,
    WrongPassphrase,
)

FREE_FAILURES = 2  # the first wrong passphrases cost only the key derivation itself
MAX_DELAY_SECONDS = 8.0
_failures: dict[str, int] = {}
_failures_guard = threading.Lock()
sleep = time.sleep  # tests replace this


def failure_delay(count: int) -> float:
    """Seconds to wait after the count-th wrong passphrase in a row: 0, 0, 1, 2, 4, 8, 8..."""
    if count <= FREE_FAILURES:
        return 0.0
    return min(2.0 ** (count - FREE_FAILURES - 1), MAX_DELAY_SECONDS)


def note_failure(path: Path) -> int:
    """Count a wrong passphrase for a file, wait as long as the count says; the count."""
    key = os.path.realpath(path)
    with _failures_guard:
        count = _failures[key] = _failures.get(key, 0) + 1
    delay = failure_delay(count)
    if delay:
        sleep(delay)
    return count


def note_success(path: Path) -> int:
    """Reset the count after the right passphrase; returns how many failures preceded it."""
    with _failures_guard:
        return _failures.pop(os.path.realpath(path), 0)


def check_new_passphrase(new: str) -> None:
    """A passphrase must be text without NUL characters and more than blanks."""
    if not isinstance(new, str) or not new.strip() or "\x00" in new:
        raise PracticeError("The new passphrase must not be empty or only spaces.")


def rekey(conn, new: str) -> None:
    """Re-encrypt every page with a key derived from the new passphrase (SQLCipher rekey)."""
    check_new_passphrase(new)
    # SQLCipher reports a busy database during rekey only as a generic "error with PRAGMA key
    # or rekey": wait for the write lock first (busy timeout), so another program holding the
    # file gets PracticeLocked, and nothing is re-keyed half-way.
    if not conn.in_transaction:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
    # Checkpoint first so no page under the old key stays behind in the WAL.
    busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy and busy[0]:
        raise PracticeLocked("The practice is in use by another program; close it and try again.")
    try:
        conn.execute(f"PRAGMA rekey = {quote_key(new)}")
    except DB_ERRORS as exc:
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():
            raise
        raise PracticeError(
            "The passphrase could not be changed (the practice is busy or damaged); "
            "the old passphrase still opens it."
        ) from None
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _tables(conn) -> list[str]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
        ).fetchall()
    ]


def _fingerprint(conn, schema: str = "main") -> dict[str, int]:
    """Row counts of every ordinary table: the converted copy must hold the same."""
    return {
        t: conn.execute(f"SELECT count(*) FROM {schema}.[{t}]").fetchone()[0] for t in _tables(conn)
    }


def _zero(fd: int) -> None:
    """Overwrite an open file with zeros and flush it (best effort on SSDs and COW disks)."""
    try:
        size = os.fstat(fd).st_size
        os.lseek(fd, 0, os.SEEK_SET)
        chunk = b"\x00" * 65536
        left = size
        while left > 0:
            left -= os.write(fd, chunk[: min(left, len(chunk))])
        os.fsync(fd)
    except OSError:
        pass


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _undo_link(aside: Path, path: Path) -> None:
    """After a failure before the swap, drop the second name of the untouched original."""
    try:
        if aside.exists() and path.exists() and os.path.samefile(aside, path):
            aside.unlink()
    except OSError:
        pass


def encrypt_practice(
    path: Path | str, new_passphrase: str, *, keep_plain_copy: bool = False
) -> Path:
    """Convert a plain practice into an encrypted one in place; returns where the original went.

    The encrypted copy is written beside the file with sqlcipher_export, checked (integrity and
    the row count of every table) and only then swapped in with an atomic rename. By default
    the plaintext original is overwritten with zeros and removed: keeping it would defeat the
    encryption on a lost laptop. The original's content is kept aside as an encrypted backup
    in the backups folder beside the practice, and that backup's path is returned. With
    keep_plain_copy=True the plaintext original stays as a private (0600) file instead and its
    path is returned.
    """
    path = Path(path)
    check_new_passphrase(new_passphrase)
    if file_kind(path) != PLAIN:
        raise PracticeError(f"{path.name} is not an unencrypted practice; nothing to convert.")
    if locking.in_use_here(path):
        raise PracticeInUse(f"{path.name} is open; close it before encrypting it.")
    locking.acquire(path)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    tmp = path.with_name(f".{path.name}.encrypting")
    aside = path.with_name(f"{path.name}.plain-{stamp}")
    try:
        for stale in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            stale.unlink(missing_ok=True)
        os.umask(0o077)
        src = sqlcipher.connect(str(path), isolation_level=None)
        try:
            src.execute("PRAGMA cipher_log_level = NONE")
            src.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            before = _fingerprint(src)
            export_encrypted(src, tmp, new_passphrase)
        finally:
            src.close()
        make_private(tmp)
        check = sqlcipher.connect(str(tmp), isolation_level=None)
        try:
            check.execute("PRAGMA cipher_log_level = NONE")
            check.execute(f"PRAGMA key = {quote_key(new_passphrase)}")
            ok = check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            after = _fingerprint(check)
            check.execute("PRAGMA journal_mode = WAL")
        finally:
            check.close()
        if not ok or after != before:
            raise PracticeCorrupt(
                f"The encrypted copy of {path.name} did not check out; the original is unchanged."
            )
        if keep_plain_copy:
            os.link(path, aside)  # asked for: a second name for the plaintext original
        # The plaintext original keeps no name of its own at any moment: it is held open, the
        # encrypted copy takes its name in one atomic rename, and it is zeroed through this
        # descriptor. Killed at any point, the process leaves either the untouched plain
        # practice or the encrypted one, never a plaintext copy beside it (the kernel frees
        # an unnamed file when its last descriptor closes).
        original = os.open(path, os.O_RDWR)
        try:
            os.replace(tmp, path)
            _fsync_dir(path.parent)
            for suffix in ("-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            if not keep_plain_copy:
                _zero(original)
        finally:
            os.close(original)
        if keep_plain_copy:
            os.chmod(aside, 0o600)
            return aside
        return backup_file_copy(
            path, new_passphrase, config.backup_dir(path.parent), label="before-encrypt"
        )
    except DB_ERRORS as exc:
        _undo_link(aside, path)
        tmp.unlink(missing_ok=True)
        if "not a database" in str(exc).lower():
            raise WrongPassphrase("wrong passphrase") from None
        raise PracticeError(
            f"{path.name} could not be encrypted ({exc}); it is unchanged."
        ) from None
    except OSError as exc:
        _undo_link(aside, path)
        tmp.unlink(missing_ok=True)
        raise PracticeError(
            f"{path.name} could not be encrypted ({exc.strerror or exc}); it is unchanged."
        ) from None
    finally:
        locking.release(path)
