"""The editor inside a window that has its own Session > Sign action (as the main window does)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow

from kapnotes.ui.editor import SessionEditor, signing


def test_ctrl_shift_s_while_typing_signs_through_the_window_menu(qtbot, practice, clinic, monkeypatch):  # fmt: skip
    monkeypatch.setattr(signing.SignDialog, "ask", staticmethod(lambda clinicians, parent=None: clinicians[0]))  # fmt: skip
    window = QMainWindow()
    qtbot.addWidget(window)
    editor = SessionEditor(practice)
    window.setCentralWidget(editor)
    menu = window.menuBar().addMenu("&Session")
    sign = QAction("&Sign note…", window)
    sign.setShortcut(QKeySequence("Ctrl+Shift+S"))
    sign.triggered.connect(editor.request_sign)
    menu.addAction(sign)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    editor.load_session(clinic["session_id"])
    note = editor.narrative.editors["Note"]
    note.setFocus()
    qtbot.keyClicks(note, "Typed just before signing.")
    qtbot.keyClick(
        QApplication.focusWidget(),
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    signed = practice.get_session(clinic["session_id"])
    assert signed.is_signed
    assert signed.narrative == {"Note": "Typed just before signing."}


def test_the_editor_alone_keeps_its_own_sign_shortcut(editor):
    assert editor.sign_action.shortcut() == QKeySequence("Ctrl+Shift+S")
