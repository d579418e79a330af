"""Vital-sign Observations (US Core blood pressure, heart rate, pulse oximetry, respiratory
rate; the sedation score text-coded), as Bundle entries.

Vital signs are half the resources of a bundle and hold no typed text: only ids, times and
numbers. A vitals line becomes its entries in one template call (template.py): one template
per combination of the measures a line holds, made the first time that combination is seen.
"""

from __future__ import annotations

import functools
from typing import Any

from kapnotes.domain.records import VitalSign
from kapnotes.export.fhir import codes as c
from kapnotes.export.fhir.encounter import ENCOUNTER, SUBJECT, SessionContext
from kapnotes.export.fhir.refs import label
from kapnotes.export.fhir.template import Slot, entry_shape, template

_ABSENT = c.concept(
    "Not recorded",
    c.coding("http://terminology.hl7.org/CodeSystem/data-absent-reason", "unknown", "Unknown"),
)


def _vital(name: str, profile: str | None, category: dict, code: dict, result: dict) -> dict:
    """A vital-sign Observation entry of the session; its id is the slot id_<name>."""
    return entry_shape({
        "resourceType": "Observation",
        "id": Slot(f"id_{name}", "code"),
        **({"meta": {"profile": [c.PROFILES[profile]]}} if profile else {}),
        "status": Slot("status", "code"),
        "category": [category],
        "code": code,
        "subject": SUBJECT,
        "encounter": ENCOUNTER,
        "effectiveDateTime": Slot("time", "code"),
        **result,
    }, f"id_{name}")  # fmt: skip


def _quantity(name: str, unit: str, code: str) -> dict[str, Any]:
    # Numbers come as JSON text (_number): a stored vital is never NaN.
    return {"value": Slot(name, "raw"), "unit": unit, "system": c.UCUM, "code": code}


def _component(code: dict, name: str, present: bool) -> dict[str, Any]:
    """A BP component: its value, or the reason it has none (never a zero)."""
    concept = c.concept(code["display"], code)
    if present:
        return {"code": concept, "valueQuantity": _quantity(name, "mmHg", "mm[Hg]")}
    return {"code": concept, "dataAbsentReason": _ABSENT}


_HR = ("hr", "heart_rate", c.concept("Heart rate", c.HEART_RATE), "beats/minute", "/min")
_SPO2 = (
    "spo2",
    "pulse_oximetry",
    c.concept("Oxygen saturation (pulse oximetry)", c.SPO2, c.SPO2_ALT),
    "%",
    "%",
)
_RR = ("rr", "respiratory_rate", c.concept("Respiratory rate", c.RESP_RATE),
       "breaths/minute", "/min")  # fmt: skip


def _measure(name: str, profile: str, code: dict, unit: str, ucum: str) -> dict:
    return _vital(name, profile, c.VITAL_SIGNS, code,
                  {"valueQuantity": _quantity(name, unit, ucum)})  # fmt: skip


@functools.cache
def _line(systolic: bool, diastolic: bool, hr: bool, spo2: bool, rr: bool, sedation: str | None):
    """The template of a vitals line holding these measures (BP when either part is there)."""
    shapes = []
    if systolic or diastolic:
        parts = [_component(c.SYSTOLIC, "systolic", systolic),
                 _component(c.DIASTOLIC, "diastolic", diastolic)]  # fmt: skip
        shapes.append(_vital("bp", "blood_pressure", c.VITAL_SIGNS,
                             c.concept("Blood pressure", c.BP_PANEL), {"component": parts}))  # fmt: skip
    shapes += [_measure(*m) for m, present in ((_HR, hr), (_SPO2, spo2), (_RR, rr)) if present]
    if sedation is not None:
        scale = label("sedation_scales", sedation)
        code = c.concept(f"Sedation score ({scale})", c.coding(c.URN_SCALE, sedation, scale))
        shapes.append(_vital("sedation", None, c.EXAM, code,
                             {"valueInteger": Slot("sedation", "raw")}))  # fmt: skip
    return template(shapes) if shapes else None


def _number(v: Any) -> str:
    """A stored vital sign as JSON: whole numbers as integers (never NaN: not storable)."""
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def _line_entries(ctx: SessionContext, v: VitalSign) -> str | None:
    """The entries of one vitals line (JSON text), None when it holds no measure."""
    systolic, diastolic, hr, spo2, rr = v.systolic, v.diastolic, v.heart_rate, v.spo2, v.resp_rate
    sedation = v.sedation_scale if v.sedation_score is not None else None
    template = _line(systolic is not None, diastolic is not None, hr is not None,
                     spo2 is not None, rr is not None, sedation)  # fmt: skip
    if template is None:
        return None
    ids, number = ctx.ids, v.id
    values = {"status": ctx.status, "patient": ctx.patient_id, "encounter": ctx.encounter_id,
              "time": ctx.of(v.time)}  # fmt: skip
    if systolic is not None or diastolic is not None:
        values["id_bp"] = ids.id("vital-bp", number)
        values["systolic"] = None if systolic is None else _number(systolic)
        values["diastolic"] = None if diastolic is None else _number(diastolic)
    if hr is not None:
        values["id_hr"], values["hr"] = ids.id("vital-hr", number), _number(hr)
    if spo2 is not None:
        values["id_spo2"], values["spo2"] = ids.id("vital-spo2", number), _number(spo2)
    if rr is not None:
        values["id_rr"], values["rr"] = ids.id("vital-rr", number), _number(rr)
    if sedation is not None:
        values["id_sedation"] = ids.id("vital-sedation", number)
        values["sedation"] = _number(v.sedation_score)
    return template(**values)


def vital_sign_entries(ctx: SessionContext) -> list[str]:
    """Each vitals line as Bundle entries (JSON text): BP panel, heart rate, SpO2,
    respiratory rate and the sedation score, each only when recorded."""
    out = []
    for v in ctx.session.vitals:
        text = _line_entries(ctx, v)
        if text is not None:
            out.append(text)
    return out
