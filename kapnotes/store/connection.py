"""Opening a practice database: file checks, the passphrase, durability, private files, migrations.

Plain practices (passphrase None: tests, legacy files) use the standard library's sqlite3;
encrypted ones use sqlcipher3 (SQLCipher 4: AES-256, PBKDF2-HMAC-SHA512 256 000 iterations,
an HMAC on every page, the WAL encrypted too).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from sqlcipher3 import dbapi2 as sqlcipher
from sqlite_utils import Database

from kapnotes.store import damage
from kapnotes.store.errors import (
    DB_ERRORS,
    LedgerError,
    NotAPractice,
    PassphraseRequired,
    PracticeCorrupt,
    PracticeError,
    PracticeLocked,
    PracticeNotFound,
    ReadOnlyUser,
    SignedNoteError,
    WrongPassphrase,
)
from kapnotes.store.schema import migrations, upgrade

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
PLAIN, ENCRYPTED, EMPTY = "plain", "encrypted", "empty"
SIGNED_LOCK_MARK = "signed note"  # in the RAISE() messages of the m002 triggers
AUDIT_LOCK_MARK = "audit trail"  # in the RAISE() messages of the m003 triggers
CONSENT_LOCK_MARK = "consent is locked"  # in the RAISE() messages of the m009 triggers
LEDGER_LOCK_MARK = "ledger entries"  # in the RAISE() messages of the m008 triggers


def classify_sqlite_error(exc: BaseException, path: Path | None) -> PracticeError:
    """Turn an sqlite3 / sqlcipher3 error into a one-line store error naming the file."""
    where = str(path) if path else "the practice"
    text = str(exc).lower()
    if SIGNED_LOCK_MARK in text:
        return SignedNoteError(f"{exc}; add an addendum instead.")
    if AUDIT_LOCK_MARK in text or CONSENT_LOCK_MARK in text:
        return PracticeError(f"{exc}.")
    if LEDGER_LOCK_MARK in text:
        return LedgerError(f"{exc}; nothing was recorded.")
    if "locked" in text or "busy" in text:
        return PracticeLocked(f"{where} is locked by another program; close it and try again.")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return PracticeCorrupt(f"{where} is damaged ({exc}); restore it from a backup.")
    if "not authorized" in text:
        # The SQLite authorizer set for a read-only user (kapnotes/store/guard.py) said no.
        return ReadOnlyUser("The signed-in user is read-only: nothing was changed.")
    if "readonly" in text:
        return PracticeError(
            f"{where} is read-only (check the permissions of the file and its folder); "
            "nothing was saved."
        )
    if "disk i/o" in text:
        # Also what a full disk or a file-size limit looks like half-way through a write.
        return PracticeError(
            f"{where} could not be written (disk I/O error: the disk may be full, removed or "
            "failing); nothing was saved."
        )
    if "unable to open" in text:
        return PracticeError(f"{where} cannot be opened ({exc}).")
    if "full" in text:
        return PracticeError(f"{where}: the disk is full; nothing was saved.")
    return PracticeError(f"{where}: database error ({exc}).")


def _looks_like_text(head: bytes) -> bool:
    printable = sum(1 for b in head if 32 <= b < 127 or b in (9, 10, 13))
    return printable >= 0.9 * len(head)


def file_kind(path: Path) -> str:
    """PLAIN (SQLite header), ENCRYPTED (random-looking pages), EMPTY; raises for the rest.

    An SQLCipher file starts with its random salt, so "encrypted" means "binary, page-sized,
    not SQLite": only the passphrase can tell it from another program's binary file.
    """
    if not path.exists():
        raise PracticeNotFound(f"No practice at {path}.")
    if path.is_dir():
        raise NotAPractice(f"{path} is a folder, not a KAPNotes practice file.")
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(512)
    except PermissionError as exc:
        raise PracticeError(f"{path} cannot be read: permission denied.") from exc
    if size == 0:
        return EMPTY
    if head.startswith(SQLITE_HEADER):
        return PLAIN
    if size < 1024 or _looks_like_text(head):
        raise NotAPractice(f"{path} is not a KAPNotes practice (not a database).")
    return ENCRYPTED


def _create_private(path: Path) -> None:
    os.umask(0o077)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def quote_key(passphrase: str) -> str:
    """The passphrase as an SQL string literal for PRAGMA key / rekey / ATTACH ... KEY."""
    if "\x00" in passphrase:
        raise WrongPassphrase("wrong passphrase")
    return "'" + passphrase.replace("'", "''") + "'"


def export_encrypted(conn, target: Path, passphrase: str) -> None:
    """Write conn's main database, schema version included, to target encrypted with passphrase."""
    conn.execute(f"ATTACH DATABASE ? AS encrypted KEY {quote_key(passphrase)}", [str(target)])
    conn.execute("SELECT sqlcipher_export('encrypted')")
    version = conn.execute("PRAGMA main.user_version").fetchone()[0]
    conn.execute(f"PRAGMA encrypted.user_version = {int(version)}")
    conn.execute("DETACH DATABASE encrypted")


