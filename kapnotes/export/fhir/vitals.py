"""Vital-sign Observations (US Core blood pressure, heart rate, pulse oximetry, respiratory
rate; the sedation score text-coded), written as ready Bundle entries.

Vital signs are half the resources of a bundle and hold no typed text: only ids, times and
numbers. So each entry is a template whose constant part (profile, category, code) is
encoded once, and only those values are filled in: the same JSON the encoder would write,
for a fraction of the time.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from kapnotes.export.fhir import codes as c
from kapnotes.export.fhir.encounter import SessionContext
from kapnotes.export.fhir.refs import label

_dump = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_ABSENT = c.concept(
    "Not recorded",
    c.coding("http://terminology.hl7.org/CodeSystem/data-absent-reason", "unknown", "Unknown"),
)


def _template(profile: str | None, category: dict, code: dict, value: str) -> str:
    """An entry with %-placeholders: id (twice), status, patient, encounter, time, value."""
    meta = f'"meta":{{"profile":[{_dump(c.PROFILES[profile])}]}},' if profile else ""
    return (
        '{"fullUrl":"urn:uuid:%(id)s","resource":{"resourceType":"Observation","id":"%(id)s",'
        + meta
        + '"status":"%(status)s","category":['
        + _dump(category).replace("%", "%%")
        + '],"code":'
        + _dump(code).replace("%", "%%")
        + ',"subject":{"reference":"%(patient)s"},"encounter":{"reference":"%(encounter)s"},'
        '"effectiveDateTime":"%(time)s",' + value + "}}"
    )


def _quantity(unit: str, code: str) -> str:
    return ('"valueQuantity":{"value":%(value)s,"unit":"' + unit.replace("%", "%%")
            + '","system":"' + c.UCUM + '","code":"' + code.replace("%", "%%") + '"}')  # fmt: skip


def _part(code: dict) -> tuple[str, str]:
    """A BP component with a value, and the same without one."""
    head = '{"code":' + _dump(c.concept(code["display"], code)) + ","
    with_value = head + '"valueQuantity":{"value":%s,"unit":"mmHg","system":"' + c.UCUM
    return (with_value + '","code":"mm[Hg]"}}', head + '"dataAbsentReason":' + _dump(_ABSENT) + "}")


_BP = _template("blood_pressure", c.VITAL_SIGNS, c.concept("Blood pressure", c.BP_PANEL),
                '"component":[%(value)s]')  # fmt: skip
_SYSTOLIC, _DIASTOLIC = _part(c.SYSTOLIC), _part(c.DIASTOLIC)
_HR = _template("heart_rate", c.VITAL_SIGNS, c.concept("Heart rate", c.HEART_RATE),
                _quantity("beats/minute", "/min"))  # fmt: skip
_SPO2 = _template("pulse_oximetry", c.VITAL_SIGNS,
                  c.concept("Oxygen saturation (pulse oximetry)", c.SPO2, c.SPO2_ALT),
                  _quantity("%", "%"))  # fmt: skip
_RR = _template("respiratory_rate", c.VITAL_SIGNS, c.concept("Respiratory rate", c.RESP_RATE),
                _quantity("breaths/minute", "/min"))  # fmt: skip


@functools.cache
def _sedation(scale_code: str) -> str:
    scale = label("sedation_scales", scale_code)
    code = c.concept(f"Sedation score ({scale})", c.coding(c.URN_SCALE, scale_code, scale))
    return _template(None, c.EXAM, code, '"valueInteger":%(value)s')


def _number(value: Any) -> str:
    """A stored vital sign as JSON: whole numbers as they are (never NaN: not storable)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def vital_sign_entries(ctx: SessionContext) -> list[str]:
    """Each vitals line as Bundle entries (JSON text): BP panel, heart rate, SpO2,
    respiratory rate and the sedation score, each only when recorded."""
    out: list[str] = []
    base = {
        "status": "final" if ctx.final else "preliminary",
        "patient": ctx.patient()["reference"],
        "encounter": ctx.encounter()["reference"],
    }
    ids = ctx.ids
    for v in ctx.session.vitals:
        fields = dict(base, time=ctx.at(v.time))
        if v.systolic is not None or v.diastolic is not None:
            parts = [
                (present % _number(value)) if value is not None else absent
                for (present, absent), value in ((_SYSTOLIC, v.systolic), (_DIASTOLIC, v.diastolic))
            ]  # fmt: skip
            out.append(_BP % dict(fields, id=ids.id("vital-bp", v.id), value=",".join(parts)))
        for template, kind, value in ((_HR, "vital-hr", v.heart_rate),
                                      (_SPO2, "vital-spo2", v.spo2),
                                      (_RR, "vital-rr", v.resp_rate)):  # fmt: skip
            if value is not None:
                out.append(template % dict(fields, id=ids.id(kind, v.id), value=_number(value)))
        if v.sedation_score is not None:
            out.append(_sedation(v.sedation_scale) % dict(
                fields, id=ids.id("vital-sedation", v.id), value=_number(v.sedation_score)))  # fmt: skip
    return out
