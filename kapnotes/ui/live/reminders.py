"""When a scheduled vitals check is due (plain Python: the view only shows the answer).

Checks are minutes after the first administration (settings.reminders_min, default 0/40/120):
0 is "before dosing", the last one "before discharge". Only the latest check that has come due
is shown, and a reading taken from a few minutes before it onwards satisfies it, so entering
vitals clears the banner.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kapnotes.domain.records import Session

EARLY_MIN = 5  # a reading this many minutes early still counts for the check


@dataclass(frozen=True)
class DueCheck:
    """A vitals check that is due now: its minute mark and words for the banner."""

    minute: int
    label: str
    message: str


def dose_start(session: Session):
    """When the clock starts: the first dose time, or None until every dose has a time.

    A dose typed without a time may well be the first one: timing from a later booster would
    show a wrong elapsed time and wrong check times, so nothing is timed until it is fixed.
    """
    return None if untimed_dose(session) else session.first_administration_time


def untimed_dose(session: Session) -> bool:
    """True when a dose is recorded without a time (the clock cannot start)."""
    return any(a.time is None for a in session.given())  # a plan is not a dose


def _pre_dose_reading(session: Session) -> bool:
    """True when a reading was taken before dosing (phase pre, or timed before the dose)."""
    if dose_start(session) is None:
        return bool(session.vitals)  # nothing given yet: every reading is before dosing
    for v in session.vitals:
        taken = minutes_after_dose(session, v.time)
        if v.phase == "pre" or (taken is not None and taken <= 0):
            return True
    return False


def check_label(minute: int, schedule: list[int]) -> str:
    """Words for a check: before dosing, +40 min, before discharge."""
    if minute <= 0:
        return "before dosing"
    if schedule and minute == max(schedule) and len(schedule) > 1:
        return f"before discharge (+{minute} min)"
    return f"+{minute} min"


def minutes_after_dose(session: Session, when) -> float | None:
    """Minutes from the first dose to `when`; None when either has no time."""
    first = dose_start(session)
    if first is None or when is None:
        return None
    delta = datetime.combine(session.date, when) - datetime.combine(session.date, first)
    return delta.total_seconds() / 60


def due_check(session: Session, schedule: list[int], now: datetime) -> DueCheck | None:
    """The check due at `now` that no reading has answered yet, or None."""
    plan = sorted({int(m) for m in schedule if m is not None and m >= 0})
    if not plan:
        return None
    if untimed_dose(session):
        return None  # next_check says why nothing is timed
    first = dose_start(session)
    if first is None:
        # Not dosed yet: only the before-dosing check can be due.
        if plan[0] == 0 and not _pre_dose_reading(session):
            return DueCheck(0, check_label(0, plan), "Vitals due before dosing.")
        return None
    elapsed = (now - datetime.combine(session.date, first)).total_seconds() / 60
    due = [m for m in plan if m <= elapsed]
    if not due:
        return None
    minute = due[-1]
    if minute == 0:
        # Only a reading before the dose answers "before dosing": a post-dose entry a minute
        # after the dose used to make the banner vanish with the check never done.
        return None if _pre_dose_reading(session) else DueCheck(0, check_label(0, plan), "Vitals before dosing were not recorded.")  # fmt: skip
    for v in session.vitals:
        taken = minutes_after_dose(session, v.time)
        if taken is not None and taken >= minute - EARLY_MIN:
            return None
    label = check_label(minute, plan)
    if minute == 0:
        return DueCheck(0, label, "Vitals before dosing were not recorded.")
    late = int(elapsed - minute)
    when = "due now" if late < 1 else f"due {late} min ago"
    return DueCheck(minute, label, f"Vitals check {label} {when}.")


def next_check(session: Session, schedule: list[int], now: datetime) -> str:
    """The next scheduled check in words ("next check +120 min at 11:40"), or ""."""
    if untimed_dose(session):
        return "Checks are timed from the first dose: give it a time (F2 on its timeline row)."
    first = dose_start(session)
    if first is None:
        return ""
    elapsed = (now - datetime.combine(session.date, first)).total_seconds() / 60
    plan = sorted({int(m) for m in schedule if m is not None and m > 0})
    later = [m for m in plan if m > elapsed]
    if not later:
        return ""
    at = datetime.combine(session.date, first).timestamp() + later[0] * 60
    return f"Next check {check_label(later[0], plan)} at {datetime.fromtimestamp(at):%H:%M}"


@dataclass(frozen=True)
class ClockText:
    """What the live view's clock area says: the elapsed time, the line under it, the
    reminder banner and the next check."""

    elapsed: str
    caption: str
    reminder: str = ""
    next_check: str = ""


def clock_text(s: Session, schedule: list[int], now: datetime, read_only: bool) -> ClockText:
    """The clock area for `now`: time since the first dose, and the vitals check that is due."""
    first = dose_start(s)
    if s.date != now.date() and not read_only:
        # Another day's session: captures get today's clock time on that date, and checks
        # counted from its dose would all be "due 1500 min ago". Say so instead.
        return ClockText("—:—", f"This session is dated {s.date:%d %b %Y}, not today: "
                                "entries get today's clock time (F2 corrects)")  # fmt: skip
    elapsed = "—:—"
    if not s.given():
        caption = f"Not dosed yet · press B to record the first dose · {now:%H:%M}"
    elif first is None:
        caption = f"A dose has no time: select it in the timeline, F2, type it · now {now:%H:%M}"
    else:
        seconds = int((now - datetime.combine(s.date, first)).total_seconds())
        if 0 <= seconds < 24 * 3600:
            h, rest = divmod(seconds, 3600)
            elapsed = f"{h}:{rest // 60:02d}:{rest % 60:02d}"
        caption = f"since the first dose at {first:%H:%M} · now {now:%H:%M}"
    if read_only:
        return ClockText(elapsed, caption)
    due = due_check(s, schedule, now)
    return ClockText(elapsed, caption, f"{due.message}  Type them below (V)." if due else "",
                     next_check(s, schedule, now))  # fmt: skip
