"""How values read, on screen and on paper: dates, times, numbers, doses, yes/no, labels.

One home, so the window, the PDFs and the command line say things the same way. Documents show
a dash where a value is missing; tables and fields show nothing (`missing=""`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, time

from kapnotes.domain.settings import PracticeSettings
from kapnotes.domain.vocab import routes, vocabulary

DASH = "—"

# While a de-identified document is built, every date prints as days from its Day 0, so no
# date of service, signing or addendum can slip through a formatter that was forgotten.
_DAY_ZERO: ContextVar[date | None] = ContextVar("kapnotes_day_zero", default=None)


@contextmanager
def days_from(day_zero: date | None) -> Iterator[None]:
    """Within the block, dates print as "Day N" from `day_zero` (None: as dates)."""
    token = _DAY_ZERO.set(day_zero)
    try:
        yield
    finally:
        _DAY_ZERO.reset(token)


def fmt_date(value: date | datetime | None, *, missing: str = DASH) -> str:
    """ISO dates (2024-03-01): unambiguous across countries; "Day N" in a de-identified
    document (see days_from)."""
    if value is None:
        return missing
    if isinstance(value, datetime):
        value = value.date()
    zero = _DAY_ZERO.get()
    if zero is not None:
        return f"Day {(value - zero).days}"
    return value.isoformat()


def fmt_axis_date(value: date) -> str:
    """A chart's date label: "28 Nov 26", or "Day 14" in a de-identified document."""
    return fmt_date(value) if _DAY_ZERO.get() is not None else value.strftime("%d %b %y")


def fmt_time(value: time | datetime | None, *, missing: str = DASH) -> str:
    """Hours and minutes on a 24-hour clock (09:05)."""
    return missing if value is None else value.strftime("%H:%M")


def fmt_datetime(value: datetime | None, *, seconds: bool = False, missing: str = DASH) -> str:
    """2024-03-01 09:05, with seconds where entries a minute apart must stay apart (the audit)."""
    if value is None:
        return missing
    return f"{fmt_date(value)} {value:%H:%M:%S}" if seconds else f"{fmt_date(value)} {value:%H:%M}"


def fmt_number(value: float | None, digits: int = 1, *, missing: str = DASH) -> str:
    """A number rounded to `digits` places, without trailing zeros (56, 0.5, 37.5)."""
    if value is None:
        return missing
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return text or "0"


def fmt_plain_number(value: float | None, *, missing: str = "") -> str:
    """A number as typed: whole numbers bare (56, not 56.0), others as they are (37.25).

    For edit fields and chart labels: not rounded to a fixed number of places, so a value
    shown in a field and read back is the value it was.
    """
    if value is None:
        return missing
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:g}"
    return str(value)


def fmt_score(value: float) -> str:
    """A scale total: whole numbers bare (14), others with one decimal (2.5, a mean of items)."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def fmt_mg(value: float | None, *, missing: str = DASH) -> str:
    return missing if value is None else f"{fmt_number(value, 1)} mg"


def fmt_mg_per_kg(value: float | None, *, unit: bool = True, missing: str = DASH) -> str:
    """Two decimals always (0.70 mg/kg, never 0.7), as dosing protocols write it."""
    if value is None:
        return missing
    return f"{value:.2f} mg/kg" if unit else f"{value:.2f}"


def fmt_yes_no(value: bool | None, *, missing: str = DASH) -> str:
    if value is None:
        return missing
    return "Yes" if value else "No"


def fmt_minutes(value: int | None, *, missing: str = DASH) -> str:
    return missing if value is None else f"{value} min"


def fmt_bp(systolic: int | None, diastolic: int | None, *, missing: str = DASH) -> str:
    """Blood pressure as 128/82; a missing half prints as '?' (128/?)."""
    if systolic is None and diastolic is None:
        return missing
    top = "?" if systolic is None else systolic
    bottom = "?" if diastolic is None else diastolic
    return f"{top}/{bottom}"


def label(vocab: str, code: str, *, missing: str = DASH) -> str:
    """The label of a vocabulary code (a clinic's own code reads as itself)."""
    if not code:
        return missing
    if vocab == "routes":
        r = routes().get(code)
        return r.label if r else code
    return vocabulary(vocab).label(code)


def theme_labeller(settings: PracticeSettings | None) -> Callable[[str], str]:
    """Theme code to label, the clinic's own themes included (built once per document)."""
    themes = vocabulary("themes")
    if settings and settings.extra_themes:
        themes = themes.extended(settings.extra_themes)
    return themes.label


def course_line(course, *, status: bool = False, start: bool = False) -> str:
    """ "Induction series 2024 (completed, from 2024-03-01)": the purpose once — a title that
    already says it ("Induction series 2024") is not preceded by it again."""
    if course is None:
        return DASH
    purpose = label("course_purposes", course.purpose)
    title = course.title.strip()
    if not title:
        text = purpose
    elif purpose.casefold() in title.casefold():
        text = title
    else:
        text = f"{purpose} — {title}"
    extra = []
    if status:
        extra.append(label("course_statuses", course.status).lower())
    if start and course.start_date:
        extra.append(f"from {fmt_date(course.start_date)}")
    return f"{text} ({', '.join(extra)})" if extra else text
