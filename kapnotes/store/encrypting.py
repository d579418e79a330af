"""Encrypting a plain practice file in place (kapnotes passphrase encrypt, File > Encrypt).

Apart from store/crypto.py (passphrase throttling, rekey) so that the key slots and accounts,
which need crypto, do not reach the backups through it (no import cycle).
"""

from __future__ import annotations

import os
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
from kapnotes.store.crypto import check_new_passphrase
from kapnotes.store.errors import (
    DB_ERRORS,
    PracticeCorrupt,
    PracticeError,
    PracticeInUse,
    WrongPassphrase,
)
from kapnotes.store.keyslots import fsync_dir


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
            fsync_dir(path.parent)
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
