"""De-identified documents under HIPAA Safe Harbor (45 CFR 164.514(b)(2)), as far as a
program can go: a per-export study code instead of the chart, "Day N" from the course start
instead of every date, "90 or older" instead of an exact age past 89, and typed text scrubbed
(kapnotes.export.scrub). Each document says what was removed, and that its free text must
still be read before it is shared.

Codes (routes, themes, scales) and the clinicians' names are left alone: Safe Harbor concerns
the identifiers of the client, their relatives, employers and household.
"""

from __future__ import annotations

import copy
import dataclasses
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from kapnotes.domain.records import AdverseEvent, Client, Course, Session
from kapnotes.export.deid_names import deidentify_released_to, other_names, scrub_code
from kapnotes.export.scrub import CLIENT, Scrubber

PLACEHOLDER = CLIENT
_CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
DEIDENTIFIED_NOTE = (
    "De-identified (HIPAA Safe Harbor): a study code made for this export replaces the name "
    "and chart number; dates are days from the course start (Day 0); ages over 89 read "
    "“90 or older”. Typed text was scrubbed of the client's name, the names of the "
    "practice's other clients, the client's listed other names and contacts (responsible "
    "adult, emergency contact, who they were released to), phone numbers, emails, SSNs, ZIP "
    "codes, street addresses, cities, URLs, IP addresses, record numbers and dates. Free text can still hold identifiers no program finds (a nickname, a "
    "place): read it before sharing."
)


def new_study_code() -> str:
    """A random code for one export: nothing in it can be traced back to the client."""
    return "S-" + "".join(secrets.choice(_CODE_LETTERS) for _ in range(6))


@dataclass(frozen=True)
class Deidentification:
    """What one de-identified document uses: its study code, its Day 0 and its scrubber."""

    study_code: str
    day_zero: date
    scrub: Scrubber

    @classmethod
    def make(
        cls,
        client: Client,
        day_zero: date,
        study_code: str | None = None,
        *,
        sessions: Iterable[Session] = (),
        shared_names: tuple[str, ...] = (),
    ) -> Deidentification:
        """For one export of a client's records (`sessions`: those it shows), Day 0 being the
        course start; `shared_names`: every client name of the practice (practice_names)."""
        return cls(study_code or new_study_code(), day_zero, Redactor(client, sessions, shared_names).scrub)  # fmt: skip


def day_zero_of(course: Course | None, sessions: list[Session]) -> date:
    """The course start, else the first session's date (else today)."""
    if course is not None and course.start_date is not None:
        return course.start_date
    days = [s.date for s in sessions if s.date is not None]
    return min(days) if days else date.today()


class Redactor:
    """The client's identifiers replaced in free text (the scrubber of a client record): their
    name and chart, their relatives and contacts (deid_names.other_names of the record and
    `sessions`) and, with `shared_names`, every client name of the practice."""

    def __init__(self, client: Client, sessions: Iterable[Session] = (), shared_names: tuple[str, ...] = ()):  # fmt: skip
        self.scrub = Scrubber(client.name, other_names(client, sessions), [client.chart], shared_names)  # fmt: skip

    def __call__(self, text: str) -> str:
        return self.scrub(text)


def deidentify_client(client: Client, scrub: Scrubber) -> Client:
    """A copy of the client with its typed fields scrubbed (pronouns, medications, notes, the
    screening notes and any screening item or indication not of the built-in vocabulary)."""
    c = copy.copy(client)
    c.pronouns, c.medications, c.notes = scrub(c.pronouns), scrub(c.medications), scrub(c.notes)
    c.indication = scrub_code("indications", c.indication, scrub)
    c.screening = [
        dataclasses.replace(x, item=scrub_code("screening", x.item, scrub), note=scrub(x.note))
        for x in client.screening
    ]
    return c


def deidentify_session(session: Session, client: Client, scrub: Scrubber | None = None) -> Session:
    """A copy of the session with every free-text field scrubbed (the original is untouched)."""
    r = scrub or Redactor(client, [session])
    s = _copy_for_text(session)
    s.intention = r(s.intention)
    s.narrative = {name: r(text) for name, text in s.narrative.items()}
    for a in s.administrations:
        a.site, a.note, a.lot = r(a.site), r(a.note), r(a.lot)
    for v in s.vitals:
        v.note = r(v.note)
    for e in s.effects:
        e.effect, e.note = scrub_code("effects", e.effect, r), r(e.note)
    for ae in s.adverse_events:
        _redact_adverse_event(ae, r)
    for t in s.themes:
        t.theme, t.note = scrub_code("themes", t.theme, r), r(t.note)
    for add in s.addenda:
        add.text = r(add.text)
    s.dosing.premedication = r(s.dosing.premedication)
    s.dosing.lot_number = r(s.dosing.lot_number)
    s.discharge.released_to = deidentify_released_to(s.discharge.released_to, r)
    s.discharge.note = r(s.discharge.note)
    s.units_reason = r(s.units_reason)
    for sub in s.rems_submissions:
        sub.confirmation = "[withheld]" if sub.confirmation else ""
    return s


def _copy_for_text(session: Session) -> Session:
    """A copy whose text fields can be replaced without touching the original: the records
    holding text are copied, the rest (scores, REMS answers) is shared and never written.
    Much cheaper than a deep copy on a 100-session course."""
    s = copy.copy(session)
    for name in ("administrations", "vitals", "effects", "adverse_events", "themes", "addenda", "rems_submissions"):  # fmt: skip
        setattr(s, name, [copy.copy(x) for x in getattr(session, name)])
    s.dosing = copy.copy(session.dosing)
    s.discharge = copy.copy(session.discharge)
    return s


def _redact_adverse_event(ae: AdverseEvent, r) -> None:
    ae.description, ae.outcome, ae.note = r(ae.description), r(ae.outcome), r(ae.note)
    ae.interventions = [scrub_code("interventions", x, r) for x in ae.interventions]


def deidentify_course(course: Course | None, client: Client, scrub: Scrubber | None = None) -> Course | None:  # fmt: skip
    """A copy of the course with its title scrubbed (titles are typed, e.g. "Avery's series")."""
    if course is None:
        return None
    c = copy.deepcopy(course)
    c.title = (scrub or Redactor(client))(c.title)
    return c
