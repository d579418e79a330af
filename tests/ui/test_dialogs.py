"""Client, course, new session and settings: typed into the real dialogs, then read back."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from kapnotes.services import ServiceContext
from kapnotes.ui.clients.client_dialog import ClientDialog, WeightModel
from kapnotes.ui.settings.dialog import ClinicianModel, SettingsDialog
from kapnotes.ui.window import session_commands


def click_ok(qtbot, dialog) -> None:
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_new_client_typed_into_the_dialog_is_stored(qtbot, window, practice, on_modal, press):
    def fill(dialog):
        assert isinstance(dialog, ClientDialog)
        qtbot.keyClicks(dialog.name_edit, "Zoe <b>O'Hara</b> &amp;")
        qtbot.keyClicks(dialog.chart_edit, "C-4004")
        qtbot.keyClicks(dialog.dob_edit, "1990-04-02")
        qtbot.keyClicks(dialog.pronouns_edit, "they/them")
        dialog.indication_combo.setCurrentIndex(dialog.indication_combo.findData("ptsd"))
        qtbot.keyClicks(dialog.medications_edit, "sertraline 100 mg")
        qtbot.keyClicks(dialog.consent_edit, "2024-05-01")
        dialog.kg_spin.setValue(70.5)
        dialog.weighed_edit.clear()
        qtbot.keyClicks(dialog.weighed_edit, "2024-05-01")
        qtbot.mouseClick(dialog.add_weight_button, Qt.MouseButton.LeftButton)
        dialog.screening.combo("hypertension").setCurrentIndex(
            dialog.screening.combo("hypertension").findData("yes")
        )
        qtbot.keyClicks(dialog.screening.note_edit("hypertension"), "148/96 at intake")
        click_ok(qtbot, dialog)

    on_modal(fill)
    press(
        window,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    client = practice.find_client("C-4004")
    assert client is not None
    assert client.name == "Zoe <b>O'Hara</b> &amp;"
    assert client.dob == date(1990, 4, 2)
    assert client.pronouns == "they/them"
    assert client.indication == "ptsd"
    assert client.medications == "sertraline 100 mg"
    assert client.consent_date == date(2024, 5, 1)
    assert [(w.kg, w.measured_on) for w in client.weights] == [(70.5, date(2024, 5, 1))]
    positives = client.screening_positives()
    assert [(s.item, s.note) for s in positives] == [("hypertension", "148/96 at intake")]
    assert window.current_client_id() == client.id
    assert window.client_page.heading.text() == "Zoe <b>O'Hara</b> &amp;"  # plain text, not markup


def test_taken_chart_number_disables_ok_and_keeps_the_text(qtbot, practice, filled):
    dialog = ClientDialog(ServiceContext(practice))
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name_edit, "Someone Else")
    qtbot.keyClicks(dialog.chart_edit, "C-1001")
    assert not dialog.ok_button.isEnabled()
    assert "already used" in dialog.findings_label.text()
    assert dialog.name_edit.text() == "Someone Else"
    qtbot.keyClicks(dialog.chart_edit, "b")
    assert dialog.ok_button.isEnabled()


def test_bad_date_is_explained_inline(qtbot, practice):
    dialog = ClientDialog(ServiceContext(practice))
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name_edit, "A")
    qtbot.keyClicks(dialog.chart_edit, "X1")
    qtbot.keyClicks(dialog.dob_edit, "02/04/1990")
    assert not dialog.ok_button.isEnabled()
    assert "YYYY-MM-DD" in dialog.findings_label.text()
    assert dialog.dob_edit.text() == "02/04/1990"


def test_editing_a_client_adds_a_weight_and_keeps_the_history(qtbot, practice, filled):
    dialog = ClientDialog(ServiceContext(practice), practice.get_client(filled["ada"]))
    qtbot.addWidget(dialog)
    assert dialog.weight_model.rowCount() == 2
    dialog.kg_spin.setValue(61)
    qtbot.mouseClick(dialog.add_weight_button, Qt.MouseButton.LeftButton)
    click_ok(qtbot, dialog)
    weights = practice.get_client(filled["ada"]).weights
    assert [w.kg for w in weights] == [64.0, 62.5, 61.0]


def test_a_weight_typed_but_not_added_is_kept_on_ok(qtbot, practice, filled):
    dialog = ClientDialog(ServiceContext(practice), practice.get_client(filled["bob"]))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentIndex(1)
    dialog.kg_spin.setFocus()
    dialog.kg_spin.selectAll()
    qtbot.keyClicks(dialog.kg_spin, "88.5")
    dialog.weighed_edit.clear()
    qtbot.keyClicks(dialog.weighed_edit, "2024-06-01")
    click_ok(qtbot, dialog)  # "Add weight" forgotten
    weights = practice.get_client(filled["bob"]).weights
    assert [(w.kg, w.measured_on) for w in weights] == [(90.0, date(2024, 2, 1)), (88.5, date(2024, 6, 1))]  # fmt: skip


def test_a_weight_without_its_date_is_refused_with_a_message(qtbot, practice, filled):
    dialog = ClientDialog(ServiceContext(practice), practice.get_client(filled["ada"]))
    qtbot.addWidget(dialog)
    dialog.kg_spin.setValue(61)
    dialog.weighed_edit.clear()
    qtbot.mouseClick(dialog.add_weight_button, Qt.MouseButton.LeftButton)
    assert dialog.weight_model.rowCount() == 2  # nothing added without a date
    assert "date weighed" in dialog.findings_label.text()
    click_ok(qtbot, dialog)  # nor stored by OK: the typed weight needs its date too
    assert len(practice.get_client(filled["ada"]).weights) == 2
    assert dialog.kg_spin.value() == 61  # what was typed stays
    qtbot.keyClicks(dialog.weighed_edit, "2024-06-01")
    qtbot.mouseClick(dialog.add_weight_button, Qt.MouseButton.LeftButton)
    click_ok(qtbot, dialog)
    assert [w.kg for w in practice.get_client(filled["ada"]).weights] == [64.0, 62.5, 61.0]


def test_weight_and_clinician_models_pass_the_model_tester(qtmodeltester, practice, filled):
    qtmodeltester.check(WeightModel(weights=practice.get_client(filled["ada"]).weights))
    qtmodeltester.check(ClinicianModel(clinicians=practice.settings().clinicians))


def test_new_course_then_ctrl_n_prefills_the_last_dose(
    qtbot, window, practice, filled, on_modal, monkeypatch, press
):
    window.select_client(filled["ada"])

    def fill(dialog):
        qtbot.keyClicks(dialog.title_edit, "Booster spring")
        dialog.purpose_combo.setCurrentIndex(dialog.purpose_combo.findData("booster"))
        click_ok(qtbot, dialog)

    on_modal(fill)
    course_id = window.client_commands.new_course()
    assert practice.get_course(course_id).title == "Booster spring"
    assert window.client_page.course_id == course_id
    monkeypatch.setattr(
        session_commands, "ask_session_kind", lambda parent, kind="dosing": "dosing"
    )
    press(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    sessions = practice.list_sessions(course_id=course_id)
    assert len(sessions) == 1
    new = practice.get_session(sessions[0].id)
    assert new.number == 1 and new.kind == "dosing" and new.date == date.today()
    # the last dosing session (number 4) gave 34 mg then 15 mg IM: same route and doses, no times
    assert [(a.route, a.mg, a.time) for a in new.administrations] == [
        ("im", 34.0, None),
        ("im", 15.0, None),
    ]
    assert not new.is_signed
    assert window.editor.session_id == new.id


def test_ctrl_n_in_an_existing_course_takes_the_next_number(
    qtbot, window, practice, filled, monkeypatch, press
):
    window.select_client(filled["ada"])
    monkeypatch.setattr(
        session_commands, "ask_session_kind", lambda parent, kind="dosing": "integration"
    )
    press(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    new = practice.get_session(window.editor.session_id)
    assert (new.number, new.kind, new.course_id) == (5, "integration", filled["ada_course"])
    assert new.administrations == []
    assert window.client_page.session_model.rowCount() == 5


def test_settings_dialog_saves_a_clinician_and_ranges(qtbot, window, practice, on_modal, press):
    def fill(dialog):
        assert isinstance(dialog, SettingsDialog)
        dialog.tabs.setCurrentWidget(dialog.clinicians_page)
        page = dialog.clinicians_page
        qtbot.keyClicks(page.name_edit, "Lee Park")
        qtbot.keyClicks(page.credentials_edit, "PMHNP")
        qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
        dialog.name_edit.clear()
        qtbot.keyClicks(dialog.name_edit, "Harbour Light KAP & Co")
        dialog.doses_page.spins("im")[1].setValue(1.2)
        dialog.vitals_page.spin("hr_high").setValue(120)
        qtbot.keyClicks(dialog.vocabulary_page.themes_edit, "Inner child")
        click_ok(qtbot, dialog)

    on_modal(fill)
    press(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    settings = practice.settings()
    assert ("Lee Park", "PMHNP") in [(c.name, c.credentials) for c in settings.clinicians]
    assert settings.practice_name == "Harbour Light KAP & Co"
    assert settings.dose_range("im") == (0.1, 1.2)
    assert settings.vitals.hr_high == 120
    assert settings.extra_themes == ["Inner child"]
    assert window.clinician_combo.findText("Lee Park") >= 0
    assert window.practice_label.text() == "Harbour Light KAP & Co"


def test_dose_ranges_show_mg_with_one_decimal_and_mg_per_kg_with_two(qtbot, practice):
    dialog = SettingsDialog(ServiceContext(practice))
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentWidget(dialog.doses_page)
    assert dialog.doses_page.spins("in_esk")[0].text() == "28.0 mg"
    assert dialog.doses_page.spins("iv")[1].text() == "1.00 mg/kg"


def test_sex_and_other_names_to_redact_are_stored(qtbot, practice, filled):
    dialog = ClientDialog(ServiceContext(practice), practice.get_client(filled["ada"]))
    qtbot.addWidget(dialog)
    dialog.sex_combo.setCurrentIndex(dialog.sex_combo.findData("female"))
    qtbot.keyClicks(dialog.redact_edit, "Charles Babbage")
    qtbot.keyClick(dialog.redact_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.redact_edit, "Analytical Engines Ltd")
    click_ok(qtbot, dialog)
    stored = practice.get_client(filled["ada"])
    assert (stored.sex, stored.redact_names) == ("female", "Charles Babbage\nAnalytical Engines Ltd")  # fmt: skip


def test_settings_hold_the_rems_contacts_the_setting_and_the_dose_tiers(qtbot, practice):
    from kapnotes.domain.dose_tiers import dose_tier

    dialog = SettingsDialog(ServiceContext(practice))
    qtbot.addWidget(dialog)
    page = dialog.clinicians_page
    qtbot.keyClicks(page.name_edit, "Lee Park")
    qtbot.keyClicks(page.credentials_edit, "MD")
    qtbot.keyClicks(page.phone_edit, "555-0177")
    qtbot.keyClicks(page.email_edit, "lee@clinic.example.org")
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.address_edits["practice_address"], "1 Main St")
    qtbot.keyClicks(dialog.address_edits["practice_zip"], "04101")
    dialog.weight_age_spin.setValue(60)
    dialog.doses_page._upper["im"][0].setValue(2.5)
    dialog.vitals_page.spin("bp_rise_systolic").setValue(30)
    click_ok(qtbot, dialog)
    s = practice.settings()
    [lee] = [c for c in s.clinicians if c.name == "Lee Park"]
    assert (lee.phone, lee.email) == ("555-0177", "lee@clinic.example.org")
    assert (s.practice_address, s.practice_zip, s.weight_max_age_days) == ("1 Main St", "04101", 60)
    assert dose_tier("im", s).ceiling == 2.5 and dose_tier("iv", s).ceiling == 1.5
    assert s.dose_ceilings == {"im": [2.5, 4.5]}  # only what differs from DOMAIN.md is kept
    assert s.vitals.bp_rise_systolic == 30
