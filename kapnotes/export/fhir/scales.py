"""Rating scales: a total Observation (LOINC where it has a code) and a QuestionnaireResponse
with the items as entered (a missing item is an item without an answer, never a zero)."""

from __future__ import annotations

import functools

from kapnotes.domain.records import ScaleScore
from kapnotes.domain.scales import SCALES, score
from kapnotes.export.fhir import codes as c
from kapnotes.export.fhir.encounter import ENCOUNTER, SUBJECT, SessionContext
from kapnotes.export.fhir.template import Slot, Template, entry, join, value

_RESPONSE = entry({
    "resourceType": "QuestionnaireResponse",
    "id": Slot("id", "code"),
    "meta": {"profile": [c.PROFILES["questionnaire_response"]]},
    "questionnaire": Slot("questionnaire", "code"),
    "status": Slot("status", "code"),
    "subject": SUBJECT,
    "encounter": ENCOUNTER,
    "authored": Slot("time", "code"),
    "item": Slot("items", "raw"),
})  # fmt: skip
_RESULT = entry({
    "resourceType": "Observation",
    "id": Slot("id", "code"),
    "meta": {"profile": [c.PROFILES["screening"]]},
    "status": Slot("status", "code"),
    "category": [c.SURVEY],
    "code": Slot("code", "raw"),
    "subject": SUBJECT,
    "encounter": ENCOUNTER,
    "effectiveDateTime": Slot("time", "code"),
    "?valueCodeableConcept": Slot("concept", "raw"),
    "?valueQuantity": Slot("quantity", "raw"),
    "?interpretation": Slot("interpretation", "raw"),
    "?note": Slot("notes", "json"),
    "?derivedFrom": Slot("response", "raw"),
})  # fmt: skip
_SCORE = Template(
    {"value": Slot("value", "number"), "unit": "{score}", "system": c.UCUM, "code": "{score}"}
)
_DERIVED = Template({"reference": f"urn:uuid:{Slot('id', 'code')}"})


def _questionnaire(code: str) -> str:
    """The canonical of the questionnaire: LOINC's PHQ-9 panel, else a KAPNotes URN."""
    if code == "phq9":
        return f"http://loinc.org/q/{c.PHQ9_PANEL}"
    return f"{c.URN_QUESTIONNAIRE}{code}"


@functools.cache
def _items(code: str) -> tuple[tuple[str, str], ...]:
    """Each item of a scale as JSON text without its closing brace: (unanswered, answered
    prefix). The item texts are the same for every response: encoded once."""
    scale = SCALES[code]
    out = []
    for i in range(scale.n_items):
        text = scale.item_labels[i] if i < len(scale.item_labels) else f"Item {i + 1}"
        link = str(i + 1)
        if code == "cssrs" and i < len(c.CSSRS_ITEM_CODES):
            link = f"/{c.CSSRS_ITEM_CODES[i]}"
        head = '{"linkId":' + value(link) + ',"text":' + value(text)
        kind = "valueBoolean" if scale.yes_no else "valueInteger"
        out.append((head + "}", head + ',"answer":[{"' + kind + '":'))
    return tuple(out)


def questionnaire_response(ctx: SessionContext, s: ScaleScore) -> str | None:
    """The items as answered (None for total-only scales such as CADSS)."""
    scale = SCALES.get(s.scale)
    if scale is None or scale.total_only or not s.items:
        return None
    items = []
    complete = True
    answers = s.items
    for i, (unanswered, answered) in enumerate(_items(s.scale)):
        v = answers[i] if i < len(answers) else None
        if isinstance(v, int | float) and not isinstance(v, bool):
            answer = ("true" if v else "false") if scale.yes_no else str(int(v))
            items.append(answered + answer + "}]}")
        else:
            items.append(unanswered)
            complete = False
    return _RESPONSE(
        id=ctx.ids.id("QuestionnaireResponse", s.id),
        questionnaire=_questionnaire(s.scale),
        status="completed" if complete and ctx.final else "in-progress",
        patient=ctx.patient_id,
        encounter=ctx.encounter_id,
        time=ctx.at(None),
        items=join(items),
    )


@functools.cache
def _code(code: str) -> str:
    """The result's CodeableConcept: the LOINC code where one exists, and the scale's own."""
    scale = SCALES.get(code)
    name = scale.label if scale else code
    what = "risk level" if code == "cssrs" else (
        "mean" if scale and scale.scoring in ("mean", "subscales") else "total score"
    )  # fmt: skip
    standard = c.SCALE_TOTALS.get(code)
    codings = [standard] if standard else []
    codings.append(c.coding(c.URN_SCALE, code, name))
    return value(c.concept(f"{name} {what}", *codings))


def scale_observation(ctx: SessionContext, s: ScaleScore, has_response: bool) -> str | None:
    """The scored result: total (or mean, or C-SSRS risk level), band and missing items."""
    result = score(s)
    if result.total is None:
        return None
    scale = SCALES.get(s.scale)
    cssrs = s.scale == "cssrs"
    total = result.total
    whole = not cssrs and not (scale and scale.scoring in ("mean", "subscales"))
    if whole and float(total).is_integer():  # a total score: whole points
        total = int(total)
    notes = []
    if result.missing:
        notes.append(f"{len(result.missing)} item(s) missing: the total is over the items "
                     "entered")  # fmt: skip
    if result.safety_flag:
        notes.append(result.safety_flag)
    return _RESULT(
        id=ctx.ids.id("scale", s.id),
        status="final" if ctx.final and result.complete else "preliminary",
        code=_code(s.scale),
        patient=ctx.patient_id,
        encounter=ctx.encounter_id,
        time=ctx.at(None),
        concept=value(c.concept(result.band or "negative")) if cssrs else None,
        quantity=None if cssrs else _SCORE(value=total),
        interpretation=value([c.concept(result.band)]) if result.band and not cssrs else None,
        notes=[{"text": n} for n in notes],
        response=join([_DERIVED(id=ctx.ids.id("QuestionnaireResponse", s.id))])
        if has_response else None,
    )  # fmt: skip


def scale_resources(ctx: SessionContext) -> list[str]:
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
