"""One change notification: a service write anywhere refreshes every view showing it, and the
window's commands are controllers with declared dependencies, not mixins."""

from __future__ import annotations

import ast
import gc
from pathlib import Path

from PySide6.QtWidgets import QMainWindow

from kapnotes.services import ChangeFeed, Changes
from kapnotes.services import clients as client_services
from kapnotes.services import practice as practice_services
from kapnotes.services import sessions as session_services
from kapnotes.ui.common.changes import ChangeHub

WINDOW = Path(__file__).resolve().parents[2] / "kapnotes" / "ui" / "window"


def test_a_client_changed_by_a_service_shows_in_the_list_and_on_the_page(qtbot, window, filled):
    window.select_client(filled["ada"])
    client = window.services.practice.get_client(filled["ada"])
    client.name = "Ada King"
    client_services.save_client(window.services, client)
    assert window.client_page.heading.text() == "Ada King"
    row = window.client_model.row_of(filled["ada"])
    assert window.client_model.client_at(row).name == "Ada King"


def test_a_session_written_elsewhere_shows_in_the_list_and_the_editor(qtbot, window, filled):
    window.select_client(filled["ada"])
    window.client_page.select_session(filled["ada_s1"])
    assert window.editor.session_id == filled["ada_s1"]
    session_services.save_draft(window.services, filled["ada_s1"], {"intention": "From elsewhere"})
    assert window.editor.session.intention == "From elsewhere"
    session_services.delete_draft(window.services, filled["ada_s1"])
    assert window.client_page.session_model.row_of(filled["ada_s1"]) is None
    assert window.editor.session_id != filled["ada_s1"]


def test_settings_saved_by_the_service_reach_the_chooser_the_title_and_the_editor(
    qtbot, window, filled
):
    settings = window.services.practice.settings()
    settings.practice_name = "Tide Pool KAP"
    settings.autosave_ms = 1234
    practice_services.save_settings(window.services, settings)
    assert "Tide Pool KAP" in window.windowTitle()
    assert window.practice_label.text() == "Tide Pool KAP"
    assert window.editor.autosave.timer.interval() == 1234


def test_a_hub_stops_listening_when_it_is_deleted(qtbot):
    feed = ChangeFeed()
    hub = ChangeHub(feed)
    seen: list[Changes] = []
    hub.changed.connect(seen.append)
    feed.publish(Changes(settings=True))
    assert seen == [Changes(settings=True)]
    hub.deleteLater()
    qtbot.waitUntil(lambda: not feed._listeners)
    gc.collect()
    feed.publish(Changes(settings=True))  # no call into a deleted QObject
    assert len(seen) == 1


def test_the_window_is_no_mixin_and_its_controllers_probe_nothing():
    from kapnotes.ui.window.main_window import MainWindow

    assert MainWindow.__bases__ == (QMainWindow,)
    probes = []
    for path in sorted(WINDOW.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) in ("getattr", "hasattr")
                and isinstance(node.args[0], ast.Name)
                and node.args[0].id in ("self", "dialog")
            ):
                probes.append(f"{path.name}:{node.lineno}")
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "flush":
                probes.append(f"{path.name}:{node.lineno} .flush (the services store pending edits)")  # fmt: skip
    assert not probes, probes
    assert len((WINDOW / "main_window.py").read_text(encoding="utf-8").splitlines()) < 400


def test_the_session_list_reloads_only_when_a_row_reads_differently(qtbot, window, filled):
    window.select_client(filled["ada"])
    window.client_page.select_session(filled["ada_s1"])
    resets: list[int] = []
    window.client_page.session_model.modelReset.connect(lambda: resets.append(1))
    session_services.save_draft(window.services, filled["ada_s1"], {"intention": "Quiet"})
    assert resets == []  # autosave of the text: the list stays as it is
    session_services.save_draft(window.services, filled["ada_s1"], {"number": 9})
    assert resets == [1]
    row = window.client_page.session_model.row_of(filled["ada_s1"])
    assert window.client_page.session_model.summary_at(row).number == 9
