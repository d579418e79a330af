"""Every validation rule, on both sides of each bound."""

from __future__ import annotations

import math
from datetime import date, datetime, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kapnotes.domain.checklist import PreDoseChecklist
from kapnotes.domain.intake import ELIGIBLE, EligibilityDecision
from kapnotes.domain.records import (
    Administration,
    Client,
    EffectObservation,
    RemsDetails,
    ScaleScore,
    ScreeningItem,
    Session,
    VitalSign,
    WeightEntry,
)
from kapnotes.domain.settings import PracticeSettings
from kapnotes.domain.validation import Finding, validate_client, validate_session

TODAY = date(2026, 6, 1)
DAY = date(2026, 5, 1)


def client(**kw) -> Client:
    base = dict(
        chart="C1",
        name="Test",
        dob=date(1990, 1, 1),
        weights=[WeightEntry(80.0, date(2026, 4, 20))],
        consent_date=date(2026, 4, 1),
        eligibility=[EligibilityDecision(ELIGIBLE, datetime(2026, 4, 1, 10, 0), "Dr P", "MD")],
    )
    base.update(kw)
    return Client(**base)


def ready() -> PreDoseChecklist:
    """A checklist with every item checked: no findings of its own."""
    return PreDoseChecklist(
        fasting_hours=6, transport_arranged=True, transport_by="Sam (partner)",
        no_driving_acknowledged=True, vitals_in_range=True, pregnancy_test="not_applicable",
        intention_set=True, consent_current=True, eligibility_signed=True,
    )  # fmt: skip


def session(**kw) -> Session:
    base = dict(client_id=1, course_id=1, date=DAY, start_time=time(9, 0), kind="dosing")
    if kw.get("kind", "dosing") == "dosing":
        base["checklist"] = ready()
    base.update(kw)
    s = Session(**base)
    if "administrations" not in kw:
        s.administrations = [Administration(time(9, 10), "im", 40.0)]  # 0.5 mg/kg
    return s


def codes(findings: list[Finding], level: str | None = None) -> set[str]:
    return {f.code for f in findings if level is None or f.level == level}


def check(s: Session, c: Client | None = None, settings_=None) -> list[Finding]:
    return validate_session(s, c if c is not None else client(), settings_, today=TODAY)


def test_a_plain_session_has_no_findings():
    assert check(session()) == []


VITAL_BOUNDS = [
    # field, bad value, good value, error code
    ("systolic", 49, 50, "systolic_range"),
    ("systolic", 261, 260, "systolic_range"),
    ("diastolic", 29, 30, "diastolic_range"),
    ("diastolic", 161, 160, "diastolic_range"),
    ("heart_rate", 24, 25, "hr_range"),
    ("heart_rate", 251, 250, "hr_range"),
    ("spo2", 49, 50, "spo2_range"),
    ("spo2", 101, 100, "spo2_range"),
    ("resp_rate", 3, 4, "rr_range"),
    ("resp_rate", 61, 60, "rr_range"),
    ("sedation_score", 6, 5, "sedation_range"),
    ("sedation_score", -1, 0, "sedation_range"),
]


@pytest.mark.parametrize(("field", "bad", "good", "code"), VITAL_BOUNDS)
def test_impossible_vitals_are_errors(field, bad, good, code):
    def vitals_with(value):
        values = dict(systolic=261 if field == "diastolic" and value > 150 else 120,
                      diastolic=70, heart_rate=70, spo2=98)  # fmt: skip
        values[field] = value
        return VitalSign(time(9, 5), **values)

    assert code in codes(check(session(vitals=[vitals_with(bad)])), "error")
    assert code not in codes(check(session(vitals=[vitals_with(good)])))


def test_rass_range_differs_from_moaas():
    v = VitalSign(time(9, 5), 120, 70, 70, 98, sedation_scale="rass", sedation_score=-5)
    assert "sedation_range" not in codes(check(session(vitals=[v])))
    v.sedation_score = 5
    assert "sedation_range" in codes(check(session(vitals=[v])))


def test_diastolic_must_be_below_systolic():
    bad = VitalSign(time(9, 5), 120, 120, 70, 98)
    good = VitalSign(time(9, 5), 120, 119, 70, 98)
    assert "diastolic_ge_systolic" in codes(check(session(vitals=[bad])), "error")
    assert "diastolic_ge_systolic" not in codes(check(session(vitals=[good])))


@pytest.mark.parametrize(
    ("vitals", "flagged"),
    [
        (VitalSign(time(9, 5), 140, 80, 70, 98, phase="pre"), True),
        (VitalSign(time(9, 5), 139, 89, 70, 98, phase="pre"), False),
        (VitalSign(time(9, 5), 130, 90, 70, 98, phase="pre"), True),
        (VitalSign(time(9, 5), 150, 95, 70, 98, phase="during"), False),
        (VitalSign(time(9, 5), 180, 80, 70, 98, phase="during"), True),
        (VitalSign(time(9, 5), 179, 109, 70, 98, phase="during"), False),
        (VitalSign(time(9, 5), 150, 110, 70, 98, phase="post"), True),
        (VitalSign(time(9, 5), 120, 70, 111, 98), True),
        (VitalSign(time(9, 5), 120, 70, 110, 98), False),
        (VitalSign(time(9, 5), 120, 70, 49, 98), True),
        (VitalSign(time(9, 5), 120, 70, 50, 98), False),
        (VitalSign(time(9, 5), 120, 70, 70, 93), True),
        (VitalSign(time(9, 5), 120, 70, 70, 94), False),
    ],
)
def test_vital_flags_are_warnings(vitals, flagged):
    found = check(session(vitals=[vitals]))
    assert all(f.level == "warning" for f in found)
    assert any(f.code.startswith("vital_") for f in found) == flagged


