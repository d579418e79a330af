"""Observations of one session: vital signs (US Core profiles), effects, adverse events."""

from __future__ import annotations

from typing import Any

from kapnotes.domain.vocab import intensity_label
from kapnotes.export.fhir import codes as c
from kapnotes.export.fhir.encounter import SessionContext
from kapnotes.export.fhir.refs import label


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
                part: dict[str, Any] = {"code": c.concept(code["display"], code)}
                if value is not None:
                    part["valueQuantity"] = c.quantity(value, "mmHg", "mm[Hg]")
                else:
                    part["dataAbsentReason"] = c.concept(
                        "Not recorded",
                        c.coding("http://terminology.hl7.org/CodeSystem/data-absent-reason",
                                 "unknown", "Unknown"),
                    )  # fmt: skip
                parts.append(part)
            out.append(_vital(ctx, "vital-bp", v.id, v.time, "blood_pressure",
                              c.concept("Blood pressure", c.BP_PANEL), components=parts))  # fmt: skip
        if v.heart_rate is not None:
            out.append(_vital(ctx, "vital-hr", v.id, v.time, "heart_rate",
                              c.concept("Heart rate", c.HEART_RATE),
                              c.quantity(v.heart_rate, "beats/minute", "/min")))  # fmt: skip
        if v.spo2 is not None:
            out.append(_vital(ctx, "vital-spo2", v.id, v.time, "pulse_oximetry",
                              c.concept("Oxygen saturation (pulse oximetry)", c.SPO2, c.SPO2_ALT),
                              c.quantity(v.spo2, "%")))  # fmt: skip
        if v.resp_rate is not None:
            out.append(_vital(ctx, "vital-rr", v.id, v.time, "respiratory_rate",
                              c.concept("Respiratory rate", c.RESP_RATE),
                              c.quantity(v.resp_rate, "breaths/minute", "/min")))  # fmt: skip
        if v.sedation_score is not None:
            scale = label("sedation_scales", v.sedation_scale)
            obs = _observation(ctx, "vital-sedation", v.id, v.time)
            obs["category"] = [c.EXAM]
            obs["code"] = c.concept(f"Sedation score ({scale})",
                                    c.coding(c.URN_SCALE, v.sedation_scale, scale))  # fmt: skip
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
        name = label("effects", e.effect)
        obs = _observation(ctx, "effect", e.id, e.time)
        obs["category"] = [c.EXAM]
        obs["code"] = c.concept(name, c.coding(c.URN_EFFECT, e.effect, name))
        obs["subject"] = ctx.patient()
        obs["encounter"] = ctx.encounter()
        obs["effectiveDateTime"] = ctx.at(e.time)
        words = intensity_label(e.intensity)
        obs["valueCodeableConcept"] = c.concept(
            words, c.coding(c.URN_INTENSITY, str(e.intensity), words)
        )
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
        obs["code"] = c.concept("Adverse event", c.coding(c.URN_RECORD, "adverse-event",
                                                          "Adverse event"))  # fmt: skip
        obs["subject"] = ctx.patient()
        obs["encounter"] = ctx.encounter()
        obs["effectiveDateTime"] = ctx.at(ae.time)
        obs["valueString"] = ae.description or "(not described)"
        severity = label("severities", ae.severity)
        components = [{
            "code": c.concept("Severity", c.coding(c.URN_RECORD, "severity", "Severity")),
            "valueCodeableConcept": c.concept(severity,
                                              c.coding(c.URN_SEVERITY, ae.severity, severity)),
        }]  # fmt: skip
        if ae.interventions:
            text = "; ".join(label("interventions", i) for i in ae.interventions)
            components.append({"code": c.concept("Intervention", c.coding(
                c.URN_RECORD, "intervention", "Intervention")), "valueString": text})  # fmt: skip
        if ae.outcome:
            components.append({"code": c.concept("Outcome", c.coding(
                c.URN_RECORD, "outcome", "Outcome")), "valueString": ae.outcome})  # fmt: skip
        obs["component"] = components
        if ae.note:
            obs["note"] = [{"text": ae.note}]
        out.append(obs)
    return out
