"""The JSON format's intake records (docs/FORMAT.md): their fields, the required ones, and
the domain rules a file must meet (kapnotes.domain.intake / checklist), each naming its field.
Signatures are not part of the format: they stay in the practice that can check them."""

from __future__ import annotations

from typing import Any

from kapnotes.domain.checklist import PreDoseChecklist, fasting_problem
from kapnotes.domain.intake import (
    ConsentRecord,
    EligibilityDecision,
    Intake,
    IntakeItem,
    decision_problem,
    intake_problems,
    signature_problem,
)
from kapnotes.domain.records import Session


def _spec(text: str) -> dict[str, str]:
    return dict(item.split("=", 1) for item in text.split())


INTAKE_SPECS: dict[type, dict[str, str]] = {
    IntakeItem: _spec("item=str kind=str answer=str note=str"),
    Intake: _spec(
        "items=list:IntakeItem medical_history=str psychiatric_history=str prior_experience=str "
        "sex=str emergency_contact=str responsible_adult=str baseline_scales=str "
        "completed_on=date?"
    ),
    EligibilityDecision: _spec(
        "decision=str decided_at=datetime signer=str credentials=str precautions=str note=str"
    ),
    ConsentRecord: _spec(
        "template_title=str template_version=int signed_on=date client_strokes=list:list:list:float "
        "witness=str witness_credentials=str text=str witnessed_at=datetime? withdrawn_on=date? "
        "withdrawal_note=str"
    ),
    PreDoseChecklist: _spec(
        "fasting_hours=float? transport_arranged=bool transport_by=str "
        "no_driving_acknowledged=bool vitals_in_range=bool pregnancy_test=str "
        "medications_today=map:bool medications_note=str intention_set=bool "
        "consent_current=bool eligibility_signed=bool note=str"
    ),
}
INTAKE_REQUIRED: dict[type, set[str]] = {
    IntakeItem: {"item"},
    EligibilityDecision: {"decision", "decided_at", "signer"},
    ConsentRecord: {
        "template_title",
        "template_version",
        "signed_on",
        "client_strokes",
        "witness",
        "text",
    },  # fmt: skip
}


def intake_value_problems(cls: type, v: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, message) for values the domain refuses; types are already checked."""
    out: list[tuple[str, str]] = []
    if cls is Intake and None not in (v.get("items") or []):
        for problem in intake_problems(Intake(**{k: x for k, x in v.items() if x is not None})):
            out.append(tuple(problem.split(": ", 1)))
    elif cls is EligibilityDecision and isinstance(v.get("decision"), str):
        problem = decision_problem(v["decision"], v.get("precautions") or "")
        if problem:
            out.append(("decision", problem))
    elif cls is ConsentRecord:
        strokes = v.get("client_strokes")
        if strokes is not None and None not in strokes:
            problem = signature_problem(strokes)
            if problem:
                out.append(("client_strokes", problem))
        if isinstance(v.get("template_version"), int) and v["template_version"] < 1:
            out.append(("template_version", "must be 1 or more"))
        if isinstance(v.get("text"), str) and not v["text"].strip():
            out.append(("text", "the consent text must not be empty"))
    elif cls is PreDoseChecklist and isinstance(v.get("fasting_hours"), float):
        problem = fasting_problem(v["fasting_hours"])
        if problem:
            out.append(("fasting_hours", problem))
    elif cls is Session and v.get("checklist") is not None and v.get("kind") not in (None, "dosing"):  # fmt: skip
        out.append(("checklist", "a pre-dose checklist belongs on a dosing session"))
    return out