def test_spo2_below_90_is_urgent():
    found = check(session(vitals=[VitalSign(time(9, 5), 120, 70, 70, 89)]))
    assert "vital_urgent" in codes(found)
    found = check(session(vitals=[VitalSign(time(9, 5), 120, 70, 70, 90)]))
    assert "vital_urgent" not in codes(found)


def test_vital_thresholds_come_from_settings():
    s = PracticeSettings()
    s.vitals.hr_high = 120
    found = check(session(vitals=[VitalSign(time(9, 5), 120, 70, 115, 98)]), settings_=s)
    assert not any(f.code.startswith("vital_") for f in found)


@pytest.mark.parametrize(("mg", "error"), [(0, True), (-5, True), (0.1, False), (math.nan, True)])
def test_dose_must_be_positive(mg, error):
    found = check(session(administrations=[Administration(time(9, 10), "po", mg)]))
    assert bool(codes(found, "error") & {"dose_not_positive", "dose_nan"}) == error


@pytest.mark.parametrize(
    ("route", "mg", "weight", "warned"),
    [
        ("im", 8.0, 80, False),  # 0.1 mg/kg, the lower bound
        ("im", 7.9, 80, True),
        ("im", 120.0, 80, False),  # 1.5 mg/kg
        ("im", 121.0, 80, True),
        ("iv", 80.0, 80, False),  # 1.0 mg/kg
        ("iv", 81.0, 80, True),
        ("in", 10.0, 80, False),
        ("in", 9.0, 80, True),
        ("in", 100.0, 80, False),
        ("in", 101.0, 80, True),
        ("sl", 25.0, 80, False),
        ("sl", 24.0, 80, True),
        ("po", 400.0, 80, False),  # DOMAIN.md's second round: usual 25–400 mg
        ("po", 401.0, 80, True),
        ("in_esk", 56.0, 80, False),
        ("in_esk", 60.0, 80, True),
    ],
)
def test_dose_outside_the_routes_soft_range_is_a_warning(route, mg, weight, warned):
    c = client(weights=[WeightEntry(weight, date(2026, 4, 20))])
    found = check(session(administrations=[Administration(time(9, 10), route, mg)]), c)
    assert ("dose_range" in codes(found, "warning")) == warned
    assert not codes(found, "error")


def test_boosters_add_up_against_the_range():
    doses = [Administration(time(9, 10), "im", 80.0), Administration(time(9, 30), "im", 50.0)]
    assert "dose_range" in codes(check(session(administrations=doses)))  # 1.625 mg/kg


def test_dose_range_is_overridable():
    s = PracticeSettings(dose_ranges={"im": [0.1, 2.0]})
    found = check(session(administrations=[Administration(time(9, 10), "im", 130.0)]), settings_=s)
    assert "dose_range" not in codes(found)


def test_mg_per_kg_route_without_weight_warns():
    found = check(session(), client(weights=[]))
    assert "no_weight" in codes(found, "warning")


def test_old_weight_warns():
    stale = client(weights=[WeightEntry(80, date(2026, 1, 30))])  # 91 days before
    fresh = client(weights=[WeightEntry(80, date(2026, 1, 31))])  # 90 days before
    assert "weight_old" in codes(check(session(), stale))
    assert "weight_old" not in codes(check(session(), fresh))


def test_unknown_route_is_an_error():
    found = check(session(administrations=[Administration(time(9, 10), "rectal", 10)]))
    assert "route_unknown" in codes(found, "error")


def test_times_before_session_start_are_errors():
    s = session(
        administrations=[Administration(time(8, 59), "im", 40.0)],
        vitals=[VitalSign(time(8, 0), 120, 70, 70, 98)],
        effects=[EffectObservation("nausea", 1, time(8, 30))],
    )
    assert [f.field for f in check(s) if f.code == "time_before_start"] == [
        "administrations[0].time",
        "vitals[0].time",
        "effects[0].time",
    ]
    assert "time_before_start" not in codes(check(session()))  # 09:10 after 09:00


def test_session_before_birth_is_an_error():
    assert "date_before_birth" in codes(check(session(date=date(1989, 12, 31))), "error")
    assert "date_before_birth" not in codes(check(session(date=date(1990, 1, 1))))


def test_future_session_warns():
    assert "date_future" in codes(check(session(date=date(2026, 6, 2))), "warning")
    assert "date_future" not in codes(check(session(date=TODAY)))


