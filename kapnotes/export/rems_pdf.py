"""The esketamine (Spravato) monitoring record: the REMS Patient Monitoring Form's fields.

One page per esketamine session, filled from the session. Anything the session lacks is
printed as missing in red, so the clinic completes it before submitting the form.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import Flowable, Spacer, Table

from kapnotes.domain.records import Client, Session, VitalSign
from kapnotes.domain.settings import PracticeSettings
from kapnotes.domain.vocab import vocabulary
from kapnotes.export import styles as st
from kapnotes.export.blocks import cell, heading, note_line
from kapnotes.export.formatting import MISSING, fmt_bp, fmt_date, fmt_mg, fmt_time, identity
from kapnotes.export.page import ExportedPdf, PageInfo, build_pdf
from kapnotes.export.session_pdf import running_header
from kapnotes.export.text import para

REQUIRED_MONITORING_MIN = 120
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
) -> list[RemsField]:
    """Every field of the form, in the form's order, filled from the session."""
    who = identity(client, session.date, deidentified=deidentified)
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
    fields = [
        RemsField(
            "Patient", "Patient" if not deidentified else "Patient (de-identified)", who.heading
        ),
        RemsField("Patient", "Chart number", who.chart),
        RemsField("Patient", "Date of birth" if not deidentified else "Age", who.dob_line),
        RemsField("Patient", "Treatment date", fmt_date(session.date)),
        RemsField(
            "Patient", "Healthcare setting", (settings.practice_name if settings else "") or None
        ),
        RemsField("Patient", "Clinicians", ", ".join(session.clinicians) or None),
    ]
    for term in vocabulary("rems_concomitant"):
        taken = r.concomitant.get(term.code)
        fields.append(
            RemsField(
                "Concomitant medications",
                term.label,
                _yes_no(taken),
                CONCOMITANT_WARNINGS.get(term.code, "") if taken else "",
            )
        )
    fields += [
        RemsField("Dose", "Dose (56 mg / 84 mg / other)", dose_text),
        RemsField("Dose", "Number of devices", str(len(esk)) if esk else None),
        RemsField("Dose", "Lot number", session.dosing.lot_number or None),
        RemsField("Blood pressure", "Before administration", _bp(points["before"], session)),
        RemsField(
            "Blood pressure", "About 40 minutes after administration", _bp(points["forty"], session)
        ),
        RemsField("Blood pressure", "Before the end of the session", _bp(points["end"], session)),
        RemsField("Vital signs acceptable", "Before administration", _yes_no(r.vitals_ok_before)),
        RemsField(
            "Vital signs acceptable", "At completion of the session", _yes_no(r.vitals_ok_end)
        ),
        RemsField("During monitoring", "Sedation", _yes_no(r.sedation)),
        RemsField("During monitoring", "Dissociation", _yes_no(r.dissociation)),
        RemsField("During monitoring", "Respiratory depression", _yes_no(r.respiratory_depression)),
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
    return fields


def rems_story(
    session: Session,
    client: Client,
    settings: PracticeSettings | None,
    *,
    deidentified: bool = False,
) -> list[Flowable]:
    """The flowables of the one-page monitoring record."""
    s = st.styles()
    fields = rems_fields(session, client, settings, deidentified=deidentified)
    missing = sum(1 for f in fields if f.value is None)
    story: list[Flowable] = [
        para("Esketamine monitoring record", s.title),
        para(
            "Fields of the SPRAVATO® REMS Patient Monitoring Form, filled from the session note",
            s.subtitle,
        ),
        Spacer(1, 4),
    ]
    if missing:
        story.append(para(f"{missing} field(s) missing — complete before submitting.", s.missing))
    else:
        story.append(para("Every field is filled from the session note.", s.muted))
    section = None
    rows: list[list] = []
    styles_cmds: list[tuple] = []
    for f in fields:
        if f.section != section:
            section = f.section
            styles_cmds.append(("BACKGROUND", (0, len(rows)), (-1, len(rows)), st.HEADER_FILL))
            styles_cmds.append(("SPAN", (0, len(rows)), (-1, len(rows))))
            rows.append([cell(section, s.cell_bold), ""])
        if f.value is None:
            value = cell(MISSING, s.missing)
        elif f.warning:
            value = cell(f"{f.value} — {f.warning}", s.flag)
        else:
            value = cell(f.value, s.cell)
        rows.append([cell(f.label, s.cell), value])
    table = Table(rows, colWidths=[st.CONTENT_WIDTH * 0.45, st.CONTENT_WIDTH * 0.55], hAlign="LEFT")
    table.setStyle(st.grid_table_style(0))
    for cmd in styles_cmds:
        table.setStyle([cmd])
    story += [Spacer(1, 6), table, Spacer(1, 8)]
    story.append(heading("Signature"))
    if session.is_signed:
        who = session.signed_by + (
            f", {session.signed_credentials}" if session.signed_credentials else ""
        )
        story.append(
            para(f"Session note signed by {who} on {session.signed_at:%Y-%m-%d %H:%M}.", s.body)
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
) -> ExportedPdf:
    """Write the esketamine monitoring record of one session; other sessions are refused."""
    if not session.is_esketamine:
        raise NotEsketamineSession(f"Session {session.id} has no esketamine administration.")
    info = PageInfo(
        running_header=running_header(
            "Esketamine monitoring record", client, session.date, deidentified=deidentified
        ),
        printed=printed or datetime.now(),
        draft=not session.is_signed,
    )
    return build_pdf(
        out,
        rems_story(session, client, settings, deidentified=deidentified),
        info,
        title=f"Esketamine monitoring record, chart {client.chart}, {fmt_date(session.date)}",
        author=settings.practice_name if settings else "",
    )


def rems_pdf_from_practice(
    practice, session_id: int, out: Path | str | BinaryIO, *, deidentified: bool = False
) -> ExportedPdf:
    """Load a session and its client and write its monitoring record."""
    session = practice.get_session(session_id)
    client = practice.get_client(session.client_id)
    return export_rems_pdf(
        session, client, out, settings=practice.settings(), deidentified=deidentified
    )
