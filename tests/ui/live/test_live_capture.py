"""Live mode driven by the keyboard alone; the store then holds each capture at its time."""

from __future__ import annotations

from datetime import time

from PySide6.QtWidgets import QApplication

from kapnotes.domain.settings import PracticeSettings


def test_keyboard_session_effects_booster_vitals_note(
    qtbot, practice, dosed_session_id, open_view, clock, press, type_text
):
    view = open_view(dosed_session_id)
    changes = []
    view.changed.connect(changes.append)
    clock.advance(15)  # 10:10
    press("1")  # dissociation, mild
    press("1")  # again: moderate
    clock.advance(1)
    press("1")  # severe
    press("1")  # stays severe (capped)
    clock.advance(4)  # 10:15
    press("5")  # nausea, mild
    clock.advance(5)  # 10:20
    press("B")
    assert QApplication.focusWidget() is view.booster_row.mg
    assert view.booster_row.mg.text() == "35"  # pre-filled from the last administration
    type_text("25")  # replaces the selected value
    press("Return")
    clock.advance(20)  # 10:40
    press("V")
    type_text("186/112 104 97")
    press("Return")
    assert not view.vitals_flags.isHidden()
    assert "urgent" in view.vitals_flags.text()
    clock.advance(2)  # 10:42
    press("N")
    type_text("Client tearful, talking about her father; grounding helped")
    press("Return")

    s = practice.get_session(dosed_session_id)
    assert [(e.effect, e.intensity, e.time) for e in s.effects] == [
        ("dissociation", 3, time(10, 10)),
        ("nausea", 1, time(10, 15)),
    ]
    assert [(a.route, a.mg, a.time, a.site) for a in s.administrations] == [
        ("im", 35.0, time(10, 0), "deltoid"),
        ("im", 25.0, time(10, 20), "deltoid"),
    ]
    assert [(v.systolic, v.diastolic, v.heart_rate, v.spo2, v.time, v.phase) for v in s.vitals] == [
        (186, 112, 104, 97, time(10, 40), "during")
    ]
    assert s.narrative["Note"] == (
        "[10:42] Client tearful, talking about her father; grounding helped"
    )
    assert changes and set(changes) == {dosed_session_id}
    whats = [view.model.entry(r).what for r in range(view.model.rowCount())]
    assert whats == ["Dose", "Dissociation / depersonalisation", "Nausea", "Dose", "Vitals", "Note"]
    assert view.effect_keys.buttons[0].text().endswith("severe")


def test_same_key_after_five_minutes_logs_a_new_observation(
    practice, dosed_session_id, open_view, clock, press
):
    open_view(dosed_session_id)
    clock.advance(15)  # 10:10
    press("1")
    clock.advance(6)
    press("1")
    s = practice.get_session(dosed_session_id)
    assert [(e.intensity, e.time) for e in s.effects] == [(1, time(10, 10)), (1, time(10, 16))]


def test_first_dose_from_an_undosed_session_starts_the_clock(
    practice, session_id, open_view, clock, press, type_text
):
    view = open_view(session_id)
    assert view.elapsed.text() == "—:—"
    assert "before dosing" in view.reminder.text()
    press("V")
    type_text("150/95 80 99")
    press("Return")
    assert view.reminder.isHidden()  # the before-dosing check is answered
    assert "before dosing" in view.vitals_flags.text()  # caution flag shown at once
    clock.advance(5)  # 10:00
    press("B")
    type_text("40")
    press("Return")
    clock.advance(12.5)
    view.timer.timeout.emit()
    assert view.elapsed.text() == "0:12:30"
    s = practice.get_session(session_id)
    assert s.vitals[0].phase == "pre" and s.vitals[0].time == time(9, 55)
    assert [(a.mg, a.time) for a in s.administrations] == [(40.0, time(10, 0))]


def test_reminder_appears_after_40_minutes_and_clears_with_vitals(
    qtbot, dosed_session_id, open_view, clock, press, type_text
):
    view = open_view(dosed_session_id)
    press("V")
    clock.advance(-1)  # 09:54: pre-dose reading
    type_text("128/82 76 98")
    press("Return")
    clock.advance(1 + 5 + 35)  # 10:35
    view.timer.timeout.emit()
    assert view.reminder.isHidden()
    assert "+40 min" in view.next_label.text()
    clock.advance(5)  # 10:40
    view.timer.timeout.emit()
    assert not view.reminder.isHidden()
    assert "+40 min due now" in view.reminder.text()
    assert QApplication.focusWidget() is view.timeline_view  # the banner took no focus
    press("V")
    type_text("124/80 72 98")
    press("Return")
    assert view.reminder.isHidden()


def test_bad_vitals_line_keeps_the_text_and_says_why(
    practice, dosed_session_id, open_view, press, type_text
):
    view = open_view(dosed_session_id)
    press("V")
    type_text("128/82 7x6 98")
    press("Return")
    assert view.vitals_row.edit.text() == "128/82 7x6 98"
    assert "Could not read" in view.vitals_row.message.text()
    assert not view.vitals_row.message.isHidden()
    assert practice.get_session(dosed_session_id).vitals == []


def test_digits_typed_into_the_note_are_text_not_effects(
    practice, dosed_session_id, open_view, press, type_text
):
    open_view(dosed_session_id)
    press("N")
    type_text("asked for 2 blankets")
    press("Return")
    s = practice.get_session(dosed_session_id)
    assert s.effects == [] and s.narrative["Note"].endswith("asked for 2 blankets")


def test_notes_go_to_the_objective_section_of_a_soap_note(
    practice, dosed_session_id, open_view, press, type_text
):
    s = practice.get_session(dosed_session_id)
    s.template = "soap"
    s.narrative = {"Subjective": "Felt ready.", "Objective": "Calm on arrival."}
    practice.save_session(s)
    open_view(dosed_session_id)
    press("N")
    type_text("eyes closed, music on")
    press("Return")
    narrative = practice.get_session(dosed_session_id).narrative
    assert narrative["Objective"] == "Calm on arrival.\n[09:55] eyes closed, music on"
    assert narrative["Subjective"] == "Felt ready."


def test_quick_effects_come_from_settings(practice, dosed_session_id, open_view, press):
    settings = practice.settings() or PracticeSettings()
    settings.quick_effects = ["headache", "vomiting"]
    practice.save_settings(settings)
    view = open_view(dosed_session_id)
    assert len(view.effect_keys.buttons) == 2
    assert "Headache" in view.effect_keys.buttons[0].text()
    press("2")
    press("3")  # no third key: nothing happens
    assert [e.effect for e in practice.get_session(dosed_session_id).effects] == ["vomiting"]
