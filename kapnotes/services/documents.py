"""Documents out of the practice: PDFs (session note, course summary, REMS record), printing,
and the JSON export. Each is audited here, with the same entry whoever asks (window or CLI).

reportlab is imported on the first export, not at start-up (it is a fifth of the start time).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from kapnotes.domain.records import Client, Course, Session
from kapnotes.services.context import ServiceContext
from kapnotes.store import Practice, RecordNotFound

if TYPE_CHECKING:
    from kapnotes.export.jobs import ExportResult
    from kapnotes.export.page import ExportedPdf

Target = Path | str | BinaryIO


def _deid(deidentified: bool) -> str:
    return " (de-identified)" if deidentified else ""


def client_by_chart(ctx: ServiceContext, chart: str) -> Client:
    """The client with a chart number (RecordNotFound when there is none)."""
    client = ctx.practice.find_client(chart)
    if client is None:
        raise RecordNotFound(f"No client has chart number {chart}.")
    return client


def course_scope(
    practice: Practice, client_id: int, course_id: int | None
) -> tuple[Course | None, list[Session]]:
    """THE rule for what a course summary covers: the course chosen, or with no course chosen
    every session of the client (what the window lists as "All sessions of this client")."""
    if course_id is None:
        return None, practice.load_sessions(client_id=client_id)
    course = practice.get_course(course_id)
    if course.client_id != client_id:
        raise RecordNotFound(f"Course {course_id} does not belong to this client.")
    return course, practice.load_sessions(course_id=course_id)


def write_session_pdf(
    ctx: ServiceContext, session_id: int, out: Target, *, deidentified: bool = False,
    study_code: str | None = None,
) -> ExportedPdf:  # fmt: skip
    """The session note PDF, not audited: for a preview, or a copy about to be printed."""
    from kapnotes.export.session_pdf import session_pdf_from_practice

    ctx.save_pending()
    return session_pdf_from_practice(
        ctx.practice, session_id, out, deidentified=deidentified, study_code=study_code
    )


def export_session_pdf(
    ctx: ServiceContext, session_id: int, out: Target, *, deidentified: bool = False,
    study_code: str | None = None,
) -> ExportedPdf:  # fmt: skip
    """Write a session note PDF; audited "export"."""
    result = write_session_pdf(
        ctx, session_id, out, deidentified=deidentified, study_code=study_code
    )
    detail = f"session note PDF{_deid(deidentified)}"
    ctx.practice.record_event("export", session_id=session_id, detail=detail)
    return result


def export_course_pdf(
    ctx: ServiceContext, client_id: int, course_id: int | None, out: Target, *,
    deidentified: bool = False, study_code: str | None = None,
) -> ExportedPdf:  # fmt: skip
    """Write a course summary PDF of course_scope(); audited "export"."""
    from kapnotes.export.course_pdf import export_course_pdf as write
    from kapnotes.export.deid_names import practice_names

    ctx.save_pending()
    client = ctx.practice.get_client(client_id)
    course, sessions = course_scope(ctx.practice, client_id, course_id)
    result = write(
        client, course, sessions, out, settings=ctx.practice.settings(),
        deidentified=deidentified, study_code=study_code,
        shared_names=practice_names(ctx.practice) if deidentified else (),
    )  # fmt: skip
    what = f"course {course_id}" if course_id is not None else "all sessions"
    detail = f"course summary PDF, {what}{_deid(deidentified)}"
    ctx.practice.record_event("export", client_id=client_id, detail=detail)
    return result


def export_rems_pdf(
    ctx: ServiceContext, session_id: int, out: Target, *, deidentified: bool = False,
    study_code: str | None = None,
) -> ExportedPdf:  # fmt: skip
    """Write the esketamine REMS monitoring record of a session; audited "export"."""
    from kapnotes.export.rems_pdf import rems_pdf_from_practice

    ctx.save_pending()
    result = rems_pdf_from_practice(
        ctx.practice, session_id, out, deidentified=deidentified, study_code=study_code
    )
    detail = f"REMS monitoring record PDF{_deid(deidentified)}"
    ctx.practice.record_event("export", session_id=session_id, detail=detail)
    return result


def export_monitoring_pdf(
    ctx: ServiceContext, session_id: int, out: Target, *, deidentified: bool = False
) -> ExportedPdf:
    """Write the monitoring record (flowsheet) of a dosing session; audited "export"."""
    from kapnotes.export.monitoring_pdf import monitoring_pdf_from_practice

    ctx.save_pending()
    result = monitoring_pdf_from_practice(ctx.practice, session_id, out, deidentified=deidentified)
    detail = f"monitoring record PDF{_deid(deidentified)}"
    ctx.practice.record_event("export", session_id=session_id, detail=detail)
    return result


def export_intake_pdf(ctx: ServiceContext, chart: str, out: Target) -> ExportedPdf:
    """Write a client's intake, eligibility decisions and consent history; audited "export"."""
    from kapnotes.export.intake_pdf import intake_pdf_from_practice

    ctx.save_pending()
    client = client_by_chart(ctx, chart)
    result = intake_pdf_from_practice(ctx.practice, chart, out)
    ctx.practice.record_event("export", client_id=client.id, detail="intake PDF")
    return result


