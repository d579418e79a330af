"""The running QApplication, typed as one (Qt's instance() only promises a QCoreApplication)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication


def application() -> QApplication:
    """The QApplication every KAPNotes widget lives in."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        # Widgets cannot exist before a QApplication: reaching this is a programming error.
        raise RuntimeError("KAPNotes needs a QApplication to be created first")
    return app
