"""SQLite / SQLCipher storage of a practice (sqlite-utils); never imports Qt."""

from kapnotes.store.audit import AuditCheck, AuditEntry
from kapnotes.store.crypto import encrypt_practice
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
from kapnotes.store.opening import memory_practice, open_practice
from kapnotes.store.practice import Practice
from kapnotes.store.search import SearchHit, build_match
from kapnotes.store.sessions import SessionSummary

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
