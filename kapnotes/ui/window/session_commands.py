"""Session commands of the main window: new, sign, delete draft, live mode, search, PDFs.

Writes go through the services (which first store what the editor holds unsaved); the views
refresh themselves from the change notification, the live windows included.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from kapnotes.domain.settings import Clinician
from kapnotes.domain.vocab import vocabulary
from kapnotes.services import ServiceContext
from kapnotes.services import sessions as session_services
from kapnotes.store import Practice, PracticeError
from kapnotes.ui.clients.client_page import ClientPage
from kapnotes.ui.common.changes import ChangeHub

if TYPE_CHECKING:
    from kapnotes.ui.documents.exports import Exporter
    from kapnotes.ui.live import LiveSessionView
    from kapnotes.ui.window.editor_pane import EditorPane
    from kapnotes.ui.window.search_dialog import SearchDialog


def default_session_kind(practice: Practice, course_id: int | None) -> str:
    """Preparation for the first session of a course (it comes before any dose), else dosing."""
    if course_id is None or not practice.list_sessions(course_id=course_id):
        return "preparation"
    return "dosing"


def ask_session_kind(parent: QWidget | None, kind: str = "dosing") -> str | None:
    """Which kind of session to start (`kind` preselected); None when cancelled."""
    kinds = list(vocabulary("session_kinds"))
    labels = [t.label for t in kinds]
    default = next((i for i, t in enumerate(kinds) if t.code == kind), 0)
    label, ok = QInputDialog.getItem(parent, "New session", "Kind of session:", labels, default, False)  # fmt: skip
    if not ok:
        return None
    return kinds[labels.index(label)].code


class SessionController:
    """What the Session menu and the PDF commands do, for the session shown."""

    def __init__(
        self,
        services: ServiceContext,
        changes: ChangeHub,
        parent: QWidget,
        client_page: ClientPage,
        note: EditorPane,
        exporter: Exporter,
        *,
        new_course: Callable[[], int | None],
        clinician: Callable[[], Clinician | None],
        open_session: Callable[[int], object],
        status: Callable[[str], None],
    ):
        self.services = services
        self.changes = changes
        self.parent = parent
        self.client_page = client_page
        self.note = note  # the note editor, built on first use
        self.exporter = exporter
        self.new_course = new_course
        self.clinician = clinician
        self.open_session = open_session
        self.status = status
        self.live_views: list[LiveSessionView] = []
        self.search_dialog: SearchDialog | None = None

    @property
    def session_id(self) -> int | None:
        return self.client_page.session_id

    # -- new, sign, delete -----------------------------------------------------------------
    def new_session(self) -> int | None:
        """Ctrl+N: a new session in the selected course, opened in the editor."""
        client = self.client_page.client
        if client is None or client.id is None:  # a client shown is a stored one: id is set
            self.status("Select a client first (or Ctrl+Shift+N for a new one).")
            return None
        course_id = self.client_page.course_id
        if course_id is None:
            courses = self.services.practice.list_courses(client.id)
            course_id = courses[-1].id if courses else self.new_course()
            if course_id is None:
                return None
        kind = ask_session_kind(
            self.parent, default_session_kind(self.services.practice, course_id)
        )
        if kind is None:
            return None
        clinician = self.clinician()
        session_id = session_services.new_session(
            self.services, client.id, course_id, kind, clinician.name if clinician else ""
        )
        self.client_page.select_course(course_id)
        self.client_page.select_session(session_id)
        self.note.editor.focus_first_field()  # typing goes into the new note, not the client filter
        return session_id

    def sign_session(self) -> bool:
        """Sign the selected draft through the editor's signing dialog (clinician, confirmation)."""
        if self.session_id is None:
            return False
        self.note.editor.request_sign()
        return True

    def delete_draft(self) -> bool:
        """Delete an unsigned draft after a confirmation (signed notes cannot be deleted)."""
        session_id = self.session_id
        if session_id is None:
            return False
        answer = QMessageBox.question(
            self.parent,
            "Delete draft",
            "Delete this draft note and everything in it? This cannot be undone.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            session_services.delete_draft(self.services, session_id)
        except PracticeError as exc:
            QMessageBox.warning(self.parent, "Delete draft", str(exc))
            return False
        return True

    # -- live mode ---------------------------------------------------------------------------
    def copy_forward(self) -> list[str]:
        """Copy chosen fields of the last session into the open draft (marked where copied)."""
        from kapnotes.ui.editor.copy_forward import copy_forward_into

        return copy_forward_into(self.note.editor, self.services, self.parent)

    def live_mode(self, session_id: int | None = None) -> LiveSessionView | None:
        """F9: the large-type live view of the session, in its own window; it and the editor
        follow each other's saves through the change notification."""
        session_id = session_id if isinstance(session_id, int) else self.session_id
        if session_id is None:
            return None
        self.services.save_pending()
        from kapnotes.ui.live import LiveSessionView  # on first use: a faster start

        view = LiveSessionView(
            self.services.practice, session_id, services=self.services, changes=self.changes
        )
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view.destroyed.connect(lambda _obj=None, v=view: self._live_closed(v))
        self.live_views.append(view)
        view.show()
        return view

    def _live_closed(self, view: LiveSessionView) -> None:
        if view in self.live_views:
            self.live_views.remove(view)

    def close_live_views(self) -> None:
        for view in list(self.live_views):
            view.close()

    # -- search ----------------------------------------------------------------------------
    def find(self) -> SearchDialog:
        """Ctrl+F: the search dialog (kept open between searches of a working day)."""
        if self.search_dialog is None:
            from kapnotes.ui.window.search_dialog import (
                SearchDialog,  # on first use: a faster start
            )

            self.search_dialog = SearchDialog(self.services.practice, self.parent)
            self.search_dialog.openSession.connect(self.open_session)
        dialog = self.search_dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        dialog.query_edit.setFocus()
        dialog.query_edit.selectAll()
        return dialog

    # -- PDFs (the services store what the editor holds first: the PDF shows the screen) ----
    def export_session_pdf(self, deidentified: bool = False) -> Path | None:
        sid = self.session_id
        return None if sid is None else self.exporter.export_session(sid, deidentified=deidentified)  # fmt: skip

    def export_session_pdf_deidentified(self) -> Path | None:
        return self.export_session_pdf(deidentified=True)

    def export_course_pdf(self, deidentified: bool = False) -> Path | None:
        client = self.client_page.client
        if client is None or client.id is None:
            return None
        return self.exporter.export_course(client.id, self.client_page.course_id, deidentified=deidentified)  # fmt: skip

    def export_course_pdf_deidentified(self) -> Path | None:
        return self.export_course_pdf(deidentified=True)

    def export_rems_pdf(self) -> Path | None:
        sid = self.session_id
        return None if sid is None else self.exporter.export_rems(sid)

    def export_monitoring_pdf(self) -> Path | None:
        sid = self.session_id
        return None if sid is None else self.exporter.export_monitoring(sid)

    def preview_session_pdf(self) -> None:
        if self.session_id is not None:
            self.exporter.preview_session(self.session_id)

    def print_session_pdf(self) -> bool:
        sid = self.session_id
        return False if sid is None else self.exporter.print_session(sid)
