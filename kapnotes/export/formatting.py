"""How values print in KAPNotes documents: dates, times, doses, yes/no, vocabulary labels.

One place, so the session note, the course summary and the REMS record say things the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime, time

from kapnotes.domain.records import Client
from kapnotes.domain.settings import PracticeSettings
from kapnotes.domain.vocab import routes, vocabulary

MISSING = "missing — complete before submitting"
DASH = "—"
OLDEST_AGE = 89  # Safe Harbor: any older age prints "90 or older"

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


def fmt_date(value: date | datetime | None) -> str:
    """ISO dates (unambiguous across countries), or "Day N" in a de-identified document."""
    if value is None:
        return DASH
    if isinstance(value, datetime):
        value = value.date()
    zero = _DAY_ZERO.get()
    if zero is not None:
        return f"Day {(value - zero).days}"
    return value.isoformat()


def fmt_axis_date(value: date) -> str:
    """A chart's date label: "28 Nov 26", or "Day 14" in a de-identified document."""
    return fmt_date(value) if _DAY_ZERO.get() is not None else value.strftime("%d %b %y")


def fmt_time(value: time | datetime | None) -> str:
    if value is None:
        return DASH
    return value.strftime("%H:%M")


def fmt_datetime(value: datetime | None) -> str:
    return DASH if value is None else f"{fmt_date(value)} {value:%H:%M}"


def fmt_number(value: float | int | None, digits: int = 1) -> str:
    """A number without trailing zeros (56, 0.5, 37.5); a dash when missing."""
    if value is None:
        return DASH
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return text or "0"


def fmt_mg(value: float | None) -> str:
    return DASH if value is None else f"{fmt_number(value, 1)} mg"


def fmt_mg_per_kg(value: float | None) -> str:
    return DASH if value is None else f"{value:.2f} mg/kg"


def fmt_yes_no(value: bool | None) -> str:
    if value is None:
        return DASH
    return "Yes" if value else "No"


def fmt_minutes(value: int | None) -> str:
    return DASH if value is None else f"{value} min"


def label(vocab: str, code: str) -> str:
    """The printed label of a vocabulary code (a clinic's own code prints as itself)."""
    if not code:
        return DASH
    if vocab == "routes":
        r = routes().get(code)
        return r.label if r else code
    return vocabulary(vocab).label(code)


def theme_labeller(settings: PracticeSettings | None) -> Callable[[str], str]:
    """Theme code to printed label, the clinic's own themes included (built once per document)."""
    themes = vocabulary("themes")
    if settings and settings.extra_themes:
        themes = themes.extended(settings.extra_themes)
    return themes.label


def fmt_bp(systolic: int | None, diastolic: int | None) -> str:
    if systolic is None and diastolic is None:
        return DASH
    return (
        f"{systolic if systolic is not None else '?'}/{diastolic if diastolic is not None else '?'}"
    )


@dataclass(frozen=True)
class Identity:
    """How the client is named on a document: real identity, or chart number and age."""

    heading: str  # the name, or "Study S-7KQ2MD" when de-identified
    chart: str  # the chart number, or the export's study code
    dob_line: str  # "1980-04-02 (age 44)" or "age 44" / "90 or older"
    deidentified: bool


def identity(
    client: Client, on_day: date, *, deidentified: bool = False, study_code: str = ""
) -> Identity:
    """The client's identity as printed; de-identified: a study code and the age (Safe Harbor:
    "90 or older" past 89)."""
    age = client.age_on(on_day)
    age_text = f"age {age}" if age is not None else "age not recorded"
    if deidentified:
        if age is not None and age > OLDEST_AGE:
            age_text = "age 90 or older"
        code = study_code or "withheld"
        return Identity(f"Study {code}", code, age_text, True)
    dob = f"{fmt_date(client.dob)} ({age_text})" if client.dob else "not recorded"
    return Identity(client.name or f"Chart {client.chart}", client.chart, dob, False)


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
