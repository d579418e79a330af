"""Moving whole clients in and out of a practice: bulk inserts in one transaction, bulk loads.

Import (JSON files) and the demo both write through `insert_bundles`: every client, course,
session and child row in one transaction, all or nothing, with the search index filled the
same way `reindex_session` fills it. Export reads through `load_bundles`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kapnotes.domain.records import Client, Course, Session
from kapnotes.domain.settings import PracticeSettings
from kapnotes.domain.signatures import IMPORTED
from kapnotes.domain.vocab import vocabulary
from kapnotes.store import audit, rows
from kapnotes.store.connection import classify_sqlite_error
from kapnotes.store.errors import DB_ERRORS, PracticeError
from kapnotes.store.intake_records import CONSENT_COLS, DECISION_COLS, intake_json
from kapnotes.store.practice import Practice
from kapnotes.store.search import session_body

CHUNK_CLIENTS = 200  # rows are sent to SQLite this many clients at a time (bounded memory)


class ImportConflict(PracticeError):
    """Records to import clash with the practice (a chart number already taken)."""


@dataclass
class ClientBundle:
    """A client with its courses and sessions; course_index[i] is sessions[i]'s course."""

    client: Client
    courses: list[Course] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    course_index: list[int | None] = field(default_factory=list)

    def add_session(self, session: Session, course_index: int | None) -> None:
        """Append a session belonging to courses[course_index] (None: no course)."""
        self.sessions.append(session)
        self.course_index.append(course_index)


@dataclass(frozen=True)
class TransferSummary:
    """What was written: counts for the command line and the audit trail."""

    clients: int
    courses: int
    sessions: int


def _next_id(db, table: str) -> int:
    return db.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}").fetchone()[0]


def _check_charts(practice: Practice, bundles: list[ClientBundle]) -> None:
    seen: dict[str, int] = {}
    for i, bundle in enumerate(bundles):
        chart = bundle.client.chart
        if chart in seen:
            raise ImportConflict(
                f"clients[{i}] has the same chart number as clients[{seen[chart]}]; "
                "nothing was imported."
            )
        seen[chart] = i
    taken = {r[0] for r in practice.db.execute("SELECT chart FROM clients").fetchall()}
    clashes = [(i, b.client.chart) for i, b in enumerate(bundles) if b.client.chart in taken]
    if clashes:
        i, chart = clashes[0]
        more = f" (and {len(clashes) - 1} more)" if len(clashes) > 1 else ""
        raise ImportConflict(
            f"clients[{i}]: chart number {chart} is already in the practice{more}; "
            "nothing was imported."
        )


class _Rows:
    """Rows waiting to be sent to SQLite, per table, and the audit entries that go with them."""

    def __init__(self, db, practice: Practice, detail: str, mark: str | None) -> None:
        self.by_table: dict[str, list[tuple]] = defaultdict(list)
        self.actor, self.detail, self.mark = practice.actor, detail, mark
        # With accounts every entry names the signed-in user and carries their signature.
        user, keys = practice.user, practice._keys
        self.user_id = user.id if user is not None else None
        self.sign = keys.signing.sign if user is not None and keys is not None else None
        self.stamp = rows.now_text()
        last = db.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
        self.audit_id, self.prev_hash = (last[0], last[1]) if last else (0, audit.GENESIS)

    def audit_create(self, client_id: int, session_id: int | None, record: str) -> None:
        """A "create" entry chained like audit.append does, written with the rows."""
        self.audit_id += 1
        values = (self.audit_id, self.stamp, self.actor, "create", client_id, session_id,
                  record, "[]", self.detail)  # fmt: skip
        digest = audit.entry_hash(self.prev_hash, values)
        signature = self.sign(bytes.fromhex(digest)).hex() if self.sign else ""
        self.by_table["audit_log"].append(
            (*values, self.prev_hash, digest, self.user_id, signature)
        )
        self.prev_hash = digest

    def flush(self, conn) -> None:
        # Children go in before a session is signed: the database refuses them afterwards.
        for table in _INSERT:
            items = self.by_table.get(table)
            if items:
                conn.executemany(_INSERT[table], items)
        if self.by_table.get("sign"):
            conn.executemany(
                "UPDATE sessions SET signed_at = ? WHERE id = ?",
                self.by_table["sign"],
            )
            if self.mark:
                # Signed elsewhere: nobody here can check that signature, and no user of this
                # practice signed it; the note says so on screen and on paper.
                conn.executemany(
                    "INSERT INTO note_signatures (session_id, kind, name, credentials, signed_at) "
                    "SELECT id, ?, signed_by, signed_credentials, signed_at FROM sessions "
                    "WHERE id = ?",
                    [(self.mark, sid) for _at, sid in self.by_table["sign"]],
                )
        self.by_table.clear()


