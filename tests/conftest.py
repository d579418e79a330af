"""Shared fixtures: every test gets its own practice in tmp_path, never the user's data."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from kapnotes.store import open_practice  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    """Point the default data folder at tmp_path so no test touches real data."""
    monkeypatch.setenv("KAPNOTES_DATA_DIR", str(tmp_path / "data"))
    yield


@pytest.fixture
def practice(tmp_path):
    """A fresh, empty practice on disk."""
    p = open_practice(tmp_path / "practice.kapnotes", create=True)
    yield p
    p.close()
