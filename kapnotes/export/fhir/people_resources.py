"""Patient, Practitioner and body-weight resources (US Core Patient, Practitioner, Body Weight)."""

from __future__ import annotations

from typing import Any

from kapnotes.domain.records import Client
from kapnotes.domain.settings import Clinician
from kapnotes.domain.vocab import slug
from kapnotes.export.fhir import codes as c
from kapnotes.export.fhir.refs import Ids, when


def human_name(text: str) -> dict[str, Any]:
    """A HumanName: the text as typed, the last word as family name, the rest as given names
    (US Core needs a family or a given name)."""
    parts = text.split()
    name: dict[str, Any] = {"text": text}
    if parts:
        name["family"] = parts[-1]
    if len(parts) > 1:
        name["given"] = parts[:-1]
    return name


def patient(client: Client, ids: Ids) -> dict[str, Any]:
    """The client: chart number as the medical record number, name, birth date.

    KAPNotes records no administrative sex, and guessing one from pronouns would be wrong:
    gender is "unknown" (US Core requires the element). R4 has no element for pronouns; they
    stay in the notes (docs/FHIR.md).
    """
    out: dict[str, Any] = {
        "resourceType": "Patient",
        "id": ids.id("Patient", client.id),
        "meta": {"profile": [c.PROFILES["patient"]]},
        "identifier": [
            {"use": "usual", "type": c.MEDICAL_RECORD, "system": c.URN_CHART, "value": client.chart}
        ],  # fmt: skip
        "active": not client.archived,
        "name": [human_name(client.name)],
        "gender": "unknown",
    }
    if client.dob is not None:
        out["birthDate"] = client.dob.isoformat()
    return out


def practitioner(number: int, person: Clinician, ids: Ids) -> dict[str, Any]:
    """A clinician: name and credentials (identifier: the name within this practice; KAPNotes
    keeps no NPI yet)."""
    out: dict[str, Any] = {
        "resourceType": "Practitioner",
        "id": ids.id("Practitioner", number),
        "meta": {"profile": [c.PROFILES["practitioner"]]},
        "identifier": [{"system": c.URN_CLINICIAN, "value": slug(person.name) or str(number)}],
        "active": True,
        "name": [human_name(person.name)],
    }
    if person.credentials:
        out["qualification"] = [{"code": c.concept(person.credentials)}]
    return out


def body_weights(client: Client, ids: Ids) -> list[dict[str, Any]]:
    """One US Core Body Weight observation per recorded weight."""
    out = []
    for i, w in enumerate(sorted(client.weights, key=lambda w: w.measured_on)):
        out.append({
            "resourceType": "Observation",
            "id": ids.id("weight", client.id * 4096 + i),
            "meta": {"profile": [c.PROFILES["body_weight"]]},
            "status": "final",
            "category": [c.VITAL_SIGNS],
            "code": c.concept("Body weight", c.BODY_WEIGHT),
            "subject": ids.ref("Patient", client.id),
            "effectiveDateTime": when(w.measured_on),
            "valueQuantity": c.quantity(w.kg, "kg"),
        })  # fmt: skip
    return out
