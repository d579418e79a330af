"""Starting the app: first-start demo, files that cannot be opened, the unexpected-error hook."""

from __future__ import annotations

import argparse
import sys

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from kapnotes import config
from kapnotes.store import open_practice
from kapnotes.ui import app as app_module
from kapnotes.ui.common import errors
from kapnotes.ui.window.main_window import MainWindow
from kapnotes.ui.window.practice_open import open_interactively
from kapnotes.ui.window.welcome import SHOWN_KEY as WELCOME_KEY
from kapnotes.ui.window.welcome import WelcomeDialog

MARKER = "SECRET-NOTE-TEXT-4242 client said she wants to die"


@pytest.fixture
def shown_boxes(monkeypatch):
    """Every QMessageBox shown through exec(): its texts, instead of a blocking dialog."""
    shown: list[str] = []

    def fake_exec(box):
        shown.append(f"{box.windowTitle()}\n{box.text()}\n{box.informativeText()}")
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return shown


@pytest.mark.parametrize(
    "content",
    [b"this is a shopping list, not a practice\n" * 40, b"SQLite format 3\x00" + b"\xff" * 4000],
)
def test_a_file_that_cannot_be_opened_gets_a_reason_and_is_unchanged(
    qtbot, tmp_path, shown_boxes, content
):
    path = tmp_path / "broken.kapnotes"
    path.write_bytes(content)
    assert open_interactively(path, None, tmp_path, offer_backup=False) is None
    assert path.read_bytes() == content
    assert len(shown_boxes) == 1
    assert "could not be opened" in shown_boxes[0]
    assert "Traceback" not in shown_boxes[0]
    assert "Nothing was changed" in shown_boxes[0]


