"""The main window: clients on the left, the selected client in the middle, the note on the right."""

from __future__ import annotations

import getpass
from pathlib import Path

from PySide6.QtCore import QByteArray, QItemSelectionModel, QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kapnotes.domain.settings import Clinician
from kapnotes.store import Practice
from kapnotes.ui.actions import build_actions
from kapnotes.ui.client_commands import ClientCommands
from kapnotes.ui.client_list import CLIENT_ID_ROLE, ClientFilterProxy, ClientListModel
from kapnotes.ui.client_page import ClientPage
from kapnotes.ui.editor import SessionEditor
from kapnotes.ui.editor.phrases import install_phrases
from kapnotes.ui.exports import Exporter
from kapnotes.ui.practice_commands import PracticeCommands
from kapnotes.ui.progress import ProgressView
from kapnotes.ui.session_commands import SessionCommands
from kapnotes.ui.theme import SETTINGS_KEY as THEME_KEY
from kapnotes.ui.theme import apply_theme, current_theme

GEOMETRY_KEY, STATE_KEY, SPLITTER_KEY = "window/geometry", "window/state", "window/splitter"
LAST_CLIENT_KEY, LAST_PRACTICE_KEY = "window/last_client", "window/last_practice"
ARCHIVED_KEY, CLINICIAN_KEY = "view/show_archived", "window/clinician"


