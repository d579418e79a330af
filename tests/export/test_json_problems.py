"""A bad JSON document is refused whole, with a message naming the record and field at fault."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kapnotes.export.json_format import FormatError, parse_document
from kapnotes.store import memory_practice
from kapnotes.store.transfer import insert_bundles

GOOD = {
    "format": "kapnotes",
    "version": 1,
    "clients": [
        {"chart": "A-1", "name": "Ana", "courses": [], "sessions": []},
        {
            "chart": "B-2",
            "name": "Björn",
            "screening": [{"item": "psychosis", "answer": "yes", "note": ""}],
            "weights": [{"kg": 70, "measured_on": "2025-01-02"}],
            "courses": [{"purpose": "induction"}],
            "sessions": [
                {"course": 0, "date": "2025-01-05", "kind": "preparation"},
                {
                    "course": 0,
                    "date": "2025-01-09",
                    "start_time": "09:30",
                    "administrations": [{"time": "09:50", "route": "im", "mg": 50}],
                    "effects": [{"effect": "dissociation", "intensity": 2}],
                    "scales": [{"scale": "phq9", "items": [1, 2, None, 0, 0, 0, 0, 0, 0]}],
                    "signed_at": "2025-01-09T12:00:00",
                },
            ],
        },
    ],
}


def _bad(change) -> str:
    doc = copy.deepcopy(GOOD)
    change(doc)
    with pytest.raises(FormatError) as caught:
        parse_document(doc)
    return str(caught.value)


def _session(doc, i=1):
    return doc["clients"][1]["sessions"][i]


def test_the_good_document_parses_with_defaults_filled_in():
    bundles, settings_ = parse_document(copy.deepcopy(GOOD))
    assert settings_ is None
    session = bundles[1].sessions[1]
    assert (
        session.administrations[0].mg == 50.0 and session.administrations[0].medication == "racemic"
    )
    assert session.scales[0].items[2] is None
    assert bundles[1].course_index == [0, 0]
    assert session.is_signed and session.start_time.hour == 9


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: _session(d)["administrations"][0].update(mg="lots"),
            "clients[1].sessions[1].administrations[0].mg: not a number",
        ),
        (lambda d: d["clients"][0].pop("chart"), "clients[0].chart: missing"),
        (lambda d: d["clients"][0].update(name="  "), "clients[0].name: must not be empty"),
        (lambda d: _session(d, 0).update(date="2025-13-01"), "sessions[0].date: not a date"),
        (lambda d: _session(d, 0).update(date=20250101), "sessions[0].date: not a date"),
        (lambda d: _session(d, 0).pop("date"), "clients[1].sessions[0].date: missing"),
        (lambda d: _session(d).update(start_time="25:00"), "start_time: not a time (HH:MM)"),
        (lambda d: _session(d).update(signed_at="yesterday"), "signed_at: not a datetime"),
        (lambda d: _session(d).update(mood="fine"), "clients[1].sessions[1].mood: unknown field"),
        (lambda d: _session(d).update(course=3), "sessions[1].course: no course 3"),
        (lambda d: _session(d).update(course="0"), "sessions[1].course: not a course index"),
        (lambda d: _session(d).update(clinicians="Ana"), "sessions[1].clinicians: not a list"),
        (lambda d: _session(d).update(narrative=["x"]), "sessions[1].narrative: not an object"),
        (
            lambda d: _session(d)["effects"][0].update(intensity=7),
            "effects[0].intensity: must be 0 (none) to 3 (severe)",
        ),
        (lambda d: _session(d)["effects"][0].update(intensity=1.5), "not a whole number"),
        (lambda d: _session(d)["effects"][0].update(intensity=True), "not a number"),
        (lambda d: _session(d).update(number=2**70), "sessions[1].number: too large a number"),
        (lambda d: _session(d)["administrations"][0].update(mg=-5), "mg: must not be negative"),
        (
            lambda d: _session(d)["administrations"][0].update(mg=float("nan")),
            "mg: not a finite number",
        ),
        (
            lambda d: _session(d)["administrations"][0].pop("route"),
            "administrations[0].route: missing",
        ),
        (
            lambda d: _session(d)["scales"][0].update(items=[1, "2"]),
            "scales[0].items[1]: not a number",
        ),
        (
            lambda d: d["clients"][1]["screening"].append({"item": "psychosis"}),
            "clients[1].screening[1].item: 'psychosis' appears twice",
        ),
        (
            lambda d: d["clients"][1]["screening"][0].update(answer="maybe"),
            "screening[0].answer: not one of yes, no, not_assessed",
        ),
        (
            lambda d: d["clients"][1]["weights"][0].update(kg=0),
            "weights[0].kg: must be more than 0",
        ),
        (lambda d: d["clients"][1].update(archived="no"), "clients[1].archived: not true or false"),
        (lambda d: d["clients"][1].update(chart="A-1"), "clients[1].chart: the same chart number"),
        (lambda d: d["clients"][1].update(sessions={}), "clients[1].sessions: not a list"),
        (lambda d: d["clients"].append("client"), "clients[2]: not an object"),
        (lambda d: d.update(clients={}), "clients: not a list"),
        (lambda d: d.pop("clients"), "clients: missing"),
        (lambda d: d.update(extra=1), "extra: unknown field"),
        (lambda d: _session(d).update(intention="a\ud800b"), "intention: not valid text"),
        (lambda d: _session(d).update(narrative={"\udfff": "x"}), "narrative: a name that is not"),
        (lambda d: d.update(settings=[]), "settings: not an object"),
        (lambda d: d.update(version=2), "version: 2 is newer than this KAPNotes reads (1)"),
        (lambda d: d.update(version="1"), "version: not a whole number"),
        (lambda d: d.update(format="other"), 'format: not "kapnotes"'),
    ],
)
def test_a_bad_field_is_named(change, message):
    assert message in _bad(change)


def test_every_problem_is_counted_and_the_first_is_named():
    def many(doc):
        _session(doc)["administrations"][0]["mg"] = "x"
        _session(doc, 0)["date"] = "x"
        doc["clients"][0]["chart"] = 5

    text = _bad(many)
    assert text.startswith("clients[0].chart: not a text")
    assert "(and 2 more problems)" in text


@pytest.mark.parametrize("data", [[], "kapnotes", 3, None, {"clients": []}])
def test_something_that_is_not_a_document(data):
    with pytest.raises(FormatError):
        parse_document(data)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*path, i))


ALL_PATHS = [p for p in _paths(GOOD) if p]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(ALL_PATHS), json_values)
def test_any_value_anywhere_is_parsed_or_refused_never_a_crash(path, value):
    doc = copy.deepcopy(GOOD)
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    try:
        bundles, _ = parse_document(json.loads(json.dumps(doc)))
    except FormatError as exc:
        assert exc.problems and all(": " in p for p in exc.problems)
    else:
        # What the checker lets through, the store takes: never a half-way database error.
        practice = memory_practice()
        try:
            insert_bundles(practice, bundles)
            assert practice.count("clients") == len(bundles)
        finally:
            practice.close()
