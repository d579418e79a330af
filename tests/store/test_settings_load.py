"""Settings stored before the rules (an old import): the practice still opens, with defaults,
a warning in the log and in `kapnotes check`; new bad settings are never saved."""

from __future__ import annotations

import json
import logging

import pytest

from kapnotes import config
from kapnotes.cli import run
from kapnotes.domain.settings import PracticeSettings
from kapnotes.store import PracticeError, open_practice


def _store_raw(path, value: dict) -> None:
    with open_practice(path) as practice, practice.db.atomic():
        practice.db.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES ('practice', ?)",
            [json.dumps(value)],
        )


@pytest.fixture
def bad_practice(tmp_path):
    path = config.database_path(tmp_path / "data")
    config.ensure_private_dir(path.parent)
    open_practice(path, create=True).close()
    _store_raw(path, {"autosave_ms": "x", "lock_minutes": 1e300, "backup_keep": -1})
    return path


def test_bad_stored_settings_fall_back_and_are_logged_once(bad_practice, caplog):
    with caplog.at_level(logging.WARNING, logger="kapnotes"), open_practice(bad_practice) as p:
        s = p.settings()
        p.settings()
        assert (s.autosave_ms, s.lock_minutes, s.backup_keep) == (800, 10, 14)
        assert len(p.settings_warnings()) == 3
    logged = [r.getMessage() for r in caplog.records if "replaced by its default" in r.getMessage()]
    assert len(logged) == 3
    assert any("settings.autosave_ms" in line for line in logged)


def test_check_reports_the_replaced_settings(bad_practice, capsys):
    code = run(["--data-dir", str(bad_practice.parent), "check"])
    out = capsys.readouterr().out
    assert code == 0
    assert "warning: settings.lock_minutes: 1e+300 is out of range (0–240); the default 10" in out
    assert "warning: settings.backup_keep: -1 is out of range (1–365); the default 14" in out


def test_saving_settings_that_break_a_rule_is_refused(tmp_path):
    with open_practice(tmp_path / "p.kapnotes", create=True) as p:
        bad = PracticeSettings(backup_keep=-1)
        with pytest.raises(PracticeError, match="settings.backup_keep: -1 is out of range"):
            p.save_settings(bad)
        assert p.settings().backup_keep == 14
        assert p.audit_entries(action="change") == []
