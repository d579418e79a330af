"""Second-round safety rules on a session: BP rise from baseline, dosing on an urgent BP,
interactions, times out of order, and what a dosing note still lacks before signing.

validate_session() adds these findings, so the editor, live mode, the PDFs and the CLI
share them; signing reads `incomplete_items()` and the dose tiers' "check the units".
"""

from __future__ import annotations

from datetime import time

from kapnotes.domain.findings import CAUTION, ERROR, URGENT, WARNING, Finding
from kapnotes.domain.interactions import find_interactions, interaction_message
from kapnotes.domain.records import Client, Session, VitalSign
from kapnotes.domain.rems import contradiction_findings
from kapnotes.domain.settings import PracticeSettings


def _int(value: object) -> int | None:
    """A usable reading: a finite number within the possible (else None: not a reading)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        return None
    if not -1000 < value < 1000:
        return None  # infinite or absurd: validate_session already reports it as impossible
    return int(value)


def _is_pre(v: VitalSign, first: time | None) -> bool:
    return v.phase == "pre" or (first is not None and v.time is not None and v.time < first)


def baseline_vitals(session: Session) -> VitalSign | None:
    """The session's own pre-dose baseline: the last pre-dose reading with a BP."""
    first = session.first_administration_time
    pre = [v for v in session.vitals if _is_pre(v, first) and _int(v.systolic) is not None and _int(v.diastolic) is not None]  # fmt: skip
    return pre[-1] if pre else None


def bp_rise_findings(session: Session, settings: PracticeSettings) -> list[Finding]:
    """A caution for each reading whose BP rose from the baseline by the practice's margins."""
    base = baseline_vitals(session)
    if base is None:
        return []
    t = settings.vitals
    out = []
    first = session.first_administration_time
    for i, v in enumerate(session.vitals):
        sys_, dia = _int(v.systolic), _int(v.diastolic)
        if v is base or _is_pre(v, first) or sys_ is None or dia is None:
            continue
        d_sys, d_dia = sys_ - base.systolic, dia - base.diastolic
        if d_sys >= t.bp_rise_systolic or d_dia >= t.bp_rise_diastolic:
            when = f" at {v.time:%H:%M}" if v.time else ""
            out.append(Finding(WARNING, f"vitals[{i}].systolic", f"BP {sys_}/{dia}{when} rose {d_sys:+d}/{d_dia:+d} from the pre-dose {base.systolic}/{base.diastolic} (caution at +{t.bp_rise_systolic} systolic or +{t.bp_rise_diastolic} diastolic).", "bp_rise", CAUTION))  # fmt: skip
    return out


def _urgent_bp(v: VitalSign, settings: PracticeSettings) -> bool:
    t = settings.vitals
    sys_, dia = _int(v.systolic), _int(v.diastolic)
    return (sys_ is not None and sys_ >= t.systolic_urgent) or (dia is not None and dia >= t.diastolic_urgent)  # fmt: skip


def dose_on_urgent_bp(session: Session, settings: PracticeSettings) -> list[Finding]:
    """An urgent finding for each dose given while the latest BP before it was urgent."""
    out = []
    timed = [v for v in session.vitals if v.time is not None and _int(v.systolic) is not None]
    for i, a in enumerate(session.administrations):
        if a.time is None or a.planned:
            continue
        before = [v for v in timed if v.time <= a.time]
        if not before:
            continue
        latest = max(before, key=lambda v: v.time)
        if _urgent_bp(latest, settings):
            out.append(Finding(WARNING, f"administrations[{i}].time", f"Dose at {a.time:%H:%M} was given while the latest BP ({latest.systolic}/{latest.diastolic} at {latest.time:%H:%M}) was urgent.", "dose_on_urgent_bp", URGENT))  # fmt: skip
    return out


def interaction_findings(session: Session, client: Client | None) -> list[Finding]:
    """A warning on dosing sessions for each interacting class in the medication list."""
    if client is None or session.kind != "dosing":
        return []
    return [
        Finding(WARNING, "client.medications", interaction_message(i), f"interaction_{i.code}")
        for i in find_interactions(client.medications)
    ]


def order_findings(session: Session) -> list[Finding]:
    """Errors for times out of order: vitals after discharge, addenda before the signature."""
    out = []
    discharged = session.discharge.time
    if discharged is not None:
        for i, v in enumerate(session.vitals):
            if v.time is not None and v.time > discharged:
                out.append(Finding(ERROR, f"vitals[{i}].time", f"Vitals at {v.time:%H:%M} are after discharge ({discharged:%H:%M}).", "time_after_discharge"))  # fmt: skip
    if session.signed_at is not None:
        for a in session.addenda:
            if a.time < session.signed_at:
                out.append(Finding(ERROR, "addenda", f"Addendum dated {a.time:%Y-%m-%d %H:%M} is before the signature ({session.signed_at:%Y-%m-%d %H:%M}).", "addendum_before_signature"))  # fmt: skip
    return out


def incomplete_items(session: Session) -> list[str]:
    """What a dosing note lacks (pre/post-dose vitals, discharge time and criteria)."""
    if session.kind != "dosing":
        return []
    first = session.first_administration_time
    missing = []
    if not any(_is_pre(v, first) for v in session.vitals):
        missing.append("pre-dose vitals")
    if not any(v.phase == "post" or (first and v.time and v.time > first and v.phase != "pre") for v in session.vitals):  # fmt: skip
        missing.append("post-dose vitals")
    if session.discharge.time is None:
        missing.append("discharge time")
    if not any(session.discharge.criteria.values()):
        missing.append("discharge criteria")
    return missing


def safety_findings(
    session: Session, client: Client | None, settings: PracticeSettings
) -> list[Finding]:
    """Every second-round rule, for validate_session to add."""
    return [
        *bp_rise_findings(session, settings),
        *dose_on_urgent_bp(session, settings),
        *interaction_findings(session, client),
        *order_findings(session),
        *contradiction_findings(session, settings),
    ]


def urgent_reasons(findings: list[Finding]) -> list[str]:
    """The messages of the urgent findings (the session list's Safety tooltip)."""
    return [f.message for f in findings if f.is_urgent]
