"""The numbers that show whether a course is working: one function for screen and PDF alike."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from kapnotes.domain.records import AdverseEvent, Client, Session, day_order
from kapnotes.domain.scales import SCALES, response_remission, score
from kapnotes.domain.vocab import vocabulary


@dataclass(frozen=True)
class ScalePoint:
    """One scored scale on one session."""

    session_id: int | None
    date: date
    total: float | None
    band: str | None
    complete: bool = True  # False: items missing, the total is a partial sum or mean


SCALE_ORDER = ("phq9", "gad7", "pcl5", "cadss", "meq30", "ebi", "cssrs")


@dataclass(frozen=True)
class ScaleChange:
    """A scale's first complete score in the course against its latest."""

    baseline: float
    latest: float
    change_pct: float | None  # positive = the score fell
    points: int


@dataclass
class CourseProgress:
    """Series and outcomes across a course, oldest session first."""

    scale_series: dict[str, list[ScalePoint]] = field(default_factory=dict)
    dose_points: list[tuple[date, int | None, float | None]] = field(default_factory=list)
    dissociation_points: list[tuple[date, int | None, int]] = field(default_factory=list)
    theme_counts: list[tuple[str, str, int]] = field(default_factory=list)
    phq9_baseline: float | None = None
    phq9_latest: float | None = None
    phq9_change_pct: float | None = None  # positive = improvement (a fall in PHQ-9)
    response: bool | None = None
    remission: bool | None = None
    adverse_events: list[tuple[date, int | None, AdverseEvent]] = field(default_factory=list)
    scale_changes: dict[str, ScaleChange] = field(default_factory=dict)
    safety_flags: list[tuple[date, int | None, str]] = field(default_factory=list)
    sessions: int = 0
    dosing_sessions: int = 0

    def ordered_scales(self) -> list[str]:
        """Scale codes with scores, in the usual order (known scales first)."""
        rank = {code: i for i, code in enumerate(SCALE_ORDER)}
        return sorted(self.scale_series, key=lambda c: (rank.get(c, len(rank)), c))

    def outcome_text(self) -> str:
        """One sentence on PHQ-9 change, response and remission."""
        if self.phq9_baseline is None:
            return "No PHQ-9 recorded in this course."
        # Response is set only from two complete PHQ-9s: partial ones are not outcomes.
        if self.response is None:
            return f"PHQ-9 baseline {self.phq9_baseline:g}; no later score yet."
        change = (
            f"{abs(self.phq9_change_pct):.0f}% {'lower' if self.phq9_change_pct >= 0 else 'higher'}"
            if self.phq9_change_pct is not None
            else "no change computable"
        )
        words = [
            f"PHQ-9 {self.phq9_baseline:g} at baseline, {self.phq9_latest:g} latest ({change}).",
            "Response (≥ 50% fall)." if self.response else "No response yet (< 50% fall).",
            "Remission (PHQ-9 < 5)." if self.remission else "Not in remission (PHQ-9 ≥ 5).",
        ]
        return " ".join(words)


def course_progress(sessions: list[Session], client: Client | None) -> CourseProgress:
    """Scale series, dose and dissociation per dosing session, theme counts and PHQ-9 outcome."""
    ordered = sorted(sessions, key=day_order)
    progress = CourseProgress()
    themes = vocabulary("themes")
    counts: Counter[str] = Counter()
    for s in ordered:
        progress.sessions += 1
        progress.dosing_sessions += s.kind == "dosing"
        for sc in s.scales:
            result = score(sc)
            if result.safety_flag:
                progress.safety_flags.append((s.date, s.id, result.safety_flag))
            if result.total is None:
                continue
            progress.scale_series.setdefault(sc.scale, []).append(
                ScalePoint(s.id, s.date, result.total, result.band, result.complete)
            )
        if s.kind == "dosing" and s.given():
            progress.dose_points.append((s.date, s.id, s.mg_per_kg(client)))
        if s.kind == "dosing":
            progress.dissociation_points.append((s.date, s.id, s.peak_intensity("dissociation")))
        counts.update({t.theme for t in s.themes})
        progress.adverse_events.extend((s.date, s.id, ae) for ae in s.adverse_events)
    progress.theme_counts = [
        (code, themes.label(code), n)
        for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], themes.label(kv[0])))
    ]
    progress.scale_changes = _scale_changes(progress.scale_series)
    # The PHQ-9 outcome is that scale's change (complete scores only), not a second pass.
    phq = progress.scale_changes.get("phq9")
    if phq is not None:
        progress.phq9_baseline, progress.phq9_latest = phq.baseline, phq.latest
        progress.phq9_change_pct = phq.change_pct
        if phq.points >= 2:
            progress.response, progress.remission = response_remission(phq.baseline, phq.latest)
    return progress


def _scale_changes(series: dict[str, list[ScalePoint]]) -> dict[str, ScaleChange]:
    """Baseline (first scored) against latest for each scale; sum scales need complete scores."""
    out = {}
    for code, points in series.items():
        scale = SCALES.get(code)
        if scale is not None and scale.bands and scale.scoring == "sum":
            points = [p for p in points if p.band is not None]  # partial sums understate
        if not points:  # a series holds only scored points (total not None)
            continue
        first, last = points[0].total, points[-1].total
        pct = round(100 * (first - last) / first, 1) if first else None
        out[code] = ScaleChange(first, last, pct, len(points))
    return out


def scored_as_mean(code: str) -> bool:
    """Whether a scale's total is a mean of its items (EBI, MEQ-30), not a sum."""
    scale = SCALES.get(code)
    return scale is not None and scale.scoring in ("mean", "subscales")


def chart_max(code: str, values: list[float]) -> float:
    """The top of a scale's chart: its highest possible score (means: the item maximum)."""
    scale = SCALES.get(code)
    top = max(values, default=1.0)
    if scale is None:
        return top or 1.0
    if scale.total_only or scored_as_mean(code):
        limit = scale.total_max if scale.total_only else scale.item_max
        return max(float(limit), top)
    return max(float(scale.n_items * scale.item_max), top)


def scale_bands(code: str) -> list[tuple[float, float, str]]:
    """The severity bands of a scale (low, high, name), lowest first; [] when it has none."""
    scale = SCALES.get(code)
    if scale is None or scale.scoring == "cssrs":
        return []
    return [(float(lo), float(hi), name) for lo, hi, name in scale.bands]
