"""Session > Sign, Delete draft, Live mode, File > Lock and switching practice, from the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from kapnotes.store import RecordNotFound, open_practice


def test_sign_from_the_menu_signs_as_the_chosen_clinician(qtbot, window, practice, filled, monkeypatch, press):  # fmt: skip
    from kapnotes.ui.editor import signing

    settings = practice.settings()
    monkeypatch.setattr(signing.SignDialog, "ask", classmethod(lambda cls, clinicians, parent=None: clinicians[1]))  # fmt: skip
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.select_client(filled["bob"])
    press(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    signed = practice.get_session(filled["bob_s1"])
    assert signed.is_signed
    assert (signed.signed_by, signed.signed_credentials) == (settings.clinicians[1].name, settings.clinicians[1].credentials)  # fmt: skip
    model = window.client_page.session_model
    assert model.index(model.row_of(filled["bob_s1"]), 6).data() == "signed"
    assert not window.menu_actions["sign"].isEnabled()
    assert not window.menu_actions["delete_draft"].isEnabled()


def test_delete_draft_asks_first(qtbot, window, practice, filled, monkeypatch):
    window.select_client(filled["bob"])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    assert not window.session_commands.delete_draft()
    assert practice.get_session(filled["bob_s1"])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert window.session_commands.delete_draft()
    with pytest.raises(RecordNotFound):
        practice.get_session(filled["bob_s1"])
    assert window.client_page.session_model.rowCount() == 0
    assert window.editor.session_id is None


def test_f9_opens_live_mode_on_the_selected_session(qtbot, window, filled, press):
    window.select_client(filled["bob"])
    press(window, Qt.Key.Key_F9)
    assert len(window.session_commands.live_views) == 1
    live = window.session_commands.live_views[0]
    assert live.isVisible()
    live.close()
    qtbot.waitUntil(lambda: not window.session_commands.live_views)
    assert window.editor.session_id == filled["bob_s1"]


def test_ctrl_l_saves_and_locks_the_window(qtbot, window, filled, monkeypatch, press):
    flushed = []
    monkeypatch.setattr(window.editor, "flush", lambda: flushed.append(True))
    window.select_client(filled["ada"])
    assert not window.menu_actions["export_rems"].isEnabled()
    press(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.lock_controller.is_locked
    assert flushed
    assert not window.menu_actions["new_session"].isEnabled()
    window.lock_controller.try_unlock("")  # a plain practice unlocks without a passphrase
    assert not window.lock_controller.is_locked
    assert window.menu_actions["new_session"].isEnabled()
    assert not window.menu_actions["export_rems"].isEnabled()  # no esketamine session selected


def test_opening_another_practice_swaps_the_window(qtbot, tmp_path, practice, filled, monkeypatch):
    from PySide6.QtCore import QSettings

    from kapnotes.ui.app import AppController

    other_path = tmp_path / "other.kapnotes"
    other = open_practice(other_path, create=True)
    other.close()
    controller = AppController(tmp_path / "data", QSettings(str(tmp_path / "a.ini"), QSettings.Format.IniFormat))  # fmt: skip
    first = controller.show(practice)
    qtbot.addWidget(first)
    monkeypatch.setattr(
        "kapnotes.ui.window.practice_commands.QFileDialog.getOpenFileName",
        lambda *a, **k: (str(other_path), ""),
    )
    first.practice_commands.open_practice()
    second = controller.window
    qtbot.addWidget(second)
    assert second is not first
    assert second.practice.path == other_path
    assert not first.isVisible()
    assert second.client_model.rowCount() == 0
    controller.shutdown()


def test_encrypt_this_practice_switches_to_the_encrypted_file(qtbot, tmp_path, filled, practice, monkeypatch):  # fmt: skip
    from PySide6.QtCore import QSettings

    from kapnotes.ui.app import AppController
    from kapnotes.ui.security.encrypt_dialog import EncryptPracticeDialog

    monkeypatch.setattr(EncryptPracticeDialog, "ask", classmethod(lambda cls, name, parent=None: "Tide pools & 7 lanterns"))  # fmt: skip
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    controller = AppController(tmp_path / "data", QSettings(str(tmp_path / "a.ini"), QSettings.Format.IniFormat))  # fmt: skip
    first = controller.show(practice)
    qtbot.addWidget(first)
    assert first.menu_actions["encrypt"].isEnabled()
    first.menu_actions["encrypt"].trigger()
    second = controller.window
    qtbot.addWidget(second)
    assert second is not first
    assert second.practice.is_encrypted
    assert not second.menu_actions["encrypt"].isEnabled()
    assert second.menu_actions["change_passphrase"].isEnabled()
    assert not practice.path.read_bytes().startswith(b"SQLite format 3")
    assert second.practice.get_client(filled["ada"]).name == "Ada Lovelace"
    assert second.practice.audit_entries(action="encrypt")  # as the CLI's `passphrase encrypt`
    controller.shutdown()


def test_restoring_a_backup_switches_to_the_restored_practice(qtbot, tmp_path, practice, filled, monkeypatch):  # fmt: skip
    from PySide6.QtCore import QSettings

    from kapnotes.ui.app import AppController

    restored_path = tmp_path / "restored.kapnotes"
    restored = open_practice(restored_path, create=True)

    class FakeBackupDialog:
        def __init__(self, p, backup_dir, parent=None):
            self.reopened_practice = restored
            self.practice_closed = True

        def exec(self):
            return 1

    monkeypatch.setattr("kapnotes.ui.security.BackupDialog", FakeBackupDialog)
    controller = AppController(tmp_path / "data", QSettings(str(tmp_path / "a.ini"), QSettings.Format.IniFormat))  # fmt: skip
    first = controller.show(practice)
    qtbot.addWidget(first)
    first.practice_commands.backup_restore()
    assert controller.window is not first
    qtbot.addWidget(controller.window)
    assert controller.window.practice is restored
    controller.shutdown()


def test_live_mode_and_the_editor_show_each_others_saves(qtbot, window, practice, filled):
    window.select_client(filled["bob"])
    live = window.session_commands.live_mode()
    with qtbot.waitActive(live):
        live.activateWindow()
    live.timeline_view.setFocus()
    qtbot.keyClick(live.timeline_view, Qt.Key.Key_1)  # the first quick effect, logged as mild
    qtbot.waitUntil(lambda: bool(practice.get_session(filled["bob_s1"]).effects))
    # The editor shows the live capture, so its next save cannot write back a stale copy.
    qtbot.waitUntil(lambda: bool(window.editor.session and window.editor.session.effects))
    window.editor.flush()
    assert practice.get_session(filled["bob_s1"]).effects
    live.close()


def test_closing_while_the_store_refuses_the_note_asks_and_keeps_the_text(qtbot, window, practice, filled, monkeypatch, press):  # fmt: skip
    from kapnotes.store import PracticeLocked

    window.open_session(filled["ada_s1"])
    note = window.editor.narrative.editors["Note"]

    def refuse(*_args, **_kwargs):
        raise PracticeLocked("The practice file is busy.")

    monkeypatch.setattr(practice, "save_draft", refuse)
    monkeypatch.setattr(practice, "save_session", refuse)
    note.setFocus()
    qtbot.keyClicks(note, " Typed while the disk was busy.")
    asked = []

    def answer(*args, **_kwargs):
        asked.append(args[2])
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "warning", answer)
    press(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert window.isVisible()
    assert asked and "busy" in asked[0] and "Typed while" not in asked[0]
    monkeypatch.undo()
    window.close()  # the store works again: saved on close
    assert "Typed while the disk was busy." in practice.get_session(filled["ada_s1"]).narrative["Note"]  # fmt: skip


def test_unsaved_edits_keep_their_client_and_row_in_view(qtbot, window, practice, filled, monkeypatch):  # fmt: skip
    from kapnotes.store import PracticeLocked

    window.open_session(filled["ada_s1"])

    def refuse(*_args, **_kwargs):
        raise PracticeLocked("The practice file is busy.")

    monkeypatch.setattr(practice, "save_draft", refuse)
    monkeypatch.setattr(practice, "save_session", refuse)
    note = window.editor.narrative.editors["Note"]
    note.setFocus()
    qtbot.keyClicks(note, "Not saved yet. ")
    view = window.client_page.session_view
    other = view.visualRect(view.model().index(window.client_page.session_model.row_of(filled["ada_s3"]), 0))  # fmt: skip
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=other.center())
    assert window.editor.session_id == filled["ada_s1"]
    assert window.current_session_id() == filled["ada_s1"]
    bob = window.client_proxy.mapFromSource(window.client_model.index(window.client_model.row_of(filled["bob"]), 0))  # fmt: skip
    qtbot.mouseClick(window.client_view.viewport(), Qt.MouseButton.LeftButton, pos=window.client_view.visualRect(bob).center())  # fmt: skip
    assert window.current_client_id() == filled["ada"]
    assert window.client_page.client.id == filled["ada"]
    assert window.editor.session_id == filled["ada_s1"]
    assert note.toPlainText().startswith("Not saved yet. ")
    monkeypatch.undo()  # the store works again: the kept text is saved on close
    window.close()
    assert practice.get_session(filled["ada_s1"]).narrative["Note"].startswith("Not saved yet. ")
