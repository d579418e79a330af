"""The esketamine (Spravato) monitoring record: the REMS Patient Monitoring Form's fields.

One page per esketamine session, filled from the session. Anything the session lacks is
printed as missing in red, so the clinic completes it before submitting the form.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import Flowable, Spacer, Table

from kapnotes.domain.formatting import days_from, fmt_datetime
from kapnotes.domain.records import Client, Session
from kapnotes.domain.rems import first_esketamine_date
from kapnotes.domain.settings import PracticeSettings
from kapnotes.export import styles as st
from kapnotes.export.blocks import cell, heading, note_line
from kapnotes.export.deid_names import practice_names
from kapnotes.export.deidentify import DEIDENTIFIED_NOTE, Deidentification
from kapnotes.export.page import ExportedPdf, PageInfo, build_pdf
from kapnotes.export.rems_fields import (  # noqa: F401 (re-exported: the record's fields)
    CONCOMITANT_WARNINGS,
    REQUIRED_MONITORING_MIN,
    RemsField,
    blood_pressure_points,
    rems_fields,
)
from kapnotes.export.session_pdf import document_title, running_header
from kapnotes.export.text import para

MISSING_SHORT = "missing — complete"  # in the dense grid; the count above says the rest


class NotEsketamineSession(ValueError):
    """The REMS record exists only for sessions where esketamine was given."""


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
        deid = Deidentification.make(client, session.date, sessions=[session])
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
    shared_names: tuple[str, ...] = (),
) -> ExportedPdf:
    """Write the esketamine monitoring record of one session; other sessions are refused."""
    if not session.is_esketamine:
        raise NotEsketamineSession(f"Session {session.id} has no esketamine administration.")
    # De-identified, Day 0 is the first treatment (else this session).
    deid = (
        Deidentification.make(
            client,
            first_treatment or session.date,
            study_code,
            sessions=[session],
            shared_names=shared_names,
        )  # fmt: skip
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
        shared_names=practice_names(practice) if deidentified else (),
    )
