"""Encounter and MedicationAdministration resources of one session (as Bundle entries)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from kapnotes.domain.records import Client, Session
from kapnotes.export.fhir import codes as c
from kapnotes.export.fhir.refs import Ids, instant, label, when
from kapnotes.export.fhir.template import Slot, entry, join, value


@dataclass
class SessionContext:
    """What every resource of one session needs: the records, ids and who is who."""

    session: Session
    client: Client
    ids: Ids
    people: dict[str, str]  # practitioner name -> its id (refs.Ids.named "Practitioner")
    today: date
    # practitioner name -> its Reference as JSON text, shared by the sessions of an export
    person_refs: dict[str, str | None] = field(default_factory=dict)

    @property
    def final(self) -> bool:
        """Signed notes are final; a draft's observations are preliminary."""
        return self.session.is_signed

    def __post_init__(self) -> None:
        # Shared by every resource of the session.
        self.patient_id = self.ids.id("Patient", self.client.id)
        self.encounter_id = self.ids.id("Encounter", self.session.id)
        self.status = "final" if self.session.is_signed else "preliminary"
        self._times: dict = {}
        self._signed: str | None = None

    def person(self, name: str) -> dict[str, Any] | None:
        pid = self.people.get(name)
        return None if pid is None else {"reference": f"urn:uuid:{pid}", "display": name}

    def person_json(self, name: str) -> str | None:
        """The practitioner's Reference as JSON text (None for a name the export lacks)."""
        if name not in self.person_refs:
            ref = self.person(name)
            self.person_refs[name] = None if ref is None else value(ref)
        return self.person_refs[name]

    def signed(self) -> str:
        """When the note was signed, as a FHIR instant (its DocumentReference and Provenance)."""
        if self._signed is None:
            self._signed = instant(self.session.signed_at)
        return self._signed

    def at(self, t, day: date | None = None) -> str:
        """A time of this session as a dateTime; None: the session's start time (the date
        alone without one). Each time is made once per session (a vitals line and its
        effects share theirs)."""
        key = (t, day)
        found = self._times.get(key)
        if found is None:
            found = self._times[key] = when(day or self.session.date, t or self.session.start_time)  # fmt: skip
        return found

    def of(self, t) -> str:
        """When something recorded at time `t` happened: the date alone when it has no time
        (never the session's start, which would be a time nobody wrote down)."""
        return self.at(t) if t is not None else when(self.session.date)


# The references every resource of a session makes (urn:uuid:<id>: refs.py).
SUBJECT = {"reference": f"urn:uuid:{Slot('patient', 'code')}"}
ENCOUNTER = {"reference": f"urn:uuid:{Slot('encounter', 'code')}"}

_ENCOUNTER = entry({
    "resourceType": "Encounter",
    "id": Slot("id", "code"),
    "meta": {"profile": [c.PROFILES["encounter"]]},
    "status": Slot("status", "code"),
    "class": Slot("cls", "raw"),
    "type": [Slot("type", "raw")],
    "subject": SUBJECT,
    "period": {"start": Slot("start", "code"), "?end": Slot("end", "code")},
    "?participant": Slot("participant", "raw"),
})  # fmt: skip
_CLASS = {True: value(c.VIRTUAL), False: value(c.AMBULATORY)}


@functools.cache
def _kind_type(kind_code: str) -> str:
    kind = label("session_kinds", kind_code)
    return value(c.concept(f"{kind} session (ketamine-assisted psychotherapy)",
                           c.coding(c.URN_SESSION_KIND, kind_code, kind)))  # fmt: skip


@functools.cache
def _route(route_code: str) -> str:
    route = c.ROUTES.get(route_code)
    return value(c.concept(label("routes", route_code), *([route] if route else [])))


def _end_time(s: Session):
    """When the session ended: discharge, else the end of REMS monitoring, else unknown."""
    return s.discharge.time or s.rems.monitoring_end


def encounter(ctx: SessionContext) -> str:
    """The session as a US Core Encounter: ambulatory (virtual for telehealth), its kind as
    the type, the period from the start to discharge, the clinicians present."""
    s = ctx.session
    end = _end_time(s)
    # A discharge earlier in the day than the start is after midnight: the next day.
    end_day = s.date + timedelta(days=1) if end and s.start_time and end < s.start_time else None
    participants = []
    for name in dict.fromkeys([*s.clinicians, s.signed_by]):
        ref = ctx.person_json(name) if name else None
        if ref is not None:
            participants.append('{"individual":' + ref + "}")
    return _ENCOUNTER(
        id=ctx.encounter_id,
        status="finished" if s.is_signed or s.date < ctx.today else "in-progress",
        cls=_CLASS[s.setting == "telehealth"],
        type=_kind_type(s.kind),
        patient=ctx.patient_id,
        start=ctx.at(None),
        end=None if end is None else ctx.at(end, end_day),
        participant=join(participants) if participants else None,
    )


_ADMINISTRATION = {
    "resourceType": "MedicationAdministration",
    "id": Slot("id", "code"),
    "?contained": Slot("contained", "raw"),
    "status": "completed",
    "?medicationCodeableConcept": Slot("medication", "raw"),
    "?medicationReference": Slot("reference", "raw"),
    "subject": SUBJECT,
    "context": ENCOUNTER,
    "effectiveDateTime": Slot("time", "code"),
    "?performer": Slot("performer", "raw"),
    "?note": Slot("note", "raw"),
    "dosage": {"dose": {"value": Slot("mg", "number"), "unit": "mg", "system": c.UCUM, "code": "mg"},
               "route": Slot("route", "raw"), "?site": Slot("site", "raw")},
}  # fmt: skip
_MED_ADMIN = entry(_ADMINISTRATION)
_CONTAINED = '{"reference":"#medication"}'
_MEDICATIONS = {k: value(v) for k, v in c.MEDICATIONS.items()}


def note(text: str) -> str | None:
    """A note (Annotation list) as JSON text, None when there is no text."""
    return '[{"text":' + value(text) + "}]" if text else None


def medication_administrations(ctx: SessionContext) -> list[str]:
    """Each dose given: RxNorm medication, SNOMED route, mg, time, who gave it, its lot (the
    administration's own, else the session's from before lots were kept per dose)."""
    s = ctx.session
    out = []
    for a in s.given():
        lot = (a.lot or s.dosing.lot_number).strip()
        medication = _MEDICATIONS.get(a.medication) or value(c.concept(a.medication or "ketamine"))
        contained = None
        if lot:
            # R4 keeps the lot on the Medication: a contained one, referenced from here.
            contained = ('[{"resourceType":"Medication","id":"medication","code":' + medication
                         + ',"batch":{"lotNumber":' + value(lot) + "}}]")  # fmt: skip
        performer = ctx.person_json(a.given_by) if a.given_by else None
        out.append(_MED_ADMIN(
            id=ctx.ids.id("MedicationAdministration", a.id),
            contained=contained,
            medication=None if lot else medication,
            reference=_CONTAINED if lot else None,
            patient=ctx.patient_id,
            encounter=ctx.encounter_id,
            time=ctx.of(a.time),
            performer=None if performer is None else '[{"actor":' + performer + "}]",
            note=note(a.note),
            site=value(c.concept(a.site)) if a.site else None,
            route=_route(a.route),
            mg=a.mg,
        ))  # fmt: skip
    return out
