"""One set of rules for the practice settings: import refuses, load falls back, save refuses."""

from __future__ import annotations

from dataclasses import fields

import pytest

from kapnotes.domain.settings import (
    INT_RANGES,
    PracticeSettings,
    SettingsError,
    VitalThresholds,
    check_settings,
    load_settings,
)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"autosave_ms": "x"}, "settings.autosave_ms: 'x' is not a whole number"),
        ({"lock_minutes": 1e300}, "settings.lock_minutes: 1e+300 is out of range (0–240)"),
        ({"lock_minutes": 10**300}, "settings.lock_minutes: a 301-digit number is out of range"),
        ({"backup_keep": -1}, "settings.backup_keep: -1 is out of range (1–365)"),
        ({"backup_keep": 0}, "settings.backup_keep: 0 is out of range"),
        ({"autosave_ms": True}, "settings.autosave_ms: True is not a whole number"),
        ({"autosave_ms": 2.5}, "settings.autosave_ms: 2.5 is not a whole number"),
        ({"lock_minutes": float("nan")}, "settings.lock_minutes: nan is not a whole number"),
        ({"practice_name": 5}, "settings.practice_name: 5 is not a text"),
        ({"practice_name": "  "}, "settings.practice_name: must not be empty"),
        ({"practice_name": "a\x00b"}, "settings.practice_name: holds a NUL character"),
        ({"practice_name": "x" * 201}, "settings.practice_name: is longer than 200"),
        ({"clinicians": [{"name": ""}]}, "settings.clinicians: [0] name must not be empty"),
        ({"clinicians": [{"name": "A", "x": 1}]}, "settings.clinicians: [0] unknown field 'x'"),
        ({"clinicians": "Dr A"}, "settings.clinicians: not a list"),
        ({"default_template": "poem"}, "settings.default_template: 'poem' is not one of free"),
        ({"dose_ranges": {"im": [2, 1]}}, "settings.dose_ranges: im: low 2 is above high 1"),
        (
            {"dose_ranges": {"im": [0, 1e9]}},
            "settings.dose_ranges: im: 1000000000.0 is out of range (0–5000)",
        ),
        ({"dose_ranges": {"xx": [0, 1]}}, "settings.dose_ranges: 'xx' is not a known route"),
        ({"dose_ranges": {"im": 1}}, "settings.dose_ranges: im: not a [low, high] pair"),
        ({"vitals": {"hr_high": "fast"}}, "settings.vitals.hr_high: 'fast' is not a whole number"),
        ({"vitals": {"spo2_min": 999}}, "settings.vitals.spo2_min: 999 is out of range (0–400)"),
        ({"vitals": {"pulse": 1}}, "settings.vitals.pulse: unknown setting"),
        ({"vitals": []}, "settings.vitals: not an object"),
        ({"quick_effects": ["a"] * 10}, "settings.quick_effects: has 10 entries (at most 9)"),
        ({"reminders_min": [0, -5]}, "settings.reminders_min: [1] -5 is out of range (0–1440)"),
        ({"theme": "neon"}, "settings.theme: 'neon' is not one of light, dark"),
        ({"colour": "red"}, "settings.colour: unknown setting"),
    ],
)
def test_import_refuses_a_bad_setting_and_names_it(data, message):
    with pytest.raises(SettingsError) as caught:
        check_settings(data)
    assert any(message in p for p in caught.value.problems), caught.value.problems


def test_good_settings_pass_every_rule():
    s = PracticeSettings(dose_ranges={"im": [0.5, 1.0]}, reminders_min=[0, 30])
    assert check_settings(s.to_dict()) == s
    assert check_settings(PracticeSettings().to_dict()) == PracticeSettings()


def test_a_bad_stored_value_falls_back_to_its_default_with_a_warning():
    stored = {"autosave_ms": "x", "lock_minutes": 1e300, "backup_keep": -1, "practice_name": "Ok",
              "vitals": {"hr_high": "fast", "hr_low": 45}}  # fmt: skip
    settings, warnings = load_settings(stored)
    assert (settings.autosave_ms, settings.lock_minutes, settings.backup_keep) == (800, 10, 14)
    assert settings.practice_name == "Ok"
    assert settings.vitals.hr_high == VitalThresholds().hr_high and settings.vitals.hr_low == 45
    assert "settings.autosave_ms: 'x' is not a whole number; the default 800 is used" in warnings
    assert any(w.startswith("settings.backup_keep: -1") for w in warnings)
    assert any(w.startswith("settings.vitals.hr_high") and "default 110" in w for w in warnings)
    assert len(warnings) == 4


@pytest.mark.parametrize("stored", [None, {}, "unreadable", [1], {"unknown_future": 1}])
def test_anything_stored_still_loads(stored):
    settings, _warnings = load_settings(stored)
    assert isinstance(settings, PracticeSettings)


def test_every_field_has_a_rule():
    from kapnotes.domain import settings as module

    ruled = set(module._CHECKS) | {"vitals"}
    assert {f.name for f in fields(PracticeSettings)} == ruled
    assert set(INT_RANGES) <= ruled
    for name, (low, high) in INT_RANGES.items():
        default = getattr(PracticeSettings(), name)
        assert low <= default <= high, name
