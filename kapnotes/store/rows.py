"""Conversions between database rows and domain records (dates as ISO text, lists as JSON)."""

from __future__ import annotations

import functools
import json
import json.scanner
import math
from dataclasses import asdict, fields
from datetime import date, datetime, time
from operator import itemgetter
from typing import Any

from sqlite_utils import Database

from kapnotes.domain.checklist import PreDoseChecklist
from kapnotes.domain.records import (
    Administration,
    AdverseEvent,
    Client,
    Course,
    Discharge,
    DosingDetails,
    EffectObservation,
    RemsDetails,
    ScaleScore,
    Session,
    ThemeTag,
    VitalSign,
)
from kapnotes.store.errors import PracticeError


def d2s(value: date | None) -> str | None:
    return value.isoformat() if value else None


def s2d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def t2s(value: time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


def s2t(value: str | None) -> time | None:
    return time.fromisoformat(value) if value else None


def dt2s(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def s2dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def now_text() -> str:
    return datetime.now().isoformat(timespec="seconds")


def client_row(c: Client) -> dict[str, Any]:
    return {
        "chart": c.chart,
        "name": c.name,
        "dob": d2s(c.dob),
        "pronouns": c.pronouns,
        "indication": c.indication,
        "medications": c.medications,
        "consent_date": d2s(c.consent_date),
        "notes": c.notes,
        "archived": int(c.archived),
        "sex": c.sex,
        "redact_names": c.redact_names,
    }


def client_from_row(r: dict[str, Any]) -> Client:
    return Client(
        id=r["id"],
        chart=r["chart"],
        name=r["name"],
        dob=s2d(r["dob"]),
        pronouns=r["pronouns"],
        indication=r["indication"],
        medications=r["medications"],
        consent_date=s2d(r["consent_date"]),
        notes=r["notes"],
        archived=bool(r["archived"]),
        sex=r.get("sex") or "",
        redact_names=r.get("redact_names") or "",
    )


def course_row(c: Course) -> dict[str, Any]:
    return {
        "client_id": c.client_id,
        "purpose": c.purpose,
        "title": c.title,
        "start_date": d2s(c.start_date),
        "status": c.status,
        "archived": int(c.archived),
    }


def course_from_row(r: dict[str, Any]) -> Course:
    return Course(
        id=r["id"],
        client_id=r["client_id"],
        purpose=r["purpose"],
        title=r["title"],
        start_date=s2d(r["start_date"]),
        status=r["status"],
        archived=bool(r["archived"]),
    )


def session_row(s: Session) -> dict[str, Any]:
    """The sessions table's own columns (not the children, not the signature)."""
    return {
        "client_id": s.client_id,
        "course_id": s.course_id,
        "date": d2s(s.date),
        "start_time": t2s(s.start_time),
        "number": s.number,
        "kind": s.kind,
        "setting": s.setting,
        "clinicians": json.dumps(s.clinicians, ensure_ascii=False),
        "intention": s.intention,
        "template": s.template,
        "narrative": json.dumps(s.narrative, ensure_ascii=False),
        "dosing": dosing_json(s.dosing),
        "discharge": discharge_json(s.discharge),
        "rems": rems_json(s.rems),
        "units_reason": s.units_reason,
        "incomplete_ack": s.incomplete_ack,
        "checklist": checklist_json(s.checklist),
    }


# -- the one place INSERT and UPDATE statements are built from a row ----------------------------
WEIGHT_COLUMNS = ("client_id", "kg", "measured_on")
SCREENING_COLUMNS = ("client_id", "item", "answer", "note")
ADDENDUM_COLUMNS = ("session_id", "time", "author", "text")


def insert_sql(table: str, columns: tuple[str, ...] | list[str]) -> str:
    """INSERT INTO table (columns) VALUES (?, ...)."""
    marks = ", ".join("?" for _ in columns)
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"


def insert(db: Database, table: str, row: dict[str, Any]) -> int:
    """Insert one row (column -> value); its new id."""
    return db.execute(insert_sql(table, list(row)), list(row.values())).lastrowid


def update(db: Database, table: str, row: dict[str, Any], record_id: int) -> int:
    """Update the columns of `row` in the record with `record_id`; how many rows changed."""
    sets = ", ".join(f"{k} = ?" for k in row)
    return db.execute(
        f"UPDATE {table} SET {sets} WHERE id = ?", [*row.values(), record_id]
    ).rowcount


def rows_of_clients(
    db: Database, clients: list[Client], columns: str, table: str, order: str = ""
) -> list[tuple[Client, tuple]]:
    """The rows (`columns`) of a per-client table for loaded clients, each with its client:
    one client reads only its own rows; several read the whole table at once (one scan
    rather than one query per client)."""
    by_id = {c.id: c for c in clients}
    if not by_id:
        return []
    one = len(by_id) == 1
    where = "WHERE client_id = ?" if one else ""
    params = [next(iter(by_id))] if one else []
    sql = f"SELECT client_id, {columns} FROM {table} {where} {order}"
    return [(by_id[r[0]], r[1:]) for r in db.execute(sql, params).fetchall() if r[0] in by_id]


def _json_dataclass(obj: Any, time_fields: tuple[str, ...] = ()) -> str:
    data = asdict(obj)
    for name in time_fields:
        data[name] = t2s(data[name])
    return json.dumps(data, ensure_ascii=False)


# The decoder's C scanner, for the JSON text this module stores (json.loads checks types and
# strips whitespace with two regex matches per call: a third of reading a 20,000-session
# practice for an export).
_scan = json.scanner.make_scanner(json.JSONDecoder())


def loads(text: str) -> Any:
    """json.loads of a stored JSON column; anything the fast path does not read whole (leading
    spaces, trailing text, an error) goes through json.loads, which reads it or raises."""
    try:
        found, end = _scan(text, 0)
    except StopIteration:
        return json.loads(text)
    return found if end == len(text) else json.loads(text)


@functools.cache
def _field_names(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in fields(cls))


def _dataclass_from_json(cls: type, text: str, time_fields: tuple[str, ...] = ()) -> Any:
    data = loads(text or "{}")
    known = _field_names(cls)
    if not data.keys() <= known:  # a field a later version dropped
        data = {k: v for k, v in data.items() if k in known}
    for name in time_fields:
        if name in data:
            data[name] = s2t(data[name])
    return cls(**data)


def dosing_json(d: DosingDetails) -> str:
    return _json_dataclass(d, ("infusion_end",))


def dosing_from_json(text: str) -> DosingDetails:
    return _dataclass_from_json(DosingDetails, text, ("infusion_end",))


def discharge_json(d: Discharge) -> str:
    return _json_dataclass(d, ("time",))


def discharge_from_json(text: str) -> Discharge:
    return _dataclass_from_json(Discharge, text, ("time",))


def rems_json(d: RemsDetails) -> str:
    return _json_dataclass(d, ("monitoring_end",))


def rems_from_json(text: str) -> RemsDetails:
    return _dataclass_from_json(RemsDetails, text, ("monitoring_end",))


def checklist_json(c: PreDoseChecklist | None) -> str | None:
    """The pre-dose checklist as JSON; NULL when the session has none."""
    return None if c is None else _json_dataclass(c)


def checklist_from_json(text: str | None) -> PreDoseChecklist | None:
    return None if text is None else _dataclass_from_json(PreDoseChecklist, text)


# Child tables: (table, record class, columns other than id/session_id/position).
CHILD_SPECS: dict[str, tuple[str, type, tuple[str, ...]]] = {
    "administrations": (
        "administrations",
        Administration,
        # planned, then lot last: a snapshot drops an empty lot, so notes signed before lots verify.
        ("time", "route", "medication", "mg", "site", "given_by", "note", "planned", "lot"),
    ),
    "vitals": (
        "vitals",
        VitalSign,
        (
            "time",
            "systolic",
            "diastolic",
            "heart_rate",
            "spo2",
            "resp_rate",
            "sedation_scale",
            "sedation_score",
            "phase",
            "note",
        ),
    ),
    "effects": ("effects", EffectObservation, ("effect", "intensity", "time", "note")),
    "adverse_events": (
        "adverse_events",
        AdverseEvent,
        ("description", "severity", "time", "interventions", "outcome", "note"),
    ),
    "themes": ("themes", ThemeTag, ("theme", "note")),
    "scales": ("scale_scores", ScaleScore, ("scale", "items", "total")),
}

_JSON_COLUMNS = {"interventions", "items"}


def child_values(obj: Any, columns: tuple[str, ...]) -> list[Any]:
    """Column values of a child record, in `columns` order, ready for SQL."""
    out = []
    for col in columns:
        value = getattr(obj, col)
        if isinstance(value, float) and not math.isfinite(value):
            # SQLite would store NaN as NULL: a value silently replaced. Refuse it instead.
            raise PracticeError(f"{col} is not a finite number; nothing was saved.")
        if col == "time":
            value = t2s(value)
        elif col in _JSON_COLUMNS:
            value = json.dumps(value, ensure_ascii=False)
        out.append(value)
    return out


@functools.cache
def _child_plan(cls: type, columns: tuple[str, ...]):
    """How a row (id, session_id, *columns) becomes a record: the positions needing a
    conversion, with it, and the values' order as the record's fields (its constructor takes
    them by position, three times faster than by name: 100,000 rows in an export)."""
    convert = []
    for i, col in enumerate(columns, start=1):
        if col == "time":
            convert.append((i, s2t))
        elif col in _JSON_COLUMNS:
            convert.append((i, loads))
        elif col == "planned":
            convert.append((i, bool))
    names = ("id", *columns)
    order = [f.name for f in fields(cls) if f.init]
    if sorted(order) != sorted(names):
        raise ValueError(f"{cls.__name__} fields are not (id, *columns)")
    return convert, itemgetter(*(names.index(n) for n in order))


def child_from_row(cls: type, columns: tuple[str, ...], row: tuple) -> Any:
    """A child record from a row laid out as (id, session_id, *columns)."""
    convert, in_field_order = _child_plan(cls, columns)
    values = [row[0], *row[2:]]
    if len(values) != len(columns) + 1:
        raise ValueError(f"a {cls.__name__} row of {len(row)} columns")
    for i, f in convert:
        values[i] = f(values[i])
    return cls(*in_field_order(values))
