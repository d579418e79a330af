"""The esketamine (Spravato) monitoring record: the REMS Patient Monitoring Form's fields.

One page per esketamine session, filled from the session. Anything the session lacks is
printed as missing in red, so the clinic completes it before submitting the form.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import Flowable, Spacer, Table

from kapnotes.domain.interactions import rems_concomitant
from kapnotes.domain.records import Client, Session, VitalSign
from kapnotes.domain.rems import (
    due_date,
    first_esketamine_date,
    form_name,
    monitoring_clinician,
    proposed_answers,
)
from kapnotes.domain.settings import PracticeSettings
from kapnotes.domain.vocab import vocabulary
from kapnotes.export import styles as st
from kapnotes.export.blocks import cell, heading, note_line
from kapnotes.export.deidentify import DEIDENTIFIED_NOTE, Deidentification
from kapnotes.export.formatting import (
    days_from,
    fmt_bp,
    fmt_date,
    fmt_datetime,
    fmt_mg,
    fmt_time,
    identity,
)
from kapnotes.export.page import ExportedPdf, PageInfo, build_pdf
from kapnotes.export.session_pdf import document_title, running_header
from kapnotes.export.text import para

REQUIRED_MONITORING_MIN = 120
MISSING_SHORT = "missing — complete"  # in the dense grid; the count above says the rest
# Why a "yes" matters during monitoring (esketamine prescribing information, DOMAIN.md).
CONCOMITANT_WARNINGS = {
    "benzodiazepines": "may increase sedation",
    "sedative_hypnotics": "may increase sedation",
    "psychostimulants": "may raise blood pressure",
    "maois": "may raise blood pressure",
}


class NotEsketamineSession(ValueError):
    """The REMS record exists only for sessions where esketamine was given."""


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
    esk = [
        a for a in session.administrations if a.route == "in_esk" or a.medication == "esketamine"
    ]
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


def _form_table(fields: list[RemsField]) -> Table:
    """The form as a dense grid so it fits one page: short fields two to a row, long ones
    across the whole width, a shaded line per section."""
    s = st.styles()
    rows: list[list] = []
    cmds: list[tuple] = []
    pending: list = []

    def value_cell(f: RemsField):
        if f.value is None:
            return cell(MISSING_SHORT, s.missing_small)
        if f.warning:
            return cell(f"{f.value} — {f.warning}", s.flag_small)
        return cell(f.value, s.cell_small)

    def flush() -> None:
        if pending:
            rows.append(pending + [""] * (4 - len(pending)))
            pending.clear()

    section = None
    for f in fields:
        if f.section != section:
            flush()
            section = f.section
            cmds += [("BACKGROUND", (0, len(rows)), (-1, len(rows)), st.HEADER_FILL),
                     ("SPAN", (0, len(rows)), (-1, len(rows)))]  # fmt: skip
            rows.append([cell(section, s.cell_small_bold), "", "", ""])
        text = f"{f.value or MISSING_SHORT} {f.warning}"
        if len(f.label) > 40 or len(text) > 34:
            flush()
            cmds.append(("SPAN", (1, len(rows)), (3, len(rows))))
            rows.append([cell(f.label, s.cell_small), value_cell(f), "", ""])
            continue
        pending += [cell(f.label, s.cell_small), value_cell(f)]
        if len(pending) == 4:
            flush()
    flush()
    w = st.CONTENT_WIDTH
    table = Table(rows, colWidths=[w * 0.26, w * 0.24, w * 0.26, w * 0.24], hAlign="LEFT")
    table.setStyle(st.grid_table_style(0))
    table.setStyle(cmds + [("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)])  # fmt: skip
    return table


def rems_story(
    session: Session,
    client: Client,
    settings: PracticeSettings | None,
    *,
    deidentified: bool = False,
    first_treatment: date | None = None,
    deid: Deidentification | None = None,
) -> list[Flowable]:
    """The flowables of the one-page monitoring record."""
    if deidentified and deid is None:
        deid = Deidentification.make(client, session.date)
    with days_from(deid.day_zero if deid else None):
        return _rems_story(session, client, settings, first_treatment, deid)


def _rems_story(session, client, settings, first_treatment, deid) -> list[Flowable]:
    s = st.styles()
    fields = rems_fields(
        session,
        client,
        settings,
        deidentified=deid is not None,
        first_treatment=first_treatment,
        study_code=deid.study_code if deid else "",
    )
    missing = sum(1 for f in fields if f.value is None)
    story: list[Flowable] = [
        para("Esketamine monitoring record", s.title),
        para(
            "Fields of the SPRAVATO® REMS Patient Monitoring Form, filled from the session note",
            s.subtitle,
        ),
        Spacer(1, 4),
    ]
    if deid is not None:
        story.append(para(DEIDENTIFIED_NOTE, s.muted))
    if missing:
        story.append(para(f"{missing} field(s) missing — complete before submitting.", s.missing))
    else:
        story.append(para("Every field is filled from the session note.", s.muted))
    story += [Spacer(1, 4), _form_table(fields), Spacer(1, 6)]
    story.append(heading("Signature"))
    if session.is_signed:
        who = session.signed_by + (
            f", {session.signed_credentials}" if session.signed_credentials else ""
        )
        story.append(
            para(f"Session note signed by {who} on {fmt_datetime(session.signed_at)}.", s.body)
        )
    else:
        story.append(
            para("The session note is a draft: sign it before submitting this form.", s.flag)
        )
    story.append(
        note_line(
            "Transcribe or attach to the REMS submission; the session note is the source record."
        )
    )
    return story


def export_rems_pdf(
    session: Session,
    client: Client,
    out: Path | str | BinaryIO,
    *,
    settings: PracticeSettings | None = None,
    deidentified: bool = False,
    printed: datetime | None = None,
    first_treatment: date | None = None,
    study_code: str | None = None,
) -> ExportedPdf:
    """Write the esketamine monitoring record of one session; other sessions are refused."""
    if not session.is_esketamine:
        raise NotEsketamineSession(f"Session {session.id} has no esketamine administration.")
    # De-identified, Day 0 is the first treatment (else this session).
    deid = (
        Deidentification.make(client, first_treatment or session.date, study_code)
        if deidentified
        else None
    )
    info = PageInfo(
        running_header=running_header(
            "Esketamine monitoring record",
            client,
            session.date,
            deidentified=deidentified,
            deid=deid,
        ),
        printed=printed or datetime.now(),
        draft=not session.is_signed,
        deidentified=deidentified,
    )
    return build_pdf(
        out,
        rems_story(session, client, settings, first_treatment=first_treatment, deid=deid),
        info,
        title=document_title("Esketamine monitoring record", client, session.date, deid),
        author=settings.practice_name if settings and not deid else "",
        study_code=deid.study_code if deid else "",
    )


def rems_pdf_from_practice(
    practice,
    session_id: int,
    out: Path | str | BinaryIO,
    *,
    deidentified: bool = False,
    study_code: str | None = None,
) -> ExportedPdf:
    """Load a session, its client and their first esketamine date, and write the record."""
    session = practice.get_session(session_id)
    client = practice.get_client(session.client_id)
    first = first_esketamine_date(practice.load_sessions(client_id=client.id))
    return export_rems_pdf(
        session,
        client,
        out,
        settings=practice.settings(),
        deidentified=deidentified,
        first_treatment=first,
        study_code=study_code,
    )