_CLIENT_COLS = (*rows.client_row(Client(chart="", name="")), "created_at", "updated_at", "id")
_COURSE_COLS = (*rows.course_row(Course(client_id=None)), "id")
_SESSION_COLS = (
    *rows.session_row(Session(client_id=None, course_id=None, date=None)),
    "signed_by",
    "signed_credentials",
    "created_at",
    "updated_at",
    "id",
)
# Children go in after their parents (dict order), and before a session is signed.
_INSERT = {
    table: rows.insert_sql(table, columns)
    for table, columns in (
        ("clients", _CLIENT_COLS),
        ("weights", rows.WEIGHT_COLUMNS),
        ("screening", rows.SCREENING_COLUMNS),
        ("client_intake", ("client_id", "data", "updated_at")),
        ("consent_templates", ("title", "version", "text", "created_at")),
        ("eligibility_decisions", tuple(DECISION_COLS.split(", "))),
        ("consent_records", tuple(CONSENT_COLS.split(", "))),
        ("courses", _COURSE_COLS),
        ("sessions", _SESSION_COLS),
        ("addenda", rows.ADDENDUM_COLUMNS),
        (
            "rems_submissions",
            ("session_id", "submitted_on", "method", "confirmation", "recorded_at", "recorded_by"),
        ),
        ("search_index", ("rowid", "body")),
        ("audit_log", (*audit.COLUMNS.split(", "), "prev_hash", "hash", "user_id", "signature")),
        *((t, ("session_id", "position", *cols)) for t, _cls, cols in rows.CHILD_SPECS.values()),
    )
}
# Templates a file's consents were given on, where the practice lacks that version.
_INSERT["consent_templates"] = _INSERT["consent_templates"].replace("INSERT", "INSERT OR IGNORE", 1)


def _add_session(out: _Rows, s: Session, stamp: str, theme_label) -> None:
    updated = rows.dt2s(s.updated_at) or stamp
    out.by_table["sessions"].append(
        (*rows.session_row(s).values(), s.signed_by, s.signed_credentials, updated, updated, s.id)
    )
    if s.signed_at is not None:
        out.by_table["sign"].append((rows.dt2s(s.signed_at), s.id))
    out.audit_create(s.client_id, s.id, f"session {s.id}")
    for attr, (table, _cls, columns) in rows.CHILD_SPECS.items():
        target = out.by_table[table]
        for pos, item in enumerate(getattr(s, attr)):
            target.append((s.id, pos, *rows.child_values(item, columns)))
    for a in s.addenda:
        out.by_table["addenda"].append((s.id, rows.dt2s(a.time), a.author, a.text))
    for r in s.rems_submissions:
        out.by_table["rems_submissions"].append(
            (s.id, rows.d2s(r.submitted_on), r.method, r.confirmation,
             rows.dt2s(r.recorded_at) or stamp, r.recorded_by)
        )  # fmt: skip
    # The same text, in the same order, as search.reindex_session builds from the tables.
    texts = [f"{theme_label(t.theme)} {t.note}" for t in s.themes]
    texts += [e.note for e in s.effects]
    texts += [f"{e.description} {e.outcome} {e.note}" for e in s.adverse_events]
    texts += [a.text for a in s.addenda]
    body = session_body(s.intention, s.narrative, texts)
    out.by_table["search_index"].append((s.id, body))


def _add_intake(out: _Rows, c: Client, stamp: str) -> None:
    """Intake, decisions and consents of a client from a file. Their signatures stay where
    they were made: here they name their signer and print as signed elsewhere (no key)."""
    if c.intake is not None:
        out.by_table["client_intake"].append((c.id, intake_json(c.intake), stamp))
    for d in c.eligibility:
        out.by_table["eligibility_decisions"].append(
            (None, c.id, d.decision, d.precautions, d.note, rows.dt2s(d.decided_at), None,
             d.signer, d.credentials, "", "", "")
        )  # fmt: skip
    for r in c.consents:
        out.by_table["consent_templates"].append(
            (r.template_title, r.template_version, r.text, stamp)
        )
        out.by_table["consent_records"].append(
            (None, c.id, r.template_title, r.template_version, r.text, rows.d2s(r.signed_on),
             json.dumps([[[float(x), float(y)] for x, y in s] for s in r.client_strokes]),
             None, r.witness, r.witness_credentials, rows.dt2s(r.witnessed_at), "", "", "",
             rows.d2s(r.withdrawn_on), r.withdrawal_note)
        )  # fmt: skip


