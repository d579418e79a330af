"""The wheel ships every sub-package and the resources, not only what a checkout happens to hold."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _declared() -> set[str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return set(data["tool"]["setuptools"]["packages"])


def test_every_package_of_the_source_tree_is_declared():
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "kapnotes").rglob("__init__.py")
    }
    missing = found - _declared()
    assert not missing, f"pyproject.toml does not ship: {', '.join(sorted(missing))}"


def test_resources_ship_as_package_data():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "kapnotes.resources" in _declared()
    assert data["tool"]["setuptools"]["package-dir"]["kapnotes.resources"] == "resources"
    patterns = data["tool"]["setuptools"]["package-data"]["kapnotes.resources"]
    for shipped in ("vocabularies.json", "fonts/DejaVuSans.ttf"):
        assert (ROOT / "resources" / shipped).exists()
    assert "*.json" in patterns and "fonts/*" in patterns
