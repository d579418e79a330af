"""SQLite storage of a practice (sqlite-utils); never imports Qt."""

from kapnotes.store.errors import (
    NotAPractice,
    PracticeCorrupt,
    PracticeError,
    PracticeLocked,
    PracticeNotFound,
    RecordNotFound,
    SignedNoteError,
    WrongPassphrase,
)
from kapnotes.store.practice import Practice, memory_practice, open_practice
from kapnotes.store.search import SearchHit, build_match
from kapnotes.store.sessions import SessionSummary

__all__ = [
    "NotAPractice",
    "Practice",
    "PracticeCorrupt",
    "PracticeError",
    "PracticeLocked",
    "PracticeNotFound",
    "RecordNotFound",
    "SearchHit",
    "SessionSummary",
    "SignedNoteError",
    "WrongPassphrase",
    "build_match",
    "memory_practice",
    "open_practice",
]