def insert_bundles(
    practice: Practice,
    bundles: list[ClientBundle],
    settings: PracticeSettings | None = None,
    *,
    detail: str = "import",
    mark_signed: str | None = IMPORTED,
) -> TransferSummary:
    """Insert new clients with all their records in one transaction: all or nothing.

    Chart numbers already in the practice (or twice in `bundles`) raise ImportConflict before
    anything is written. Ids are assigned here and set on the records. `settings` (from a file)
    apply only to a practice whose settings were never saved. Each client and session gets a
    "create" entry in the audit trail with `detail` (where the records came from).
    """
    db = practice.db
    stamp = rows.now_text()
    theme_label = vocabulary("themes").label
    n_courses = n_sessions = 0
    try:
        with db.atomic():
            _check_charts(practice, bundles)
            client_id, course_id, session_id = (
                _next_id(db, t) for t in ("clients", "courses", "sessions")
            )
            out = _Rows(db, practice, detail, mark_signed)
            for done, bundle in enumerate(bundles, start=1):
                c = bundle.client
                c.id, client_id = client_id, client_id + 1
                out.by_table["clients"].append((*rows.client_row(c).values(), stamp, stamp, c.id))
                out.audit_create(c.id, None, f"client {c.id}")
                for w in c.weights:
                    out.by_table["weights"].append((c.id, w.kg, rows.d2s(w.measured_on)))
                for s in c.screening:
                    out.by_table["screening"].append((c.id, s.item, s.answer, s.note))
                _add_intake(out, c, stamp)
                for course in bundle.courses:
                    course.id, course_id = course_id, course_id + 1
                    course.client_id = c.id
                    out.by_table["courses"].append((*rows.course_row(course).values(), course.id))
                for s, index in zip(bundle.sessions, bundle.course_index, strict=True):
                    s.id, session_id = session_id, session_id + 1
                    s.client_id = c.id
                    s.course_id = bundle.courses[index].id if index is not None else None
                    _add_session(out, s, stamp, theme_label)
                n_courses += len(bundle.courses)
                n_sessions += len(bundle.sessions)
                if done % CHUNK_CLIENTS == 0:
                    out.flush(db.conn)
            out.flush(db.conn)
            if settings is not None and not has_saved_settings(practice):
                practice.save_settings(settings)
    except DB_ERRORS as exc:
        raise classify_sqlite_error(exc, practice.path or Path("practice")) from None
    practice._flush_anchor()
    return TransferSummary(len(bundles), n_courses, n_sessions)


def load_bundles(practice: Practice, chart: str | None = None) -> list[ClientBundle]:
    """Every client (or the one with `chart`) with courses and whole sessions, in id order."""
    db = practice.db
    if chart is not None:
        client = practice.find_client(chart)
        clients = [client] if client else []
    else:
        clients = sorted(practice.list_clients(include_archived=True), key=lambda c: c.id)
    if not clients:
        return []
    where, params = ("WHERE client_id = ?", [clients[0].id]) if chart is not None else ("", [])
    courses: dict[int, list[Course]] = defaultdict(list)
    for r in db.query(f"SELECT * FROM courses {where} ORDER BY id", params):
        courses[r["client_id"]].append(rows.course_from_row(r))
    sessions: dict[int, list[Session]] = defaultdict(list)
    loaded = practice.load_sessions(client_id=clients[0].id if chart is not None else None)
    for s in loaded:
        sessions[s.client_id].append(s)
    out = []
    for c in clients:
        client_courses = courses.get(c.id, [])
        position = {course.id: i for i, course in enumerate(client_courses)}
        client_sessions = sessions.get(c.id, [])
        index = [position.get(s.course_id) for s in client_sessions]
        out.append(ClientBundle(c, client_courses, client_sessions, index))
    return out


def has_saved_settings(practice: Practice) -> bool:
    """Whether the practice's settings were ever saved (else they are all defaults)."""
    row = practice.db.execute("SELECT 1 FROM settings WHERE key = 'practice'").fetchone()
    return row is not None
