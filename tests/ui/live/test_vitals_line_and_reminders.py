"""The one-line vitals grammar and the due-check rules, without widgets."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from kapnotes.domain.records import Administration, Session, VitalSign
from kapnotes.ui.live.reminders import due_check, next_check
from kapnotes.ui.live.vitals_line import VitalsLineError, format_vitals, parse_vitals_line

DAY = date(2026, 3, 10)


def test_bp_hr_spo2():
    v = parse_vitals_line("128/82 76 98")
    assert (v.systolic, v.diastolic, v.heart_rate, v.spo2, v.resp_rate) == (128, 82, 76, 98, None)


def test_resp_rate_sedation_and_phase():
    v = parse_vitals_line(" 118/74, 64 99 14 s4 post ")
    assert (v.resp_rate, v.sedation_scale, v.sedation_score, v.phase) == (14, "moaas", 4, "post")
    r = parse_vitals_line("120/80 70 97 rass -1")
    assert (r.sedation_scale, r.sedation_score) == ("rass", -1)


def test_partial_readings_are_allowed():
    assert parse_vitals_line("96").heart_rate == 96
    assert parse_vitals_line("140/90").heart_rate is None


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("", "Type the vitals"),
        ("128/82 7x6 98", "Could not read"),
        ("300/82 76 98", "Systolic BP 300 is impossible"),
        ("120/130 76 98", "must be lower than systolic"),
        ("120/80 76 101", "SpO2 101 is impossible"),
        ("120/80 20 98", "Heart rate 20 is impossible"),
        ("120/80 76 98 14 12", "Too many numbers"),
        ("120/80 120/80", "Two blood pressures"),
        ("120/80 76 98 s9", "Sedation score 9 is impossible"),
        ("120/80 76 98 s", "needs a sedation score"),
    ],
)
def test_bad_lines_say_why(line, message):
    with pytest.raises(VitalsLineError, match=message):
        parse_vitals_line(line)


def test_format_reads_back_the_same():
    v = VitalSign(time(10, 0), 128, 82, 76, 98, 14, "moaas", 5)
    again = parse_vitals_line(format_vitals(v)).to_vital(time(10, 0), "during")
    assert again == v


def _session(first: time | None, *vitals: time) -> Session:
    s = Session(1, None, DAY)
    if first:
        s.administrations.append(Administration(first, "im", 35))
    s.vitals = [VitalSign(t, 120, 80, 70, 98) for t in vitals]
    return s


def at(h: int, m: int) -> datetime:
    return datetime.combine(DAY, time(h, m))


def test_before_dosing_check_until_a_reading():
    assert due_check(_session(None), [0, 40, 120], at(9, 50)).minute == 0
    assert due_check(_session(None, time(9, 50)), [0, 40, 120], at(9, 55)) is None


def test_40_minute_check_is_due_at_40_and_answered_by_a_reading_from_35():
    s = _session(time(10, 0), time(9, 55))
    assert due_check(s, [0, 40, 120], at(10, 39)) is None
    assert due_check(s, [0, 40, 120], at(10, 40)).message == "Vitals check +40 min due now."
    assert "due 5 min ago" in due_check(s, [0, 40, 120], at(10, 45)).message
    assert (
        due_check(_session(time(10, 0), time(9, 55), time(10, 35)), [0, 40, 120], at(10, 45))
        is None
    )
    assert due_check(_session(time(10, 0), time(9, 55), time(10, 34)), [0, 40, 120], at(10, 45))


def test_discharge_check_and_next_check_words():
    s = _session(time(10, 0), time(9, 55), time(10, 40))
    assert due_check(s, [0, 40, 120], at(12, 0)).label == "before discharge (+120 min)"
    assert (
        next_check(s, [0, 40, 120], at(10, 50)) == "Next check before discharge (+120 min) at 12:00"
    )
    assert due_check(s, [], at(12, 0)) is None