class MainWindow(ClientCommands, SessionCommands, PracticeCommands, QMainWindow):
    """The window a therapist keeps open all day."""

    practiceOpened = Signal(object)  # a newly opened Practice: the app swaps windows

    def __init__(self, practice: Practice, data_dir: Path, qsettings: QSettings, parent=None):
        super().__init__(parent)
        self.practice = practice
        self.data_dir = Path(data_dir)
        self.qsettings = qsettings
        self.exporter = Exporter(practice, qsettings, self)
        self.lock_controller = None
        self._live_views: list[QWidget] = []
        self.setWindowTitle("KAPNotes")
        screen = QApplication.primaryScreen().availableGeometry()
        # Small enough for a 1366×768 laptop, never larger than the screen itself.
        self.setMinimumSize(min(900, screen.width()), min(560, screen.height()))

        self.client_model = ClientListModel(parent=self)
        self.client_proxy = ClientFilterProxy(self)
        self.client_proxy.setSourceModel(self.client_model)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter: name or chart")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.client_proxy.set_filter_text)
        self.show_archived_check = QCheckBox("Show archived")
        self.client_view = QTableView()
        self.client_view.setModel(self.client_proxy)
        self.client_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.client_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.client_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.client_view.verticalHeader().hide()
        # Tab leaves the list (arrows pick a client): cell-by-cell Tab trapped the keyboard here
        # and switched the client at every press.
        self.client_view.setTabKeyNavigation(False)
        self.client_view.setSortingEnabled(True)
        self.client_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        header = self.client_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.client_view.selectionModel().currentRowChanged.connect(self._client_picked)
        self.client_view.doubleClicked.connect(lambda _i: self.edit_client())
        left = QWidget()
        left.setMinimumWidth(200)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 6)
        clients_label = QLabel("C&lients")
        clients_label.setBuddy(self.filter_edit)
        left_layout.addWidget(clients_label)
        left_layout.addWidget(self.filter_edit)
        left_layout.addWidget(self.client_view, 1)
        left_layout.addWidget(self.show_archived_check)

        self.client_page = ClientPage(practice)
        self.client_page.set_progress_view(ProgressView(practice))
        self.editor = SessionEditor(practice, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        for widget in (left, self.client_page, self.editor):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([190, 470, 706])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self.menu_actions = build_actions(self)
        # Ctrl+; inserts one of the practice's phrases in the focused text field.
        self.phrase_shortcut = install_phrases(self, lambda: self.practice.settings().phrases)
        self.show_archived_check.toggled.connect(self.menu_actions["show_archived"].setChecked)
        self.menu_actions["show_archived"].toggled.connect(self.show_archived_check.setChecked)
        for name in ("new_course", "edit_course", "archive_course"):
            self.client_page.add_course_action(self.menu_actions[name])
        for name in ("export_session", "export_course", "preview", "print", "export_rems"):
            self.client_page.add_export_action(self.menu_actions[name])
        self._build_clinician_combo()
        self.saved_label = QLabel("")
        self.practice_label = QLabel("")
        self.statusBar().addWidget(self.saved_label, 1)
        self.statusBar().addPermanentWidget(self.practice_label)

        self.client_page.sessionSelected.connect(self._session_picked)
        self.client_page.courseChanged.connect(lambda _c: self.update_actions())
        self.editor.saved.connect(self._show_saved)
        self.editor.sessionChanged.connect(self._session_changed)
        self.editor.liveRequested.connect(self.live_mode)
        self.wire_security()
        # Keyboard order follows the screen: filter, clients, course, sessions, then the note.
        chain = [self.filter_edit, self.client_view, self.show_archived_check,
                 self.client_page.course_combo, self.client_page.session_view, self.editor]  # fmt: skip
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self.refresh_practice_label()
        self.client_model.set_clients(self.practice.list_clients(include_archived=True))
        self.restore_state()  # selects the last client (or the first): loaded once, not twice
        self.update_actions()

    # -- clinician (who acts: signatures and the audit trail) --------------------------------
    def _build_clinician_combo(self) -> None:
        self.clinician_combo = QComboBox()
        self.clinician_combo.setMinimumContentsLength(14)
        self.clinician_combo.setToolTip(
            "Who is working: signs notes and appears in the audit trail"
        )
        label = QLabel(" Clinician: ")
        label.setBuddy(self.clinician_combo)
        self.menu_actions.toolbar.addSeparator()
        self.menu_actions.toolbar.addWidget(label)
        self.menu_actions.toolbar.addWidget(self.clinician_combo)
        self.clinician_combo.currentIndexChanged.connect(self._clinician_picked)
        self.fill_clinicians()

    def fill_clinicians(self) -> None:
        """The clinic's clinician profiles (or the computer's user name when there are none)."""
        wanted = self.qsettings.value(CLINICIAN_KEY, "") or self.clinician_combo.currentText()
        self.clinician_combo.blockSignals(True)
        self.clinician_combo.clear()
        user = self.practice.user
        clinicians = (
            [Clinician(user.name, user.credentials)]  # accounts: who signed in acts
            if user is not None
            else self.practice.settings().clinicians or [Clinician(getpass.getuser())]
        )
        self.clinician_combo.setEnabled(user is None)
        for c in clinicians:
            self.clinician_combo.addItem(c.name, c)
        index = self.clinician_combo.findText(wanted)
        self.clinician_combo.setCurrentIndex(max(0, index))
        self.clinician_combo.blockSignals(False)
        self._clinician_picked()

    def current_clinician(self) -> Clinician | None:
        return self.clinician_combo.currentData()

    def _clinician_picked(self, _index: int = -1) -> None:
        clinician = self.current_clinician()
        if clinician is not None and self.practice.user is None:
            self.practice.actor = clinician.name
            self.qsettings.setValue(CLINICIAN_KEY, clinician.name)

    # -- clients and sessions --------------------------------------------------------------
    def reload_clients(self, select_id: int | None = None) -> None:
        """Reload the client list from the store, keeping (or setting) the selection."""
        keep = select_id if select_id is not None else self.current_client_id()
        self.client_model.set_clients(self.practice.list_clients(include_archived=True))
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
        autosave = self.editor.autosave
        return autosave.pending and not autosave.last_error_permanent

    def _client_picked(self, current, _previous=None) -> None:
        self.editor.flush()
        shown = self.client_page.client
        if self._edits_stuck() and shown is not None:
            # The note stays open with its error: keep its client in view, not another's.
            self.statusBar().showMessage("This note's changes are not saved yet: stay on it.", 5000)  # fmt: skip
            self.select_client(shown.id)
            return
        client_id = current.data(CLIENT_ID_ROLE) if current.isValid() else None
        if client_id != (self.client_page.client.id if self.client_page.client else None):
            self.client_page.show_client(client_id)
        self.update_actions()

    def _session_picked(self, session_id: int | None) -> None:
        if session_id != self.editor.session_id:
            self.editor.flush()
            self.editor.load_session(session_id)
            if self.editor.session_id is not None and self.editor.session_id != session_id:
                # Unsaved edits kept the note open: the list shows that note, not another.
                self.statusBar().showMessage("This note's changes are not saved yet: stay on it.", 5000)  # fmt: skip
                self.client_page.select_session(self.editor.session_id)
        self.update_actions()

    def _session_changed(self, _session_id: int) -> None:
        self.client_page.refresh_sessions()
        self.client_page.refresh_progress(force=True)
        self.update_actions()

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
        self.setWindowTitle(f"KAPNotes — {name} ({where})")

    def set_theme(self, name: str) -> None:
        """Switch between the light and the dark theme; remembered for the next start."""
        applied = apply_theme(QApplication.instance(), name)
        self.qsettings.setValue(THEME_KEY, applied)
        self.menu_actions[f"theme_{applied}"].setChecked(True)

    # -- remembering the window ------------------------------------------------------------
    def restore_state(self) -> None:
        """Size, splitter and last client from the QSettings passed in."""
        s = self.qsettings
        geometry = s.value(GEOMETRY_KEY)
        if isinstance(geometry, QByteArray | bytes) and geometry:
            self.restoreGeometry(geometry)
        else:
            self.resize(1366, 740)
        state = s.value(STATE_KEY)
        if isinstance(state, QByteArray | bytes) and state:
            self.restoreState(state)
        splitter = s.value(SPLITTER_KEY)
        if isinstance(splitter, QByteArray | bytes) and splitter:
            self.splitter.restoreState(splitter)
        else:
            # First start: the editor gets the most room, the list enough for names.
            self.splitter.setSizes([190, 470, max(700, self.width() - 660)])
        show = s.value(ARCHIVED_KEY, False)
        self.menu_actions["show_archived"].setChecked(show in (True, "true", 1, "1"))
        self.menu_actions[f"theme_{current_theme(QApplication.instance())}"].setChecked(True)
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
        s.setValue(LAST_PRACTICE_KEY, str(self.practice.path))
        client_id = self.current_client_id()
        s.setValue(LAST_CLIENT_KEY, "" if client_id is None else client_id)
        s.sync()

    def _may_close_unsaved(self) -> bool:
        """True unless the note has edits the store refused and the user keeps the window."""
        autosave = self.editor.autosave
        if not autosave.pending:
            return True
        # Closing now would drop what is typed: say why (never the note's text) and ask.
        answer = QMessageBox.warning(
            self,
            "Changes not saved",
            f"The latest changes to this note could not be saved:\n{autosave.last_error}\n\n"
            "Close anyway and lose them?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def closeEvent(self, event) -> None:
        """Save what is typed and the window's layout; the app closes the practice."""
        self.editor.flush()
        if not self._may_close_unsaved():
            event.ignore()
            return
        for view in list(self._live_views):
            view.close()
        self.save_state()
        if self.lock_controller is not None:
            self.lock_controller.stop()
        super().closeEvent(event)
