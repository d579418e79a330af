"""Scoring against the published scoring rules: every total in range, anchors, item labels."""

from __future__ import annotations

import pytest

from kapnotes.domain.records import ScaleScore
from kapnotes.domain.scales import MEQ30_SUBSCALES, SCALES, score


def spread(total: int, n: int, item_max: int) -> list[int]:
    """Items adding up to `total`, spread evenly (so item 9 of the PHQ-9 stays low)."""
    items = [0] * n
    for k in range(total):
        items[k % n] += 1
    assert max(items) <= item_max
    return items


def published_phq9_band(total: int) -> str:
    # Kroenke, Spitzer & Williams 2001: cut-points 5, 10, 15 and 20.
    for cut, name in ((20, "severe"), (15, "moderately severe"), (10, "moderate"), (5, "mild")):
        if total >= cut:
            return name
    return "minimal"


def published_gad7_band(total: int) -> str:
    # Spitzer et al. 2006: cut-points 5, 10 and 15.
    for cut, name in ((15, "severe"), (10, "moderate"), (5, "mild")):
        if total >= cut:
            return name
    return "minimal"


@pytest.mark.parametrize("total", range(28))
def test_every_phq9_total_gets_its_published_band(total):
    result = score(ScaleScore("phq9", spread(total, 9, 3)))
    assert (result.total, result.band) == (total, published_phq9_band(total))


@pytest.mark.parametrize("total", range(22))
def test_every_gad7_total_gets_its_published_band(total):
    result = score(ScaleScore("gad7", spread(total, 7, 3)))
    assert (result.total, result.band) == (total, published_gad7_band(total))


@pytest.mark.parametrize("total", [0, 30, 31, 32, 33, 80])
def test_pcl5_provisional_cut_point(total):
    # Weathers et al. 2013 (National Center for PTSD): 0-80, provisional cut-point 31-33;
    # the lower end is used so that a probable PTSD is not missed.
    result = score(ScaleScore("pcl5", spread(total, 20, 4)))
    assert result.total == total
    assert result.band.startswith("probable PTSD") == (total >= 31)


def test_phq9_column_sum_method_of_the_instruction_manual():
    # The PHQ instruction manual adds the columns: 3 x "several days" (1),
    # 3 x "more than half the days" (2), 2 x "nearly every day" (3), 1 x "not at all".
    items = [1, 1, 1, 2, 2, 2, 3, 3, 0]
    result = score(ScaleScore("phq9", items))
    assert result.total == 3 * 1 + 3 * 2 + 2 * 3 == 15
    assert result.band == "moderately severe" and result.safety_flag is None


def test_gad7_likely_gad_at_10():
    # Spitzer 2006: a score of 10 or more is a reasonable cut-point for GAD.
    assert score(ScaleScore("gad7", [2, 2, 1, 1, 2, 1, 1])).band == "moderate"
    assert score(ScaleScore("gad7", [2, 2, 1, 1, 2, 1, 0])).band == "mild"


@pytest.mark.parametrize("item9", [1, 2, 3])
def test_phq9_item9_flag_at_any_positive_answer(item9):
    result = score(ScaleScore("phq9", [0] * 8 + [item9]))
    assert result.safety_flag and f"scored {item9}" in result.safety_flag
    assert result.band == "minimal"  # the flag does not depend on the total


def test_phq9_item9_missing_is_not_a_flag():
    result = score(ScaleScore("phq9", [3] * 8 + [None]))
    assert result.safety_flag is None and not result.complete


def test_missing_items_never_get_a_band_even_at_a_high_partial_sum():
    result = score(ScaleScore("phq9", [3] * 7 + [None, None]))
    assert result.total == 21 and result.band is None
    assert result.summary == "21 — 2 items missing"


def test_meq30_complete_at_exactly_60_percent_of_each_subscale():
    # Barrett, Johnson & Griffiths 2015: "complete" when every subscale mean is >= 60 % of 5.
    items = [3] * 30
    assert score(ScaleScore("meq30", items)).band == "complete mystical experience"
    items[MEQ30_SUBSCALES["positive mood"][0] - 1] = 2  # one item just below
    result = score(ScaleScore("meq30", items))
    assert result.subscales["positive mood"] == pytest.approx(2.83, abs=0.01)
    assert result.band == "not complete"


def test_meq30_subscales_cover_all_30_items_once():
    numbers = sorted(n for nums in MEQ30_SUBSCALES.values() for n in nums)
    assert numbers == list(range(1, 31))


def test_ebi_mean_of_six_visual_analogue_items():
    # Roseman et al. 2019: the EBI score is the mean of six 0-100 items.
    result = score(ScaleScore("ebi", [100, 80, 60, 40, 20, 0]))
    assert result.total == 50.0
    assert score(ScaleScore("ebi", [100, 101, 60, 40, 20, 0])).missing == (1,)


@pytest.mark.parametrize("code", [c for c, s in SCALES.items() if not s.total_only])
def test_every_item_has_a_label(code):
    scale = SCALES[code]
    assert len(scale.item_labels) == scale.n_items
    assert all(label.strip() for label in scale.item_labels)


@pytest.mark.parametrize(
    ("code", "value", "words"),
    [("phq9", 0, "Not at all"), ("phq9", 3, "Nearly every day"), ("gad7", 2, "More than half the days"),
     ("pcl5", 4, "Extremely"), ("meq30", 5, "Extreme"), ("cssrs", 1, "Yes"), ("phq9", None, ""),
     ("phq9", 4, ""), ("ebi", 50, "")],
)  # fmt: skip
def test_anchor_words(code, value, words):
    assert SCALES[code].anchor(value) == words
