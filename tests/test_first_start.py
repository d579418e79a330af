"""Starting like a desktop app: the missing-library check, a light first import, the data and
export folders (issue 17)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kapnotes import config, preflight
from kapnotes.cli import run

ROOT = Path(__file__).resolve().parents[1]


def _missing(*absent: str):
    return lambda soname: soname not in absent


def test_a_missing_xcb_library_is_named_by_its_debian_package():
    problem = preflight.gui_problem(environ={}, platform="linux", load=_missing("libxcb-icccm.so.4", "libxcb-keysyms.so.1"))  # fmt: skip
    assert problem is not None and "\n" not in problem
    assert "sudo apt install libxcb-icccm4 libxcb-keysyms1" in problem
    assert "libxcb-icccm.so.4" in problem and "libxcb-keysyms.so.1" in problem


def test_nothing_is_said_when_every_library_is_there_or_xcb_is_not_used():
    assert preflight.gui_problem(environ={"DISPLAY": ":0"}, platform="linux", load=lambda s: True) is None  # fmt: skip
    assert preflight.gui_problem(environ={"WAYLAND_DISPLAY": "wayland-0"}, platform="linux", load=lambda s: True) is None  # fmt: skip
    nothing = lambda s: False  # noqa: E731
    assert preflight.gui_problem(environ={"QT_QPA_PLATFORM": "offscreen"}, platform="linux", load=nothing) is None  # fmt: skip
    assert preflight.gui_problem(environ={}, platform="win32", load=nothing) is None
    assert preflight.gui_problem(environ={"QT_QPA_PLATFORM": "xcb"}, platform="linux", load=nothing)


def test_no_display_is_said_in_one_line_once_the_libraries_are_there():
    problem = preflight.gui_problem(environ={}, platform="linux", load=lambda s: True)
    assert problem is not None and "no display" in problem and "DISPLAY" in problem
    assert "\n" not in problem
    # Missing libraries come first: the display is the next thing to fix.
    missing = preflight.gui_problem(environ={}, platform="linux", load=_missing("libxcb-icccm.so.4"))  # fmt: skip
    assert missing is not None and "libxcb-icccm4" in missing


def test_every_library_of_the_xcb_platform_plugin_is_listed():
    # What ldd shows for PySide6's libqxcb.so on the machine that runs the tests: each system
    # library it needs from outside the wheel must be in the table (with its package).
    import PySide6

    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    if not plugin.exists() or not sys.platform.startswith("linux"):
        pytest.skip("no xcb plugin here")
    out = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=True).stdout
    needed = {
        line.split()[0] for line in out.splitlines() if "=>" in line and "PySide6" not in line
    }
    wanted = {n for n in needed if n.startswith(("libxcb", "libX11", "libxkb"))}
    assert wanted <= set(preflight.XCB_LIBRARIES), sorted(wanted - set(preflight.XCB_LIBRARIES))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the X11 check is for Linux")
def test_the_window_command_stops_with_one_line_naming_the_package(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    # The lookup faked: this machine has the library, a fresh Debian install may not.
    monkeypatch.setattr(preflight, "loadable", _missing("libxcb-cursor.so.0"))
    assert run(["--data-dir", str(tmp_path / "data")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert err.startswith("kapnotes: the window cannot start") and "libxcb-cursor0" in err
    assert not (tmp_path / "data").exists()  # stopped before anything was made


def test_the_real_lookup_finds_a_library_that_is_there_and_not_one_that_is_not():
    assert preflight.loadable("libc.so.6")
    assert not preflight.loadable("libkapnotes-no-such-library.so.9")


def test_importing_the_main_window_loads_no_pdf_or_chart_code():
    code = (
        "import sys, kapnotes.ui.app, kapnotes.ui.window.main_window\n"
        "bad = [m for m in sys.modules if m.split('.')[0] == 'reportlab'\n"
        "       or m.startswith(('kapnotes.export.session_pdf', 'kapnotes.export.course_pdf',\n"
        "                        'kapnotes.export.fonts', 'kapnotes.ui.progress.charts',\n"
        "                        'kapnotes.ui.live', 'kapnotes.ui.documents.pdf_preview',\n"
        "                        'kapnotes.ui.security.audit_viewer',\n"
        "                        'kapnotes.ui.security.change_passphrase'))]\n"
        "print(' '.join(sorted(bad)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)  # fmt: skip
    assert out.stdout.strip() == ""


def test_the_unlock_dialog_is_imported_without_the_store_behind_it():
    code = (
        "import sys, kapnotes.ui.app, kapnotes.ui.window.practice_open\n"
        "from kapnotes.ui.security.unlock_dialog import UnlockDialog\n"
        "print(' '.join(m for m in ('sqlite_utils', 'kapnotes.store.practice') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)  # fmt: skip
    assert out.stdout.strip() == ""


def test_the_main_window_frame_is_built_without_the_store():
    # A plain practice: the frame is painted first, the store (sqlite-utils, SQLCipher, the
    # services) loads when the practice opens into it.
    code = (
        "import sys, tempfile\n"
        "from PySide6.QtCore import QSettings\n"
        "from kapnotes.ui.app import make_application\n"
        "from kapnotes.ui.window.main_window import MainWindow\n"
        "app = make_application()\n"
        "tmp = tempfile.mkdtemp()\n"
        "w = MainWindow(None, tmp, QSettings(tmp + '/s.ini', QSettings.Format.IniFormat))\n"
        "w.show(); app.processEvents()\n"
        "print(' '.join(m for m in ('sqlite_utils', 'kapnotes.store.practice',\n"
        "               'kapnotes.services', 'kapnotes.ui.editor.editor') if m in sys.modules))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT, env=env)  # fmt: skip
    assert out.stdout.strip() == ""


def test_exports_are_offered_in_the_documents_folder(monkeypatch, tmp_path):
    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr("platformdirs.user_documents_dir", lambda: str(documents))
    assert config.default_export_dir() == documents
    monkeypatch.setattr("platformdirs.user_documents_dir", lambda: str(tmp_path / "none"))
    assert config.default_export_dir() == Path.home()


def test_the_desktop_entry_runs_the_bundle_with_its_icon(tmp_path):
    text = (ROOT / "packaging" / "linux" / "kapnotes.desktop").read_text()
    entry = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
    assert text.startswith("[Desktop Entry]")
    assert entry["Type"] == "Application" and entry["Name"] == "KAPNotes"
    assert entry["Exec"] == '"@APPDIR@/kapnotes"'  # the app takes no file argument
    assert entry["Icon"] == "@APPDIR@/kapnotes.png"
    assert (ROOT / "resources" / "icons" / "kapnotes.png").exists()
    validate = shutil.which("desktop-file-validate")  # desktop-file-utils, where installed
    if validate:
        installed = tmp_path / "kapnotes.desktop"
        installed.write_text(text.replace("@APPDIR@", "/opt/KAPNotes"))
        result = subprocess.run([validate, str(installed)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_bundle_build_names_the_missing_tools_in_one_line(monkeypatch):
    import importlib.util

    spec = importlib.util.spec_from_file_location("kapnotes_build_tools", ROOT / "packaging" / "build.py")  # fmt: skip
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    monkeypatch.setattr(build.sys, "platform", "linux")
    monkeypatch.setattr(build.shutil, "which", lambda name: None)
    monkeypatch.setattr(build, "_loadable", lambda soname: False)
    monkeypatch.setattr(build.sysconfig, "get_config_var", {"LIBDIR": "/nowhere", "INSTSONAME": "libpython3.11.so.1.0"}.get)  # fmt: skip
    problem = build.missing_tools()
    assert problem is not None and "\n" not in problem
    assert "objdump" in problem and "sudo apt install binutils libpython3.11" in problem
