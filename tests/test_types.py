"""The type checker: mypy over kapnotes/services and kapnotes/ui is clean.

Its settings are in pyproject.toml ([tool.mypy]); the layers below (domain, store, export) are
read for their types but not reported on yet.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHECKED = ("kapnotes/services", "kapnotes/ui")


@pytest.mark.skipif(
    importlib.util.find_spec("mypy") is None,
    reason="mypy is not installed (pip install -e .[test])",
)
def test_mypy_is_clean():
    # mypy stops with an error on a path that does not exist, so only the existing ones.
    paths = [p for p in CHECKED if (ROOT / p).is_dir()]
    done = subprocess.run(
        [sys.executable, "-m", "mypy", *paths], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-1000:]
