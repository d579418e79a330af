"""Rating scales: item definitions, scoring, severity bands and safety flags (DOMAIN.md).

A missing item is missing, not zero: totals are over the entered items and say how many are
missing, and a sum scale gets no severity band until it is complete (a band from a partial sum
would understate severity).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from kapnotes.domain.formatting import fmt_score
from kapnotes.domain.records import ScaleScore

Band = tuple[float, float, str]


@dataclass(frozen=True)
class ScaleDef:
    """What a scale has: items, their range, how it is scored, its bands."""

    code: str
    label: str
    n_items: int
    item_min: int
    item_max: int
    item_labels: tuple[str, ...] = ()
    total_only: bool = False
    total_max: float = 0
    bands: tuple[Band, ...] = ()
    scoring: str = "sum"  # sum / mean / total / subscales / cssrs
    yes_no: bool = False
    use: str = ""
    anchors: tuple[str, ...] = ()  # what each item value means, item_min first

    def anchor(self, value: int | None) -> str:
        """The words for an item value ("Several days"), "" when unknown or missing."""
        if value is None or not self.anchors:
            return ""
        index = int(value) - self.item_min
        if float(value).is_integer() and 0 <= index < len(self.anchors):
            return self.anchors[index]
        return ""


@dataclass(frozen=True)
class ScaleResult:
    """A scored scale: total (or mean), band, missing items and any safety flag."""

    scale: str
    total: float | None
    band: str | None
    missing: tuple[int, ...] = ()  # 0-based indexes of missing items
    complete: bool = True
    safety_flag: str | None = None
    subscales: dict[str, float] = field(default_factory=dict)
    summary: str = ""


PHQ9_ITEMS = (
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself",
    "Trouble concentrating",
    "Moving or speaking slowly, or being fidgety or restless",
    "Thoughts of being better off dead or of self-harm",
)
GAD7_ITEMS = (
    "Feeling nervous, anxious, or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid as if something awful might happen",
)
PCL5_ITEMS = (
    "Repeated, disturbing, unwanted memories",
    "Repeated, disturbing dreams",
    "Suddenly feeling or acting as if it were happening again",
    "Feeling very upset when reminded",
    "Strong physical reactions when reminded",
    "Avoiding memories, thoughts or feelings",
    "Avoiding external reminders",
    "Trouble remembering important parts",
    "Strong negative beliefs about self, others or the world",
    "Blaming yourself or someone else",
    "Strong negative feelings (fear, horror, anger, guilt, shame)",
    "Loss of interest in activities",
    "Feeling distant or cut off from others",
    "Trouble experiencing positive feelings",
    "Irritable behaviour, angry outbursts",
    "Taking too many risks or doing harmful things",
    "Being superalert, watchful or on guard",
    "Feeling jumpy or easily startled",
    "Difficulty concentrating",
    "Trouble falling or staying asleep",
)
CSSRS_ITEMS = (
    "Wished to be dead or not wake up",
    "Actual thoughts of killing oneself",
    "Thought about how one might do it (method)",
    "Had some intention of acting on the thoughts",
    "Started to work out or worked out details of a plan, with intent",
    "Did, started or prepared to do anything to end one's life (past 3 months)",
)
# Short neutral labels (not the instruments' wording): the clinician reads the items from the
# licensed form; the labels only keep the on-screen entry in step with it.
EBI_ITEMS = (
    "Faced difficult feelings",
    "Resolved a conflict or trauma",
    "Explored challenging emotions",
    "Closure on an issue",
    "Emotional breakthrough",
    "Released emotions",
)

# MEQ-30 subscales (Barrett, Johnson & Griffiths 2015), 1-based item numbers.
MEQ30_SUBSCALES: dict[str, tuple[int, ...]] = {
    "mystical": (4, 5, 6, 9, 14, 15, 16, 18, 20, 21, 23, 24, 25, 26, 28),
    "positive mood": (2, 8, 12, 17, 27, 30),
    "transcendence of time and space": (1, 7, 11, 13, 19, 22),
    "ineffability": (3, 10, 29),
}
MEQ30_COMPLETE_FRACTION = 0.6
MEQ30_ITEMS = tuple(
    f"Item {n} ({next(name for name, nums in MEQ30_SUBSCALES.items() if n in nums)})"
    for n in range(1, 31)
)
FREQUENCY_ANCHORS = ("Not at all", "Several days", "More than half the days", "Nearly every day")
PCL5_ANCHORS = ("Not at all", "A little bit", "Moderately", "Quite a bit", "Extremely")
MEQ30_ANCHORS = ("None", "So slight I cannot decide", "Slight", "Moderate", "Strong", "Extreme")
PCL5_CUTOFF = 31

SCALES: dict[str, ScaleDef] = {
    s.code: s
    for s in (
        ScaleDef(
            "phq9",
            "PHQ-9",
            9,
            0,
            3,
            PHQ9_ITEMS,
            total_max=27,
            bands=(
                (0, 4, "minimal"),
                (5, 9, "mild"),
                (10, 14, "moderate"),
                (15, 19, "moderately severe"),
                (20, 27, "severe"),
            ),
            use="depression",
            anchors=FREQUENCY_ANCHORS,
        ),  # fmt: skip
        ScaleDef(
            "gad7",
            "GAD-7",
            7,
            0,
            3,
            GAD7_ITEMS,
            total_max=21,
            bands=((0, 4, "minimal"), (5, 9, "mild"), (10, 14, "moderate"), (15, 21, "severe")),
            use="anxiety",
            anchors=FREQUENCY_ANCHORS,
        ),  # fmt: skip
        ScaleDef(
            "pcl5",
            "PCL-5",
            20,
            0,
            4,
            PCL5_ITEMS,
            total_max=80,
            bands=(
                (0, PCL5_CUTOFF - 1, "below threshold"),
                (PCL5_CUTOFF, 80, "probable PTSD (cut-off 31–33)"),
            ),
            use="PTSD",
            anchors=PCL5_ANCHORS,
        ),  # fmt: skip
        ScaleDef(
            "cadss",
            "CADSS",
            0,
            0,
            4,
            (),
            total_only=True,
            total_max=92,
            scoring="total",
            use="dissociation during dosing (total only)",
        ),  # fmt: skip
        ScaleDef(
            "meq30",
            "MEQ-30",
            30,
            0,
            5,
            MEQ30_ITEMS,
            total_max=5,
            scoring="subscales",
            use="mystical experience",
            anchors=MEQ30_ANCHORS,
        ),  # fmt: skip
        ScaleDef(
            "ebi",
            "EBI",
            6,
            0,
            100,
            EBI_ITEMS,
            total_max=100,
            scoring="mean",
            use="emotional breakthrough",
        ),  # fmt: skip
        ScaleDef(
            "cssrs",
            "C-SSRS screen",
            6,
            0,
            1,
            CSSRS_ITEMS,
            total_max=6,
            scoring="cssrs",
            yes_no=True,
            bands=((0, 0, "negative"), (1, 1, "low"), (2, 2, "moderate"), (3, 3, "high")),
            use="suicide risk",
            anchors=("No", "Yes"),
        ),  # fmt: skip
    )
}


def scale_label(code: str) -> str:
    scale = SCALES.get(code)
    return scale.label if scale else code


def band_for(scale: ScaleDef, total: float) -> str | None:
    """The band a total falls in (bands are inclusive on both ends)."""
    for low, high, label in scale.bands:
        if low <= total <= high:
            return label
    return None


def _valid(value: object, scale: ScaleDef) -> bool:
    if value is None or isinstance(value, bool):
        return False
    if not isinstance(value, int | float) or math.isnan(value):
        return False
    return scale.item_min <= value <= scale.item_max


def finite(value: object) -> float | None:
    """A finite number as float, else None (strings, NaN, infinities, booleans)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def cssrs_risk(items: list[int | None]) -> str:
    """negative / low / moderate / high from the six screener answers (1 = yes)."""
    yes = [bool(v) for v in (list(items) + [None] * 6)[:6]]
    if yes[3] or yes[4] or yes[5]:
        return "high"
    if yes[2]:
        return "moderate"
    if yes[0] or yes[1]:
        return "low"
    return "negative"


