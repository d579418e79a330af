"""The main window against the bare libraries: start-up, opening a big client, a note, a search.

The start of the app (fresh processes, first paint, memory) is in bench_start.py. These rows
time the window's work on the running app against the bare store calls that load the same data.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPEAT = 3


def open_bench_practice(path: Path):
    """Open the bench practice: plain, or encrypted with the demo passphrase."""
    from kapnotes import config
    from kapnotes.store import WrongPassphrase, open_practice

    try:
        return open_practice(path)
    except WrongPassphrase:
        return open_practice(path, config.DEMO_PASSPHRASE)


def _best_ms(fn, app) -> float:
    best = float("inf")
    for _ in range(REPEAT):
        start = time.perf_counter()
        fn()
        app.processEvents()
        best = min(best, (time.perf_counter() - start) * 1000)
    return best


def rows(practice_path: Path) -> list[tuple[str, float, float | None, str]]:
    """(what, ours in ms, bare in ms, note) for bench/run.py."""
    import tempfile

    from PySide6.QtCore import QSettings

    from kapnotes.ui.app import make_application
    from kapnotes.ui.window.main_window import MainWindow

    practice_path = Path(practice_path)
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        ini = str(Path(tmp) / "bench.ini")
        app = make_application()
        practice = open_bench_practice(practice_path)
        try:
            sessions_total = practice.count("sessions")
            row = practice.db.execute(
                "SELECT client_id, count(*) FROM sessions GROUP BY client_id ORDER BY 2 DESC LIMIT 1"
            ).fetchone()
            if row is None:
                return out + [("UI", 0.0, None, "no sessions in the practice: run the demo first")]
            big_client, count = row
            other = next(c.id for c in practice.list_clients(include_archived=True) if c.id != big_client)  # fmt: skip
            from PySide6.QtWidgets import QMainWindow

            def build_ours():
                w = MainWindow(practice, Path(tmp), QSettings(ini, QSettings.Format.IniFormat))
                w.resize(1366, 768)
                w.show()
                app.processEvents()
                w.close()

            def build_bare():
                w = QMainWindow()
                w.resize(1366, 768)
                w.show()
                app.processEvents()
                w.close()

            out.append(("UI: main window built and shown, practice open", _best_ms(build_ours, app), _best_ms(build_bare, app), "in-process, no imports or file opening; bare = empty QMainWindow"))  # fmt: skip
            window = MainWindow(practice, Path(tmp), QSettings(ini, QSettings.Format.IniFormat))
            window.resize(1366, 768)
            window.show()
            app.processEvents()

            def open_big():
                window.select_client(other)
                window.select_client(big_client)

            def bare_big():
                practice.get_client(other)
                practice.list_sessions(client_id=other)
                practice.get_client(big_client)
                courses = practice.list_courses(big_client)
                summaries = practice.list_sessions(course_id=courses[-1].id) if courses else []
                if summaries:
                    practice.get_session(summaries[-1].id)

            out.append((f"UI: select a client with {count} sessions", _best_ms(open_big, app), _best_ms(bare_big, app), f"{sessions_total} sessions in the practice; bare = the same store loads"))  # fmt: skip
            summaries = practice.list_sessions(client_id=big_client)
            pair = [
                summaries[0].id,
                summaries[-1].id,
            ]  # alternate: a reload of the same note is free

            def open_in_editor():
                for sid in pair:
                    window.editor.load_session(sid)

            def bare_load():
                for sid in pair:
                    practice.get_session(sid)

            out.append(("UI: open a session in the editor (×2)", _best_ms(open_in_editor, app), _best_ms(bare_load, app), "two different notes; bare = practice.get_session"))  # fmt: skip
            dialog = window.session_commands.find()

            def search_box():
                dialog.query_edit.setText("mother")
                dialog.run_search()

            out.append(("UI: search from the search box", _best_ms(search_box, app), _best_ms(lambda: practice.search("mother"), app), f"{dialog.model.rowCount()} results; bare = practice.search"))  # fmt: skip
            window.close()
        finally:
            practice.close()
    return out


if __name__ == "__main__":
    for what, ours, bare, note in rows(Path(sys.argv[1])):
        ratio = f"{ours / bare:.2f}×" if bare else "—"
        print(f"{what:45} {ours:9.1f} ms  bare {bare or 0:9.1f} ms  {ratio:>7}  {note}")
