"""Flags on vital signs: caution and urgent levels from the practice's thresholds."""

from __future__ import annotations

from dataclasses import dataclass

from kapnotes.domain.records import VitalSign
from kapnotes.domain.settings import VitalThresholds


@dataclass(frozen=True)
class VitalFlag:
    """A value worth a second look: level "caution" or "urgent", the field, and why."""

    level: str
    field: str
    message: str


def _num(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return None if value != value else float(value)  # NaN is not a reading


def possible_bounds(t: VitalThresholds) -> dict[str, tuple[int, int]]:
    """The bounds of the possible for each vital (outside: impossible, never flagged)."""
    return {
        "systolic": (t.systolic_min, t.systolic_max),
        "diastolic": (t.diastolic_min, t.diastolic_max),
        "heart_rate": (t.hr_min, t.hr_max),
        "spo2": (t.spo2_min, t.spo2_max),
    }


def _possible(value: float | None, name: str, t: VitalThresholds) -> float | None:
    """The value when it is possible; None for an impossible one (an error, not a flag)."""
    if value is None:
        return None
    low, high = possible_bounds(t)[name]
    return value if low <= value <= high else None


def vital_flags(
    v: VitalSign, thresholds: VitalThresholds | None = None, before_dosing: bool | None = None
) -> list[VitalFlag]:
    """Flags for one set of vitals; before_dosing defaults to the reading's phase being "pre"."""
    t = thresholds or VitalThresholds()
    pre = v.phase == "pre" if before_dosing is None else before_dosing
    # An impossible value (BP 300/20) is an error of validation, the same everywhere: it is
    # never also flagged "urgent" (live mode and the PDFs used to say so while the editor
    # said impossible).
    sys_ = _possible(_num(v.systolic), "systolic", t)
    dia = _possible(_num(v.diastolic), "diastolic", t)
    if sys_ is not None and dia is not None and dia >= sys_:
        sys_ = dia = None
    hr = _possible(_num(v.heart_rate), "heart_rate", t)
    spo2 = _possible(_num(v.spo2), "spo2", t)
    flags: list[VitalFlag] = []
    bp = f"BP {v.systolic}/{v.diastolic}" if sys_ is not None and dia is not None else None

    urgent_bp = (sys_ is not None and sys_ >= t.systolic_urgent) or (
        dia is not None and dia >= t.diastolic_urgent
    )
    if urgent_bp:
        field = "systolic" if sys_ is not None and sys_ >= t.systolic_urgent else "diastolic"
        shown = bp or (
            f"systolic {v.systolic}" if field == "systolic" else f"diastolic {v.diastolic}"
        )
        flags.append(
            VitalFlag(
                "urgent",
                field,
                f"{shown} is at or above {t.systolic_urgent}/{t.diastolic_urgent} (urgent)",
            )
        )
    elif pre and (
        (sys_ is not None and sys_ >= t.pre_systolic_caution)
        or (dia is not None and dia >= t.pre_diastolic_caution)
    ):
        field = "systolic" if sys_ is not None and sys_ >= t.pre_systolic_caution else "diastolic"
        shown = bp or (
            f"systolic {v.systolic}" if field == "systolic" else f"diastolic {v.diastolic}"
        )
        flags.append(
            VitalFlag(
                "caution",
                field,
                f"{shown} before dosing is at or above "
                f"{t.pre_systolic_caution}/{t.pre_diastolic_caution}",
            )
        )
    if hr is not None and hr > t.hr_high:
        flags.append(VitalFlag("caution", "heart_rate", f"HR {v.heart_rate} is above {t.hr_high}"))
    elif hr is not None and hr < t.hr_low:
        flags.append(VitalFlag("caution", "heart_rate", f"HR {v.heart_rate} is below {t.hr_low}"))
    if spo2 is not None and spo2 < t.spo2_urgent:
        flags.append(
            VitalFlag("urgent", "spo2", f"SpO2 {v.spo2}% is below {t.spo2_urgent}% (urgent)")
        )
    elif spo2 is not None and spo2 < t.spo2_caution:
        flags.append(VitalFlag("caution", "spo2", f"SpO2 {v.spo2}% is below {t.spo2_caution}%"))
    return flags


def worst_level(flags: list[VitalFlag]) -> str | None:
    """ "urgent" if any flag is urgent, else "caution" if any, else None."""
    if any(f.level == "urgent" for f in flags):
        return "urgent"
    return "caution" if flags else None
