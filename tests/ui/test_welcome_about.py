"""The first start's welcome screen (once per user) and Help > About (folders, licences)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from kapnotes import __version__, config
from kapnotes.ui.window.about_dialog import AboutDialog
from kapnotes.ui.window.welcome import WelcomeDialog, already_shown, maybe_welcome


def test_the_first_start_explains_where_the_data_lives_once(qtbot, window, qsettings, tmp_path):
    data = tmp_path / "clinic-data"
    dialog = maybe_welcome(window, qsettings, data, window.practice)
    assert isinstance(dialog, WelcomeDialog)
    qtbot.waitUntil(dialog.isVisible)
    text = dialog.text.text()
    assert str(data) in text and str(config.backup_dir(data)) in text
    assert "once a day" in text and "external drive" in text and "passphrase" in text
    assert "kapnotes-demo" not in text  # not the demo practice
    assert not already_shown(qsettings)
    dialog.accept()
    assert already_shown(qsettings)
    assert maybe_welcome(window, qsettings, data, window.practice) is None  # shown once


def test_about_shows_the_version_the_folders_and_the_licences(qtbot, window, monkeypatch):
    shown = []

    def fake_exec(dialog):
        shown.append(dialog)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(AboutDialog, "exec", fake_exec)
    window.menu_actions["about"].trigger()
    (about,) = shown
    header = about.header.text()
    assert __version__ in header
    assert str(window.data_dir) in header and str(window.practice.path) in header
    notices = about.notices.toPlainText()
    for name in ("LGPL-3.0", "SQLCipher", "ReportLab", "DejaVu", "Droid Sans Fallback", "Symbola"):
        assert name in notices, name
    assert config.resource_path("licenses/LGPL-3.0.txt").exists()
