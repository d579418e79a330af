"""The editor's Qt table models pass qtmodeltester and keep unreadable text per cell."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import Qt

from kapnotes.domain.records import Administration, VitalSign
from kapnotes.domain.settings import VitalThresholds
from kapnotes.domain.validation import ERROR, Finding
from kapnotes.ui.editor.fields import CAUTION_BG, ERROR_BG, URGENT_BG
from kapnotes.ui.editor.models import AdministrationsModel, VitalsModel

ROLE = Qt.ItemDataRole


def test_administrations_model_passes_the_model_tester(qtmodeltester):
    model = AdministrationsModel()
    model.set_rows([Administration(time(9, 0), "im", 35.0), Administration(None, "in", 56.0)])
    qtmodeltester.check(model, force_py=True)
    model.insert_record(Administration(None, "iv", 10.0))
    model.remove_record(0)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 2


def test_vitals_model_passes_the_model_tester(qtmodeltester):
    model = VitalsModel()
    model.set_rows([VitalSign(time(9, 0), 150, 95, 80, 98, phase="pre"), VitalSign(None)])
    qtmodeltester.check(model, force_py=True)


def test_empty_models_pass_the_model_tester(qtmodeltester):
    qtmodeltester.check(AdministrationsModel(), force_py=True)
    qtmodeltester.check(VitalsModel(), force_py=True)


def test_vital_flags_colour_the_cell_with_the_reason():
    model = VitalsModel()
    model.set_thresholds(VitalThresholds())
    model.set_rows([VitalSign(time(9, 0), 150, 95, 80, 98, phase="pre"), VitalSign(None, 120, 80, 70, 88)])  # fmt: skip
    assert model.index(0, 2).data(ROLE.BackgroundRole) == CAUTION_BG
    assert model.index(1, 5).data(ROLE.BackgroundRole) == URGENT_BG
    assert "below 90% (urgent)" in model.index(1, 5).data(ROLE.ToolTipRole)
    assert model.index(0, 4).data(ROLE.BackgroundRole) is None


def test_unreadable_text_stays_in_its_cell_and_the_record_keeps_its_value():
    model = AdministrationsModel()
    model.set_rows([Administration(None, "im", 35.0)])
    dose = model.index(0, 3)
    assert model.setData(dose, "3O")
    assert dose.data() == "3O"
    assert model.record(0).mg == 35.0
    assert dose.data(ROLE.BackgroundRole) == ERROR_BG
    [finding] = model.local_findings()
    assert finding.level == ERROR and finding.field == "administrations[0].mg"
    assert model.setData(dose, "30,5")
    assert model.record(0).mg == 30.5 and model.local_findings() == []


def test_findings_attach_to_their_cells():
    model = VitalsModel()
    model.set_rows([VitalSign(None, 120, 130)])
    model.set_findings([Finding(ERROR, "vitals[0].diastolic", "Diastolic 130 must be lower than systolic 120.", "x")])  # fmt: skip
    assert model.index(0, 3).data(ROLE.BackgroundRole) == ERROR_BG
    assert "must be lower" in model.index(0, 3).data(ROLE.ToolTipRole)
    assert model.index(0, 2).data(ROLE.ToolTipRole) is None


def test_choosing_the_esketamine_route_sets_the_medication():
    model = AdministrationsModel()
    model.set_rows([Administration(None, "in", 40.0)])
    model.setData(model.index(0, 1), "in_esk")
    assert model.record(0).medication == "esketamine"
    assert model.index(0, 2).data() == "Esketamine"


def test_read_only_models_refuse_edits():
    model = VitalsModel()
    model.set_rows([VitalSign(None, 120, 80)])
    model.read_only = True
    assert not model.flags(model.index(0, 2)) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(model.index(0, 2), "130")
    assert model.record(0).systolic == 120
