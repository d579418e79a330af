"""Vital-sign Observations (US Core blood pressure, heart rate, pulse oximetry, respiratory
rate; the sedation score text-coded), as Bundle entries.

Vital signs are half the resources of a bundle and hold no typed text: only ids, times and
numbers, filled into templates (template.py) whose profile, category and code are encoded once.
"""

from __future__ import annotations

import functools
from typing import Any

from kapnotes.export.fhir import codes as c
from kapnotes.export.fhir.encounter import ENCOUNTER, SUBJECT, SessionContext
from kapnotes.export.fhir.refs import label
from kapnotes.export.fhir.template import Slot, Template, entry, join, value


def _vital(profile: str | None, category: dict, code: dict, result: dict) -> Template:
    """A vital-sign Observation of the session: profile, category, code and its value."""
    return entry({
        "resourceType": "Observation",
        "id": Slot("id", "code"),
        **({"meta": {"profile": [c.PROFILES[profile]]}} if profile else {}),
        "status": Slot("status", "code"),
        "category": [category],
        "code": code,
        "subject": SUBJECT,
        "encounter": ENCOUNTER,
        "effectiveDateTime": Slot("time", "code"),
        **result,
    })  # fmt: skip


def _quantity(unit: str, code: str) -> dict[str, Any]:
    return {"valueQuantity": {"value": Slot("value", "number"), "unit": unit, "system": c.UCUM,
                              "code": code}}  # fmt: skip


_ABSENT = c.concept(
    "Not recorded",
    c.coding("http://terminology.hl7.org/CodeSystem/data-absent-reason", "unknown", "Unknown"),
)


def _part(code: dict) -> tuple[Template, str]:
    """A BP component with a value (a template), and the same without one (its text)."""
    concept = c.concept(code["display"], code)
    present = Template({"code": concept, "valueQuantity": {
        "value": Slot("value", "number"), "unit": "mmHg", "system": c.UCUM, "code": "mm[Hg]"}})  # fmt: skip
    return present, value({"code": concept, "dataAbsentReason": _ABSENT})


_BP = _vital("blood_pressure", c.VITAL_SIGNS, c.concept("Blood pressure", c.BP_PANEL),
             {"component": Slot("parts", "raw")})  # fmt: skip
_SYSTOLIC, _DIASTOLIC = _part(c.SYSTOLIC), _part(c.DIASTOLIC)
_HR = _vital("heart_rate", c.VITAL_SIGNS, c.concept("Heart rate", c.HEART_RATE),
             _quantity("beats/minute", "/min"))  # fmt: skip
_SPO2 = _vital("pulse_oximetry", c.VITAL_SIGNS,
               c.concept("Oxygen saturation (pulse oximetry)", c.SPO2, c.SPO2_ALT),
               _quantity("%", "%"))  # fmt: skip
_RR = _vital("respiratory_rate", c.VITAL_SIGNS, c.concept("Respiratory rate", c.RESP_RATE),
             _quantity("breaths/minute", "/min"))  # fmt: skip


@functools.cache
def _sedation(scale_code: str) -> Template:
    scale = label("sedation_scales", scale_code)
    code = c.concept(f"Sedation score ({scale})", c.coding(c.URN_SCALE, scale_code, scale))
    return _vital(None, c.EXAM, code, {"valueInteger": Slot("value", "number")})


def _number(v: Any) -> int | float:
    """A stored vital sign: whole numbers as integers (never NaN: not storable)."""
    return int(v) if float(v).is_integer() else float(v)


def vital_sign_entries(ctx: SessionContext) -> list[str]:
    """Each vitals line as Bundle entries (JSON text): BP panel, heart rate, SpO2,
    respiratory rate and the sedation score, each only when recorded."""
    out: list[str] = []
    ids = ctx.ids
    common = {"status": ctx.status, "patient": ctx.patient_id, "encounter": ctx.encounter_id}
    for v in ctx.session.vitals:
        time = ctx.at(v.time)
        if v.systolic is not None or v.diastolic is not None:
            parts = [
                absent if number is None else present(value=_number(number))
                for (present, absent), number in ((_SYSTOLIC, v.systolic),
                                                  (_DIASTOLIC, v.diastolic))
            ]  # fmt: skip
            out.append(_BP(id=ids.id("vital-bp", v.id), time=time, parts=join(parts), **common))
        for template, kind, number in ((_HR, "vital-hr", v.heart_rate),
                                       (_SPO2, "vital-spo2", v.spo2),
                                       (_RR, "vital-rr", v.resp_rate)):  # fmt: skip
            if number is not None:
                out.append(template(id=ids.id(kind, v.id), time=time, value=_number(number),
                                    **common))  # fmt: skip
        if v.sedation_score is not None:
            out.append(_sedation(v.sedation_scale)(
                id=ids.id("vital-sedation", v.id), time=time, value=_number(v.sedation_score),
                **common))  # fmt: skip
    return out
