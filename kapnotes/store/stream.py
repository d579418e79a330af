"""Reading a whole practice a few clients at a time, for exports that stream to disk.

`load_bundles` holds every record of a practice at once; an export of 20,000 sessions should
not. `client_chunks` yields the raw rows of CHUNK_CLIENTS clients at a time (clients, weights,
screening, courses, sessions and every child table), grouped by owner, in the order the
exports write them. The JSON export turns rows straight into its dicts (the database already
holds ISO dates and "HH:MM" times); `bundles_from_chunk` builds the domain records for the
exports that need them (CSV, FHIR, PDFs).
"""

from __future__ import annotations

import gc
import json
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from kapnotes.domain.records import Addendum, Client, ScreeningItem, WeightEntry
from kapnotes.store import rows
from kapnotes.store.connection import connect
from kapnotes.store.errors import RecordNotFound
from kapnotes.store.practice import Practice
from kapnotes.store.seal import SEAL_MARK
from kapnotes.store.sessions import SESSION_COLUMNS, session_from_row
from kapnotes.store.transfer import ClientBundle

CHUNK_CLIENTS = 100  # about 2,000 sessions of the bench practice per read

CLIENT_COLUMNS = ("id", *rows.client_row(Client(chart="", name="")))
COURSE_COLUMNS = ("id", "client_id", "purpose", "title", "start_date", "status", "archived")
_SESSION_COLS = tuple(c.strip() for c in SESSION_COLUMNS.split(","))


@dataclass
class ClientChunk:
    """The rows of a few clients, grouped: clients in id order, the rest by owner id."""

    clients: list[tuple] = field(default_factory=list)
    weights: dict[int, list[tuple]] = field(default_factory=lambda: defaultdict(list))
    screening: dict[int, list[tuple]] = field(default_factory=lambda: defaultdict(list))
    courses: dict[int, list[tuple]] = field(default_factory=lambda: defaultdict(list))
    sessions: dict[int, list[tuple]] = field(default_factory=lambda: defaultdict(list))
    # child attribute (rows.CHILD_SPECS key) -> session id -> rows (id, session_id, *columns)
    children: dict[str, dict[int, list[tuple]]] = field(default_factory=dict)
    addenda: dict[int, list[tuple]] = field(default_factory=lambda: defaultdict(list))
    # client id -> JSON-ready values kept outside these tables (intake, decisions, consents)
    extras: dict[int, dict] = field(default_factory=lambda: defaultdict(dict))

    @property
    def session_count(self) -> int:
        return sum(len(v) for v in self.sessions.values())


def client_ids(practice, chart: str | None = None) -> list[int]:
    """Ids of every client (archived too) in id order, or of the one with `chart`.

    An unknown chart raises RecordNotFound (the exports turn it into one line).
    """
    if chart is None:
        return [r[0] for r in practice.db.execute("SELECT id FROM clients ORDER BY id")]
    row = practice.db.execute("SELECT id FROM clients WHERE chart = ?", [chart]).fetchone()
    if row is None:
        raise RecordNotFound(f"no client with chart number {chart}")
    return [row[0]]


def session_total(practice, ids: list[int]) -> int:
    """How many sessions the clients hold (for progress bars)."""
    if not ids:
        return 0
    if len(ids) == 1:
        sql, params = "SELECT count(*) FROM sessions WHERE client_id = ?", ids
    else:
        sql, params = "SELECT count(*) FROM sessions", []
    return practice.db.execute(sql, params).fetchone()[0]


def _group(target: dict[int, list[tuple]], found: list[tuple], key: int = 0) -> None:
    for r in found:
        target[r[key]].append(r)


