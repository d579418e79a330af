"""Patient, Practitioner and body-weight resources (US Core Patient, Practitioner, Body Weight)."""

from __future__ import annotations

from typing import Any

from kapnotes.domain.records import Client
from kapnotes.domain.settings import Clinician
from kapnotes.domain.vocab import slug
from kapnotes.export.fhir import codes as c
from kapnotes.export.fhir.refs import Ids, when
from kapnotes.export.fhir.template import Slot, entry


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


_PATIENT = entry({
    "resourceType": "Patient",
    "id": Slot("id", "code"),
    "meta": {"profile": [c.PROFILES["patient"]]},
    "identifier": [{"use": "usual", "type": c.MEDICAL_RECORD, "system": c.URN_CHART,
                    "value": Slot("chart")}],
    "active": Slot("active", "json"),
    "name": [Slot("name", "json")],
    "gender": Slot("gender", "code"),
    "?birthDate": Slot("dob", "code"),
})  # fmt: skip
_PRACTITIONER = entry({
    "resourceType": "Practitioner",
    "id": Slot("id", "code"),
    "meta": {"profile": [c.PROFILES["practitioner"]]},
    "identifier": [{"system": c.URN_CLINICIAN, "value": Slot("identifier")}],
    "active": True,
    "name": [Slot("name", "json")],
    "?qualification": Slot("qualification", "json"),
})  # fmt: skip
_WEIGHT = entry({
    "resourceType": "Observation",
    "id": Slot("id", "code"),
    "meta": {"profile": [c.PROFILES["body_weight"]]},
    "status": "final",
    "category": [c.VITAL_SIGNS],
    "code": c.concept("Body weight", c.BODY_WEIGHT),
    "subject": {"reference": f"urn:uuid:{Slot('patient', 'code')}"},
    "effectiveDateTime": Slot("day", "code"),
    "valueQuantity": {"value": Slot("kg", "number"), "unit": "kg", "system": c.UCUM, "code": "kg"},
})  # fmt: skip


# The client's recorded sex (the REMS form's field) as FHIR administrative gender.
GENDERS = {"female": "female", "male": "male", "other": "other"}


def patient(client: Client, ids: Ids) -> str:
    """The client: chart number as the medical record number, name, birth date, and the sex
    recorded for the REMS form as gender ("unknown" when none is: US Core requires the
    element, and guessing from pronouns would be wrong). R4 has no element for pronouns;
    they stay in the notes (docs/FHIR.md).
    """
    return _PATIENT(
        id=ids.id("Patient", client.id),
        gender=GENDERS.get(client.sex, "unknown"),
        chart=client.chart,
        active=not client.archived,
        name=human_name(client.name),
        dob=None if client.dob is None else client.dob.isoformat(),
    )


def practitioner(pid: str, person: Clinician) -> str:
    """A clinician: name and credentials (identifier: the name within this practice; KAPNotes
    keeps no NPI yet). `pid`: refs.Ids.named("Practitioner", name), the same in every export."""
    return _PRACTITIONER(
        id=pid,
        identifier=slug(person.name) or pid,
        name=human_name(person.name),
        qualification=[{"code": c.concept(person.credentials)}] if person.credentials else None,
    )


def body_weights(client: Client, ids: Ids) -> list[str]:
    """One US Core Body Weight observation per recorded weight."""
    patient_id = ids.id("Patient", client.id)
    return [
        _WEIGHT(id=ids.id("weight", client.id * 4096 + i), patient=patient_id,
                day=when(w.measured_on), kg=w.kg)
        for i, w in enumerate(sorted(client.weights, key=lambda w: w.measured_on))
    ]  # fmt: skip
