"""The rating scale editor driven from the keyboard: items, missing, bands, safety flags."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from kapnotes.domain.records import Client, ScaleScore, Session
from kapnotes.ui.scales.editor import ScaleScoresEditor


def add(qtbot, editor: ScaleScoresEditor, code: str):
    index = editor.add_combo.findData(code)
    assert index >= 0
    editor.add_combo.setCurrentIndex(index)
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    return editor.form(code)


def enter(type_keys, values: str) -> None:
    """One key per item then Tab, as a clinician copying a paper form would."""
    for ch in values:
        type_keys(ch, "\t")


def test_phq9_typed_item_by_item_scores_live(qtbot, editor, type_keys):
    with qtbot.waitSignal(editor.changed):
        form = add(qtbot, editor, "phq9")
    assert QApplication.focusWidget() is form.inputs[0]
    enter(type_keys, "122312200")
    assert editor.scores()[0].items == [1, 2, 2, 3, 1, 2, 2, 0, 0]
    assert form.total_label.text() == "total 13 · moderate"
    assert form.anchor_labels[3].text() == "Nearly every day"
    assert form.flag.isHidden()


def test_blank_item_is_missing_not_zero(qtbot, editor, type_keys):
    form = add(qtbot, editor, "gad7")
    enter(type_keys, "333")
    type_keys("\t")  # item 4 left blank
    enter(type_keys, "333")
    assert editor.scores()[0].items == [3, 3, 3, None, 3, 3, 3]
    assert form.total_label.text() == "total 18 so far — 1 of 7 items missing"


def test_backspace_clears_an_item_back_to_missing(qtbot, editor, type_keys):
    form = add(qtbot, editor, "phq9")
    type_keys("2", "\b")
    assert form.inputs[0].value() is None
    assert form.total_label.text() == "not entered"


def test_digit_out_of_range_is_refused_and_keeps_the_value(qtbot, editor, type_keys):
    form = add(qtbot, editor, "phq9")
    type_keys("2", "7", "x")
    assert form.inputs[0].text() == "2"


def test_a_second_digit_replaces_the_first(qtbot, editor, type_keys):
    form = add(qtbot, editor, "pcl5")
    type_keys("1", "4")
    assert form.inputs[0].value() == 4


def test_phq9_item9_raises_a_visible_safety_flag(qtbot, editor, type_keys):
    form = add(qtbot, editor, "phq9")
    enter(type_keys, "00000000")
    assert form.flag.isHidden()
    type_keys("1")
    assert not form.flag.isHidden()
    assert "item 9" in form.flag.text()
    assert editor.safety_flags() and "item 9" in editor.safety_flags()[0]
    assert "#b3261e" in form.flag.styleSheet()


def test_cssrs_yes_no_keys_and_positive_screen(qtbot, editor, type_keys):
    form = add(qtbot, editor, "cssrs")
    enter(type_keys, "ynn")
    assert editor.scores()[0].items == [1, 0, 0, None, None, None]
    assert form.inputs[0].text() == "Yes"
    assert not form.flag.isHidden() and "low risk" in form.flag.text()
    enter(type_keys, "y")  # item 4: intention -> high risk
    assert "high risk" in form.flag.text()


def test_negative_cssrs_screen_has_no_flag(qtbot, editor, type_keys):
    form = add(qtbot, editor, "cssrs")
    enter(type_keys, "000000")
    assert form.flag.isHidden()
    assert form.total_label.text() == "yes answers 0 · risk negative"


def test_ebi_items_are_typed_numbers_0_to_100(qtbot, editor, type_keys):
    form = add(qtbot, editor, "ebi")
    for value in ("80", "60", "100", "40", "70", "50"):
        type_keys(value, "\t")
    assert editor.scores()[0].items == [80, 60, 100, 40, 70, 50]
    assert form.total_label.text() == "mean 66.7"


def test_meq30_complete_entry_shows_subscales(qtbot, editor, type_keys):
    form = add(qtbot, editor, "meq30")
    enter(type_keys, "4" * 30)
    assert "complete mystical experience" in form.total_label.text()
    assert "mystical 4.00" in form.subscales.text()


def test_cadss_is_total_only(qtbot, editor, type_keys):
    form = add(qtbot, editor, "cadss")
    type_keys("23")
    assert editor.scores()[0].total == 23 and editor.scores()[0].items == []
    assert form.total_label.text() == "total 23"
    type_keys("\b\b", "99")
    assert "out of range" in form.total_label.text()


def test_set_scores_shows_stored_values_and_keeps_ids_and_unknown_scales(qtbot, editor):
    stored = [
        ScaleScore("phq9", [1, 1, 1, 1, 1, 1, 1, 1, None], id=7),
        ScaleScore("cadss", [], 12.0, id=8),
        ScaleScore("hamd", [], 14, id=9),
    ]
    with qtbot.assertNotEmitted(editor.changed):
        editor.set_scores(stored)
    out = editor.scores()
    assert [(s.scale, s.id) for s in out] == [("phq9", 7), ("cadss", 8), ("hamd", 9)]
    assert out[0].items == stored[0].items
    assert editor.form("phq9").total_label.text() == "total 8 so far — 1 of 9 items missing"
    assert "hamd" in editor.unknown_label.text()
    assert editor.add_combo.findData("phq9") == -1  # already on the session


def test_read_only_refuses_keys_and_hides_add_and_remove(qtbot, editor, type_keys):
    editor.set_scores([ScaleScore("gad7", [1] * 7)])
    editor.set_read_only(True)
    form = editor.form("gad7")
    form.inputs[0].setFocus()
    type_keys("3")
    assert editor.scores()[0].items == [1] * 7
    assert editor.add_row.isHidden() and form.remove_button.isHidden()


def test_removing_a_filled_scale_asks_first(qtbot, editor, type_keys, monkeypatch):
    form = add(qtbot, editor, "phq9")
    type_keys("2")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    qtbot.mouseClick(form.remove_button, Qt.MouseButton.LeftButton)
    assert [s.scale for s in editor.scores()] == ["phq9"]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(editor.changed):
        qtbot.mouseClick(form.remove_button, Qt.MouseButton.LeftButton)
    assert editor.scores() == []
    assert editor.add_combo.findData("phq9") >= 0


def test_scores_round_trip_through_the_store(qtbot, editor, type_keys, practice):
    client_id = practice.save_client(Client(chart="C1", name="Test Client"))
    add(qtbot, editor, "phq9")
    enter(type_keys, "3333")
    session = Session(client_id, None, date(2026, 1, 5), scales=editor.scores())
    sid = practice.save_session(session)
    again = ScaleScoresEditor()
    qtbot.addWidget(again)
    again.set_scores(practice.get_session(sid).scales)
    assert again.scores()[0].items == [3, 3, 3, 3, None, None, None, None, None]
    assert again.form("phq9").total_label.text() == "total 12 so far — 5 of 9 items missing"


def test_an_unreadable_stored_item_is_kept_until_typed_over(qtbot, editor, type_keys):
    editor.set_scores([ScaleScore("phq9", [7, 1, 1, 1, 1, 1, 1, 1, 0], id=3)])
    form = editor.form("phq9")
    assert form.inputs[0].text() == "7" and "outside 0–3" in form.inputs[0].toolTip()
    assert editor.scores()[0].items[0] == 7  # saved back unchanged
    assert form.total_label.text() == "total 7 so far — 1 of 9 items missing"
    form.inputs[0].setFocus()
    type_keys("2")
    assert editor.scores()[0].items[0] == 2
    assert "outside" not in form.inputs[0].toolTip()


def test_a_refused_key_says_why(qtbot, editor, type_keys, monkeypatch):
    """A 4 on a 0–3 item was swallowed without a word: the item stayed missing unnoticed."""
    from PySide6.QtWidgets import QToolTip

    shown: list[str] = []
    monkeypatch.setattr(QToolTip, "showText", lambda _pos, text, *a, **k: shown.append(text))
    form = add(qtbot, editor, "phq9")
    type_keys("4")
    assert form.inputs[0].text() == ""
    assert shown and "0–3" in shown[-1]
    form = add(qtbot, editor, "cssrs")
    type_keys("x")
    assert form.inputs[0].text() == "" and "Y (yes)" in shown[-1]
