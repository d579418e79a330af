"""Starting the desktop app: QApplication, error hook, theme, the practice, the main window."""

from __future__ import annotations

import hashlib
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from kapnotes import config
from kapnotes.store import Practice, PracticeError
from kapnotes.ui.common.errors import install_exception_hook
from kapnotes.ui.common.theme import SETTINGS_KEY as THEME_KEY
from kapnotes.ui.common.theme import apply_theme
from kapnotes.ui.common.wheel_guard import install_wheel_guard
from kapnotes.ui.documents.exports import record
from kapnotes.ui.security import NewPracticeDialog
from kapnotes.ui.window.main_window import MainWindow
from kapnotes.ui.window.practice_open import create_demo, explain, open_interactively

LAST_PATH_KEY = "app/last_practice_path"


def last_path_key(data_dir: Path) -> str:
    """The QSettings key of the last practice opened from one data folder (--data-dir apart)."""
    digest = hashlib.sha256(str(Path(data_dir).expanduser().resolve()).encode()).hexdigest()[:16]
    return f"{LAST_PATH_KEY}/{digest}"


log = logging.getLogger("kapnotes")


def make_application() -> QApplication:
    """The QApplication, named for QSettings; HiDPI scaling without rounding."""
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication(sys.argv[:1])
    app.setApplicationName(config.APP_NAME)
    app.setOrganizationName(config.APP_NAME)
    app.setApplicationDisplayName(config.APP_NAME)
    install_wheel_guard(app)  # no field anywhere changes under a stray wheel turn
    return app


def run_auto_backup(practice: Practice, data_dir: Path) -> None:
    """At most a daily backup on start; a failure is logged (type only), never fatal."""
    try:
        from kapnotes.store.backup import auto_backup
    except ImportError:
        return
    try:
        auto_backup(practice, config.backup_dir(data_dir), keep=practice.settings().backup_keep)
    except (PracticeError, OSError) as exc:
        log.warning("automatic backup failed: %s", type(exc).__name__)


def ask_next_step(parent: QWidget | None) -> str:
    """After a practice could not be opened: "open", "new" or "quit"."""
    box = QMessageBox(parent)
    box.setWindowTitle("KAPNotes")
    box.setText("No practice is open.")
    open_button = box.addButton("Open another practice…", QMessageBox.ButtonRole.AcceptRole)
    new_button = box.addButton("New practice…", QMessageBox.ButtonRole.ActionRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    return "open" if clicked is open_button else "new" if clicked is new_button else "quit"


def new_empty_practice(data_dir: Path, parent: QWidget | None) -> Practice | None:
    """A new empty practice, encrypted with the passphrase chosen in the dialog."""
    return NewPracticeDialog.ask(data_dir, parent)


def start_practice(data_dir: Path, qsettings: QSettings, *, no_demo: bool = False) -> Practice | None:  # fmt: skip
    """The practice to start with: the last one opened, else the data folder's (a demo is made
    on the very first start); None when the user gives up."""
    config.ensure_private_dir(data_dir)
    last = qsettings.value(last_path_key(data_dir), "")
    path = Path(last) if last and Path(last).exists() else config.database_path(data_dir)
    if not path.exists():
        if no_demo:
            return new_empty_practice(data_dir, None)
        try:
            return create_demo(path)
        except PracticeError as exc:
            explain(None, path, exc)
            return None
    practice = open_interactively(path, None, data_dir)
    while practice is None:
        step = ask_next_step(None)
        if step == "quit":
            return None
        if step == "new":
            practice = new_empty_practice(data_dir, None)
            continue
        from PySide6.QtWidgets import QFileDialog

        chosen, _f = QFileDialog.getOpenFileName(None, "Open practice", str(data_dir))
        if chosen:
            practice = open_interactively(Path(chosen), None, data_dir)
    return practice


def close_quietly(practice: Practice) -> None:
    """Close a practice that may already be closed (restore and encryption close it first)."""
    try:
        practice.close()
    except Exception as exc:  # noqa: BLE001 - a second close must never stop the app
        log.warning("closing a practice: %s", type(exc).__name__)


class AppController(QObject):
    """Owns the open practice and its window; swaps both when another practice is opened."""

    def __init__(self, data_dir: Path, qsettings: QSettings):
        super().__init__()
        self.data_dir = data_dir
        self.qsettings = qsettings
        self.window: MainWindow | None = None
        self.practice: Practice | None = None

    def show(self, practice: Practice) -> MainWindow:
        """Open a window on a practice; the previous window and practice are closed after."""
        old_window, old_practice = self.window, self.practice
        self.practice = practice
        if practice.path is not None:
            self.qsettings.setValue(last_path_key(self.data_dir), str(practice.path))
        record(practice, "open", detail="opened in the app")
        run_auto_backup(practice, self.data_dir)
        self.window = MainWindow(practice, self.data_dir, self.qsettings)
        self.window.practiceOpened.connect(self.show)
        self.window.show()
        if old_window is not None:
            old_window.close()
            old_window.deleteLater()
        if old_practice is not None and old_practice is not practice:
            close_quietly(old_practice)
        return self.window

    def shutdown(self) -> None:
        if self.practice is not None:
            close_quietly(self.practice)
            self.practice = None


def run_gui(args) -> int:
    """Start the app (`kapnotes` or `kapnotes gui`); returns the exit status."""
    os.umask(0o077)
    data_dir = Path(getattr(args, "data_dir", None) or config.default_data_dir())
    app = make_application()
    qsettings = QSettings()
    controller = AppController(data_dir, qsettings)
    hook = install_exception_hook(data_dir, parent=lambda: controller.window)
    apply_theme(app, str(qsettings.value(THEME_KEY, "light")))
    try:
        practice = start_practice(data_dir, qsettings, no_demo=bool(getattr(args, "no_demo", False)))  # fmt: skip
        if practice is None:
            return 1
        controller.show(practice)
        app.aboutToQuit.connect(controller.shutdown)
        return app.exec()
    finally:
        hook.uninstall()
