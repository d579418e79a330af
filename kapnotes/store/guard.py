"""Store API hygiene: every public method raises PracticeError subclasses only; who acts."""

from __future__ import annotations

import functools
import getpass

from kapnotes.store.connection import classify_sqlite_error
from kapnotes.store.errors import DB_ERRORS, PracticeError


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
            return method(self, *args, **kwargs)
        except DB_ERRORS as exc:
            # A write refused because the deferred quick_check found the file damaged.
            check = getattr(self, "_integrity", None)
            if check is not None and check.done() and check.error is not None:
                raise check.error from None
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
