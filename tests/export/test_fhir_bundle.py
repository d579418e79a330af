"""The FHIR export of a demo practice: every resource valid R4 (fhir.resources' R4B models),
every reference resolving inside the bundle, the codes of DOMAIN.md, one signature each."""

from __future__ import annotations

import base64
import importlib
import json
from collections import Counter
from datetime import date, time

import pytest
from fhir.resources.R4B.bundle import Bundle

from kapnotes.domain.records import Administration, Client, ScaleScore, Session, VitalSign
from kapnotes.export.jobs import ExportRequest, run_export
from kapnotes.services import ServiceContext
from kapnotes.services.documents import record_export
from kapnotes.store.demo import build_demo

MODULES = {
    "QuestionnaireResponse": "questionnaireresponse",
    "MedicationAdministration": "medicationadministration",
    "DocumentReference": "documentreference",
}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """A demo practice with one note signed in the app (sealed), exported once with PDFs."""
    from kapnotes.store import open_practice

    folder = tmp_path_factory.mktemp("fhir")
    practice = open_practice(folder / "p.kapnotes", create=True)
    build_demo(practice, clients=3, sessions_per_client=4, seed=7)
    client = Client(chart="K-900", name="Zoë Ångström", dob=date(1988, 2, 29))
    practice.save_client(client)
    s = Session(client.id, None, date(2026, 3, 2), kind="dosing", start_time=time(9, 0),
                clinicians=["Dr. Maya Okonkwo"])  # fmt: skip
    s.administrations = [Administration(time(9, 5), "in_esk", 56.0, medication="esketamine",
                                        given_by="Dr. Maya Okonkwo")]  # fmt: skip
    s.dosing.lot_number = "LOT-42"
    s.vitals = [VitalSign(time(9, 0), 150, 95, 80, 97, 14, phase="pre"),
                VitalSign(time(9, 45), 162, None, sedation_scale="rass", sedation_score=-1)]  # fmt: skip
    s.scales = [ScaleScore("phq9", [1, 2, 1, 0, None, 1, 1, 0, 1]), ScaleScore("pcl5", [1] * 20)]
    sid = practice.save_session(s)
    practice.sign_session(sid, "Dr. Maya Okonkwo", "MD")
    out = folder / "bundle.json"
    result = run_export(practice, ExportRequest("fhir", out))
    record_export(ServiceContext(practice), result)
    data = json.loads(out.read_text(encoding="utf-8"))
    yield practice, data, sid
    practice.close()


def _resources(data, kind=None):
    return [e["resource"] for e in data["entry"] if kind in (None, e["resource"]["resourceType"])]


def test_every_resource_and_the_bundle_validate_as_fhir_r4(exported):
    _practice, data, _sid = exported
    assert data["resourceType"] == "Bundle" and data["type"] == "collection"
    for resource in _resources(data):
        kind = resource["resourceType"]
        module = importlib.import_module(f"fhir.resources.R4B.{MODULES.get(kind, kind.lower())}")
        getattr(module, kind).model_validate(resource)  # raises on any invalid element
    Bundle.model_validate(data)


def _references(node, found):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reference" and isinstance(value, str):
                found.append(value)
            else:
                _references(value, found)
    elif isinstance(node, list):
        for item in node:
            _references(item, found)
    return found


def test_every_reference_resolves_inside_the_bundle(exported):
    _practice, data, _sid = exported
    urls = [e["fullUrl"] for e in data["entry"]]
    assert len(urls) == len(set(urls))
    for resource in _resources(data):
        contained = {f"#{c['id']}" for c in resource.get("contained", [])}
        for ref in _references(resource, []):
            assert ref in contained or ref in urls, f"{resource['resourceType']}: {ref}"


def test_counts_match_the_practice(exported):
    practice, data, _sid = exported
    kinds = Counter(r["resourceType"] for r in _resources(data))
    db = practice.db
    assert kinds["Patient"] == practice.count("clients")
    assert kinds["Encounter"] == practice.count("sessions")
    assert kinds["MedicationAdministration"] == practice.count("administrations")
    signed = db.execute("SELECT count(*) FROM sessions WHERE signed_at IS NOT NULL").fetchone()[0]
    assert kinds["DocumentReference"] == kinds["Provenance"] == signed
    names = {r["name"][0]["text"] for r in _resources(data, "Practitioner")}
    assert {c.name for c in practice.settings().clinicians} <= names


def _one(data, kind, **where):
    for r in _resources(data, kind):
        if all(r.get(k) == v for k, v in where.items()):
            return r
    raise AssertionError(f"no {kind} with {where}")


