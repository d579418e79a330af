"""The first window is painted before its contents load and before quick_check has answered;
a file that check finds damaged is still refused before anything is written to it."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox
from shiboken6 import isValid

from kapnotes import config
from kapnotes.domain.records import Client
from kapnotes.store import open_practice
from kapnotes.store.backup import backup_now, list_backups
from kapnotes.ui.app import AppController
from kapnotes.ui.window.welcome import SHOWN_KEY


def _settings(tmp_path) -> QSettings:
    settings = QSettings(str(tmp_path / "app.ini"), QSettings.Format.IniFormat)
    settings.setValue(SHOWN_KEY, True)
    return settings


def _practice(path, n=300):
    practice = open_practice(path, create=True)
    for i in range(n):
        practice.save_client(Client(chart=f"C{i:04}", name=f"Client {i} " + "x" * 60))
    return practice


def _damaged(tmp_path):
    """A practice with a backup, then its last three pages overwritten: it opens (the damage
    is past the first pages) and the background quick_check finds it."""
    data = tmp_path / "data"
    path = config.database_path(data)
    practice = _practice(path)
    backup_now(practice, config.backup_dir(data))
    practice.close()
    raw = bytearray(path.read_bytes())
    raw[-3 * 4096 :] = b"\xa5" * (3 * 4096)
    path.write_bytes(bytes(raw))
    return data, path


def test_the_window_paints_first_then_fills_and_audits_the_opening(qtbot, tmp_path):
    data = tmp_path / "data"
    path = config.database_path(data)
    _practice(path, n=5).close()
    practice = open_practice(path, defer_check=True)
    controller = AppController(data, _settings(tmp_path))
    window = controller.show(practice, first_start=True)
    qtbot.addWidget(window)
    assert not window.contents_loaded and window.editor.session_id is None  # nothing loaded yet
    assert window.client_model.rowCount() == 0
    qtbot.waitUntil(lambda: window.contents_loaded, timeout=5000)
    assert window.client_model.rowCount() == 5
    qtbot.waitUntil(lambda: bool(practice.audit_entries(action="open")), timeout=5000)
    assert practice.integrity_error() is None
    assert list(config.backup_dir(data).glob("*.kapnotes"))  # the daily backup came after
    controller.shutdown()


def test_a_file_found_damaged_after_the_first_paint_offers_its_backup(qtbot, tmp_path, monkeypatch):  # fmt: skip
    data, path = _damaged(tmp_path)
    damaged = path.read_bytes()
    offered = []

    class FakeCorrupt:
        @staticmethod
        def ask(p, backup_dir, parent=None):
            offered.append(p)
            return list_backups(backup_dir)[0].path

    monkeypatch.setattr("kapnotes.ui.window.practice_open.CorruptPracticeDialog", FakeCorrupt)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    first = open_practice(path, defer_check=True)  # opens: the damage is past the first pages
    controller = AppController(data, _settings(tmp_path))
    window = controller.show(first, first_start=True)  # closed and deleted by the app itself
    qtbot.waitUntil(lambda: controller.window is not window and controller.window is not None, timeout=10000)  # fmt: skip
    qtbot.addWidget(controller.window)
    assert offered == [path]
    kept = list(path.parent.glob("practice.kapnotes.before-restore-*"))
    assert kept and kept[0].read_bytes() == damaged  # nothing was written to the damaged file
    restored = controller.practice
    qtbot.waitUntil(lambda: controller.window.contents_loaded, timeout=5000)
    assert restored.find_client("C0007").name.startswith("Client 7")
    assert QApplication.instance().quitOnLastWindowClosed()
    controller.shutdown()


def test_only_an_encrypted_looking_file_goes_straight_to_the_unlock_dialog(tmp_path):
    import os

    from kapnotes.ui.window.practice_open import looks_encrypted

    plain = tmp_path / "plain.kapnotes"
    open_practice(plain, create=True).close()
    encrypted = tmp_path / "enc.kapnotes"
    open_practice(encrypted, "a long passphrase", create=True).close()
    text = tmp_path / "list.kapnotes"
    text.write_text("shopping list\n" * 200)
    assert looks_encrypted(encrypted)
    assert not looks_encrypted(plain) and not looks_encrypted(text)
    assert not looks_encrypted(tmp_path / "missing.kapnotes") and not looks_encrypted(tmp_path)
    os.chmod(encrypted, 0o400)  # read-only: the store's own open explains why, not the dialog
    try:
        assert not looks_encrypted(encrypted) or os.geteuid() == 0
    finally:
        os.chmod(encrypted, 0o600)


def test_a_plain_practice_opens_into_a_frame_painted_before_it(qtbot, tmp_path):
    data = tmp_path / "data"
    path = config.database_path(data)
    _practice(path, n=5).close()
    settings = _settings(tmp_path)
    controller = AppController(data, settings)
    window = controller.show_frame(path)
    qtbot.addWidget(window)
    # The frame: laid out, nothing to act on yet (every action off until the practice opens).
    assert not window.attached and window.client_model.rowCount() == 0
    enabled = [n for n, a in window.menu_actions.actions.items() if a.isEnabled()]
    assert enabled == ["quit"]  # Ctrl+Q works from the first paint
    qtbot.waitUntil(lambda: window.contents_loaded, timeout=5000)
    assert window.attached and window.client_model.rowCount() == 5
    assert window.menu_actions["new_client"].isEnabled() and window.menu_actions["find"].isEnabled()
    assert window.splitter.widget(1) is window.client_page  # the page took the frame's place
    assert window.client_page.client is not None and window.editor_pane.is_built  # the first client
    practice = controller.practice
    qtbot.waitUntil(lambda: bool(practice.audit_entries(action="open")), timeout=5000)
    assert settings.value(app_module_key(data)) == str(path)
    controller.shutdown()


def test_a_plain_file_that_is_no_practice_closes_its_frame_with_the_reason(qtbot, tmp_path, monkeypatch):  # fmt: skip
    from kapnotes.ui import app as app_module

    data = tmp_path / "data"
    path = config.database_path(data)
    path.parent.mkdir(parents=True)
    path.write_text("shopping list\n" * 200)
    explained, quits = [], []
    monkeypatch.setattr("kapnotes.ui.window.practice_open.explain", lambda parent, p, exc: explained.append(str(exc)))  # fmt: skip
    monkeypatch.setattr(app_module, "ask_next_step", lambda parent: "quit")
    monkeypatch.setattr(QApplication.instance(), "quit", lambda: quits.append(True))
    controller = AppController(data, _settings(tmp_path))
    window = controller.show_frame(path)
    qtbot.waitUntil(lambda: bool(quits), timeout=5000)
    assert explained and controller.window is None and controller.practice is None
    assert not isValid(window) or not window.isVisible()  # closed (and deleted)
    assert path.read_text() == "shopping list\n" * 200  # nothing written to it


def app_module_key(data) -> str:
    from kapnotes.ui.app import last_path_key

    return last_path_key(data)


def test_a_read_that_meets_the_damage_takes_the_damaged_file_path_not_the_error_dialog(qtbot, tmp_path, monkeypatch):  # fmt: skip
    from PySide6.QtCore import QTimer

    from kapnotes.store.errors import PracticeCorrupt
    from kapnotes.ui.common import errors

    data, path = _damaged(tmp_path)
    offered, generic = [], []

    class FakeCorrupt:
        @staticmethod
        def ask(p, backup_dir, parent=None):
            offered.append(p)
            return None  # the user keeps the damaged file closed

    monkeypatch.setattr("kapnotes.ui.window.practice_open.CorruptPracticeDialog", FakeCorrupt)
    monkeypatch.setattr(errors, "show_error_dialog", lambda *a: generic.append(a))
    monkeypatch.setattr("kapnotes.ui.app.ask_next_step", lambda parent: "quit")
    monkeypatch.setattr(QApplication.instance(), "quit", lambda: None)
    first = open_practice(path, defer_check=True)
    first.begin_integrity_check()
    qtbot.waitUntil(lambda: not first.integrity_pending, timeout=10000)
    controller = AppController(data, _settings(tmp_path))
    hook = errors.install_exception_hook(data, parent=lambda: controller.window)
    hook.take(PracticeCorrupt, controller.take_damage)
    try:
        controller.practice = first  # a window's slot reads the practice and meets the verdict

        def read_in_a_slot():
            raise first.integrity_error()

        QTimer.singleShot(0, read_in_a_slot)
        qtbot.waitUntil(lambda: bool(offered), timeout=5000)
    finally:
        hook.uninstall()
    assert offered == [path] and generic == []
    assert controller.practice is None  # closed, and nothing written to it
