"""Hypothesis fuzzes validation and the store with random field values.

No crash (validation returns findings, the store saves or raises a PracticeError), what was
saved reads back the same, and nothing already saved is ever lost or changed.
"""

from __future__ import annotations

import math
from datetime import date

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kapnotes.domain.records import (
    Administration,
    AdverseEvent,
    Client,
    DosingDetails,
    EffectObservation,
    RemsDetails,
    ScaleScore,
    Session,
    ThemeTag,
    VitalSign,
    WeightEntry,
)
from kapnotes.domain.validation import validate_client, validate_session
from kapnotes.store import PracticeError, open_practice

HOSTILE = st.sampled_from(
    ["", " ", "'; DROP TABLE sessions; --", '"', "\x00", "🙂" * 50, "a" * 5000, "NULL"]
)
TEXT = st.one_of(st.text(max_size=200), HOSTILE)
INTS = st.one_of(st.none(), st.integers(-(2**70), 2**70), st.integers(-5, 300))
FLOATS = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.floats(0, 1000))
TIMES = st.one_of(st.none(), st.times().map(lambda t: t.replace(second=0, microsecond=0)))
DATES = st.dates(date(1900, 1, 1), date(2100, 12, 31))
CODES = st.one_of(st.sampled_from(["im", "iv", "in_esk", "po", "phq9", "cadss", "grief"]), TEXT)

sessions = st.builds(
    Session,
    client_id=st.just(None),
    course_id=st.just(None),
    date=DATES,
    kind=st.one_of(st.sampled_from(["dosing", "preparation", "integration"]), TEXT),
    number=INTS,
    start_time=TIMES,
    setting=TEXT,
    clinicians=st.lists(TEXT, max_size=3),
    intention=TEXT,
    template=TEXT,
    narrative=st.dictionaries(TEXT, TEXT, max_size=4),
    administrations=st.lists(
        st.builds(Administration, TIMES, CODES, FLOATS, note=TEXT), max_size=3
    ),
    vitals=st.lists(
        st.builds(VitalSign, TIMES, INTS, INTS, INTS, INTS, INTS, sedation_score=INTS, note=TEXT),
        max_size=3,
    ),
    effects=st.lists(st.builds(EffectObservation, CODES, INTS, TIMES, TEXT), max_size=3),
    adverse_events=st.lists(
        st.builds(AdverseEvent, TEXT, TEXT, TIMES, st.lists(TEXT, max_size=2), TEXT, TEXT),
        max_size=2,
    ),
    themes=st.lists(st.builds(ThemeTag, CODES, TEXT), max_size=3),
    scales=st.lists(
        st.builds(ScaleScore, CODES, st.lists(INTS, max_size=30), st.one_of(st.none(), FLOATS)),
        max_size=3,
    ),
    dosing=st.builds(DosingDetails, TEXT, TEXT, INTS, INTS, INTS),
    rems=st.builds(RemsDetails, ready_to_leave_min=INTS),
)


def _same(a, b) -> bool:
    """Equality where NaN equals NaN (a stored NaN comes back as NaN, or as a refusal)."""
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or a == b
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if hasattr(a, "__dataclass_fields__") and type(a) is type(b):
        return all(_same(getattr(a, f), getattr(b, f)) for f in a.__dataclass_fields__)
    return a == b


def _comparable(s: Session) -> Session:
    """Fields the store sets itself (ids, updated_at) are not part of the comparison."""
    from dataclasses import replace

    strip = lambda items: [replace(i, id=None) for i in items]  # noqa: E731
    return replace(
        s,
        updated_at=None,
        administrations=strip(s.administrations),
        vitals=strip(s.vitals),
        effects=strip(s.effects),
        adverse_events=strip(s.adverse_events),
        themes=strip(s.themes),
        scales=strip(s.scales),
    )


@pytest.fixture(scope="module")
def fuzz_practice(tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz") / "fuzz.kapnotes"
    with open_practice(path, create=True) as p:
        client = Client(chart="FUZZ-1", name="Fuzz", weights=[WeightEntry(70, date(2026, 1, 1))])
        p.save_client(client)
        yield p, client, {}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(session=sessions)
def test_random_sessions_never_crash_or_lose_data(fuzz_practice, session):
    practice, client, saved = fuzz_practice
    session.client_id = client.id
    findings = validate_session(session, client)  # never raises
    assert all(f.level in ("error", "warning") and f.message for f in findings)
    try:
        sid = practice.save_session(session)
    except PracticeError as exc:
        assert str(exc) and "Traceback" not in str(exc)
        event("refused by the store")
    else:
        event("saved")
        back = practice.get_session(sid)
        assert _same(_comparable(back), _comparable(session))
        saved[sid] = _comparable(back)
        if len(saved) % 5 == 0:
            practice.sign_session(sid, "Dr Fuzz")
            saved[sid] = _comparable(practice.get_session(sid))
    # Nothing saved before is lost or changed, whatever this example did.
    for old_id in list(saved)[-20:]:
        assert _same(_comparable(practice.get_session(old_id)), saved[old_id])
    assert practice.count("sessions") == len(saved)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(chart=TEXT, name=TEXT, kg=FLOATS, day=DATES, meds=TEXT)
def test_random_clients_never_crash(fuzz_practice, chart, name, kg, day, meds):
    practice, _client, _saved = fuzz_practice
    client = Client(chart=chart, name=name, medications=meds, weights=[WeightEntry(kg, day)])
    validate_client(client)
    before = practice.count("clients")
    try:
        practice.save_client(client)
    except PracticeError:
        assert practice.count("clients") == before
    else:
        assert practice.get_client(client.id).name == name
    assert practice.find_client("FUZZ-1") is not None


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=TEXT, field=st.sampled_from(["intention", "narrative", "number", "date"]))
def test_random_draft_saves(fuzz_practice, text, field):
    practice, client, _saved = fuzz_practice
    draft = Session(client_id=client.id, course_id=None, date=date(2026, 1, 1))
    sid = practice.save_session(draft)
    value = {"intention": text, "narrative": {"Note": text}, "number": len(text),
             "date": date(2026, 1, 1 + len(text) % 28)}[field]  # fmt: skip
    try:
        practice.save_draft(sid, **{field: value})
    except PracticeError:
        assert _same(_comparable(practice.get_session(sid)), _comparable(draft))
    practice.delete_draft(sid)
    assert practice.verify_audit().ok


def test_unstorable_text_is_refused_and_loses_nothing(fuzz_practice):
    """A lone surrogate (possible from a broken paste) cannot be UTF-8: a clear refusal."""
    practice, client, _saved = fuzz_practice
    draft = Session(client_id=client.id, course_id=None, date=date(2026, 1, 1), intention="kept")
    sid = practice.save_session(draft)
    with pytest.raises(PracticeError, match="cannot be stored"):
        practice.save_draft(sid, intention="bad \ud800")
    with pytest.raises(PracticeError, match="too large"):
        practice.save_draft(sid, number=2**70)
    assert practice.get_session(sid).intention == "kept"
    practice.delete_draft(sid)
