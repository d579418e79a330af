"""Exports as jobs: one call per format, checked up front, streamed, all or nothing, audited.

The command line and the window (kapnotes/ui/transfer) call `run_export` with an
ExportRequest; it checks the target and the scope before any work, writes through a
temporary file or folder, and returns an ExportResult; `services.documents.record_export` audits it. Every
failure is an ExportError whose text is one line for the user (no note text in it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kapnotes.export.output import (
    ExportCancelled,
    ExportError,
    ExportResult,
    Progress,
    atomic_file,
    atomic_folder,
    check_file_target,
    check_folder_target,
    os_error_line,
)
from kapnotes.store import stream
from kapnotes.store.errors import PracticeError, RecordNotFound

KINDS = ("json", "csv", "fhir", "pdf")
FOLDER_KINDS = ("csv", "pdf")
LABELS = {"json": "JSON", "csv": "CSV", "fhir": "FHIR", "pdf": "PDF"}


@dataclass(frozen=True)
class ExportRequest:
    """What to export, where: a file (JSON, FHIR) or an existing folder (CSV, PDFs)."""

    kind: str
    target: Path
    chart: str | None = None  # None: the whole practice
    deidentified: bool = False  # CSV and PDFs
    note_pdfs: bool = True  # FHIR: attach each signed note's PDF (else its text)
    new_folder: bool = False  # CSV, PDFs: the folder is created (the window's choice)


def scope_ids(practice, chart: str | None) -> list[int]:
    """The client ids to export; an unknown chart or an empty practice is an ExportError."""
    try:
        ids = stream.client_ids(practice, chart)
    except RecordNotFound:
        raise ExportError(f"no client with chart number {chart}") from None
    if not ids:
        raise ExportError("the practice has no clients yet: there is nothing to export")
    return ids


def check_request(practice, request: ExportRequest) -> list[int]:
    """Everything that can be checked before writing: kind, target, scope."""
    if request.kind not in KINDS:
        raise ExportError(f"unknown export format {request.kind!r}")
    if request.kind in FOLDER_KINDS:
        check_folder_target(request.target, new=request.new_folder)
    else:
        check_file_target(request.target, practice.path)
    if request.deidentified and request.kind not in FOLDER_KINDS:
        raise ExportError(f"a de-identified export is CSV or PDFs, not {LABELS[request.kind]}")
    return scope_ids(practice, request.chart)


def _safe(text: str) -> str:
    """A chart number as part of a file name."""
    return re.sub(r"[^\w.-]+", "_", text).strip("._") or "client"


def _write_pdfs(practice, folder: Path, ids: list[int], request, progress) -> int:
    from kapnotes.export.course_pdf import export_course_pdf
    from kapnotes.export.deid_names import practice_names
    from kapnotes.export.session_pdf import export_session_pdf

    settings = practice.settings()
    total = stream.session_total(practice, ids)
    done = files = 0
    # De-identified: every client name of the practice is removed from every file, and the
    # intake's contacts of each client (bundles carry no intake) from theirs.
    shared = practice_names(practice) if request.deidentified else ()
    for number, bundle in enumerate(stream.iter_bundles(practice, ids, size=10), start=1):
        c = bundle.client
        if request.deidentified:
            c.intake = practice.get_intake(c.id)
        # De-identified files are named without chart numbers or dates (Safe Harbor).
        who = f"deidentified-{number:04d}" if request.deidentified else _safe(c.chart)
        for i, course in enumerate(bundle.courses):
            sessions = [s for s, ci in zip(bundle.sessions, bundle.course_index, strict=True)
                        if ci == i]  # fmt: skip
            if sessions:
                out = folder / f"course-{who}-{course.id}.pdf"
                export_course_pdf(c, course, sessions, out, settings=settings,
                                  deidentified=request.deidentified, shared_names=shared)  # fmt: skip
                files += 1
        for s, ci in zip(bundle.sessions, bundle.course_index, strict=True):
            course = bundle.courses[ci] if ci is not None else None
            day = "" if request.deidentified else f"-{s.date.isoformat()}"
            out = folder / f"session-{who}{day}-{s.id}.pdf"
            export_session_pdf(s, c, out, course=course, settings=settings,
                               deidentified=request.deidentified, shared_names=shared)  # fmt: skip
            files += 1
            done += 1
            if progress is not None:
                progress.step(done, total)
    return files


def run_export(practice, request: ExportRequest, progress: Progress | None = None) -> ExportResult:
    """Write one export; nothing is left behind when it fails or is cancelled."""
    ids = check_request(practice, request)
    progress = progress or Progress()
    if progress.cancelled:
        raise ExportCancelled()
    files = 1
    try:
        if request.kind == "json":
            from kapnotes.export.json_stream import write_json

            settings = practice.settings() if request.chart is None else None
            with atomic_file(request.target) as fh:
                sessions = write_json(practice, fh, ids, settings=settings,
                                      exported_at=datetime.now(), progress=progress)  # fmt: skip
        elif request.kind == "fhir":
            from kapnotes.export.fhir import write_bundle

            with atomic_file(request.target) as fh:
                sessions = write_bundle(practice, fh, ids, note_pdfs=request.note_pdfs,
                                        progress=progress)  # fmt: skip
        elif request.kind == "csv":
            from kapnotes.export.csv_export import write_csv_folder

            with atomic_folder(request.target) as temp:
                sessions = write_csv_folder(practice, temp, ids,
                                            deidentified=request.deidentified, progress=progress)  # fmt: skip
                files = len(list(temp.iterdir()))
        else:
            with atomic_folder(request.target) as temp:
                files = _write_pdfs(practice, temp, ids, request, progress)
                sessions = stream.session_total(practice, ids)
    except OSError as exc:
        raise ExportError(os_error_line(exc, request.target)) from None
    except PracticeError as exc:
        raise ExportError(f"{exc}; nothing was written") from None
    return ExportResult(LABELS[request.kind], request.target, len(ids), sessions, files,
                        request.deidentified, request.chart)  # fmt: skip
