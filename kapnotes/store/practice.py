"""The practice: one open database and the repository API every part of the app uses."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from sqlite_utils import Database

from kapnotes.domain.settings import (
    Clinician,
    PracticeSettings,
    SettingsError,
    check_settings,
)
from kapnotes.domain.users import User
from kapnotes.store import anchor, damage, locking
from kapnotes.store.accounts import AccountsPractice
from kapnotes.store.audit import AuditCheck, AuditEntry
from kapnotes.store.backup import backup_connection
from kapnotes.store.changes import DraftCoalescer
from kapnotes.store.client_records import ClientRecords
from kapnotes.store.connection import classify_sqlite_error
from kapnotes.store.errors import (
    DB_ERRORS,
    AccountError,
    PracticeError,
)
from kapnotes.store.guard import default_actor, guard_public_methods, read_only_authorizer
from kapnotes.store.intake_store import IntakePractice
from kapnotes.store.integrity import DeferredCheck, DeferredIntegrity
from kapnotes.store.keyslots import UserKeys
from kapnotes.store.ledger_practice import LedgerPractice
from kapnotes.store.rems import RemsRecords
from kapnotes.store.schema import latest_version, schema_version
from kapnotes.store.search import SearchHit
from kapnotes.store.search import count_matches as fts_count
from kapnotes.store.search import search as fts_search
from kapnotes.store.session_records import SessionRecords
from kapnotes.store.signing_practice import SigningPractice
from kapnotes.store.stored_settings import read_settings
from kapnotes.store.trail import AuditedPractice

# What a practice holds and does, one mixin each; guard_public_methods (below) wraps the public
# methods of every one (a database error reaches the caller as a PracticeError, and the audit
# anchor is written after each change).
_RECORDS = (
    ClientRecords,
    SessionRecords,
    AuditedPractice,
    AccountsPractice,
    SigningPractice,
    RemsRecords,
    IntakePractice,
    LedgerPractice,
)


class Practice(DeferredIntegrity, *_RECORDS):
    """A practice database: clients and courses (ClientRecords), sessions (SessionRecords),
    settings and search here, and the rest of its mixins.

    `user` is the signed-in User (None for a practice without accounts: unencrypted files,
    in-memory practices); `actor` is the name the audit trail gives for who acted.
    """

    def __init__(
        self,
        db: Database,
        path: Path | None,
        *,
        encrypted: bool = False,
        passphrase: str | None = None,
        user: User | None = None,
        keys: UserKeys | None = None,
    ):
        self.db = db
        self.path = path
        self._actor: str = default_actor()
        self._encrypted = encrypted
        # The database key (x'HEX', or the passphrase of a practice from before accounts):
        # kept so that backups can be keyed like the practice; never logged or shown.
        self._passphrase = passphrase
        self._keys = keys
        self._anchor_pending = False
        # The companion anchor file's sequence number and the head last written into it.
        record = anchor.read_anchor(path) if path is not None else None
        self._anchor_seq = int(record["seq"]) if record else 0
        self._anchor_written = record.get("anchor") if record else None
        self._anchor_trusted: bool | None = None  # checked before the first write
        self._coalescer = DraftCoalescer()
        self._closed = False
        self._settings_logged: set[str] = set()
        # What the open found and removed of interrupted jobs (leftovers.describe), "" if none.
        self.leftover_report = ""
        self._integrity: DeferredCheck | None = None  # quick_check still running (app start)
        self.user = user

    @property
    def user(self) -> User | None:
        """The signed-in user (None in a practice without accounts)."""
        return self._user

    @user.setter
    def user(self, value: User | None) -> None:
        self._user = value
        # The store itself refuses a read-only user's writes: SQLite's authorizer denies every
        # INSERT, UPDATE and DELETE but the audit trail's (whose actions _append checks).
        self.db.conn.set_authorizer(
            read_only_authorizer if value is not None and not value.can_write else None
        )

    @property
    def actor(self) -> str:
        """Who acts, as the audit trail names them: the signed-in user's name."""
        return self._user.name if self._user is not None else self._actor

    @actor.setter
    def actor(self, value: str) -> None:
        if self._user is not None:
            raise AccountError("The signed-in user acts; switch user to act as someone else.")
        self._actor = value

    @property
    def _db_key(self) -> str | None:
        return self._passphrase if self._encrypted else None

    @_db_key.setter
    def _db_key(self, value: str) -> None:
        self._passphrase = value

    # -- life cycle ------------------------------------------------------------------------
    def close(self) -> None:
        """Checkpoint, close the connection and give back the writer lock (idempotent)."""
        if self._closed:
            return
        with contextlib.suppress(PracticeError):
            self._flush_anchor(durable=True)
        self._closed = True
        self._keys = None
        with contextlib.suppress(*DB_ERRORS):
            self.db.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        try:
            self.db.conn.close()
        finally:
            if self.path is not None:
                locking.release(self.path)

    def __enter__(self) -> Practice:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def integrity_problems(self) -> list[str]:
        """Messages from PRAGMA integrity_check and the schema version ([] when healthy)."""
        problems = []
        try:
            result = [r[0] for r in self.db.execute("PRAGMA integrity_check").fetchall()]
        except DB_ERRORS as exc:
            return [str(classify_sqlite_error(exc, self.path))]
        if result != ["ok"]:
            problems.extend(damage.problem_lines(result)[:20])
        version = schema_version(self.db)
        if version != latest_version():
            problems.append(f"schema version is {version}, expected {latest_version()}")
        return problems

    def backup_copy(self, backup_dir: Path, label: str = "") -> Path:
        """A verified copy of the open practice in backup_dir, keyed like the practice (the
        passphrase never leaves this object); see store.backup.backup_now for the audited one."""
        if self.path is None:
            raise PracticeError("An in-memory practice has no file to back up.")
        return backup_connection(self.db.conn, backup_dir, self.path.stem, self._passphrase, label)

    @property
    def schema_version(self) -> str | None:
        return schema_version(self.db)

    # -- search and settings ---------------------------------------------------------------
    def search(self, text: str, limit: int = 50) -> list[SearchHit]:
        return fts_search(self.db, text, limit)

    def count_matches(self, text: str) -> int:
        """The number of notes matching `text` (all of them, not only the listed ones)."""
        return fts_count(self.db, text)

    def settings(self) -> PracticeSettings:
        """The practice's settings; a bad stored value takes its default (settings_warnings).
        With accounts the clinicians are the users who can write (the stored profiles of an
        older practice stay readable in the file)."""
        settings = read_settings(self.db, self._settings_logged)[0]
        if self.user is not None:
            settings.clinicians = [
                Clinician(u.name, u.credentials) for u in self.list_users()
                if u.active and u.can_write
            ]  # fmt: skip
        return settings

    def settings_warnings(self) -> list[str]:
        """One line per stored setting that breaks the rules and was replaced by its default."""
        return read_settings(self.db, self._settings_logged)[1]

    def save_settings(self, settings: PracticeSettings) -> None:
        """Save settings that keep the rules of domain.settings (else PracticeError, nothing
        saved): the next start must always find settings it can use."""
        try:
            check_settings(settings)
        except SettingsError as exc:
            raise PracticeError(f"Settings not saved: {exc}.") from None
        new = settings.to_dict()
        with self.db.atomic():
            old = read_settings(self.db, self._settings_logged)[0].to_dict()
            if self.user is not None:
                new["clinicians"] = old["clinicians"]  # with accounts, users are the clinicians
            self.db.execute(
                "INSERT OR REPLACE INTO settings (key, value) VALUES ('practice', ?)",
                [json.dumps(new, ensure_ascii=False)],
            )
            fields = sorted(k for k in new if old.get(k) != new[k])
            if fields:
                self._append("change", record="settings", fields=fields)


guard_public_methods(Practice, *_RECORDS)


__all__ = ["AuditCheck", "AuditEntry", "Practice"]
