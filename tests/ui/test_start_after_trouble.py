"""Starting the app after an old import stored bad settings, or after killed backups (issue 12
items 11 and 14): the window opens with the defaults, and says what was cleaned up."""

from __future__ import annotations

import json

from PySide6.QtCore import QSettings

from kapnotes import config
from kapnotes.store import open_practice
from kapnotes.ui.app import AppController
from kapnotes.ui.settings.dialog import SettingsDialog


def _bad_settings_practice(data_dir):
    path = config.database_path(data_dir)
    config.ensure_private_dir(data_dir)
    with open_practice(path, create=True) as practice, practice.db.atomic():
        practice.db.execute(
            "INSERT INTO settings (key, value) VALUES ('practice', ?)",
            [json.dumps({"autosave_ms": "x", "lock_minutes": 1e300, "backup_keep": -1})],
        )
    backups = config.ensure_private_dir(config.backup_dir(data_dir))
    (backups / ".practice-20260101-000000-000000.kapnotes.partial").write_bytes(b"x" * 8192)
    return path


def test_the_app_starts_on_bad_stored_settings_and_reports_removed_leftovers(qtbot, tmp_path):
    data_dir = tmp_path / "data"
    path = _bad_settings_practice(data_dir)
    controller = AppController(
        data_dir, QSettings(str(tmp_path / "a.ini"), QSettings.Format.IniFormat)
    )
    practice = open_practice(path)
    try:
        window = controller.show(practice)
        qtbot.addWidget(window)
        assert window.editor.autosave.timer.interval() == 800  # the default, not a crash
        assert "interrupted backups" in window.statusBar().currentMessage()
        assert not list(config.backup_dir(data_dir).glob(".*.partial"))
        # The settings dialog shows the defaults within the rules' ranges; OK saves good values.
        dialog = SettingsDialog(window.services, window)
        qtbot.addWidget(dialog)
        assert (dialog.autosave_spin.minimum(), dialog.autosave_spin.maximum()) == (200, 10_000)
        assert dialog.backup_spin.value() == 14 and dialog.lock_spin.value() == 10
        dialog.accept()
        assert practice.settings_warnings() == []
    finally:
        controller.shutdown()
