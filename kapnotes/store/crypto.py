"""Passphrases: slowing down repeated failures, re-keying, converting a plain practice.

Key derivation is SQLCipher 4's own (PBKDF2-HMAC-SHA512, 256 000 iterations, a random salt
in the file's first 16 bytes); nothing here stores or logs a passphrase.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from kapnotes.store.connection import (
    quote_key,
)
from kapnotes.store.errors import (
    DB_ERRORS,
    PracticeError,
    PracticeLocked,
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
