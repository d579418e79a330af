"""Practice settings: who the clinicians are and which ranges raise warnings.

Stored by the practice database (so they travel with it); every field has a default taken
from DOMAIN.md, so an empty practice behaves sensibly.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from kapnotes.domain.phrases import DEFAULT_PHRASES, DEFAULT_PROMPTS


@dataclass
class Clinician:
    """A clinician profile used for signing: name and credentials."""

    name: str
    credentials: str = ""

    def signature(self) -> str:
        return f"{self.name}, {self.credentials}" if self.credentials else self.name


@dataclass
class VitalThresholds:
    """Flags on vital signs (caution and urgent) and the bounds of the possible."""

    pre_systolic_caution: int = 140
    pre_diastolic_caution: int = 90
    systolic_urgent: int = 180
    diastolic_urgent: int = 110
    hr_high: int = 110
    hr_low: int = 50
    spo2_caution: int = 94
    spo2_urgent: int = 90
    systolic_min: int = 50
    systolic_max: int = 260
    diastolic_min: int = 30
    diastolic_max: int = 160
    hr_min: int = 25
    hr_max: int = 250
    spo2_min: int = 50
    spo2_max: int = 100


@dataclass
class PracticeSettings:
    """Everything a clinic can change about how KAPNotes checks and fills notes."""

    practice_name: str = "KAP practice"
    clinicians: list[Clinician] = field(default_factory=list)
    default_template: str = "free"
    dose_ranges: dict[str, list[float]] = field(default_factory=dict)  # route -> [low, high]
    vitals: VitalThresholds = field(default_factory=VitalThresholds)
    autosave_ms: int = 800
    lock_minutes: int = 10
    backup_keep: int = 14
    extra_themes: list[str] = field(default_factory=list)
    extra_effects: list[str] = field(default_factory=list)
    quick_effects: list[str] = field(
        default_factory=lambda: [
            "dissociation",
            "visual",
            "emotional_release",
            "anxiety",
            "nausea",
            "dizziness",
            "sedation",
            "euphoria",
            "time_distortion",
        ]
    )
    reminders_min: list[int] = field(default_factory=lambda: [0, 40, 120])
    theme: str = "light"
    consent_valid_days: int = 365  # consent older than this no longer covers a dosing session
    # [shortcut, text] pairs inserted while writing (kapnotes.domain.phrases).
    phrases: list[list[str]] = field(default_factory=lambda: [list(p) for p in DEFAULT_PHRASES])
    section_prompts: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_PROMPTS))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> PracticeSettings:
        """Build settings from stored JSON; unknown keys are ignored, missing ones default."""
        data = dict(data or {})
        known = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in known}
        if "clinicians" in kwargs:
            kwargs["clinicians"] = [
                c if isinstance(c, Clinician) else Clinician(**c) for c in kwargs["clinicians"]
            ]
        if "vitals" in kwargs and isinstance(kwargs["vitals"], dict):
            vknown = {f.name for f in fields(VitalThresholds)}
            kwargs["vitals"] = VitalThresholds(
                **{k: v for k, v in kwargs["vitals"].items() if k in vknown}
            )
        return cls(**kwargs)

    def dose_range(self, route: str) -> tuple[float, float] | None:
        """The soft range for a route: the clinic's override, else DOMAIN.md's default."""
        from kapnotes.domain.vocab import routes

        if route in self.dose_ranges:
            low, high = self.dose_ranges[route]
            return float(low), float(high)
        r = routes().get(route)
        return (r.low, r.high) if r else None
