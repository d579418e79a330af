"""Shared fixtures: every test gets its own practice in tmp_path, never the user's data."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from kapnotes.store import crypto, keyslots, open_practice  # noqa: E402

# Argon2id at its real cost (~0.5 s) for every practice a test opens would take minutes; the
# parameters are recorded in each slot, so practices made here open cheaply everywhere, and
# tests/store/test_accounts.py checks the real defaults (keyslots.DEFAULT_KDF_PARAMS).
keyslots.KDF_PARAMS.update(time_cost=1, memory_cost=8192, parallelism=1)

TEST_PASSPHRASE = "test passphrase"


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    """Point the default data folder at tmp_path so no test touches real data."""
    monkeypatch.setenv("KAPNOTES_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("KAPNOTES_PASSPHRASE", raising=False)
    monkeypatch.delenv("KAPNOTES_NEW_PASSPHRASE", raising=False)
    yield


@pytest.fixture(autouse=True)
def _no_wrong_passphrase_sleep(monkeypatch):
    """The store pauses after repeated wrong passphrases; tests count the pauses, never wait.

    (tests/security/test_encryption.py checks the schedule by replacing crypto.sleep itself.)
    """
    monkeypatch.setattr(crypto, "sleep", lambda seconds: None)
    yield
    crypto._failures.clear()


@pytest.fixture
def practice(tmp_path):
    """A fresh, empty practice on disk."""
    p = open_practice(tmp_path / "practice.kapnotes", create=True)
    yield p
    p.close()


@pytest.fixture
def encrypted_practice(tmp_path):
    """A fresh, empty encrypted practice on disk (passphrase: TEST_PASSPHRASE)."""
    p = open_practice(tmp_path / "encrypted.kapnotes", TEST_PASSPHRASE, create=True)
    yield p
    p.close()
