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
OLDEST_AGE = 89  # Safe Harbor: any older age prints "90 or older"


@dataclass(frozen=True)
class Identity:
    """How the client is named on a document: real identity, or study code and age."""

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