def read_chunk(
    db, ids: list[int], json_children: dict | None = None, children: tuple[str, ...] | None = None
) -> ClientChunk:
    """Every row belonging to the clients `ids` (consecutive entries of client_ids()); with
    `children`, only those child tables (rows.CHILD_SPECS keys, "addenda") are read."""
    chunk = ClientChunk()
    marks = ", ".join("?" for _ in ids)
    where = f"client_id IN ({marks})"
    chunk.clients = db.execute(
        f"SELECT {', '.join(CLIENT_COLUMNS)} FROM clients WHERE id IN ({marks}) ORDER BY id", ids
    ).fetchall()
    _group(chunk.weights, db.execute(
        f"SELECT client_id, kg, measured_on FROM weights WHERE {where} ORDER BY measured_on", ids
    ).fetchall())  # fmt: skip
    _group(chunk.screening, db.execute(
        f"SELECT client_id, item, answer, note FROM screening WHERE {where} ORDER BY rowid", ids
    ).fetchall())  # fmt: skip
    _group(chunk.courses, db.execute(
        f"SELECT {', '.join(COURSE_COLUMNS)} FROM courses WHERE {where} ORDER BY id", ids
    ).fetchall(), key=1)  # fmt: skip
    _group(chunk.sessions, db.execute(
        f"SELECT {', '.join(_SESSION_COLS)} FROM sessions WHERE {where} "
        "ORDER BY date, start_time, id", ids,
    ).fetchall(), key=1)  # fmt: skip
    if json_children is not None:
        chunk.children = {a: _json_children(db, ids, a, n) for a, n in json_children.items()}
        return chunk
    joined = f"JOIN sessions s ON s.id = c.session_id WHERE s.{where}"
    for attr, (table, _cls, columns) in rows.CHILD_SPECS.items():
        if children is not None and attr not in children:
            continue
        by_session: dict[int, list[tuple]] = defaultdict(list)
        _group(by_session, db.execute(
            f"SELECT c.id, c.session_id, {', '.join('c.' + c for c in columns)} FROM {table} c "
            f"{joined} ORDER BY c.session_id, c.position", ids,
        ).fetchall(), key=1)  # fmt: skip
        chunk.children[attr] = by_session
    if children is not None and "addenda" not in children:
        return chunk
    _group(chunk.addenda, db.execute(
        f"SELECT c.id, c.session_id, c.time, c.author, c.text FROM addenda c {joined} "
        "ORDER BY c.time, c.id", ids,
    ).fetchall(), key=1)  # fmt: skip
    return chunk


def client_chunks(
    practice,
    ids: list[int],
    size: int | None = None,
    *,
    json_children: dict | None = None,
    children: tuple[str, ...] | None = None,
) -> Iterator[ClientChunk]:
    """The clients `ids` in chunks of `size`, each read in its own short read transaction.
    With `children`, only those child tables are read (an export that writes no themes).

    With `json_children` ({attribute: field names in order}), each session's child rows come
    as one JSON array text per session, built by SQLite itself (chunk.children[attr][sid]).
    """
    size = size or CHUNK_CLIENTS
    for start in range(0, len(ids), size):
        part = ids[start : start + size]
        if json_children is None:
            yield read_chunk(practice.db, part, children=children)
        else:
            yield read_chunk(practice.db, part, json_children)


_JSON_TEXT_COLUMNS = {"interventions", "items"}  # stored as JSON text: embedded as JSON
_BOOL_COLUMNS = {"planned"}  # stored as 0/1: written as JSON true/false, as json_format does


def _json_value(n: str) -> str:
    """The SQL giving column `n` of a child row as the JSON value the format writes."""
    if n in _JSON_TEXT_COLUMNS:
        return f"json(c.{n})"
    if n in _BOOL_COLUMNS:
        return f"json(CASE WHEN c.{n} THEN 'true' ELSE 'false' END)"
    return f"c.{n}"


def _json_children(db, ids: list[int], attr: str, names: tuple[str, ...]) -> dict[int, str]:
    """session id -> '[{...}, ...]' for one child table, ordered by position (SQLite's JSON)."""
    table = rows.CHILD_SPECS[attr][0] if attr in rows.CHILD_SPECS else attr
    if attr in rows.CHILD_SPECS:
        order = "c.position"
    else:  # addenda by their time; REMS submissions as recorded
        order = "c.time, c.id" if attr == "addenda" else "c.id"
    pairs = ", ".join(f"'{n}', {_json_value(n)}" for n in names)
    marks = ", ".join("?" for _ in ids)
    # The aggregate takes rows in the subquery's order (SQLite feeds them in that order).
    sql = (
        f"SELECT sid, json_group_array(json(obj)) FROM (SELECT c.session_id sid, "
        f"json_object({pairs}) obj FROM {table} c JOIN sessions s ON s.id = c.session_id "
        f"WHERE s.client_id IN ({marks}) ORDER BY c.session_id, {order}) GROUP BY sid"
    )
    return dict(db.execute(sql, ids).fetchall())


def _client(r: tuple, chunk: ClientChunk) -> Client:
    c = rows.client_from_row(dict(zip(CLIENT_COLUMNS, r, strict=True)))
    c.weights = [WeightEntry(kg=kg, measured_on=rows.s2d(d)) for _c, kg, d in chunk.weights[c.id]]
    c.screening = [
        ScreeningItem(item=item, answer=answer, note=note)
        for _c, item, answer, note in chunk.screening[c.id]
    ]
    return c