def export_consent_pdf(
    ctx: ServiceContext, chart: str, out: Target, consent_id: int | None = None
) -> ExportedPdf:
    """Write a consent (default: the latest) with its text and both signatures; audited."""
    from kapnotes.export.intake_pdf import consent_pdf_from_practice

    ctx.save_pending()
    client = client_by_chart(ctx, chart)
    result = consent_pdf_from_practice(ctx.practice, chart, out, consent_id)
    which = f" {consent_id}" if consent_id is not None else ""
    ctx.practice.record_event("export", client_id=client.id, detail=f"consent{which} PDF")
    return result


def printed(ctx: ServiceContext, session_id: int, pages: int) -> None:
    """Note that a session note went to a printer; audited "print"."""
    detail = f"session note, {pages} page(s)"
    ctx.practice.record_event("print", session_id=session_id, detail=detail)


def export_json(
    ctx: ServiceContext, chart: str | None, destination: str, write: Callable[[str], object],
    *, when: datetime | None = None,
) -> tuple[int, int]:  # fmt: skip
    """The practice (or one client) as KAPNotes JSON text, handed to `write`, then audited
    "export" naming `destination`; returns (clients, sessions)."""
    from kapnotes.export.json_format import document, dumps
    from kapnotes.store.transfer import load_bundles

    ctx.save_pending()
    bundles = load_bundles(ctx.practice, chart)
    if chart is not None and not bundles:
        raise RecordNotFound(f"no client with chart number {chart}")
    settings = ctx.practice.settings() if chart is None else None
    write(dumps(document(bundles, settings, exported_at=when or datetime.now())))
    scope = f"client {chart}" if chart else f"{len(bundles)} clients"
    ctx.practice.record_event("export", detail=f"JSON, {scope}, to {destination}")
    return len(bundles), sum(len(b.sessions) for b in bundles)


def record_export(ctx: ServiceContext, result: ExportResult) -> None:
    """The one audit entry of an export job (JSON, CSV, FHIR or PDFs written by the window's
    worker or the command line): the client's id when one client was exported."""
    client_id = None
    if result.chart is not None:
        client = ctx.practice.find_client(result.chart)
        client_id = client.id if client else None
    ctx.practice.record_event("export", client_id=client_id, detail=result.audit_detail())


def record_json_to_stdout(ctx: ServiceContext, scope: str) -> None:
    """`kapnotes export json -o -`: the document went to standard output."""
    ctx.practice.record_event("export", detail=f"JSON, {scope}, to standard output")
