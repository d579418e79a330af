"""How big the main window opens, and how its three panes share the width.

At 1920×1080 the window used to open at a fixed 1366×740 (or smaller), with the note editor
clipped at the right. It now takes most of the screen it opens on, centred, and the editor
gets the room left after the client list and the client page.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize

FIRST_SIZE = QSize(1366, 740)  # what a 1366×768 laptop shows below its panel
SCREEN_SHARE = 0.9  # on a larger screen, this much of it
LIST_SHARE, PAGE_SHARE = 0.14, 0.33  # the client list and the client page; the editor the rest


def first_geometry(available: QRect) -> QRect:
    """The window's rectangle on first start: most of the available screen, centred."""
    width = min(available.width(), max(FIRST_SIZE.width(), int(available.width() * SCREEN_SHARE)))  # fmt: skip
    height = min(available.height(), max(FIRST_SIZE.height(), int(available.height() * SCREEN_SHARE)))  # fmt: skip
    rect = QRect(0, 0, width, height)
    rect.moveCenter(available.center())
    return rect


def fit_to_screen(rect: QRect, available: QRect) -> QRect:
    """A remembered rectangle (Qt's restoreGeometry already keeps it on screen), replaced by the
    first-start one when it is far smaller than this screen allows: 1199×619 on a 1920×1080
    screen clipped the editor."""
    small = rect.width() < FIRST_SIZE.width() * 0.9 or rect.height() < FIRST_SIZE.height() * 0.9
    roomy = available.width() >= FIRST_SIZE.width() and available.height() >= FIRST_SIZE.height()
    return first_geometry(available) if small and roomy else rect


def pane_sizes(width: int) -> list[int]:
    """Client list, client page and editor widths for a window `width` pixels wide."""
    first = max(180, int(width * LIST_SHARE))
    page = max(430, int(width * PAGE_SHARE))
    return [first, page, max(640, width - first - page)]