def _codes(concept):
    return {(c["system"].rsplit("/", 1)[-1], c["code"]) for c in concept.get("coding", [])}


def test_codes_are_the_standard_ones(exported):
    _practice, data, sid = exported
    patient = next(r for r in _resources(data, "Patient") if r["identifier"][0]["value"] == "K-900")
    assert patient["name"][0]["text"] == "Zoë Ångström" and patient["birthDate"] == "1988-02-29"
    encounter_url = next(e["fullUrl"] for e in data["entry"]
                         if e["resource"]["resourceType"] == "Encounter"
                         and e["resource"]["subject"]["reference"].endswith(patient["id"]))  # fmt: skip
    mine = [r for r in _resources(data) if r.get("encounter", r.get("context", {})) ==
            {"reference": encounter_url}]  # fmt: skip
    ma = next(r for r in mine if r["resourceType"] == "MedicationAdministration")
    assert ("rxnorm", "2201623") in _codes(ma["contained"][0]["code"])
    assert ma["contained"][0]["batch"]["lotNumber"] == "LOT-42"
    assert ("sct", "46713006") in _codes(ma["dosage"]["route"])
    assert ma["dosage"]["dose"] == {"value": 56.0, "unit": "mg", "system": "http://unitsofmeasure.org", "code": "mg"}  # fmt: skip
    observations = [r for r in mine if r["resourceType"] == "Observation"]
    bp = next(o for o in observations if ("loinc.org", "85354-9") in _codes(o["code"]))
    parts = {next(iter(_codes(c["code"])))[1]: c["valueQuantity"]["value"] for c in bp["component"]}
    assert parts == {"8480-6": 150, "8462-4": 95}
    second = [o for o in observations if ("loinc.org", "85354-9") in _codes(o["code"])][1]
    assert second["component"][0]["valueQuantity"]["value"] == 162
    assert "dataAbsentReason" in second["component"][1]  # not recorded, never a zero
    sedation = [o for o in observations if ("kapnotes:scale", "rass") in
                {(x["system"].rsplit("urn:", 1)[-1], x["code"]) for x in o["code"]["coding"]}]  # fmt: skip
    assert sedation[0]["valueInteger"] == -1
    by_code = {code: o for o in observations for code in _codes(o["code"])}
    assert by_code[("loinc.org", "8867-4")]["valueQuantity"]["value"] == 80
    assert by_code[("loinc.org", "59408-5")]["valueQuantity"]["value"] == 97
    assert by_code[("loinc.org", "9279-1")]["valueQuantity"]["value"] == 14
    phq9 = by_code[("loinc.org", "44261-6")]
    assert phq9["valueQuantity"]["value"] == 7  # the eight items entered; one missing
    assert "1 item(s) missing" in phq9["note"][0]["text"]
    assert by_code[("loinc.org", "101698-9")]["valueQuantity"]["value"] == 20
    response = next(r for r in mine if r["resourceType"] == "QuestionnaireResponse"
                    and len(r["item"]) == 9)  # fmt: skip
    assert "answer" not in response["item"][4]  # missing, not zero
    assert response["item"][0]["answer"] == [{"valueInteger": 1}]


def test_a_signed_note_has_its_pdf_and_its_seal(exported):
    practice, data, sid = exported
    sign = practice.audit_entries(action="sign", session_id=sid)[0]
    digest = sign.detail.rsplit("sha256:", 1)[1].strip()
    provenances = [p for p in _resources(data, "Provenance") if "signature" in p]
    assert len(provenances) == 1  # the demo's imported notes carry no seal
    data_text = base64.b64decode(provenances[0]["signature"][0]["data"]).decode()
    assert digest in data_text and "Dr. Maya Okonkwo, MD" in data_text
    for doc in _resources(data, "DocumentReference"):
        attachment = doc["content"][0]["attachment"]
        assert attachment["contentType"] == "application/pdf"
        assert base64.b64decode(attachment["data"]).startswith(b"%PDF")


def test_the_export_is_audited(exported):
    practice, _data, _sid = exported
    entry = practice.audit_entries(action="export", limit=1)[0]
    assert entry.detail.startswith("FHIR, 4 clients") and "bundle.json" in entry.detail


def test_one_client_only_and_text_instead_of_pdf(exported, tmp_path):
    practice, _data, _sid = exported
    out = tmp_path / "one.json"
    run_export(practice, ExportRequest("fhir", out, chart="K-900", note_pdfs=False))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [p["identifier"][0]["value"] for p in _resources(data, "Patient")] == ["K-900"]
    doc = _resources(data, "DocumentReference")[0]["content"][0]["attachment"]
    assert doc["contentType"].startswith("text/plain")
    Bundle.model_validate(data)
