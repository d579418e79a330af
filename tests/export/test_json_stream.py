"""The streamed JSON export (rows to JSON, a chunk of clients at a time) is the document that
json_format builds from records: same content, same order, for the whole practice or one client."""

from __future__ import annotations

import io
import json
from datetime import date, datetime, time

from kapnotes.domain.records import AdverseEvent, Client, Session
from kapnotes.export.json_format import document, dumps
from kapnotes.export.json_stream import write_json
from kapnotes.store import stream
from kapnotes.store.demo import build_demo
from kapnotes.store.transfer import load_bundles

WHEN = datetime(2026, 5, 1, 9, 30)


def _both(practice, chart=None, size=None):
    ids = stream.client_ids(practice, chart)
    settings = practice.settings() if chart is None else None
    out = io.BytesIO()
    if size is not None:
        stream.CHUNK_CLIENTS, old = size, stream.CHUNK_CLIENTS
    try:
        sessions = write_json(practice, out, ids, settings=settings, exported_at=WHEN)
    finally:
        if size is not None:
            stream.CHUNK_CLIENTS = old
    expected = dumps(document(load_bundles(practice, chart), settings, exported_at=WHEN))
    return out.getvalue().decode("utf-8"), expected, sessions


def test_streamed_json_equals_the_record_document(practice):
    build_demo(practice, clients=5, sessions_per_client=6, seed=11)
    c = Client(chart="Ü-1", name='Ünal "Quote" Test', dob=date(1990, 1, 2))
    practice.save_client(c)
    s = Session(c.id, None, date(2026, 1, 3), start_time=time(8, 0), clinicians=["Ana"],
                narrative={"Subjective": "line one\nline two \\ \u2028 tab\t"})  # fmt: skip
    s.adverse_events = [AdverseEvent("nausea", "mild", time(8, 30), ["ondansetron", "other"])]
    sid = practice.save_session(s)
    practice.sign_session(sid, "Ana", "MD")
    practice.add_addendum(sid, "Later: all well", "Ana")
    text, expected, sessions = _both(practice)
    assert json.loads(text) == json.loads(expected)
    assert sessions == practice.count("sessions")
    assert len(text.splitlines()) == len(expected.splitlines())  # one client per line
    one, expected_one, _n = _both(practice, chart="Ü-1")
    assert json.loads(one) == json.loads(expected_one)


def test_chunks_do_not_change_the_document(practice):
    build_demo(practice, clients=7, sessions_per_client=3, seed=5)
    small, expected, _n = _both(practice, size=2)
    assert json.loads(small) == json.loads(expected)


def test_an_encrypted_practice_streams_the_same(encrypted_practice):
    """SQLCipher bundles a newer SQLite than the sqlite3 module: its JSON must read the same."""
    build_demo(encrypted_practice, clients=3, sessions_per_client=4, seed=2)
    text, expected, _n = _both(encrypted_practice)
    assert json.loads(text) == json.loads(expected)
