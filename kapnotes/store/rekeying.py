"""Rotating the database key so that a kill at any moment leaves the practice openable.

The slots file first gets both keys for every user who has one (new first, old second); then
SQLCipher re-encrypts every page; then each slot keeps only the key that works. Sign-in tries
every key a slot holds and settles it the same way after an interrupted rotation.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kapnotes.store import crypto, keyslots


def settle_keys(path: Path, working: str) -> None:
    """After an interrupted rekey or conversion: every slot keeps only the key that works."""
    slots = keyslots.load(path)
    if all(len(s.db_keys) <= 1 for s in slots.slots.values()):
        return
    for slot in slots.slots.values():
        if slot.db_keys:
            slot.db_keys = [
                keyslots.wrap_db_key(working, keyslots.unb64(slot.exchange_public), slot.name)
            ]
    keyslots.save(path, slots)


def rotate_key(practice, before: Callable[[str], None] | None) -> str:
    """Re-encrypt the database under a new random key; every slot is re-wrapped. Staged: the
    slots file holds new and old key while the pages are rewritten."""
    path, old = practice.path, practice._db_key
    new = keyslots.new_db_key()
    if before is not None:
        before(keyslots.key_hex(new))
    slots = keyslots.load(path)
    for slot in slots.slots.values():
        if slot.db_keys:
            public = keyslots.unb64(slot.exchange_public)
            slot.db_keys = [
                keyslots.wrap_db_key(new, public, slot.name),
                keyslots.wrap_db_key(old, public, slot.name),
            ]
    keyslots.save(path, slots)
    crypto.rekey(practice.db.conn, new)
    practice._db_key = practice._passphrase = new
    settle_keys(path, new)
    practice.record_event("rekey", detail="database key rotated")
    return new
