"""Fixtures for the security tests: encrypted practices."""

from __future__ import annotations

import pytest
from sec_helpers import PASSPHRASE

from kapnotes.store import open_practice


@pytest.fixture
def enc_path(tmp_path):
    return tmp_path / "enc.kapnotes"


@pytest.fixture
def enc_practice(enc_path):
    """A fresh encrypted practice."""
    p = open_practice(enc_path, PASSPHRASE, create=True, user="Dr A")
    yield p
    p.close()
