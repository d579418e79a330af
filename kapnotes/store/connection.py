"""Opening a practice database: checks, durability pragmas, private files, migrations."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from kapnotes.store.errors import (
    NotAPractice,
    PracticeCorrupt,
    PracticeError,
    PracticeLocked,
    PracticeNotFound,
)
from kapnotes.store.schema import migrations, upgrade

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


def classify_sqlite_error(exc: sqlite3.Error, path: Path) -> PracticeError:
    """Turn an sqlite3 error into a one-line store error naming the file."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return PracticeLocked(f"{path} is locked by another program; close it and try again.")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return PracticeCorrupt(f"{path} is damaged or is not a KAPNotes practice ({exc}).")
    if "readonly" in text or "unable to open" in text or "disk i/o" in text:
        return PracticeError(f"{path} cannot be opened for writing ({exc}).")
    return PracticeError(f"{path}: database error ({exc}).")


def _check_header(path: Path) -> None:
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except PermissionError as exc:
        raise PracticeError(f"{path} cannot be read: permission denied.") from exc
    except IsADirectoryError as exc:
        raise NotAPractice(f"{path} is a folder, not a KAPNotes practice file.") from exc
    if head and head != SQLITE_HEADER:
        raise NotAPractice(f"{path} is not a KAPNotes practice (not an SQLite database).")


def _create_private(path: Path) -> None:
    os.umask(0o077)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def connect(path: Path) -> sqlite3.Connection:
    """A raw connection with only read-safe settings (nothing written to the file yet)."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def apply_durability(conn: sqlite3.Connection) -> None:
    """WAL and synchronous=FULL: a save that returned survives a crash or power cut.

    Switching to WAL writes the file header, so this runs only once the file is known to be ours.
    """
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise sqlite3.OperationalError("database is locked (cannot switch to WAL)")
    conn.execute("PRAGMA synchronous = FULL")


def open_database(path: Path | str, *, create: bool = False) -> Database:
    """Open (or with create=True, make) a practice database and bring its schema up to date.

    Never overwrites anything: a file that is not a practice raises NotAPractice.
    """
    path = Path(path)
    os.umask(0o077)
    if not path.exists():
        if not create:
            raise PracticeNotFound(f"No practice at {path}.")
        _create_private(path)
    elif path.is_dir():
        raise NotAPractice(f"{path} is a folder, not a KAPNotes practice file.")
    else:
        _check_header(path)
    conn = None
    try:
        conn = connect(path)
        db = Database(conn)
        tables = set(db.table_names())
        if tables and ("_sqlite_migrations" not in tables or not migrations.applied(db)):
            raise NotAPractice(f"{path} is an SQLite database but not a KAPNotes practice.")
        apply_durability(conn)
        upgrade(db)
    except (sqlite3.Error, PracticeError) as exc:
        if conn is not None:
            conn.close()
        if isinstance(exc, PracticeError):
            raise
        raise classify_sqlite_error(exc, path) from None
    return db