def test_start_gives_up_cleanly_when_the_user_quits(qtbot, tmp_path, shown_boxes, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    path = config.database_path(data)
    path.write_bytes(b"not a database at all" * 100)
    before = path.read_bytes()
    monkeypatch.setattr(app_module, "ask_next_step", lambda parent: "quit")
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert app_module.start_practice(data, settings) is None
    assert path.read_bytes() == before
    assert shown_boxes and "not a KAPNotes practice" in shown_boxes[0]


def test_first_start_builds_the_demo_practice(qtbot, tmp_path):
    data = tmp_path / "data"
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    practice = app_module.start_practice(data, settings)
    try:
        assert practice is not None
        assert practice.path == config.database_path(data)
        assert len(practice.list_clients()) >= 10
    finally:
        practice.close()


def test_run_gui_opens_the_window_and_remembers_the_practice(qtbot, tmp_path, monkeypatch):
    ini = tmp_path / "app.ini"
    monkeypatch.setattr(
        app_module, "QSettings", lambda: QSettings(str(ini), QSettings.Format.IniFormat)
    )
    shown = []

    def close_when_started():
        window = next((w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()), None)  # fmt: skip
        welcome = window.findChild(WelcomeDialog) if window is not None else None
        # The list loads after the first paint; the audit entry and the backup follow the
        # background quick_check; the first start explains where the data lives.
        if window is None or not window.contents_loaded or welcome is None:
            QTimer.singleShot(20, close_when_started)
            return
        shown.append((type(window).__name__, window.client_model.rowCount(), welcome.isVisible()))
        welcome.accept()
        window.close()  # the last window closed ends app.exec()

    QTimer.singleShot(0, close_when_started)
    args = argparse.Namespace(data_dir=tmp_path / "data", no_demo=False)
    assert app_module.run_gui(args) == 0
    assert shown == [("MainWindow", 12, True)]
    settings = QSettings(str(ini), QSettings.Format.IniFormat)
    stored = settings.value(app_module.last_path_key(tmp_path / "data"))
    assert stored == str(config.database_path(tmp_path / "data"))
    assert settings.value(WELCOME_KEY) in (True, "true")  # shown once, remembered
    assert len(list(config.backup_dir(tmp_path / "data").glob("*.kapnotes"))) == 1  # auto backup
    assert sys.excepthook is not None and not isinstance(sys.excepthook, errors.ExceptionHook)


def _raise_with_note_text():
    note = {"text": MARKER}
    raise ValueError(f"could not parse {note['text']}")


def test_unexpected_exception_is_logged_and_shown_without_note_text(qtbot, tmp_path, shown_boxes):
    hook = errors.install_exception_hook(tmp_path / "data")
    try:
        try:
            _raise_with_note_text()
        except ValueError:
            sys.excepthook(*sys.exc_info())
    finally:
        hook.uninstall()
        for handler in list(errors.logging.getLogger(errors.LOGGER_NAME).handlers):
            handler.close()
            errors.logging.getLogger(errors.LOGGER_NAME).removeHandler(handler)
    log_text = config.log_path(tmp_path / "data").read_text(encoding="utf-8")
    assert "ValueError" in log_text
    assert "_raise_with_note_text" in log_text  # the frames are there to debug with
    assert "SECRET-NOTE-TEXT" not in log_text
    assert len(shown_boxes) == 1
    assert "ValueError" in shown_boxes[0]
    assert "SECRET-NOTE-TEXT" not in shown_boxes[0]


def test_the_log_file_is_private(tmp_path):
    path = errors.setup_logging(tmp_path / "data")
    errors.logging.getLogger(errors.LOGGER_NAME).error("x")
    try:
        assert path.exists()
        assert (path.stat().st_mode & 0o077) == 0
    finally:
        for handler in list(errors.logging.getLogger(errors.LOGGER_NAME).handlers):
            handler.close()
            errors.logging.getLogger(errors.LOGGER_NAME).removeHandler(handler)


def test_an_encrypted_practice_asks_for_its_passphrase(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "secret.kapnotes"
    open_practice(path, "correct horse battery", create=True).close()
    asked = []

    class FakeUnlock:
        @staticmethod
        def ask(p, parent=None):
            asked.append(p)
            return open_practice(p, "correct horse battery")

    monkeypatch.setattr("kapnotes.ui.window.practice_open.UnlockDialog", FakeUnlock)
    practice = open_interactively(path, None, tmp_path)
    assert asked == [path]
    assert practice is not None
    practice.close()


def test_a_damaged_practice_can_be_replaced_by_its_backup(qtbot, tmp_path, monkeypatch):
    from kapnotes.domain.records import Client
    from kapnotes.store import PracticeCorrupt
    from kapnotes.store.backup import backup_now, list_backups

    data = tmp_path / "data"
    path = config.database_path(data)
    practice = open_practice(path, create=True)
    practice.save_client(Client(chart="K1", name="Kept Safe"))
    backup_now(practice, config.backup_dir(data))
    practice.close()
    raw = bytearray(path.read_bytes())
    raw[4096:] = b"\xa5" * (len(raw) - 4096)  # every page after the header page is garbage
    path.write_bytes(bytes(raw))
    with pytest.raises(PracticeCorrupt):
        open_practice(path).close()
    offered = []

    class FakeCorrupt:
        @staticmethod
        def ask(p, backup_dir, parent=None):
            offered.append(p)
            return list_backups(backup_dir)[0].path

    monkeypatch.setattr("kapnotes.ui.window.practice_open.CorruptPracticeDialog", FakeCorrupt)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    restored = open_interactively(path, None, data)
    assert offered == [path]
    assert restored is not None
    try:
        assert restored.find_client("K1").name == "Kept Safe"
        # Restored through the restore service, which audits it like the CLI and the dialog.
        [entry] = restored.audit_entries(action="restore")
        assert entry.detail.startswith("restored from practice-")
    finally:
        restored.close()
    kept = list(path.parent.glob("practice.kapnotes.before-restore-*"))
    assert kept and kept[0].read_bytes()[4096:4200] == b"\xa5" * 104  # the damaged file is kept


def test_no_demo_asks_for_a_new_empty_practice(qtbot, tmp_path, monkeypatch):
    data = tmp_path / "data"
    made = []

    class FakeNew:
        @staticmethod
        def ask(directory, parent=None):
            made.append(directory)
            return open_practice(directory / "clinic.kapnotes", create=True)

    monkeypatch.setattr("kapnotes.ui.security.NewPracticeDialog", FakeNew)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    practice = app_module.start_practice(data, settings, no_demo=True)
    try:
        assert made == [data]
        assert practice.list_clients() == []
        assert not config.database_path(data).exists()  # no demo was made
    finally:
        practice.close()
