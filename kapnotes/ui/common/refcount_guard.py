"""Guard against PySide6 6.12's reference-count bug on Python 3.11.

PySide6 6.12.0 releases one reference to None (and True/False) too many on calls that
return nothing, e.g. QTimer.stop() or QLabel.clear(). Python 3.12+ has immortal singletons
and is unaffected; on 3.11 the count reaches zero after a few thousand calls and the process
aborts ("none_dealloc") - typing in a note is enough. When the bug is detected, the
singletons get the same huge reference count that 3.12 gives them (PEP 683), which no
realistic session can use up.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject

IMMORTAL_REFS = 1 << 40
_SINGLETONS = (None, True, False)


def leaks_singletons() -> bool:
    """True when a void Qt call drops a reference to None (the PySide6 6.12 bug)."""
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(16):
        probe.setObjectName("probe")
    return sys.getrefcount(None) < before


def install() -> bool:
    """Make None/True/False effectively immortal when needed; True when it acted."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if not leaks_singletons() or sys.getrefcount(None) > IMMORTAL_REFS // 2:
        return False
    for obj in _SINGLETONS:
        # ob_refcnt is the first field of every CPython object (Py_ssize_t).
        ctypes.c_ssize_t.from_address(id(obj)).value += IMMORTAL_REFS
    return True
