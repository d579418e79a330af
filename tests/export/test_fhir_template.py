"""FHIR templates (kapnotes/export/fhir/template.py) write what the json encoder writes for the
same dict, byte for byte, whatever the values hold (less the control characters FHIR strings
may not hold); absent values are left out, never null."""

from __future__ import annotations

import json
import math
from datetime import date, time

import pytest

from kapnotes.domain.records import AdverseEvent, Client, EffectObservation, Session, VitalSign
from kapnotes.export.fhir.template import Slot, entry, entry_shape, fhir_string, template, value
from kapnotes.export.jobs import ExportRequest, run_export

TRICKY = [
    "plain",
    'a "quoted" word',
    "back\\slash \\n not a newline",
    "line one\nline two\r\n\ttabbed",
    "".join(chr(i) for i in range(32)) + "\x7f",  # every control character, and DEL
    "Zoë Ångström — ‘quotes’ \u2028 \u2029",
    "non-BMP: 🙂 𝄞 𠜎",
    "%s %(id)s %% {} {id}",  # format syntax is text
    "\x00NUL\x00 and \x01marker\x01",  # the characters the templates use inside
    "",
]

SHAPE = {
    "resourceType": "Observation",
    "id": Slot("id", "code"),
    "status": Slot("status", "code"),
    "code": {"coding": [{"system": "urn:x", "code": "c", "display": "100% sure"}], "text": "T"},
    "subject": {"reference": f"urn:uuid:{Slot('patient', 'code')}"},
    "valueString": Slot("text"),
    "component": [{"valueQuantity": {"value": Slot("number", "number"), "unit": "%"}}],
    "extra": Slot("extra", "json"),
    "made": Slot("made", "raw"),
    "?note": Slot("note"),
    "?derivedFrom": Slot("derived", "raw"),
    "?flag": Slot("flag", "json"),
}


def _expand(node, values):
    """The dict a shape stands for, with the values in it: what the template must encode."""
    if isinstance(node, Slot):
        v = values[node.name]
        return json.loads(v) if node.kind == "raw" else v
    if isinstance(node, str) and "\x00" in node:
        head, name, tail = node.split("\x00")
        return head + values[name] + tail
    if isinstance(node, list):
        return [_expand(x, values) for x in node]
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key.startswith("?"):
                if values[value.name] in (None, "", []):
                    continue
                key = key[1:]
            out[key] = _expand(value, values)
        return out
    return node


