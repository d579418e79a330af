"""Saving and loading whole sessions, with all their children, in one transaction each."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from kapnotes.domain.records import Addendum, RemsSubmission, Session
from kapnotes.store import rows
from kapnotes.store.errors import PracticeError, RecordNotFound, SignedNoteError
from kapnotes.store.search import reindex_session

SESSION_COLUMNS = (
    "id, client_id, course_id, date, start_time, number, kind, setting, clinicians, intention, "
    "template, narrative, dosing, discharge, rems, signed_at, signed_by, signed_credentials, "
    "updated_at, units_reason, incomplete_ack, checklist"
)

# Scalar fields autosave may write without touching the children.
DRAFT_FIELDS = {
    "date": rows.d2s,
    "start_time": rows.t2s,
    "number": lambda v: v,
    "kind": lambda v: v,
    "setting": lambda v: v,
    "course_id": lambda v: v,
    "clinicians": lambda v: json.dumps(list(v), ensure_ascii=False),
    "intention": lambda v: v,
    "template": lambda v: v,
    "narrative": lambda v: json.dumps(dict(v), ensure_ascii=False),
    "dosing": rows.dosing_json,
    "discharge": rows.discharge_json,
    "rems": rows.rems_json,
    "units_reason": lambda v: v,
    "incomplete_ack": lambda v: v,
    "checklist": rows.checklist_json,
}
TEXT_FIELDS = {"intention", "narrative"}


@dataclass(frozen=True)
class SessionSummary:
    """One line of a session list: enough to show, without loading the note."""

    id: int
    client_id: int
    course_id: int | None
    date: date
    number: int | None
    kind: str
    route: str
    total_mg: float
    signed: bool
    phq9_item9: bool = False  # PHQ-9 item 9 (thoughts of self-harm) above 0
    cssrs_positive: bool = False  # any "yes" on the C-SSRS screen
    urgent: tuple[str, ...] = ()  # messages of the rule set's urgent findings

    @property
    def has_safety_flag(self) -> bool:
        return self.phq9_item9 or self.cssrs_positive or bool(self.urgent)


def session_from_row(r: tuple) -> Session:
    """A Session from a row of SESSION_COLUMNS (children not attached yet)."""
    (sid, client_id, course_id, day, start, number, kind, setting, clinicians, intention,
     template, narrative, dosing, discharge, rems, signed_at, signed_by, creds, updated,
     units_reason, incomplete_ack, checklist) = r  # fmt: skip
    return Session(
        id=sid,
        client_id=client_id,
        course_id=course_id,
        date=rows.s2d(day),
        start_time=rows.s2t(start),
        number=number,
        kind=kind,
        setting=setting,
        clinicians=rows.loads(clinicians),
        intention=intention,
        template=template,
        narrative=rows.loads(narrative),
        dosing=rows.dosing_from_json(dosing),
        discharge=rows.discharge_from_json(discharge),
        rems=rows.rems_from_json(rems),
        signed_at=rows.s2dt(signed_at),
        signed_by=signed_by,
        signed_credentials=creds,
        updated_at=rows.s2dt(updated),
        units_reason=units_reason,
        incomplete_ack=incomplete_ack,
        checklist=rows.checklist_from_json(checklist),
    )


def ensure_draft(db: Database, session_id: int) -> None:
    """RecordNotFound / SignedNoteError unless the session is a draft that may be changed."""
    row = db.execute("SELECT signed_at FROM sessions WHERE id = ?", [session_id]).fetchone()
    if row is None:
        raise RecordNotFound(f"Session {session_id} does not exist.")
    if row[0] is not None:
        raise SignedNoteError(f"Session {session_id} is signed; add an addendum instead.")


def save_session(db: Database, s: Session) -> int:
    """Insert or update a whole session and replace its children; returns its id."""
    row = rows.session_row(s)
    stamp = rows.now_text()
    with db.atomic():
        if s.id is None:
            row["created_at"] = row["updated_at"] = stamp
            s.id = rows.insert(db, "sessions", row)
        else:
            ensure_draft(db, s.id)
            row["updated_at"] = stamp
            rows.update(db, "sessions", row, s.id)
        for attr, (table, _cls, columns) in rows.CHILD_SPECS.items():
            db.execute(f"DELETE FROM {table} WHERE session_id = ?", [s.id])
            items = getattr(s, attr)
            if not items:
                continue
            sql = rows.insert_sql(table, ("id", "session_id", "position", *columns))
            params = [
                [item.id, s.id, pos, *rows.child_values(item, columns)]
                for pos, item in enumerate(items)
            ]
            db.conn.executemany(sql, params)
            if any(item.id is None for item in items):
                ids = db.execute(
                    f"SELECT id FROM {table} WHERE session_id = ? ORDER BY position", [s.id]
                ).fetchall()
                for item, (new_id,) in zip(items, ids, strict=True):
                    item.id = new_id
        reindex_session(db, s.id)
    s.updated_at = rows.s2dt(stamp)
    return s.id


def save_draft(db: Database, session_id: int, **changes: Any) -> None:
    """Write a few scalar fields of a draft at once: what autosave calls on each pause."""
    unknown = set(changes) - set(DRAFT_FIELDS)
    if unknown:
        raise ValueError(f"Not a draft field: {', '.join(sorted(unknown))}")
    if not changes:
        return
    values = {k: DRAFT_FIELDS[k](v) for k, v in changes.items()}
    values["updated_at"] = rows.now_text()
    with db.atomic():
        ensure_draft(db, session_id)
        rows.update(db, "sessions", values, session_id)
        if TEXT_FIELDS & set(changes):
            reindex_session(db, session_id)


def _attach_children(db: Database, sessions: list[Session], where: str, params: list) -> None:
    by_id = {s.id: s for s in sessions}
    for attr, (table, cls, columns) in rows.CHILD_SPECS.items():
        sql = (
            f"SELECT c.id, c.session_id, {', '.join('c.' + c for c in columns)} FROM {table} c "
            f"JOIN sessions s ON s.id = c.session_id WHERE {where} ORDER BY c.session_id, c.position"
        )
        for r in db.execute(sql, params).fetchall():
            owner = by_id.get(r[1])
            if owner is not None:
                getattr(owner, attr).append(rows.child_from_row(cls, columns, r))
    sql = (
        "SELECT a.id, a.session_id, a.time, a.author, a.text FROM addenda a "
        f"JOIN sessions s ON s.id = a.session_id WHERE {where} ORDER BY a.time, a.id"
    )
    for aid, sid, when, author, text in db.execute(sql, params).fetchall():
        if sid in by_id:
            by_id[sid].addenda.append(
                Addendum(id=aid, time=rows.s2dt(when), author=author, text=text)
            )
    sql = (
        "SELECT r.id, r.session_id, r.submitted_on, r.method, r.confirmation, r.recorded_at, "
        f"r.recorded_by FROM rems_submissions r JOIN sessions s ON s.id = r.session_id "
        f"WHERE {where} ORDER BY r.id"
    )
    for rid, sid, day, method, confirmation, at, by in db.execute(sql, params).fetchall():
        if sid in by_id:
            by_id[sid].rems_submissions.append(
                RemsSubmission(rows.s2d(day), method, confirmation, rows.s2dt(at), by, rid)
            )


def load_where(db: Database, where: str, params: list) -> list[Session]:
    """Sessions matching a WHERE clause (with its parameters), children attached, in date order."""
    found = db.execute(
        f"SELECT {', '.join('s.' + c.strip() for c in SESSION_COLUMNS.split(','))} "
        f"FROM sessions s WHERE {where} ORDER BY s.date, s.number IS NULL, s.number, s.start_time, s.id",
        params,
    ).fetchall()
    sessions = [session_from_row(r) for r in found]
    if sessions:
        _attach_children(db, sessions, where, params)
    return sessions


def get_session(db: Database, session_id: int) -> Session:
    """One whole session with its children and addenda."""
    found = load_where(db, "s.id = ?", [session_id])
    if not found:
        raise RecordNotFound(f"Session {session_id} does not exist.")
    return found[0]


def load_sessions(
    db: Database, *, client_id: int | None = None, course_id: int | None = None
) -> list[Session]:
    """Every whole session of a client or a course, oldest first."""
    if course_id is not None:
        return load_where(db, "s.course_id = ?", [course_id])
    if client_id is not None:
        return load_where(db, "s.client_id = ?", [client_id])
    return load_where(db, "1 = 1", [])


def list_sessions(
    db: Database,
    *,
    client_id: int | None = None,
    course_id: int | None = None,
    session_id: int | None = None,
) -> list[SessionSummary]:
    """Session list rows (date, number, kind, route, total mg, signed) without the notes: of a
    course, else of a client, else the one row of `session_id` (to see if a list is stale)."""
    if course_id is not None:
        where, params = "s.course_id = ?", [course_id]
    elif client_id is not None or session_id is None:
        where, params = "s.client_id = ?", [client_id]
    else:
        where, params = "s.id = ?", [session_id]
    sql = f"""
        SELECT s.id, s.client_id, s.course_id, s.date, s.number, s.kind,
               (SELECT route FROM administrations a WHERE a.session_id = s.id
                ORDER BY position LIMIT 1),
               (SELECT COALESCE(SUM(mg), 0) FROM administrations a WHERE a.session_id = s.id
                AND a.planned = 0),
               s.signed_at IS NOT NULL,
               EXISTS (SELECT 1 FROM scale_scores sc WHERE sc.session_id = s.id
                       AND sc.scale = 'phq9' AND COALESCE(json_extract(sc.items, '$[8]'), 0) > 0),
               EXISTS (SELECT 1 FROM scale_scores sc, json_each(sc.items) item
                       WHERE sc.session_id = s.id AND sc.scale = 'cssrs' AND item.key < 6
                       AND COALESCE(item.value, 0) > 0)
        FROM sessions s WHERE {where}
        ORDER BY s.date, s.number IS NULL, s.number, s.start_time, s.id
    """
    return [
        SessionSummary(
            id=r[0],
            client_id=r[1],
            course_id=r[2],
            date=rows.s2d(r[3]),
            number=r[4],
            kind=r[5],
            route=r[6] or "",
            total_mg=round(r[7] or 0.0, 3),
            signed=bool(r[8]),
            phq9_item9=bool(r[9]),
            cssrs_positive=bool(r[10]),
        )
        for r in db.execute(sql, params).fetchall()
    ]


def sign_session(
    db: Database, session_id: int, name: str, credentials: str, when: datetime | None = None
) -> datetime:
    """Sign a draft: from now on it is read-only; returns the signing time."""
    when = when or datetime.now().replace(microsecond=0)
    with db.atomic():
        ensure_draft(db, session_id)
        db.execute(
            "UPDATE sessions SET signed_at = ?, signed_by = ?, signed_credentials = ?, "
            "updated_at = ? WHERE id = ?",
            [rows.dt2s(when), name, credentials, rows.now_text(), session_id],
        )
    return when


def add_addendum(db: Database, session_id: int, text: str, author: str,
                 when: datetime | None = None) -> Addendum:  # fmt: skip
    """Append an addendum to a session (addenda are never edited)."""
    when = when or datetime.now().replace(microsecond=0)
    with db.atomic():
        row = db.execute("SELECT signed_at FROM sessions WHERE id = ?", [session_id]).fetchone()
        if row is None:
            raise RecordNotFound(f"Session {session_id} does not exist.")
        signed = rows.s2dt(row[0])
        if signed is not None and when < signed:
            # Times out of order are refused at entry as at import (domain.session_safety).
            raise PracticeError(
                f"An addendum dated {when:%Y-%m-%d %H:%M} cannot precede the signature "
                f"({signed:%Y-%m-%d %H:%M})."
            )
        cur = db.execute(
            rows.insert_sql("addenda", rows.ADDENDUM_COLUMNS),
            [session_id, rows.dt2s(when), author, text],
        )
        reindex_session(db, session_id)
    return Addendum(id=cur.lastrowid, text=text, author=author, time=when)


def delete_draft(db: Database, session_id: int) -> None:
    """Remove a draft session that was created by mistake (signed notes stay)."""
    with db.atomic():
        ensure_draft(db, session_id)
        db.execute("DELETE FROM search_index WHERE rowid = ?", [session_id])
        db.execute("DELETE FROM sessions WHERE id = ?", [session_id])


def last_dosing_session(db: Database, client_id: int) -> Session | None:
    """The client's most recent dosing session with an administration (to pre-fill a new one)."""
    row = db.execute(
        "SELECT s.id FROM sessions s WHERE s.client_id = ? AND s.kind = 'dosing' "
        "AND EXISTS (SELECT 1 FROM administrations a WHERE a.session_id = s.id AND a.planned = 0) "
        "ORDER BY s.date DESC, s.start_time DESC, s.id DESC LIMIT 1",
        [client_id],
    ).fetchone()
    return get_session(db, row[0]) if row else None


def session_client_ids(db: Database, session_id: int) -> tuple[int, int | None]:
    row = db.execute(
        "SELECT client_id, course_id FROM sessions WHERE id = ?", [session_id]
    ).fetchone()
    if row is None:
        raise RecordNotFound(f"Session {session_id} does not exist.")
    return row[0], row[1]
