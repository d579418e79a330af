"""A whole dosing note typed into the editor is in the store after autosave and a restart."""

from __future__ import annotations

from datetime import time

import pytest
from PySide6.QtCore import Qt

from kapnotes.ui.editor.fields import CAUTION_BG

ROLE = Qt.ItemDataRole


def test_a_full_dosing_note_survives_a_restart(qtbot, editor, user, reopen, clinic):
    # Administrations: two IM injections; totals and mg/kg follow as they are typed.
    dosing = editor.dosing
    user.click(dosing.table.add_button)
    user.edit_cell(dosing.table, 0, 0, "09:10")
    user.choose_cell(dosing.table, 0, 1, "IM injection")
    user.edit_cell(dosing.table, 0, 3, "35")
    user.edit_cell(dosing.table, 0, 4, "left deltoid")
    user.click(dosing.table.add_button)
    user.edit_cell(dosing.table, 1, 0, "09:40")
    user.edit_cell(dosing.table, 1, 3, "14")
    assert dosing.model.record(1).route == "im"  # copied from the row above
    assert "Total: 49 mg" in dosing.totals_label.text()
    assert "0.70 mg/kg" in dosing.totals_label.text()
    user.type_into(dosing.lot_edit, "LOT-7781")
    user.type_into(dosing.timing_edits["onset_min"], "5")
    user.type_into(dosing.timing_edits["peak_min"], "20")

    # Vitals: the pre-dosing BP of 150/95 is flagged (caution colour, reason in the tooltip).
    vitals = editor.vitals
    user.click(vitals.table.add_button)
    for column, text in ((0, "09:05"), (2, "150"), (3, "95"), (4, "78"), (5, "98")):
        user.edit_cell(vitals.table, 0, column, text)
    user.click(vitals.table.add_button)
    for column, text in ((0, "09:50"), (2, "128"), (3, "80"), (4, "72"), (5, "97"), (8, "4")):
        user.edit_cell(vitals.table, 1, column, text)
    systolic = vitals.model.index(0, 2)
    assert systolic.data(ROLE.BackgroundRole) == CAUTION_BG
    assert "before dosing" in systolic.data(ROLE.ToolTipRole)
    assert vitals.model.index(1, 2).data(ROLE.BackgroundRole) is None

    # Effects: dissociation moderate at 09:20, nausea mild.
    row = editor.effects.rows["dissociation"]
    user.choose(row.intensity, "moderate")
    user.type_into(row.time, "09:20")
    user.choose(editor.effects.rows["nausea"].intensity, "mild")

    # An adverse event with an intervention and its outcome.
    adverse = editor.adverse
    user.click(adverse.add_button)
    form = adverse.forms[0]
    user.type_into(form.description, "Nausea at 20 min")
    user.choose(form.severity, "Moderate")
    user.type_into(form.time, "09:30")
    user.toggle(form.interventions["ondansetron"])
    user.type_into(form.outcome, "Settled within 15 min")

    # Themes from the vocabulary and the clinic's own tag, each with a note.
    themes = editor.themes
    user.toggle(themes.boxes["insight"])
    user.type_into(themes.note_edits["insight"], "Saw the pattern with her father")
    user.type_into(themes.tag_edit, "Inner child")
    qtbot.keyClick(themes.tag_edit, Qt.Key.Key_Return)
    assert themes.boxes["Inner child"].isChecked()
    user.type_into(themes.note_edits["Inner child"], "Comforted the younger self")

    # Narrative in SOAP.
    narrative = editor.narrative
    user.choose(narrative.template_combo, "SOAP")
    assert list(narrative.editors) == ["Subjective", "Objective", "Assessment", "Plan"]
    user.type_into(narrative.editors["Subjective"], "Felt held and calm.")
    user.type_into(narrative.editors["Plan"], "Integration session next week.")

    # A PHQ-9, one key per item.
    scales = editor.scales.editor
    if scales is None:
        pytest.fail("ScaleScoresEditor is not available")
    user.choose(scales.add_combo, next(t for t in _items(scales.add_combo) if t.startswith("PHQ-9")))  # fmt: skip
    user.click(scales.add_button)
    for box, value in zip(scales.form("phq9").inputs, "121012100", strict=True):
        user.type_into(box, value)

    # Discharge.
    discharge = editor.discharge
    user.type_into(discharge.time_edit, "11:15")
    user.toggle(discharge.criteria["alert_oriented"])
    user.type_into(discharge.released_edit, "Partner")

    with qtbot.waitSignal(editor.saved, timeout=5000):
        user.type_into(narrative.editors["Assessment"], "Responding.")
    assert not editor.autosave.pending

    fresh = reopen()
    s = fresh.get_session(clinic["session_id"])
    assert [(a.time, a.route, a.mg, a.site) for a in s.administrations] == [
        (time(9, 10), "im", 35.0, "left deltoid"),
        (time(9, 40), "im", 14.0, "left deltoid"),
    ]
    assert (s.dosing.lot_number, s.dosing.onset_min, s.dosing.peak_min) == ("LOT-7781", 5, 20)
    assert [(v.time, v.phase, v.systolic, v.diastolic, v.heart_rate, v.spo2) for v in s.vitals] == [
        (time(9, 5), "pre", 150, 95, 78, 98),
        (time(9, 50), "during", 128, 80, 72, 97),
    ]
    assert s.vitals[1].sedation_score == 4
    assert {(e.effect, e.intensity, e.time) for e in s.effects} == {
        ("dissociation", 2, time(9, 20)),
        ("nausea", 1, None),
    }
    [event] = s.adverse_events
    assert (event.description, event.severity, event.time) == ("Nausea at 20 min", "moderate", time(9, 30))  # fmt: skip
    assert event.interventions == ["ondansetron"]
    assert event.outcome == "Settled within 15 min"
    assert [(t.theme, t.note) for t in s.themes] == [
        ("insight", "Saw the pattern with her father"),
        ("Inner child", "Comforted the younger self"),
    ]
    assert s.template == "soap"
    assert s.narrative == {
        "Subjective": "Felt held and calm.",
        "Plan": "Integration session next week.",
        "Assessment": "Responding.",
    }
    assert s.scale("phq9").items == [1, 2, 1, 0, 1, 2, 1, 0, 0]
    assert s.discharge.time == time(11, 15)
    assert s.discharge.criteria.get("alert_oriented") is True
    assert s.discharge.released_to == "Partner"
    fresh.close()


def _items(combo) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]
