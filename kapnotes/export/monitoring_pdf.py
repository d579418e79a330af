"""The monitoring record (flowsheet) of any dosing session: IV, IM, intranasal, sublingual.

For a prescriber's file: the doses with times and lots, the vital signs over time against the
practice's thresholds with the effects on the same axis, sedation scores, discharge and the
monitoring clinician. It reads the same records and rule set as the session note.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import Flowable, KeepTogether, Spacer

from kapnotes.domain.formatting import (
    DASH,
    days_from,
    fmt_date,
    fmt_datetime,
    fmt_mg,
    fmt_mg_per_kg,
    fmt_number,
    fmt_time,
    label,
)
from kapnotes.domain.records import Client, Course, Session
from kapnotes.domain.rems import monitoring_clinician
from kapnotes.domain.settings import PracticeSettings
from kapnotes.export import note_sections
from kapnotes.export import session_sections as sections
from kapnotes.export import styles as st
from kapnotes.export.blocks import block_heading, data_table, fields_table, heading, note_line
from kapnotes.export.deid_names import practice_names
from kapnotes.export.deidentify import (
    DEIDENTIFIED_NOTE,
    Deidentification,
    day_zero_of,
    deidentify_session,
)
from kapnotes.export.flowsheet_chart import flowsheet_chart
from kapnotes.export.identity import identity
from kapnotes.export.page import ExportedPdf, PageInfo, build_pdf
from kapnotes.export.session_pdf import document_title, running_header
from kapnotes.export.text import para


class NotDosingSession(ValueError):
    """The monitoring record is for sessions where a dose was given."""


def monitoring_story(
    session: Session,
    client: Client,
    settings: PracticeSettings | None,
    *,
    deid: Deidentification | None = None,
) -> list[Flowable]:
    """The flowables of the monitoring record (also used by the benchmark)."""
    with days_from(deid.day_zero if deid else None):
        return _story(session, client, settings, deid)


def _story(session, client, settings, deid) -> list[Flowable]:
    s = st.styles()
    if deid:
        session = deidentify_session(session, client, deid.scrub)
    who = identity(
        client,
        session.date,
        deidentified=deid is not None,
        study_code=deid.study_code if deid else "",
    )
    story: list[Flowable] = [para("Monitoring record" + (" (de-identified)" if deid else ""), s.title)]  # fmt: skip
    if settings and settings.practice_name and not deid:
        story.append(para(settings.practice_name, s.subtitle))
    if deid:
        story.append(para(DEIDENTIFIED_NOTE, s.muted))
    kg = client.weight_on(session.date)
    monitor = monitoring_clinician(session, settings)
    contact = ", ".join(x for x in (monitor.phone, monitor.email) if x) if monitor else ""
    routes = ", ".join(dict.fromkeys(label("routes", a.route) for a in session.given()))
    pairs = [
        ("Client", who.heading),
        ("Chart number" if not deid else "Study code", who.chart),
        ("Date of birth" if not deid else "Age", who.dob_line),
        ("Session", f"{fmt_date(session.date)}, start {fmt_time(session.start_time)}"),
        ("Route", routes or DASH),
        ("Weight", f"{fmt_number(kg)} kg" if kg else "not on file"),
        (
            "Monitoring clinician",
            (monitor.signature() if monitor else DASH) + (f" ({contact})" if contact else ""),
        ),  # fmt: skip
        ("Clinicians present", ", ".join(session.clinicians) or DASH),
    ]
    story += [Spacer(1, 4), fields_table(pairs)]
    story += _doses(session, client)
    story += [Spacer(1, 6), KeepTogether(flowsheet_chart(session, settings.vitals if settings else None))]  # fmt: skip
    story += _sedation(session)
    story += sections.vitals_section(session, settings)
    story += sections.discharge_section(session)
    story += note_sections.findings_section(session, client, settings, deid.scrub if deid else None)
    story.append(KeepTogether(_signature(session, s)))
    return story


def _doses(session: Session, client: Client) -> list[Flowable]:
    kg = client.weight_on(session.date)
    lot = session.dosing.lot_number or DASH
    rows = [
        [
            fmt_time(a.time),
            label("routes", a.route),
            label("medications", a.medication),
            fmt_mg(a.mg),
            fmt_mg_per_kg(a.mg / kg) if kg else DASH,
            lot,
            a.site or DASH,
            a.given_by or DASH,
        ]
        for a in session.given()
    ]
    out: list[Flowable] = [heading("Doses")]
    if not rows:
        return [*out, note_line("No dose recorded.")]
    out.append(
        data_table(
            ["Time", "Route", "Medication", "Amount", "mg/kg", "Lot", "Site / device", "Given by"],
            rows,
            [0.55, 1.5, 0.9, 0.7, 0.7, 0.9, 1.0, 1.1],
        )
    )
    total = f"Total {fmt_mg(session.total_mg)}"
    per_kg = session.mg_per_kg(client)
    out.append(note_line(total + (f", {fmt_mg_per_kg(per_kg)}" if per_kg is not None else "")))
    return out


def _sedation(session: Session) -> list[Flowable]:
    scored = [v for v in session.vitals if v.sedation_score is not None]
    if not scored:
        return [heading("Sedation scores"), note_line("No sedation score recorded.")]
    text = "  ·  ".join(
        f"{fmt_time(v.time)} {label('sedation_scales', v.sedation_scale)} {v.sedation_score}"
        for v in scored
    )
    lowest = min(scored, key=lambda v: v.sedation_score)
    return [
        heading("Sedation scores"),
        para(text, st.styles().body),
        note_line(
            f"Deepest: {label('sedation_scales', lowest.sedation_scale)} {lowest.sedation_score} at {fmt_time(lowest.time)}."
        ),  # fmt: skip
    ]


def _signature(session: Session, s) -> list[Flowable]:
    if session.is_signed:
        who = session.signed_by + (f", {session.signed_credentials}" if session.signed_credentials else "")  # fmt: skip
        text = f"Session note signed by {who} on {fmt_datetime(session.signed_at)}."
        return [block_heading("Signature"), para(text, s.body)]
    return [block_heading("Signature"), para("The session note is a draft: this record may still change.", s.flag)]  # fmt: skip


def export_monitoring_pdf(
    session: Session,
    client: Client,
    out: Path | str | BinaryIO,
    *,
    course: Course | None = None,
    settings: PracticeSettings | None = None,
    deidentified: bool = False,
    printed: datetime | None = None,
    study_code: str | None = None,
    shared_names: tuple[str, ...] = (),
) -> ExportedPdf:
    """Write the monitoring record of a dosing session; a session without a dose is refused."""
    if not session.given():
        raise NotDosingSession(f"Session {session.id} has no dose: there is nothing to monitor.")
    deid = (
        Deidentification.make(client, day_zero_of(course, [session]), study_code)
        if deidentified
        else None
    )
    info = PageInfo(
        running_header=running_header(
            "Monitoring record", client, session.date, deidentified=deidentified, deid=deid
        ),  # fmt: skip
        printed=printed or datetime.now(),
        draft=not session.is_signed,
        deidentified=deidentified,
    )
    return build_pdf(
        out,
        monitoring_story(session, client, settings, deid=deid),
        info,
        title=document_title("Monitoring record", client, session.date, deid),
        author=settings.practice_name if settings and not deid else "",
        study_code=deid.study_code if deid else "",
    )


def monitoring_pdf_from_practice(
    practice, session_id: int, out: Path | str | BinaryIO, *, deidentified: bool = False
) -> ExportedPdf:
    """Load a session, its client and course, and write its monitoring record."""
    session = practice.get_session(session_id)
    client = practice.get_client(session.client_id)
    course = practice.get_course(session.course_id) if session.course_id else None
    return export_monitoring_pdf(
        session, client, out, course=course, settings=practice.settings(),
        deidentified=deidentified, shared_names=practice_names(practice) if deidentified else (),
    )  # fmt: skip
