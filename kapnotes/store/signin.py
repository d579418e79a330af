"""Opening a practice as a user: sign-in through the key slots, creation, the one-step
conversion of a practice made before accounts, emergency access and rotating the database key.

Every step that changes both the slots file and the database is ordered so that a kill at any
moment leaves the practice openable by every user who could open it before: while the key
changes, the slots file holds both the old and the new key (newest first) and sign-in tries
each; the next sign-in drops the one that no longer fits.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from kapnotes import config
from kapnotes.domain.settings import PracticeSettings
from kapnotes.domain.signatures import BEFORE_ACCOUNTS
from kapnotes.domain.users import Role, User, role_for_credentials
from kapnotes.store import crypto, keyslots, locking
from kapnotes.store.accounts import (
    check_passphrase,
    find_user,
    insert_user,
    unlock_slot,
)
from kapnotes.store.audit_keys import key_detail
from kapnotes.store.backup import backup_now
from kapnotes.store.connection import open_database
from kapnotes.store.errors import (
    AccountError,
    PassphraseRequired,
    PracticeError,
    UserDisabled,
    WrongPassphrase,
)
from kapnotes.store.keyslots import RECOVERY_HINT, Slot, SlotFile, SlotFileError, UserKeys
from kapnotes.store.note_signing import add_mark
from kapnotes.store.practice import Practice
from kapnotes.store.rekeying import rotate_key, settle_keys
from kapnotes.store.rows import s2dt


def _open_db(path: Path, candidates: list[str], hook_for: Callable):
    """The database opened with the first key that fits, and that key."""
    for key in candidates:
        try:
            db, _enc = open_database(path, key, before_upgrade=hook_for(key))
        except WrongPassphrase:
            continue
        return db, key
    raise SlotFileError(f"The key file does not fit {path.name}: {RECOVERY_HINT}.")


def _bootstrap_admin(practice, name: str, keys: UserKeys, settings: PracticeSettings) -> None:
    """The first admin's row and self-signed key registration; clinician profiles become users
    without a passphrase yet; signed notes are marked as signed before accounts."""
    db = practice.db
    profile = next((c for c in settings.clinicians if c.name == name), None)
    credentials = profile.credentials if profile else ""
    role = role_for_credentials(credentials) if profile else Role.PRESCRIBER
    admin = insert_user(
        db, User(name=name, role=role, credentials=credentials, is_admin=True,
                 public_key=keys.signing_public),
    )  # fmt: skip
    practice.user = admin
    practice._keys = keys
    practice._append(
        "user_key", record=f"user {admin.id}",
        detail=key_detail(admin.id, admin.name, keys.signing_public, True, "first admin"),
    )  # fmt: skip
    for clinician in settings.clinicians:
        if clinician.name != name and find_user(db, clinician.name) is None:
            added = insert_user(
                db, User(name=clinician.name, credentials=clinician.credentials,
                         role=role_for_credentials(clinician.credentials),
                         must_change_passphrase=True),
            )  # fmt: skip
            practice._append("user", record=f"user {added.id}", detail="from a clinician profile")
    marked = 0
    for sid, by, creds, at in db.execute(
        "SELECT id, signed_by, signed_credentials, signed_at FROM sessions s "
        "WHERE signed_at IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM note_signatures n WHERE n.session_id = s.id)"
    ).fetchall():
        add_mark(db, sid, BEFORE_ACCOUNTS, by, creds, None if at is None else s2dt(at))
        marked += 1
    practice._append("accounts", detail=f"user accounts set up; {marked} signed notes kept sealed")


def _make_practice(db, path: Path, key: str, user: User | None, keys: UserKeys) -> Practice:
    return Practice(db, path, encrypted=True, passphrase=key, user=user, keys=keys)


def sign_in(path: Path, name: str | None, passphrase: str | None, hook_for: Callable) -> Practice:
    """Open a practice that has a slots file as one of its users."""
    slots = keyslots.load(path)
    name = name or slots.default_user()
    if passphrase is None:
        raise PassphraseRequired(f"{path.name} is encrypted: enter your passphrase.")
    if not passphrase:
        raise WrongPassphrase("wrong passphrase (the passphrase given was empty)")
    slot, keys = unlock_slot(path, name or "", passphrase)
    candidates = slot.db_key_candidates(keys)
    if not candidates:
        raise UserDisabled(f"{name} is disabled; an admin can enable them.")
    locking.acquire(path)  # the Practice holds this share of the lock until it is closed
    try:
        db, key = _open_db(path, candidates, hook_for)
    except BaseException:
        locking.release(path)
        raise
    practice = _make_practice(db, path, key, None, keys)
    try:
        _finish_sign_in(practice, path, slot, keys, key)
    except BaseException:
        practice.close()
        raise
    return practice


def _finish_sign_in(practice, path: Path, slot: Slot, keys: UserKeys, key: str) -> None:
    db = practice.db
    user = find_user(db, slot.name)
    if user is None:
        if db.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None:
            raise WrongPassphrase("wrong passphrase or unknown user")
        with db.atomic():  # a creation or conversion killed before its database half
            _bootstrap_admin(practice, slot.name, keys, practice.settings())
        user = practice.user
    if not user.active:
        raise UserDisabled(f"{user.name} is disabled; an admin can enable them.")
    if user.public_key != keys.signing_public:
        raise AccountError(
            f"The key of {user.name} does not match the practice's record (a passphrase reset "
            "was interrupted): ask an admin to reset your passphrase again."
        )
    practice.user = user
    if not keyslots.key_hex(key):
        rotate_key(practice, before=None)  # a conversion interrupted before its new key
    else:
        settle_keys(path, key)
    failures = keyslots.load(path).slots[slot.name].failures
    if failures:
        fresh = keyslots.load(path)
        fresh.slots[slot.name].failures = 0
        keyslots.save(path, fresh)
        practice.record_event(
            "failed_unlock", detail=f"{failures} failed sign-in(s) as {user.name} before this one"
        )
    practice._flush_anchor(durable=True)
    crypto.note_success(path)


def create(path: Path, name: str, passphrase: str, hook_for: Callable) -> Practice:
    """A new encrypted practice with a random database key and its first admin."""
    check_passphrase(passphrase)
    name = " ".join(name.split()) or "Admin"
    key = keyslots.new_db_key()
    keys = UserKeys.generate()
    slot = Slot.create(name, passphrase, keys, keyslots.KDF_PARAMS)
    slot.admin = True
    slot.db_keys = [keyslots.wrap_db_key(key, keys.exchange_public, name)]
    # The slots file first: a kill before the database exists leaves a stale slots file that
    # the next creation replaces; a kill after leaves a practice its admin can open.
    keyslots.save(path, SlotFile(slots={name: slot}))
    locking.acquire(path)
    try:
        db, _enc = open_database(path, key, create=True)
        practice = _make_practice(db, path, key, None, keys)
        with db.atomic():
            _bootstrap_admin(practice, name, keys, practice.settings())
        practice._flush_anchor(durable=True)
    except BaseException:
        locking.release(path)
        with contextlib.suppress(OSError):
            if not path.exists():
                keyslots.slots_path(path).unlink()
        raise
    return practice


def convert(practice: Practice, name: str, passphrase: str) -> None:
    """One step from a practice made before accounts (its key is the passphrase itself): a
    backup first, the passphrase becomes the first admin's, a random key replaces it."""
    check_passphrase(passphrase)
    if practice.db.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None:
        raise SlotFileError(
            f"The key file beside {practice.path.name} is missing: {RECOVERY_HINT}."
        )
    backup_now(practice, config.backup_dir(practice.path.parent), "before-accounts")
    keys = UserKeys.generate()
    slot = Slot.create(name, passphrase, keys, keyslots.KDF_PARAMS)
    slot.admin = True
    slot.db_keys = [keyslots.wrap_db_key(passphrase, keys.exchange_public, name)]
    keyslots.save(practice.path, SlotFile(slots={name: slot}))
    with practice.db.atomic():
        _bootstrap_admin(practice, name, keys, practice.settings())
    rotate_key(practice, before=None)


