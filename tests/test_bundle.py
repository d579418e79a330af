"""The bundled app on every CI run: PyInstaller builds dist/KAPNotes (packaging/), then the
bundle's own executable prints its version, makes a demo practice, checks it, and shows the
window offscreen for 5 s without a traceback.

The build (about 40 s here) is reused between runs only when nothing that goes into it changed:
packaging/build.py keys it on a SHA-256 of packaging/, pyproject.toml, kapnotes/, resources/
and the installed library versions.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [
    pytest.mark.bundle,
    pytest.mark.timeout(1200),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the bundle is built on Linux"),
]
# The first start builds the demo practice (about 6 s here: users' Argon2 keys, signed notes,
# the ledger) before its window shows; the window then stays up for at least 5 s.
GUI_SECONDS = 14


def _build_module():
    spec = importlib.util.spec_from_file_location("kapnotes_bundle_build", ROOT / "packaging" / "build.py")  # fmt: skip
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bundle() -> Path:
    app = _build_module().cached_bundle(log=lambda line: print(line, file=sys.stderr))
    return app / "kapnotes"


def _env(**extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KAPNOTES_", "PYTHON"))}
    env.update(QT_QPA_PLATFORM="offscreen", **extra)
    return env


def _run(exe: Path, *args: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run([str(exe), *args], env=_env(**env), capture_output=True, text=True, timeout=120)  # fmt: skip


def test_the_bundle_holds_what_the_app_needs_and_nothing_big_it_does_not(bundle):
    internal = bundle.parent / "_internal"
    names = {p.name for p in internal.rglob("*")}
    for needed in ("libQt6Pdf.so.6", "libQt6PrintSupport.so.6", "libqxcb.so", "libqsvgicon.so",
                   "DejaVuSans.ttf", "LICENSE-DejaVu.txt", "NOTICES.md", "vocabularies.json"):  # fmt: skip
        assert needed in names, needed
    assert list(internal.glob("sqlcipher3/_sqlite3*.so")), "sqlcipher3 (SQLCipher) is missing"
    for unwanted in ("libQt6WebEngineCore.so.6", "libQt6Qml.so.6", "libQt6Quick.so.6"):
        assert unwanted not in names, unwanted
    size = sum(p.stat().st_size for p in bundle.parent.rglob("*") if p.is_file() and not p.is_symlink())  # fmt: skip
    assert size < 250e6, f"{size / 1e6:.0f} MB unpacked"


def test_the_bundle_prints_its_version(bundle):
    from kapnotes import __version__

    result = _run(bundle, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"KAPNotes {__version__}"


def test_the_bundle_makes_and_checks_a_demo_practice(bundle, tmp_path):
    data = tmp_path / "demo"
    made = _run(bundle, "--data-dir", str(data), "demo")
    assert made.returncode == 0, made.stderr
    assert (data / "practice.kapnotes").exists()
    checked = _run(bundle, "--data-dir", str(data), "check", KAPNOTES_PASSPHRASE="kapnotes-demo")
    assert checked.returncode == 0, checked.stderr
    assert "ok (schema" in checked.stdout and "encrypted" in checked.stdout
    pdf = tmp_path / "note.pdf"
    exported = _run(bundle, "--data-dir", str(data), "export", "pdf", "session", "1", "-o", str(pdf), KAPNOTES_PASSPHRASE="kapnotes-demo")  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    assert pdf.read_bytes().startswith(b"%PDF")


def test_the_bundle_shows_the_window_for_five_seconds_without_a_traceback(bundle, tmp_path):
    data = tmp_path / "gui"
    env = _env(XDG_CONFIG_HOME=str(tmp_path / "config"))
    with subprocess.Popen([str(bundle), "--data-dir", str(data)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:  # fmt: skip
        try:
            out, err = proc.communicate(timeout=GUI_SECONDS)
            pytest.fail(f"the app ended after less than {GUI_SECONDS} s ({proc.returncode}): {err}")
        except subprocess.TimeoutExpired:
            proc.terminate()
            out, err = proc.communicate(timeout=30)
    assert "Traceback" not in out + err, err
    assert not (data / "kapnotes.log").exists() or "Traceback" not in (data / "kapnotes.log").read_text()  # fmt: skip
    # The window opened the practice it made on this first start: its audit trail says so.
    trail = _run(bundle, "--data-dir", str(data), "audit", "list", "--action", "open", KAPNOTES_PASSPHRASE="kapnotes-demo")  # fmt: skip
    assert trail.returncode == 0, trail.stderr
    assert "opened in the app" in trail.stdout
    checked = _run(bundle, "--data-dir", str(data), "check", KAPNOTES_PASSPHRASE="kapnotes-demo")
    assert checked.returncode == 0, checked.stderr
