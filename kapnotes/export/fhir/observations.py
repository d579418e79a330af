"""Observations of one session: effects and adverse events (vital signs: vitals.py)."""

from __future__ import annotations

import functools
from typing import Any

from kapnotes.domain.vocab import intensity_label
from kapnotes.export.fhir import codes as c
from kapnotes.export.fhir.encounter import SessionContext
from kapnotes.export.fhir.refs import label

# Codes are the same for every resource of a kind: built once, shared (the encoder only reads).
_AE = c.concept("Adverse event", c.coding(c.URN_RECORD, "adverse-event", "Adverse event"))
_SEVERITY = c.concept("Severity", c.coding(c.URN_RECORD, "severity", "Severity"))
_INTERVENTION = c.concept("Intervention", c.coding(c.URN_RECORD, "intervention", "Intervention"))
_OUTCOME = c.concept("Outcome", c.coding(c.URN_RECORD, "outcome", "Outcome"))


@functools.cache
def _effect(effect: str) -> dict[str, Any]:
    name = label("effects", effect)
    return c.concept(name, c.coding(c.URN_EFFECT, effect, name))


@functools.cache
def _intensity(value: int) -> dict[str, Any]:
    words = intensity_label(value)
    return c.concept(words, c.coding(c.URN_INTENSITY, str(value), words))


@functools.cache
def _severity(code: str) -> dict[str, Any]:
    words = label("severities", code)
    return c.concept(words, c.coding(c.URN_SEVERITY, code, words))


def _observation(ctx: SessionContext, kind: str, number: int, t) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": ctx.ids.id(kind, number),
        "status": "final" if ctx.final else "preliminary",
    }


def effects(ctx: SessionContext) -> list[dict[str, Any]]:
    """Each observed effect, text-coded, its intensity (0 none .. 3 severe) as the value."""
    out = []
    for e in ctx.session.effects:
        obs = _observation(ctx, "effect", e.id, e.time)
        obs["category"] = [c.EXAM]
        obs["code"] = _effect(e.effect)
        obs["subject"] = ctx.patient()
        obs["encounter"] = ctx.encounter()
        obs["effectiveDateTime"] = ctx.at(e.time)
        obs["valueCodeableConcept"] = _intensity(e.intensity)
        if e.note:
            obs["note"] = [{"text": e.note}]
        out.append(obs)
    return out


def adverse_events(ctx: SessionContext) -> list[dict[str, Any]]:
    """Each adverse event: what happened as the value; severity, interventions and outcome
    as components (text-coded: no standard code covers a KAP adverse event)."""
    out = []
    for ae in ctx.session.adverse_events:
        obs = _observation(ctx, "adverse-event", ae.id, ae.time)
        obs["category"] = [c.EXAM]
        obs["code"] = _AE
        obs["subject"] = ctx.patient()
        obs["encounter"] = ctx.encounter()
        obs["effectiveDateTime"] = ctx.at(ae.time)
        obs["valueString"] = ae.description or "(not described)"
        components = [{"code": _SEVERITY, "valueCodeableConcept": _severity(ae.severity)}]
        if ae.interventions:
            text = "; ".join(label("interventions", i) for i in ae.interventions)
            components.append({"code": _INTERVENTION, "valueString": text})
        if ae.outcome:
            components.append({"code": _OUTCOME, "valueString": ae.outcome})
        obs["component"] = components
        if ae.note:
            obs["note"] = [{"text": ae.note}]
        out.append(obs)
    return out
