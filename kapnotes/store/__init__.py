"""SQLite / SQLCipher storage of a practice (sqlite-utils); never imports Qt.

The names below load on first use (PEP 562): the error classes cost nothing, while the
repository pulls in sqlite-utils, SQLCipher and the schema. The app's unlock dialog is painted
before any of that is imported (kapnotes/ui/practice_open.py).
"""

from __future__ import annotations

import importlib

from kapnotes.store.errors import (
    DB_ERRORS,
    AccountError,
    NotAPractice,
    PassphraseRequired,
    PracticeCorrupt,
    PracticeError,
    PracticeInUse,
    PracticeLocked,
    PracticeNotFound,
    ReadOnlyUser,
    RecordNotFound,
    SignedNoteError,
    UserDisabled,
    WrongPassphrase,
)

_LAZY = {
    "AuditCheck": "audit",
    "AuditEntry": "audit",
    "encrypt_practice": "encrypting",
    "Practice": "practice",
    "memory_practice": "opening",
    "open_practice": "opening",
    "SearchHit": "search",
    "build_match": "search",
    "SessionSummary": "sessions",
}


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    globals()[name] = value
    return value


__all__ = [
    "DB_ERRORS",
    "AccountError",
    "AuditCheck",
    "AuditEntry",
    "NotAPractice",
    "PassphraseRequired",
    "Practice",
    "PracticeCorrupt",
    "PracticeError",
    "PracticeInUse",
    "PracticeLocked",
    "PracticeNotFound",
    "ReadOnlyUser",
    "RecordNotFound",
    "SearchHit",
    "SessionSummary",
    "SignedNoteError",
    "UserDisabled",
    "WrongPassphrase",
    "build_match",
    "encrypt_practice",
    "memory_practice",
    "open_practice",
]
