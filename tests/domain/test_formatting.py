"""One home for how values read: the window's tables and fields, and the PDFs."""

from __future__ import annotations

from datetime import date, datetime, time

from kapnotes.domain.formatting import (
    DASH,
    fmt_bp,
    fmt_date,
    fmt_datetime,
    fmt_mg,
    fmt_mg_per_kg,
    fmt_minutes,
    fmt_number,
    fmt_plain_number,
    fmt_score,
    fmt_time,
    fmt_yes_no,
    label,
)
from kapnotes.domain.records import ScaleScore
from kapnotes.domain.scales import score


def test_documents_print_a_dash_and_the_window_shows_nothing_when_a_value_is_missing():
    for fmt in (fmt_date, fmt_time, fmt_datetime, fmt_number, fmt_mg, fmt_mg_per_kg, fmt_yes_no):
        assert fmt(None) == DASH
        assert fmt(None, missing="") == ""
    assert fmt_plain_number(None) == ""
    assert fmt_bp(None, None) == DASH and fmt_bp(128, None) == "128/?"


def test_dates_and_times_are_iso_and_24_hour():
    assert fmt_date(date(2024, 3, 1)) == "2024-03-01"
    assert fmt_date(datetime(2024, 3, 1, 23, 59)) == "2024-03-01"
    assert fmt_time(time(9, 5)) == "09:05"
    assert fmt_time(time(0, 0)) == "00:00"  # midnight is a time, not a missing one
    moment = datetime(2024, 3, 1, 9, 5, 7)
    assert fmt_datetime(moment) == "2024-03-01 09:05"
    assert fmt_datetime(moment, seconds=True) == "2024-03-01 09:05:07"


def test_numbers_round_without_trailing_zeros_but_typed_ones_keep_their_digits():
    assert [fmt_number(v) for v in (56, 56.0, 0.5, 37.25, 0.04)] == ["56", "56", "0.5", "37.2", "0"]
    assert fmt_number(37.256, 2) == "37.26"
    assert [fmt_plain_number(v) for v in (56, 56.0, 37.25, 0.125)] == ["56", "56", "37.25", "0.125"]
    assert fmt_mg(35.0) == "35 mg"
    assert fmt_mg_per_kg(0.7) == "0.70 mg/kg"  # two decimals always, as protocols write it
    assert fmt_mg_per_kg(0.7, unit=False) == "0.70"
    assert fmt_minutes(40) == "40 min" and fmt_yes_no(False) == "No"


def test_scale_totals_read_alike_in_the_domain_summary_and_the_form():
    assert [fmt_score(v) for v in (14, 14.0, 2.5, 2.04)] == ["14", "14", "2.5", "2.0"]
    assert score(ScaleScore("phq9", [2, 2, 1, 1, 1, 1, 1, 1, 1])).summary.startswith("11")


def test_labels_of_codes_and_of_a_clinics_own_codes():
    assert label("routes", "im") != "im"
    assert label("routes", "our_own_route") == "our_own_route"
    assert label("routes", "") == DASH
