"""The KAPNotes JSON document written straight from database rows, a few clients at a time.

The document is the one json_format.document() builds from records (docs/FORMAT.md), byte for
byte: the database already stores ISO dates, "HH:MM" times and JSON lists, so a row becomes
its dict without building records first. That is what keeps a 20,000-session export close to
a bare query-and-dump, and its memory to one chunk of clients.
"""

from __future__ import annotations

import json
import json.scanner
from collections.abc import Callable
from dataclasses import MISSING, fields
from datetime import datetime
from operator import itemgetter
from typing import Any, BinaryIO

from kapnotes.domain.records import (
    Addendum,
    Client,
    Course,
    Discharge,
    DosingDetails,
    RemsDetails,
    RemsSubmission,
    Session,
)
from kapnotes.domain.settings import PracticeSettings
from kapnotes.export.json_format import FORMAT, SPECS, VERSION, dump_value, record_dict
from kapnotes.export.output import Progress
from kapnotes.store import rows, stream
from kapnotes.store.sessions import SESSION_COLUMNS


def _float(v: Any) -> Any:
    return None if v is None else float(v)


# json.loads checks types and strips whitespace on every call; the stored columns are always
# text written by json.dumps, so the decoder's C scanner reads them directly. Small values
# repeat across sessions ('[]', the same clinicians, an empty REMS form): decoded once per chunk
# (the encoder only reads the shared result).
_scan = json.scanner.make_scanner(json.JSONDecoder())
_decoded: dict[str, Any] = {}
_CACHE_MAX_LEN = 200


def _loads(text: str) -> Any:
    if len(text) > _CACHE_MAX_LEN:
        return _scan(text, 0)[0]
    found = _decoded.get(text)
    if found is None:
        found = _decoded[text] = _scan(text, 0)[0]
    return found


def _convert(kind: str) -> Callable[[Any], Any] | None:
    """How a stored column becomes its JSON value (None: as stored)."""
    bare = kind if kind.startswith(("list:", "map:")) else kind.rstrip("?")
    if bare == "float":
        return _float
    if bare == "bool":
        return bool
    if bare.startswith(("list:", "map:")):
        return _loads
    return None


def _row_converter(cls: type, columns: tuple[str, ...]) -> Callable[[tuple], dict[str, Any]]:
    """A function from a row laid out as `columns` to the record's JSON dict (spec order).

    Float fields are REAL columns, which SQLite always returns as floats, so only bools and
    JSON lists need converting; the rest is zipped in C.
    """
    names = tuple(SPECS[cls])
    getter = itemgetter(*(columns.index(n) for n in names))
    fixes = [(n, f) for n, k in SPECS[cls].items() if (f := _convert(k)) not in (None, _float)]
    if not fixes:
        return lambda r: dict(zip(names, getter(r), strict=True))

    def convert(r: tuple) -> dict[str, Any]:
        out = dict(zip(names, getter(r), strict=True))
        for n, f in fixes:
            if out[n] is not None:
                out[n] = f(out[n])
        return out

    return convert


def _json_detail(cls: type) -> Callable[[str], dict[str, Any]]:
    """Dosing, discharge and REMS details: stored as JSON of the dataclass, written in spec
    order with the record's defaults for any field an older version did not store."""
    defaults = {
        f.name: (f.default if f.default is not MISSING else f.default_factory())
        for f in fields(cls)
    }
    names = list(SPECS[cls])

    def convert(text: str) -> dict[str, Any]:
        found = _decoded.get(text)
        if found is None:
            data = _scan(text or "{}", 0)[0]
            found = {n: data.get(n, defaults[n]) for n in names}
            if len(text) <= _CACHE_MAX_LEN:
                _decoded[text] = found
        return found

    return convert


_SESSION_COLS = tuple(c.strip() for c in SESSION_COLUMNS.split(","))
_CLIENT_PLAN = [
    (n, stream.CLIENT_COLUMNS.index(n) if n in stream.CLIENT_COLUMNS else None, _convert(k))
    for n, k in SPECS[Client].items()
]
_COURSE = _row_converter(Course, stream.COURSE_COLUMNS)
_DETAILS = {
    "dosing": _json_detail(DosingDetails),
    "discharge": _json_detail(Discharge),
    "rems": _json_detail(RemsDetails),
}


def _checklist(text: str | None) -> dict[str, Any] | None:
    """The pre-dose checklist column (NULL when the session has none) as the format writes it."""
    found = rows.checklist_from_json(text)
    return None if found is None else record_dict(found)


# Client fields held in their own tables (issue 15), read per client of a chunk.
_CLIENT_EXTRAS = ("intake", "eligibility", "consents")


def client_extras(practice, client_id: int) -> dict[str, Any]:
    """The intake, eligibility decisions and consents of one client, JSON-ready."""
    kinds = SPECS[Client]
    return {
        "intake": dump_value(practice.get_intake(client_id), kinds["intake"]),
        "eligibility": dump_value(practice.eligibility_history(client_id), kinds["eligibility"]),
        "consents": dump_value(practice.consents(client_id), kinds["consents"]),
    }


