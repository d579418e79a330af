"""Client and course commands of the main window (a mixin: menus and buttons call these)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QMessageBox

from kapnotes.ui.clients.client_dialog import ClientDialog
from kapnotes.ui.clients.course_dialog import CourseDialog


class ClientCommands:
    """New, edit and archive clients and courses; nothing is ever deleted here."""

    def new_client(self) -> int | None:
        """The client dialog for a new client; selects the client once saved."""
        self.editor.flush()
        dialog = ClientDialog(self.practice, None, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        self.reload_clients(select_id=dialog.client.id)
        self.client_view.setFocus()  # on the new client (never back to the filter)
        return dialog.client.id

    def edit_client(self) -> None:
        client = self.client_page.client
        if client is None:
            return
        self.editor.flush()
        dialog = ClientDialog(self.practice, client, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload_clients(select_id=client.id)
            self.client_page.refresh_client()
            self.editor.load_session(self.editor.session_id)  # weight and screening feed checks

    def toggle_archive_client(self) -> None:
        """Archive the selected client (hidden from the list, kept in the file) or bring back."""
        client = self.client_page.client
        if client is None:
            return
        self.editor.flush()
        archiving = not client.archived
        if archiving:
            answer = QMessageBox.question(
                self,
                "Archive client",
                f"Archive {client.name} (chart {client.chart})?\n\nThe client and every note "
                "stay in the practice; View > Show archived clients shows them again.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.practice.archive_client(client.id, archiving)
        # An archived client leaves the list (unless archived ones are shown): select another.
        self.reload_clients()
        if self.client_page.client is client:  # still shown: reload it for its new state
            self.client_page.refresh_client()
        self.update_actions()

    def new_course(self) -> int | None:
        client = self.client_page.client
        if client is None:
            return None
        dialog = CourseDialog(self.practice, client.id, None, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        self.client_page.show_client(client.id, dialog.course.id)
        self.update_actions()
        return dialog.course.id

    def edit_course(self) -> None:
        course_id = self.client_page.course_id
        if course_id is None or self.client_page.client is None:
            return
        course = self.practice.get_course(course_id)
        dialog = CourseDialog(self.practice, course.client_id, course, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.client_page.refresh_client()

    def archive_course(self) -> None:
        """Hide a course from the chooser; its sessions stay under "All sessions"."""
        course_id = self.client_page.course_id
        if course_id is None or self.client_page.client is None:
            return
        answer = QMessageBox.question(
            self,
            "Archive course",
            "Archive this course? Its sessions stay in the practice and are listed under "
            '"All sessions of this client".',
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.editor.flush()
        course = self.practice.get_course(course_id)
        course.archived = True
        self.practice.save_course(course)
        self.client_page.show_client(course.client_id)
        self.update_actions()
