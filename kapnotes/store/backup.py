"""Backups through SQLite's online backup API: verified, private, rotated, restorable.

A backup of an encrypted practice is encrypted with the same passphrase (SQLCipher copies the
pages between two connections keyed alike); each one passes integrity_check before it gets its
final name. Restoring keeps the current file (and its WAL) aside under a new name: nothing is
ever destroyed.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlcipher3 import dbapi2 as sqlcipher

from kapnotes import config
from kapnotes.store import anchor, damage, keyslots, leftovers, locking
from kapnotes.store.connection import (
    EMPTY,
    ENCRYPTED,
    PLAIN,
    connect,
    export_encrypted,
    file_kind,
    make_private,
)
from kapnotes.store.errors import (
    DB_ERRORS,
    NotAPractice,
    PassphraseRequired,
    PracticeCorrupt,
    PracticeError,
    PracticeInUse,
    WrongPassphrase,
)

SUFFIX = ".kapnotes"
STAMP = "%Y%m%d-%H%M%S"
PAGES_PER_STEP = 1024  # copy in steps so a big practice never blocks for long


@dataclass(frozen=True)
class BackupInfo:
    """One backup file."""

    path: Path
    created: datetime
    size: int
    label: str = ""


def _name(stem: str, label: str) -> str:
    now = datetime.now()
    name = f"{stem}-{now.strftime(STAMP)}-{now.microsecond:06d}"
    return f"{name}-{label}{SUFFIX}" if label else f"{name}{SUFFIX}"


_NAME = re.compile(
    r"^(?P<stem>.+?)-(?P<day>\d{8})-(?P<time>\d{6})-(?P<us>\d{6})(?:-(?P<label>[\w.-]+))?"
    + re.escape(SUFFIX)
    + "$"
)


def _parse(path: Path) -> tuple[str, datetime, str] | None:
    """(stem, created, label) from a backup file name, None for other files."""
    m = _NAME.match(path.name)
    if m is None:
        return None
    created = datetime.strptime(f"{m['day']}-{m['time']}", STAMP).replace(microsecond=int(m["us"]))
    return m["stem"], created, m["label"] or ""


def list_backups(backup_dir: Path, stem: str | None = None) -> list[BackupInfo]:
    """Backups in a folder, newest first (only those of `stem`'s practice when given)."""
    found = []
    if not Path(backup_dir).is_dir():
        return []
    for p in Path(backup_dir).iterdir():
        parsed = _parse(p)
        if parsed is None or (stem is not None and parsed[0] != stem):
            continue
        try:
            size = p.stat().st_size
        except OSError:
            continue
        found.append(BackupInfo(path=p, created=parsed[1], size=size, label=parsed[2]))
    return sorted(found, key=lambda b: b.created, reverse=True)


def verify_file(path: Path, passphrase: str | None) -> None:
    """integrity_check of a practice file (PracticeCorrupt / WrongPassphrase / NotAPractice)."""
    from kapnotes.store.accounts import database_key_for  # accounts imports crypto, this

    passphrase = database_key_for(path, passphrase)
    kind = file_kind(path)
    if kind == EMPTY:
        raise PracticeCorrupt(f"{path.name} is empty.")
    if kind == ENCRYPTED and passphrase is None:
        raise PassphraseRequired(f"{path.name} is encrypted: enter its passphrase.")
    conn = connect(path, passphrase if kind == ENCRYPTED else None)
    try:
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except DB_ERRORS as exc:
            if kind == ENCRYPTED and "not a database" in str(exc).lower():
                raise WrongPassphrase(f"wrong passphrase for {path.name}") from None
            raise PracticeCorrupt(f"{path.name} is damaged ({exc}).") from None
        try:
            result = [r[0] for r in conn.execute("PRAGMA integrity_check(20)").fetchall()]
            known = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE name = '_sqlite_migrations'"
            ).fetchone()[0]
        except DB_ERRORS as exc:
            raise PracticeCorrupt(f"{path.name} is damaged ({exc}).") from None
        if result != ["ok"]:
            raise PracticeCorrupt(f"{path.name} is damaged ({damage.one_line(result)}).")
        if not known:
            raise NotAPractice(f"{path.name} is not a KAPNotes practice.")
    finally:
        conn.close()


