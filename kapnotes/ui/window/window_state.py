"""Remembering the main window (size, splitter, last client) and the parts built after its
first paint: the Progress tab's view and the Tab order of the late note editor."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QByteArray, QRect, QSettings, Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kapnotes.ui.common.application import application
from kapnotes.ui.common.theme import current_theme
from kapnotes.ui.window.geometry import first_geometry, fit_to_screen, pane_sizes

if TYPE_CHECKING:
    from kapnotes.store import Practice
    from kapnotes.ui.progress import ProgressView

GEOMETRY_KEY, STATE_KEY, SPLITTER_KEY = "window/geometry", "window/state", "window/splitter"
LAST_CLIENT_KEY, LAST_PRACTICE_KEY = "window/last_client", "window/last_practice"
ARCHIVED_KEY = "view/show_archived"


class RememberedWindow(Protocol):
    """What WindowMemory reads of the main window (typed here, not imported: no cycle)."""

    qsettings: QSettings
    practice: Practice
    splitter: Any
    menu_actions: Any
    client_proxy: Any
    client_view: Any
    contents_loaded: bool

    def restoreGeometry(self, geometry: Any) -> bool: ...
    def restoreState(self, state: Any, version: int = ...) -> bool: ...
    def saveGeometry(self) -> Any: ...
    def saveState(self, version: int = ...) -> Any: ...
    def resize(self, w: int, h: int) -> None: ...
    def screen(self) -> QScreen: ...
    def geometry(self) -> QRect: ...
    def setGeometry(self, rect: QRect) -> None: ...
    def width(self) -> int: ...
    def select_client(self, client_id: int, reveal: bool = True) -> bool: ...
    def current_client_id(self) -> int | None: ...


class WindowMemory:
    """What the main window remembers in the QSettings it was given: size, splitter, the
    archived filter, the theme's check mark and the last client of each practice."""

    def __init__(self, window: RememberedWindow):
        self.window = window
        self.qsettings = window.qsettings

    def restore_layout(self) -> None:
        """Size, splitter, archived filter and theme check: what the first paint needs."""
        w, s = self.window, self.qsettings
        geometry = s.value(GEOMETRY_KEY)
        screen = w.screen() or QGuiApplication.primaryScreen()
        available = screen.availableGeometry()
        if isinstance(geometry, QByteArray | bytes) and geometry:
            w.restoreGeometry(geometry)
            w.setGeometry(fit_to_screen(w.geometry(), available))
        else:
            w.setGeometry(first_geometry(available))
        state = s.value(STATE_KEY)
        if isinstance(state, QByteArray | bytes) and state:
            w.restoreState(state)
        self.restore_splitter()
        show = s.value(ARCHIVED_KEY, False)
        w.menu_actions["show_archived"].setChecked(show in (True, "true", 1, "1"))
        w.menu_actions[f"theme_{current_theme(application())}"].setChecked(True)

    def restore_splitter(self) -> None:
        """The three panes' widths as last left (again once the client page replaces the
        frame's empty pane: the split follows the widgets' minimum sizes)."""
        w = self.window
        splitter = self.qsettings.value(SPLITTER_KEY)
        if isinstance(splitter, QByteArray | bytes) and splitter:
            w.splitter.restoreState(splitter)
        else:
            # First start: the editor gets the most room, the list enough for names.
            w.splitter.setSizes(pane_sizes(w.width()))

    def restore_selection(self) -> None:
        """Select the last client of this practice (or the first), which loads its note."""
        w, s = self.window, self.qsettings
        same_practice = s.value(LAST_PRACTICE_KEY, "") == str(w.practice.path)
        last = s.value(LAST_CLIENT_KEY)
        if same_practice and last not in (None, ""):
            try:
                if w.select_client(int(last)):
                    return
            except (TypeError, ValueError):
                pass
        if w.client_proxy.rowCount():
            w.client_view.selectRow(0)

    def save(self) -> None:
        w, s = self.window, self.qsettings
        s.setValue(GEOMETRY_KEY, w.saveGeometry())
        s.setValue(STATE_KEY, w.saveState())
        s.setValue(SPLITTER_KEY, w.splitter.saveState())
        if w.contents_loaded:  # closed before its list was loaded: keep the last client
            client_id = w.current_client_id()
            same_practice = s.value(LAST_PRACTICE_KEY, "") == str(w.practice.path)
            # None shown (a filter hides every client): the last one stays, for this practice.
            if client_id is not None or not same_practice:
                s.setValue(LAST_CLIENT_KEY, "" if client_id is None else client_id)
            s.setValue(LAST_PRACTICE_KEY, str(w.practice.path))
        s.sync()


class LazyProgressView(QWidget):
    """The Progress tab's view, built the first time the tab shows a course (charts and their
    scale tables are imported then, not at start-up)."""

    def __init__(self, practice: Practice, parent: QWidget | None = None):
        super().__init__(parent)
        self.practice = practice
        self.view: ProgressView | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def show_course(self, client_id: int, course_id: int | None) -> None:
        if self.view is None:
            from kapnotes.ui.progress import ProgressView

            self.view = ProgressView(self.practice, self)
            self._layout.addWidget(self.view)
        self.view.show_course(client_id, course_id)


def _focusable_inside(parent: QWidget) -> list[QWidget]:
    """The widgets inside `parent` that Tab reaches, in their focus-chain order."""
    found: list[QWidget] = []
    current = parent.nextInFocusChain()
    for _ in range(5000):  # the focus chain is a ring: stop when back at the start
        if current is None or current is parent:
            break
        if parent.isAncestorOf(current) and current.focusPolicy() & Qt.FocusPolicy.TabFocus:
            found.append(current)
        current = current.nextInFocusChain()
    return found


def chain_after(first: QWidget, *parents: QWidget) -> None:
    """Tab from `first` through the focusable widgets of each parent in turn. A widget built
    late (the note editor) joins the focus chain at its end; this puts it where it shows."""
    previous = first
    for parent in parents:
        for widget in _focusable_inside(parent):
            QWidget.setTabOrder(previous, widget)
            previous = widget
