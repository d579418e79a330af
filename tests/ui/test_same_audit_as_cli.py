"""The same action from the window and from the command line leaves the same audit entry:
both go through the services, which write it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from kapnotes.cli import run


@pytest.fixture
def save_as(monkeypatch, tmp_path):
    """The save dialog answers with the next file name given."""
    names: list[str] = []

    def fake(parent, title, suggested, filters):
        return str(tmp_path / names.pop(0)), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    return names


def _entries(practice, since_id: int) -> list[tuple]:
    return [
        (e.action, e.client_id, e.session_id, e.record, e.detail)
        for e in reversed(practice.audit_entries(limit=10_000))
        if e.id > since_id and e.action != "open"
    ]


def test_window_and_command_line_audit_the_same_exports(
    qtbot, window, practice, filled, save_as, press, tmp_path
):
    start = practice.audit_entries(limit=1)[0].id
    # The window: the session note (Ctrl+E), its de-identified copy, the course summary with
    # "All sessions of this client" chosen, and the REMS record of an esketamine session.
    save_as += ["w-note.pdf", "w-deid.pdf", "w-course.pdf", "w-rems.pdf"]
    window.select_client(filled["ada"])
    window.client_page.select_session(filled["ada_s2"])
    press(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    window.menu_actions["export_session_deid"].trigger()
    window.client_page.select_course(None)
    window.menu_actions["export_course"].trigger()
    window.select_client(filled["bob"])
    window.client_page.select_session(filled["bob_s1"])
    window.menu_actions["export_rems"].trigger()
    from_window = _entries(practice, start)
    assert len(from_window) == 4, from_window
    window.close()
    practice.close()

    # The command line, in-process, on the same practice file.
    data = ["--data-dir", str(tmp_path)]
    for argv in (
        ["pdf", "session", str(filled["ada_s2"])],
        ["pdf", "session", str(filled["ada_s2"]), "--deidentified"],
        ["pdf", "course", "C-1001"],
        ["pdf", "rems", str(filled["bob_s1"])],
    ):
        assert run([*data, "export", *argv, "-o", str(tmp_path / "cli.pdf")]) == 0
    from kapnotes.store import open_practice

    with open_practice(practice.path) as reopened:
        both = _entries(reopened, start)
    assert both[4:] == from_window
    assert [e[0] for e in from_window] == ["export"] * 4