def bundles_from_chunk(chunk: ClientChunk) -> list[ClientBundle]:
    """Domain records (client, courses, whole sessions) for each client of a chunk."""
    out = []
    for r in chunk.clients:
        client = _client(r, chunk)
        courses = [
            rows.course_from_row(dict(zip(COURSE_COLUMNS, c, strict=True)))
            for c in chunk.courses[client.id]
        ]
        position = {course.id: i for i, course in enumerate(courses)}
        bundle = ClientBundle(client, courses)
        for srow in chunk.sessions[client.id]:
            s = session_from_row(srow)
            for attr, (_table, cls, columns) in rows.CHILD_SPECS.items():
                if attr not in chunk.children:  # not read (client_chunks' `children`)
                    continue
                target = getattr(s, attr)
                for crow in chunk.children[attr].get(s.id, ()):
                    target.append(rows.child_from_row(cls, columns, crow))
            s.addenda = [
                Addendum(id=aid, time=rows.s2dt(when), author=author, text=text)
                for aid, _sid, when, author, text in chunk.addenda.get(s.id, ())
            ]
            bundle.add_session(s, position.get(s.course_id))
        out.append(bundle)
    return out


@contextmanager
def collector_paused() -> Iterator[None]:
    """Automatic cyclic garbage collection held off while an export builds records.

    A chunk's records are some 100,000 new objects (plain dataclasses: no reference cycles,
    refcounting frees each chunk when the next replaces it), and every collection the
    allocations trigger walks them again: a fifth of a 20,000-session FHIR or CSV export.
    The collector is back on (and run once) when the export ends, however it ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
            gc.collect(0)


def iter_bundles(practice, ids: list[int], size: int | None = None) -> Iterator[ClientBundle]:
    """Each client's bundle in id order, holding only one chunk of clients at a time."""
    for chunk in client_chunks(practice, ids, size):
        yield from bundles_from_chunk(chunk)


def row_dict(columns: tuple[str, ...], row: tuple) -> dict[str, Any]:
    """A row as a dict keyed by column name."""
    return dict(zip(columns, row, strict=True))


def people_on_record(practice, client_ids: list[int] | None = None) -> tuple[list[tuple[str, str]], list[str]]:  # fmt: skip
    """(name, credentials) of everyone who signed a note, and the other names the notes give
    for who was present or gave a dose (sessions' clinicians, administrations' given_by); with
    client_ids, in those clients' notes only (one client's export names no one else's)."""
    db = practice.db
    # The clients as one JSON parameter: any number of them, no SQL variable limit.
    mine = "" if client_ids is None else " AND s.client_id IN (SELECT value FROM json_each(?))"
    args = [] if client_ids is None else [json.dumps(list(client_ids))]
    signers = db.execute(
        "SELECT DISTINCT s.signed_by, s.signed_credentials FROM sessions s "
        f"WHERE s.signed_at IS NOT NULL AND s.signed_by != ''{mine} ORDER BY s.signed_by",
        args,
    ).fetchall()
    names = {r[0] for r in db.execute(
        "SELECT DISTINCT a.given_by FROM administrations a JOIN sessions s ON s.id = a.session_id "
        f"WHERE 1{mine}", args,
    )}  # fmt: skip
    names.update(
        r[0]
        for r in db.execute(
            "SELECT DISTINCT j.value FROM sessions s, json_each(s.clinicians) j "
            f"WHERE s.clinicians != '[]'{mine}",
            args,
        )  # fmt: skip
    )
    return [(n, c) for n, c in signers], sorted(n for n in names if n and n.strip())


def seal_digests(practice, session_ids: list[int]) -> dict[int, str]:
    """session id -> the seal digest of its latest "sign" audit entry (notes signed before
    seals existed, or imported, have none)."""
    if not session_ids:
        return {}
    marks = ", ".join("?" for _ in session_ids)
    found: dict[int, str] = {}
    for sid, detail in practice.db.execute(
        f"SELECT session_id, detail FROM audit_log WHERE action = 'sign' "
        f"AND session_id IN ({marks}) AND instr(detail, ?) > 0 ORDER BY id",
        [*session_ids, SEAL_MARK],
    ):
        found[sid] = detail.rsplit(SEAL_MARK, 1)[1].strip()
    return found


def practice_fingerprint(practice) -> str:
    """A stable text unique to this practice: the hash of its first audit entry."""
    row = practice.db.execute("SELECT hash FROM audit_log ORDER BY id LIMIT 1").fetchone()
    return row[0] if row else ""


def open_second_connection(practice, *, read_only: bool = True):
    """Another Practice on the same file, for work on another thread (SQLite connections are
    used by one thread at a time): WAL lets it read a consistent snapshot while the window
    keeps saving, and a writer waits for the other's transaction. It shares the process's
    writer lock, so closing it leaves the lock to the window's practice. An in-memory practice
    has no file to open again: the same object is returned (tests).
    """
    if practice.path is None:
        return practice
    conn = connect(practice.path, practice._passphrase)
    if read_only:
        conn.execute("PRAGMA query_only = ON")
    else:
        conn.execute("PRAGMA synchronous = FULL")
    second = Practice(Database(conn), None, encrypted=practice.is_encrypted,
                      passphrase=practice._passphrase)  # fmt: skip
    second.actor = practice.actor
    return second
