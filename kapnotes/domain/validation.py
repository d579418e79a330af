"""Checks on a session and its client: errors for the impossible, warnings for the unusual.

Warnings never block: the clinician decides. Messages name values and bounds, never note text.
"""

from __future__ import annotations

import math
from datetime import date, time

from kapnotes.domain.checklist import checklist_rules
from kapnotes.domain.dose_tiers import dose_findings
from kapnotes.domain.findings import ERROR, URGENT, WARNING, Finding
from kapnotes.domain.intake import current_consent, decision_on
from kapnotes.domain.records import Client, Course, Session, VitalSign
from kapnotes.domain.scales import SCALES, score
from kapnotes.domain.session_safety import safety_findings
from kapnotes.domain.settings import PracticeSettings, VitalThresholds
from kapnotes.domain.vitals import possible_bounds, vital_flags
from kapnotes.domain.vocab import routes, vocabulary

__all__ = ["ERROR", "WARNING", "Finding", "errors", "validate_client", "validate_session"]
SEDATION_RANGES = {"moaas": (0, 5), "rass": (-5, 4)}
RESP_RATE_RANGE = (4, 60)
REMS_MIN_MONITORING_MIN = 120


def _number(value: object) -> float | None:
    """A finite number, or None when the value is missing."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return math.nan
    return float(value)


def _check_range(out, value, low, high, field, label, code) -> bool:
    """Error when a value is not a finite number in [low, high]; True when it is usable."""
    n = _number(value)
    if n is None:
        return False
    if not math.isfinite(n):
        out.append(Finding(ERROR, field, f"{label} is not a number.", code))
        return False
    if not low <= n <= high:
        out.append(Finding(ERROR, field, f"{label} {value:g} is impossible (expected {low}–{high}).", code))  # fmt: skip
        return False
    return True


def _before_start(when: time | None, start: time | None) -> bool:
    return when is not None and start is not None and when < start


def validate_client(client: Client, today: date | None = None) -> list[Finding]:
    """Client-level checks: weights, dates of birth and consent."""
    today = today or date.today()
    out: list[Finding] = []
    if not client.chart.strip():
        out.append(Finding(ERROR, "client.chart", "Chart number is required.", "chart_missing"))
    if not client.name.strip():
        out.append(
            Finding(ERROR, "client.name", "Name (or pseudonym) is required.", "name_missing")
        )
    if client.dob and client.dob > today:
        out.append(Finding(ERROR, "client.dob", "Date of birth is in the future.", "dob_future"))
    for i, w in enumerate(client.weights):
        usable = _check_range(
            out, w.kg, 1, 400, f"client.weights[{i}].kg", "Weight (kg)", "weight_range"
        )
        if usable and w.kg < 30:
            out.append(Finding(WARNING, f"client.weights[{i}].kg", f"Weight {w.kg:g} kg is unusually low.", "weight_low"))  # fmt: skip
        if client.dob and w.measured_on < client.dob:
            out.append(Finding(ERROR, f"client.weights[{i}].measured_on", "Weight date is before the date of birth.", "weight_date"))  # fmt: skip
    return out


def validate_session(
    session: Session,
    client: Client | None = None,
    settings: PracticeSettings | None = None,
    today: date | None = None,
    course: Course | None = None,
) -> list[Finding]:
    """Every finding for a session (and the parts of its client and course that bear on it)."""
    settings = settings or PracticeSettings()
    today = today or date.today()
    out: list[Finding] = []
    dosing = session.kind == "dosing"

    # -- dates ------------------------------------------------------------------------------
    if client is not None and client.dob and session.date < client.dob:
        out.append(Finding(ERROR, "date", "Session date is before the client's date of birth.", "date_before_birth"))  # fmt: skip
    if session.date > today:
        out.append(Finding(WARNING, "date", f"Session date {session.date:%Y-%m-%d} is in the future.", "date_future"))  # fmt: skip
    if client is not None and client.consent_date and session.date < client.consent_date:
        out.append(Finding(WARNING, "date", f"Session date is before the client's consent ({client.consent_date:%Y-%m-%d}).", "date_before_consent"))  # fmt: skip
    if course is not None and course.start_date and session.date < course.start_date:
        out.append(Finding(WARNING, "date", f"Session date is before the course start ({course.start_date:%Y-%m-%d}).", "date_before_course"))  # fmt: skip
    if dosing and client is not None:
        # Eligibility and current consent (issue 15) carry the urgent findings.
        out.extend(_before_first_dose(session, client, settings))
    for level, where, message, code in checklist_rules(session.checklist, session.kind):
        out.append(Finding(level, where, message, code))

    # -- dosing -----------------------------------------------------------------------------
    known_routes = routes()
    for i, a in enumerate(session.administrations):
        f = f"administrations[{i}]"
        mg = _number(a.mg)
        if mg is None or not math.isfinite(mg):
            out.append(Finding(ERROR, f"{f}.mg", "Dose (mg) is missing or not a number.", "dose_nan"))  # fmt: skip
        elif value_problem("mg", mg):
            out.append(Finding(ERROR, f"{f}.mg", f"Dose {a.mg:g} mg must be more than zero.", "dose_not_positive"))  # fmt: skip
        if a.route not in known_routes:
            out.append(Finding(ERROR, f"{f}.route", "Unknown route of administration.", "route_unknown"))  # fmt: skip
    if dosing and not any(not a.planned for a in session.administrations):
        out.append(Finding(WARNING, "administrations", "Dosing session with no administration recorded.", "no_administration"))  # fmt: skip
    out.extend(dose_findings(session, client, settings))
    out.extend(_timing_findings(session))
    out.extend(time_order_findings(session))

    # -- vitals -----------------------------------------------------------------------------
    t = settings.vitals
    for i, v in enumerate(session.vitals):
        out.extend(validate_vital(v, t, f"vitals[{i}]"))

    # -- effects and scales -----------------------------------------------------------------
    for i, e in enumerate(session.effects):
        _check_range(out, e.intensity, 0, 3, f"effects[{i}].intensity", "Intensity", "intensity_range")  # fmt: skip
    for i, sc in enumerate(session.scales):
        scale = SCALES.get(sc.scale)
        if scale is None:
            continue
        for j, item in enumerate(sc.items):
            _check_range(out, item, scale.item_min, scale.item_max, f"scales[{i}].items[{j}]", f"{scale.label} item {j + 1}", "item_range")  # fmt: skip
        if scale.total_only and sc.total is not None:
            _check_range(out, sc.total, 0, scale.total_max, f"scales[{i}].total", f"{scale.label} total", "total_range")  # fmt: skip
        result = score(sc)
        if result.safety_flag:
            out.append(
                Finding(WARNING, f"scales[{i}]", result.safety_flag, "safety_flag", "urgent")
            )

    for i, ae in enumerate(session.adverse_events):
        if ae.severity == "severe":
            out.append(Finding(WARNING, f"adverse_events[{i}].severity", "Severe adverse event" + (f" at {ae.time:%H:%M}." if ae.time else "."), "adverse_severe", "urgent"))  # fmt: skip
    out.extend(safety_findings(session, client, settings))

    # -- client screening on dosing sessions --------------------------------------------------
    if dosing and client is not None:
        screening = vocabulary("screening")
        for item in client.screening_positives():
            out.append(Finding(WARNING, f"client.screening.{item.item}", f"Screening: {screening.label(item.item)} — answered yes.", "screening_yes"))  # fmt: skip
    return out


def _before_first_dose(session: Session, client: Client, settings) -> list[Finding]:
    """Urgent when no signed "eligible" decision or no current consent covers the session."""
    out: list[Finding] = []
    decision = decision_on(client.eligibility, session.date)
    if decision is None:
        out.append(Finding(WARNING, "client.eligibility", "Urgent: no eligibility decision signed by a prescriber.", "eligibility_missing", URGENT))  # fmt: skip
    elif not decision.allows_dosing:
        out.append(Finding(WARNING, "client.eligibility", f"Urgent: {decision.who()} decided the client is not eligible.", "not_eligible", URGENT))  # fmt: skip
    valid_days = settings.consent_valid_days
    if current_consent(client.consents, session.date, valid_days) is not None:
        return out
    if client.consents:
        out.append(Finding(WARNING, "client.consents", "Urgent: no current consent (withdrawn or older than the practice allows).", "consent_not_current", URGENT))  # fmt: skip
    elif client.consent_date is None:
        out.append(Finding(WARNING, "client.consent_date", "Urgent: no consent on file.", "no_consent", URGENT))  # fmt: skip
    elif (
        session.date - client.consent_date
    ).days > valid_days or client.consent_date > session.date:
        out.append(Finding(WARNING, "client.consent_date", f"Urgent: consent of {client.consent_date.isoformat()} does not cover this session.", "consent_not_current", URGENT))  # fmt: skip
    return out


def _timing_findings(session: Session) -> list[Finding]:
    out: list[Finding] = []
    d = session.dosing
    values = {"onset_min": d.onset_min, "peak_min": d.peak_min, "baseline_min": d.baseline_min}
    for name, value in values.items():
        n = _number(value)
        if n is not None and (not math.isfinite(n) or n < 0 or n > 24 * 60):
            out.append(Finding(ERROR, f"dosing.{name}", "Minutes after the first administration must be 0–1440.", "timing_range"))  # fmt: skip
            values[name] = None
    order = [(k, values[k]) for k in ("onset_min", "peak_min", "baseline_min") if values[k] is not None]  # fmt: skip
    for (a, va), (b, vb) in zip(order, order[1:], strict=False):
        if vb < va:
            out.append(Finding(ERROR, f"dosing.{b}", f"{b.split('_')[0].capitalize()} ({vb} min) comes before {a.split('_')[0]} ({va} min).", "timing_order"))  # fmt: skip
    if session.is_esketamine and session.rems.monitoring_end is not None:
        minutes = session.minutes_after_first_dose(session.rems.monitoring_end)
        if minutes is not None and minutes < REMS_MIN_MONITORING_MIN:
            out.append(Finding(WARNING, "rems.monitoring_end", f"Esketamine monitoring was {minutes} min; REMS requires at least 2 h.", "rems_short"))  # fmt: skip
    return out


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.level == ERROR]


# -- the possible, one rule set for every place a value is typed ------------------------------
# What a value can be at all (not what is usual: that is a setting, and only warns). The editor,
# live mode, the PDFs and the CLI refuse a value outside these where it is typed; nothing is
# stored. Vital-sign bounds are the practice's VitalThresholds (systolic_min ... spo2_max).
WEIGHT_KG_RANGE = (1, 400)
INTENSITY_RANGE = (0, 3)
MINUTES_RANGE = (0, 24 * 60)
_LABELS = {
    "mg": "Dose",
    "kg": "Weight",
    "systolic": "Systolic BP",
    "diastolic": "Diastolic BP",
    "heart_rate": "Heart rate",
    "spo2": "SpO2",
    "resp_rate": "Respiratory rate",
    "sedation_score": "Sedation score",
    "intensity": "Intensity",
    "minutes": "Minutes",
}


def possible_range(
    name: str, thresholds: VitalThresholds | None = None, sedation_scale: str = "moaas"
) -> tuple[float, float] | None:
    """The bounds of the possible for a field name ("mg" has no upper bound: None here)."""
    if name == "kg":
        return WEIGHT_KG_RANGE
    if name == "resp_rate":
        return RESP_RATE_RANGE
    if name == "sedation_score":
        return SEDATION_RANGES.get(sedation_scale, (-5, 5))
    if name == "intensity":
        return INTENSITY_RANGE
    if name == "minutes":
        return MINUTES_RANGE
    return possible_bounds(thresholds or VitalThresholds()).get(name)


def value_problem(
    name: str,
    value: object,
    thresholds: VitalThresholds | None = None,
    sedation_scale: str = "moaas",
) -> str | None:
    """Why `value` is impossible for the field `name` (a sentence), or None when it is possible.

    None (a blank field) is always possible: missing is not wrong.
    """
    n = _number(value)
    if n is None:
        return None
    label = _LABELS.get(name, name)
    if not math.isfinite(n):
        return f"{label} is not a number."
    if name == "mg":
        return None if n > 0 else f"{label} {n:g} mg is impossible: a dose is more than 0 mg."
    bounds = possible_range(name, thresholds, sedation_scale)
    if bounds is not None and not bounds[0] <= n <= bounds[1]:
        low, high = bounds
        return f"{label} {n:g} is impossible (possible: {low:g}–{high:g})."
    return None


def validate_vital(v: VitalSign, t: VitalThresholds, field: str = "vitals[0]") -> list[Finding]:
    """Range errors and flag warnings for one reading: the editor, live mode and PDFs use this."""
    out: list[Finding] = []
    ok_sys = _check_range(out, v.systolic, t.systolic_min, t.systolic_max, f"{field}.systolic", "Systolic BP", "systolic_range")  # fmt: skip
    ok_dia = _check_range(out, v.diastolic, t.diastolic_min, t.diastolic_max, f"{field}.diastolic", "Diastolic BP", "diastolic_range")  # fmt: skip
    if ok_sys and ok_dia and v.diastolic >= v.systolic:
        out.append(Finding(ERROR, f"{field}.diastolic", f"Diastolic {v.diastolic} must be lower than systolic {v.systolic}.", "diastolic_ge_systolic"))  # fmt: skip
    ok_hr = _check_range(out, v.heart_rate, t.hr_min, t.hr_max, f"{field}.heart_rate", "Heart rate", "hr_range")  # fmt: skip
    ok_spo2 = _check_range(out, v.spo2, t.spo2_min, t.spo2_max, f"{field}.spo2", "SpO2", "spo2_range")  # fmt: skip
    _check_range(out, v.resp_rate, *RESP_RATE_RANGE, f"{field}.resp_rate", "Respiratory rate", "rr_range")  # fmt: skip
    low, high = SEDATION_RANGES.get(v.sedation_scale, (-5, 5))
    _check_range(out, v.sedation_score, low, high, f"{field}.sedation_score", "Sedation score", "sedation_range")  # fmt: skip
    bp_consistent = not (ok_sys and ok_dia and v.diastolic >= v.systolic)
    usable = {
        "systolic": ok_sys and bp_consistent,
        "diastolic": ok_dia and bp_consistent,
        "heart_rate": ok_hr,
        "spo2": ok_spo2,
    }
    for flag in vital_flags(v, t, before_dosing=v.phase == "pre"):
        if usable.get(flag.field, True):
            out.append(Finding(WARNING, f"{field}.{flag.field}", flag.message, f"vital_{flag.level}", flag.level))  # fmt: skip
    return out


def time_order_findings(session: Session) -> list[Finding]:
    """How a dosing session runs: pre-dose vitals before the first dose (and before the start,
    which is fine), doses, effects and post-dose vitals after the start and the first dose,
    discharge last. Anything out of that order is unusual, so a warning, never an error."""
    out: list[Finding] = []
    start = session.start_time
    given = [a.time for a in session.given() if a.time is not None]
    first = min(given) if given else None
    for i, a in enumerate(session.administrations):
        if not a.planned and _before_start(a.time, start):
            out.append(Finding(WARNING, f"administrations[{i}].time", f"Dose at {a.time:%H:%M} is before the session start ({start:%H:%M}).", "time_before_start"))  # fmt: skip
    for i, v in enumerate(session.vitals):
        f = f"vitals[{i}].time"
        if v.time is None:
            continue
        if v.phase == "pre":
            if first is not None and v.time > first:
                out.append(Finding(WARNING, f, f"Pre-dose vitals at {v.time:%H:%M} are after the first dose ({first:%H:%M}).", "pre_after_dose"))  # fmt: skip
        elif _before_start(v.time, start):
            out.append(Finding(WARNING, f, f"Vitals at {v.time:%H:%M} are before the session start ({start:%H:%M}); pre-dose?", "time_before_start"))  # fmt: skip
        elif v.phase == "post" and first is not None and v.time < first:
            out.append(Finding(WARNING, f, f"Post-dose vitals at {v.time:%H:%M} are before the first dose ({first:%H:%M}).", "post_before_dose"))  # fmt: skip
    for i, e in enumerate(session.effects):
        if _before_start(e.time, start):
            out.append(Finding(WARNING, f"effects[{i}].time", f"Effect at {e.time:%H:%M} is before the session start ({start:%H:%M}).", "time_before_start"))  # fmt: skip
    leave = session.discharge.time
    times = given + [v.time for v in session.vitals if v.time is not None]
    if leave is not None and times and leave < max(times):
        out.append(Finding(WARNING, "discharge.time", f"Discharge at {leave:%H:%M} comes before the last dose or vitals ({max(times):%H:%M}).", "discharge_not_last"))  # fmt: skip
    return out
