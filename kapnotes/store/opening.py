"""Opening a practice file: as a user through the key slots, creating one, converting one
made before accounts, emergency access; a throwaway in-memory practice for tests."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from kapnotes import config
from kapnotes.store import crypto, keyslots, leftovers, locking, signin
from kapnotes.store.backup import backup_connection
from kapnotes.store.connection import connect, open_database, open_database_deferring_check
from kapnotes.store.errors import PassphraseRequired, PracticeNotFound, WrongPassphrase
from kapnotes.store.guard import default_actor
from kapnotes.store.integrity import DeferredCheck
from kapnotes.store.practice import Practice
from kapnotes.store.schema import upgrade


def open_practice(
    path: Path | str,
    passphrase: str | None = None,
    *,
    create: bool = False,
    user: str | None = None,
    defer_check: bool = False,
) -> Practice:
    """Open the practice database at `path` as `user` (default: the first admin).

    create=True makes a new, private one; with a passphrase it is encrypted under a random
    database key and `user` (default: this computer's user name) is its first admin. A
    practice with a key slots file is opened through the user's slot; an encrypted one made
    before accounts is converted in one step (a backup first); without a passphrase a plain
    file opens as before, without accounts.
    defer_check=True (the app's start) runs quick_check in the background when opening a file
    without accounts writes nothing; every write waits for it (kapnotes/store/integrity.py).
    """
    path = Path(path)
    if keyslots.slots_path(path).exists() and (path.exists() or not create):
        if not path.exists():
            raise PracticeNotFound(f"No practice at {path}.")
        practice = signin.sign_in(
            path, user, passphrase, lambda key: _pre_migration_backup(path, key)
        )
        return _swept(practice, path)
    if not path.exists():
        if not create:
            raise PracticeNotFound(f"No practice at {path}.")
        config.ensure_private_dir(path.parent)
        if passphrase is not None:
            keyslots.slots_path(path).unlink(missing_ok=True)  # left by a killed creation
            return signin.create(
                path, user or default_actor(), passphrase,
                lambda key: _pre_migration_backup(path, key),
            )  # fmt: skip
    locking.acquire(path)
    deferred = False
    try:
        hook = _pre_migration_backup(path, passphrase)
        if defer_check and path.exists() and passphrase is None:
            db, encrypted, deferred = open_database_deferring_check(path, passphrase, hook)
        else:
            db, encrypted = open_database(path, passphrase, create=create, before_upgrade=hook)
    except WrongPassphrase as exc:
        locking.release(path)
        if passphrase is not None and not isinstance(exc, PassphraseRequired):
            crypto.note_failure(path)
            # A practice with accounts whose key file is lost looks just like this.
            raise WrongPassphrase(
                f"wrong passphrase (or, if {path.name} has user accounts, its key file "
                f"{keyslots.slots_path(path).name} is missing: {keyslots.RECOVERY_HINT})"
            ) from None
        raise
    except BaseException:
        locking.release(path)
        raise
    crypto.note_success(path)
    practice = Practice(db, path, encrypted=encrypted, passphrase=passphrase if encrypted else None)
    if encrypted:
        try:
            signin.convert(practice, user or _first_clinician(practice) or default_actor(),
                           passphrase)  # fmt: skip
        except BaseException:
            practice.close()
            raise
    elif deferred:
        practice.defer_integrity_check(DeferredCheck(path, lambda: connect(path, None)))
    return _swept(practice, path)


def _swept(practice: Practice, path: Path) -> Practice:
    """With the writer lock held no encryption of this file can be running now: remove what
    interrupted jobs left behind and keep the report for the app to show."""
    practice.leftover_report = leftovers.sweep_and_report(path, config.backup_dir(path.parent))
    return practice


def _first_clinician(practice: Practice) -> str | None:
    clinicians = practice.settings().clinicians
    return clinicians[0].name if clinicians else None


def recover_practice(
    path: Path | str, recovery_hex: str, user: str | None, new_passphrase: str
) -> Practice:
    """Emergency access (kapnotes recover): open with the recovery key, give an admin a new
    passphrase and key, audited; works when the key slots file is lost."""
    path = Path(path)
    return signin.recover(
        path, recovery_hex, user, new_passphrase, lambda key: _pre_migration_backup(path, key)
    )


def _pre_migration_backup(path: Path, passphrase: str | None):
    """A hook that backs up an existing practice before its schema is migrated."""

    def hook(db: Database, pending: list[str]) -> None:
        key = passphrase if type(db.conn).__module__.startswith("sqlcipher3") else None
        made = backup_connection(
            db.conn, config.backup_dir(path.parent), path.stem, key, f"before-{pending[0]}"
        )
        keyslots.copy_beside(path, made)

    return hook


def memory_practice() -> Practice:
    """A throwaway in-memory practice (tests)."""
    db = Database(memory=True)
    db.execute("PRAGMA foreign_keys = ON")
    upgrade(db)
    return Practice(db, None)


__all__ = ["memory_practice", "open_practice", "recover_practice"]
