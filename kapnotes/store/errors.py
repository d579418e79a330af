"""Errors the store raises: each carries a one-line message fit to show a user.

Messages name files and records, never note text.
"""

from __future__ import annotations

import sqlite3

from sqlcipher3 import dbapi2 as sqlcipher

# Plain practices use the standard library's sqlite3, encrypted ones sqlcipher3: two unrelated
# exception families, so every store-level `except` catches this tuple.
DB_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, sqlcipher.Error)
OPERATIONAL_ERRORS: tuple[type[Exception], ...] = (
    sqlite3.OperationalError,
    sqlcipher.OperationalError,
)
INTEGRITY_ERRORS: tuple[type[Exception], ...] = (sqlite3.IntegrityError, sqlcipher.IntegrityError)


class PracticeError(Exception):
    """Base class: something is wrong with the practice database."""


class PracticeNotFound(PracticeError):
    """No file at the given path (and create was not asked for)."""


class PracticeLocked(PracticeError):
    """Another program holds a database lock right now (busy): try again."""


class PracticeInUse(PracticeError):
    """Another KAPNotes process has this practice open (single writer)."""


class PracticeCorrupt(PracticeError):
    """The file is damaged (failed quick_check / integrity_check, truncated)."""


class NotAPractice(PracticeError):
    """The file is something else: a text file, a folder, another program's database."""


class WrongPassphrase(PracticeError):
    """The passphrase does not open this encrypted practice."""


class PassphraseRequired(WrongPassphrase):
    """The practice is encrypted and no passphrase was given."""


class RecordNotFound(PracticeError):
    """No client, course or session with that id."""


class SignedNoteError(PracticeError):
    """A signed note was about to be changed: corrections go in an addendum."""


class AccountError(PracticeError):
    """A user account action that cannot be done (the last admin, a name taken, not an admin)."""


class UserDisabled(AccountError):
    """The user exists but an admin disabled them: they cannot sign in."""


class ReadOnlyUser(AccountError):
    """A read-only user tried to change something: the store refuses it, nothing was saved."""


class LedgerError(PracticeError):
    """A controlled-substance ledger entry was refused; the ledger is unchanged."""