_SESSION_NAMES = list(SPECS[Session])
_FIRST_CHILD = _SESSION_NAMES.index("administrations")
_AFTER_CHILDREN = _SESSION_NAMES.index("addenda") + 1
_HEAD = tuple(_SESSION_NAMES[:_FIRST_CHILD])
# REMS submissions are a child list kept after the scalar tail (their own insert-only table).
_TAIL = tuple(n for n in _SESSION_NAMES[_AFTER_CHILDREN:] if n != "rems_submissions")
_HEAD_GET = itemgetter(*(_SESSION_COLS.index(n) for n in _HEAD))
_TAIL_GET = itemgetter(*(_SESSION_COLS.index(n) for n in _TAIL))
_HEAD_JSON = [n for n in _HEAD if SPECS[Session][n].startswith(("list:", "map:"))]
# Child lists, in the format's order, as SQLite builds them: {attribute: field names}.
_RECORD_OF = {attr: cls for attr, (_t, cls, _c) in rows.CHILD_SPECS.items()}
_RECORD_OF["addenda"] = Addendum
_RECORD_OF["rems_submissions"] = RemsSubmission
JSON_CHILDREN = {
    name: tuple(SPECS[_RECORD_OF[name]])
    for name in (*_SESSION_NAMES[_FIRST_CHILD:_AFTER_CHILDREN], "rems_submissions")
}
_SID = _SESSION_COLS.index("id")
_COURSE_ID = _SESSION_COLS.index("course_id")
_encode = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode


def _session_text(r: tuple, chunk: stream.ClientChunk, course_index: int | None) -> str:
    """One session's JSON: the scalar fields encoded here, the child lists spliced in as the
    JSON arrays SQLite built (the same fields in the same order as json_format writes)."""
    sid = r[_SID]
    head: dict[str, Any] = {"course": course_index}
    head.update(zip(_HEAD, _HEAD_GET(r), strict=True))
    for name in _HEAD_JSON:
        head[name] = _loads(head[name])
    tail = dict(zip(_TAIL, _TAIL_GET(r), strict=True))
    for name, convert in _DETAILS.items():
        tail[name] = convert(tail[name])
    if "checklist" in tail:
        tail["checklist"] = _checklist(tail["checklist"])
    children = chunk.children
    middle = ", ".join(f'"{n}": {children[n].get(sid, "[]")}' for n in JSON_CHILDREN)
    return f"{_encode(head)[:-1]}, {middle}, {_encode(tail)[1:]}"


def client_texts(chunk: stream.ClientChunk) -> list[str]:
    """Each client of a chunk as one line of the document (json_format.client_dict's content)."""
    out = []
    for r in chunk.clients:
        cid = r[0]
        item: dict[str, Any] = {}
        for name, i, f in _CLIENT_PLAN:
            if name == "weights":
                item[name] = [{"kg": kg, "measured_on": d} for _c, kg, d in chunk.weights[cid]]
            elif name == "screening":
                item[name] = [
                    {"item": i, "answer": a, "note": n} for _c, i, a, n in chunk.screening[cid]
                ]
            elif name in _CLIENT_EXTRAS:
                item[name] = chunk.extras[cid].get(name)
            else:
                v = r[i]
                item[name] = v if f is None or v is None else f(v)
        courses = chunk.courses[cid]
        position = {c[0]: i for i, c in enumerate(courses)}
        item["courses"] = [_COURSE(c) for c in courses]
        sessions = ", ".join(
            _session_text(s, chunk, position.get(s[_COURSE_ID])) for s in chunk.sessions[cid]
        )
        out.append(f'{_encode(item)[:-1]}, "sessions": [{sessions}]}}')
    return out


def write_json(
    practice,
    fh: BinaryIO,
    ids: list[int],
    *,
    settings: PracticeSettings | None,
    exported_at: datetime | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the document for clients `ids` to a binary file; returns the sessions written.

    The layout is json_format.dumps(): one client per line.
    """
    head: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    if exported_at is not None:
        head["exported_at"] = exported_at.isoformat(timespec="seconds")
    if settings is not None:
        head["settings"] = settings.to_dict()
    text = json.dumps(head, ensure_ascii=False, allow_nan=False)[:-1]
    if not ids:
        fh.write(f'{text}, "clients": []}}\n'.encode())
        return 0
    fh.write(f'{text}, "clients": [\n'.encode())
    total = stream.session_total(practice, ids)
    done = 0
    first = True
    for chunk in stream.client_chunks(practice, ids, json_children=JSON_CHILDREN):
        _decoded.clear()  # bounded: one chunk's distinct small values
        for r in chunk.clients:
            chunk.extras[r[0]] = client_extras(practice, r[0])
        for client in client_texts(chunk):
            if not first:
                fh.write(b",\n")
            fh.write(client.encode("utf-8"))
            first = False
        done += chunk.session_count
        if progress is not None:
            progress.step(done, total)
    _decoded.clear()
    fh.write(b"\n]}\n")
    return done
