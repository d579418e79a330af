"""One guard, for the whole app, against the mouse wheel changing a field by accident.

Resting the pointer on a note's date or session kind and turning the wheel to scroll the page
used to change the value and autosave it. Qt gives every spin box, combo box and date/time
field the wheel by default, and a combo box even takes focus from the wheel (Qt.WheelFocus).

The guard is an application-wide event filter (installed once by make_application):
- a wheel event over such a widget that does not have keyboard focus changes nothing; it goes
  to the nearest scroll area instead, so the page scrolls as the user meant;
- such widgets lose Qt.WheelFocus when they are polished, so the wheel can never give them
  focus (and with it the right to change value) on the way.
A field the user has clicked into (it has focus) still takes the wheel: that is a choice.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QScrollBar,
    QWidget,
)

GUARDED = (QAbstractSpinBox, QComboBox)  # QDateTimeEdit/QDateEdit/QTimeEdit are spin boxes


def is_guarded(widget: object) -> bool:
    """True for the widgets whose value a stray wheel turn would change."""
    return isinstance(widget, GUARDED)


def _scroll_target(widget: QWidget) -> QWidget | None:
    """The scroll bar that should take a wheel turn meant for the page around `widget`."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and not is_guarded(parent):
            bar: QScrollBar = parent.verticalScrollBar()
            if bar.isVisible() and bar.maximum() > bar.minimum():
                return bar
        parent = parent.parentWidget()
    return None


class WheelGuard(QObject):
    """Application event filter: unfocused spin/combo/date fields never take the wheel."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if not isinstance(watched, GUARDED):  # every guarded kind is a QWidget
            return False
        kind = event.type()
        if kind == QEvent.Type.Polish:
            self.disarm(watched)
        elif kind == QEvent.Type.Wheel and not watched.hasFocus():
            self.disarm(watched)
            target = _scroll_target(watched)
            if target is not None:
                QApplication.sendEvent(target, event)
            event.accept()
            return True  # the field never sees it
        return False

    @staticmethod
    def disarm(widget: QWidget) -> None:
        """No focus from the wheel (a click or Tab still focuses the field)."""
        if widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
            widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


def install_wheel_guard(app: QApplication) -> WheelGuard:
    """Install the guard on the application once; returns the guard in place."""
    existing = app.findChild(WheelGuard)
    if existing is not None:
        return existing
    guard = WheelGuard(app)
    app.installEventFilter(guard)
    return guard
