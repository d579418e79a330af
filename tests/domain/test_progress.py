"""course_progress: the numbers the client page and the course PDF both draw."""

from __future__ import annotations

from datetime import date, time

from kapnotes.domain.progress import chart_max, course_progress, scale_bands
from kapnotes.domain.records import (
    Administration,
    Client,
    EffectObservation,
    ScaleScore,
    Session,
    ThemeTag,
    WeightEntry,
)

CLIENT = Client("C", "Client", weights=[WeightEntry(80.0, date(2026, 1, 1))])


def session(day: int, *scales: ScaleScore, kind: str = "dosing", mg: float | None = 40.0, **kw):
    s = Session(1, 1, date(2026, 3, day), kind=kind, id=day, scales=list(scales), **kw)
    if mg is not None:
        s.administrations.append(Administration(time(10), "im", mg))
    return s


def phq(*items):
    return ScaleScore("phq9", list(items))


def test_baseline_is_the_first_complete_phq9_and_partials_do_not_count():
    sessions = [
        session(1, phq(3, 3, 3, None, 3, 3, 3, 3, 0)),  # partial: not a baseline
        session(2, phq(2, 2, 2, 2, 2, 2, 2, 2, 0)),  # 16
        session(3, phq(1, 1, 1, 1, 1, 1, 1, 1, 0)),  # 8: exactly 50 % lower
    ]
    p = course_progress(sessions, CLIENT)
    assert (p.phq9_baseline, p.phq9_latest, p.phq9_change_pct) == (16, 8, 50.0)
    assert p.response is True and p.remission is False
    assert p.scale_changes["phq9"].points == 2


def test_order_is_by_date_not_by_list_order():
    sessions = [session(5, phq(0, 0, 0, 0, 0, 0, 0, 0, 0)), session(1, phq(*[2] * 8, 0))]
    p = course_progress(sessions, CLIENT)
    assert (p.phq9_baseline, p.phq9_latest, p.remission) == (16, 0, True)


def test_a_single_phq9_gives_no_response_verdict():
    p = course_progress([session(1, phq(*[2] * 8, 0))], CLIENT)
    assert p.response is None and p.remission is None
    assert p.outcome_text() == "PHQ-9 baseline 16; no later score yet."


def test_dose_dissociation_and_themes():
    sessions = [
        session(
            1, effects=[EffectObservation("dissociation", 2), EffectObservation("dissociation", 3)]
        ),
        session(2, kind="integration", mg=None, themes=[ThemeTag("grief"), ThemeTag("insight")]),
        session(3, mg=60.0, themes=[ThemeTag("grief")]),
    ]
    p = course_progress(sessions, CLIENT)
    assert p.dose_points == [(date(2026, 3, 1), 1, 0.5), (date(2026, 3, 3), 3, 0.75)]
    assert p.dissociation_points == [(date(2026, 3, 1), 1, 3), (date(2026, 3, 3), 3, 0)]
    assert [(code, n) for code, _label, n in p.theme_counts] == [("grief", 2), ("insight", 1)]
    assert (p.sessions, p.dosing_sessions) == (3, 2)


def test_no_weight_means_no_mg_per_kg():
    p = course_progress([session(1)], Client("C", "No weight"))
    assert p.dose_points == [(date(2026, 3, 1), 1, None)]


def test_safety_flags_and_other_scale_changes():
    sessions = [
        session(
            1,
            phq(*[1] * 8, 2),
            ScaleScore("gad7", [3] * 7),
            ScaleScore("cssrs", [1, 0, 0, 0, 0, 0]),
        ),
        session(2, ScaleScore("gad7", [1] * 7), ScaleScore("cadss", [], 30)),
    ]
    p = course_progress(sessions, CLIENT)
    assert [(d.day, sid) for d, sid, _text in p.safety_flags] == [(1, 1), (1, 1)]
    assert "item 9" in p.safety_flags[0][2] and "C-SSRS" in p.safety_flags[1][2]
    gad = p.scale_changes["gad7"]
    assert (gad.baseline, gad.latest, gad.change_pct) == (21, 7, 66.7)
    assert p.ordered_scales() == ["phq9", "gad7", "cadss", "cssrs"]


def test_chart_bounds_and_bands():
    assert chart_max("phq9", [12]) == 27
    assert chart_max("pcl5", []) == 80
    assert chart_max("cadss", [30]) == 92
    assert chart_max("ebi", [75]) == 100
    assert chart_max("meq30", [3.2]) == 5
    assert chart_max("unknown", [14]) == 14
    assert scale_bands("gad7")[-1] == (15.0, 21.0, "severe")
    assert scale_bands("cssrs") == [] and scale_bands("ebi") == []


def test_a_later_partial_phq9_is_not_an_outcome():
    """It said "PHQ-9 16 at baseline, 16 latest (0% lower). No response yet" from one score."""
    p = course_progress(
        [session(1, phq(*[2] * 8, 0)), session(2, phq(1, 1, None, None, None, 1, 1, 1, 0))],
        CLIENT,
    )
    assert p.outcome_text() == "PHQ-9 baseline 16; no later score yet."
    assert [pt.complete for pt in p.scale_series["phq9"]] == [True, False]
