"""Observations of one session: effects and adverse events (vital signs: vitals.py)."""

from __future__ import annotations

import functools

from kapnotes.domain.vocab import intensity_label
from kapnotes.export.fhir import codes as c
from kapnotes.export.fhir.encounter import ENCOUNTER, SUBJECT, SessionContext, note
from kapnotes.export.fhir.refs import label
from kapnotes.export.fhir.template import Render, Slot, entry, join, template, value

# Codes are the same for every resource of a kind: encoded once, in the templates.
_AE = c.concept("Adverse event", c.coding(c.URN_RECORD, "adverse-event", "Adverse event"))
_SEVERITY = c.concept("Severity", c.coding(c.URN_RECORD, "severity", "Severity"))
_INTERVENTION = c.concept("Intervention", c.coding(c.URN_RECORD, "intervention", "Intervention"))
_OUTCOME = c.concept("Outcome", c.coding(c.URN_RECORD, "outcome", "Outcome"))


def _observation(code: Slot | dict, result: dict) -> Render:
    """An Observation of the session (category exam): its code, its value, an optional note."""
    return entry({
        "resourceType": "Observation",
        "id": Slot("id", "code"),
        "status": Slot("status", "code"),
        "category": [c.EXAM],
        "code": code,
        "subject": SUBJECT,
        "encounter": ENCOUNTER,
        "effectiveDateTime": Slot("time", "code"),
        **result,
        "?note": Slot("note", "raw"),
    })  # fmt: skip


_EFFECT = _observation(Slot("code", "raw"),
                       {"valueCodeableConcept": Slot("intensity", "raw")})  # fmt: skip
_ADVERSE_EVENT = _observation(_AE, {"valueString": Slot("description"),
                                    "component": Slot("components", "raw")})  # fmt: skip
_SEVERITY_PART = template({"code": _SEVERITY, "valueCodeableConcept": Slot("severity", "raw")})
_INTERVENTION_PART = template({"code": _INTERVENTION, "valueString": Slot("text")})
_OUTCOME_PART = template({"code": _OUTCOME, "valueString": Slot("text")})


@functools.cache
def _effect(effect: str) -> str:
    name = label("effects", effect)
    return value(c.concept(name, c.coding(c.URN_EFFECT, effect, name)))


@functools.cache
def _intensity(level: int) -> str:
    words = intensity_label(level)
    return value(c.concept(words, c.coding(c.URN_INTENSITY, str(level), words)))


@functools.cache
def _severity(code: str) -> str:
    words = label("severities", code)
    return value(c.concept(words, c.coding(c.URN_SEVERITY, code, words)))


def effects(ctx: SessionContext) -> list[str]:
    """Each observed effect, text-coded, its intensity (0 none .. 3 severe) as the value."""
    return [
        _EFFECT(id=ctx.ids.id("effect", e.id), status=ctx.status, code=_effect(e.effect),
                patient=ctx.patient_id, encounter=ctx.encounter_id, time=ctx.of(e.time),
                intensity=_intensity(e.intensity), note=note(e.note))
        for e in ctx.session.effects
    ]  # fmt: skip


def adverse_events(ctx: SessionContext) -> list[str]:
    """Each adverse event: what happened as the value; severity, interventions and outcome
    as components (text-coded: no standard code covers a KAP adverse event)."""
    out = []
    for ae in ctx.session.adverse_events:
        components = [_SEVERITY_PART(severity=_severity(ae.severity))]
        if ae.interventions:
            text = "; ".join(label("interventions", i) for i in ae.interventions)
            components.append(_INTERVENTION_PART(text=text))
        if ae.outcome:
            components.append(_OUTCOME_PART(text=ae.outcome))
        out.append(_ADVERSE_EVENT(
            id=ctx.ids.id("adverse-event", ae.id), status=ctx.status, patient=ctx.patient_id,
            encounter=ctx.encounter_id, time=ctx.of(ae.time),
            description=ae.description or "(not described)", components=join(components),
            note=note(ae.note),
        ))  # fmt: skip
    return out
