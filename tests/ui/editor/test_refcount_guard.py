"""Thousands of void Qt calls (what typing a note makes) do not abort the process."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_many_void_qt_calls_after_importing_the_editor_do_not_abort(tmp_path):
    # In a child process: on PySide6 6.12 + Python 3.11 an unguarded run aborts with
    # "none_dealloc" long before 200,000 calls.
    script = textwrap.dedent(
        """
        import kapnotes.ui.editor
        from PySide6.QtCore import QObject
        from PySide6.QtWidgets import QApplication, QLabel
        app = QApplication([])
        label, probe = QLabel(), QObject()
        for _ in range(100_000):
            label.clear()
            probe.setObjectName("x")
        print("survived")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert done.stdout.strip() == "survived", done.stderr[-500:]
