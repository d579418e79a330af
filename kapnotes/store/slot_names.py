"""Who can sign in: the names in a practice's key slots file, read without any cryptography.

The sign-in dialog lists them before anything else of the store is loaded (the dialog is
painted first; kapnotes/store/keyslots.py, with Argon2 and the key wrapping, loads when the
passphrase is tried).
"""

from __future__ import annotations

import json
from pathlib import Path

FORMAT = "kapnotes-keys/1"
SUFFIX = ".keys"
_SLOT_FIELDS = ("kdf", "wrapped", "signing_public", "exchange_public")


def slots_path(practice_path: Path) -> Path:
    """The slots file beside a practice (or beside a backup)."""
    return Path(str(practice_path) + SUFFIX)


def user_names(path: Path) -> list[str]:
    """The names in a practice's key slots file, in order ([] without one, or when it is
    damaged: signing in then says so and names the recovery key)."""
    target = slots_path(Path(path))
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
        slots = data["slots"] if data.get("format") == FORMAT else {}
        if not all(isinstance(s, dict) and all(k in s for k in _SLOT_FIELDS) for s in slots.values()):  # fmt: skip
            return []
        return [str(name) for name in slots]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError):
        return []
