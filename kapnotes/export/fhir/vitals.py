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
from kapnotes.export.fhir.template import Slot, Template, entry_shape

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
    return {"value": Slot(name, "number"), "unit": unit, "system": c.UCUM, "code": code}


def _component(code: dict, name: str, present: bool) -> dict[str, Any]:
    """A BP component: its value, or the reason it has none (never a zero)."""
    concept = c.concept(code["display"], code)
    if present:
        return {"code": concept, "valueQuantity": _quantity(name, "mmHg", "mm[Hg]")}
    return {"code": concept, "dataAbsentReason": _ABSENT}


# (measure, record field, kind for refs.Ids, the entry given its slot name)
_MEASURES = (
    ("hr", "heart_rate", "vital-hr", lambda: _vital(
        "hr", "heart_rate", c.VITAL_SIGNS, c.concept("Heart rate", c.HEART_RATE),
        {"valueQuantity": _quantity("hr", "beats/minute", "/min")})),
    ("spo2", "spo2", "vital-spo2", lambda: _vital(
        "spo2", "pulse_oximetry", c.VITAL_SIGNS,
        c.concept("Oxygen saturation (pulse oximetry)", c.SPO2, c.SPO2_ALT),
        {"valueQuantity": _quantity("spo2", "%", "%")})),
    ("rr", "resp_rate", "vital-rr", lambda: _vital(
        "rr", "respiratory_rate", c.VITAL_SIGNS, c.concept("Respiratory rate", c.RESP_RATE),
        {"valueQuantity": _quantity("rr", "breaths/minute", "/min")})),
)  # fmt: skip


@functools.cache
def _line(systolic: bool, diastolic: bool, measures: tuple[str, ...], sedation: str | None):
    """The template of a vitals line holding these measures (BP when either part is there)."""
    shapes = []
    if systolic or diastolic:
        parts = [_component(c.SYSTOLIC, "systolic", systolic),
                 _component(c.DIASTOLIC, "diastolic", diastolic)]  # fmt: skip
        shapes.append(_vital("bp", "blood_pressure", c.VITAL_SIGNS,
                             c.concept("Blood pressure", c.BP_PANEL), {"component": parts}))  # fmt: skip
    shapes += [make() for name, _f, _k, make in _MEASURES if name in measures]
    if sedation is not None:
        scale = label("sedation_scales", sedation)
        code = c.concept(f"Sedation score ({scale})", c.coding(c.URN_SCALE, sedation, scale))
        shapes.append(_vital("sedation", None, c.EXAM, code,
                             {"valueInteger": Slot("sedation", "number")}))  # fmt: skip
    return Template(shapes) if shapes else None


def _number(v: Any) -> int | float:
    """A stored vital sign: whole numbers as integers (never NaN: not storable)."""
    return int(v) if float(v).is_integer() else float(v)


def _line_entries(ctx: SessionContext, v: VitalSign) -> str | None:
    """The entries of one vitals line (JSON text), None when it holds no measure."""
    values: dict[str, Any] = {}
    present = []
    for name, field, _kind, _make in _MEASURES:
        number = getattr(v, field)
        if number is not None:
            present.append(name)
            values[name] = _number(number)
    sedation = v.sedation_scale if v.sedation_score is not None else None
    template = _line(v.systolic is not None, v.diastolic is not None, tuple(present), sedation)
    if template is None:
        return None
    ids = ctx.ids
    if v.systolic is not None or v.diastolic is not None:
        values["id_bp"] = ids.id("vital-bp", v.id)
        for part in ("systolic", "diastolic"):
            if getattr(v, part) is not None:
                values[part] = _number(getattr(v, part))
    for name, _field, kind, _make in _MEASURES:
        if name in values:
            values[f"id_{name}"] = ids.id(kind, v.id)
    if sedation is not None:
        values["id_sedation"] = ids.id("vital-sedation", v.id)
        values["sedation"] = _number(v.sedation_score)
    return template(status=ctx.status, patient=ctx.patient_id, encounter=ctx.encounter_id,
                    time=ctx.at(v.time), **values)  # fmt: skip


def vital_sign_entries(ctx: SessionContext) -> list[str]:
    """Each vitals line as Bundle entries (JSON text): BP panel, heart rate, SpO2,
    respiratory rate and the sedation score, each only when recorded."""
    out = []
    for v in ctx.session.vitals:
        text = _line_entries(ctx, v)
        if text is not None:
            out.append(text)
    return out
