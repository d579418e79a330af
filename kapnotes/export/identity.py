"""How a document names its client (real identity or de-identified) and marks what is missing.

Values themselves (dates, doses, labels) are formatted by kapnotes.domain.formatting, shared
with the window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kapnotes.domain.formatting import fmt_date
from kapnotes.domain.records import Client

MISSING = "missing — complete before submitting"


@dataclass(frozen=True)
class Identity:
    """How the client is named on a document: real identity, or chart number and age."""

    heading: str  # the name, or "Chart K-0001" when de-identified
    chart: str
    dob_line: str  # "1980-04-02 (age 44)" or "age 44"
    deidentified: bool


def identity(client: Client, on_day: date, *, deidentified: bool = False) -> Identity:
    """The client's identity as printed; de-identified replaces name and birth date."""
    age = client.age_on(on_day)
    age_text = f"age {age}" if age is not None else "age not recorded"
    if deidentified:
        return Identity(f"Chart {client.chart}", client.chart, age_text, True)
    dob = f"{fmt_date(client.dob)} ({age_text})" if client.dob else "not recorded"
    return Identity(client.name or f"Chart {client.chart}", client.chart, dob, False)
