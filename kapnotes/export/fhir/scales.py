"""Rating scales: a total Observation (LOINC where it has a code) and a QuestionnaireResponse
with the items as entered (a missing item is an item without an answer, never a zero)."""

from __future__ import annotations

import functools
from typing import Any

from kapnotes.domain.records import ScaleScore
from kapnotes.domain.scales import SCALES, score
from kapnotes.export.fhir import codes as c
from kapnotes.export.fhir.encounter import ENCOUNTER, SUBJECT, SessionContext
from kapnotes.export.fhir.template import Slot, entry, join, template, value

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
    "?note": Slot("notes", "raw"),
    "?derivedFrom": Slot("response", "raw"),
})  # fmt: skip
_SCORE = template(
    {"value": Slot("value", "number"), "unit": "{score}", "system": c.UCUM, "code": "{score}"}
)
_DERIVED = template({"reference": f"urn:uuid:{Slot('id', 'code')}"})


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


# Many sessions hold the same answers (a PHQ-9 of all zeros ...): the parts made from the
# answers alone are kept for the next session with the same ones (bounded).
_SAME_ANSWERS = 16384


@functools.cache
def _answer_texts(code: str) -> list[tuple[dict[int, str], str]]:
    """Per item: its JSON text for each answer in the scale's range, and without an answer."""
    scale = SCALES[code]
    out = []
    for unanswered, answered in _items(code):
        texts = {}
        for v in range(int(scale.item_min), int(scale.item_max) + 1):
            answer = ("true" if v else "false") if scale.yes_no else str(v)
            texts[v] = answered + answer + "}]}"
        out.append((texts, unanswered))
    return out


@functools.lru_cache(maxsize=_SAME_ANSWERS)
def _answered(code: str, answers: tuple) -> tuple[str, bool]:
    """The items of a response as JSON text, and whether every item has an answer."""
    yes_no = SCALES[code].yes_no
    items = []
    complete = True
    for i, (texts, unanswered) in enumerate(_answer_texts(code)):
        v = answers[i] if i < len(answers) else None
        if type(v) is int and v in texts:  # the usual case: an answer in the scale's range
            items.append(texts[v])
        elif isinstance(v, int | float) and not isinstance(v, bool):
            answer = ("true" if v else "false") if yes_no else str(int(v))
            items.append(_items(code)[i][1] + answer + "}]}")
        else:
            items.append(unanswered)
            complete = False
    return join(items), complete


def questionnaire_response(ctx: SessionContext, s: ScaleScore) -> str | None:
    """The items as answered (None for total-only scales such as CADSS)."""
    scale = SCALES.get(s.scale)
    if scale is None or scale.total_only or not s.items:
        return None
    items, complete = _answered(s.scale, tuple(s.items))
    return _RESPONSE(
        id=ctx.ids.id("QuestionnaireResponse", s.id),
        questionnaire=_questionnaire(s.scale),
        status="completed" if complete and ctx.final else "in-progress",
        patient=ctx.patient_id,
        encounter=ctx.encounter_id,
        time=ctx.at(None),
        items=items,
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


@functools.lru_cache(maxsize=_SAME_ANSWERS)
def _scored(code: str, answers: tuple, entered_total: float | None) -> dict[str, Any] | None:
    """The result's values made from the answers alone (None when there is no score): whether
    it is complete, the value, the band as interpretation, missing items and flags as notes."""
    result = score(ScaleScore(code, list(answers), entered_total))
    if result.total is None:
        return None
    scale = SCALES.get(code)
    cssrs = code == "cssrs"
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
    return {
        "complete": result.complete,
        "concept": value(c.concept(result.band or "negative")) if cssrs else None,
        "quantity": None if cssrs else _SCORE(value=total),
        "interpretation": value([c.concept(result.band)]) if result.band and not cssrs else None,
        "notes": value([{"text": n} for n in notes]) if notes else None,
    }  # fmt: skip


def scale_observation(ctx: SessionContext, s: ScaleScore, has_response: bool) -> str | None:
    """The scored result: total (or mean, or C-SSRS risk level), band and missing items."""
    scored = _scored(s.scale, tuple(s.items), s.total)
    if scored is None:
        return None
    derived = None
    if has_response:
        derived = join([_DERIVED(id=ctx.ids.id("QuestionnaireResponse", s.id))])
    return _RESULT(
        id=ctx.ids.id("scale", s.id),
        status="final" if ctx.final and scored["complete"] else "preliminary",
        code=_code(s.scale),
        patient=ctx.patient_id,
        encounter=ctx.encounter_id,
        time=ctx.at(None),
        concept=scored["concept"],
        quantity=scored["quantity"],
        interpretation=scored["interpretation"],
        notes=scored["notes"],
        response=derived,
    )


def forget_answers() -> None:
    """Empty the caches of answers (at the end of an export: they hold a practice's scores)."""
    _answered.cache_clear()
    _scored.cache_clear()


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