def recover(
    path: Path, recovery_hex: str, name: str | None, new_passphrase: str, hook_for: Callable
) -> Practice:
    """Emergency access: open with the recovery key (the database key itself), give an admin a
    new passphrase and key, audit it. Works when the slots file is lost or damaged."""
    check_passphrase(new_passphrase)
    key = keyslots.raw_key(recovery_hex)
    locking.acquire(path)
    try:
        try:
            db, _enc = open_database(path, key, before_upgrade=hook_for(key))
        except WrongPassphrase:
            raise PracticeError("That recovery key does not fit this practice.") from None
        admins = [
            r for r in db.execute(
                "SELECT name FROM users WHERE is_admin = 1 AND active = 1 ORDER BY id"
            ).fetchall()
        ]  # fmt: skip
        chosen = name or (admins[0][0] if admins else None)
        user = find_user(db, chosen) if chosen else None
        if user is None or not user.is_admin or not user.active:
            db.conn.close()
            raise AccountError(f"{chosen or 'Nobody'} is not an active admin of this practice.")
        keys = UserKeys.generate()
        try:
            slots = keyslots.load(path)
        except SlotFileError:
            slots = SlotFile()
        slot = Slot.create(user.name, new_passphrase, keys, keyslots.KDF_PARAMS)
        slot.admin = True
        slot.db_keys = [keyslots.wrap_db_key(key, keys.exchange_public, user.name)]
        slots.slots[user.name] = slot
        keyslots.save(path, slots)
        practice = _make_practice(db, path, key, None, keys)
        with db.atomic():
            db.execute(
                "UPDATE users SET public_key = ?, must_change = 0 WHERE id = ?",
                [keys.signing_public.hex(), user.id],
            )
            practice.user = find_user(db, user.name)
            practice._append(
                "recover", record=f"user {user.id}",
                detail=key_detail(user.id, user.name, keys.signing_public, True,
                                  "emergency access with the recovery key"),
            )  # fmt: skip
        practice._flush_anchor(durable=True)
    except BaseException:
        locking.release(path)
        raise
    return practice
