"""The second-round rule set: dose tiers, BP rise, dosing on an urgent BP, stale weight,
interactions, times out of order and what a dosing note lacks (DOMAIN.md, issue 13)."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from kapnotes.domain.dose_tiers import dose_tier, needs_units_reason
from kapnotes.domain.findings import by_severity
from kapnotes.domain.interactions import find_interactions, rems_concomitant
from kapnotes.domain.records import (
    Addendum,
    Administration,
    AdverseEvent,
    Client,
    Discharge,
    Session,
    VitalSign,
    WeightEntry,
)
from kapnotes.domain.session_safety import incomplete_items
from kapnotes.domain.settings import PracticeSettings
from kapnotes.domain.validation import validate_session

DAY = date(2026, 5, 1)
TODAY = date(2026, 6, 1)


def client(**kw) -> Client:
    base = dict(chart="C1", name="Test", dob=date(1990, 1, 1), consent_date=date(2026, 4, 1),
                weights=[WeightEntry(80.0, date(2026, 4, 20))])  # fmt: skip
    base.update(kw)
    return Client(**base)


def session(*doses: Administration, vitals=(), **kw) -> Session:
    s = Session(1, 1, DAY, kind="dosing", start_time=time(9, 0), **kw)
    s.administrations = list(doses) or [Administration(time(9, 10), "im", 40.0)]
    s.vitals = list(vitals)
    return s


def found(s: Session, c: Client | None = None, settings=None):
    return validate_session(s, c or client(), settings, today=TODAY)


def by_code(findings, code):
    return [f for f in findings if f.code == code]


@pytest.mark.parametrize(
    ("route", "mg", "code", "severity"),
    [
        ("im", 120.0, None, None),  # 1.5 mg/kg: the top of the usual range
        ("im", 150.0, "dose_range", "warning"),  # 1.875 mg/kg
        ("im", 161.0, "dose_ceiling", "urgent"),  # 2.01 mg/kg
        ("im", 5000.0, "dose_check_units", "urgent"),  # 62.5 mg/kg: 5000 mg IM
        ("iv", 121.0, "dose_ceiling", "urgent"),  # 1.51 mg/kg
        ("iv", 241.0, "dose_check_units", "urgent"),  # 3.01 mg/kg
        ("in", 151.0, "dose_ceiling", "urgent"),
        ("in", 301.0, "dose_check_units", "urgent"),
        ("in_esk", 84.0, None, None),
        ("in_esk", 112.0, "dose_ceiling", "urgent"),  # above the 84 mg label maximum
        ("in_esk", 253.0, "dose_check_units", "urgent"),
        ("sl", 500.0, "dose_range", "warning"),
        ("po", 601.0, "dose_ceiling", "urgent"),
        ("po", 1801.0, "dose_check_units", "urgent"),
    ],
)
def test_dose_tiers_per_route(route, mg, code, severity):
    result = found(session(Administration(time(9, 10), route, mg)))
    dose = [f for f in result if f.code.startswith("dose_")]
    if code is None:
        assert dose == []
    else:
        assert [(f.code, f.shown_severity) for f in dose] == [(code, severity)]
    assert needs_units_reason(result) == (code == "dose_check_units")


def test_check_the_units_message_asks_for_a_reason():
    [f] = by_code(found(session(Administration(time(9, 10), "im", 5000.0))), "dose_check_units")
    assert "62.50 mg/kg" in f.message and "check the units" in f.message
    assert "typed reason" in f.message


def test_tiers_are_configurable():
    settings = PracticeSettings(dose_ceilings={"im": [3.0, 6.0]})
    assert dose_tier("im", settings).ceiling == 3.0
    assert by_code(found(session(Administration(time(9, 10), "im", 161.0)), settings=settings), "dose_ceiling") == []  # fmt: skip


def _v(t, sys_, dia, phase="during", **kw):
    return VitalSign(time(*t), sys_, dia, 70, 98, phase=phase, **kw)


def test_bp_rise_from_the_sessions_own_baseline_is_a_caution():
    vitals = [_v((9, 0), 136, 79, "pre"), _v((9, 50), 176, 104)]  # +40/+25
    [f] = by_code(found(session(vitals=vitals)), "bp_rise")
    assert f.shown_severity == "caution"
    assert "176/104" in f.message and "+40/+25" in f.message
    lower = [_v((9, 0), 136, 79, "pre"), _v((9, 50), 175, 103)]  # +39/+24
    assert by_code(found(session(vitals=lower)), "bp_rise") == []


def test_bp_rise_margins_are_settings():
    settings = PracticeSettings()
    settings.vitals.bp_rise_systolic = 20
    vitals = [_v((9, 0), 120, 70, "pre"), _v((9, 50), 140, 75)]
    assert by_code(found(session(vitals=vitals), settings=settings), "bp_rise")


def test_a_dose_given_while_the_latest_bp_is_urgent_is_urgent():
    vitals = [_v((9, 0), 130, 80, "pre"), _v((9, 40), 182, 100)]
    doses = [Administration(time(9, 10), "im", 40.0), Administration(time(9, 45), "im", 20.0)]
    [f] = by_code(found(session(*doses, vitals=vitals)), "dose_on_urgent_bp")
    assert f.shown_severity == "urgent" and f.field == "administrations[1].time"
    assert "09:45" in f.message and "182/100" in f.message


def test_stale_weight_names_its_date_and_follows_the_setting():
    c = client(weights=[WeightEntry(80, date(2018, 3, 2))])
    [f] = by_code(found(session(), c), "weight_old")
    assert "2018-03-02" in f.message and f.shown_severity == "warning"
    settings = PracticeSettings(weight_max_age_days=10000)
    assert by_code(found(session(), c, settings), "weight_old") == []


@pytest.mark.parametrize(
    ("medications", "code", "words"),
    [
        ("Phenelzine 15 mg tid", "interaction_maoi", "raises blood pressure"),
        ("NARDIL", "interaction_maoi", "raises blood pressure"),
        ("adderall XR 20mg", "interaction_stimulant", "raises blood pressure"),
        ("oxycodone prn", "interaction_opioid", "respiratory depression"),
        ("Xanax 0.5", "interaction_benzodiazepine", "blunt the response"),
        ("lamotrigine 200 mg", "interaction_lamotrigine", "blunt the response"),
        ("zolpidem at night", "interaction_z_drug", "sedation"),
    ],
)
def test_interactions_come_from_the_medication_list(medications, code, words):
    [f] = by_code(found(session(), client(medications=medications)), code)
    assert words in f.message and f.field == "client.medications"


def test_interactions_match_whole_words_only():
    assert find_interactions("sertraline; promethazine") == []
    assert find_interactions("") == []
    assert rems_concomitant("Ativan, Ritalin") == {"benzodiazepines": True, "psychostimulants": True}  # fmt: skip


def test_no_interaction_warning_on_a_therapy_session():
    s = session()
    s.kind = "integration"
    assert by_code(found(s, client(medications="phenelzine")), "interaction_maoi") == []


def test_vitals_after_discharge_are_an_error():
    s = session(vitals=[_v((9, 0), 120, 80, "pre"), _v((12, 5), 120, 80, "post")])
    s.discharge = Discharge(time=time(12, 0))
    [f] = by_code(found(s), "time_after_discharge")
    assert f.is_error and "12:05" in f.message


def test_an_addendum_before_the_signature_is_an_error():
    s = session()
    s.signed_at = datetime(2026, 5, 1, 13, 0)
    s.addenda = [Addendum("late", "Dr A", datetime(2026, 5, 1, 12, 0))]
    assert by_code(found(s), "addendum_before_signature")[0].is_error


def test_incomplete_dosing_note_lists_what_is_missing():
    s = session()
    assert incomplete_items(s) == ["pre-dose vitals", "post-dose vitals", "discharge time", "discharge criteria"]  # fmt: skip
    s.vitals = [_v((9, 0), 120, 80, "pre"), _v((11, 0), 118, 78, "post")]
    s.discharge = Discharge(time(11, 30), {"alert_oriented": True})
    assert incomplete_items(s) == []
    s.kind = "integration"
    s.vitals = []
    assert incomplete_items(s) == []


def test_checks_carry_their_own_severity():
    s = session(Administration(time(9, 10), "im", 161.0), vitals=[_v((9, 0), 185, 95, "pre"), _v((9, 30), 150, 92, resp_rate=99)])  # fmt: skip
    s.adverse_events = [AdverseEvent("fell", "severe", time(9, 40))]
    result = by_severity(found(s))
    severities = [f.shown_severity for f in result]
    assert severities == sorted(severities, key=["error", "urgent", "warning", "caution"].index)
    assert {"error", "urgent"} <= set(severities)
    assert by_code(result, "adverse_severe")[0].shown_severity == "urgent"
    assert by_code(result, "vital_urgent")[0].shown_severity == "urgent"
