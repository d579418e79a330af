"""A signed note as a DocumentReference (its session-note PDF attached) and its Provenance."""

from __future__ import annotations

import base64

from kapnotes.export.fhir import codes as c
from kapnotes.export.fhir.encounter import ENCOUNTER, SUBJECT, SessionContext
from kapnotes.export.fhir.people import Signature
from kapnotes.export.fhir.template import Slot, entry, join, template, value

_DOCUMENT = entry({
    "resourceType": "DocumentReference",
    "id": Slot("id", "code"),
    "meta": {"profile": [c.PROFILES["document"]]},
    "status": "current",
    "docStatus": "final",
    "type": c.concept("Progress note", c.PROGRESS_NOTE),
    "category": [c.CLINICAL_NOTE],
    "subject": SUBJECT,
    "date": Slot("signed", "code"),
    "description": Slot("title"),
    "content": [{"attachment": {"contentType": Slot("content_type"), "data": Slot("data", "code"),
                                "title": Slot("title"), "creation": Slot("signed", "code")}}],
    "context": {"encounter": [ENCOUNTER], "period": {"start": Slot("start", "code")}},
    "?author": Slot("authors", "raw"),
    "?authenticator": Slot("signer", "raw"),
})  # fmt: skip
_PROVENANCE = entry({
    "resourceType": "Provenance",
    "id": Slot("id", "code"),
    "meta": {"profile": [c.PROFILES["provenance"]]},
    "target": [{"reference": f"urn:uuid:{Slot('document', 'code')}"}, ENCOUNTER],
    "recorded": Slot("signed", "code"),
    "agent": [{"type": c.AUTHOR_AGENT, "who": Slot("who", "raw")}],
    "?signature": Slot("signature", "raw"),
})  # fmt: skip
_SIGNATURE = template(
    {
        "type": [c.AUTHOR_SIGNATURE],
        "when": Slot("signed", "code"),
        "who": Slot("who", "raw"),
        "sigFormat": "text/plain",
        "data": Slot("data", "code"),
    }
)


def document_reference(ctx: SessionContext, pdf: bytes | None) -> str:
    """The signed note: a US Core clinical note (LOINC progress note), the session-note PDF
    as its attachment (or, when PDFs are left out, the narrative as plain text)."""
    s = ctx.session
    title = f"Session note {s.date.isoformat()}" + (f" (session {s.number})" if s.number else "")
    if pdf is not None:
        content_type, data = "application/pdf", pdf
    else:
        text = s.narrative_text() or s.intention or "(no narrative)"
        content_type, data = "text/plain; charset=utf-8", text.encode("utf-8")
    signer = ctx.person_json(s.signed_by)
    return _DOCUMENT(
        id=ctx.ids.id("DocumentReference", s.id),
        patient=ctx.patient_id,
        signed=ctx.signed(),
        title=title,
        content_type=content_type,
        data=base64.b64encode(data).decode("ascii"),
        encounter=ctx.encounter_id,
        start=ctx.at(None),
        authors=None if signer is None else f"[{signer}]",
        signer=signer,
    )


def provenance(ctx: SessionContext, signature: Signature | None) -> str:
    """Who signed the note and when; the signature's data is the note's seal (the SHA-256 of
    the note as signed, from the audit trail), when the note has one."""
    s = ctx.session
    signed = ctx.signed()
    signer = ctx.person_json(s.signed_by)
    sealed = None
    if signature is not None and signature.digest and signer is not None:
        who = s.signed_by + (f", {s.signed_credentials}" if s.signed_credentials else "")
        text = f"{who}; signed {signed}; note sha256:{signature.digest}"
        sealed = join([_SIGNATURE(signed=signed, who=signer,
                                  data=base64.b64encode(text.encode()).decode("ascii"))])  # fmt: skip
    return _PROVENANCE(
        id=ctx.ids.id("Provenance", s.id),
        document=ctx.ids.id("DocumentReference", s.id),
        encounter=ctx.encounter_id,
        signed=signed,
        who=signer if signer is not None else value({"display": s.signed_by or "unknown"}),
        signature=sealed,
    )