@pytest.mark.parametrize(("intensity", "error"), [(-1, True), (0, False), (3, False), (4, True)])
def test_effect_intensity_is_0_to_3(intensity, error):
    found = check(session(effects=[EffectObservation("nausea", intensity)]))
    assert ("intensity_range" in codes(found, "error")) == error


@pytest.mark.parametrize(("item", "error"), [(-1, True), (0, False), (3, False), (4, True)])
def test_scale_items_must_be_in_range(item, error):
    found = check(session(scales=[ScaleScore("phq9", [item] + [0] * 8)]))
    assert ("item_range" in codes(found, "error")) == error


def test_phq9_item9_and_positive_cssrs_warn():
    found = check(session(scales=[ScaleScore("phq9", [0] * 8 + [1])]))
    assert "safety_flag" in codes(found, "warning")
    found = check(session(scales=[ScaleScore("cssrs", [1, 0, 0, 0, 0, 0])]))
    assert "safety_flag" in codes(found, "warning")
    assert "safety_flag" not in codes(check(session(scales=[ScaleScore("phq9", [0] * 9)])))


def test_screening_yes_warns_on_dosing_sessions_only():
    c = client(screening=[ScreeningItem("hypertension", "yes"), ScreeningItem("liver", "no")])
    found = check(session(), c)
    assert [f.field for f in found if f.code == "screening_yes"] == [
        "client.screening.hypertension"
    ]
    integration = session(kind="integration", administrations=[])
    assert "screening_yes" not in codes(check(integration, c))


def test_dosing_session_without_administration_warns():
    assert "no_administration" in codes(check(session(administrations=[])), "warning")


def test_missing_consent_warns():
    assert "no_consent" in codes(check(session(), client(consent_date=None)))


def test_timing_order_and_range():
    s = session()
    s.dosing.onset_min, s.dosing.peak_min, s.dosing.baseline_min = 5, 3, 60
    assert "timing_order" in codes(check(s), "error")
    s.dosing.peak_min = 5
    assert "timing_order" not in codes(check(s))
    s.dosing.onset_min = -1
    assert "timing_range" in codes(check(s), "error")


def test_short_esketamine_monitoring_warns():
    s = session(administrations=[Administration(time(9, 10), "in_esk", 56.0, "esketamine")])
    s.rems = RemsDetails(monitoring_end=time(11, 9))
    assert "rems_short" in codes(check(s))
    s.rems = RemsDetails(monitoring_end=time(11, 10))
    assert "rems_short" not in codes(check(s))


def test_messages_never_carry_note_text():
    s = session(intention="SECRET-INTENTION", narrative={"Note": "SECRET-NARRATIVE"})
    s.vitals = [VitalSign(time(9, 5), 120, 130, 300, 101, note="SECRET-NOTE")]
    for f in check(s):
        assert "SECRET" not in f.message


@pytest.mark.parametrize(
    ("kw", "code"),
    [
        (dict(chart=" "), "chart_missing"),
        (dict(name=""), "name_missing"),
        (dict(dob=date(2030, 1, 1)), "dob_future"),
        (dict(weights=[WeightEntry(0, DAY)]), "weight_range"),
        (dict(weights=[WeightEntry(401, DAY)]), "weight_range"),
        (dict(weights=[WeightEntry(25, DAY)]), "weight_low"),
        (dict(weights=[WeightEntry(70, date(1980, 1, 1))]), "weight_date"),
    ],
)
def test_client_rules(kw, code):
    assert code in codes(validate_client(client(**kw), today=TODAY))
    assert validate_client(client(), today=TODAY) == []


numbers = st.one_of(
    st.none(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=5),
)
times = st.one_of(st.none(), st.times())


@given(
    mg=numbers, route=st.text(max_size=8) | st.sampled_from(["iv", "im", "in", "in_esk", "sl", "po"]),
    vitals=st.lists(st.tuples(times, numbers, numbers, numbers, numbers, numbers, numbers), max_size=4),
    intensity=numbers, items=st.lists(numbers, max_size=12), weight=numbers, text=st.text(),
    kind=st.sampled_from(["dosing", "integration", "preparation", "other", "??"]),
    start=times, onset=numbers,
)  # fmt: skip
@settings(max_examples=300, deadline=None)
def test_validation_never_raises_on_random_values(
    mg, route, vitals, intensity, items, weight, text, kind, start, onset
):
    s = Session(1, 1, DAY, kind=kind, start_time=start, intention=text, narrative={"Note": text})
    s.administrations = [Administration(None, route, mg)]
    s.vitals = [VitalSign(t, a, b, c, d, e, sedation_score=f) for t, a, b, c, d, e, f in vitals]
    s.effects = [EffectObservation("nausea", intensity, note=text)]
    s.scales = [ScaleScore("phq9", items), ScaleScore("cadss", [], weight)]
    s.dosing.onset_min = onset
    c = Client("C", "N", weights=[WeightEntry(weight, DAY)])
    findings = validate_session(s, c, today=TODAY)
    assert all(isinstance(f, Finding) and f.level in ("error", "warning") for f in findings)
    validate_client(c, today=TODAY)
