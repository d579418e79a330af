"""The esketamine REMS form beyond the note: its 7-day clock, the answers the record implies,
the patient's name as the form asks it, and the one clinician who monitored.

The Patient Monitoring Form is due 7 days after each esketamine session (DOMAIN.md). A "No"
to sedation, dissociation or respiratory depression that the record contradicts is a finding
before signing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from kapnotes.domain.findings import WARNING, Finding
from kapnotes.domain.records import Session
from kapnotes.domain.settings import Clinician, PracticeSettings

DUE_DAYS = 7
METHODS = ("online", "fax")
SEDATION_EFFECTS = {"sedation"}
DISSOCIATION_EFFECTS = {"dissociation", "derealisation"}
RR_LOW = 10  # breaths a minute: below this the record says respiratory depression


@dataclass(frozen=True)
class RemsStatus:
    """Where a session's form stands: "submitted", "due" or "overdue", and its due date."""

    state: str
    due: date
    days_left: int


def due_date(session: Session) -> date:
    """The last day to submit the form: 7 days after the session."""
    return session.date + timedelta(days=DUE_DAYS)


def rems_status(session: Session, today: date) -> RemsStatus:
    """Submitted (any submission recorded), else due or overdue against `today`."""
    due = due_date(session)
    left = (due - today).days
    if session.rems_submissions:
        return RemsStatus("submitted", due, left)
    return RemsStatus("overdue" if left < 0 else "due", due, left)


def proposed_answers(session: Session, settings: PracticeSettings | None = None) -> dict[str, bool]:
    """What the record says: sedation, dissociation, respiratory depression (True = yes)."""
    settings = settings or PracticeSettings()
    scored = [v for v in session.vitals if v.sedation_scale == "moaas" and isinstance(v.sedation_score, int)]  # fmt: skip
    felt = {e.effect for e in session.effects if isinstance(e.intensity, int) and e.intensity > 0}
    spo2 = [v.spo2 for v in session.vitals if isinstance(v.spo2, int) and not isinstance(v.spo2, bool)]  # fmt: skip
    rr = [v.resp_rate for v in session.vitals if isinstance(v.resp_rate, int) and not isinstance(v.resp_rate, bool)]  # fmt: skip
    return {
        "sedation": any(v.sedation_score < 5 for v in scored) or bool(felt & SEDATION_EFFECTS),
        "dissociation": bool(felt & DISSOCIATION_EFFECTS),
        "respiratory_depression": any(x < settings.vitals.spo2_urgent for x in spo2)
        or any(x < RR_LOW for x in rr),
    }


_WHY = {
    "sedation": "MOAA/S below 5 or a sedation effect is recorded",
    "dissociation": "a dissociation effect is recorded",
    "respiratory_depression": "SpO2 below the urgent line or RR below 10 is recorded",
}


def contradiction_findings(session: Session, settings: PracticeSettings) -> list[Finding]:
    """A warning for each REMS "No" that the session's own record contradicts."""
    if not session.is_esketamine:
        return []
    out = []
    for name, implied in proposed_answers(session, settings).items():
        if implied and getattr(session.rems, name) is False:
            label = name.replace("_", " ")
            out.append(Finding(WARNING, f"rems.{name}", f"REMS form says no {label}, but {_WHY[name]}.", "rems_contradiction"))  # fmt: skip
    return out


def form_name(full_name: str) -> tuple[str, str, str]:
    """(first name, middle initial, last name) as the form asks, from the one name field."""
    parts = full_name.split()
    if not parts:
        return "", "", ""
    if len(parts) == 1:
        return parts[0], "", ""
    middle = parts[1][0] + "." if len(parts) > 2 else ""
    return parts[0], middle, parts[-1]


def monitoring_clinician(session: Session, settings: PracticeSettings | None) -> Clinician | None:
    """The one clinician who monitored, with phone and email.

    The only place the lookup lives: today it reads the settings' clinician profiles by name
    (the REMS field, else the session's first clinician); user accounts can replace it here.
    """
    name = session.rems.monitoring_clinician or (session.clinicians[0] if session.clinicians else "")  # fmt: skip
    if not name:
        return None
    for c in settings.clinicians if settings else []:
        if c.name == name or c.signature() == name:
            return c
    return Clinician(name=name)


def first_esketamine_date(sessions: list[Session]) -> date | None:
    """The client's first esketamine treatment (enrolment in the REMS precedes it)."""
    days = [s.date for s in sessions if s.is_esketamine]
    return min(days) if days else None
