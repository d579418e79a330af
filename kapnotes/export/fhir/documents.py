"""A signed note as a DocumentReference (its session-note PDF attached) and its Provenance."""

from __future__ import annotations

import base64
from typing import Any

from kapnotes.export.fhir import codes as c
from kapnotes.export.fhir.encounter import SessionContext
from kapnotes.export.fhir.people import Signature
from kapnotes.export.fhir.refs import instant, when


def document_reference(ctx: SessionContext, pdf: bytes | None) -> dict[str, Any]:
    """The signed note: a US Core clinical note (LOINC progress note), the session-note PDF
    as its attachment (or, when PDFs are left out, the narrative as plain text)."""
    s = ctx.session
    title = f"Session note {s.date.isoformat()}" + (f" (session {s.number})" if s.number else "")
    if pdf is not None:
        attachment = {"contentType": "application/pdf",
                      "data": base64.b64encode(pdf).decode("ascii")}  # fmt: skip
    else:
        text = s.narrative_text() or s.intention or "(no narrative)"
        attachment = {"contentType": "text/plain; charset=utf-8",
                      "data": base64.b64encode(text.encode("utf-8")).decode("ascii")}  # fmt: skip
    attachment["title"] = title
    attachment["creation"] = instant(s.signed_at)
    out: dict[str, Any] = {
        "resourceType": "DocumentReference",
        "id": ctx.ids.id("DocumentReference", s.id),
        "meta": {"profile": [c.PROFILES["document"]]},
        "status": "current",
        "docStatus": "final",
        "type": c.concept("Progress note", c.PROGRESS_NOTE),
        "category": [c.CLINICAL_NOTE],
        "subject": ctx.patient(),
        "date": instant(s.signed_at),
        "description": title,
        "content": [{"attachment": attachment}],
        "context": {
            "encounter": [ctx.encounter()],
            "period": {"start": when(s.date, s.start_time)},
        },
    }
    signer = ctx.person(s.signed_by)
    if signer is not None:
        out["author"] = [signer]
        out["authenticator"] = signer
    return out


def provenance(ctx: SessionContext, signature: Signature | None) -> dict[str, Any]:
    """Who signed the note and when; the signature's data is the note's seal (the SHA-256 of
    the note as signed, from the audit trail), when the note has one."""
    s = ctx.session
    signed = instant(s.signed_at)
    signer = ctx.person(s.signed_by)
    agent: dict[str, Any] = {"type": c.AUTHOR_AGENT}
    agent["who"] = signer if signer is not None else {"display": s.signed_by or "unknown"}
    out: dict[str, Any] = {
        "resourceType": "Provenance",
        "id": ctx.ids.id("Provenance", s.id),
        "meta": {"profile": [c.PROFILES["provenance"]]},
        "target": [ctx.ids.ref("DocumentReference", s.id), ctx.encounter()],
        "recorded": signed,
        "agent": [agent],
    }
    if signature is not None and signature.digest and signer is not None:
        who = signer["display"] + (f", {s.signed_credentials}" if s.signed_credentials else "")
        out["signature"] = [{
            "type": [c.AUTHOR_SIGNATURE],
            "when": signed,
            "who": signer,
            "sigFormat": "text/plain",
            "data": base64.b64encode(
                f"{who}; signed {signed}; note sha256:{signature.digest}".encode()
            ).decode("ascii"),
        }]  # fmt: skip
    return out
