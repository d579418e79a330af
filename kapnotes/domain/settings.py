"""Practice settings: who the clinicians are and which ranges raise warnings.

Stored by the practice database (so they travel with it); every field has a default taken
from DOMAIN.md, so an empty practice behaves sensibly.

The rules for what a setting may hold (its type and range) live here, once: the JSON import
refuses a bad value (`check_settings`), loading falls back to the default with a warning
(`load_settings`), the settings dialog takes its spin-box ranges from them and the store
refuses to save what they refuse. A value that slipped past them (an old import) must never
stop the app from starting.
"""

from __future__ import annotations

from dataclasses import MISSING, asdict, dataclass, field, fields
from typing import Any

from kapnotes.domain.phrases import DEFAULT_PHRASES, DEFAULT_PROMPTS
from kapnotes.domain.settings_values import (
    DOSE_RANGE,
    INT_RANGES,
    LIST_MAX,
    QUICK_EFFECTS_MAX,
    REMINDER_RANGE,
    REMINDERS_MAX,
    THEMES,
    VITAL_RANGE,
    SettingsError,
    choice,
    flag,
    list_of,
    long_text,
    number,
    short_text,
    shown,
    whole,
)


@dataclass
class Clinician:
    """A clinician profile used for signing: name and credentials."""

    name: str
    credentials: str = ""
    # The REMS form names the one clinician who monitored, with phone and email.
    phone: str = ""
    email: str = ""

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
    # A rise from the session's own pre-dose baseline is a caution (DOMAIN.md, dose tiers).
    bp_rise_systolic: int = 40
    bp_rise_diastolic: int = 25


@dataclass
class PracticeSettings:
    """Everything a clinic can change about how KAPNotes checks and fills notes."""

    practice_name: str = "KAP practice"
    clinicians: list[Clinician] = field(default_factory=list)
    default_template: str = "free"
    dose_ranges: dict[str, list[float]] = field(default_factory=dict)  # route -> [low, high]
    # route -> [ceiling (urgent above), "check the units" (typed reason to sign above)]
    dose_ceilings: dict[str, list[float]] = field(default_factory=dict)
    weight_max_age_days: int = 90  # mg/kg from an older weight is a warning
    # The healthcare setting, as the REMS Patient Monitoring Form asks for it.
    practice_address: str = ""
    practice_city: str = ""
    practice_state: str = ""
    practice_zip: str = ""
    practice_phone: str = ""
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
    # A dosing note signed by a therapist waits for a prescriber's co-signature.
    require_cosign: bool = False
    consent_valid_days: int = 365  # consent older than this no longer covers a dosing session
    # [shortcut, text] pairs inserted while writing (kapnotes.domain.phrases).
    phrases: list[list[str]] = field(default_factory=lambda: [list(p) for p in DEFAULT_PHRASES])
    section_prompts: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_PROMPTS))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> PracticeSettings:
        """Build settings from stored JSON; unknown keys are ignored, missing or bad ones
        take their default (load_settings also says which)."""
        return load_settings(data)[0]

    def dose_range(self, route: str) -> tuple[float, float] | None:
        """The soft range for a route: the clinic's override, else DOMAIN.md's default."""
        from kapnotes.domain.vocab import routes

        if route in self.dose_ranges:
            low, high = self.dose_ranges[route]
            return float(low), float(high)
        r = routes().get(route)
        return (r.low, r.high) if r else None


# -- the rules per field (the checks of one value are in settings_values) ---------------------
def _clinician(value: Any) -> tuple[Clinician | None, str | None]:
    if isinstance(value, Clinician):
        value = asdict(value)
    if not isinstance(value, dict):
        return None, "not an object with a name"
    unknown = sorted(set(value) - {"name", "credentials", "phone", "email"})
    if unknown:
        return None, f"unknown field {unknown[0]!r}"
    name, problem = short_text(value.get("name"), blank_ok=False)
    if problem:
        return None, f"name {problem}"
    texts = {}
    for key in ("credentials", "phone", "email"):
        texts[key], problem = short_text(value.get(key, ""))
        if problem:
            return None, f"{key} {problem}"
    return Clinician(name, **texts), None


def _dose_ranges(value: Any) -> tuple[dict | None, str | None]:
    from kapnotes.domain.vocab import routes

    if not isinstance(value, dict):
        return None, "not an object"
    out = {}
    for route, pair in value.items():
        if route not in routes():
            return None, f"{shown(route)} is not a known route"
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            return None, f"{route}: not a [low, high] pair"
        low, problem = number(pair[0], *DOSE_RANGE)
        high, problem2 = number(pair[1], *DOSE_RANGE)
        if problem or problem2:
            return None, f"{route}: {problem or problem2}"
        if low > high:
            return None, f"{route}: low {low:g} is above high {high:g}"
        out[route] = [low, high]
    return out, None


def _dose_ceilings(value: Any) -> tuple[dict | None, str | None]:
    """route -> [ceiling, "check the units"]: both in the route's unit, the second higher."""
    checked, problem = _dose_ranges(value)
    if problem:
        return None, problem.replace("[low, high]", "[ceiling, check-the-units]")
    return checked, None


