"""The numbers that show whether a course is working: one function for screen and PDF alike."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, time

from kapnotes.domain.records import AdverseEvent, Client, Session
from kapnotes.domain.scales import response_remission, score
from kapnotes.domain.vocab import vocabulary


@dataclass(frozen=True)
class ScalePoint:
    """One scored scale on one session."""

    session_id: int | None
    date: date
    total: float | None
    band: str | None


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

    def outcome_text(self) -> str:
        """One sentence on PHQ-9 change, response and remission."""
        if self.phq9_baseline is None:
            return "No PHQ-9 recorded in this course."
        if self.phq9_latest is None or len(self.scale_series.get("phq9", [])) < 2:
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
    ordered = sorted(sessions, key=lambda s: (s.date, s.start_time or time.min, s.id or 0))
    progress = CourseProgress()
    themes = vocabulary("themes")
    counts: Counter[str] = Counter()
    for s in ordered:
        for sc in s.scales:
            result = score(sc)
            if result.total is None:
                continue
            progress.scale_series.setdefault(sc.scale, []).append(
                ScalePoint(s.id, s.date, result.total, result.band)
            )
        if s.kind == "dosing" and s.administrations:
            progress.dose_points.append((s.date, s.id, s.mg_per_kg(client)))
        if s.kind == "dosing":
            progress.dissociation_points.append((s.date, s.id, s.peak_intensity("dissociation")))
        counts.update({t.theme for t in s.themes})
        progress.adverse_events.extend((s.date, s.id, ae) for ae in s.adverse_events)
    progress.theme_counts = [
        (code, themes.label(code), n)
        for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], themes.label(kv[0])))
    ]
    phq = [p for p in progress.scale_series.get("phq9", []) if p.band is not None]
    if phq:
        progress.phq9_baseline = phq[0].total
        progress.phq9_latest = phq[-1].total
        if progress.phq9_baseline:
            drop = progress.phq9_baseline - progress.phq9_latest
            progress.phq9_change_pct = round(100 * drop / progress.phq9_baseline, 1)
        if len(phq) >= 2:
            progress.response, progress.remission = response_remission(
                progress.phq9_baseline, progress.phq9_latest
            )
    return progress
