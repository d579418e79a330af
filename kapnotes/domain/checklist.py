"""The pre-dose checklist of a dosing session (DOMAIN.md, "Intake and eligibility").

Unchecked items are findings, never blocks: the clinician decides. The rules return plain
(level, field, message, code) tuples; kapnotes.domain.validation turns them into Findings so
the one rule set serves the editor, live mode, the PDFs and the CLI.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

FASTING_USUAL_HOURS = 4.0
FASTING_MAX_HOURS = 72.0  # beyond this the number is a typo, not a fast
TODAY_MEDICATIONS = {
    "benzodiazepines": "Benzodiazepines",
    "lamotrigine": "Lamotrigine",
    "opioids": "Opioids",
    "stimulants": "Stimulants",
}
PREGNANCY_TEST = {
    "": "Not recorded",
    "negative": "Negative",
    "positive": "Positive",
    "not_applicable": "Not applicable",
}
# The yes/no items in the order they are asked and printed: attribute -> label.
CHECKS = {
    "transport_arranged": "Transport and a responsible adult arranged",
    "no_driving_acknowledged": "No driving or machinery until the next day, acknowledged",
    "vitals_in_range": "Pre-dose vitals in range",
    "intention_set": "Intention set",
    "consent_current": "Consent current",
    "eligibility_signed": "Eligibility signed",
}


@dataclass
class PreDoseChecklist:
    """What was checked before the first dose; every item may still be unchecked."""

    fasting_hours: float | None = None
    transport_arranged: bool = False
    transport_by: str = ""  # the responsible adult taking the client home
    no_driving_acknowledged: bool = False
    vitals_in_range: bool = False
    pregnancy_test: str = ""  # "", negative, positive, not_applicable
    medications_today: dict[str, bool] = field(default_factory=dict)
    medications_note: str = ""
    intention_set: bool = False
    consent_current: bool = False
    eligibility_signed: bool = False
    note: str = ""

    def unchecked(self) -> list[str]:
        """Labels of the yes/no items not checked."""
        return [label for attr, label in CHECKS.items() if not getattr(self, attr)]

    def taken_today(self) -> list[str]:
        return [TODAY_MEDICATIONS.get(k, k) for k, v in self.medications_today.items() if v]


def fasting_problem(hours: object) -> str | None:
    """Why a fasting hour count is impossible (negative, not a number, implausible), or None."""
    if hours is None:
        return None
    if isinstance(hours, bool) or not isinstance(hours, int | float) or not math.isfinite(hours):
        return "Fasting hours is not a number."
    if hours < 0:
        return f"Fasting hours cannot be negative ({hours:g})."
    if hours > FASTING_MAX_HOURS:
        return f"Fasting {hours:g} h is implausible (expected 0–{FASTING_MAX_HOURS:g} h)."
    return None


def checklist_rules(checklist: PreDoseChecklist | None, kind: str) -> list[tuple[str, ...]]:
    """(level, field, message, code) for a session's checklist; level error or warning."""
    if checklist is None:
        if kind == "dosing":
            return [("warning", "checklist", "Pre-dose checklist not done.", "checklist_missing")]
        return []
    if kind != "dosing":
        return [("error", "checklist", "A pre-dose checklist belongs on a dosing session (this one is not).", "checklist_not_dosing")]  # fmt: skip
    out: list[tuple[str, ...]] = []
    problem = fasting_problem(checklist.fasting_hours)
    if problem:
        out.append(("error", "checklist.fasting_hours", problem, "fasting_range"))
    elif checklist.fasting_hours is None:
        out.append(("warning", "checklist.fasting_hours", "Fasting hours not recorded.", "checklist_gap"))  # fmt: skip
    elif checklist.fasting_hours < FASTING_USUAL_HOURS:
        out.append(("warning", "checklist.fasting_hours", f"Fasting {checklist.fasting_hours:g} h (4 h or more is usual).", "fasting_short"))  # fmt: skip
    for attr, label in CHECKS.items():
        if not getattr(checklist, attr):
            out.append(("warning", f"checklist.{attr}", f"Checklist: {label} — not checked.", "checklist_gap"))  # fmt: skip
    if checklist.transport_arranged and not checklist.transport_by.strip():
        out.append(("warning", "checklist.transport_by", "Checklist: who takes the client home is not named.", "checklist_gap"))  # fmt: skip
    if checklist.pregnancy_test == "positive":
        out.append(("warning", "checklist.pregnancy_test", "Pregnancy test positive: pregnancy is an absolute contraindication.", "pregnancy_positive"))  # fmt: skip
    elif checklist.pregnancy_test not in PREGNANCY_TEST:
        out.append(("error", "checklist.pregnancy_test", "Pregnancy test is not one of negative, positive, not applicable.", "pregnancy_value"))  # fmt: skip
    elif not checklist.pregnancy_test:
        out.append(("warning", "checklist.pregnancy_test", "Checklist: pregnancy test not recorded (mark not applicable where it is).", "checklist_gap"))  # fmt: skip
    for name in checklist.taken_today():
        out.append(("warning", "checklist.medications_today", f"Taken today: {name} (may change the response or the risk).", "medication_today"))  # fmt: skip
    return out
