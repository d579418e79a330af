"""What the lock lets through: the events that count as activity (they restart the idle
timer), the input kept from the notes behind a lock screen, and the one action left enabled
(Quit)."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QAction, QKeySequence

ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}
# ShortcutOverride is not blocked: swallowing it would count as "the widget wants this key" and
# stop Quit's shortcut; the keys themselves and the shortcuts that fire are blocked instead.
BLOCKED_WHEN_LOCKED = {
    QEvent.Type.KeyPress,
    QEvent.Type.KeyRelease,
    QEvent.Type.InputMethod,
    QEvent.Type.Shortcut,
}


def is_quit_action(action: QAction) -> bool:
    """The one action left enabled while locked."""
    return (
        action.menuRole() == QAction.MenuRole.QuitRole
        or is_quit_key(action.shortcut())
        or action.text().replace("&", "").strip().lower() in ("quit", "exit")
    )


def is_quit_key(keys: QKeySequence) -> bool:
    """Ctrl+Q or the platform's Quit keys (built here: they need the running application)."""
    quit_keys = (QKeySequence("Ctrl+Q"), QKeySequence(QKeySequence.StandardKey.Quit))
    return not keys.isEmpty() and any(keys == quit_key for quit_key in quit_keys)
