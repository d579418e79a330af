"""The practice as a whole: opening, settings, backups, restore, encryption, passphrase.

Restoring and encrypting replace the file: they close the open practice and hand back a new
one. The `*_file` variants work on a practice that is not open (the command line's case).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from kapnotes.domain.settings import PracticeSettings
from kapnotes.services.changes import Changes
from kapnotes.services.context import ServiceContext
from kapnotes.store import Practice, PracticeError, encrypt_practice, open_practice
from kapnotes.store import backup as store_backup


@dataclass(frozen=True)
class Replaced:
    """A practice put in place of the old file: the new one, opened, and what was kept aside
    (the previous file for a restore, the original's copy for an encryption; None: nothing)."""

    practice: Practice
    kept: Path | None


def opened(practice: Practice, how: str) -> None:
    """Opening a practice is an access: audited "open" (`how`: the app, a CLI command)."""
    # The practice is open and usable: a full disk must not undo the opening.
    with contextlib.suppress(PracticeError):
        practice.record_event("open", detail=how)


def failed_unlocks(practice: Practice, failures: int, where: str) -> None:
    """Wrong passphrases typed before the right one; audited "failed_unlock" once open."""
    if failures <= 0:
        return
    plural = "s" if failures != 1 else ""
    with contextlib.suppress(PracticeError):
        practice.record_event(
            "failed_unlock", detail=f"{failures} wrong passphrase{plural} {where}"
        )


def save_settings(ctx: ServiceContext, settings: PracticeSettings) -> None:
    """Store the practice settings; audited "change" naming the settings changed."""
    ctx.save_pending()
    ctx.practice.save_settings(settings)
    ctx.publish(Changes(settings=True))


def back_up(ctx: ServiceContext, backup_dir: Path, *, keep: int | None = None) -> Path:
    """A verified, private backup now; audited "backup". With `keep`, older unlabelled
    backups beyond that many are removed. The new file."""
    ctx.save_pending()
    made = store_backup.backup_now(ctx.practice, Path(backup_dir))
    if keep is not None and ctx.practice.path is not None:
        store_backup.rotate(Path(backup_dir), ctx.practice.path.stem, keep)
    return made


def auto_backup(ctx: ServiceContext, backup_dir: Path) -> Path | None:
    """At most one automatic backup a calendar day, then rotation; the new file or None."""
    keep = ctx.practice.settings().backup_keep
    return store_backup.auto_backup(ctx.practice, Path(backup_dir), keep)


def restore_file(
    backup_file: Path, practice_path: Path, passphrase: str | None, user: str | None = None
) -> Replaced:
    """Put a verified backup in place of a practice that is not open, open it (as `user`
    with accounts); audited "restore" in the restored practice."""
    from kapnotes.store.accounts import database_key_for

    # With accounts the backup's own key slots say which key opens it (for the user's slot).
    key = database_key_for(backup_file, passphrase, user)
    aside = store_backup.restore_backup(backup_file, practice_path, key)
    practice = open_practice(practice_path, passphrase, user=user)
    kept = f"; the previous file is kept as {aside.name}" if aside else ""
    practice.record_event("restore", detail=f"restored from {Path(backup_file).name}{kept}")
    return Replaced(practice, aside)


def restore(ctx: ServiceContext, backup_file: Path, passphrase: str | None) -> Replaced:
    """Close the open practice and restore a backup over it (see restore_file)."""
    path = ctx.practice.path
    if path is None:
        raise PracticeError("An in-memory practice has no file to restore over.")
    user = ctx.practice.user.name if ctx.practice.user is not None else None
    ctx.save_pending()
    ctx.practice.close()
    replaced = restore_file(Path(backup_file), path, passphrase, user)
    ctx.publish(Changes(practice=True))
    return replaced


def encrypt_file(path: Path, passphrase: str, *, keep_plain_copy: bool = False) -> Replaced:
    """Encrypt a plain practice that is not open, in place, and open it; audited "encrypt".
    `kept` is the encrypted backup of the original (or the plain copy, when asked for)."""
    kept = encrypt_practice(path, passphrase, keep_plain_copy=keep_plain_copy)
    practice = open_practice(path, passphrase)
    detail = f"converted to an encrypted practice; the original is kept as {kept.name}"
    practice.record_event("encrypt", detail=detail)
    return Replaced(practice, kept)


def encrypt(ctx: ServiceContext, passphrase: str) -> Replaced:
    """Close the open plain practice and encrypt it (see encrypt_file). When the conversion
    fails the file is unchanged and PracticeError says why; the caller reopens it."""
    path = ctx.practice.path
    if path is None:
        raise PracticeError("A practice kept in memory cannot be encrypted.")
    ctx.save_pending()
    ctx.practice.close()  # the store converts closed files only
    replaced = encrypt_file(Path(path), passphrase)
    ctx.publish(Changes(practice=True))
    return replaced


def change_passphrase(ctx: ServiceContext, new: str) -> None:
    """Re-key an encrypted practice (older backups keep the old passphrase); audited
    "passphrase"."""
    ctx.save_pending()
    ctx.practice.change_passphrase(new)
    ctx.publish(Changes(practice=True))
