"""The FHIR R4 Bundle (type collection) written to disk one resource at a time (docs/FHIR.md).

Practitioners first, then each client: Patient, body weights, and per session the Encounter,
MedicationAdministrations, vital-sign Observations, scale QuestionnaireResponses and totals,
effect and adverse-event Observations, and for a signed note its DocumentReference (the
session-note PDF attached) and Provenance. Only one chunk of clients is in memory at a time.
"""

from __future__ import annotations

import contextlib
import io
import json
from datetime import date, datetime
from typing import BinaryIO

from kapnotes.export.fhir import documents, encounter, observations, scales, vitals
from kapnotes.export.fhir.encounter import SessionContext
from kapnotes.export.fhir.people import practitioners, signatures
from kapnotes.export.fhir.people_resources import body_weights, patient, practitioner
from kapnotes.export.fhir.refs import Ids, instant
from kapnotes.export.output import Progress
from kapnotes.store import stream

# The child records the resources are made of (no themes or addenda: a note PDF has them).
FHIR_CHILDREN = ("administrations", "vitals", "effects", "adverse_events", "scales")
_encode = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode


def _session_resources(ctx: SessionContext) -> list[str]:
    out = [encounter.encounter(ctx)]
    out += encounter.medication_administrations(ctx)
    out += vitals.vital_sign_entries(ctx)
    out += scales.scale_resources(ctx)
    out += observations.effects(ctx)
    out += observations.adverse_events(ctx)
    return out


def _note_pdf(bundle, session, settings) -> bytes:
    from kapnotes.export.session_pdf import export_session_pdf  # reportlab: only when asked

    index = bundle.course_index[bundle.sessions.index(session)]
    course = bundle.courses[index] if index is not None else None
    buffer = io.BytesIO()
    export_session_pdf(session, bundle.client, buffer, course=course, settings=settings)
    return buffer.getvalue()


def write_bundle(
    practice,
    fh: BinaryIO,
    ids_: list[int],
    *,
    note_pdfs: bool = True,
    progress: Progress | None = None,
    exported_at: datetime | None = None,
) -> int:
    """Write the Bundle for clients `ids_` to a binary file; returns the sessions written.

    With note_pdfs=False a signed note's DocumentReference carries its narrative as plain text
    instead of the PDF (a PDF takes ~40 ms to lay out: 15 minutes for 20,000 notes).
    """
    exported_at = exported_at or datetime.now().replace(microsecond=0)
    ids = Ids(stream.practice_fingerprint(practice))
    settings = practice.settings()
    people = practitioners(practice, ids_)
    numbers = {p.name: ids.named("Practitioner", p.name) for p in people}
    head = {
        "resourceType": "Bundle",
        "id": ids.id("Bundle", int(exported_at.timestamp())),
        "meta": {"lastUpdated": instant(exported_at)},
        "type": "collection",
        "timestamp": instant(exported_at),
    }
    fh.write(f'{_encode(head)[:-1]}, "entry": [\n'.encode())
    first = True

    def emit(entries: list[str]) -> None:
        # Entries are JSON text already (template.py): joined by commas, as the array needs.
        nonlocal first
        if entries:
            text = ",".join(entries)
            fh.write((text if first else ",\n" + text).encode("utf-8"))
            first = False

    emit([practitioner(numbers[p.name], p) for p in people])
    # Reportlab's layouts may hold reference cycles: the collector stays on for note PDFs.
    with stream.collector_paused() if not note_pdfs else contextlib.nullcontext():
        try:
            done = _write_clients(practice, ids_, emit, ids, numbers, settings, note_pdfs,
                                  progress)  # fmt: skip
        finally:
            _forget()
    fh.write(b"\n]}\n")
    return done


def _forget() -> None:
    """Empty the caches of a chunk's values (answers): memory stays at one chunk's."""
    scales.forget_answers()


def _write_clients(practice, ids_, emit, ids, numbers, settings, note_pdfs, progress) -> int:
    """Each client's resources, a chunk of clients at a time; returns the sessions written."""
    total = stream.session_total(practice, ids_)
    done = 0
    today = date.today()
    person_refs: dict[str, str | None] = {}  # each practitioner's Reference, encoded once
    # Without note PDFs, only the child records the resources are made of are read.
    children = None if note_pdfs else FHIR_CHILDREN
    for chunk in stream.client_chunks(practice, ids_, children=children):
        bundles = stream.bundles_from_chunk(chunk)
        signed = [s.id for b in bundles for s in b.sessions if s.is_signed]
        sigs = signatures(practice, signed)
        for bundle in bundles:
            resources = [patient(bundle.client, ids), *body_weights(bundle.client, ids)]
            for s in bundle.sessions:
                ctx = SessionContext(s, bundle.client, ids, numbers, today, person_refs)
                resources += _session_resources(ctx)
                if s.is_signed:
                    pdf = _note_pdf(bundle, s, settings) if note_pdfs else None
                    resources.append(documents.document_reference(ctx, pdf))
                    resources.append(documents.provenance(ctx, sigs.get(s.id)))
                done += 1
                if note_pdfs:
                    emit(resources)  # a PDF each: keep at most one session's in memory
                    resources = []
                    if progress is not None:
                        progress.step(done, total)
            emit(resources)
        _forget()
        if progress is not None:
            progress.step(done, total)
    return done
