"""Observations of one session: vital signs (US Core profiles), effects, adverse events."""

from __future__ import annotations

import functools
from typing import Any

from kapnotes.domain.vocab import intensity_label
from kapnotes.export.fhir import codes as c
from kapnotes.export.fhir.encounter import SessionContext
from kapnotes.export.fhir.refs import label

# Codes are the same for every resource of a kind: built once, shared (the encoder only reads).
_BP = c.concept("Blood pressure", c.BP_PANEL)
_HR = c.concept("Heart rate", c.HEART_RATE)
_SPO2 = c.concept("Oxygen saturation (pulse oximetry)", c.SPO2, c.SPO2_ALT)
_RR = c.concept("Respiratory rate", c.RESP_RATE)
_PARTS = {code["code"]: c.concept(code["display"], code) for code in (c.SYSTOLIC, c.DIASTOLIC)}
_ABSENT = c.concept(
    "Not recorded",
    c.coding("http://terminology.hl7.org/CodeSystem/data-absent-reason", "unknown", "Unknown"),
)
_AE = c.concept("Adverse event", c.coding(c.URN_RECORD, "adverse-event", "Adverse event"))
_SEVERITY = c.concept("Severity", c.coding(c.URN_RECORD, "severity", "Severity"))
_INTERVENTION = c.concept("Intervention", c.coding(c.URN_RECORD, "intervention", "Intervention"))
_OUTCOME = c.concept("Outcome", c.coding(c.URN_RECORD, "outcome", "Outcome"))


@functools.cache
def _sedation(scale_code: str) -> dict[str, Any]:
    scale = label("sedation_scales", scale_code)
    return c.concept(f"Sedation score ({scale})", c.coding(c.URN_SCALE, scale_code, scale))


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


def _vital(ctx, kind, number, t, profile, code, value=None, components=None) -> dict[str, Any]:
    out = _observation(ctx, kind, number, t)
    out["meta"] = {"profile": [c.PROFILES[profile]]}
    out["category"] = [c.VITAL_SIGNS]
    out["code"] = code
    out["subject"] = ctx.patient()
    out["encounter"] = ctx.encounter()
    out["effectiveDateTime"] = ctx.at(t)
    if value is not None:
        out["valueQuantity"] = value
    if components:
        out["component"] = components
    return out


def vital_signs(ctx: SessionContext) -> list[dict[str, Any]]:
    """Each vitals line as US Core observations: BP panel, heart rate, SpO2, respiratory rate,
    and the sedation score (text-coded: no LOINC code for MOAA/S)."""
    out = []
    for v in ctx.session.vitals:
        if v.systolic is not None or v.diastolic is not None:
            parts = []
            for code, value in ((c.SYSTOLIC, v.systolic), (c.DIASTOLIC, v.diastolic)):
                part: dict[str, Any] = {"code": _PARTS[code["code"]]}
                if value is not None:
                    part["valueQuantity"] = c.quantity(value, "mmHg", "mm[Hg]")
                else:
                    part["dataAbsentReason"] = _ABSENT
                parts.append(part)
            out.append(_vital(ctx, "vital-bp", v.id, v.time, "blood_pressure",
                              _BP, components=parts))  # fmt: skip
        if v.heart_rate is not None:
            out.append(_vital(ctx, "vital-hr", v.id, v.time, "heart_rate",
                              _HR,
                              c.quantity(v.heart_rate, "beats/minute", "/min")))  # fmt: skip
        if v.spo2 is not None:
            out.append(_vital(ctx, "vital-spo2", v.id, v.time, "pulse_oximetry",
                              _SPO2,
                              c.quantity(v.spo2, "%")))  # fmt: skip
        if v.resp_rate is not None:
            out.append(_vital(ctx, "vital-rr", v.id, v.time, "respiratory_rate",
                              _RR,
                              c.quantity(v.resp_rate, "breaths/minute", "/min")))  # fmt: skip
        if v.sedation_score is not None:
            obs = _observation(ctx, "vital-sedation", v.id, v.time)
            obs["category"] = [c.EXAM]
            obs["code"] = _sedation(v.sedation_scale)
            obs["subject"] = ctx.patient()
            obs["encounter"] = ctx.encounter()
            obs["effectiveDateTime"] = ctx.at(v.time)
            obs["valueInteger"] = v.sedation_score
            out.append(obs)
    return out


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
