"""Fixtures of the PDF tests; the records themselves are built in pdf_records.py."""

from __future__ import annotations

import pytest
from pdf_records import make_settings

from kapnotes.domain.settings import PracticeSettings


@pytest.fixture
def settings() -> PracticeSettings:
    return make_settings()
