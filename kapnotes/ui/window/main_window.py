"""The main window: clients on the left, the selected client in the middle, the note on the right.

The window lays out the views and owns the three controllers the menus call (clients and
courses, sessions and PDFs, the practice). Every write goes through the services; the views
refresh themselves from the one change notification (`self.changes`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QSettings, Qt, Signal
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QSplitter, QWidget

from kapnotes.ui.clients.client_list import CLIENT_ID_ROLE, ClientListPane
from kapnotes.ui.common.application import application
from kapnotes.ui.common.theme import SETTINGS_KEY as THEME_KEY
from kapnotes.ui.common.theme import apply_theme
from kapnotes.ui.window.actions import build_actions, check_actions
from kapnotes.ui.window.editor_pane import EditorPane
from kapnotes.ui.window.window_state import (
    ARCHIVED_KEY,
    LazyProgressView,
    WindowMemory,
    chain_after,
)

if TYPE_CHECKING:
    from kapnotes.domain.settings import Clinician
    from kapnotes.services import ServiceContext
    from kapnotes.services.changes import Changes
    from kapnotes.store import Practice
    from kapnotes.ui.clients.client_page import ClientPage
    from kapnotes.ui.common.changes import ChangeHub
    from kapnotes.ui.documents.exports import Exporter
    from kapnotes.ui.editor import SessionEditor
    from kapnotes.ui.security.lock import LockController
    from kapnotes.ui.window.client_commands import ClientController
    from kapnotes.ui.window.clinician_chooser import ClinicianChooser
    from kapnotes.ui.window.practice_commands import PracticeController
    from kapnotes.ui.window.session_commands import SessionController


class MainWindow(QMainWindow):
    """The window a therapist keeps open all day."""

    practiceOpened = Signal(object)  # a newly opened Practice: the app swaps windows
    # Set by attach(): what reads and writes the practice.
    practice: Practice
    services: ServiceContext
    changes: ChangeHub
    exporter: Exporter
    client_page: ClientPage
    lock_controller: LockController
    client_commands: ClientController
    session_commands: SessionController
    practice_commands: PracticeController
    clinician_combo: ClinicianChooser

    def __init__(
        self,
        practice: Practice | None,
        data_dir: Path,
        qsettings: QSettings,
        parent=None,
        *,
        load: bool = True,
    ):
        """The frame (menus, toolbar, the client list, the panes), then `attach(practice)`.

        With practice None the frame stays empty and every action disabled until `attach()`:
        the app paints it at start-up before the store is even imported, then opens the
        practice. With load=False `load_contents()` fills the window later (the note editor,
        the client list, the last note), after the first paint."""
        super().__init__(parent)
        self.contents_loaded = False
        self.attached = False
        self.data_dir = Path(data_dir)
        self.qsettings = qsettings
        self.setWindowTitle("KAPNotes")
        screen = QApplication.primaryScreen().availableGeometry()
        # Small enough for a 1366×768 laptop, never larger than the screen itself.
        self.setMinimumSize(min(900, screen.width()), min(560, screen.height()))

        left = ClientListPane()
        self.client_model, self.client_proxy = left.model, left.proxy
        self.filter_edit, self.client_view = left.filter_edit, left.view
        self.show_archived_check = left.show_archived
        self.editor_pane = EditorPane(self._make_editor)
        self.editor_pane.built.connect(self._editor_built)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self._page_slot = QWidget()  # where attach() puts the client page
        for widget in (left, self._page_slot, self.editor_pane):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([190, 470, 706])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.menu_actions = build_actions(self)
        for action in self.menu_actions.actions.values():
            action.setEnabled(False)  # until attach(): nothing to act on yet
        self.menu_actions["quit"].setEnabled(True)  # Ctrl+Q works from the first paint
        self.show_archived_check.toggled.connect(self.menu_actions["show_archived"].setChecked)
        self.menu_actions["show_archived"].toggled.connect(self.show_archived_check.setChecked)
        self.saved_label = QLabel("")
        self.practice_label = QLabel("")
        self.statusBar().addWidget(self.saved_label, 1)
        self.statusBar().addPermanentWidget(self.practice_label)
        self.memory = WindowMemory(self)
        self.memory.restore_layout()
        if practice is not None:
            self.attach(practice, load=load)

    def attach(self, practice: Practice, *, load: bool = True) -> None:
        """Build what reads the practice: services, the client page, the controllers."""
        # Imported with the practice, not with the frame: the store and the services are a
        # third of the start, and the frame is painted before them.
        from kapnotes.services import ServiceContext
        from kapnotes.ui.clients.client_page import ClientPage
        from kapnotes.ui.common.changes import ChangeHub
        from kapnotes.ui.documents.exports import Exporter
        from kapnotes.ui.editor.phrases import install_phrases
        from kapnotes.ui.security.lock import LockController
        from kapnotes.ui.window.client_commands import ClientController
        from kapnotes.ui.window.clinician_chooser import ClinicianChooser
        from kapnotes.ui.window.practice_commands import PracticeController
        from kapnotes.ui.window.session_commands import SessionController

        self.practice = practice
        self.services = ServiceContext(practice)
        self.changes = ChangeHub(self.services.feed, self)
        self.exporter = Exporter(self.services, self.qsettings, self)
        self.client_page = ClientPage(practice, changes=self.changes, services=self.services)
        self.client_page.set_progress_view(LazyProgressView(practice))
        self.splitter.replaceWidget(1, self.client_page)
        self._page_slot.deleteLater()
        self.splitter.setStretchFactor(1, 2)  # kept in the widget's size policy: set it again
        self.memory.restore_splitter()
        self.lock_controller = LockController(
            self, practice, before_lock=self.services.save_pending, parent=self,
            services=self.services,
        )  # fmt: skip
        self.client_commands = ClientController(
            self.services, self, self.client_page, self.select_client
        )
        self.session_commands = SessionController(
            self.services, self.changes, self, self.client_page, self.editor_pane, self.exporter,
            new_course=self.client_commands.new_course, clinician=self.current_clinician,
            open_session=self.open_session,
            status=lambda text: self.statusBar().showMessage(text, 5000),
        )  # fmt: skip
        self.practice_commands = PracticeController(
            self.services, self, self.data_dir, self.lock_controller, self.practiceOpened.emit,
            self.qsettings, lambda: self.client_page.client,
        )  # fmt: skip
        check_actions(self)  # every menu item names a method that exists
        for action in self.menu_actions.actions.values():
            action.setEnabled(True)
        # Ctrl+; inserts one of the practice's phrases in the focused text field.
        self.phrase_shortcut = install_phrases(self, lambda: self.practice.settings().phrases)
        for name in ("new_course", "edit_course", "archive_course"):
            self.client_page.add_course_action(self.menu_actions[name])
        for name in ("export_session", "export_course", "preview", "print", "export_rems", "export_monitoring"):  # fmt: skip
            self.client_page.add_export_action(self.menu_actions[name])
        self.clinician_combo = ClinicianChooser(practice, self.qsettings, self.changes)
        label = QLabel(" Clinician: ")
        label.setBuddy(self.clinician_combo)
        self.menu_actions.toolbar.addSeparator()
        for widget in (label, self.clinician_combo):
            self.menu_actions.toolbar.addWidget(widget)
        self._wire()
        # Keyboard order follows the screen: filter, clients, course, sessions, then the note.
        chain = [self.filter_edit, self.client_view, self.show_archived_check,
                 self.client_page.course_combo, self.client_page.session_view]  # fmt: skip
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self.refresh_practice_label()
        self.attached = True
        if load:
            self.load_contents()
        else:
            self.update_actions()

    @property
    def editor(self) -> SessionEditor:
        """The note editor (built on first use: at the start, just after the first paint)."""
        return self.editor_pane.editor

    def _make_editor(self, parent: QWidget) -> SessionEditor:
        from kapnotes.ui.editor import SessionEditor  # a fifth of the window's imports

        return SessionEditor(self.practice, parent, services=self.services, changes=self.changes)

    def _editor_built(self, editor: SessionEditor) -> None:
        # Every action first stores what the note holds unsaved (the PDF shows the screen).
        self.services.pending_edits.append(editor.flush)
        editor.saved.connect(self._show_saved)
        editor.liveRequested.connect(self.session_commands.live_mode)
        # Keyboard order follows the screen: the sessions and their tabs, the note, the toolbar.
        chain_after(self.client_page.tabs.tabBar(), editor, self.menu_actions.toolbar)
        self.memory.restore_splitter()  # the widths as left, now that the note has its own

    def load_contents(self) -> None:
        """Build the note editor, list the clients and select the last one (or the first),
        which opens its note."""
        _ = self.editor  # built before the list: selecting a client opens its note in it
        self.client_model.set_clients(
            self.practice.list_clients(include_archived=True, details=False)
        )
        self.memory.restore_selection()  # selects the last client (or the first): loaded once
        self.contents_loaded = True
        self.update_actions()

    def _wire(self) -> None:
        """Selections and the change notification refresh the views and the actions' states."""
        self.client_view.selectionModel().currentRowChanged.connect(self._client_picked)
        self.client_view.doubleClicked.connect(lambda _i: self.client_commands.edit_client())
        self.client_page.sessionSelected.connect(self._session_picked)
        self.changes.changed.connect(self._on_changes)
        # Connected last: the actions follow what the slots above have shown.
        for signal in (
            self.client_view.selectionModel().currentRowChanged,
            self.client_page.sessionSelected,
            self.client_page.courseChanged,
            self.changes.changed,
            self.lock_controller.unlocked,  # unlocking re-enables what locking disabled
        ):
            signal.connect(lambda *_args: self.update_actions())
        # Whoever signed in on the lock screen now acts (Switch user).
        self.lock_controller.unlocked.connect(self.clinician_combo.fill)
        # A plain practice can be encrypted, an encrypted one re-keyed.
        encrypted = self.practice.is_encrypted
        self.menu_actions["encrypt"].setEnabled(not encrypted)
        self.menu_actions["change_passphrase"].setEnabled(encrypted)
        self.menu_actions["switch_user"].setEnabled(self.practice.user is not None)

    def _on_changes(self, changes: Changes) -> None:
        # A practice swapped (encrypted, restored) gets a window of its own: nothing to reload.
        if changes.clients and not changes.practice:
            self.reload_clients()
        if changes.settings and not changes.practice:
            self.refresh_practice_label()
            self.lock_controller.reload_settings()

    def current_clinician(self) -> Clinician | None:
        return self.clinician_combo.current()

    # -- clients and sessions --------------------------------------------------------------
    def reload_clients(self, select_id: int | None = None) -> None:
        """Reload the client list from the store, keeping (or setting) the selection."""
        keep = select_id if select_id is not None else self.current_client_id()
        self.client_model.set_clients(
            self.practice.list_clients(include_archived=True, details=False)
        )
        if keep is not None and self.select_client(keep, reveal=select_id is not None):
            return
        if self.client_proxy.rowCount():
            self.client_view.selectRow(0)
        else:
            self.client_page.show_client(None)

    def current_client_id(self) -> int | None:
        index = self.client_view.currentIndex()
        return index.data(CLIENT_ID_ROLE) if index.isValid() else None

    def select_client(self, client_id: int, reveal: bool = True) -> bool:
        """Select a client in the list; with reveal, show archived clients or clear the filter."""
        source_row = self.client_model.row_of(client_id)
        if source_row is None:
            return False
        source = self.client_model.index(source_row, 0)
        proxy = self.client_proxy.mapFromSource(source)
        if not proxy.isValid() and not reveal:
            return False
        if not proxy.isValid() and self.client_model.client_at(source_row).archived:
            self.menu_actions["show_archived"].setChecked(True)
            proxy = self.client_proxy.mapFromSource(source)
        if not proxy.isValid():
            self.filter_edit.clear()
            proxy = self.client_proxy.mapFromSource(source)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows  # fmt: skip
        self.client_view.selectionModel().setCurrentIndex(proxy, flags)
        self.client_view.scrollTo(proxy)
        return True

    def _edits_stuck(self) -> bool:
        """True when the note's latest edits could not be saved (the editor keeps that note)."""
        if not self.editor_pane.is_built:
            return False
        autosave = self.editor.autosave
        return autosave.pending and not autosave.last_error_permanent

    def _client_picked(self, current, _previous=None) -> None:
        self.services.save_pending()  # a note whose edits cannot be stored keeps its client
        shown = self.client_page.client
        if self._edits_stuck() and shown is not None and shown.id is not None:
            # The note stays open with its error: keep its client in view, not another's.
            self.statusBar().showMessage("This note's changes are not saved yet: stay on it.", 5000)  # fmt: skip
            self.select_client(shown.id)
            return
        client_id = current.data(CLIENT_ID_ROLE) if current.isValid() else None
        if client_id != (self.client_page.client.id if self.client_page.client else None):
            self.client_page.show_client(client_id)

    def _session_picked(self, session_id: int | None) -> None:
        if session_id != self.editor.session_id:
            self.editor.load_session(session_id)  # stores the previous note's edits first
            if self.editor.session_id is not None and self.editor.session_id != session_id:
                # Unsaved edits kept the note open: the list shows that note, not another.
                self.statusBar().showMessage("This note's changes are not saved yet: stay on it.", 5000)  # fmt: skip
                self.client_page.select_session(self.editor.session_id)

    def open_session(self, session_id: int) -> bool:
        """Show a session: select its client, course and row (from search results)."""
        session = self.practice.get_session(session_id)
        if not self.select_client(session.client_id):
            return False
        self.client_page.select_course(session.course_id)
        if not self.client_page.select_session(session_id):
            self.client_page.select_course(None)  # "all sessions" always holds it
            self.client_page.select_session(session_id)
        return self.editor.session_id == session_id

    def current_session_id(self) -> int | None:
        return self.client_page.session_id

    def update_actions(self) -> None:
        """Enable what makes sense for the current selection."""
        client = self.client_page.client
        session_id = self.current_session_id()
        summary = None
        if session_id is not None:
            row = self.client_page.session_model.row_of(session_id)
            summary = self.client_page.session_model.summary_at(row) if row is not None else None
        has_course = self.client_page.course_id is not None
        enabled = {
            "edit_client": client is not None,
            "archive_client": client is not None,
            "new_course": client is not None,
            "edit_course": has_course,
            "archive_course": has_course,
            "new_session": client is not None,
            "export_course": client is not None,
            "export_course_deid": client is not None,
            "export_rems": summary is not None and summary.route == "in_esk",
            "export_monitoring": summary is not None and bool(summary.route),
            "delete_draft": summary is not None and not summary.signed,
            "sign": summary is not None and not summary.signed,
            "copy_forward": summary is not None and not summary.signed,
        }
        for name in ("export_session", "export_session_deid", "preview", "print", "live"):
            enabled[name] = session_id is not None
        for name, on in enabled.items():
            self.menu_actions[name].setEnabled(on)
        archived = client is not None and client.archived
        self.menu_actions["archive_client"].setText(
            "Un&archive client" if archived else "&Archive client"
        )

    def set_show_archived(self, show: bool) -> None:
        self.client_proxy.set_show_archived(show)
        self.qsettings.setValue(ARCHIVED_KEY, bool(show))

    # -- status bar and theme ----------------------------------------------------------------
    def _show_saved(self, when) -> None:
        self.saved_label.setText(f"Saved at {when:%H:%M:%S}")

    def refresh_practice_label(self) -> None:
        name = self.practice.settings().practice_name
        self.practice_label.setText(name)
        where = self.practice.path.name if self.practice.path else "in memory"
        # Ends with the app name: X11 and Windows would append it again otherwise.
        self.setWindowTitle(f"{name} ({where}) — KAPNotes")

    def set_theme(self, name: str) -> None:
        """Switch between the light and the dark theme; remembered for the next start."""
        applied = apply_theme(application(), name)
        self.qsettings.setValue(THEME_KEY, applied)
        self.menu_actions[f"theme_{applied}"].setChecked(True)

    def closeEvent(self, event) -> None:
        """Save what is typed and the window's layout; the app closes the practice."""
        if not self.attached:  # closed before its practice opened: only the layout to keep
            self.memory.save()
            super().closeEvent(event)
            return
        self.services.save_pending()
        if not self.editor_pane.may_close():
            event.ignore()
            return
        self.session_commands.close_live_views()
        self.memory.save()
        self.lock_controller.stop()
        super().closeEvent(event)
