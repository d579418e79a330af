"""What an EHR receiving the FHIR bundle found wrong, and now holds: the lot of each dose,
practitioners named the same in every export, the recorded sex, no invented times, a discharge
after midnight, a clinic's own codes as FHIR admits them."""

from __future__ import annotations

import importlib
import json
from datetime import date, time

import pytest

from kapnotes.domain.records import Administration, Client, EffectObservation, Session, VitalSign
from kapnotes.export.jobs import ExportRequest, run_export
from kapnotes.store import open_practice


def _bundle(practice, out) -> list[dict]:
    run_export(practice, ExportRequest("fhir", out, note_pdfs=False))
    return [e["resource"] for e in json.loads(out.read_text(encoding="utf-8"))["entry"]]


def _valid(resources) -> None:
    modules = {"MedicationAdministration": "medicationadministration"}
    for r in resources:
        kind = r["resourceType"]
        module = importlib.import_module(f"fhir.resources.R4B.{modules.get(kind, kind.lower())}")
        getattr(module, kind).model_validate(r)


@pytest.fixture
def practice(tmp_path):
    p = open_practice(tmp_path / "p.kapnotes", create=True)
    client = Client(chart="R-1", name="Ada Receiver", dob=date(1980, 5, 6), sex="female")
    p.save_client(client)
    s = Session(client.id, None, date(2026, 3, 2), kind="dosing", start_time=time(23, 30),
                clinicians=["Dr. A"])  # fmt: skip
    s.administrations = [
        Administration(time(23, 35), "im", 40.0, given_by="Dr. A", lot="KT-7"),
        Administration(None, "im", 10.0, given_by="Dr. A", lot="KT-8"),  # no time written
    ]
    s.vitals = [VitalSign(None, 130, 80, 70)]
    s.effects = [EffectObservation(" lead  pipe", 2, time(23, 50))]
    s.discharge.time = time(0, 30)  # after midnight
    p.save_session(s)
    yield p
    p.close()


def test_each_dose_carries_its_own_lot(practice, tmp_path):
    resources = _bundle(practice, tmp_path / "b.json")
    doses = [r for r in resources if r["resourceType"] == "MedicationAdministration"]
    lots = sorted(r["contained"][0]["batch"]["lotNumber"] for r in doses)
    assert lots == ["KT-7", "KT-8"]
    assert all(r["medicationReference"] == {"reference": "#medication"} for r in doses)
    _valid(resources)


def test_no_time_is_invented_and_a_discharge_after_midnight_ends_the_next_day(practice, tmp_path):  # fmt: skip
    resources = _bundle(practice, tmp_path / "b.json")
    doses = {r["dosage"]["dose"]["value"]: r for r in resources if r["resourceType"] == "MedicationAdministration"}  # fmt: skip
    assert doses[10.0]["effectiveDateTime"] == "2026-03-02"  # the date alone, not 23:30
    assert doses[40.0]["effectiveDateTime"].startswith("2026-03-02T23:35")
    bp = next(r for r in resources if r["resourceType"] == "Observation" and r["code"].get("text") == "Blood pressure")  # fmt: skip
    assert bp["effectiveDateTime"] == "2026-03-02"
    encounter = next(r for r in resources if r["resourceType"] == "Encounter")
    assert encounter["period"]["start"].startswith("2026-03-02T23:30")
    assert encounter["period"]["end"].startswith("2026-03-03T00:30")


def test_the_recorded_sex_is_the_gender_and_a_clinic_code_is_a_valid_code(practice, tmp_path):
    resources = _bundle(practice, tmp_path / "b.json")
    assert next(r for r in resources if r["resourceType"] == "Patient")["gender"] == "female"
    codes = [c.get("code") for r in resources if r["resourceType"] == "Observation"
             for c in r["code"].get("coding", [])]  # fmt: skip
    assert "lead pipe" in codes
    _valid(resources)  # " lead  pipe" would fail FHIR's code pattern


def test_a_practitioner_keeps_its_id_when_others_are_added(practice, tmp_path):
    def ids() -> dict[str, str]:
        found = _bundle(practice, tmp_path / "b.json")
        return {r["name"][0]["text"]: r["id"] for r in found if r["resourceType"] == "Practitioner"}  # fmt: skip

    before = ids()
    client = practice.find_client("R-1")
    s = Session(client.id, None, date(2026, 3, 9), kind="integration", clinicians=["Aaron First"])
    practice.save_session(s)
    after = ids()
    assert "Aaron First" in after and after["Dr. A"] == before["Dr. A"]


def test_one_client_s_bundle_names_no_one_from_other_clients_notes(practice, tmp_path):
    other = Client(chart="R-2", name="Other Client")
    practice.save_client(other)
    practice.save_session(Session(other.id, None, date(2026, 3, 3), kind="integration",
                                  clinicians=["Only In Other Notes"]))  # fmt: skip
    out = tmp_path / "one.json"
    run_export(practice, ExportRequest("fhir", out, chart="R-1", note_pdfs=False))
    names = [e["resource"]["name"][0]["text"] for e in json.loads(out.read_text())["entry"]
             if e["resource"]["resourceType"] == "Practitioner"]  # fmt: skip
    assert "Dr. A" in names and "Only In Other Notes" not in names
