"""Tab order in layout (reading) order, also for rows a section adds after it was built.

Qt appends a widget to the focus chain when it is created; rows created later (an added
adverse event, a theme's note, a new scale) would otherwise be reached only at the very end.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLayout, QWidget


def _takes_tab(widget: QWidget) -> bool:
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)


def _walk_layout(layout: QLayout, out: list[QWidget]) -> None:
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item is None:
            continue
        widget, inner = item.widget(), item.layout()
        if widget is not None:
            _walk_widget(widget, out)
        elif inner is not None:
            _walk_layout(inner, out)


def _walk_widget(widget: QWidget, out: list[QWidget]) -> None:
    parent = widget.parentWidget()
    if widget.isHidden() and parent is not None and parent.isVisible():
        return
    if _takes_tab(widget):
        out.append(widget)  # an input: its inner parts (a spin box's line edit) are its own
        return
    layout = widget.layout()
    if layout is not None:
        _walk_layout(layout, out)


def focus_chain(root: QWidget) -> list[QWidget]:
    """The tab-focusable widgets under `root`, in the order their layouts place them."""
    out: list[QWidget] = []
    layout = root.layout()
    if layout is not None:
        _walk_layout(layout, out)
    return out


def apply_chain(widgets: list[QWidget]) -> None:
    """Make Tab visit `widgets` in this order."""
    for first, second in zip(widgets, widgets[1:], strict=False):
        QWidget.setTabOrder(first, second)
