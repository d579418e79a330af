"""Starting the desktop app: QApplication, error hook, theme, the practice, the main window."""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from kapnotes import config
from kapnotes.store.errors import PracticeCorrupt, PracticeError
from kapnotes.ui.common.application import application
from kapnotes.ui.common.errors import install_exception_hook
from kapnotes.ui.common.theme import SETTINGS_KEY as THEME_KEY
from kapnotes.ui.common.theme import apply_theme
from kapnotes.ui.common.wheel_guard import install_wheel_guard
from kapnotes.ui.window.practice_open import (
    create_demo,
    explain,
    looks_encrypted,
    open_interactively,
)

if TYPE_CHECKING:
    from kapnotes.services import ServiceContext
    from kapnotes.store import Practice
    from kapnotes.ui.window.main_window import MainWindow

LAST_PATH_KEY = "app/last_practice_path"
# The window's contents load after its first paint; this is the latest they wait (a window
# that is never painted, e.g. started minimised, still gets its list).
FIRST_PAINT_FALLBACK_MS = 1000
INTEGRITY_POLL_MS = 20


def last_path_key(data_dir: Path) -> str:
    """The QSettings key of the last practice opened from one data folder (--data-dir apart)."""
    digest = hashlib.sha256(str(Path(data_dir).expanduser().resolve()).encode()).hexdigest()[:16]
    return f"{LAST_PATH_KEY}/{digest}"


log = logging.getLogger("kapnotes")


def make_application() -> QApplication:
    """The QApplication, named for QSettings; HiDPI scaling without rounding."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        # "kapnotes", not "__main__.py": the X11 window class that docks and the .desktop match.
        app = QApplication(["kapnotes"])
    app.setApplicationName(config.APP_NAME)
    app.setOrganizationName(config.APP_NAME)
    app.setApplicationDisplayName(config.APP_NAME)
    # The icon of every window, and the .desktop entry the Linux bundle installs (kapnotes.desktop)
    app.setDesktopFileName("kapnotes")
    app.setWindowIcon(QIcon(str(config.resource_path("icons/kapnotes.png"))))
    install_wheel_guard(app)  # no field anywhere changes under a stray wheel turn
    return app


def run_auto_backup(services: ServiceContext, data_dir: Path) -> None:
    """At most a daily backup on start; a failure is logged (type only), never fatal."""
    from kapnotes.services import practice as services_practice

    try:
        services_practice.auto_backup(services, config.backup_dir(data_dir))
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
    from kapnotes.ui.security import NewPracticeDialog

    return NewPracticeDialog.ask(data_dir, parent)


def start_path(data_dir: Path, qsettings: QSettings) -> Path:
    """The practice file to start with: the last one opened, else the data folder's."""
    config.ensure_private_dir(data_dir)
    last = str(qsettings.value(last_path_key(data_dir), "") or "")
    return Path(last) if last and Path(last).exists() else config.database_path(data_dir)


DEMO_MESSAGE = "Preparing a demo practice with fictional clients (a few seconds, this once)…"


def _with_message(text: str, work):
    """Run `work` with a small window saying what happens (the demo takes seconds to build
    at the very first start, before any other window)."""
    from PySide6.QtWidgets import QProgressDialog

    box = QProgressDialog(text, "", 0, 0)
    box.setCancelButton(None)  # nothing to cancel halfway
    box.setWindowTitle("KAPNotes")
    box.setMinimumDuration(0)
    box.show()
    for _ in range(3):  # shown and painted before the work holds the event loop
        QApplication.processEvents()
    try:
        return work()
    finally:
        box.close()
        box.deleteLater()


def start_practice(data_dir: Path, qsettings: QSettings, *, no_demo: bool = False) -> Practice | None:  # fmt: skip
    """The practice to start with: the last one opened, else the data folder's (a demo is made
    on the very first start); None when the user gives up."""
    path = start_path(data_dir, qsettings)
    if not path.exists():
        if no_demo:
            return new_empty_practice(data_dir, None)
        try:
            return _with_message(DEMO_MESSAGE, lambda: create_demo(path))
        except PracticeError as exc:
            explain(None, path, exc)
            return None
    return open_or_ask(path, data_dir)


def open_or_ask(path: Path, data_dir: Path, *, defer_check: bool = True) -> Practice | None:
    """Open a practice file (quick_check off the first paint), asking what next on failure."""
    practice = open_interactively(path, None, data_dir, defer_check=defer_check)
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


class FirstPaint(QObject):
    """Calls back once, just after a window's first paint (or the fallback delay)."""

    def __init__(self, window: QWidget, callback):
        super().__init__(window)
        self.callback = callback
        window.installEventFilter(self)
        QTimer.singleShot(FIRST_PAINT_FALLBACK_MS, self.fire)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint and self.callback is not None:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.fire)  # after this paint has reached the screen
        return False

    def fire(self) -> None:
        callback, self.callback = self.callback, None
        if callback is not None:
            callback()