def backup_connection(
    conn, dest_dir: Path, stem: str, passphrase: str | None, label: str = ""
) -> Path:
    """Copy an open connection's database into dest_dir, verify it, give it its final name."""
    final = dest_dir / _name(stem, label)
    partial = dest_dir / f".{final.name}{leftovers.PARTIAL}"
    held = None
    try:
        # A backups "folder" that is a file, or one that cannot be written: a message, not a crash.
        config.ensure_private_dir(dest_dir)
        # What killed backups left behind goes first (never a backup another job is writing).
        leftovers.sweep_backups(dest_dir)
        partial.unlink(missing_ok=True)
        held = leftovers.hold(partial)  # locked while written: no sweep takes it from under us
    except OSError as exc:
        leftovers.release(held)
        raise PracticeError(
            f"The backup could not be written to {dest_dir} ({exc.strerror or exc})."
        ) from None
    try:
        target = connect(partial, passphrase)
        try:
            conn.backup(target, pages=PAGES_PER_STEP)
            # The copy needs no WAL of its own: one self-contained file.
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
        verify_file(partial, passphrase)
        with open(partial, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(partial, final)
        make_private(final)
    except (*DB_ERRORS, OSError) as exc:
        _drop_partial(partial)
        raise PracticeError(f"The backup could not be written ({exc}).") from None
    except PracticeError:
        _drop_partial(partial)
        raise
    finally:
        leftovers.release(held)
    return final


def _drop_partial(partial: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)


def backup_file_copy(path: Path, passphrase: str | None, dest_dir: Path, label: str = "") -> Path:
    """Back up a practice file that is not open (conversion, restore)."""
    conn = connect(path, passphrase if file_kind(path) == ENCRYPTED else None)
    try:
        return backup_connection(conn, dest_dir, path.stem, passphrase, label)
    finally:
        conn.close()


def backup_now(practice, backup_dir: Path, label: str = "") -> Path:
    """Back up an open practice now; the copy is verified and private. Its path."""
    dest = practice.backup_copy(Path(backup_dir), label)
    practice._flush_anchor(durable=True)
    keyslots.copy_beside(practice.path, dest)  # the key slots and the anchor travel along
    practice.record_event("backup", detail=dest.name)
    return dest


def rotate(backup_dir: Path, stem: str, keep: int) -> list[Path]:
    """Delete all but the `keep` newest unlabelled backups; labelled ones (before a migration,
    before encryption, before a restore) stay. The paths removed."""
    plain = [b for b in list_backups(backup_dir, stem) if not b.label]
    removed = []
    for old in plain[max(1, int(keep)) :]:
        old.path.unlink(missing_ok=True)
        keyslots.slots_path(old.path).unlink(missing_ok=True)
        anchor.anchor_path(old.path).unlink(missing_ok=True)
        removed.append(old.path)
    return removed


def auto_backup(practice, backup_dir: Path, keep: int) -> Path | None:
    """At most one automatic backup a day (calendar day), then rotation; the new file or None."""
    if practice.path is None:
        return None
    stem = practice.path.stem
    today = datetime.now().date()
    if any(b.created.date() == today for b in list_backups(backup_dir, stem) if not b.label):
        return None
    made = backup_now(practice, backup_dir)
    rotate(Path(backup_dir), stem, keep)
    return made


def _free_aside_name(practice_path: Path) -> Path:
    """A name for keeping the current file aside that no earlier restore has used."""
    base = practice_path.with_name(
        f"{practice_path.name}.before-restore-{datetime.now().strftime(STAMP)}"
    )
    aside, n = base, 1
    while any(Path(f"{aside}{s}").exists() for s in ("", "-wal", "-shm")):
        aside, n = base.with_name(f"{base.name}-{n}"), n + 1
    return aside


def _would_decrypt(backup_file: Path, practice_path: Path) -> bool:
    """True when an unencrypted backup (made before encryption) would replace an encrypted
    practice: copied as it is, the restored practice would silently be plaintext again."""
    if file_kind(backup_file) != PLAIN:
        return False
    try:
        return practice_path.is_file() and file_kind(practice_path) == ENCRYPTED
    except PracticeError:
        return False


def _encrypted_copy(plain: Path, target: Path, passphrase: str) -> None:
    """Write an encrypted copy of a plain practice file (SQLCipher's sqlcipher_export)."""
    target.unlink(missing_ok=True)
    conn = sqlcipher.connect(str(plain), isolation_level=None)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        export_encrypted(conn, target, passphrase)
    finally:
        conn.close()
    verify_file(target, passphrase)


def restore_backup(
    backup_file: Path | str, practice_path: Path | str, passphrase: str | None
) -> Path | None:
    """Put a verified backup in place of the practice; returns where the current file was kept
    (None when there was no current file). The practice must be closed in this process.

    The backup is copied beside the practice first; only then is the current file (with its
    WAL) renamed aside and the copy renamed in. A failure at any step leaves the practice where
    it was.
    """
    backup_file, practice_path = Path(backup_file), Path(practice_path)
    from kapnotes.store.accounts import database_key_for  # accounts imports crypto, this

    passphrase = database_key_for(backup_file, passphrase)
    if practice_path.exists() and backup_file.exists():
        with contextlib.suppress(OSError):
            if os.path.samefile(backup_file, practice_path):
                raise PracticeError(
                    f"{backup_file.name} is the practice file itself, not a backup of it."
                )
    verify_file(backup_file, passphrase)
    encrypt_copy = _would_decrypt(backup_file, practice_path)
    if encrypt_copy and not passphrase:
        raise PassphraseRequired(
            f"{backup_file.name} is not encrypted but the practice is: give the practice's "
            "passphrase so that the restored practice stays encrypted."
        )
    if locking.in_use_here(practice_path):
        raise PracticeInUse(f"{practice_path.name} is open; close it before restoring.")
    locking.acquire(practice_path)
    incoming = practice_path.with_name(f".{practice_path.name}.restoring")
    aside = None
    moved: list[tuple[Path, Path]] = []
    try:
        if encrypt_copy:
            _encrypted_copy(backup_file, incoming, passphrase)
        else:
            shutil.copyfile(backup_file, incoming)
        os.chmod(incoming, 0o600)
        with open(incoming, "rb") as fh:
            os.fsync(fh.fileno())
        if practice_path.exists():
            aside = _free_aside_name(practice_path)
            for suffix in ("-wal", "-shm", keyslots.SUFFIX, ""):
                current = Path(f"{practice_path}{suffix}")
                if current.exists():
                    os.replace(current, Path(f"{aside}{suffix}"))
                    moved.append((current, Path(f"{aside}{suffix}")))
        # The backup's own key slots (its key, its anchor) come back with it.
        keyslots.copy_beside(backup_file, practice_path)
        os.replace(incoming, practice_path)
    except (*DB_ERRORS, OSError, PracticeError) as exc:
        # Put back whatever was already moved aside: the practice stays as it was.
        for original, kept in reversed(moved):
            with contextlib.suppress(OSError):
                os.replace(kept, original)
        for leftover in ("", "-journal", "-wal", "-shm"):
            Path(f"{incoming}{leftover}").unlink(missing_ok=True)
        if isinstance(exc, PracticeError):
            raise
        reason = (exc.strerror if isinstance(exc, OSError) else None) or exc
        raise PracticeError(
            f"The backup could not be restored ({reason}); the practice is unchanged."
        ) from None
    finally:
        locking.release(practice_path)
    return aside


__all__ = [
    "BackupInfo",
    "auto_backup",
    "backup_now",
    "list_backups",
    "restore_backup",
    "rotate",
]
