"""The practice: one open database and the repository API every part of the app uses."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from kapnotes.domain.records import Client, Course, ScreeningItem, Session, WeightEntry
from kapnotes.domain.settings import (
    Clinician,
    PracticeSettings,
    SettingsError,
    check_settings,
)
from kapnotes.domain.users import User
from kapnotes.store import anchor, damage, locking, note_signing, rows, sessions
from kapnotes.store.accounts import AccountsPractice
from kapnotes.store.audit import AuditCheck, AuditEntry
from kapnotes.store.backup import backup_connection
from kapnotes.store.changes import DraftCoalescer, client_snapshot, session_snapshot
from kapnotes.store.connection import classify_sqlite_error
from kapnotes.store.errors import (
    DB_ERRORS,
    AccountError,
    PracticeError,
    RecordNotFound,
    SignedNoteError,
)
from kapnotes.store.guard import default_actor, guard_public_methods, read_only_authorizer
from kapnotes.store.intake_records import attach_intake
from kapnotes.store.intake_store import IntakePractice
from kapnotes.store.integrity import DeferredCheck, DeferredIntegrity
from kapnotes.store.keyslots import UserKeys
from kapnotes.store.ledger_practice import LedgerPractice
from kapnotes.store.rems import RemsRecords
from kapnotes.store.schema import latest_version, schema_version
from kapnotes.store.search import SearchHit
from kapnotes.store.search import count_matches as fts_count
from kapnotes.store.search import search as fts_search
from kapnotes.store.sessions import SessionSummary
from kapnotes.store.signing_practice import SigningPractice
from kapnotes.store.stored_settings import read_settings
from kapnotes.store.trail import AuditedPractice


class Practice(
    DeferredIntegrity,
    AuditedPractice,
    AccountsPractice,
    SigningPractice,
    RemsRecords,
    IntakePractice,
    LedgerPractice,
):
    """A practice database: clients, courses, sessions, settings and search.

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

    # -- clients ---------------------------------------------------------------------------
    def save_client(self, client: Client) -> int:
        """Insert or update a client with weights and screening; returns its id."""
        row = rows.client_row(client)
        stamp = rows.now_text()
        with self.db.atomic():
            is_new = client.id is None
            before = {} if is_new else client_snapshot(self.db, client.id)
            if client.id is None:
                row["created_at"] = row["updated_at"] = stamp
                client.id = rows.insert(self.db, "clients", row)
            else:
                row["updated_at"] = stamp
                if rows.update(self.db, "clients", row, client.id) == 0:
                    raise RecordNotFound(f"Client {client.id} does not exist.")
            self.db.execute("DELETE FROM weights WHERE client_id = ?", [client.id])
            self.db.conn.executemany(
                rows.insert_sql("weights", rows.WEIGHT_COLUMNS),
                [(client.id, w.kg, rows.d2s(w.measured_on)) for w in client.weights],
            )
            self.db.execute("DELETE FROM screening WHERE client_id = ?", [client.id])
            self.db.conn.executemany(
                rows.insert_sql("screening", rows.SCREENING_COLUMNS),
                [(client.id, s.item, s.answer, s.note) for s in client.screening],
            )
            self._audit_change(
                "client", client.id, before, client_snapshot(self.db, client.id), is_new,
                client_id=client.id,
            )  # fmt: skip
        return client.id

    def _attach_client_details(self, clients: list[Client]) -> None:
        by_id = {c.id: c for c in clients}
        if not by_id:
            return
        one = len(by_id) == 1
        where = "WHERE client_id = ?" if one else ""
        params = [next(iter(by_id))] if one else []
        for cid, kg, day in self.db.execute(
            f"SELECT client_id, kg, measured_on FROM weights {where} ORDER BY measured_on", params
        ).fetchall():
            if cid in by_id:
                by_id[cid].weights.append(WeightEntry(kg=kg, measured_on=rows.s2d(day)))
        for cid, item, answer, note in self.db.execute(
            f"SELECT client_id, item, answer, note FROM screening {where} ORDER BY rowid", params
        ).fetchall():
            if cid in by_id:
                by_id[cid].screening.append(ScreeningItem(item=item, answer=answer, note=note))
        attach_intake(self.db, clients)

    def list_clients(self, *, include_archived: bool = False) -> list[Client]:
        """All clients ordered by name, with weights and screening."""
        where = "" if include_archived else "WHERE archived = 0"
        found = [
            rows.client_from_row(dict(r))
            for r in self.db.query(f"SELECT * FROM clients {where} ORDER BY name COLLATE NOCASE")
        ]
        self._attach_client_details(found)
        return found

    def get_client(self, client_id: int) -> Client:
        found = list(self.db.query("SELECT * FROM clients WHERE id = ?", [client_id]))
        if not found:
            raise RecordNotFound(f"Client {client_id} does not exist.")
        client = rows.client_from_row(found[0])
        self._attach_client_details([client])
        return client

    def find_client(self, chart: str) -> Client | None:
        """The client with a chart number, or None."""
        row = self.db.execute("SELECT id FROM clients WHERE chart = ?", [chart]).fetchone()
        return self.get_client(row[0]) if row else None

    def archive_client(self, client_id: int, archived: bool = True) -> None:
        with self.db.atomic():
            cur = self.db.execute(
                "UPDATE clients SET archived = ?, updated_at = ? WHERE id = ?",
                [int(archived), rows.now_text(), client_id],
            )
            if cur.rowcount == 0:
                raise RecordNotFound(f"Client {client_id} does not exist.")
            self._append(
                "change", client_id=client_id, record=f"client {client_id}", fields=["archived"]
            )

    def count(self, table: str) -> int:
        return self.db.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0]

    # -- courses ---------------------------------------------------------------------------
    def save_course(self, course: Course) -> int:
        row = rows.course_row(course)
        with self.db.atomic():
            if course.id is None:
                course.id = rows.insert(self.db, "courses", row)
                fields = list(row)
                action = "create"
            else:
                old = self.db.execute(
                    f"SELECT {', '.join(row)} FROM courses WHERE id = ?", [course.id]
                ).fetchone()
                if old is None:
                    raise RecordNotFound(f"Course {course.id} does not exist.")
                rows.update(self.db, "courses", row, course.id)
                fields = [k for k, v in zip(row, old, strict=True) if row[k] != v]
                action = "change"
            if action == "create" or fields:
                self._append(
                    action, client_id=course.client_id, record=f"course {course.id}", fields=fields
                )
        return course.id

    def list_courses(self, client_id: int, *, include_archived: bool = False) -> list[Course]:
        where = "client_id = ?" + ("" if include_archived else " AND archived = 0")
        return [
            rows.course_from_row(r)
            for r in self.db.query(
                f"SELECT * FROM courses WHERE {where} ORDER BY start_date, id", [client_id]
            )
        ]

    def get_course(self, course_id: int) -> Course:
        found = list(self.db.query("SELECT * FROM courses WHERE id = ?", [course_id]))
        if not found:
            raise RecordNotFound(f"Course {course_id} does not exist.")
        return rows.course_from_row(found[0])

    # -- sessions --------------------------------------------------------------------------
    def save_session(self, session: Session) -> int:
        """Insert or update a whole session with its children (audited); returns its id."""
        is_new = session.id is None
        with self.db.atomic():
            before = {} if is_new else session_snapshot(self.db, session.id)
            sid = sessions.save_session(self.db, session)
            self._audit_change(
                "session", sid, before, session_snapshot(self.db, sid), is_new,
                client_id=session.client_id, session_id=sid,
            )  # fmt: skip
        return sid

    def save_draft(self, session_id: int, **changes: Any) -> None:
        """Autosave: a few scalar fields of a draft; audited at most once a minute per field set."""
        with self.db.atomic():
            sessions.save_draft(self.db, session_id, **changes)
            record = f"session {session_id}"
            if changes and self._coalescer.needs_entry(record, set(changes)):
                client_id, _course = sessions.session_client_ids(self.db, session_id)
                self._append(
                    "change", client_id=client_id, session_id=session_id, record=record,
                    fields=list(changes),
                )  # fmt: skip

    def get_session(self, session_id: int) -> Session:
        """One whole session with its children, addenda and signatures."""
        found = sessions.get_session(self.db, session_id)
        found.signatures = note_signing.signatures_by_session(
            self.db, "s.id = ?", [session_id]
        ).get(session_id, [])
        return found

    def load_sessions(
        self, *, client_id: int | None = None, course_id: int | None = None
    ) -> list[Session]:
        """Every whole session of a client or a course (or all), with their signatures."""
        found = sessions.load_sessions(self.db, client_id=client_id, course_id=course_id)
        where, params = (
            ("s.course_id = ?", [course_id]) if course_id is not None
            else ("s.client_id = ?", [client_id]) if client_id is not None
            else ("1 = 1", [])
        )  # fmt: skip
        signed = note_signing.signatures_by_session(self.db, where, params)
        for s in found:
            s.signatures = signed.get(s.id, [])
        return found

    def list_sessions(
        self,
        *,
        client_id: int | None = None,
        course_id: int | None = None,
        session_id: int | None = None,
    ) -> list[SessionSummary]:
        from kapnotes.store.safety import with_urgent_reasons

        found = sessions.list_sessions(
            self.db, client_id=client_id, course_id=course_id, session_id=session_id
        )
        return with_urgent_reasons(self, found)

    def delete_draft(self, session_id: int) -> None:
        """Remove a draft made by mistake (signed notes and notes with addenda stay)."""
        with self.db.atomic():
            sessions.ensure_draft(self.db, session_id)
            if self.db.execute(
                "SELECT 1 FROM addenda WHERE session_id = ? LIMIT 1", [session_id]
            ).fetchone():
                raise SignedNoteError(f"Session {session_id} has addenda; it cannot be deleted.")
            client_id, _course = sessions.session_client_ids(self.db, session_id)
            sessions.delete_draft(self.db, session_id)
            self._append(
                "delete", client_id=client_id, session_id=session_id, record=f"session {session_id}"
            )

    def last_dosing_session(self, client_id: int) -> Session | None:
        return sessions.last_dosing_session(self.db, client_id)

    def next_session_number(self, course_id: int) -> int:
        row = self.db.execute(
            "SELECT COALESCE(MAX(number), 0) + 1 FROM sessions WHERE course_id = ?", [course_id]
        ).fetchone()
        return int(row[0])

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


guard_public_methods(
    Practice,
    AuditedPractice,
    AccountsPractice,
    SigningPractice,
    RemsRecords,
    IntakePractice,
    LedgerPractice,
)


__all__ = ["AuditCheck", "AuditEntry", "Practice"]
