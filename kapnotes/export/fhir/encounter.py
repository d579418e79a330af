"""Encounter and MedicationAdministration resources of one session."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from typing import Any

from kapnotes.domain.records import Client, Session
from kapnotes.export.fhir import codes as c
from kapnotes.export.fhir.refs import Ids, label, when


@dataclass
class SessionContext:
    """What every resource of one session needs: the records, ids and who is who."""

    session: Session
    client: Client
    ids: Ids
    people: dict[str, int]  # practitioner name -> number (refs.Ids "Practitioner")
    today: date

    @property
    def final(self) -> bool:
        """Signed notes are final; a draft's observations are preliminary."""
        return self.session.is_signed

    def __post_init__(self) -> None:
        # Shared by every resource of the session (the encoder only reads them).
        self._patient = self.ids.ref("Patient", self.client.id)
        self._encounter = self.ids.ref("Encounter", self.session.id)

    def patient(self) -> dict[str, Any]:
        return self._patient

    def encounter(self) -> dict[str, Any]:
        return self._encounter

    def person(self, name: str) -> dict[str, Any] | None:
        number = self.people.get(name)
        return None if number is None else self.ids.ref("Practitioner", number, name)

    def at(self, t) -> str:
        """A time of this session as a dateTime (the start time, else the date alone)."""
        return when(self.session.date, t or self.session.start_time)


@functools.cache
def _kind_type(kind_code: str) -> dict[str, Any]:
    kind = label("session_kinds", kind_code)
    return c.concept(f"{kind} session (ketamine-assisted psychotherapy)",
                     c.coding(c.URN_SESSION_KIND, kind_code, kind))  # fmt: skip


@functools.cache
def _route(route_code: str) -> dict[str, Any]:
    route = c.ROUTES.get(route_code)
    return c.concept(label("routes", route_code), *([route] if route else []))


def _end_time(s: Session):
    """When the session ended: discharge, else the end of REMS monitoring, else unknown."""
    return s.discharge.time or s.rems.monitoring_end


def encounter(ctx: SessionContext) -> dict[str, Any]:
    """The session as a US Core Encounter: ambulatory (virtual for telehealth), its kind as
    the type, the period from the start to discharge, the clinicians present."""
    s = ctx.session
    finished = s.is_signed or s.date < ctx.today
    period: dict[str, Any] = {"start": when(s.date, s.start_time)}
    end = _end_time(s)
    if end is not None and (s.start_time is None or end >= s.start_time):
        period["end"] = when(s.date, end)
    out: dict[str, Any] = {
        "resourceType": "Encounter",
        "id": ctx.ids.id("Encounter", s.id),
        "meta": {"profile": [c.PROFILES["encounter"]]},
        "status": "finished" if finished else "in-progress",
        "class": c.VIRTUAL if s.setting == "telehealth" else c.AMBULATORY,
        "type": [_kind_type(s.kind)],
        "subject": ctx.patient(),
        "period": period,
    }
    participants = []
    for name in dict.fromkeys([*s.clinicians, s.signed_by]):
        ref = ctx.person(name) if name else None
        if ref is not None:
            participants.append({"individual": ref})
    if participants:
        out["participant"] = participants
    return out


def medication_administrations(ctx: SessionContext) -> list[dict[str, Any]]:
    """Each dose given: RxNorm medication, SNOMED route, mg, time, who gave it, the lot."""
    s = ctx.session
    lot = s.dosing.lot_number.strip()
    out = []
    for a in s.given():
        medication = c.MEDICATIONS.get(a.medication) or c.concept(a.medication or "ketamine")
        dosage: dict[str, Any] = {"dose": c.quantity(a.mg, "mg")}
        dosage["route"] = _route(a.route)
        if a.site:
            dosage["site"] = c.concept(a.site)
        resource: dict[str, Any] = {
            "resourceType": "MedicationAdministration",
            "id": ctx.ids.id("MedicationAdministration", a.id),
            "status": "completed",
            "subject": ctx.patient(),
            "context": ctx.encounter(),
            "effectiveDateTime": ctx.at(a.time),
            "dosage": dosage,
        }
        if lot:
            # R4 keeps the lot on the Medication: a contained one, referenced from here.
            resource["contained"] = [{"resourceType": "Medication", "id": "medication",
                                      "code": medication, "batch": {"lotNumber": lot}}]  # fmt: skip
            resource["medicationReference"] = {"reference": "#medication"}
        else:
            resource["medicationCodeableConcept"] = medication
        performer = ctx.person(a.given_by) if a.given_by else None
        if performer is not None:
            resource["performer"] = [{"actor": performer}]
        if a.note:
            resource["note"] = [{"text": a.note}]
        out.append(_ordered(resource))
    return out


def _ordered(resource: dict[str, Any]) -> dict[str, Any]:
    """resourceType, id and contained first (as FHIR writes them), then the rest."""
    head = {k: resource[k] for k in ("resourceType", "id", "contained") if k in resource}
    return head | {k: v for k, v in resource.items() if k not in head}
