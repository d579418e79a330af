"""The bounds of the possible for every number a record holds.

Wider than the clinical warning and error ranges (those are the practice's settings and
domain.validation's findings): a value outside these bounds cannot be a measurement at all
(a systolic pressure of 10^300, a dose of -20 mg), so an import refuses it outright and no
widget should ever be able to produce it. Keyed by (record class name, field name).
"""

from __future__ import annotations

from kapnotes.domain.scales import SCALES

MINUTES_IN_A_DAY = 24 * 60

POSSIBLE: dict[tuple[str, str], tuple[float, float]] = {
    ("WeightEntry", "kg"): (0.1, 700.0),
    ("Administration", "mg"): (0.0, 5000.0),
    ("VitalSign", "systolic"): (0, 400),
    ("VitalSign", "diastolic"): (0, 400),
    ("VitalSign", "heart_rate"): (0, 400),
    ("VitalSign", "spo2"): (0, 100),
    ("VitalSign", "resp_rate"): (0, 200),
    ("VitalSign", "sedation_score"): (-5, 5),  # RASS -5..+4, MOAA/S 0..5
    ("EffectObservation", "intensity"): (0, 3),
    ("ScaleScore", "total"): (0, max(s.total_max for s in SCALES.values())),
    ("ScaleScore", "items"): (
        min(s.item_min for s in SCALES.values()),
        max(s.item_max for s in SCALES.values()),
    ),
    ("DosingDetails", "onset_min"): (0, MINUTES_IN_A_DAY),
    ("DosingDetails", "peak_min"): (0, MINUTES_IN_A_DAY),
    ("DosingDetails", "baseline_min"): (0, MINUTES_IN_A_DAY),
    ("RemsDetails", "ready_to_leave_min"): (0, MINUTES_IN_A_DAY),
    ("Session", "number"): (0, 100_000),
    # Before the first dose (domain.intake, domain.checklist): checked there with their own
    # messages first; these bounds only catch what those rules let through.
    ("ConsentRecord", "template_version"): (1, 1_000_000),
    ("PreDoseChecklist", "fasting_hours"): (0, 72),
}


def possible_range(record: str, field: str) -> tuple[float, float] | None:
    """The bounds of a numeric field ((low, high), both included), None for other fields."""
    return POSSIBLE.get((record, field))


def scale_problems(code: str, items: list, total: float | None) -> list[tuple[str, str]]:
    """(field, reason) for a scale score that no form could have produced: an unknown scale,
    the wrong number of items, an item or total outside the scale's range."""
    scale = SCALES.get(code)
    if scale is None:
        return [("scale", f"{code!r} is not a known scale ({', '.join(sorted(SCALES))})")]
    out: list[tuple[str, str]] = []
    if scale.total_only:
        if items:
            out.append(("items", f"{scale.label} is entered as a total only; items must be []"))
        if total is not None and not 0 <= total <= scale.total_max:
            out.append(("total", f"{total:g} is out of range (0–{scale.total_max:g})"))
        return out
    if len(items) != scale.n_items:
        out.append(("items", f"{scale.label} has {scale.n_items} items, not {len(items)}"))
    for i, value in enumerate(items):
        if value is not None and not scale.item_min <= value <= scale.item_max:
            out.append(
                (f"items[{i}]", f"{value} is out of range ({scale.item_min}–{scale.item_max})")
            )
    if total is not None:
        out.append(("total", f"{scale.label} is scored from its items; total must be null"))
    return out
