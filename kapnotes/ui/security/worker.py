"""Running a passphrase check off the GUI thread.

Opening an encrypted practice derives the key (PBKDF2, 256 000 rounds) and, after repeated
wrong passphrases, the store itself waits before answering: both would freeze the window if
they ran on the GUI thread, so the dialogs hand them to a pool thread and get the answer back
as a queued signal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    finished = Signal(object, object)  # result, exception (one of them is None)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay):
        super().__init__()
        self.work = work
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:  # noqa: BLE001 - handed to the GUI thread, which decides
            self.relay.finished.emit(None, exc)
            return
        self.relay.finished.emit(result, None)


class BackgroundCall(QObject):
    """One call at a time on a pool thread; `finished(result, exception)` in the GUI thread."""

    finished = Signal(object, object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._relay = _Relay(self)
        self._relay.finished.connect(self._done)
        self.busy = False

    def start(self, work: Callable[[], Any]) -> None:
        """Run work() on a pool thread; ignored while a call is still running."""
        if self.busy:
            return
        self.busy = True
        self._job = _Job(work, self._relay)
        self._job.setAutoDelete(False)
        QThreadPool.globalInstance().start(self._job)

    def _done(self, result: object, error: object) -> None:
        self.busy = False
        self.finished.emit(result, error)
