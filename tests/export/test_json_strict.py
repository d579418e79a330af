"""Import leniency refused (issue 12): every value a form could not have produced is named."""

from __future__ import annotations

import copy
import json

import pytest
from test_json_problems import GOOD, _bad, _session

from kapnotes.domain.limits import possible_range
from kapnotes.export.json_format import SPECS, FormatError, decode, parse_document


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: _session(d, 0).update(date="20260102"), "sessions[0].date: not a date (YYYY-MM-DD)"),
        (lambda d: _session(d, 0).update(date="2026-W01-1"), "sessions[0].date: not a date"),
        (lambda d: _session(d, 0).update(date="2026-01-02T00:00"), "sessions[0].date: not a date"),
        (lambda d: _session(d, 0).update(date=" 2026-01-02"), "sessions[0].date: not a date"),
        (lambda d: _session(d, 0).update(date="２０２６-01-02"), "sessions[0].date: not a date"),
        (lambda d: d["clients"][1].update(dob="19850302"), "clients[1].dob: not a date"),
        (lambda d: _session(d).update(start_time="0930"), "sessions[1].start_time: not a time"),
        (lambda d: _session(d).update(start_time="T09:30"), "sessions[1].start_time: not a time"),
        (lambda d: _session(d).update(start_time="09:30+01:00"), "start_time: not a time"),
        (lambda d: _session(d).update(signed_at="20250109T120000"), "signed_at: not a datetime"),
        (lambda d: _session(d).update(signed_at="2025-01-09 12:00:00"), "signed_at: not a datetime"),
        (lambda d: _session(d).update(signed_at="2025-W02-4T12:00"), "signed_at: not a datetime"),
        (lambda d: _session(d).update(signed_at="2025-01-09T12:00:00Z"), "signed_at: not a datetime"),
        (lambda d: _session(d).update(intention="a\x00b"), "sessions[1].intention: holds a NUL"),
        (lambda d: _session(d).update(narrative={"N\x00": "x"}), "narrative: a name that holds a NUL"),
        (lambda d: d["clients"][0].update(name="\x00"), "clients[0].name: holds a NUL"),
        (lambda d: _session(d)["scales"][0].update(items=[1, 2, 3]), "scales[0].items: PHQ-9 has 9 items, not 3"),
        (lambda d: _session(d)["scales"][0].update(items=[0] * 10), "scales[0].items: PHQ-9 has 9 items, not 10"),
        (lambda d: _session(d)["scales"][0]["items"].__setitem__(3, 4), "scales[0].items[3]: 4 is out of range (0–3)"),
        (lambda d: _session(d)["scales"][0]["items"].__setitem__(0, -1), "scales[0].items[0]: -1 is out of range"),
        (lambda d: _session(d)["scales"][0].update(scale="phq99"), "scales[0].scale: 'phq99' is not a known scale"),
        (lambda d: _session(d)["scales"][0].update(total=12), "scales[0].total: PHQ-9 is scored from its items"),
        (lambda d: _session(d)["scales"].append({"scale": "cadss", "total": 500}), "scales[1].total: 500 is out of range (0–92)"),
        (lambda d: _session(d)["scales"].append({"scale": "cadss", "items": [1]}), "scales[1].items: CADSS is entered as a total only"),
        (lambda d: _session(d).update(number=2**40), "sessions[1].number: 1.09951e+12 is out of range (0–100000)"),
        (lambda d: _session(d).update(number=-1), "sessions[1].number: -1 is out of range"),
        (lambda d: _session(d).update(vitals=[{"systolic": 10**15}]), "vitals[0].systolic: 1e+15 is out of range (0–400)"),
        (lambda d: _session(d).update(vitals=[{"spo2": 101}]), "vitals[0].spo2: 101 is out of range (0–100)"),
        (lambda d: _session(d).update(vitals=[{"sedation_score": -9}]), "vitals[0].sedation_score: -9 is out of range"),
        (lambda d: _session(d).update(dosing={"onset_min": 99999}), "dosing.onset_min: 99999 is out of range (0–1440)"),
        (lambda d: _session(d).update(rems={"ready_to_leave_min": -3}), "rems.ready_to_leave_min: -3 is out of range"),
        (lambda d: _session(d)["administrations"][0].update(mg=1e300), "administrations[0].mg: 1e+300 is out of range (0–5000)"),
        (lambda d: d["clients"][1]["weights"][0].update(kg=1e9), "weights[0].kg: 1e+09 is out of range"),
        (lambda d: d.update(settings={"autosave_ms": "x"}), "settings.autosave_ms: 'x' is not a whole number"),
        (lambda d: d.update(settings={"lock_minutes": 1e300}), "settings.lock_minutes: 1e+300 is out of range (0–240)"),
        (lambda d: d.update(settings={"backup_keep": -1}), "settings.backup_keep: -1 is out of range (1–365)"),
    ],
)  # fmt: skip
def test_leniency_is_refused_and_the_field_named(change, message):
    assert message in _bad(change)


def test_every_number_in_the_format_has_bounds():
    """Integers beyond the range of any field: each numeric field has its range in domain.limits."""
    for cls, spec in SPECS.items():
        for name, kind in spec.items():
            if kind.rstrip("?") in ("int", "float") or kind in ("list:int?", "list:int"):
                assert possible_range(cls.__name__, name) is not None, f"{cls.__name__}.{name}"


def _decode(text: str):
    return decode(text.encode("utf-8"), "in.json")


def test_a_key_given_twice_is_refused_with_its_path():
    text = json.dumps(GOOD).replace('"mg": 50', '"mg": 5, "mg": 500')
    with pytest.raises(FormatError) as caught:
        _decode(text)
    assert (
        str(caught.value)
        == "clients[1].sessions[1].administrations[0].mg: given twice in one object"
    )


def test_a_key_given_twice_at_the_top_is_named():
    with pytest.raises(FormatError, match="^clients: given twice in one object$"):
        _decode('{"format": "kapnotes", "version": 1, "clients": [], "clients": []}')


def test_a_five_thousand_digit_integer_is_one_problem_not_a_traceback():
    doc = copy.deepcopy(GOOD)
    doc["clients"][1]["sessions"][1]["number"] = 0  # replaced in the text below
    text = json.dumps(doc).replace('"number": 0', '"number": ' + "9" * 5000)
    with pytest.raises(FormatError) as caught:
        parse_document(_decode(text))
    assert str(caught.value) == "clients[1].sessions[1].number: too large a number (5000 digits)"


def test_a_huge_number_in_a_text_field_or_a_float_is_named_too():
    text = json.dumps(GOOD).replace('"name": "Ana"', '"name": -' + "1" * 5000)
    text = text.replace('"mg": 50', '"mg": ' + "1" * 300 + ".5")
    with pytest.raises(FormatError) as caught:
        parse_document(_decode(text))
    assert caught.value.problems == [
        "clients[0].name: too large a number (5000 digits)",
        "clients[1].sessions[1].administrations[0].mg: 1.11111e+299 is out of range (0–5000)",
    ]


def test_the_good_document_still_decodes_and_parses():
    bundles, _ = parse_document(_decode(json.dumps(GOOD)))
    assert len(bundles) == 2
