"""Autosave timing, sections by kind, template switching, esketamine REMS, live mode."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from kapnotes.domain.records import Administration, EffectObservation
from kapnotes.domain.settings import Clinician


def _slow_autosave(practice, editor):
    settings = practice.settings()
    settings.autosave_ms = 10_000  # the longest allowed: only leaving a field or flush() saves here
    practice.save_settings(settings)
    editor.reload_settings()


def test_leaving_a_field_saves_at_once(qtbot, editor, user, practice, clinic):
    _slow_autosave(practice, editor)
    user.type_into(editor.overview.intention_edit, "To feel safe")
    assert practice.get_session(clinic["session_id"]).intention == ""
    with qtbot.waitSignal(editor.saved, timeout=1000):
        qtbot.keyClick(editor.overview.intention_edit, Qt.Key.Key_Tab)
    assert practice.get_session(clinic["session_id"]).intention == "To feel safe"


def test_a_pause_in_typing_saves(qtbot, editor, user, practice, clinic):
    user.type_into(editor.narrative.editors["Note"], "Quiet")
    with qtbot.waitSignal(editor.saved, timeout=5000):
        pass
    assert practice.get_session(clinic["session_id"]).narrative == {"Note": "Quiet"}


def test_switching_session_saves_the_previous_one(editor, user, practice, clinic, new_session):
    _slow_autosave(practice, editor)
    other = new_session(kind="integration")
    editor.narrative.editors["Note"].setFocus()
    user.qtbot.keyClicks(editor.narrative.editors["Note"], "Unfinished thought")
    editor.load_session(other)
    assert editor.session_id == other
    assert practice.get_session(clinic["session_id"]).narrative == {"Note": "Unfinished thought"}


def test_only_sections_that_fit_the_kind_show(editor, user, practice, new_session):
    sid = new_session(kind="integration")
    editor.load_session(sid)
    for section in (editor.dosing, editor.vitals, editor.effects, editor.discharge, editor.rems):
        assert not section.isVisible(), section.title()
    for section in (editor.overview, editor.themes, editor.narrative, editor.scales):
        assert section.isVisible(), section.title()
    assert not editor.live_button.isVisible()
    user.choose(editor.overview.kind_combo, "Dosing")
    assert editor.dosing.isVisible() and editor.vitals.isVisible() and editor.effects.isVisible()
    assert editor.live_button.isVisible()
    with user.qtbot.waitSignal(editor.sessionChanged, timeout=1000) as changed:
        editor.flush()
    assert changed.args == [sid]
    assert practice.get_session(sid).kind == "dosing"


def test_a_section_with_data_shows_whatever_the_kind(editor, new_session):
    sid = new_session(kind="integration", effects=[EffectObservation("nausea", 1)])
    editor.load_session(sid)
    assert editor.effects.isVisible()
    assert editor.effects.rows["nausea"].intensity.currentText() == "mild"


def test_switching_template_keeps_the_text(editor, user, practice, clinic):
    narrative = editor.narrative
    user.type_into(narrative.editors["Note"], "Free text first")
    user.choose(narrative.template_combo, "DAP")
    assert list(narrative.editors) == ["Data", "Assessment", "Plan", "Note"]
    assert narrative.editors["Note"].toPlainText() == "Free text first"
    user.type_into(narrative.editors["Data"], "Observed calm")
    editor.flush()
    s = practice.get_session(clinic["session_id"])
    assert s.template == "dap"
    assert s.narrative == {"Note": "Free text first", "Data": "Observed calm"}


def test_esketamine_route_shows_the_rems_answers(qtbot, editor, user, practice, clinic):
    assert not editor.rems.isVisible()
    user.click(editor.dosing.table.add_button)
    user.choose_cell(editor.dosing.table, 0, 1, "Intranasal esketamine (Spravato)")
    user.edit_cell(editor.dosing.table, 0, 0, "09:10")
    user.edit_cell(editor.dosing.table, 0, 3, "56")
    assert editor.dosing.model.record(0).medication == "esketamine"
    assert editor.rems.isVisible()
    user.choose(editor.rems.concomitant["benzodiazepines"], "No")
    user.choose(editor.rems.questions["sedation"], "Yes")
    user.type_into(editor.rems.monitoring_end_edit, "10:30")
    assert "REMS requires at least 2 h" in editor.rems.message.text()
    user.type_into(editor.rems.ready_edit, "60")
    editor.flush()
    r = practice.get_session(clinic["session_id"]).rems
    assert r.concomitant == {"benzodiazepines": False}
    assert (r.sedation, r.monitoring_end, r.ready_to_leave_min) == (True, time(10, 30), 60)


def test_mg_per_kg_uses_the_weight_and_says_when_there_is_none(editor, user, practice, new_session, clinic):  # fmt: skip
    user.click(editor.dosing.table.add_button)
    user.choose_cell(editor.dosing.table, 0, 1, "IV infusion")
    user.edit_cell(editor.dosing.table, 0, 3, "35")
    assert "0.50 mg/kg (weight 70 kg)" in editor.dosing.totals_label.text()
    client = clinic["client"]
    client.weights = []
    practice.save_client(client)
    sid = new_session(kind="dosing", administrations=[Administration(None, "iv", 35.0)])
    editor.load_session(sid)
    assert "no weight on file" in editor.dosing.totals_label.text()


def test_live_mode_button_asks_for_this_session(qtbot, editor, user, clinic):
    with qtbot.waitSignal(editor.liveRequested, timeout=1000) as asked:
        user.click(editor.live_button)
    assert asked.args == [clinic["session_id"]]


def test_clicking_a_finding_focuses_its_field(qtbot, editor, user):
    user.replace_text(editor.dosing.timing_edits["peak_min"], "x")
    bar = editor.findings_bar
    item = bar.list.item(0)
    bar.list.setFocus()
    bar.list.setCurrentItem(item)
    qtbot.keyClick(bar.list, Qt.Key.Key_Return)
    assert editor.dosing.timing_edits["peak_min"].hasFocus()


def test_nothing_loaded_shows_an_empty_page(editor):
    editor.load_session(None)
    assert editor.session_id is None
    assert editor.stack.currentWidget() is editor.empty_label
    editor.flush()  # nothing to save, no error


def test_hiding_the_editor_saves_pending_text(editor, user, practice, clinic):
    _slow_autosave(practice, editor)
    editor.narrative.editors["Note"].setFocus()
    user.qtbot.keyClicks(editor.narrative.editors["Note"], "Closing now")
    editor.hide()
    assert practice.get_session(clinic["session_id"]).narrative == {"Note": "Closing now"}


def test_reload_shows_what_another_view_stored(editor, practice, clinic):
    s = practice.get_session(clinic["session_id"])
    s.effects.append(EffectObservation("dizziness", 2, time(9, 30)))
    practice.save_session(s)
    editor.reload()
    assert editor.effects.rows["dizziness"].intensity.currentText() == "moderate"


def test_clicking_a_vitals_finding_selects_its_cell(qtbot, editor, user):
    user.click(editor.vitals.table.add_button)
    user.edit_cell(editor.vitals.table, 0, 2, "120")
    user.edit_cell(editor.vitals.table, 0, 3, "125")
    bar = editor.findings_bar
    [item] = [bar.list.item(i) for i in range(bar.list.count()) if "lower than systolic" in bar.list.item(i).text()]  # fmt: skip
    user.click(editor.overview.clinicians_edit)
    bar.list.setCurrentItem(item)
    qtbot.keyClick(bar.list, Qt.Key.Key_Return)
    view = editor.vitals.table.view
    assert view.hasFocus()
    assert (view.currentIndex().row(), view.currentIndex().column()) == (0, 3)


def test_a_session_that_cannot_be_saved_is_not_left(editor, user, practice, clinic, new_session, monkeypatch):  # fmt: skip
    from kapnotes.store import PracticeError

    _slow_autosave(practice, editor)
    other = new_session(kind="integration")

    def busy(*args, **kwargs):
        raise PracticeError("The practice file is busy.")

    monkeypatch.setattr(practice, "save_draft", busy)
    editor.narrative.editors["Note"].setFocus()
    user.qtbot.keyClicks(editor.narrative.editors["Note"], "Precious words")
    editor.load_session(other)
    assert editor.session_id == clinic["session_id"]
    assert editor.narrative.editors["Note"].toPlainText() == "Precious words"
    assert editor.error_banner.isVisibleTo(editor)
    monkeypatch.undo()
    editor.load_session(other)
    assert editor.session_id == other
    assert practice.get_session(clinic["session_id"]).narrative == {"Note": "Precious words"}


def test_loading_the_shown_session_again_keeps_typed_text(editor, user):
    user.replace_text(editor.dosing.timing_edits["onset_min"], "5x")
    editor.load_session(editor.session_id)
    assert editor.dosing.timing_edits["onset_min"].text() == "5x"


def test_coming_back_to_the_window_shows_what_live_mode_stored(qtbot, editor, user, practice, clinic):  # fmt: skip
    user.click(editor.vitals.table.add_button)
    user.edit_cell(editor.vitals.table, 0, 2, "128")
    editor.flush()
    assert not editor.sync_from_store()  # our own saves are not "changes elsewhere"
    s = practice.get_session(clinic["session_id"])
    s.effects.append(EffectObservation("euphoria", 1, time(9, 40)))
    practice.save_session(s)
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(other.isActiveWindow)
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    assert editor.effects.rows["euphoria"].intensity.currentText() == "mild"
    assert editor.vitals.model.record(0).systolic == 128


def test_no_reload_over_text_the_store_cannot_hold(editor, user, practice, clinic):
    user.click(editor.dosing.table.add_button)
    user.edit_cell(editor.dosing.table, 0, 4, "left deltoid")  # no dose yet: not storable
    editor.flush()
    s = practice.get_session(clinic["session_id"])
    s.intention = "Changed elsewhere"
    practice.save_session(s)
    assert not editor.sync_from_store()
    assert editor.dosing.model.record(0).site == "left deltoid"


def test_clinician_names_complete_after_a_comma(qtbot, editor, user, practice, clinic):
    settings = practice.settings()
    settings.clinicians.append(Clinician("Sam Ode", "LMFT"))
    practice.save_settings(settings)
    editor.reload_settings()
    field = editor.overview.clinicians_edit
    user.type_into(field, "Ana Ruiz, sa")
    popup = field.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert field.text() == "Ana Ruiz, Sam Ode"
    editor.flush()
    assert practice.get_session(clinic["session_id"]).clinicians == ["Ana Ruiz", "Sam Ode"]


def test_a_note_without_findings_shows_no_empty_findings_list(qtbot):
    from kapnotes.ui.editor.findings import FindingsBar

    bar = FindingsBar()
    qtbot.addWidget(bar)
    bar.set_findings([])
    bar.show()
    assert bar.summary.text() == "No problems found in this note."
    assert not bar.list.isVisible()


def test_an_own_tag_typed_but_not_added_stays_with_its_session(qtbot, editor, practice, clinic, new_session, user):  # fmt: skip
    other = new_session(number=2)
    user.type_into(editor.themes.tag_edit, "Tag meant for the first note")
    editor.load_session(other)
    assert editor.themes.tag_edit.text() == ""
    qtbot.keyClick(editor.themes.tag_edit, Qt.Key.Key_Return)  # Enter here adds nothing
    editor.load_session(clinic["session_id"])
    assert editor.themes.tag_edit.text() == "Tag meant for the first note"
    editor.flush()
    assert practice.get_session(other).themes == []