def _template(value: Any) -> tuple[str | None, str | None]:
    from kapnotes.domain.vocab import vocabulary

    return choice(value, vocabulary("templates").codes())


def _label(value: Any) -> tuple[str | None, str | None]:
    return short_text(value, blank_ok=False)


def _reminder(value: Any) -> tuple[int | None, str | None]:
    return whole(value, *REMINDER_RANGE)


_CHECKS = {
    "practice_name": lambda v: short_text(v, blank_ok=False),
    "clinicians": lambda v: list_of(v, LIST_MAX, _clinician),
    "default_template": _template,
    "dose_ranges": _dose_ranges,
    "dose_ceilings": _dose_ceilings,
    **{
        name: (lambda v: short_text(v))
        for name in (
            "practice_address",
            "practice_city",
            "practice_state",
            "practice_zip",
            "practice_phone",
        )
    },  # fmt: skip
    **{name: (lambda v, r=r: whole(v, *r)) for name, r in INT_RANGES.items()},
    "extra_themes": lambda v: list_of(v, LIST_MAX, _label),
    "extra_effects": lambda v: list_of(v, LIST_MAX, _label),
    "quick_effects": lambda v: list_of(v, QUICK_EFFECTS_MAX, _label),
    "reminders_min": lambda v: list_of(v, REMINDERS_MAX, _reminder),
    "theme": lambda v: choice(v, THEMES),
    "require_cosign": lambda v: flag(v),
    "phrases": lambda v: list_of(v, LIST_MAX, _phrase),
    "section_prompts": lambda v: _prompts(v),
}


def _phrase(value: Any) -> tuple[list[str] | None, str | None]:
    """A [shortcut, text] pair: the shortcut one word (kapnotes.domain.phrases)."""
    if not isinstance(value, list | tuple) or len(value) != 2:
        return None, "not a [shortcut, text] pair"
    shortcut, problem = short_text(value[0], blank_ok=False)
    if problem or " " in shortcut.strip():
        return None, f"shortcut {problem or 'must be one word'}"
    text, problem = long_text(value[1])
    if problem:
        return None, f"text {problem}"
    return [shortcut, text], None


def _prompts(value: Any) -> tuple[dict[str, str] | None, str | None]:
    """Section name -> prompt shown in an empty section."""
    if not isinstance(value, dict):
        return None, "not an object"
    if len(value) > LIST_MAX:
        return None, f"has {len(value)} entries (at most {LIST_MAX})"
    out = {}
    for name, prompt in value.items():
        checked, problem = short_text(name, blank_ok=False)
        if problem:
            return None, f"section {problem}"
        out[checked], problem = long_text(prompt)
        if problem:
            return None, f"{name}: {problem}"
    return out, None


def _default(name: str, cls: type = PracticeSettings) -> Any:
    f = next(f for f in fields(cls) if f.name == name)
    return f.default_factory() if f.default is MISSING else f.default


def _vitals(value: Any, path: str, problems: list[str]) -> VitalThresholds:
    """Each threshold checked alone: a bad one falls back to its own default."""
    if isinstance(value, VitalThresholds):
        value = asdict(value)
    if not isinstance(value, dict):
        problems.append(f"{path}: not an object")
        return VitalThresholds()
    known = {f.name for f in fields(VitalThresholds)}
    kwargs = {}
    for key, raw in value.items():
        if key not in known:
            problems.append(f"{path}.{key}: unknown setting")
            continue
        checked, problem = whole(raw, *VITAL_RANGE)
        if problem:
            problems.append(f"{path}.{key}: {problem}")
        else:
            kwargs[key] = checked
    return VitalThresholds(**kwargs)


def _build(data: Any, *, strict: bool) -> tuple[PracticeSettings, list[str]]:
    """Settings from a dict, and one "settings.field: reason" line per value that broke a rule
    (that field keeps its default). Unknown keys are a problem only when strict."""
    problems: list[str] = []
    if isinstance(data, PracticeSettings):
        data = data.to_dict()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return PracticeSettings(), ["settings: not an object"]
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key == "vitals":
            kwargs["vitals"] = _vitals(value, "settings.vitals", problems)
        elif key in _CHECKS:
            checked, problem = _CHECKS[key](value)
            if problem:
                problems.append(f"settings.{key}: {problem}")
            else:
                kwargs[key] = checked
        elif strict:
            problems.append(f"settings.{key}: unknown setting")
    return PracticeSettings(**kwargs), problems


def check_settings(data: Any) -> PracticeSettings:
    """Settings from a file or a dialog, all rules applied: SettingsError names every bad field."""
    settings, problems = _build(data, strict=True)
    if problems:
        raise SettingsError(problems)
    return settings


def load_settings(data: Any) -> tuple[PracticeSettings, list[str]]:
    """Stored settings, never refused: a bad value takes its default, and a warning says so."""
    settings, problems = _build(data, strict=False)
    warnings = []
    for line in problems:
        name = line.split(":", 1)[0].removeprefix("settings.")
        top, _dot, sub = name.partition(".")
        if top in _CHECKS or (top == "vitals" and sub):
            default = _default(sub, VitalThresholds) if sub else _default(top)
            warnings.append(f"{line}; the default {shown(default)} is used")
        else:
            warnings.append(f"{line}; the defaults are used")
    return settings, warnings
