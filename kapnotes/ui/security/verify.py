"""Checking a passphrase against the open practice without touching the open connection."""

from __future__ import annotations

from kapnotes.store import Practice, WrongPassphrase, open_practice
from kapnotes.store.accounts import unlock_user_keys


def passphrase_opens(practice: Practice, passphrase: str) -> bool:
    """True when `passphrase` opens the practice's file; other PracticeErrors propagate.

    A second, short-lived handle is opened and closed again: the store shares its writer lock
    within one process, and SQLCipher's key derivation makes each guess cost the same as at
    start-up. Only meaningful for an encrypted practice (a plain file opens with anything).
    """
    if not passphrase or practice.path is None:
        return False
    if practice.user is not None:
        # Accounts: the signed-in user's own passphrase, checked against their key slot.
        try:
            unlock_user_keys(practice.path, practice.user.name, passphrase)
        except WrongPassphrase:
            return False
        return True
    try:
        other = open_practice(practice.path, passphrase)
    except WrongPassphrase:
        return False
    other.close()
    return True
