"""The de-identified CSV's plan: what replaces each identifier (HIPAA Safe Harbor, DOMAIN.md).

Typed text goes through the same functions as the de-identified PDFs (kapnotes.export.
deidentify: the client's name and birth date replaced in every free-text field). On top of
what a PDF needs, a spreadsheet holds identifiers in columns, so this plan also:
- replaces the chart number with a study code drawn at random for this export (it cannot be
  traced back without the export's own key, which is never written);
- drops the name; keeps only the birth year (or "90 or older" for anyone older than 89);
- writes every date as days since the client's first course or session (day 0), keeping
  times of day (needed to read a dosing session, and not a date element).
Clinicians' names are the practice's, not the client's, and stay.
"""

from __future__ import annotations

import secrets
from datetime import date

from kapnotes.domain.records import Client, Course, Session
from kapnotes.export.deidentify import Redactor, deidentify_course, deidentify_session
from kapnotes.store.transfer import ClientBundle

OLDEST_AGE_SHOWN = 89


class Plan:
    """Study codes, day numbers and text redaction for one de-identified export."""

    def __init__(self, today: date):
        self.today = today
        self._codes: dict[int, str] = {}
        self._used: set[str] = set()
        self._anchor: dict[int, date | None] = {}
        self._redactors: dict[int, Redactor] = {}

    def begin(self, bundle: ClientBundle) -> None:
        """Fix the client's day 0 (first course start or session date) before its rows."""
        days = [c.start_date for c in bundle.courses if c.start_date]
        days += [s.date for s in bundle.sessions]
        self._anchor[bundle.client.id] = min(days) if days else None
        self._redactors = {bundle.client.id: Redactor(bundle.client)}

    def study_code(self, client: Client) -> str:
        code = self._codes.get(client.id)
        if code is None:
            code = "S-" + secrets.token_hex(4).upper()
            while code in self._used:
                code = "S-" + secrets.token_hex(4).upper()
            self._used.add(code)
            self._codes[client.id] = code
        return code

    def birth_year(self, client: Client) -> str:
        age = client.age_on(self.today)
        if age is None:
            return ""
        return "90 or older" if age > OLDEST_AGE_SHOWN else str(client.dob.year)

    def day(self, client: Client, value: date | None) -> int | str:
        anchor = self._anchor.get(client.id)
        if value is None or anchor is None:
            return ""
        return (value - anchor).days

    def text(self, client: Client, value: str) -> str:
        redactor = self._redactors.get(client.id) or Redactor(client)
        return redactor(value)

    def session(self, client: Client, session: Session) -> Session:
        return deidentify_session(session, client)

    def course(self, client: Client, course: Course) -> Course:
        return deidentify_course(course, client)
