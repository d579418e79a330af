"""Fixtures for the security UI: encrypted practices in tmp_path, fast throttles, no store sleeps."""

from __future__ import annotations

import pytest
from security_helpers import MARKER, PASSPHRASE, NotesWindow

from kapnotes.domain.records import Client
from kapnotes.store import crypto, open_practice
from kapnotes.ui.security.throttle import FailureThrottle


@pytest.fixture(autouse=True)
def _store_does_not_sleep(monkeypatch):
    """The store waits after repeated wrong passphrases; these tests check the UI's own wait."""
    monkeypatch.setattr(crypto, "sleep", lambda _seconds: None)


@pytest.fixture
def fast_throttle():
    """The real throttle with millisecond waits: 3 free failures, then 60 ms doubling to 200."""
    return FailureThrottle(free=3, first_ms=60, max_ms=200, tick_ms=20)


@pytest.fixture
def encrypted_path(tmp_path):
    """An encrypted practice file (closed) named Riverside KAP with one client."""
    path = tmp_path / "clinic.kapnotes"
    practice = open_practice(path, PASSPHRASE, create=True)
    settings = practice.settings()
    settings.practice_name = "Riverside KAP"
    practice.save_settings(settings)
    practice.save_client(Client(name=MARKER, chart="C-001"))
    practice.close()
    return path


@pytest.fixture
def encrypted_practice(encrypted_path):
    practice = open_practice(encrypted_path, PASSPHRASE)
    yield practice
    practice.close()


@pytest.fixture
def notes_window(qtbot):
    window = NotesWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window
