"""Rating scales: a total Observation (LOINC where it has a code) and a QuestionnaireResponse
with the items as entered (a missing item is an item without an answer, never a zero)."""

from __future__ import annotations

from typing import Any

from kapnotes.domain.records import ScaleScore
from kapnotes.domain.scales import SCALES, score
from kapnotes.export.fhir import codes as c
from kapnotes.export.fhir.encounter import SessionContext


def _questionnaire(code: str) -> str:
    """The canonical of the questionnaire: LOINC's PHQ-9 panel, else a KAPNotes URN."""
    if code == "phq9":
        return f"http://loinc.org/q/{c.PHQ9_PANEL}"
    return f"{c.URN_QUESTIONNAIRE}{code}"


def questionnaire_response(ctx: SessionContext, s: ScaleScore) -> dict[str, Any] | None:
    """The items as answered (None for total-only scales such as CADSS)."""
    scale = SCALES.get(s.scale)
    if scale is None or scale.total_only or not s.items:
        return None
    items = []
    for i in range(scale.n_items):
        value = s.items[i] if i < len(s.items) else None
        text = scale.item_labels[i] if i < len(scale.item_labels) else f"Item {i + 1}"
        item: dict[str, Any] = {"linkId": str(i + 1), "text": text}
        if s.scale == "cssrs" and i < len(c.CSSRS_ITEM_CODES):
            item["linkId"] = f"/{c.CSSRS_ITEM_CODES[i]}"
        if isinstance(value, int | float) and not isinstance(value, bool):
            if scale.yes_no:
                item["answer"] = [{"valueBoolean": bool(value)}]
            else:
                item["answer"] = [{"valueInteger": int(value)}]
        items.append(item)
    complete = all("answer" in item for item in items)
    return {
        "resourceType": "QuestionnaireResponse",
        "id": ctx.ids.id("QuestionnaireResponse", s.id),
        "meta": {"profile": [c.PROFILES["questionnaire_response"]]},
        "questionnaire": _questionnaire(s.scale),
        "status": "completed" if complete and ctx.final else "in-progress",
        "subject": ctx.patient(),
        "encounter": ctx.encounter(),
        "authored": ctx.at(None),
        "item": items,
    }


def scale_observation(ctx: SessionContext, s: ScaleScore, has_response: bool) -> dict | None:
    """The scored result: total (or mean, or C-SSRS risk level), band and missing items."""
    result = score(s)
    if result.total is None:
        return None
    scale = SCALES.get(s.scale)
    name = scale.label if scale else s.scale
    standard = c.SCALE_TOTALS.get(s.scale)
    what = "risk level" if s.scale == "cssrs" else (
        "mean" if scale and scale.scoring in ("mean", "subscales") else "total score"
    )  # fmt: skip
    codings = [standard] if standard else []
    codings.append(c.coding(c.URN_SCALE, s.scale, name))
    obs: dict[str, Any] = {
        "resourceType": "Observation",
        "id": ctx.ids.id("scale", s.id),
        "meta": {"profile": [c.PROFILES["screening"]]},
        "status": "final" if ctx.final and result.complete else "preliminary",
        "category": [c.SURVEY],
        "code": c.concept(f"{name} {what}", *codings),
        "subject": ctx.patient(),
        "encounter": ctx.encounter(),
        "effectiveDateTime": ctx.at(None),
    }
    if s.scale == "cssrs":
        obs["valueCodeableConcept"] = c.concept(result.band or "negative")
    elif float(result.total).is_integer() and what == "total score":
        obs["valueQuantity"] = c.quantity(int(result.total), "{score}")
    else:
        obs["valueQuantity"] = c.quantity(result.total, "{score}")
    notes = []
    if result.band and s.scale != "cssrs":
        obs["interpretation"] = [c.concept(result.band)]
    if result.missing:
        notes.append(f"{len(result.missing)} item(s) missing: the total is over the items "
                     "entered")  # fmt: skip
    if result.safety_flag:
        notes.append(result.safety_flag)
    if notes:
        obs["note"] = [{"text": n} for n in notes]
    if has_response:
        obs["derivedFrom"] = [ctx.ids.ref("QuestionnaireResponse", s.id)]
    return obs


def scale_resources(ctx: SessionContext) -> list[dict[str, Any]]:
    """For each scale of the session: its QuestionnaireResponse (if items) and its total."""
    out = []
    for s in ctx.session.scales:
        response = questionnaire_response(ctx, s)
        if response is not None:
            out.append(response)
        total = scale_observation(ctx, s, response is not None)
        if total is not None:
            out.append(total)
    return out
