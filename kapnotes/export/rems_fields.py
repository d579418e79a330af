"""The fields of the SPRAVATO REMS Patient Monitoring Form, filled from a session record.

In the form's order: patient (name as the form asks, sex, first treatment), setting, the
monitoring clinician, concomitant medications, treatment, blood pressure, monitoring answers
(proposed from the record where the note is silent, flagged where it contradicts the record),
monitoring time and the 7-day submission clock. kapnotes.export.rems_pdf lays them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kapnotes.domain.formatting import fmt_bp, fmt_date, fmt_mg, fmt_time
from kapnotes.domain.interactions import rems_concomitant
from kapnotes.domain.records import Client, Session, VitalSign
from kapnotes.domain.rems import (
    due_date,
    form_name,
    monitoring_clinician,
    proposed_answers,
)
from kapnotes.domain.settings import PracticeSettings
from kapnotes.domain.vocab import vocabulary
from kapnotes.export.identity import identity

REQUIRED_MONITORING_MIN = 120
# Why a "yes" matters during monitoring (esketamine prescribing information, DOMAIN.md).
CONCOMITANT_WARNINGS = {
    "benzodiazepines": "may increase sedation",
    "sedative_hypnotics": "may increase sedation",
    "psychostimulants": "may raise blood pressure",
    "maois": "may raise blood pressure",
}


@dataclass(frozen=True)
class RemsField:
    """One line of the form: its section, its label, and the value (None = missing)."""

    section: str
    label: str
    value: str | None
    warning: str = ""


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("Yes" if value else "No")


def _bp(v: VitalSign | None, session: Session) -> str | None:
    if v is None or (v.systolic is None and v.diastolic is None):
        return None
    after = session.minutes_after_first_dose(v.time)
    when = fmt_time(v.time)
    if after is not None:
        when += (
            f" ({after} min after first device)"
            if after >= 0
            else f" ({-after} min before first device)"
        )
    return f"{fmt_bp(v.systolic, v.diastolic)} mmHg at {when}"


def blood_pressure_points(session: Session) -> dict[str, VitalSign | None]:
    """The three readings the form asks for: before dosing, ~40 min after, before the end."""
    first = session.first_administration_time
    timed = [v for v in session.vitals if v.systolic is not None or v.diastolic is not None]
    pre = [v for v in timed if v.phase == "pre" or (first and v.time and v.time < first)]
    before = pre[-1] if pre else None
    after = [
        v for v in timed if v not in pre and session.minutes_after_first_dose(v.time) is not None
    ]
    forty = min(
        (v for v in after if 20 <= session.minutes_after_first_dose(v.time) <= 70),
        key=lambda v: abs(session.minutes_after_first_dose(v.time) - 40),
        default=None,
    )
    post = [v for v in timed if v.phase == "post" and v is not forty]
    end = post[-1] if post else None
    return {"before": before, "forty": forty, "end": end}


def rems_fields(
    session: Session,
    client: Client,
    settings: PracticeSettings | None,
    *,
    deidentified: bool = False,
    first_treatment: date | None = None,
    study_code: str = "",
) -> list[RemsField]:
    """Every field of the Patient Monitoring Form, in the form's order, filled from the record.

    `first_treatment` is the client's first esketamine session (the form asks whether this is
    the first treatment, i.e. when the client was enrolled). Answers the note leaves blank are
    proposed from the record; a "No" the record contradicts is flagged.
    """
    who = identity(client, session.date, deidentified=deidentified, study_code=study_code)
    withheld = "withheld (de-identified)"
    r = session.rems
    esk = [a for a in session.given() if a.route == "in_esk" or a.medication == "esketamine"]
    dose = sum(a.mg for a in esk)
    dose_text = None
    if esk:
        dose_text = fmt_mg(dose) if dose in (56, 84) else f"other: {fmt_mg(dose)}"
    points = blood_pressure_points(session)
    end = r.monitoring_end or session.discharge.time
    monitored = session.minutes_after_first_dose(end)
    short = monitored is not None and monitored < REQUIRED_MONITORING_MIN
    monitored_text = (
        None
        if monitored is None
        else f"{monitored} min (first device {fmt_time(session.first_administration_time)}, end {fmt_time(end)})"
    )
    first, middle, last = form_name(client.name)
    name_fields = (
        [RemsField("Patient", "Patient (de-identified)", who.heading)]
        if deidentified
        else [
            RemsField("Patient", "First name", first or None),
            RemsField("Patient", "Middle initial", middle or "—"),
            RemsField("Patient", "Last name", last or None),
        ]
    )
    first_text = None
    if first_treatment is not None:
        first_text = (
            "Yes — first esketamine treatment"
            if first_treatment >= session.date
            else f"No — first treatment {fmt_date(first_treatment)}"
        )
    fields = [
        *name_fields,
        RemsField("Patient", "Chart number" if not deidentified else "Study code", who.chart),
        RemsField("Patient", "Date of birth" if not deidentified else "Age", who.dob_line),
        RemsField("Patient", "Sex", label_sex(client.sex)),
        RemsField("Patient", "First treatment / enrolled in the REMS", first_text),
    ]
    fields += _setting_fields(settings, withheld if deidentified else None)
    monitor = monitoring_clinician(session, settings)
    fields += [
        RemsField("Monitoring clinician", "Name", monitor.signature() if monitor else None),
        RemsField("Monitoring clinician", "Phone", (monitor.phone if monitor else "") or None),
        RemsField("Monitoring clinician", "Email", (monitor.email if monitor else "") or None),
    ]
    implied = rems_concomitant(client.medications)
    for term in vocabulary("rems_concomitant"):
        taken = r.concomitant.get(term.code)
        value, warning = _yes_no(taken), CONCOMITANT_WARNINGS.get(term.code, "") if taken else ""
        if taken is None and implied.get(term.code):
            value = "Yes (from the medication list: confirm)"
            warning = CONCOMITANT_WARNINGS.get(term.code, "")
        elif taken is False and implied.get(term.code):
            warning = "the medication list names one: check"
        fields.append(RemsField("Concomitant medications", term.label, value, warning))
    fields += [
        RemsField("Treatment", "Treatment date", fmt_date(session.date)),
        RemsField("Treatment", "Dose (56 mg / 84 mg / other)", dose_text),
        RemsField("Treatment", "Number of devices", str(len(esk)) if esk else None),
        RemsField("Treatment", "Lot number", session.dosing.lot_number or None),
        RemsField("Blood pressure", "Before administration", _bp(points["before"], session)),
        RemsField(
            "Blood pressure", "About 40 minutes after administration", _bp(points["forty"], session)
        ),
        RemsField("Blood pressure", "Before the end of the session", _bp(points["end"], session)),
        RemsField("Vital signs acceptable", "Before administration", _yes_no(r.vitals_ok_before)),
        RemsField(
            "Vital signs acceptable", "At completion of the session", _yes_no(r.vitals_ok_end)
        ),
    ]
    proposed = proposed_answers(session, settings)
    for name, text in (("sedation", "Sedation"), ("dissociation", "Dissociation"),
                       ("respiratory_depression", "Respiratory depression")):  # fmt: skip
        answer = getattr(r, name)
        value, warning = _yes_no(answer), ""
        if answer is None:
            value = "Yes (from the record: confirm)" if proposed[name] else "No (from the record: confirm)"  # fmt: skip
        elif answer is False and proposed[name]:
            warning = "the record says yes: correct before submitting"
        fields.append(RemsField("During monitoring", text, value, warning))
    fields += [
        RemsField(
            "Monitoring time",
            "Total monitoring time (at least 2 hours from the first device)",
            monitored_text,
            "Less than the required 2 hours." if short else "",
        ),
        RemsField(
            "Monitoring time",
            "Without the 2-hour rule, the patient would have been ready to leave after",
            None if r.ready_to_leave_min is None else f"{r.ready_to_leave_min} min",
        ),
    ]
    fields += _submission_fields(session)
    return fields


def label_sex(code: str) -> str | None:
    return {"female": "Female", "male": "Male", "other": "Other"}.get(code)


def _setting_fields(settings: PracticeSettings | None, withheld: str | None) -> list[RemsField]:
    """The healthcare setting as the form asks it (practice settings)."""
    p = settings or PracticeSettings()
    values = [
        ("Healthcare setting", p.practice_name),
        ("Address", p.practice_address),
        ("City", p.practice_city),
        ("State", p.practice_state),
        ("ZIP", p.practice_zip),
        ("Phone", p.practice_phone),
    ]
    return [RemsField("Setting", name, withheld or value or None) for name, value in values]


def _submission_fields(session: Session) -> list[RemsField]:
    """The 7-day clock: due date and what was submitted (none yet is not a missing field)."""
    due = due_date(session)
    out = [RemsField("Submission", "Due (7 days after the session)", fmt_date(due))]
    if not session.rems_submissions:
        return [*out, RemsField("Submission", "Submitted", "not yet recorded")]
    for sub in session.rems_submissions:
        text = f"{fmt_date(sub.submitted_on)} by {sub.method}"
        if sub.confirmation:
            text += f", confirmation {sub.confirmation}"
        late = "after the due date" if sub.submitted_on > due else ""
        out.append(RemsField("Submission", "Submitted", text, late))
    return out
