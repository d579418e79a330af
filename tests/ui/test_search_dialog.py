"""Search (Ctrl+F): ranked results as you type, escaped highlights, Enter opens the session."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from kapnotes.store import SearchHit
from kapnotes.store.search import HIT_END, HIT_START
from kapnotes.ui.window.search_dialog import (
    SearchDialog,
    SearchResultsModel,
    snippet_html,
)

HOSTILE = [
    '"unclosed',
    "garden OR",
    "AND AND",
    "*",
    "-",
    "-garden",
    "(garden",
    "garden)",
    "'; DROP TABLE sessions; --",
    "<b>bold</b>",
    "NEAR(a b)",
    "\x00",
]


def test_ctrl_f_then_enter_opens_the_matching_session(qtbot, window, filled, press):
    window.select_client(filled["ada"])
    press(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    dialog = window.session_commands.search_dialog
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.query_edit, "lighthouse")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)  # searched as you type, debounced
    assert dialog.model.index(0, 0).data() == "Bob Brown (C-2002)"
    qtbot.keyClick(dialog.query_edit, Qt.Key.Key_Return)
    assert window.current_client_id() == filled["bob"]
    assert window.editor.session_id == filled["bob_s1"]
    assert not dialog.isVisible()


def test_double_click_opens_a_session_of_another_course_and_client(qtbot, window, filled):
    dialog = window.session_commands.find()
    qtbot.keyClicks(dialog.query_edit, "Session 3 garden")
    dialog.run_search()
    assert dialog.model.rowCount() >= 1
    rect = dialog.view.visualRect(dialog.model.index(0, 0))
    viewport = dialog.view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.editor.session_id == filled["ada_s3"]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_safe(qtbot, practice, filled, text):
    dialog = SearchDialog(practice)
    qtbot.addWidget(dialog)
    dialog.query_edit.setText(text)
    dialog.run_search()  # no exception; the store stays intact
    assert len(practice.list_sessions(client_id=filled["ada"])) == 4


def test_snippet_markup_is_escaped_and_hits_highlighted():
    hit = SearchHit(
        session_id=1,
        client_id=1,
        chart="C",
        client_name="N",
        date=date(2024, 1, 1),
        kind="dosing",
        snippet=f"a <b>x</b> & {HIT_START}<script>{HIT_END} end",
        rank=1.0,
    )
    rich = snippet_html(hit)
    assert "<b>x</b>" not in rich
    assert "&lt;b&gt;x&lt;/b&gt; &amp; " in rich
    assert "<b><u>&lt;script&gt;</u></b>" in rich


def test_results_model_passes_the_model_tester(qtmodeltester, practice, filled):
    model = SearchResultsModel()
    model.set_hits(practice.search("garden"))
    assert model.rowCount() == 4
    qtmodeltester.check(model)
