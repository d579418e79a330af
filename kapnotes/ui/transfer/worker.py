"""Long exports and imports off the UI thread: a QObject worker on its own QThread.

The job is a plain function of a Practice (kapnotes.export.jobs / import_preview); the worker
gives it its own connection to the practice file (SQLite connections serve one thread at a
time), opened and closed on the worker thread, and reports progress as queued signals. Cancel
sets the job's Progress flag, which the job checks between chunks: it then raises
ExportCancelled and its temporary file is removed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from kapnotes.export.output import ExportCancelled, Progress
from kapnotes.store import stream

REPORT_EVERY_S = 0.05  # at most 20 progress signals a second, however fast the job runs


class JobWorker(QObject):
    """Runs job(practice, progress) on a second connection; emits done/failed/cancelled."""

    progressed = Signal(int, int)
    done = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(
        self,
        practice,
        job: Callable[[Any, Progress], Any],
        *,
        read_only: bool = True,
        errors: tuple[type[BaseException], ...] = (),
    ):
        super().__init__()
        self._practice = practice
        self._job = job
        self._read_only = read_only
        self._errors = errors
        self._last = 0.0
        self.progress = Progress(report=self._report)

    def _report(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last >= REPORT_EVERY_S or done >= total:
            self._last = now
            self.progressed.emit(done, total)

    def cancel(self) -> None:
        """Thread-safe: the job stops at its next progress step."""
        self.progress.cancel()

    @Slot()
    def run(self) -> None:
        second = None
        try:
            second = stream.open_second_connection(self._practice, read_only=self._read_only)
            if self._read_only and second is not self._practice:
                # One snapshot for the whole export, even while the window saves meanwhile.
                second.db.execute("BEGIN")
            result = self._job(second, self.progress)
        except ExportCancelled:
            self.cancelled.emit()
        except self._errors as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug must not leave the dialog waiting forever
            self.failed.emit(f"{type(exc).__name__}: the job stopped unexpectedly")
            raise
        else:
            self.done.emit(result)
        finally:
            if second is not None and second is not self._practice:
                second.close()


class JobRunner(QObject):
    """Owns a worker and its thread; speaks only on the UI thread.

    `progressed` relays the worker's figures; `ended(outcome, payload)` comes once the thread
    has really finished ("done" with the result, "failed" with the message, or "cancelled"),
    so nobody ever waits for a thread that still needs the interpreter.
    """

    progressed = Signal(int, int)
    ended = Signal(str, object)

    def __init__(self, practice, job, *, read_only: bool = True, errors=(), parent=None):
        super().__init__(parent)
        self._worker = JobWorker(practice, job, read_only=read_only, errors=errors)
        self._thread = QThread(self)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._outcome: tuple[str, object] = ("failed", "the job stopped unexpectedly")
        self._worker.progressed.connect(self.progressed)
        self._worker.done.connect(self._done)
        self._worker.failed.connect(self._failed)
        self._worker.cancelled.connect(self._cancelled)
        for signal in (self._worker.done, self._worker.failed, self._worker.cancelled):
            # QThread.quit is thread-safe: the thread's loop ends as soon as run() returns.
            signal.connect(self._thread.quit, Qt.ConnectionType.DirectConnection)
        self._thread.finished.connect(self._finished)
        self.running = False

    def start(self) -> None:
        self.running = True
        self._thread.start()

    def cancel(self) -> None:
        """Thread-safe request: the job stops at its next progress step."""
        self._worker.cancel()

    def _done(self, result) -> None:
        self._outcome = ("done", result)

    def _failed(self, message: str) -> None:
        self._outcome = ("failed", message)

    def _cancelled(self) -> None:
        self._outcome = ("cancelled", None)

    def _finished(self) -> None:
        self._thread.wait()  # already over: returns at once
        self.running = False
        self.ended.emit(*self._outcome)
