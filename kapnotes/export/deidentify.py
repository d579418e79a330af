"""De-identified documents: the client's name and birth date kept out of the typed text too.

The header of a de-identified document shows the chart number and age; but notes are typed
about a person ("Avery said…"), so every free-text field of the records printed is copied
with the client's name, each part of it, and the birth date replaced. Codes (routes, themes,
scales) and clinicians' names are left alone.

Name parts match as whole words in the case they were typed, Title Case or UPPER CASE:
a client called Will or Grace does not turn every "will" or "grace" of a note into a
placeholder. A nickname the record does not hold cannot be found; the clinician reviews.
"""

from __future__ import annotations

import copy
import re
from datetime import date

from kapnotes.domain.records import AdverseEvent, Client, Course, Session

PLACEHOLDER = "[client]"
DOB_PLACEHOLDER = "[date of birth]"
DEIDENTIFIED_NOTE = (
    "De-identified: chart number and age instead of name and date of birth; the client's "
    f"name in typed text shows as {PLACEHOLDER}."
)
_MIN_PART = 2  # a one-letter initial would hit every "A" of a note


def _name_variants(client: Client) -> list[str]:
    name = " ".join(client.name.split())
    if not name:
        return []
    parts = [p for p in re.split(r"[\s\-‐'’\"()<>&,.;:]+", name) if len(p) >= _MIN_PART]
    variants: set[str] = set()
    for text in [name, *parts]:
        variants.update({text, text.title(), text.upper()})
    # Longest first, so the whole name becomes one placeholder rather than two.
    return sorted(variants, key=len, reverse=True)


def _dob_variants(dob: date | None) -> list[str]:
    if dob is None:
        return []
    d, m, y = dob.day, dob.month, dob.year
    forms = {dob.isoformat(), f"{y}/{m:02d}/{d:02d}"}
    for day, month in ((d, m), (m, d)):  # both day-first and month-first habits
        for sep in "/.-":
            forms.add(f"{day:02d}{sep}{month:02d}{sep}{y}")
            forms.add(f"{day}{sep}{month}{sep}{y}")
    return sorted(forms, key=len, reverse=True)


class Redactor:
    """Replaces one client's name and birth date in free text."""

    def __init__(self, client: Client):
        names = _name_variants(client)
        dobs = _dob_variants(client.dob)
        # \w-boundaries that also work for Cyrillic, Greek, CJK … (re is Unicode-aware).
        self._name = (
            re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)")
            if names
            else None
        )
        self._dob = (
            re.compile(r"(?<![\w/-])(?:" + "|".join(map(re.escape, dobs)) + r")(?![\w/-]|\.\d)")
            if dobs
            else None
        )

    def __call__(self, text: str) -> str:
        """The text with the name and birth date replaced."""
        if not text:
            return text
        if self._dob is not None:
            text = self._dob.sub(DOB_PLACEHOLDER, text)
        if self._name is not None:
            text = self._name.sub(PLACEHOLDER, text)
        return text


def deidentify_session(session: Session, client: Client) -> Session:
    """A copy of the session with every free-text field redacted (the original is untouched)."""
    r = Redactor(client)
    s = copy.deepcopy(session)
    s.intention = r(s.intention)
    s.narrative = {name: r(text) for name, text in s.narrative.items()}
    for a in s.administrations:
        a.site, a.note = r(a.site), r(a.note)
    for v in s.vitals:
        v.note = r(v.note)
    for e in s.effects:
        e.note = r(e.note)
    for ae in s.adverse_events:
        _redact_adverse_event(ae, r)
    for t in s.themes:
        t.note = r(t.note)
    for add in s.addenda:
        add.text = r(add.text)
    s.dosing.premedication = r(s.dosing.premedication)
    s.discharge.released_to = r(s.discharge.released_to)
    s.discharge.note = r(s.discharge.note)
    return s


def _redact_adverse_event(ae: AdverseEvent, r: Redactor) -> None:
    ae.description, ae.outcome, ae.note = r(ae.description), r(ae.outcome), r(ae.note)


def deidentify_course(course: Course | None, client: Client) -> Course | None:
    """A copy of the course with its title redacted (titles are typed, e.g. "Avery's series")."""
    if course is None:
        return None
    c = copy.deepcopy(course)
    c.title = Redactor(client)(c.title)
    return c
