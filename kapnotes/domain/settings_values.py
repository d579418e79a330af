"""The rules for what a practice setting may hold: its ranges and limits, and the checks of
one value each (a whole number in a range, a short text, a list of at most so many). Each check
returns (the value, None) or (None, why not); domain.settings puts them together per field.
The settings dialog takes its spin-box ranges and text limits from here too."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

# Ranges are those a clinic could sensibly want; the settings dialog offers exactly these.
INT_RANGES: dict[str, tuple[int, int]] = {
    "autosave_ms": (200, 10_000),
    "lock_minutes": (0, 240),  # 0: never lock
    "backup_keep": (1, 365),
    "weight_max_age_days": (1, 3650),
    "consent_valid_days": (30, 3650),  # how long a signed consent covers dosing sessions
}
VITAL_RANGE = (0, 400)  # every VitalThresholds field (mmHg, bpm, %)
DOSE_RANGE = (0.0, 5000.0)  # a route's warning range, in its unit
REMINDER_RANGE = (0, 24 * 60)  # minutes after the first dose
TEXT_MAX = 200  # a name, credentials, a theme or effect label
LIST_MAX = 200  # clinicians, extra themes, extra effects
QUICK_EFFECTS_MAX = 9  # live mode's keys 1-9
REMINDERS_MAX = 12
THEMES = ("light", "dark")
PHRASE_TEXT_MAX = 4000  # a phrase or section prompt: a paragraph, not a name
_VALUE_SHOWN = 24  # a bad value is quoted up to this many characters


class SettingsError(ValueError):
    """Settings that break the rules; `problems` holds one "field: reason" line each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(problems[0] if problems else "invalid settings")


def shown(value: Any) -> str:
    """A bad value, short: a 5,000-digit number must not become a 5,000-character message."""
    if isinstance(value, int) and not isinstance(value, bool):
        text = (
            str(value)
            if abs(value) < 10**_VALUE_SHOWN
            else f"a {len(str(abs(value)))}-digit number"
        )
    else:
        text = repr(value)
    return text if len(text) <= _VALUE_SHOWN + 2 else text[:_VALUE_SHOWN] + "…"


def whole(value: Any, low: int, high: int) -> tuple[int | None, str | None]:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None, f"{shown(value)} is not a whole number"
    if isinstance(value, float) and not (math.isfinite(value) and value.is_integer()):
        return None, f"{shown(value)} is not a whole number"
    if not low <= value <= high:
        return None, f"{shown(value)} is out of range ({low}–{high})"
    return int(value), None


def number(value: Any, low: float, high: float) -> tuple[float | None, str | None]:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None, f"{shown(value)} is not a number"
    if not (math.isfinite(value) and low <= value <= high):
        return None, f"{shown(value)} is out of range ({low:g}–{high:g})"
    return float(value), None


def short_text(value: Any, *, blank_ok: bool = True) -> tuple[str | None, str | None]:
    if not isinstance(value, str):
        return None, f"{shown(value)} is not a text"
    if "\x00" in value:
        return None, "holds a NUL character"
    if len(value) > TEXT_MAX:
        return None, f"is longer than {TEXT_MAX} characters"
    if not blank_ok and not value.strip():
        return None, "must not be empty"
    return value, None


def list_of(
    value: Any, most: int, item: Callable[[Any], tuple[Any, str | None]]
) -> tuple[list | None, str | None]:
    if not isinstance(value, list):
        return None, "not a list"
    if len(value) > most:
        return None, f"has {len(value)} entries (at most {most})"
    out = []
    for i, entry in enumerate(value):
        checked, problem = item(entry)
        if problem:
            return None, f"[{i}] {problem}"
        out.append(checked)
    return out, None


def choice(value: Any, choices: tuple[str, ...] | list[str]) -> tuple[str | None, str | None]:
    if value not in choices or not isinstance(value, str):
        return None, f"{shown(value)} is not one of {', '.join(choices)}"
    return value, None


def long_text(value: Any) -> tuple[str | None, str | None]:
    """A phrase or prompt: non-empty text without NUL, up to PHRASE_TEXT_MAX characters."""
    if not isinstance(value, str) or not value.strip():
        return None, f"{shown(value)} is not a non-empty text"
    if "\x00" in value:
        return None, "holds a NUL character"
    if len(value) > PHRASE_TEXT_MAX:
        return None, f"is longer than {PHRASE_TEXT_MAX} characters"
    return value, None


def flag(value: Any) -> tuple[bool | None, str | None]:
    """A yes/no setting: true or false, nothing else (1 or "yes" would be a guess)."""
    if isinstance(value, bool):
        return value, None
    return None, "not true or false"
