"""Dose tiers per route: usual range (warning), ceiling (urgent), "check the units" (reason).

DOMAIN.md's second-round table gives the defaults; a clinic overrides the usual range with
settings.dose_ranges and the two upper tiers with settings.dose_ceilings. Above the "check
the units" line a note can be signed only with a typed reason (Session.units_reason), which
prints with the signature and goes in the audit trail.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from kapnotes.domain.records import Client, Session
from kapnotes.domain.settings import PracticeSettings
from kapnotes.domain.vocab import routes

UNITS_CODE = "dose_check_units"


@dataclass(frozen=True)
class DoseTier:
    """The three lines of one route, in the route's unit (mg/kg or mg)."""

    low: float
    high: float
    ceiling: float
    check_units: float


# route -> (ceiling, check the units); the usual range comes from the route vocabulary.
DEFAULT_UPPER: dict[str, tuple[float, float]] = {
    "iv": (1.5, 3.0),
    "im": (2.0, 4.5),
    "in": (150.0, 300.0),
    "in_esk": (84.0, 252.0),  # 84 mg is the label maximum
    "sl": (600.0, 1800.0),
    "po": (600.0, 1800.0),
}


def dose_tier(route: str, settings: PracticeSettings | None = None) -> DoseTier | None:
    """The tiers of a route: the clinic's overrides, else DOMAIN.md's defaults."""
    settings = settings or PracticeSettings()
    usual = settings.dose_range(route)
    upper = settings.dose_ceilings.get(route) or DEFAULT_UPPER.get(route)
    if usual is None or upper is None:
        return None
    ceiling, units = float(upper[0]), float(upper[1])
    return DoseTier(usual[0], usual[1], max(ceiling, usual[1]), max(units, ceiling))


def _valid_mg(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value) and value > 0  # fmt: skip


def latest_weight_date(client: Client, day: date) -> date | None:
    """The date of the weight that mg/kg uses on `day` (None when no weight is on file)."""
    if not client.weights:
        return None
    ordered = sorted(client.weights, key=lambda w: w.measured_on)
    valid = [w for w in ordered if w.measured_on <= day]
    return (valid[-1] if valid else ordered[0]).measured_on


def dose_findings(session: Session, client: Client | None, settings: PracticeSettings):
    """Warnings, urgent findings and "check the units" for each route's total in a session."""
    from kapnotes.domain.findings import WARNING, Finding

    out: list[Finding] = []
    by_route: dict[str, float] = {}
    for a in session.given():  # a planned dose counts toward nothing
        if _valid_mg(a.mg):
            by_route[a.route] = by_route.get(a.route, 0.0) + float(a.mg)
    for code, total in by_route.items():
        route = routes().get(code)
        tier = dose_tier(code, settings)
        if route is None or tier is None:
            continue
        unit = route.unit
        if unit == "mg/kg":
            kg = client.weight_on(session.date) if client is not None else None
            if not isinstance(kg, int | float) or not math.isfinite(kg) or kg <= 0:
                out.append(Finding(WARNING, "administrations", f"No weight on file: mg/kg for {route.label} cannot be computed.", "no_weight"))  # fmt: skip
                continue
            value, shown = total / kg, f"{total / kg:.2f} mg/kg"
            out += _stale_weight(session, client, settings)
        else:
            value, shown = total, f"{total:g} mg"
        if value > tier.check_units:
            out.append(Finding(WARNING, "administrations", f"{route.label}: {shown} is more than {tier.check_units:g} {unit} — check the units. Signing needs a typed reason.", UNITS_CODE, "urgent"))  # fmt: skip
        elif value > tier.ceiling:
            out.append(Finding(WARNING, "administrations", f"{route.label}: {shown} is above the ceiling of {tier.ceiling:g} {unit}.", "dose_ceiling", "urgent"))  # fmt: skip
        elif route.allowed and code not in settings.dose_ranges and value not in route.allowed:
            allowed = " / ".join(f"{x:g}" for x in route.allowed)
            out.append(Finding(WARNING, "administrations", f"{route.label}: {shown} is not a standard dose ({allowed} mg).", "dose_range"))  # fmt: skip
        elif not tier.low <= value <= tier.high:
            out.append(Finding(WARNING, "administrations", f"{route.label}: {shown} is outside {tier.low:g}–{tier.high:g} {unit}.", "dose_range"))  # fmt: skip
    return out


def _stale_weight(session: Session, client: Client, settings: PracticeSettings):
    from kapnotes.domain.findings import WARNING, Finding

    weighed = latest_weight_date(client, session.date)
    if weighed is None:
        return []
    age = (session.date - weighed).days
    if age <= settings.weight_max_age_days:
        return []
    return [Finding(WARNING, "client.weights", f"mg/kg uses a weight from {weighed.isoformat()}, {age} days before the session (older than {settings.weight_max_age_days} days): weigh the client.", "weight_old")]  # fmt: skip


def needs_units_reason(findings) -> bool:
    """True when a finding asks for a typed reason before the note is signed."""
    return any(f.code == UNITS_CODE for f in findings)
