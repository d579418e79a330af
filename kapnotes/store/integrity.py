"""`quick_check` off the first paint: it runs on its own connection in a thread, and every
write on the practice's connection waits for its verdict.

Opening the 20,000-session bench practice spends most of its time in PRAGMA quick_check. The
app opens with `open_practice(..., defer_check=True)` and starts the check right after its
first paint: the window fills in while the check runs on the other core, reads go ahead, and an SQLite authorizer holds any statement that would change the file
until the check has finished, then refuses it if the file turned out damaged. So a damaged
file is still detected before anything is written to it. Only an existing practice already in
WAL mode with no pending migration is opened this way (the switch to WAL and migrations write).
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from kapnotes.store.connection import classify_sqlite_error, quick_check
from kapnotes.store.errors import DB_ERRORS, PracticeCorrupt, PracticeError

# Authorizer action codes of statements that change the database.
WRITE_ACTIONS = frozenset(
    getattr(sqlite3, name)
    for name in (
        "SQLITE_INSERT", "SQLITE_UPDATE", "SQLITE_DELETE", "SQLITE_ALTER_TABLE",
        "SQLITE_CREATE_INDEX", "SQLITE_CREATE_TABLE", "SQLITE_CREATE_TRIGGER",
        "SQLITE_CREATE_VIEW", "SQLITE_CREATE_VTABLE", "SQLITE_DROP_INDEX", "SQLITE_DROP_TABLE",
        "SQLITE_DROP_TRIGGER", "SQLITE_DROP_VIEW", "SQLITE_DROP_VTABLE", "SQLITE_REINDEX",
        "SQLITE_ANALYZE",
    )
)  # fmt: skip
# Pragmas that write when given a value (rekey re-encrypts every page).
WRITING_PRAGMAS = frozenset({"rekey", "user_version", "application_id", "journal_mode",
                             "schema_version", "writable_schema", "page_size", "auto_vacuum"})  # fmt: skip
TEMP_SCHEMA = "temp"


class DeferredCheck:
    """PRAGMA quick_check of one file on a private connection in a background thread."""

    def __init__(self, path: Path, connect):
        """`connect()` opens a new connection to the same file (keyed when it is encrypted)."""
        self.path = Path(path)
        self._connect = connect
        self.error: PracticeError | None = None
        self._finished = threading.Event()
        self._start_lock = threading.Lock()
        self._started = False
        self._thread = threading.Thread(target=self._run, name="kapnotes-quick-check", daemon=True)  # fmt: skip

    def start(self) -> DeferredCheck:
        """Start the check (once). The app starts it after its first paint, so that the check
        and the first paint do not compete for the processor; a write starts it too."""
        with self._start_lock:
            if not self._started:
                self._started = True
                self._thread.start()
        return self

    def _run(self) -> None:
        conn = None
        try:
            conn = self._connect()
            quick_check(conn, self.path)
        except PracticeError as exc:
            self.error = exc
        except DB_ERRORS as exc:
            error = classify_sqlite_error(exc, self.path)
            self.error = error if isinstance(error, PracticeCorrupt) else PracticeCorrupt(str(error))  # fmt: skip
        except Exception as exc:  # noqa: BLE001 - never leave the writes waiting for ever
            self.error = PracticeCorrupt(f"{self.path} could not be checked ({type(exc).__name__}).")  # fmt: skip
        finally:
            if conn is not None:
                conn.close()
            self._finished.set()

    def done(self) -> bool:
        return self._finished.is_set()

    def wait(self, timeout: float | None = None) -> PracticeError | None:
        """Block until the check is over (or the timeout passes); its error, or None."""
        self.start()
        self._finished.wait(timeout)
        return self.error

    def authorizer(self, action: int, arg1, arg2, db_name, _source) -> int:
        """SQLite authorizer: a write waits for the verdict and is refused on a damaged file."""
        writes = action in WRITE_ACTIONS or (
            action == sqlite3.SQLITE_PRAGMA
            and arg2 is not None
            and str(arg1).lower() in WRITING_PRAGMAS  # fmt: skip
        )
        if not writes or db_name == TEMP_SCHEMA:
            return sqlite3.SQLITE_OK
        self.start()
        self._finished.wait()
        return sqlite3.SQLITE_DENY if self.error is not None else sqlite3.SQLITE_OK


class DeferredIntegrity:
    """The Practice's side of a deferred check (a mixin: it holds `db`, `_closed`)."""

    _integrity: DeferredCheck | None = None

    def defer_integrity_check(self, check: DeferredCheck) -> None:
        """Gate every write on a quick_check that runs in the background once started
        (begin_integrity_check, or the first write); writes fail on a damaged file."""
        self._integrity = check
        self.db.conn.set_authorizer(check.authorizer)

    def begin_integrity_check(self) -> None:
        """Start the deferred quick_check now (the app: right after its first paint)."""
        if self._integrity is not None:
            self._integrity.start()

    @property
    def integrity_pending(self) -> bool:
        """True while the deferred quick_check has not finished (it is started if need be)."""
        check = self._integrity
        if check is None:
            return False
        check.start()
        return not check.done()

    def integrity_error(self, wait: bool = False) -> PracticeError | None:
        """The deferred quick_check's verdict (None: healthy, or no check was deferred).

        Once the file is known healthy the write gate is taken off the connection.
        """
        check = self._integrity
        if check is None:
            return None
        if wait:
            check.wait()
        if not check.done():
            check.start()
            return None
        if check.error is None and not self._closed:
            self.db.conn.set_authorizer(None)
            self._integrity = None
        return check.error
