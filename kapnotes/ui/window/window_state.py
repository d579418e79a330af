"""Remembering the main window (size, splitter, last client) and the parts built after its
first paint: the Progress tab's view and the Tab order of the late note editor."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from kapnotes.ui.common.theme import current_theme

if TYPE_CHECKING:
    from kapnotes.store import Practice

GEOMETRY_KEY, STATE_KEY, SPLITTER_KEY = "window/geometry", "window/state", "window/splitter"
LAST_CLIENT_KEY, LAST_PRACTICE_KEY = "window/last_client", "window/last_practice"
ARCHIVED_KEY = "view/show_archived"


class WindowState:
    """Mixin for MainWindow: what the window remembers in the QSettings it was given."""

    def restore_state(self) -> None:
        """Size, splitter and last client from the QSettings passed in."""
        self.restore_layout()
        self.restore_selection()

    def restore_layout(self) -> None:
        """Size, splitter, archived filter and theme check: what the first paint needs."""
        s = self.qsettings
        geometry = s.value(GEOMETRY_KEY)
        if isinstance(geometry, QByteArray | bytes) and geometry:
            self.restoreGeometry(geometry)
        else:
            self.resize(1366, 740)
        state = s.value(STATE_KEY)
        if isinstance(state, QByteArray | bytes) and state:
            self.restoreState(state)
        self._restore_splitter()
        show = s.value(ARCHIVED_KEY, False)
        self.menu_actions["show_archived"].setChecked(show in (True, "true", 1, "1"))
        self.menu_actions[f"theme_{current_theme(QApplication.instance())}"].setChecked(True)

    def _restore_splitter(self) -> None:
        splitter = self.qsettings.value(SPLITTER_KEY)
        if isinstance(splitter, QByteArray | bytes) and splitter:
            self.splitter.restoreState(splitter)
        else:
            # First start: the editor gets the most room, the list enough for names.
            self.splitter.setSizes([190, 470, max(700, self.width() - 660)])

    def restore_selection(self) -> None:
        """Select the last client of this practice (or the first), which loads its note."""
        s = self.qsettings
        same_practice = s.value(LAST_PRACTICE_KEY, "") == str(self.practice.path)
        last = s.value(LAST_CLIENT_KEY)
        if same_practice and last not in (None, ""):
            try:
                if self.select_client(int(last)):
                    return
            except (TypeError, ValueError):
                pass
        if self.client_proxy.rowCount():
            self.client_view.selectRow(0)

    def save_state(self) -> None:
        s = self.qsettings
        s.setValue(GEOMETRY_KEY, self.saveGeometry())
        s.setValue(STATE_KEY, self.saveState())
        s.setValue(SPLITTER_KEY, self.splitter.saveState())
        if self.contents_loaded:  # closed before its list was loaded: keep the last client
            s.setValue(LAST_PRACTICE_KEY, str(self.practice.path))
            client_id = self.current_client_id()
            s.setValue(LAST_CLIENT_KEY, "" if client_id is None else client_id)
        s.sync()


class LazyProgressView(QWidget):
    """The Progress tab's view, built the first time the tab shows a course (charts and their
    scale tables are imported then, not at start-up)."""

    def __init__(self, practice: Practice, parent: QWidget | None = None):
        super().__init__(parent)
        self.practice = practice
        self.view = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def show_course(self, client_id: int, course_id: int | None) -> None:
        if self.view is None:
            from kapnotes.ui.progress import ProgressView

            self.view = ProgressView(self.practice, self)
            self._layout.addWidget(self.view)
        self.view.show_course(client_id, course_id)


def toolbar_after(editor: QWidget, toolbar: QWidget) -> None:
    """Keep the Tab order of the screen for an editor built after the toolbar: the client
    page, the note, then the toolbar (as when the editor was built first)."""

    def inside(parent: QWidget) -> list[QWidget]:
        found, current = [], parent.nextInFocusChain()
        for _ in range(5000):  # the focus chain is a ring: stop when back at the start
            if current is parent:
                break
            if parent.isAncestorOf(current) and current.focusPolicy() & Qt.FocusPolicy.TabFocus:  # fmt: skip
                found.append(current)
            current = current.nextInFocusChain()
        return found

    previous = ([editor] + inside(editor))[-1]
    for widget in inside(toolbar):
        QWidget.setTabOrder(previous, widget)
        previous = widget
