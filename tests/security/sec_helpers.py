"""Helpers for the security tests: a full session, raw connections (no fixtures here)."""

from __future__ import annotations

import sqlite3
from datetime import date, time
from pathlib import Path

from sqlcipher3 import dbapi2 as sqlcipher

from kapnotes.domain.records import (
    Administration,
    AdverseEvent,
    Client,
    Course,
    EffectObservation,
    ScaleScore,
    Session,
    ThemeTag,
    VitalSign,
    WeightEntry,
)
from kapnotes.store import keyslots

PASSPHRASE = "correct horse battery staple"


def add_client(practice, chart="C-1", name="Robin Vale") -> Client:
    client = Client(chart=chart, name=name, dob=date(1985, 3, 2),
                    weights=[WeightEntry(70.0, date(2026, 1, 1))])  # fmt: skip
    practice.save_client(client)
    return client


def add_course(practice, client) -> Course:
    course = Course(client_id=client.id, purpose="induction", start_date=date(2026, 1, 5))
    practice.save_course(course)
    return course


def make_session(client, course, text="An ordinary note", day=date(2026, 2, 3)) -> Session:
    """A dosing session with one of every child record."""
    return Session(
        client_id=client.id,
        course_id=course.id if course else None,
        date=day,
        start_time=time(9, 30),
        kind="dosing",
        intention="To rest",
        narrative={"Subjective": text},
        administrations=[Administration(time(9, 40), "im", 35.0)],
        vitals=[VitalSign(time(9, 35), 120, 80, 70, 98, phase="pre")],
        effects=[EffectObservation("dissociation", 2, time(9, 50), "")],
        adverse_events=[AdverseEvent("nausea", "mild", time(10, 0), ["ondansetron"], "resolved")],
        themes=[ThemeTag("grief", "")],
        scales=[ScaleScore("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 0])],
    )


def db_key(path, passphrase, user=None) -> str:
    """The database key an insider holding a passphrase gets from the key slots file."""
    slots = keyslots.load(Path(path))
    _slot, keys = slots.slots[user or slots.default_user()], None
    keys = _slot.unlock(passphrase)
    return _slot.db_key_candidates(keys)[0]


def raw_connection(path, passphrase=None):
    """A connection that bypasses the store (what an attacker or a bug could do): with the
    passphrase of a practice with accounts, keyed with the database key it unwraps."""
    if passphrase is None:
        return sqlite3.connect(path, isolation_level=None)
    if keyslots.slots_path(Path(path)).exists():
        passphrase = db_key(path, passphrase)
    conn = sqlcipher.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute("PRAGMA key = '" + passphrase.replace("'", "''") + "'")
    return conn


def sign(practice, session_id, name="Dr A", credentials="", passphrase=PASSPHRASE, when=None):
    """Sign as the test wants: with accounts the signed-in user signs with their passphrase."""
    if practice.user is not None:
        return practice.sign_session(session_id, when=when, passphrase=passphrase)
    return practice.sign_session(session_id, name, credentials, when)