def _fhir(node):
    """The values as FHIR admits them: no control character but tab, CR and LF in a string."""
    if isinstance(node, str):
        return fhir_string(node)
    if isinstance(node, dict):
        return {k: _fhir(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_fhir(v) for v in node]
    return node


def _encoded(shape, values) -> str:
    expanded = _fhir(_expand(shape, values))
    return json.dumps(expanded, ensure_ascii=False, separators=(",", ":"))


def _values(text, **changes):
    values = {"id": "0b1a2c3d-0000-5000-8000-00000000002a", "status": "final",
              "patient": "0b1a2c3d-0000-5000-8000-000000000001", "text": text, "number": 7,
              "extra": {"text": text, "list": [1, 2.5, True, None]}, "made": value([text]),
              "note": text, "derived": None, "flag": None}  # fmt: skip
    values.update(changes)
    return values


@pytest.mark.parametrize("text", TRICKY)
def test_a_template_writes_what_the_encoder_writes(text):
    render = template(SHAPE)
    values = _values(text)
    out = render(**dict(values))
    assert out == _encoded(SHAPE, values)
    assert _fhir(_expand(SHAPE, values)) == json.loads(out)  # and reads back as the same values


def test_no_control_character_but_tab_cr_lf_reaches_a_fhir_string():
    text = "".join(chr(i) for i in range(32)) + "\\b\\f\\u0001 kept"
    out = template(SHAPE)(**_values(text))
    read = json.loads(out)
    for got in (read["valueString"], read["note"], read["extra"]["text"], read["made"][0]):
        assert got == "\t\n\r\\b\\f\\u0001 kept"  # typed backslashes stay text


@pytest.mark.parametrize("number", [0, -3, 2**53 + 1, 0.1, -0.0, 1e16, 1.5e-7, 97.25])
def test_numbers_are_written_as_json_writes_them(number):
    values = _values("x", number=number)
    assert template(SHAPE)(**dict(values)) == _encoded(SHAPE, values)


def test_absent_values_are_left_out_never_null():
    render = template(SHAPE)
    for empty in (None, "", []):
        out = json.loads(render(**_values("x", note=empty, derived=empty, flag=empty)))
        assert "note" not in out and "derivedFrom" not in out and "flag" not in out
    # zero and false are values, not absences
    out = json.loads(render(**_values("x", note="n", derived='[{"a":1}]', flag=False)))
    assert out["note"] == "n" and out["derivedFrom"] == [{"a": 1}] and out["flag"] is False
    assert "null" not in render(**_values("x", extra={"a": 1}))


@pytest.mark.parametrize(("name", "bad"), [("text", None), ("extra", None), ("number", None),
                                           ("number", math.nan), ("number", math.inf),
                                           ("number", "7"), ("text", 7)])  # fmt: skip
def test_a_missing_or_wrong_value_is_refused(name, bad):
    with pytest.raises(ValueError):
        values = _values("x")
        values[name] = bad
        template(SHAPE)(**values)


def test_a_slot_without_its_value_is_refused_and_others_ignored():
    render = template({"a": Slot("t"), "b": Slot("n", "number")})
    with pytest.raises(TypeError):
        render(t="x")
    assert render(t="x", n=1, unused=object()) == '{"a":"x","b":1}'


def test_a_value_used_twice_and_an_entry():
    shape = {"resourceType": "Basic", "id": Slot("id", "code"), "a": Slot("t"), "b": [Slot("t")]}
    out = json.loads(entry(shape)(id="abc-1", t='say "hi"\n'))
    assert out == {"fullUrl": "urn:uuid:abc-1",
                   "resource": {"resourceType": "Basic", "id": "abc-1", "a": 'say "hi"\n',
                                "b": ['say "hi"\n']}}  # fmt: skip


def test_several_entries_in_one_template():
    shapes = [entry_shape({"id": Slot(f"id_{n}", "code"), "v": Slot("v", "number")}, f"id_{n}")
              for n in ("a", "b")]  # fmt: skip
    out = json.loads("[" + template(shapes)(id_a="1", id_b="2", v=3) + "]")
    assert [e["fullUrl"] for e in out] == ["urn:uuid:1", "urn:uuid:2"]
    assert [e["resource"]["v"] for e in out] == [3, 3]


def test_shapes_the_templates_cannot_keep_are_refused():
    with pytest.raises(ValueError, match="first"):
        template({"?note": Slot("note"), "id": "x"})
    with pytest.raises(ValueError, match="inside a string"):
        template({"a": Slot("t"), "b": f"prefix {Slot('t')}"})
    with pytest.raises(ValueError, match="two kinds"):
        template({"a": Slot("t"), "b": Slot("t", "json")})
    with pytest.raises(TypeError):
        template({"a": object()})


def test_typed_text_comes_back_exactly_from_a_bundle(tmp_path):
    """End to end: tricky text in a client, a dose note, an effect and an adverse event reads
    back exactly from the exported bundle, and every resource is valid R4."""
    import importlib

    from kapnotes.domain.records import Administration
    from kapnotes.store import open_practice

    practice = open_practice(tmp_path / "p.kapnotes", create=True)
    name = 'Zoë "Z" Ångström-🙂'
    client = Client(chart='K-1 "a"\\b', name=name, dob=date(1990, 1, 2))
    practice.save_client(client)
    s = Session(client.id, None, date(2026, 3, 2), kind="dosing", start_time=time(9, 0))
    text = 'tab\there, newline\nthere, back\\slash, "quote", \x07bell, 𝄞, 100%'
    sent = text.replace("\x07", "")  # FHIR strings hold no control character but tab, CR, LF
    s.administrations = [Administration(time(9, 5), "im", 35.5, note=text, site=text)]
    s.effects = [EffectObservation("nausea", 2, time(9, 30), note=text)]
    s.adverse_events = [AdverseEvent(text, "mild", time(9, 40), ["grounding"], text, text)]
    s.vitals = [VitalSign(time(9, 0)), VitalSign(time(9, 10), None, 70),
                VitalSign(time(9, 20), spo2=96.5)]  # fmt: skip
    practice.save_session(s)
    out = tmp_path / "b.json"
    run_export(practice, ExportRequest("fhir", out, note_pdfs=False))
    data = json.loads(out.read_text(encoding="utf-8"))
    resources = [e["resource"] for e in data["entry"]]
    modules = {"MedicationAdministration": "medicationadministration"}
    for r in resources:
        kind = r["resourceType"]
        module = importlib.import_module(f"fhir.resources.R4B.{modules.get(kind, kind.lower())}")
        getattr(module, kind).model_validate(r)
    patient = next(r for r in resources if r["resourceType"] == "Patient")
    assert patient["name"][0]["text"] == name and patient["identifier"][0]["value"] == client.chart
    ma = next(r for r in resources if r["resourceType"] == "MedicationAdministration")
    assert ma["note"] == [{"text": sent}] and ma["dosage"]["site"] == {"text": sent}
    assert ma["dosage"]["dose"]["value"] == 35.5
    observations = [r for r in resources if r["resourceType"] == "Observation"]
    effect = next(o for o in observations if "valueCodeableConcept" in o)
    assert effect["note"] == [{"text": sent}]
    ae = next(o for o in observations if "valueString" in o)
    assert ae["valueString"] == sent and ae["note"] == [{"text": sent}]
    assert [p.get("valueString") for p in ae["component"][1:]] == [
        "Reassurance and grounding",
        sent,
    ]
    # The empty vitals line writes nothing; a lone diastolic is a BP panel without systolic.
    bp = [o for o in observations if o["code"]["text"] == "Blood pressure"]
    assert len(bp) == 1 and "dataAbsentReason" in bp[0]["component"][0]
    assert bp[0]["component"][1]["valueQuantity"]["value"] == 70
    spo2 = [o for o in observations if o["code"]["text"].startswith("Oxygen")]
    assert [o["valueQuantity"]["value"] for o in spo2] == [96.5]
    practice.close()


@pytest.mark.parametrize(
    "zone", ["UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata",
             "America/St_Johns"],
)  # fmt: skip
def test_times_carry_the_zone_of_their_own_moment_across_daylight_saving(zone, monkeypatch):
    """refs.when looks the zone up once per day: on every day of a year, daylight-saving
    switches included (half-hour ones too), it writes what a conversion per time writes."""
    import time as clock
    from datetime import datetime, timedelta

    from kapnotes.export.fhir import refs

    if not hasattr(clock, "tzset"):
        pytest.skip("no tzset on this platform")
    monkeypatch.setenv("TZ", zone)
    clock.tzset()
    refs._zone_of_day.cache_clear()
    try:
        times = [time(0, 0), time(0, 30), time(1, 30), time(2, 0), time(2, 30), time(3, 0),
                 time(9, 15), time(23, 59)]  # fmt: skip
        day = date(2026, 1, 1)
        while day.year == 2026:
            for t in times:
                expected = datetime.combine(day, t).astimezone().isoformat(timespec="seconds")
                assert refs.when(day, t) == expected, (zone, day, t)
            day += timedelta(days=1)
        # The zone really is in force: winter and summer differ where it keeps daylight time.
        seasons = {refs.when(date(2026, m, 15), time(12))[19:] for m in (1, 7)}
        assert len(seasons) == (1 if zone in ("UTC", "Asia/Kolkata") else 2)
    finally:
        monkeypatch.delenv("TZ")
        clock.tzset()
        refs._zone_of_day.cache_clear()
