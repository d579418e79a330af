"""Issue 12: one rule set for the possible, dates that warn, the order of a dosing session,
planned doses that count toward nothing, same-day order, search counts."""

from __future__ import annotations

from datetime import date, time

import pytest

from kapnotes.domain.records import (
    Administration,
    Client,
    Course,
    Discharge,
    Session,
    VitalSign,
    WeightEntry,
    day_order,
)
from kapnotes.domain.settings import VitalThresholds
from kapnotes.domain.validation import validate_session, value_problem
from kapnotes.domain.vitals import vital_flags
from kapnotes.ui.live.vitals_line import VitalsLineError, parse_vitals_line

TODAY = date(2026, 6, 1)


def check(s: Session, client: Client | None = None, course: Course | None = None):
    return validate_session(s, client, today=TODAY, course=course)


def codes(found, level=None):
    return {f.code for f in found if level is None or f.level == level}


@pytest.mark.parametrize(
    ("name", "value", "refused"),
    [
        ("mg", -20, True),
        ("mg", 0, True),
        ("mg", 0.5, False),
        ("kg", 0.5, True),
        ("kg", 401, True),
        ("kg", 70, False),
        ("systolic", 300, True),
        ("diastolic", 20, True),
        ("spo2", 101, True),
        ("heart_rate", 72, False),
        ("resp_rate", 2, True),
        ("intensity", 4, True),
        ("minutes", -1, True),
        ("mg", None, False),  # blank is missing, not wrong
    ],
)
def test_the_possible_is_one_rule(name, value, refused):
    assert bool(value_problem(name, value)) == refused


def test_bp_300_20_is_impossible_everywhere_never_urgent():
    v = VitalSign(time(10, 0), 300, 20, 70, 98)
    assert vital_flags(v, VitalThresholds()) == []  # the PDFs and the timeline use this
    found = check(Session(None, None, TODAY, vitals=[v]))
    assert {"systolic_range", "diastolic_range"} <= codes(found, "error")
    assert not any(f.code.startswith("vital_") for f in found)
    with pytest.raises(VitalsLineError, match="Systolic BP 300 is impossible"):
        parse_vitals_line("300/20 70 98")  # live mode: the same words as the editor


def test_dates_before_consent_or_course_and_in_the_future_warn():
    client = Client("C", "N", consent_date=date(2026, 3, 1))
    course = Course(None, start_date=date(2026, 4, 1))
    early = check(Session(None, None, date(2026, 2, 1)), client, course)
    assert {"date_before_consent", "date_before_course"} <= codes(early, "warning")
    assert "date_future" in codes(check(Session(None, None, date(2027, 6, 1))), "warning")
    fine = check(Session(None, None, date(2026, 5, 1)), client, course)
    assert not codes(fine) & {"date_before_consent", "date_before_course", "date_future"}


def test_pre_dose_vitals_before_the_start_are_fine_and_nothing_blocks_signing():
    s = Session(None, None, TODAY, start_time=time(10, 0))
    s.vitals = [
        VitalSign(time(9, 55), 128, 82, 70, 98, phase="pre"),
        VitalSign(time(10, 45), 130, 84, 72, 98, phase="post"),
    ]
    s.administrations = [Administration(time(10, 5), "im", 50.0)]
    s.discharge = Discharge(time(12, 0))
    found = check(s)
    assert not [f for f in found if f.is_error]
    assert not codes(found) & {"time_before_start", "pre_after_dose", "discharge_not_last"}


def test_out_of_order_times_warn_and_never_block():
    s = Session(None, None, TODAY, start_time=time(10, 0))
    s.administrations = [Administration(time(10, 30), "im", 50.0), Administration(time(10, 50), "im", 25.0)]  # fmt: skip
    s.vitals = [
        VitalSign(time(10, 40), 128, 82, phase="pre"),  # "pre" after the dose
        VitalSign(time(10, 20), 128, 82, phase="post"),  # "post" before it
        VitalSign(time(9, 30), 128, 82, phase="during"),  # before the start
    ]
    # Before the last dose. (Vitals after discharge stay an error: issue 13 refuses them.)
    s.discharge = Discharge(time(10, 45))
    found = check(s)
    assert {"pre_after_dose", "post_before_dose", "time_before_start", "discharge_not_last"} <= codes(found, "warning")  # fmt: skip
    assert not [f for f in found if f.is_error]


def test_a_planned_dose_counts_toward_nothing():
    client = Client("C", "N", weights=[WeightEntry(70, date(2026, 1, 1))])
    s = Session(None, None, TODAY, kind="dosing")
    s.administrations = [Administration(None, "im", 50.0, planned=True)]
    assert s.total_mg == 0 and s.mg_per_kg(client) is None
    assert s.first_administration_time is None
    assert "no_administration" in codes(check(s, client))  # nothing given yet
    s.administrations[0].planned = False
    s.administrations[0].time = time(10, 0)
    assert s.total_mg == 50 and s.mg_per_kg(client) == pytest.approx(0.714, abs=0.001)


def test_same_day_sessions_order_by_number():
    day = date(2026, 5, 1)
    sessions = [Session(None, None, day, number=n, start_time=time(9 + (4 - n))) for n in (3, 4, 2, 1)]  # fmt: skip
    sessions.append(Session(None, None, date(2026, 4, 30), number=9))
    assert [s.number for s in sorted(sessions, key=day_order)] == [9, 1, 2, 3, 4]


def test_store_lists_same_day_sessions_by_number_and_keeps_the_plan(practice):
    client = practice.save_client(Client("C-1", "Order"))
    course = practice.save_course(Course(client, start_date=date(2026, 5, 1)))
    for n in (3, 4, 2, 1):
        s = Session(client, course, date(2026, 5, 1), number=n, start_time=time(9 + (4 - n)))
        s.administrations = [Administration(None, "im", 40.0, planned=n == 1)]
        practice.save_session(s)
    listed = practice.list_sessions(course_id=course)
    assert [r.number for r in listed] == [1, 2, 3, 4]
    first = next(r for r in listed if r.number == 1)
    assert first.total_mg == 0  # the plan is not a dose
    assert practice.get_session(first.id).administrations[0].planned is True
    last = practice.last_dosing_session(client)
    assert all(not a.planned for a in last.administrations)


def test_search_counts_every_match_and_reads_a_lone_operator_as_a_word(practice):
    client = practice.save_client(Client("C-2", "Search"))
    for n in range(60):
        practice.save_session(
            Session(client, None, date(2026, 1, 1), number=n, narrative={"Note": "calm and slow"})
        )
    assert len(practice.search("calm")) == 50  # the list stops at its limit
    assert practice.count_matches("calm") == 60  # the count says the truth
    assert practice.count_matches("AND") == practice.count_matches("and") == 60
    assert len(practice.search("NOT")) == 0 and practice.count_matches("OR") == 0
