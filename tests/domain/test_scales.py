"""Scale scoring: published bands at every boundary, missing items, safety flags."""

from __future__ import annotations

import pytest

from kapnotes.domain.records import ScaleScore
from kapnotes.domain.scales import SCALES, cssrs_risk, response_remission, score


def items_summing_to(total: int, n: int, item_max: int) -> list[int]:
    out = []
    for _ in range(n):
        take = min(item_max, total)
        out.append(take)
        total -= take
    assert total == 0
    return out


PHQ9_BANDS = [(0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"),
              (14, "moderate"), (15, "moderately severe"), (19, "moderately severe"),
              (20, "severe"), (27, "severe")]  # fmt: skip
GAD7_BANDS = [(0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"),
              (14, "moderate"), (15, "severe"), (21, "severe")]  # fmt: skip


@pytest.mark.parametrize(("total", "band"), PHQ9_BANDS)
def test_phq9_band_boundaries(total, band):
    # Item 9 kept at 0 where possible so the safety flag does not interfere.
    items = items_summing_to(total, 9, 3)
    result = score(ScaleScore("phq9", items))
    assert (result.total, result.band, result.complete) == (total, band, True)


@pytest.mark.parametrize(("total", "band"), GAD7_BANDS)
def test_gad7_band_boundaries(total, band):
    result = score(ScaleScore("gad7", items_summing_to(total, 7, 3)))
    assert (result.total, result.band) == (total, band)


@pytest.mark.parametrize(("total", "band"), [(0, "below threshold"), (30, "below threshold"),
                                             (31, "probable PTSD (cut-off 31–33)"),
                                             (80, "probable PTSD (cut-off 31–33)")])  # fmt: skip
def test_pcl5_cutoff(total, band):
    assert score(ScaleScore("pcl5", items_summing_to(total, 20, 4))).band == band


def test_phq9_published_example():
    # Kroenke et al.'s worked example pattern: several days / more than half the days.
    result = score(ScaleScore("phq9", [1, 2, 2, 3, 1, 1, 2, 0, 0]))
    assert result.total == 12 and result.band == "moderate" and result.summary == "12 (moderate)"


def test_phq9_item9_is_a_safety_flag():
    assert score(ScaleScore("phq9", [0] * 8 + [0])).safety_flag is None
    flag = score(ScaleScore("phq9", [0] * 8 + [1])).safety_flag
    assert flag and "item 9" in flag


def test_missing_items_are_missing_not_zero():
    result = score(ScaleScore("phq9", [3, 3, None, 3, 3, 3, 3, 3, 0]))
    assert result.total == 21
    assert result.missing == (2,)
    assert result.band is None and not result.complete
    assert result.summary == "21 — 1 item missing"


def test_short_item_list_counts_the_rest_as_missing():
    result = score(ScaleScore("gad7", [1, 1]))
    assert result.missing == (2, 3, 4, 5, 6)


def test_out_of_range_items_count_as_missing():
    assert score(ScaleScore("phq9", [4, 0, 0, 0, 0, 0, 0, 0, 0])).missing == (0,)


def test_nothing_entered():
    result = score(ScaleScore("phq9", [None] * 9))
    assert result.total is None and result.summary == "not entered"


def test_cadss_is_total_only():
    assert score(ScaleScore("cadss", [], 31)).total == 31
    assert score(ScaleScore("cadss", [], 93)).total is None
    assert SCALES["cadss"].total_only


def test_ebi_is_a_mean():
    assert score(ScaleScore("ebi", [50, 60, 70, 80, 90, 100])).total == 75.0


def test_meq30_subscales_and_complete_experience():
    full = score(ScaleScore("meq30", [3] * 30))
    assert full.subscales["mystical"] == 3.0
    assert full.band == "complete mystical experience"  # 3.0 is exactly 60 % of 5
    items = [3] * 30
    items[2] = items[9] = items[28] = 2  # ineffability items below 60 %
    partial = score(ScaleScore("meq30", items))
    assert partial.subscales["ineffability"] == 2.0
    assert partial.band == "not complete"


@pytest.mark.parametrize(
    ("answers", "risk"),
    [
        ([0, 0, 0, 0, 0, 0], "negative"),
        ([1, 0, 0, 0, 0, 0], "low"),
        ([0, 1, 0, 0, 0, 0], "low"),
        ([1, 1, 1, 0, 0, 0], "moderate"),
        ([1, 1, 0, 1, 0, 0], "high"),
        ([1, 1, 1, 1, 1, 0], "high"),
        ([0, 0, 0, 0, 0, 1], "high"),
    ],
)
def test_cssrs_risk_levels(answers, risk):
    assert cssrs_risk(answers) == risk
    result = score(ScaleScore("cssrs", answers))
    assert result.band == risk
    assert (result.safety_flag is not None) == (risk != "negative")


@pytest.mark.parametrize(
    ("baseline", "latest", "expected"),
    [(20, 10, (True, False)), (20, 11, (False, False)), (10, 4, (True, True)),
     (6, 5, (False, False)), (None, 3, (None, None))],
)  # fmt: skip
def test_response_and_remission(baseline, latest, expected):
    assert response_remission(baseline, latest) == expected
