"""A killed editor process loses at most what was typed after the last autosave."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import date

from kapnotes.domain.records import Client, Course, Session
from kapnotes.store import open_practice

TYPIST = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from kapnotes.store import open_practice
    from kapnotes.ui.editor import SessionEditor

    app = QApplication([])
    practice = open_practice(sys.argv[1])
    editor = SessionEditor(practice)
    editor.resize(1200, 700)
    editor.show()
    editor.load_session(int(sys.argv[2]))
    note = editor.narrative.editors["Note"]
    note.setFocus()
    QTest.keyClicks(note, "Client described the meadow.")
    loop = QEventLoop()
    editor.saved.connect(loop.quit)
    QTimer.singleShot(20000, loop.quit)
    loop.exec()
    print("AUTOSAVED", flush=True)
    while True:  # keeps typing until killed
        QTest.keyClicks(note, " more")
        app.processEvents()
    """
)


def test_killing_the_process_keeps_the_text_up_to_the_last_autosave(tmp_path):
    path = tmp_path / "crash.kapnotes"
    with open_practice(path, create=True) as practice:
        client = Client(chart="C-1", name="Crash Test")
        practice.save_client(client)
        course = Course(client_id=client.id)
        practice.save_course(course)
        sid = practice.save_session(
            Session(client_id=client.id, course_id=course.id, date=date(2026, 11, 20))
        )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KAPNOTES_DATA_DIR=str(tmp_path / "data"))
    proc = subprocess.Popen(
        [sys.executable, "-c", TYPIST, str(path), str(sid)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        assert line.strip() == "AUTOSAVED"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    with open_practice(path) as practice:
        text = practice.get_session(sid).narrative["Note"]
    assert text.startswith("Client described the meadow.")
    rest = text[len("Client described the meadow.") :]
    assert rest == " more" * (len(rest) // 5)  # only whole autosaved states, nothing garbled