def connect(path: Path, passphrase: str | None = None, *, read_only: str = ""):
    """A raw connection with only read-safe settings (nothing written to the file yet).

    read_only="ro" opens the file through SQLite's mode=ro (readers share the WAL with the
    writer); "immutable" also skips every lock and the WAL index, for media nobody can write
    (see store/readonly.py).
    """
    target, uri = str(path), False
    if read_only:
        query = "mode=ro&immutable=1" if read_only == "immutable" else "mode=ro"
        target, uri = f"{Path(os.path.abspath(path)).as_uri()}?{query}", True
    options = {"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False, "uri": uri}
    if passphrase is None:
        conn = sqlite3.connect(target, **options)
    else:
        conn = sqlcipher.connect(target, **options)
        # SQLCipher logs decryption failures to stderr by default: never to the terminal.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {quote_key(passphrase)}")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def check_key(conn, path: Path) -> None:
    """Read page 1: WrongPassphrase when it does not decrypt, PracticeCorrupt when only it fails."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except DB_ERRORS as exc:
        if "not a database" not in str(exc).lower():
            raise
        if _some_pages_decrypt(conn):
            raise PracticeCorrupt(
                f"{path} is damaged (its first page is unreadable); restore it from a backup."
            ) from None
        raise WrongPassphrase("wrong passphrase") from None


def _some_pages_decrypt(conn) -> bool:
    """With the right key only damaged pages fail their HMAC; with a wrong key every page does."""
    try:
        failures = conn.execute("PRAGMA cipher_integrity_check").fetchall()
        pages = os.path.getsize(conn.execute("PRAGMA database_list").fetchone()[2]) // 4096
    except DB_ERRORS + (OSError, TypeError):
        return False
    return pages > 1 and len(failures) < pages


def apply_durability(conn) -> None:
    """WAL and synchronous=FULL: a save that returned survives a crash or power cut.

    Switching to WAL writes the file header, so this runs only once the file is known to be ours.
    """
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise sqlite3.OperationalError("database is locked (cannot switch to WAL)")
    conn.execute("PRAGMA synchronous = FULL")


def make_private(path: Path) -> None:
    """The database, its WAL and shared-memory index readable by the owner only.

    Group and other bits are dropped; the owner's own bits are never widened, so a file the
    user made read-only stays read-only.
    """
    for suffix in ("", "-wal", "-shm", "-journal"):
        p = Path(str(path) + suffix)
        try:
            if p.exists():
                os.chmod(p, p.stat().st_mode & 0o600)
        except OSError:
            pass


def check_writable(path: Path) -> None:
    """PracticeError when the file or its folder is read-only: every save would fail later."""
    for target, what in ((path, "file"), (path.parent, "folder")):
        if not os.access(target, os.W_OK):
            raise PracticeError(
                f"{path} is read-only (its {what} cannot be written); KAPNotes saves as you "
                "type, so it needs write permission. Nothing was changed."
            )


def quick_check(conn, path: Path) -> None:
    """PRAGMA quick_check: PracticeCorrupt with the first problems when the file is damaged."""
    try:
        result = [r[0] for r in conn.execute("PRAGMA quick_check(20)").fetchall()]
    except DB_ERRORS as exc:
        raise classify_sqlite_error(exc, path) from None
    if result != ["ok"]:
        raise PracticeCorrupt(
            f"{path} is damaged ({damage.one_line(result)}); restore it from a backup."
        )


def open_database(
    path: Path | str,
    passphrase: str | None = None,
    *,
    create: bool = False,
    before_upgrade: Callable[[Database, list[str]], None] | None = None,
) -> tuple[Database, bool]:
    """Open (or with create=True, make) a practice database and bring its schema up to date.

    Returns the database and whether it is encrypted. Never overwrites anything: a file that is
    not a practice raises NotAPractice, a damaged one PracticeCorrupt. `before_upgrade` runs
    before migrations are applied to an existing practice (the pre-migration backup).
    """
    path = Path(path)
    os.umask(0o077)
    if not path.exists():
        if not create:
            raise PracticeNotFound(f"No practice at {path}.")
        _create_private(path)
        try:
            return _open_file(path, passphrase, create=True, before_upgrade=before_upgrade)[:2]
        except BaseException:
            # A creation that failed (a blank passphrase, a full disk) leaves no 0-byte file
            # behind: the next open would rightly call it a damaged practice.
            for suffix in ("-wal", "-shm", "-journal", ""):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            raise
    return _open_file(path, passphrase, create=create, before_upgrade=before_upgrade)[:2]


def open_database_deferring_check(
    path: Path, passphrase: str | None, before_upgrade: Callable[[Database, list[str]], None] | None
) -> tuple[Database, bool, bool]:
    """Open an existing practice like open_database, leaving out quick_check when nothing is
    written on opening (already WAL, no migration): the third value says it was left out and
    the caller runs it (kapnotes/store/integrity.py) before any write."""
    return _open_file(Path(path), passphrase, create=False, before_upgrade=before_upgrade, defer_check=True)  # fmt: skip


def _in_wal_mode(conn) -> bool:
    return str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal"


def _open_file(
    path: Path,
    passphrase: str | None,
    *,
    create: bool,
    before_upgrade: Callable[[Database, list[str]], None] | None,
    defer_check: bool = False,
) -> tuple[Database, bool, bool]:
    kind = file_kind(path)
    if kind == EMPTY and not create:
        # A practice file cut to nothing (a failed copy, a sync conflict) is damaged, not new:
        # quietly making a fresh, empty (and, without a passphrase, unencrypted) practice in its
        # place would hide the loss and push the good backups out of rotation.
        raise PracticeCorrupt(f"{path} is empty (0 bytes); restore it from a backup.")
    check_writable(path)
    if kind == ENCRYPTED and passphrase is None:
        raise PassphraseRequired(f"{path.name} is encrypted: enter its passphrase.")
    if kind == EMPTY and passphrase is not None and not passphrase.strip():
        raise WrongPassphrase(
            "An empty passphrase (or one of only spaces) cannot protect a practice."
        )
    if kind == ENCRYPTED and passphrase == "":
        # SQLCipher would answer with its own "PRAGMA key requires a key..." error.
        raise WrongPassphrase("wrong passphrase (the passphrase given was empty)")
    # A passphrase given for a plain (legacy) file opens it unencrypted: is_encrypted says so
    # and encrypt_practice() converts it.
    use_key = passphrase if kind in (ENCRYPTED, EMPTY) else None
    conn = None
    try:
        conn = connect(path, use_key)
        if use_key is not None:
            check_key(conn, path)
        # No sqlite-utils plugins: KAPNotes uses none, and loading them scans every installed
        # package's entry points (a tenth of the start) and would run third-party code on a
        # connection that holds health records.
        db = Database(conn, execute_plugins=False)
        tables = set(db.table_names())
        if tables and ("_sqlite_migrations" not in tables or not migrations.applied(db)):
            raise NotAPractice(f"{path} is an SQLite database but not a KAPNotes practice.")
        deferred = bool(tables) and defer_check and _in_wal_mode(conn) and not migrations.pending(db)  # fmt: skip
        if tables and not deferred:
            quick_check(conn, path)
        apply_durability(conn)
        make_private(path)
        pending = [m.name for m in migrations.pending(db)]
        if pending and tables and before_upgrade is not None:
            before_upgrade(db, pending)
        upgrade(db)
        make_private(path)
    except (*DB_ERRORS, PracticeError) as exc:
        if conn is not None:
            conn.close()
        if isinstance(exc, PracticeError):
            raise
        raise classify_sqlite_error(exc, path) from None
    return db, use_key is not None, deferred
