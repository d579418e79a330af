"""The session note PDF: everything recorded in one session, as a clinician files it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import Flowable, Spacer

from kapnotes.domain.formatting import (
    DASH,
    course_line,
    days_from,
    fmt_date,
    fmt_number,
    fmt_time,
    label,
)
from kapnotes.domain.records import Client, Course, Session
from kapnotes.domain.settings import PracticeSettings
from kapnotes.domain.signatures import client_as_signed
from kapnotes.export import note_sections
from kapnotes.export import session_sections as sections
from kapnotes.export import styles as st
from kapnotes.export.blocks import fields_table, heading, keep_with_previous, note_line
from kapnotes.export.checklist_section import checklist_section
from kapnotes.export.deid_names import practice_names
from kapnotes.export.deidentify import (
    DEIDENTIFIED_NOTE,
    Deidentification,
    day_zero_of,
    deidentify_client,
    deidentify_course,
    deidentify_session,
)
from kapnotes.export.identity import identity
from kapnotes.export.page import ExportedPdf, PageInfo, build_pdf
from kapnotes.export.text import para, paragraphs


def session_story(
    session: Session,
    client: Client,
    *,
    course: Course | None = None,
    settings: PracticeSettings | None = None,
    deidentified: bool = False,
    deid: Deidentification | None = None,
) -> list[Flowable]:
    """The flowables of a session note (also used by the benchmark and the REMS record)."""
    if deidentified and deid is None:
        deid = Deidentification.make(client, day_zero_of(course, [session]), sessions=[session])
    with days_from(deid.day_zero if deid else None):
        return _session_story(session, client, course, settings, deid)


def _session_story(session, client, course, settings, deid) -> list[Flowable]:
    s = st.styles()
    # A signed note prints the client as signed (name, weight for mg/kg), whatever changed since.
    client = client_as_signed(client, session)
    deidentified = deid is not None
    if deid:
        session = deidentify_session(session, client, deid.scrub)
        course = deidentify_course(course, client, deid.scrub)
        client = deidentify_client(client, deid.scrub)
    who = identity(
        client, session.date, deidentified=deidentified, study_code=deid.study_code if deid else ""
    )
    # De-identified: no practice name either (it can name a town smaller than a state).
    practice_name = settings.practice_name if settings and not deidentified else ""
    title = "Session note" + (" (de-identified)" if deidentified else "")
    story: list[Flowable] = [para(title, s.title)]
    if practice_name:
        story.append(para(practice_name, s.subtitle))
    if deidentified:
        story.append(para(DEIDENTIFIED_NOTE, s.muted))
    story.append(Spacer(1, 6))
    number = f"Session {session.number}" if session.number else "Session"
    kg = client.weight_on(session.date)
    pairs: list[tuple[str, str]] = [
        ("Client", who.heading),
        ("Chart number" if not deidentified else "Study code", who.chart),
        ("Date of birth" if not deidentified else "Age", who.dob_line),
        ("Pronouns", client.pronouns or DASH),
        ("Session date", fmt_date(session.date)),
        ("Start time", fmt_time(session.start_time)),
        ("Session", f"{number} · {label('session_kinds', session.kind)}"),
        ("Setting", label("settings", session.setting)),
        ("Course", _course_text(course)),
        ("Clinicians", ", ".join(session.clinicians) or DASH),
        ("Indication", label("indications", client.indication) if client.indication else DASH),
        ("Weight", f"{fmt_number(kg)} kg" if kg else "not on file"),
    ]
    if client.medications.strip():
        # Benzodiazepines and lamotrigine blunt ketamine; MAOIs and stimulants raise BP.
        pairs.append(("Medications of note", client.medications))
    story.append(fields_table(pairs))
    story += _screening(session, client)
    story += checklist_section(session, deidentified=deidentified)
    if session.intention.strip():
        story += [heading("Intention"), *paragraphs(session.intention, s.body)]
    story += sections.dosing_section(session, client)
    story += sections.vitals_section(session, settings)
    story += sections.effects_section(session)
    story += sections.adverse_events_section(session)
    story += sections.rems_section(session)
    story += note_sections.themes_section(session, settings)
    story += note_sections.narrative_section(session)
    story += note_sections.scales_section(session)
    story += sections.discharge_section(session)
    story += note_sections.findings_section(session, client, settings, deid.scrub if deid else None)
    keep_with_previous(story, note_sections.signature_section(session, settings))
    story += note_sections.addenda_section(session)
    return story


def _course_text(course: Course | None) -> str:
    return course_line(course, start=True)


def _screening(session: Session, client: Client) -> list[Flowable]:
    """Contraindications answered "yes": a warning on every dosing session of the client."""
    positives = client.screening_positives()
    if not positives or session.kind != "dosing":
        return []
    out: list[Flowable] = [heading("Screening: answered yes")]
    for item in positives:
        text = label("screening", item.item) + (f" — {item.note}" if item.note else "")
        out.append(para(text, st.styles().flag))
    out.append(note_line("Listed on every dosing session of this client."))
    return out


def running_header(
    kind: str, client: Client, when, *, deidentified: bool, deid: Deidentification | None = None
) -> str:
    """The line at the top of every page, so a loose page still says whose it is.

    The name comes last: a long one is shortened there, never the chart number or date.
    De-identified: the study code and the day from Day 0, nothing else.
    """
    if deidentified and deid is not None:
        with days_from(deid.day_zero):
            return f"{kind} (de-identified) · study {deid.study_code} · {fmt_date(when)}"
    who = identity(client, when, deidentified=deidentified)
    name = "" if deidentified else f" · {who.heading}"
    return f"{kind} · chart {who.chart} · {fmt_date(when)}{name}"


def export_session_pdf(
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
    """Write the session note of one session to a PDF file (or binary stream);
    `shared_names` (de-identified): every client name of the practice (practice_names)."""
    client = client_as_signed(client, session)  # the header names the client as signed, too
    zero = day_zero_of(course, [session])
    deid = (
        Deidentification.make(client, zero, study_code, sessions=[session], shared_names=shared_names)
        if deidentified
        else None
    )  # fmt: skip
    info = PageInfo(
        running_header=running_header(
            "Session note", client, session.date, deidentified=deidentified, deid=deid
        ),
        printed=printed or datetime.now(),
        draft=not session.is_signed,
        deidentified=deidentified,
    )
    story = session_story(session, client, course=course, settings=settings, deid=deid)
    return build_pdf(
        out,
        story,
        info,
        title=document_title("Session note", client, session.date, deid),
        author=settings.practice_name if settings and not deid else "",
        study_code=deid.study_code if deid else "",
    )


def document_title(kind: str, client: Client, when, deid: Deidentification | None) -> str:
    """The PDF's metadata title: the chart and date, or the study code and day when
    de-identified (metadata is read by every viewer and indexer)."""
    if deid is not None:
        with days_from(deid.day_zero):
            return f"{kind} (de-identified), study {deid.study_code}, {fmt_date(when)}"
    return f"{kind}, chart {client.chart}, {fmt_date(when)}"


def session_pdf_from_practice(
    practice,
    session_id: int,
    out: Path | str | BinaryIO,
    *,
    deidentified: bool = False,
    study_code: str | None = None,
) -> ExportedPdf:
    """Load a session, its client, course and the practice settings, and write its note.

    Raises the store's RecordNotFound for an unknown session id.
    """
    session = practice.get_session(session_id)
    client = practice.get_client(session.client_id)
    course = practice.get_course(session.course_id) if session.course_id else None
    return export_session_pdf(
        session,
        client,
        out,
        course=course,
        settings=practice.settings(),
        deidentified=deidentified,
        study_code=study_code,
        shared_names=practice_names(practice) if deidentified else (),
    )
