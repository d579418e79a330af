"""Store API hygiene: every public method raises PracticeError subclasses only; who acts."""

from __future__ import annotations

import functools
import getpass
import sqlite3

from kapnotes.store.connection import classify_sqlite_error
from kapnotes.store.errors import DB_ERRORS, PracticeError, ReadOnlyUser

# sqlite3 and sqlcipher3 share SQLite's action codes.
_WRITES = {
    sqlite3.SQLITE_INSERT, sqlite3.SQLITE_UPDATE, sqlite3.SQLITE_DELETE,
    sqlite3.SQLITE_CREATE_TABLE, sqlite3.SQLITE_CREATE_INDEX, sqlite3.SQLITE_CREATE_TRIGGER,
    sqlite3.SQLITE_CREATE_VIEW, sqlite3.SQLITE_DROP_TABLE, sqlite3.SQLITE_DROP_INDEX,
    sqlite3.SQLITE_DROP_TRIGGER, sqlite3.SQLITE_DROP_VIEW, sqlite3.SQLITE_ALTER_TABLE,
    sqlite3.SQLITE_CREATE_TEMP_TABLE, sqlite3.SQLITE_CREATE_TEMP_TRIGGER,
}  # fmt: skip
_DENIED = "not authorized"


def read_only_authorizer(action: int, arg1, _arg2, _db, _source) -> int:
    """SQLite authorizer for a read-only user: reading is allowed, writing is not, except the
    audit trail (their opening, printing and exporting are recorded)."""
    if action in _WRITES and not (action == sqlite3.SQLITE_INSERT and arg1 == "audit_log"):
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def default_actor() -> str:
    """The operating-system user name (the UI replaces it with the chosen clinician)."""
    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment (containers, services)
        return "unknown"


def _guard(method):
    """Store API methods raise PracticeError subclasses only, never raw database errors."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            result = method(self, *args, **kwargs)
            if self._anchor_pending and not self.db.conn.in_transaction:
                self._flush_anchor()  # the chain's new head, outside the database
            return result
        except DB_ERRORS as exc:
            # A write refused because the deferred quick_check found the file damaged.
            check = getattr(self, "_integrity", None)
            if check is not None and check.done() and check.error is not None:
                raise check.error from None
            user = getattr(self, "user", None)
            if user is not None and not user.can_write and _DENIED in str(exc).lower():
                raise ReadOnlyUser(
                    f"{user.name} is a read-only user: nothing was changed."
                ) from None
            raise classify_sqlite_error(exc, self.path) from None
        except UnicodeEncodeError:
            # Lone surrogates cannot be stored as UTF-8; the transaction was rolled back.
            raise PracticeError(
                "A field holds characters that cannot be stored; nothing was saved."
            ) from None
        except OverflowError:
            raise PracticeError("A number is too large to store; nothing was saved.") from None

    return wrapper


def guard_public_methods(*classes: type) -> None:
    """Wrap every public method of the classes with _guard."""
    for cls in classes:
        for name, value in list(vars(cls).items()):
            if not name.startswith("_") and callable(value):
                setattr(cls, name, _guard(value))
