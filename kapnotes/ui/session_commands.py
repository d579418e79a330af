"""Session commands of the main window: new, sign, delete draft, live mode, search, PDFs."""

from __future__ import annotations

import importlib
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from kapnotes.domain.records import Administration, Session
from kapnotes.domain.vocab import vocabulary
from kapnotes.store import Practice, PracticeError
from kapnotes.ui.search_dialog import SearchDialog


def build_new_session(
    practice: Practice, client_id: int, course_id: int | None, kind: str, clinician: str = "",
    today: date | None = None,
) -> Session:  # fmt: skip
    """A new draft: next number in the course, today, the default template, and for a dosing
    session the route and doses of the client's last dosing session (times left empty)."""
    settings = practice.settings()
    session = Session(
        client_id=client_id,
        course_id=course_id,
        date=today or date.today(),
        kind=kind,
        number=practice.next_session_number(course_id) if course_id is not None else None,
        template=settings.default_template,
        clinicians=[clinician] if clinician else [],
    )
    if kind == "dosing":
        last = practice.last_dosing_session(client_id)
        if last is not None:
            session.administrations = [
                Administration(
                    time=None, route=a.route, mg=a.mg, medication=a.medication, site=a.site
                )  # fmt: skip
                for a in last.administrations
            ]
    return session


def ask_session_kind(parent: QWidget | None) -> str | None:
    """Which kind of session to start (dosing preselected); None when cancelled."""
    kinds = list(vocabulary("session_kinds"))
    labels = [t.label for t in kinds]
    default = next((i for i, t in enumerate(kinds) if t.code == "dosing"), 0)
    label, ok = QInputDialog.getItem(parent, "New session", "Kind of session:", labels, default, False)  # fmt: skip
    if not ok:
        return None
    return kinds[labels.index(label)].code


class CloseWatcher(QObject):
    """Calls back when a watched window closes (before it is deleted)."""

    def __init__(self, watched: QWidget, callback):
        super().__init__(watched)
        self._callback = callback
        watched.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Close:
            self._callback()
        return False


class SessionCommands:
    """Mixin for MainWindow: everything done to the selected session."""

    # -- new, sign, delete -----------------------------------------------------------------
    def new_session(self) -> int | None:
        """Ctrl+N: a new session in the selected course, opened in the editor."""
        client = self.client_page.client
        if client is None:
            self.statusBar().showMessage("Select a client first (or Ctrl+Shift+N for a new one).", 5000)  # fmt: skip
            return None
        course_id = self.client_page.course_id
        if course_id is None:
            courses = self.practice.list_courses(client.id)
            course_id = courses[-1].id if courses else self.new_course()
            if course_id is None:
                return None
        kind = ask_session_kind(self)
        if kind is None:
            return None
        self.editor.flush()
        clinician = self.current_clinician()
        session = build_new_session(
            self.practice, client.id, course_id, kind, clinician.name if clinician else ""
        )
        session_id = self.practice.save_session(session)
        self.client_page.select_course(course_id)
        self.client_page.refresh_sessions(select_id=session_id)
        self.update_actions()
        return session_id

    def sign_session(self) -> bool:
        """Sign the selected draft through the editor's signing dialog (clinician, confirmation)."""
        session_id = self.current_session_id()
        if session_id is None:
            return False
        self.editor.flush()
        # Once signed the editor emits sessionChanged, which refreshes the list and the actions.
        self.editor.request_sign()
        return True

    def delete_draft(self) -> bool:
        """Delete an unsigned draft after a confirmation (signed notes cannot be deleted)."""
        session_id = self.current_session_id()
        if session_id is None:
            return False
        answer = QMessageBox.question(
            self,
            "Delete draft",
            "Delete this draft note and everything in it? This cannot be undone.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self.editor.flush()
        try:
            self.practice.delete_draft(session_id)
        except PracticeError as exc:
            QMessageBox.warning(self, "Delete draft", str(exc))
            return False
        self.editor.load_session(None)
        self.client_page.refresh_sessions()
        self.update_actions()
        return True

    def copy_forward(self) -> list[str]:
        """Copy chosen fields of the last session into the open draft (marked where copied)."""
        from kapnotes.ui.editor.copy_forward import copy_forward_into

        return copy_forward_into(self.editor, self.practice, self)

    # -- live mode ---------------------------------------------------------------------------
    def live_mode(self, session_id: int | None = None) -> QWidget | None:
        """F9: the large-type live view of the session, in its own window."""
        session_id = session_id if isinstance(session_id, int) else self.current_session_id()
        if session_id is None:
            return None
        try:
            live_class = importlib.import_module("kapnotes.ui.live").LiveSessionView
        except (ImportError, AttributeError):
            QMessageBox.information(self, "Live mode", "Live mode is not installed in this build.")
            return None
        self.editor.flush()
        view = live_class(self.practice, session_id)
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view.changed.connect(lambda _sid: self.client_page.refresh_sessions())
        # Two views of one record: each shows the other's saves, so neither writes a stale copy.
        view.changed.connect(lambda sid: self._live_saved(sid))
        self.editor.saved.connect(lambda _when, v=view, sid=session_id: self._editor_saved(v, sid))
        CloseWatcher(view, lambda: self._live_closed(view, session_id))
        self._live_views.append(view)
        view.show()
        return view

    def _live_saved(self, session_id: int) -> None:
        if self.editor.session_id == session_id:
            self.editor.sync_from_store()

    def _editor_saved(self, view: QWidget, session_id: int) -> None:
        if view in self._live_views and self.editor.session_id == session_id:
            view.reload()

    def _live_closed(self, view: QWidget, session_id: int) -> None:
        if view in self._live_views:
            self._live_views.remove(view)
        if self.editor.session_id == session_id:
            self.editor.load_session(session_id)  # show what was recorded live

    # -- search ----------------------------------------------------------------------------
    def find(self) -> SearchDialog:
        """Ctrl+F: the search dialog (kept open between searches of a working day)."""
        dialog = getattr(self, "search_dialog", None)
        if dialog is None:
            dialog = SearchDialog(self.practice, self)
            dialog.openSession.connect(self.open_session)
            self.search_dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        dialog.query_edit.setFocus()
        dialog.query_edit.selectAll()
        return dialog

    # -- PDFs ------------------------------------------------------------------------------
    def _flushed_session(self) -> int | None:
        self.editor.flush()  # the PDF shows what is on screen
        return self.current_session_id()

    def export_session_pdf(self, deidentified: bool = False):
        session_id = self._flushed_session()
        return None if session_id is None else self.exporter.export_session(session_id, deidentified=deidentified)  # fmt: skip

    def export_session_pdf_deidentified(self):
        return self.export_session_pdf(deidentified=True)

    def export_course_pdf(self, deidentified: bool = False):
        self.editor.flush()
        client = self.client_page.client
        if client is None:
            return None
        return self.exporter.export_course(client.id, self.client_page.course_id, deidentified=deidentified)  # fmt: skip

    def export_course_pdf_deidentified(self):
        return self.export_course_pdf(deidentified=True)

    def export_rems_pdf(self):
        session_id = self._flushed_session()
        return None if session_id is None else self.exporter.export_rems(session_id)

    def preview_session_pdf(self) -> None:
        session_id = self._flushed_session()
        if session_id is not None:
            self.exporter.preview_session(session_id)

    def print_session_pdf(self) -> bool:
        session_id = self._flushed_session()
        return False if session_id is None else self.exporter.print_session(session_id)
