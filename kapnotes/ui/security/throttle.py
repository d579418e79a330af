"""Slowing down repeated wrong passphrases without ever blocking the GUI thread."""

from __future__ import annotations

import math

from PySide6.QtCore import QObject, Qt, QTimer, Signal


class FailureThrottle(QObject):
    """Counts failures; from the `free`-th on, makes the caller wait first_ms, doubling to max_ms.

    The wait is a single-shot QTimer (the window keeps repainting), with a once-a-second tick for
    a countdown. Tests pass tiny intervals instead of waiting seconds.
    """

    waitStarted = Signal(int)  # milliseconds to wait
    tick = Signal(int)  # whole seconds left
    released = Signal()

    def __init__(
        self,
        free: int = 3,
        first_ms: int = 2000,
        max_ms: int = 30000,
        tick_ms: int = 1000,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.free = free
        self.first_ms = first_ms
        self.max_ms = max_ms
        self.failures = 0
        self._release = QTimer(self)
        self._release.setSingleShot(True)
        self._release.setTimerType(Qt.TimerType.PreciseTimer)  # the countdown shows exact seconds
        self._release.timeout.connect(self._on_release)
        self._tick = QTimer(self)
        self._tick.setInterval(tick_ms)
        self._tick.timeout.connect(lambda: self.tick.emit(self.seconds_left()))

    def delay_for(self, failures: int) -> int:
        """The wait after this many failures: 0 before `free`, then first_ms doubling to max_ms."""
        if failures < self.free:
            return 0
        return min(self.first_ms * 2 ** (failures - self.free), self.max_ms)

    def record_failure(self) -> int:
        """Count one failure and start the wait it earns; returns the wait in ms (0: none)."""
        self.failures += 1
        delay = self.delay_for(self.failures)
        if delay > 0:
            self._release.start(delay)
            self._tick.start()
            self.waitStarted.emit(delay)
        return delay

    @property
    def waiting(self) -> bool:
        return self._release.isActive()

    def seconds_left(self) -> int:
        """Whole seconds until the next attempt is allowed (0 when not waiting)."""
        if not self._release.isActive():
            return 0
        return max(1, math.ceil(self._release.remainingTime() / 1000))

    def reset(self) -> None:
        """Forget the failures (after a success) and end any wait."""
        self.failures = 0
        if self._release.isActive():
            self._release.stop()
            self._on_release()

    def _on_release(self) -> None:
        self._tick.stop()
        self.released.emit()
