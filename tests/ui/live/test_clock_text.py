"""The live view's clock area as plain text (kapnotes/ui/live/reminders.clock_text)."""

from __future__ import annotations

from datetime import date, datetime, time

from kapnotes.domain.records import Administration, Session
from kapnotes.ui.live.reminders import clock_text

SCHEDULE = [15, 30, 60]


def _session(**kw) -> Session:
    return Session(1, None, date(2026, 3, 2), kind="dosing", start_time=time(9, 0), **kw)


def test_before_the_first_dose_and_after_it():
    now = datetime(2026, 3, 2, 9, 10)
    text = clock_text(_session(), SCHEDULE, now, read_only=False)
    assert text.elapsed == "—:—" and text.caption.startswith("Not dosed yet")
    dosed = _session(administrations=[Administration(time(9, 5), "im", 40.0)])
    text = clock_text(dosed, SCHEDULE, datetime(2026, 3, 2, 10, 7, 30), read_only=False)
    assert text.elapsed == "1:02:30" and "first dose at 09:05" in text.caption


def test_an_untimed_dose_another_day_and_a_signed_note():
    untimed = _session(administrations=[Administration(None, "im", 40.0)])
    text = clock_text(untimed, SCHEDULE, datetime(2026, 3, 2, 10, 0), read_only=False)
    assert "A dose has no time" in text.caption
    text = clock_text(_session(), SCHEDULE, datetime(2026, 3, 5, 10, 0), read_only=False)
    assert "not today" in text.caption and text.reminder == "" and text.next_check == ""
    dosed = _session(administrations=[Administration(time(9, 5), "im", 40.0)])
    signed = clock_text(dosed, SCHEDULE, datetime(2026, 3, 2, 9, 40), read_only=True)
    assert signed.reminder == "" and signed.next_check == ""  # no reminders on a signed note
