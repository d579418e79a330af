"""Shared values and a stand-in main window for the security UI tests."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QMainWindow, QVBoxLayout, QWidget

PASSPHRASE = "tulip harbour lantern 42"
MARKER = "Marker Clientname"


class NotesWindow(QMainWindow):
    """A stand-in main window: a client name and a note field in the centre, a menu with Quit."""

    def __init__(self):
        super().__init__()
        self.setWindowTitle(f"KAPNotes — {MARKER}")
        centre = QWidget(self)
        self.client_label = QLabel(MARKER, centre)
        self.note = QLineEdit(centre)
        layout = QVBoxLayout(centre)
        layout.addWidget(self.client_label)
        layout.addWidget(self.note)
        layout.addStretch(1)  # the name stays a small line at the top
        self.setCentralWidget(centre)
        menu = self.menuBar().addMenu("&File")
        self.new_action = menu.addAction("New session")
        self.lock_action = menu.addAction("Lock")
        self.lock_action.setShortcut("Ctrl+L")
        self.quit_action = menu.addAction("Quit")
        self.quit_action.setShortcut("Ctrl+Q")
        self.toolbar = self.addToolBar("Main")
        self.toolbar.addAction(self.new_action)
        self.statusBar().showMessage(f"Saved — {MARKER}")
        self.resize(640, 420)
