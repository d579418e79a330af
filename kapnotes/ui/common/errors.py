"""Unexpected exceptions: a plain dialog and a log entry, never note text in either.

An exception message can carry whatever was being processed (a note, a client's name), so
neither the log nor the dialog shows it: only the exception's type and the code frames.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from kapnotes import config

LOGGER_NAME = "kapnotes"
GENERIC_MESSAGE = (
    "Something unexpected went wrong. Your notes are saved as you type, so nothing typed up to "
    "the last pause is lost.\n\nThe technical details (without any note text) were written to "
    "the log file:\n{log}"
)


def setup_logging(data_dir: Path) -> Path:
    """Log warnings and errors to the data folder's log file (created private)."""
    config.ensure_private_dir(data_dir)
    path = config.log_path(data_dir)
    logger = logging.getLogger(LOGGER_NAME)
    for handler in list(logger.handlers):
        if isinstance(handler, logging.FileHandler) and Path(handler.baseFilename) == path:
            return path
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return path


def describe(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    """The exception's type and its code frames (file, line, function) — no message, no locals."""
    lines = [f"Unexpected {exc_type.__module__}.{exc_type.__qualname__}"]
    for frame in traceback.extract_tb(tb):
        # The frame's source line is program code, never data; the message is left out.
        lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
    return "\n".join(lines)


def show_error_dialog(parent: QWidget | None, exc_type: type[BaseException], log: Path) -> None:
    """A generic message plus the exception's type name."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("Unexpected error — KAPNotes")
    box.setText(GENERIC_MESSAGE.format(log=log))
    box.setInformativeText(f"Error type: {exc_type.__name__}")
    box.exec()


class ExceptionHook:
    """sys.excepthook replacement: log the frames, then show the dialog (once at a time)."""

    def __init__(self, data_dir: Path, parent: Callable[[], QWidget | None] = lambda: None):
        self.log = setup_logging(data_dir)
        self._parent = parent
        self._showing = False
        self._previous = sys.excepthook
        self._takers: list[tuple[type[BaseException], Callable[[BaseException], bool]]] = []

    def take(self, kind: type[BaseException], taker: Callable[[BaseException], bool]) -> None:
        """Errors of `kind` that reach the hook go to `taker` first (a damaged practice found
        by the background check while a view was reading it: the app's damaged-file path, not
        the generic dialog); it returns False to leave one to the dialog."""
        self._takers.append((kind, taker))

    def install(self) -> ExceptionHook:
        sys.excepthook = self
        return self

    def uninstall(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self._previous

    def __call__(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        for kind, taker in self._takers:
            if issubclass(exc_type, kind) and taker(exc):
                logging.getLogger(LOGGER_NAME).warning("taken by the app: %s", exc_type.__name__)
                return
        logging.getLogger(LOGGER_NAME).error(describe(exc_type, tb))
        if self._showing or QApplication.instance() is None:
            return  # an error inside the dialog itself must not stack dialogs
        self._showing = True
        try:
            show_error_dialog(self._parent(), exc_type, self.log)
        finally:
            self._showing = False


def install_exception_hook(
    data_dir: Path, parent: Callable[[], QWidget | None] = lambda: None
) -> ExceptionHook:
    """Install the hook for the running app; returns it (so tests can uninstall it)."""
    return ExceptionHook(data_dir, parent).install()
