"""The house rules that no single feature test would notice breaking.

- domain, store, export, services (and the command line) never import Qt: only kapnotes/ui does;
- KAPNotes never talks to a network: no module imports a networking library.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "kapnotes"
QT_FREE_LAYERS = ("domain", "store", "export", "services", "cli")
# `kapnotes gui` is the door to the window: it imports the ui, lazily, when it runs.
GUI_ENTRY = PACKAGE / "cli" / "gui_cmd.py"
NETWORK_MODULES = {
    "socket", "ssl", "http", "urllib", "urllib3", "requests", "httpx", "aiohttp", "ftplib",
    "smtplib", "telnetlib", "xmlrpc", "webbrowser", "PySide6.QtNetwork", "PySide6.QtWebEngineCore",
}  # fmt: skip


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _modules(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("layer", QT_FREE_LAYERS)
def test_a_layer_below_the_ui_never_imports_qt(layer):
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in _modules(PACKAGE / layer)
        if path != GUI_ENTRY
        for name in _imports(path)
        if name.split(".")[0] in ("PySide6", "shiboken6") or name.startswith("kapnotes.ui")
    ]
    assert not offenders, "Qt below the ui layer:\n" + "\n".join(offenders)


def test_importing_every_non_ui_module_loads_no_qt():
    names = [
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for layer in QT_FREE_LAYERS
        for path in _modules(PACKAGE / layer)
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"


def test_no_module_can_reach_a_network():
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in _modules(PACKAGE)
        for name in _imports(path)
        if any(name == m or name.startswith(m + ".") for m in NETWORK_MODULES)
    ]
    assert not offenders, "network libraries imported:\n" + "\n".join(offenders)
