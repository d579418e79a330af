"""A demo-like induction course built through the store API for the progress tests."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from kapnotes.domain.records import (
    Administration,
    Client,
    Course,
    EffectObservation,
    ScaleScore,
    Session,
    ThemeTag,
    WeightEntry,
)

START = date(2026, 2, 2)
# PHQ-9 per session: 19 at baseline falling to 4 (remission), one item 9 > 0 early on.
PHQ9 = [
    [3, 2, 2, 3, 2, 2, 2, 2, 1],
    [2, 2, 2, 2, 2, 2, 2, 1, 0],
    [2, 2, 1, 2, 1, 2, 1, 1, 0],
    [1, 1, 1, 2, 1, 1, 1, 0, 0],
    [1, 1, 1, 1, 1, 1, 0, 0, 0],
    [1, 0, 1, 1, 0, 1, 0, 0, 0],
]
GAD7 = [[2, 2, 2, 2, 2, 1, 2], None, [1, 1, 2, 1, 1, 1, 1], None, [1, 0, 1, 1, 0, 0, 1], None]
DOSES = [35.0, 42.0, 49.0, 49.0, 56.0, 56.0]
DISSOCIATION = [1, 2, 3, 3, 2, 3]
THEMES = [
    ["grief", "fear"],
    ["grief", "family"],
    ["insight", "grief", "self_compassion"],
    ["self_compassion", "connectedness"],
    ["insight", "meaning"],
    ["connectedness", "self_compassion"],
]


@pytest.fixture
def course(practice):
    """(client_id, course_id, session ids): six IM dosing sessions with scales and themes."""
    client = Client(
        chart="D-7",
        name="Robin Demo",
        weights=[WeightEntry(70.0, START - timedelta(days=30))],
    )
    client_id = practice.save_client(client)
    course_id = practice.save_course(Course(client_id, start_date=START, title="Spring series"))
    ids = []
    for i in range(6):
        scales = [ScaleScore("phq9", PHQ9[i])]
        if GAD7[i]:
            scales.append(ScaleScore("gad7", GAD7[i]))
        scales.append(ScaleScore("cadss", [], 10 + 6 * DISSOCIATION[i]))
        s = Session(
            client_id,
            course_id,
            START + timedelta(days=4 * i),
            kind="dosing",
            number=i + 1,
            start_time=time(10, 0),
            administrations=[Administration(time(10, 5), "im", DOSES[i])],
            effects=[EffectObservation("dissociation", DISSOCIATION[i], time(10, 15))],
            themes=[ThemeTag(t) for t in THEMES[i]],
            scales=scales,
        )
        ids.append(practice.save_session(s))
    return client_id, course_id, ids