def score(s: ScaleScore) -> ScaleResult:
    """Score a scale as entered. Unknown scales and out-of-range items count as missing."""
    scale = SCALES.get(s.scale)
    if scale is None:
        total = finite(s.total)
        return ScaleResult(
            s.scale, total, None, summary=fmt_score(total) if total is not None else "—"
        )
    if scale.total_only:
        total = finite(s.total)
        if total is None or not 0 <= total <= scale.total_max:
            return ScaleResult(s.scale, None, None, complete=False, summary="not entered")
        return ScaleResult(s.scale, float(total), None, summary=fmt_score(total))

    items = list(s.items)[: scale.n_items] + [None] * max(0, scale.n_items - len(s.items))
    missing = tuple(i for i, v in enumerate(items) if not _valid(v, scale))
    entered = [float(v) for i, v in enumerate(items) if i not in missing]
    complete = not missing
    flag = None
    subscales: dict[str, float] = {}

    if not entered:
        return ScaleResult(s.scale, None, None, missing, False, None, {}, "not entered")

    if scale.scoring == "mean":
        total = round(sum(entered) / len(entered), 1)
        band = None
    elif scale.scoring == "subscales":
        for name, numbers in MEQ30_SUBSCALES.items():
            vals = [float(items[n - 1]) for n in numbers if (n - 1) not in missing]
            if vals:
                subscales[name] = round(sum(vals) / len(vals), 2)
        total = round(sum(entered) / len(entered), 2)
        band = None
        if complete:
            threshold = MEQ30_COMPLETE_FRACTION * scale.item_max
            full = all(v >= threshold for v in subscales.values())
            band = "complete mystical experience" if full else "not complete"
    elif scale.scoring == "cssrs":
        total = float(sum(entered))
        risk = cssrs_risk(items)
        band = risk
        if risk != "negative":
            flag = f"C-SSRS screen positive: {risk} risk"
    else:
        total = float(sum(entered))
        band = band_for(scale, total) if complete else None

    if s.scale == "phq9" and len(items) >= 9 and _valid(items[8], scale) and items[8] > 0:
        flag = f"PHQ-9 item 9 (thoughts of death or self-harm) scored {int(items[8])}"

    if complete:
        summary = f"{fmt_score(total)} ({band})" if band else fmt_score(total)
    else:
        n = len(missing)
        summary = f"{fmt_score(total)} — {n} item{'s' if n != 1 else ''} missing"
    return ScaleResult(s.scale, total, band, missing, complete, flag, subscales, summary)


def response_remission(
    baseline: float | None, latest: float | None
) -> tuple[bool | None, bool | None]:
    """PHQ-9 response (a drop of at least 50 % from baseline) and remission (below 5)."""
    if baseline is None or latest is None:
        return None, None
    response = baseline > 0 and (baseline - latest) / baseline >= 0.5
    return response, latest < 5