class AppController(QObject):
    """Owns the open practice and its window; swaps both when another practice is opened."""

    def __init__(self, data_dir: Path, qsettings: QSettings):
        super().__init__()
        self.data_dir = data_dir
        self.qsettings = qsettings
        self.window: MainWindow | None = None
        self.practice: Practice | None = None
        self._taking_damage = False

    def show(self, practice: Practice, *, first_start: bool = False) -> MainWindow:
        """Open a window on a practice; the previous window and practice are closed after.

        At the first start the window is painted first, empty, and then filled; the audit
        entry, the daily backup and the welcome screen wait for the background quick_check.
        """
        old_window, old_practice = self.window, self.practice
        self.practice = practice
        if practice.path is not None:
            self.qsettings.setValue(last_path_key(self.data_dir), str(practice.path))
        # Imported here, after the unlock dialog: the dialog is painted before the window's code
        # is even loaded.
        from kapnotes.ui.window.main_window import MainWindow

        self.window = MainWindow(practice, self.data_dir, self.qsettings, load=not first_start)
        self.window.practiceOpened.connect(self.show)
        if first_start:
            FirstPaint(self.window, lambda w=self.window: self._fill(w))
        else:
            self._opened(practice)
        self.window.show()
        self.window.activateWindow()  # the keyboard goes to the window just signed in to
        if practice.leftover_report:  # files of a killed backup or encryption were removed
            self.window.statusBar().showMessage(practice.leftover_report, 30_000)
        if old_window is not None:
            old_window.close()
            old_window.deleteLater()
        if old_practice is not None and old_practice is not practice:
            close_quietly(old_practice)
        return self.window

    def show_frame(self, path: Path) -> MainWindow:
        """Start on a plain practice file: the window's frame is painted first (before the
        store is imported), then the practice opens into it and the window fills."""
        from kapnotes.ui.window.main_window import MainWindow

        self.window = MainWindow(None, self.data_dir, self.qsettings)
        self.window.practiceOpened.connect(self.show)
        FirstPaint(self.window, lambda w=self.window: self._open_into(w, path))
        self.window.show()
        return self.window

    def _open_into(self, window: MainWindow, path: Path) -> None:
        if window is not self.window:
            return  # replaced meanwhile
        practice = open_or_ask(path, self.data_dir)  # explains, and offers another, on failure
        if practice is None:
            self.window = None
            window.close()
            window.deleteLater()
            application().quit()
            return
        self.practice = practice
        if practice.path is not None:
            self.qsettings.setValue(last_path_key(self.data_dir), str(practice.path))
        window.attach(practice, load=False)
        if practice.leftover_report:  # files of a killed backup or encryption were removed
            window.statusBar().showMessage(practice.leftover_report, 30_000)
        self._fill(window)

    def _fill(self, window: MainWindow) -> None:
        if window is not self.window:
            return  # replaced meanwhile
        practice = window.practice
        practice.begin_integrity_check()  # on the other core while the window fills
        try:
            window.load_contents()
        except PracticeError as exc:
            # A damaged page can fail a read before quick_check has answered: its verdict
            # (or this error) decides, and the damaged-file path takes over.
            error = practice.integrity_error(wait=True) or exc
            if isinstance(error, PracticeCorrupt):
                self._damaged(practice, error)
                return
            explain(window, practice.path or Path("practice"), error)
        self._await_check(practice)

    def _await_check(self, practice: Practice) -> None:
        """Poll the background quick_check without blocking the window; then go on."""
        if self.practice is None or practice is not self.practice:
            return  # closed or replaced meanwhile
        if practice.integrity_pending:
            QTimer.singleShot(INTEGRITY_POLL_MS, lambda: self._await_check(practice))
            return
        error = practice.integrity_error()
        if error is not None:
            self._damaged(practice, error)
            return
        self._opened(practice)
        from kapnotes.ui.window.welcome import maybe_welcome

        if self.window is not None:  # set with the practice (and cleared with it)
            maybe_welcome(self.window, self.qsettings, self.data_dir, practice)

    def _opened(self, practice: Practice) -> None:
        """The practice is known healthy: audit the opening, then the daily backup."""
        from kapnotes.services import practice as services_practice

        services_practice.opened(practice, "opened in the app")
        if self.window is not None and self.window.practice is practice:
            run_auto_backup(self.window.services, self.data_dir)

    def take_damage(self, error: BaseException) -> bool:
        """A view's read found the open practice damaged (the background quick_check's
        verdict, raised from a slot): take the damaged-file path once, after that slot."""
        practice = self.practice
        if practice is None or practice.integrity_pending or practice.integrity_error() is None:
            return False  # not this practice's verdict: the generic dialog says it
        if not self._taking_damage:
            self._taking_damage = True
            QTimer.singleShot(0, lambda: self._take_damage(practice))
        return True

    def _take_damage(self, practice: Practice) -> None:
        self._taking_damage = False
        error = practice.integrity_error()
        if practice is self.practice and error is not None:
            self._damaged(practice, error)

    def _damaged(self, practice: Practice, error: Exception) -> None:
        """The background check found the file damaged (nothing was written to it): close it
        and take the usual path, which explains and offers the newest good backup."""
        log.warning("practice could not be opened: %s", type(error).__name__)
        app = application()
        quit_on_close = app.quitOnLastWindowClosed()
        app.setQuitOnLastWindowClosed(False)  # the window goes; the app stays for the dialogs
        window, self.window, self.practice = self.window, None, None
        try:
            if window is not None:
                window.close()
                window.deleteLater()
            close_quietly(practice)
            # Checked before opening this time: the damage is found again, explained, and the
            # newest good backup offered (never a second window on the damaged file).
            replacement = open_or_ask(practice.path, self.data_dir, defer_check=False) if practice.path else None  # fmt: skip
        finally:
            app.setQuitOnLastWindowClosed(quit_on_close)
        if replacement is None:
            app.quit()
            return
        self.show(replacement, first_start=True)

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
    hook.take(PracticeCorrupt, controller.take_damage)
    apply_theme(app, str(qsettings.value(THEME_KEY, "light")))
    try:
        path = start_path(data_dir, qsettings)
        if path.exists() and not looks_encrypted(path):
            controller.show_frame(path)  # a plain file opens without a dialog: paint first
        else:
            practice = start_practice(data_dir, qsettings, no_demo=bool(getattr(args, "no_demo", False)))  # fmt: skip
            if practice is None:
                return 1
            controller.show(practice, first_start=True)
        app.aboutToQuit.connect(controller.shutdown)
        return app.exec()
    finally:
        hook.uninstall()
