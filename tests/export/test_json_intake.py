"""The JSON format's intake, eligibility, consents and checklist: round trip and bad input."""

from __future__ import annotations

import json
from datetime import date

import pytest

from kapnotes.domain.checklist import PreDoseChecklist
from kapnotes.domain.intake import blank_intake
from kapnotes.domain.records import Client, Session
from kapnotes.export.json_format import FormatError, document, dumps, parse_document
from kapnotes.store.opening import memory_practice
from kapnotes.store.transfer import insert_bundles, load_bundles

SIG = [[(0, 0), (10, 5), (20, 10)], [(30, 0), (40, 20), (50, 5.5)]]


def practice_with_everything():
    p = memory_practice()
    cid = p.save_client(Client("A1", "Ann"))
    intake = blank_intake()
    intake.items[0].answer, intake.items[0].note = "no", "BP 128/82"
    intake.sex, intake.responsible_adult = "female", "Sam (partner) 555-0100"
    intake.completed_on = date(2026, 3, 20)
    p.save_intake(cid, intake)
    p.decide_eligibility(cid, "eligible", name="Dr P", credentials="MD")
    p.save_consent_template("KAP consent", "Full consent text.")
    c = p.record_consent(cid, "KAP consent", 1, SIG, date(2026, 3, 21), witness="Dr P")
    p.withdraw_consent(c.id, date(2026, 4, 1), "moved away")
    checklist = PreDoseChecklist(5.5, True, "Sam", medications_today={"opioids": True})
    p.save_session(Session(cid, None, date(2026, 3, 22), checklist=checklist))
    return p


def test_intake_eligibility_consents_and_checklist_survive_export_and_import():
    p = practice_with_everything()
    doc = document(load_bundles(p))
    client = doc["clients"][0]
    assert client["intake"]["items"][0] == {"item": "uncontrolled_hypertension", "kind": "absolute", "answer": "no", "note": "BP 128/82"}  # fmt: skip
    assert client["eligibility"][0]["signer"] == "Dr P"
    assert client["consents"][0]["client_strokes"][1][2] == [50.0, 5.5]
    assert client["consents"][0]["withdrawn_on"] == "2026-04-01"
    assert client["sessions"][0]["checklist"]["fasting_hours"] == 5.5
    bundles, _ = parse_document(json.loads(dumps(doc)))
    other = memory_practice()
    insert_bundles(other, bundles)
    assert document(load_bundles(other)) == doc
    # The import brought the template version its consent was given on.
    assert other.consent_template("KAP consent", 1).text == "Full consent text."


@pytest.mark.parametrize(
    ("where", "value", "message"),
    [
        (
            "consents.0.client_strokes",
            [],
            "clients[0].consents[0].client_strokes: The client's signature is empty",
        ),  # fmt: skip
        (
            "consents.0.template_version",
            0,
            "clients[0].consents[0].template_version: must be 1 or more",
        ),  # fmt: skip
        (
            "eligibility.0.decision",
            "eligible_with_precautions",
            "clients[0].eligibility[0].decision: Eligible with precautions needs",
        ),  # fmt: skip
        (
            "sessions.0.checklist.fasting_hours",
            -2,
            "clients[0].sessions[0].checklist.fasting_hours: Fasting hours cannot be negative",
        ),  # fmt: skip
        ("sessions.0.checklist.fasting_hours", 500, "implausible"),
        (
            "sessions.0.kind",
            "integration",
            "clients[0].sessions[0].checklist: a pre-dose checklist belongs on a dosing session",
        ),  # fmt: skip
        (
            "intake.items.0.kind",
            "sometimes",
            "clients[0].intake.items[0].kind: must be absolute or relative",
        ),  # fmt: skip
    ],
)
def test_bad_input_is_refused_naming_the_field(where, value, message):
    doc = json.loads(dumps(document(load_bundles(practice_with_everything()))))
    target = doc["clients"][0]
    *path, last = where.split(".")
    for key in path:
        target = target[int(key)] if key.isdigit() else target[key]
    target[int(last) if last.isdigit() else last] = value
    with pytest.raises(FormatError) as err:
        parse_document(doc)
    assert any(message in problem for problem in err.value.problems), err.value.problems
