"""The de-identified CSV's plan: what replaces each identifier (HIPAA Safe Harbor, DOMAIN.md).

Typed text goes through the same functions as the de-identified PDFs (kapnotes.export.
deidentify and deid_names: the client's name, every other client name of the practice, the
client's relatives and contacts, and the Safe Harbor patterns, in every free-text field). On
top of what a PDF needs, a spreadsheet holds identifiers in columns, so this plan also:
- numbers the rows afresh for each export (client 1, 2, …; session 1, 2, …), consistently
  across its tables so joins still work: the database ids are shared with the identified
  export and would link the two;
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
from kapnotes.export.deid_names import practice_names, scrub_code
from kapnotes.export.deidentify import (
    Redactor,
    deidentify_client,
    deidentify_course,
    deidentify_session,
)
from kapnotes.export.scrub import Scrubber
from kapnotes.store.transfer import ClientBundle

OLDEST_AGE_SHOWN = 89
ACROSS_CLIENTS = frozenset({"ledger_entry"})  # row kinds numbered once for the whole export


class Plan:
    """Study codes, day numbers and text redaction for one de-identified export."""

    def __init__(self, today: date, practice):
        self.today = today
        self._practice = practice
        self._shared = practice_names(practice)
        self._codes: dict[int, str] = {}
        self._used: set[str] = set()
        self._anchor: dict[int, date | None] = {}
        self._redactors: dict[int, Redactor] = {}
        # Row numbers of this export: kind -> database id -> number. Every row of a client is
        # written while its bundle is current, so only that client's ids are kept (clients
        # too are written once each); the counters run on across the export.
        self._ids: dict[str, dict[int, int]] = {}
        self._next: dict[str, int] = {}
        self._practice_scrub: Scrubber | None = None

    def begin(self, bundle: ClientBundle) -> None:
        """Fix the client's day 0 (first course start or session date), their redaction (with
        the intake's contacts: bundles carry no intake) and fresh row numbers before its rows."""
        days = [c.start_date for c in bundle.courses if c.start_date]
        days += [s.date for s in bundle.sessions]
        client = bundle.client
        self._anchor[client.id] = min(days) if days else None
        if client.intake is None and client.id is not None:
            client.intake = self._practice.get_intake(client.id)
        self._redactors = {client.id: Redactor(client, bundle.sessions, self._shared)}
        # Ledger entries are numbered across the export: a reversal names an entry that may
        # be another client's or the practice's own.
        self._ids = {k: v for k, v in self._ids.items() if k in ACROSS_CLIENTS}

    def row_id(self, kind: str, value: int | None) -> int | str:
        """The number of a database row in this export (1, 2, … per kind, in the order
        first written), the same in every table that names it."""
        if value is None or value == "":
            return ""
        seen = self._ids.setdefault(kind, {})
        number = seen.get(value)
        if number is None:
            number = seen[value] = self._next[kind] = self._next.get(kind, 0) + 1
        return number

    def code(self, client: Client, vocab: str, value: str) -> str:
        return scrub_code(vocab, value, self._redactor(client))

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

    def _redactor(self, client: Client) -> Redactor:
        redactor = self._redactors.get(client.id)
        if redactor is None:
            redactor = self._redactors[client.id] = Redactor(client, (), self._shared)
        return redactor

    def text(self, client: Client, value: str) -> str:
        return self._redactor(client)(value)

    def practice_text(self, value: str) -> str:
        """Typed text of the practice's own records (a ledger entry's reason): every client
        name of the practice removed, no client of its own."""
        if self._practice_scrub is None:
            self._practice_scrub = Scrubber("", (), (), self._shared)
        return self._practice_scrub(value)

    def client(self, client: Client) -> Client:
        return deidentify_client(client, self._redactor(client).scrub)

    def session(self, client: Client, session: Session) -> Session:
        return deidentify_session(session, client, self._redactor(client).scrub)

    def course(self, client: Client, course: Course) -> Course:
        return deidentify_course(course, client, self._redactor(client).scrub)
