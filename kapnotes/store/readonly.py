"""Opening a practice only to read it: export, check, search, audit, backup.

Readers never take the single-writer lock (store/locking.py): SQLite's WAL lets any number of
readers work beside the one writer, so the command line can export or back up while the app
is open. Nothing is written to the practice file to open it (no WAL switch, no migration, no
chmod), so it also works on a read-only mount, a file without write permission or a full
disk. When SQLite cannot even create the WAL index there (read-only media), and no WAL with
unsaved pages lies beside the file, it is opened immutable: nobody can be writing it.

An access is still an access: the audit entry ("open", "export", "backup") is appended through
a short-lived connection of its own, serialised with the writer by SQLite itself. Where that
cannot be written (read-only, full disk) the reason is kept in `audit_unavailable` for the
caller to say so; the read goes on.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from kapnotes import config
from kapnotes.store import audit, crypto, keyslots, leftovers, locking
from kapnotes.store.connection import (
    EMPTY,
    ENCRYPTED,
    check_key,
    classify_sqlite_error,
    connect,
    file_kind,
    quick_check,
)
from kapnotes.store.errors import (
    DB_ERRORS,
    NotAPractice,
    PassphraseRequired,
    PracticeCorrupt,
    PracticeError,
    PracticeNotFound,
    UserDisabled,
    WrongPassphrase,
)
from kapnotes.store.guard import guard_public_methods
from kapnotes.store.practice import Practice
from kapnotes.store.schema import migrations

log = logging.getLogger("kapnotes")


class NeedsUpgrade(PracticeError):
    """The practice was made by an older KAPNotes: a writer must migrate it first."""


class ReadOnlyPractice(Practice):
    """A Practice on a read-only connection: every read of Practice, no writer lock."""

    read_only = True

    def __init__(self, db: Database, path: Path, *, encrypted: bool, passphrase: str | None):
        super().__init__(db, path, encrypted=encrypted, passphrase=passphrase)
        self.immutable = False
        self.audit_unavailable = ""  # why access cannot be recorded here, once known

    def close(self) -> None:
        """Close the connection (no checkpoint: a reader writes nothing; no lock to give back)."""
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(*DB_ERRORS):
            self.db.conn.close()

    def record_event(
        self,
        action: str,
        *,
        client_id: int | None = None,
        session_id: int | None = None,
        detail: str = "",
    ) -> int:
        """Append the audit entry through a connection of its own; 0 when it cannot be written
        here (audit_unavailable says why), so that reading a read-only copy still works."""
        if not action or not isinstance(action, str):
            raise PracticeError("An audit entry needs an action.")
        if self.audit_unavailable:
            return 0
        try:
            new_id = _append_elsewhere(self, action, client_id, session_id, detail)
        except (*DB_ERRORS, OSError) as exc:
            self.audit_unavailable = str(classify_sqlite_error(exc, self.path))
            log.warning("audit entry not written (read-only access): %s", type(exc).__name__)
            return 0
        # With accounts the chain's head is kept outside the database too (store/anchor.py):
        # a reader's entry moves it like a writer's, so that a cut tail still shows as one.
        with contextlib.suppress(OSError, PracticeError):
            self._flush_anchor()
        return new_id


def _append_elsewhere(
    practice: ReadOnlyPractice, action: str, client_id: Any, session_id: Any, detail: str
) -> int:
    if practice.immutable:
        raise OSError("the practice is on read-only media")
    conn = connect(practice.path, practice._passphrase)
    try:
        conn.isolation_level = None
        conn.execute("BEGIN IMMEDIATE")  # SQLite's own write lock: waits for the app's save
        try:
            db = Database(conn)
            if session_id is not None and client_id is None:
                row = conn.execute(
                    "SELECT client_id FROM sessions WHERE id = ?", [session_id]
                ).fetchone()
                client_id = row[0] if row else None
            record = f"session {session_id}" if session_id is not None else (
                f"client {client_id}" if client_id is not None else ""
            )  # fmt: skip
            user, keys = practice.user, practice._keys
            new_id = audit.append(
                db, practice.actor, action, client_id=client_id, session_id=session_id,
                record=record, detail=detail,
                user_id=user.id if user is not None else None,
                sign=keys.signing.sign if user is not None and keys is not None else None,
            )  # fmt: skip
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(*DB_ERRORS):
                conn.execute("ROLLBACK")
            raise
    finally:
        conn.close()
    return new_id


def _wal_has_pages(path: Path) -> bool:
    try:
        return Path(f"{path}-wal").stat().st_size > 0
    except OSError:
        return False


def _cannot_share(exc: BaseException) -> bool:
    """SQLite could not create or map the WAL index beside the file (read-only or full)."""
    text = str(exc).lower()
    return any(w in text for w in ("readonly", "read-only", "unable to open", "disk i/o", "full"))


def _account(path: Path, passphrase: str | None, user: str | None):
    """(name, keys, database key candidates) of the reading user, or None without accounts."""
    if not passphrase or passphrase.startswith("x'") or not keyslots.slots_path(path).exists():
        return None
    from kapnotes.store.accounts import unlock_slot

    name = user or keyslots.load(path).default_user() or ""
    slot, keys = unlock_slot(path, name, passphrase)
    candidates = slot.db_key_candidates(keys)
    if not candidates:
        raise UserDisabled(f"{name} is disabled; an admin can enable them.")
    return slot.name, keys, candidates


def _open_first(path: Path, candidates: list, mode: str):
    """The first database key that opens the file (during a re-key a slot holds two)."""
    for i, key in enumerate(candidates):
        try:
            return _open_connection(path, key, mode), key
        except WrongPassphrase:
            if i == len(candidates) - 1:
                raise
    raise WrongPassphrase("wrong passphrase")


def _sign_in_reader(practice: ReadOnlyPractice, name: str, keys) -> None:
    from kapnotes.store.accounts import find_user

    found = find_user(practice.db, name)
    if found is None or found.public_key != keys.signing_public:
        practice.close()
        raise WrongPassphrase("wrong passphrase or unknown user")
    if not found.active:
        practice.close()
        raise UserDisabled(f"{name} is disabled; an admin can enable them.")
    practice._keys = keys
    practice.user = found


def _open_connection(path: Path, key: str | None, mode: str):
    conn = connect(path, key, read_only=mode)
    try:
        if key is not None:
            check_key(conn, path)
        else:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn


def open_readonly(
    path: Path | str, passphrase: str | None = None, user: str | None = None
) -> ReadOnlyPractice:
    """Open a practice to read it, without the writer lock and without writing to it.

    With user accounts (a key slots file beside it) `user` (default: the first admin) reads,
    their passphrase unwrapping the database key; the access entry carries their signature.

    The same one-line errors as open_practice (NotAPractice, PracticeCorrupt, WrongPassphrase,
    ...); NeedsUpgrade when its schema is older than this KAPNotes (a writer must migrate it).
    """
    path = Path(path)
    kind = file_kind(path)  # PracticeNotFound / NotAPractice / unreadable
    if kind == EMPTY:
        raise PracticeCorrupt(f"{path} is empty (0 bytes); restore it from a backup.")
    if kind == ENCRYPTED and passphrase is None:
        raise PassphraseRequired(f"{path.name} is encrypted: enter its passphrase.")
    if kind == ENCRYPTED and passphrase == "":
        raise WrongPassphrase("wrong passphrase (the passphrase given was empty)")
    account = _account(path, passphrase, user) if kind == ENCRYPTED else None
    candidates = account[2] if account else [passphrase if kind == ENCRYPTED else None]
    key = candidates[0]
    conn = None
    immutable = False
    try:
        try:
            conn, key = _open_first(path, candidates, "ro")
        except DB_ERRORS as exc:
            if not _cannot_share(exc):
                raise
            if _wal_has_pages(path):
                # Immutable would read the file without the changes still in its WAL.
                raise PracticeError(
                    f"{path} holds changes not yet merged from its -wal file, and its folder "
                    "cannot be written here; open it once where it can be written. "
                    "Nothing was changed."
                ) from None
            conn, key = _open_first(path, candidates, "immutable")
            immutable = True
        db = Database(conn)
        tables = set(db.table_names())
        if "_sqlite_migrations" not in tables or not migrations.applied(db):
            raise NotAPractice(f"{path} is an SQLite database but not a KAPNotes practice.")
        quick_check(conn, path)
        if migrations.pending(db):
            raise NeedsUpgrade(
                f"{path.name} was made by an older KAPNotes: open it once in the app to upgrade it."
            )
    except WrongPassphrase as exc:
        if conn is not None:
            conn.close()
        if not isinstance(exc, PassphraseRequired):
            crypto.note_failure(path)
            if account is None and not keyslots.slots_path(path).exists():
                # A practice with accounts whose key file is lost looks just like this.
                raise WrongPassphrase(
                    f"wrong passphrase (or, if {path.name} has user accounts, its key file "
                    f"{keyslots.slots_path(path).name} is missing: {keyslots.RECOVERY_HINT})"
                ) from None
        raise
    except (*DB_ERRORS, PracticeError) as exc:
        if conn is not None:
            conn.close()
        if isinstance(exc, PracticeError):
            raise
        raise classify_sqlite_error(exc, path) from None
    crypto.note_success(path)
    practice = ReadOnlyPractice(db, path, encrypted=key is not None, passphrase=key)
    practice.immutable = immutable
    if account is not None:
        _sign_in_reader(practice, account[0], account[1])
    practice.leftover_report = _sweep_if_no_writer(path)
    return practice


def _sweep_if_no_writer(path: Path) -> str:
    """Leftovers of killed jobs are removed by a reader too, but only while no writer (which
    could be encrypting right now) has the practice: the writer lock is tried, never waited
    for, and given back at once. On read-only media this simply does nothing."""
    try:
        locking.acquire(path)
    except (PracticeError, OSError):
        return ""
    try:
        return leftovers.sweep_and_report(path, config.backup_dir(path.parent))
    finally:
        locking.release(path)


guard_public_methods(ReadOnlyPractice)

__all__ = ["NeedsUpgrade", "PracticeNotFound", "ReadOnlyPractice", "open_readonly"]
